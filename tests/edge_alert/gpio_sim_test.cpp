// The real libgpiod backend against the kernel's gpio-sim (configfs). Skips where
// gpio-sim is unavailable (no module, no configfs, not root), as in containers.
#include "indicator/gpiod_indicator.hpp"
#include "wait_until.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

using namespace pg;
using namespace pg::test;
namespace fs = std::filesystem;

namespace {

const fs::path kConfigfs = "/sys/kernel/config/gpio-sim";

std::string read_text(const fs::path& p) {
    std::ifstream in(p);
    std::string s;
    std::getline(in, s);
    return s;
}

bool write_text(const fs::path& p, const std::string& s) {
    std::ofstream out(p);
    out << s;
    out.flush();
    return static_cast<bool>(out);
}

// One simulated chip with 8 lines, removed again by the destructor.
class SimChip {
public:
    SimChip() : dir_(kConfigfs / ("pg-test-" + std::to_string(::getpid()))) {
        std::error_code ec;
        if (!fs::create_directory(dir_, ec) || !fs::create_directory(dir_ / "bank0", ec)) return;
        if (!write_text(dir_ / "bank0" / "num_lines", "8") || !write_text(dir_ / "live", "1")) return;
        chip_ = read_text(dir_ / "bank0" / "chip_name");
        device_ = read_text(dir_ / "dev_name");
    }
    ~SimChip() {
        std::error_code ec;
        write_text(dir_ / "live", "0");
        fs::remove(dir_ / "bank0", ec);
        fs::remove(dir_, ec);
    }
    bool ok() const { return !chip_.empty() && !device_.empty(); }
    const std::string& chip() const { return chip_; }
    // The level the consumer drives (outputs), or the simulated pull (inputs).
    fs::path line(int offset) const {
        return fs::path("/sys/devices/platform") / device_ / chip_ / ("sim_gpio" + std::to_string(offset));
    }

private:
    fs::path dir_;
    std::string chip_;
    std::string device_;
};

}  // namespace

TEST(GpioSim, DrivesBuzzerAndLedAndReadsTheButton) {
    if (!fs::exists(kConfigfs) || ::geteuid() != 0)
        GTEST_SKIP() << "gpio-sim is not available (needs the gpio-sim module, configfs and root)";
    SimChip sim;
    if (!sim.ok()) GTEST_SKIP() << "could not create a gpio-sim chip";

    GpioConfig c;
    c.backend = "gpiod";
    c.chip = sim.chip();
    c.buzzer_line = 0;
    c.led_line = 1;
    c.button_line = 2;
    c.button_active_low = true;
    c.button_pull_up = true;
    {
        GpiodIndicator ind(c, "test");
        auto value = [&](int line) { return read_text(sim.line(line) / "value"); };
        EXPECT_EQ(value(0), "0");  // requested inactive: no chirp at start
        ind.set(Output::buzzer, true);
        ind.set(Output::led, true);
        EXPECT_EQ(value(0), "1");
        EXPECT_EQ(value(1), "1");

        // Press: the button pulls the line to GND (active low).
        ASSERT_TRUE(write_text(sim.line(2) / "pull", "pull-down"));
        std::vector<ButtonEdge> edges;
        ASSERT_TRUE(wait_until([&] {
            for (const auto& e : ind.read_button()) edges.push_back(e);
            return !edges.empty();
        }));
        EXPECT_TRUE(edges.front().pressed);
        ASSERT_TRUE(write_text(sim.line(2) / "pull", "pull-up"));
        ASSERT_TRUE(wait_until([&] {
            for (const auto& e : ind.read_button()) edges.push_back(e);
            return edges.size() >= 2;
        }));
        EXPECT_FALSE(edges.back().pressed);

        ind.all_off();
        EXPECT_EQ(value(0), "0");
        EXPECT_EQ(value(1), "0");
        ind.set(Output::buzzer, true);
    }  // destroyed while on: driven off before release
    // Released, the line shows its simulated pull (down): 0 either way, never stuck on.
    EXPECT_EQ(read_text(sim.line(0) / "value"), "0");
}

TEST(GpioSim, ActiveLowOutputsInvertTheLevel) {
    if (!fs::exists(kConfigfs) || ::geteuid() != 0)
        GTEST_SKIP() << "gpio-sim is not available (needs the gpio-sim module, configfs and root)";
    SimChip sim;
    if (!sim.ok()) GTEST_SKIP() << "could not create a gpio-sim chip";
    GpioConfig c;
    c.chip = sim.chip();
    c.buzzer_line = 3;
    c.active_low = true;
    GpiodIndicator ind(c, "test");
    EXPECT_EQ(read_text(sim.line(3) / "value"), "1");  // off = high
    ind.set(Output::buzzer, true);
    EXPECT_EQ(read_text(sim.line(3) / "value"), "0");
}
