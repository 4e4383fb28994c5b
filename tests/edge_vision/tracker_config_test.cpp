#include "vision/tracker_config.hpp"

#include "pg/config_binder.hpp"
#include "pg/errors.hpp"

#include <gtest/gtest.h>

namespace pg {
namespace {

using namespace std::chrono_literals;

TEST(TrackerConfig, BindsEveryKey) {
    TrackerConfig c;
    ConfigBinder b;
    bind_tracker_config(b, c);
    b.apply_text(R"(
[analysis]
analyzer = "cascade"
cascade = "lbpcascade_frontalface.xml"
width = 480
min_brightness = 20.5
model = "/opt/models/bf.onnx"
min_face_score = 0.7
landmark_model = "/opt/models/sp68.dat"
[posture]
looking_down_enter = 30.0
looking_down_exit = 20.0
tilt_enter = 12.0
tilt_exit = 8.0
forward_enter = 1.15
forward_exit = 1.08
slouch_enter = 0.4
slouch_exit = 0.25
enter_ticks = 5
exit_ticks = 4
away_ticks = 3
[calibration]
duration = "8s"
min_frames = 10
)",
                 "test.toml");
    EXPECT_EQ(c.cascade, "lbpcascade_frontalface.xml");
    EXPECT_EQ(c.analysis_width, 480);
    EXPECT_DOUBLE_EQ(c.min_brightness, 20.5);
    EXPECT_DOUBLE_EQ(c.forward_enter, 1.15);
    EXPECT_DOUBLE_EQ(c.forward_exit, 1.08);
    EXPECT_DOUBLE_EQ(c.slouch_enter, 0.4);
    EXPECT_DOUBLE_EQ(c.slouch_exit, 0.25);
    EXPECT_EQ(c.model, "/opt/models/bf.onnx");
    EXPECT_DOUBLE_EQ(c.min_face_score, 0.7);
    EXPECT_EQ(c.landmark_model, "/opt/models/sp68.dat");
    EXPECT_DOUBLE_EQ(c.looking_down_enter, 30.0);
    EXPECT_DOUBLE_EQ(c.looking_down_exit, 20.0);
    EXPECT_DOUBLE_EQ(c.tilt_enter, 12.0);
    EXPECT_DOUBLE_EQ(c.tilt_exit, 8.0);
    EXPECT_EQ(c.enter_ticks, 5);
    EXPECT_EQ(c.exit_ticks, 4);
    EXPECT_EQ(c.away_ticks, 3);
    EXPECT_EQ(c.calibration_duration, 8s);
    EXPECT_EQ(c.calibration_min_frames, 10);
    EXPECT_NO_THROW(check_tracker_config(c));
}

TEST(TrackerConfig, RejectsOutOfRangeValues) {
    for (const char* text : {"posture.enter_ticks = 0", "analysis.width = 10", "posture.forward_enter = 0.9",
                             "calibration.duration = 5", "analysis.min_brightness = 300"}) {
        TrackerConfig c;
        ConfigBinder b;
        bind_tracker_config(b, c);
        EXPECT_THROW(b.apply_text(text, "test.toml"), ConfigError) << text;
    }
}

TEST(TrackerConfig, ExitMustNotExceedEnter) {
    TrackerConfig c;
    c.forward_exit = 1.2;
    try {
        check_tracker_config(c);
        FAIL() << "expected a ConfigError";
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("posture.forward_exit"), std::string::npos);
    }
    c = TrackerConfig{};
    c.slouch_exit = 0.5;
    EXPECT_THROW(check_tracker_config(c), ConfigError);
    c = TrackerConfig{};
    c.calibration_duration = 100ms;
    EXPECT_THROW(check_tracker_config(c), ConfigError);
}

}  // namespace
}  // namespace pg
