#include "report/mart_reader.hpp"

#include "mart/day_rows.hpp"
#include "mart/local_day.hpp"
#include "pg/exit_codes.hpp"
#include "report/report_error.hpp"

namespace pg::hub {
namespace {

std::string names_of(const std::vector<DeviceRef>& devices) {
    std::string out;
    for (const auto& d : devices) out += (out.empty() ? "" : ", ") + d.name;
    return out;
}

}  // namespace

std::vector<DeviceRef> MartReader::devices() const {
    std::vector<DeviceRef> out;
    auto st = db_.prepare("SELECT id, name, tz FROM devices ORDER BY name");
    auto c = st.bind();
    while (c.next()) {
        DeviceRef d{c.int64(0), c.text(1), c.text(2), cctz::utc_time_zone()};
        if (auto z = load_zone(d.tz)) d.zone = *z;
        out.push_back(std::move(d));
    }
    return out;
}

DeviceRef MartReader::select_device(const std::optional<std::string>& name) const {
    auto all = devices();
    if (name) {
        for (auto& d : all)
            if (d.name == *name) return d;
        throw ReportError(exit_code::usage, "unknown device '" + *name + "'" +
                                                (all.empty() ? " (the database has no devices yet)"
                                                             : " (known: " + names_of(all) + ")"));
    }
    if (all.empty()) throw ReportError(exit_code::no_data, "the database has no devices yet");
    if (all.size() > 1)
        throw ReportError(exit_code::usage, "several devices, choose one with --device: " + names_of(all));
    return all.front();
}

std::optional<std::string> MartReader::latest_day(std::int64_t device_id) const {
    auto st = db_.prepare("SELECT max(day) FROM daily_mart WHERE device_id = ?1");
    auto c = st.bind(device_id);
    if (!c.next() || c.is_null(0)) return std::nullopt;
    return c.text(0);
}

std::map<std::string, DayStats> MartReader::days(std::int64_t device_id, const std::string& from,
                                                 const std::string& to, bool with_hours) const {
    DayRows rows(db_);
    return rows.load(device_id, from, to, with_hours);
}

}  // namespace pg::hub
