#include "pg/config_binder.hpp"
#include "pg/errors.hpp"

#include <gtest/gtest.h>

using namespace pg;

namespace {
struct Cfg {
    std::string broker = "127.0.0.1:1883";
    int width = 320;
    double ratio = 1.1;
    bool on = false;
    std::chrono::milliseconds cadence{600};
};
ConfigBinder binder(Cfg& c) {
    ConfigBinder b;
    b.bind("mqtt.broker", &c.broker);
    b.bind("analysis.width", &c.width, 64, 4096);
    b.bind("posture.ratio", &c.ratio, 1.0, 2.0);
    b.bind("gpio.on", &c.on);
    b.bind("analysis.cadence", &c.cadence);
    return b;
}
std::string error_of(const std::string& text) {
    Cfg c;
    try {
        binder(c).apply_text(text, "my.toml");
    } catch (const ConfigError& e) {
        return e.what();
    }
    return {};
}
}  // namespace

TEST(ConfigBinder, LayersOverrideSingleKeys) {
    Cfg c;
    auto b = binder(c);
    b.apply_text("[analysis]\nwidth = 640\ncadence = \"1s\"\n[mqtt]\nbroker = \"hub:1883\"\n", "board.toml");
    b.apply_text("[analysis]\nwidth = 480\n", "user.toml");
    EXPECT_EQ(c.width, 480);
    EXPECT_EQ(c.cadence, std::chrono::milliseconds(1000));
    EXPECT_EQ(c.broker, "hub:1883");
    EXPECT_FALSE(c.on);
}

TEST(ConfigBinder, UnknownKeyNamesFileLineAndKey) {
    EXPECT_EQ(error_of("[analysis]\nwidht = 3\n"), "my.toml:2: unknown key 'analysis.widht'");
}

TEST(ConfigBinder, WrongTypeNamesExpectedType) {
    auto e = error_of("[analysis]\nwidth = \"wide\"\n");
    EXPECT_NE(e.find("my.toml:2: key 'analysis.width' must be an integer from 64 to 4096"), std::string::npos) << e;
    EXPECT_NE(error_of("[gpio]\non = 1\n").find("true or false"), std::string::npos);
    EXPECT_NE(error_of("[analysis]\ncadence = \"fast\"\n").find("duration"), std::string::npos);
    EXPECT_NE(error_of("[posture]\nratio = 3.5\n").find("from 1 to 2"), std::string::npos);
}

TEST(ConfigBinder, SyntaxErrorAndMissingFileAreOneLine) {
    auto e = error_of("[analysis\n");
    EXPECT_EQ(e.rfind("my.toml:1:", 0), 0u) << e;
    Cfg c;
    try {
        binder(c).apply_file("/nonexistent/pg.toml");
        FAIL();
    } catch (const ConfigError& err) {
        EXPECT_STREQ(err.what(), "/nonexistent/pg.toml: cannot open config file");
    }
}
