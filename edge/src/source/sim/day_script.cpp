#include "source/sim/day_script.hpp"

#include "pg/errors.hpp"

#include <cctz/civil_time.h>
#include <cctz/time_zone.h>

#include <stdexcept>

namespace pg::sim {
namespace {

cctz::time_zone load_zone(const std::string& name) {
    cctz::time_zone tz;
    if (!cctz::load_time_zone(name, &tz))
        throw ConfigError("time zone '" + name + "' is not a known IANA zone (e.g. Europe/Berlin)");
    return tz;
}

std::int64_t to_unix_ms(const cctz::civil_second& cs, const cctz::time_zone& tz) {
    auto tp = cctz::convert(cs, tz);
    return static_cast<std::int64_t>(tp.time_since_epoch().count()) * 1000;
}

}  // namespace

void DayScript::add(PostureState state, std::chrono::milliseconds length, Pose from, Pose to,
                    std::chrono::milliseconds ramp) {
    if (length.count() <= 0) throw std::invalid_argument("a scripted step needs a positive length");
    steps_.push_back({elapsed_, length, state, from, to, ramp});
    elapsed_ += length;
}

void DayScript::until(PostureState state, seconds local, Pose pose, minutes min_length) {
    std::chrono::milliseconds left = local - now_local();
    add(state, std::max<std::chrono::milliseconds>(left, min_length), pose);
}

void plan_days_ending_yesterday(DayPlan& plan, std::int64_t now_ms) {
    cctz::time_zone tz = load_zone(plan.timezone);
    auto now = std::chrono::system_clock::time_point(std::chrono::milliseconds(now_ms));
    cctz::civil_day today(cctz::convert(std::chrono::time_point_cast<cctz::seconds>(now), tz));
    cctz::civil_day first = today - plan.days;
    plan.year = static_cast<int>(first.year());
    plan.month = first.month();
    plan.day = first.day();
}

PlacedDays place_days(const std::vector<DayScript>& scripts, const DayPlan& plan) {
    cctz::time_zone tz = load_zone(plan.timezone);
    const cctz::civil_day first(plan.year, plan.month, plan.day);
    PlacedDays out;
    std::int64_t shift = 0;
    for (std::size_t i = 0; i < scripts.size(); ++i) {
        const DayScript& script = scripts[i];
        cctz::civil_second start = cctz::civil_second(first + static_cast<int>(i)) + script.window_start().count();
        std::int64_t begin = to_unix_ms(start, tz);
        if (i == 0 && plan.start_at_ms) shift = *plan.start_at_ms - begin;
        begin += shift;
        Day day;
        day.begin_ms = begin;
        day.end_ms = begin + script.length().count();
        for (const auto& step : script.steps())
            day.segments.push_back({begin + step.offset.count(), begin + step.offset.count() + step.length.count(),
                                    step.state, step.from, step.to, step.ramp.count()});
        for (auto press : script.presses()) out.presses.push_back(begin + press.count());
        if (!out.days.empty() && day.begin_ms < out.days.back().end_ms)
            throw std::logic_error("scripted days overlap; a day script is longer than a day");
        out.days.push_back(std::move(day));
    }
    return out;
}

}  // namespace pg::sim
