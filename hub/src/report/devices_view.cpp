#include "report/devices_view.hpp"

#include "mart/local_day.hpp"
#include "report/text_format.hpp"

#include <sstream>

namespace pg::hub {

std::vector<DeviceSummary> load_device_summaries(const Database& db) {
    auto list = db.prepare("SELECT id, name, tz, first_seen_ms, last_seen_ms, duplicates FROM devices ORDER BY name");
    auto totals = db.prepare("SELECT count(*), coalesce(sum(n_samples), 0), coalesce(sum(dropped_samples), 0) "
                             "FROM batches WHERE device_id = ?1");
    // A stream's seq runs without holes when nothing was lost, so what is missing
    // between its first and last seq is what never arrived.
    auto gaps = db.prepare("SELECT coalesce(sum(span - n), 0) FROM (SELECT max(seq) - min(seq) + 1 AS span, "
                           "count(*) AS n FROM batches WHERE device_id = ?1 GROUP BY stream) AS per_stream");
    auto dead = db.prepare("SELECT count(*) FROM dead_letters WHERE device = ?1");

    std::vector<DeviceSummary> out;
    auto c = list.bind();
    while (c.next()) {
        const std::int64_t id = c.int64(0);
        DeviceSummary s;
        s.device = c.text(1);
        s.timezone = c.text(2);
        const auto zone = load_zone(s.timezone).value_or(cctz::utc_time_zone());
        s.first_seen = iso8601(c.int64(3), zone);
        s.last_seen = iso8601(c.int64(4), zone);
        s.duplicates = c.int64(5);
        {
            auto t = totals.bind(id);
            if (t.next()) {
                s.batches = t.int64(0);
                s.samples = t.int64(1);
                s.dropped_samples = t.int64(2);
            }
        }
        {
            auto g = gaps.bind(id);
            if (g.next()) s.seq_gaps = g.int64(0);
        }
        {
            auto d = dead.bind(s.device);
            if (d.next()) s.dead_letters = d.int64(0);
        }
        out.push_back(std::move(s));
    }
    return out;
}

std::string render_devices(const std::vector<DeviceSummary>& devices) {
    std::ostringstream os;
    os << pad_right("Device", 18) << pad_left("Samples", 9) << pad_left("Batches", 9) << pad_left("Gaps", 6)
       << pad_left("Dropped", 9) << pad_left("Dead", 6) << pad_left("Dupes", 7) << "  "
       << pad_right("Last seen", 26) << "Time zone\n";
    for (const auto& d : devices) {
        os << pad_right(d.device, 18) << pad_left(std::to_string(d.samples), 9)
           << pad_left(std::to_string(d.batches), 9) << pad_left(std::to_string(d.seq_gaps), 6)
           << pad_left(std::to_string(d.dropped_samples), 9) << pad_left(std::to_string(d.dead_letters), 6)
           << pad_left(std::to_string(d.duplicates), 7) << "  " << pad_right(d.last_seen, 26) << d.timezone << "\n";
    }
    return os.str();
}

nlohmann::json devices_json(const std::vector<DeviceSummary>& devices) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& d : devices) {
        out.push_back({{"device", d.device},
                       {"timezone", d.timezone},
                       {"samples", d.samples},
                       {"batches", d.batches},
                       {"seq_gaps", d.seq_gaps},
                       {"dropped_samples", d.dropped_samples},
                       {"dead_letters", d.dead_letters},
                       {"duplicates", d.duplicates},
                       {"first_seen", d.first_seen},
                       {"last_seen", d.last_seen}});
    }
    return out;
}

}  // namespace pg::hub
