// Fault 4: the edge's clock jumps. The real pg-edge runs live under libfaketime
// (the machine's own clock is not ours to step): NTP-like steps forward by
// hours and back by seconds and by hours, a boot with a clock 300 days behind,
// and a day that changes to summer time. No moment is sampled twice, no sample
// lands on a day its clock did not really show, the analysis never stalls, and
// produced = stored + reported lost.
#include "fault_fixture.hpp"

#include <glob.h>

#include <chrono>
#include <ctime>

using namespace pg::test;

namespace {

std::string faketime_library() {
    glob_t g{};
    std::string found;
    if (::glob("/usr/lib/*/faketime/libfaketimeMT.so.1", 0, nullptr, &g) == 0 && g.gl_pathc > 0) found = g.gl_pathv[0];
    globfree(&g);
    return found;
}

class ClockFaults : public FaultFixture {
protected:
    void SetUp() override {
        FaultFixture::SetUp();
        if (IsSkipped()) return;
        lib_ = faketime_library();
        if (lib_.empty()) GTEST_SKIP() << "libfaketime is not installed";
    }
    // The clock a process sees: `spec` is "+0", "+2h", "-30s" or "@YYYY-MM-DD hh:mm:ss",
    // re-read whenever it changes (a step of the clock).
    std::string clock_file(const std::string& name, const std::string& spec) {
        const std::string f = tmp_.path + "/clock-" + name;
        std::ofstream(f) << spec << "\n";
        return f;
    }
    void step(const std::string& file, const std::string& spec) { std::ofstream(file) << spec << "\n"; }
    std::vector<std::string> faked(const std::string& file) const {
        return {"LD_PRELOAD=" + lib_, "FAKETIME_TIMESTAMP_FILE=" + file, "FAKETIME_NO_CACHE=1",
                "FAKETIME_DONT_FAKE_MONOTONIC=1", "TZ=UTC"};
    }
    std::unique_ptr<ChildProcess> live_edge(const std::string& device, const std::string& source,
                                            const std::string& zone, const std::string& clock,
                                            const std::string& broker) {
        const std::string conf = tmp_.path + "/" + device + ".toml";
        // No NTP to ask here: the gate still refuses clocks before the build date.
        std::ofstream(conf) << "[device]\ntimezone = \"" << zone << "\"\nclock_check = false\n";
        return std::make_unique<ChildProcess>(
            std::vector<std::string>{PG_EDGE_BIN, "--config", conf, "--source", source, "--cadence", "500ms",
                                     "--speed", "real", "--broker", broker, "--device", device, "--state-dir",
                                     state_dir(device), "--summary", summary_path(device)},
            edge_log(device), faked(clock));
    }
    static int count(const std::string& text, const std::string& what) {
        int n = 0;
        for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
        return n;
    }
    // The hub's samples of `device` never overlap in time, and no minute holds
    // more than a minute of them.
    void expect_no_moment_twice(const std::string& db, const std::string& device) {
        auto overlaps = run_command(
            {"sqlite3", db,
             "WITH b AS (SELECT first_ms, last_ms, lag(last_ms) OVER (ORDER BY first_ms) AS prev FROM sample_blocks "
             "JOIN devices d ON d.id = device_id WHERE d.name = '" + device + "') "
             "SELECT count(*) FROM b WHERE prev IS NOT NULL AND first_ms <= prev"});
        EXPECT_EQ(overlaps.out, "0\n") << overlaps.err;
        auto full = run_command(
            {"sqlite3", db,
             "SELECT count(*) FROM minute_rollup JOIN devices d ON d.id = device_id WHERE d.name = '" + device +
                 "' AND good_ms + forward_head_ms + slouch_ms + looking_down_ms + tilt_ms + away_ms + too_dark_ms "
                 "+ uncalibrated_ms + camera_error_ms > 60000"});
        EXPECT_EQ(full.out, "0\n") << full.err;
    }
    void expect_accounted(const std::string& device) {
        const auto s = summary(device);
        const long long frames = s["frames"], samples = s["samples"], dropped = s["dropped_samples"];
        EXPECT_EQ(samples + dropped, frames);  // every analysed tick is stored or counted
        EXPECT_EQ(wait_accounted(device, frames, std::chrono::seconds(30)), frames);
        EXPECT_EQ(counter(device, "samples"), samples);
        EXPECT_EQ(counter(device, "dropped_samples"), dropped);
        EXPECT_EQ(counter(device, "dead_letters"), 0);
    }
    static void stop(ChildProcess& edge) {
        edge.signal(SIGTERM);
        ASSERT_EQ(edge.wait(std::chrono::seconds(30)), 0);
    }

    std::string lib_;
};

std::string days_ago(int days) {
    const std::time_t t = std::time(nullptr) - static_cast<std::time_t>(days) * 86400;
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "@%Y-%m-%d %H:%M:%S", &tm);
    return buf;
}

// 25 s before the next spring-forward in the EU (01:00 UTC on the last Sunday
// of March): after the build date, so the gate trusts it.
std::string before_next_summer_time(std::string& day) {
    std::tm now{};
    const std::time_t t = std::time(nullptr);
    gmtime_r(&t, &now);
    for (int year = now.tm_year + 1900;; ++year) {
        std::tm last{};
        last.tm_year = year - 1900;
        last.tm_mon = 2;
        last.tm_mday = 31;
        last.tm_hour = 1;
        std::time_t at = timegm(&last);
        gmtime_r(&at, &last);
        at -= static_cast<std::time_t>(last.tm_wday) * 86400;  // back to the Sunday
        if (at <= t) continue;
        at -= 25;
        std::tm when{};
        gmtime_r(&at, &when);
        char buf[32];
        std::strftime(buf, sizeof buf, "%Y-%m-%d", &when);
        day = buf;
        std::strftime(buf, sizeof buf, "@%Y-%m-%d %H:%M:%S", &when);
        return buf;
    }
}

}  // namespace

TEST_F(ClockFaults, StepsForwardAndBackABootDaysBehindAndSummerTime) {
    using std::chrono::seconds;
    start_hub();
    ASSERT_TRUE(wait_for_hub_subscription());
    // A second system, hub and edge both living on the night Berlin next skips
    // from 02:00 to 03:00.
    std::string dst_day;
    const std::string dst_clock = clock_file("dst", before_next_summer_time(dst_day));
    const std::string dst_db = tmp_.path + "/dst.db";
    ChildProcess dst_hub({PG_HUB_BIN, "--db", dst_db, "--broker", broker_->address(), "--client-id", "pg-hub-dst"},
                         tmp_.path + "/dst-hub.log", faked(dst_clock));
    ASSERT_TRUE(wait_for_log(tmp_.path + "/dst-hub.log", "subscribed", seconds(20)));

    const std::string steps = clock_file("steps", "+0");
    const std::string boot = clock_file("boot", days_ago(300));
    auto a = live_edge("f4-steps", "sim:workday", "UTC", steps, broker_->address());
    auto b = live_edge("f4-boot", "sim:quick,days=301", "UTC", boot, broker_->address());
    auto c = live_edge("f4-dst", "sim:quick", "Europe/Berlin", dst_clock, broker_->address());
    std::this_thread::sleep_for(seconds(8));
    step(steps, "+2h");  // NTP puts a slow clock right: two hours ahead at once
    step(boot, "+0");    // the boot clock 300 days behind, corrected
    std::this_thread::sleep_for(seconds(8));
    step(steps, "+7190s");  // back by ten seconds: those moments were sampled already
    std::this_thread::sleep_for(seconds(16));
    step(steps, "+0");  // and back by two hours
    std::this_thread::sleep_for(seconds(6));
    stop(*a);
    stop(*b);
    stop(*c);

    {
        SCOPED_TRACE("steps");
        const std::string log = read_file(edge_log("f4-steps"));
        EXPECT_EQ(count(log, "the clock went back"), 2) << log;  // it kept analysing after each
        EXPECT_GE(count(log, "samples flow again"), 1) << log;
        EXPECT_GT(summary("f4-steps")["dropped_samples"].get<long long>(), 15);
        expect_accounted("f4-steps");
        expect_no_moment_twice(db_, "f4-steps");
    }
    {
        SCOPED_TRACE("boot");
        const std::string log = read_file(edge_log("f4-boot"));
        EXPECT_NE(log.find("holding samples until"), std::string::npos) << log;
        EXPECT_NE(log.find("held samples with corrected times"), std::string::npos) << log;
        EXPECT_EQ(summary("f4-boot")["dropped_samples"], 0);
        expect_accounted("f4-boot");
        // Held samples were restamped from the boot clock: none 300 days ago.
        auto oldest = run_command({"sqlite3", db_,
                                   "SELECT min(day) >= date('now', '-1 day') FROM daily_mart JOIN devices d "
                                   "ON d.id = device_id WHERE d.name = 'f4-boot'"});
        EXPECT_EQ(oldest.out, "1\n") << oldest.err;
    }
    {
        SCOPED_TRACE("summer time");
        dst_hub.signal(SIGTERM);
        ASSERT_EQ(dst_hub.wait(seconds(30)), 0);
        const auto s = summary("f4-dst");
        EXPECT_EQ(s["dropped_samples"], 0);
        auto day = run_command({PG_REPORT_BIN, "--db", dst_db, "--device", "f4-dst", "day", "--date", dst_day, "--json"});
        ASSERT_EQ(day.exit_code, 0) << day.err;
        const auto j = nlohmann::json::parse(day.out);
        EXPECT_EQ(j["monitored_ms"].get<long long>(), s["samples"].get<long long>() * 500);
        std::vector<int> hours;
        for (const auto& h : j["hours"]) hours.push_back(h["hour"]);
        EXPECT_EQ(hours, (std::vector<int>{1, 3}));  // 02:00-03:00 did not exist that night
        EXPECT_NE(j["first_sample"].get<std::string>().find("+01:00"), std::string::npos) << j["first_sample"];
        EXPECT_NE(j["last_sample"].get<std::string>().find("+02:00"), std::string::npos) << j["last_sample"];
        expect_no_moment_twice(dst_db, "f4-dst");
    }
}
