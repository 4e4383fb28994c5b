#include "report/week_view.hpp"

#include "mart/local_day.hpp"
#include "mart/week_stats.hpp"
#include "mart/grade.hpp"
#include "report/text_format.hpp"

#include <cmath>
#include <sstream>
#include <vector>

namespace pg::hub {
namespace {

constexpr int kDays = 7;

double share_of_present(const DayStats& d, PostureState s) {
    return d.present_ms ? static_cast<double>(d.ms(s)) / static_cast<double>(d.present_ms) : 0.0;
}

// The week's average: time columns are means per day with data; shares, score
// and grade are pooled over all present time, so a short day weighs less.
struct WeekAverage {
    int days_with_data = 0;
    DayStats pooled;  // sums over days with data
    std::int64_t per_day(std::int64_t total) const { return days_with_data ? total / days_with_data : 0; }
};

WeekAverage average(const cctz::civil_day& first, const std::map<std::string, DayStats>& days) {
    WeekAverage a;
    for (int i = 0; i < kDays; ++i) {
        auto it = days.find(format_day(first + i));
        if (it == days.end() || !it->second.was_monitored()) continue;
        const DayStats& d = it->second;
        ++a.days_with_data;
        for (std::size_t s = 0; s < d.state_ms.size(); ++s) a.pooled.state_ms[s] += d.state_ms[s];
        a.pooled.monitored_ms += d.monitored_ms;
        a.pooled.present_ms += d.present_ms;
        a.pooled.score_sum += d.score_sum;
        a.pooled.score_n += d.score_n;
        a.pooled.alerts += d.alerts;
    }
    return a;
}

std::string row(std::string_view date, std::string_view weekday, const DayStats* d, std::int64_t monitored,
                std::int64_t away, bool color) {
    // A day only paused says so where its monitored time would be.
    if (d && !d->was_monitored()) {
        std::string out = pad_right(date, 11) + pad_right(weekday, 4) + pad_left("paused", 10);
        for (std::size_t w : {6, 9, 8, 9, 7}) out += pad_left(kMissing, w);
        return out + grade_cell(std::nullopt, 7, color) + "\n";
    }
    const auto cell = [&](std::string text, std::size_t w) { return pad_left(d ? text : std::string(kMissing), w); };
    const std::string score = d && d->score_n ? std::to_string(std::lround(d->avg_score())) : std::string(kMissing);
    std::string out = pad_right(date, 11) + pad_right(weekday, 4);
    out += cell(d ? format_hm(monitored) : "", 10);
    out += cell(d ? format_percent(share_of_present(*d, PostureState::good)) : "", 6);
    out += cell(d ? format_percent(share_of_present(*d, PostureState::forward_head)) : "", 9);
    out += cell(d ? format_percent(share_of_present(*d, PostureState::slouch)) : "", 8);
    out += cell(d ? format_hm(away) : "", 9);
    out += pad_left(score, 7);
    out += grade_cell(d ? grade_of(*d) : std::nullopt, 7, color);
    return out + "\n";
}

std::string day_label(const std::optional<std::string>& day, const std::map<std::string, DayStats>& days) {
    if (!day) return std::string(kMissing);
    const auto parsed = parse_day(*day);
    const DayStats& d = days.at(*day);
    return std::string(parsed ? weekday_short(*parsed) : "") + " " + *day + " (" +
           std::string(1, grade_of(d).value_or('-')) + ", good " + format_percent(d.good_share()) + ")";
}

std::string signed_text(long long v, const std::string& unit) {
    return (v > 0 ? "+" : "") + std::to_string(v) + unit;
}

}  // namespace

// Trend against the seven days before: good share in percentage points, the
// average score, and time at the desk per day with data.
std::string trend_text(const WeekStats& now, const WeekStats& before) {
    if (before.days_with_data == 0 || now.days_with_data == 0)
        return "Trend: no data in the 7 days before (" + format_day(before.first) + " to " +
               format_day(before.first + 6) + ")";
    const long long good = std::lround(100.0 * (now.total.good_share() - before.total.good_share()));
    std::string out = "Trend vs " + format_day(before.first) + " to " + format_day(before.first + 6) +
                      ": good posture " + signed_text(good, " pts");
    if (now.total.score_n && before.total.score_n)
        out += ", score " + signed_text(std::lround(now.total.avg_score() - before.total.avg_score()), "");
    const std::int64_t delta = now.per_day(now.total.present_ms) - before.per_day(before.total.present_ms);
    out += ", at the desk " + std::string(delta < 0 ? "-" : "+") + format_hm(delta < 0 ? -delta : delta) + " a day";
    return out;
}

std::string render_week(const DeviceRef& device, const std::string& title, const cctz::civil_day& first,
                        const std::map<std::string, DayStats>& days, const std::map<std::string, DayStats>& before,
                        bool color) {
    std::ostringstream os;
    os << device.name << " - " << title << ": " << format_day(first) << " to " << format_day(first + (kDays - 1))
       << " (" << device.tz << ")\n\n";
    os << "Date       Day  Monitored  Good  Forward  Slouch     Away  Score  Grade\n";
    for (int i = 0; i < kDays; ++i) {
        const cctz::civil_day day = first + i;
        auto it = days.find(format_day(day));
        const DayStats* d = it != days.end() && it->second.has_data() ? &it->second : nullptr;
        os << row(format_day(day), weekday_short(day), d, d ? d->monitored_ms : 0,
                  d ? d->ms(PostureState::away) : 0, color);
    }
    const WeekAverage a = average(first, days);
    os << std::string(73, '-') << "\n";
    os << row("Average of", std::to_string(a.days_with_data) + "d", a.days_with_data ? &a.pooled : nullptr,
              a.per_day(a.pooled.monitored_ms), a.per_day(a.pooled.ms(PostureState::away)), color);
    const WeekStats w = summarize_week(first, days);
    os << "\nBest day:  " << day_label(w.best_day, days) << "\nWorst day: " << day_label(w.worst_day, days) << "\n"
       << trend_text(w, summarize_week(first - 7, before)) << "\n";
    if (w.total.paused_ms() > 0)
        os << "Paused:    " << format_hm(w.total.paused_ms()) << " in these 7 days (not monitored, not in the average)\n";
    os << "\nGood, Forward and Slouch are shares of the time at the desk (present time).\n" << grade_legend() << "\n";
    return os.str();
}

nlohmann::json week_json(const DeviceRef& device, const std::string& title, const cctz::civil_day& first,
                         const std::map<std::string, DayStats>& days, const std::map<std::string, DayStats>& before) {
    const auto entry = [](const DayStats& d) {
        const auto g = grade_of(d);
        return nlohmann::json{
            {"monitored_ms", d.monitored_ms},
            {"present_ms", d.present_ms},
            {"good_share", share_of_present(d, PostureState::good)},
            {"forward_head_share", share_of_present(d, PostureState::forward_head)},
            {"slouch_share", share_of_present(d, PostureState::slouch)},
            {"away_ms", d.ms(PostureState::away)},
            {"paused_ms", d.paused_ms()},
            {"avg_score", d.score_n ? nlohmann::json(d.avg_score()) : nlohmann::json(nullptr)},
            {"alerts", d.alerts},
            {"grade", g ? nlohmann::json(std::string(1, *g)) : nlohmann::json(nullptr)},
        };
    };
    nlohmann::json rows = nlohmann::json::array();
    for (int i = 0; i < kDays; ++i) {
        const cctz::civil_day day = first + i;
        auto it = days.find(format_day(day));
        nlohmann::json r = it != days.end() && it->second.has_data() ? entry(it->second) : nlohmann::json::object();
        r["date"] = format_day(day);
        r["weekday"] = std::string(weekday_name(day));
        r["has_data"] = it != days.end() && it->second.has_data();
        rows.push_back(std::move(r));
    }
    const WeekAverage a = average(first, days);
    nlohmann::json avg = a.days_with_data ? entry(a.pooled) : nlohmann::json::object();
    avg["days_with_data"] = a.days_with_data;
    if (a.days_with_data) {
        avg["monitored_ms"] = a.per_day(a.pooled.monitored_ms);
        avg["present_ms"] = a.per_day(a.pooled.present_ms);
        avg["away_ms"] = a.per_day(a.pooled.ms(PostureState::away));
        avg["alerts"] = static_cast<double>(a.pooled.alerts) / a.days_with_data;
        avg.erase("paused_ms");  // paused days are not in the average; the total is below
    }
    const WeekStats w = summarize_week(first, days);
    const WeekStats b = summarize_week(first - kDays, before);
    const auto opt_text = [](const std::optional<std::string>& v) {
        return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
    };
    nlohmann::json trend = nullptr;
    if (w.days_with_data && b.days_with_data)
        trend = {{"previous_from", format_day(b.first)},
                 {"good_share_delta", w.total.good_share() - b.total.good_share()},
                 {"avg_score_delta", w.total.score_n && b.total.score_n
                                         ? nlohmann::json(w.total.avg_score() - b.total.avg_score())
                                         : nlohmann::json(nullptr)},
                 {"present_ms_per_day_delta", w.per_day(w.total.present_ms) - b.per_day(b.total.present_ms)}};
    return {{"device", device.name},      {"timezone", device.tz},
            {"range", title},             {"from", format_day(first)},
            {"to", format_day(first + (kDays - 1))}, {"days", rows},
            {"average", avg},             {"best_day", opt_text(w.best_day)},
            {"worst_day", opt_text(w.worst_day)}, {"trend", trend},
            {"paused_ms", w.total.paused_ms()}};
}

}  // namespace pg::hub
