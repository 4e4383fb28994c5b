#include "vision/tracker_config.hpp"

#include "pg/config_binder.hpp"
#include "pg/errors.hpp"
#include "pg/duration.hpp"

#include <sstream>

namespace pg {

void bind_tracker_config(ConfigBinder& b, TrackerConfig& c) {
    b.bind("analysis.analyzer", &c.analyzer);
    b.bind("analysis.cascade", &c.cascade);
    b.bind("analysis.model", &c.model);
    b.bind("analysis.min_face_score", &c.min_face_score, 0.05, 0.99);
    b.bind("analysis.landmark_model", &c.landmark_model);
    b.bind("analysis.mesh_model", &c.mesh_model);
    b.bind("analysis.mesh_geometry", &c.mesh_geometry);
    b.bind("analysis.min_presence", &c.min_presence, 0.05, 0.99);
    b.bind("analysis.camera_fov", &c.camera_fov, 20.0, 160.0);
    // Below ~160 px a desk face is under 40 px and cascades lose it.
    b.bind("analysis.width", &c.analysis_width, 160, 1920);
    b.bind("analysis.min_brightness", &c.min_brightness, 0.0, 255.0);
    b.bind("posture.forward_enter", &c.forward_enter, 1.01, 2.0);
    b.bind("posture.forward_exit", &c.forward_exit, 1.0, 2.0);
    b.bind("posture.slouch_enter", &c.slouch_enter, 0.05, 3.0);
    b.bind("posture.slouch_exit", &c.slouch_exit, 0.0, 3.0);
    b.bind("posture.looking_down_enter", &c.looking_down_enter, 5.0, 80.0);
    b.bind("posture.looking_down_exit", &c.looking_down_exit, 0.0, 80.0);
    b.bind("posture.tilt_enter", &c.tilt_enter, 3.0, 80.0);
    b.bind("posture.tilt_exit", &c.tilt_exit, 0.0, 80.0);
    b.bind("posture.enter_ticks", &c.enter_ticks, 1, 100);
    b.bind("posture.head_enter_ticks", &c.head_enter_ticks, 1, 100);
    b.bind("posture.exit_ticks", &c.exit_ticks, 1, 100);
    b.bind("posture.body_window", &c.body_window, 1, 50);
    b.bind("posture.head_window", &c.head_window, 1, 50);
    b.bind("posture.away_ticks", &c.away_ticks, 1, 100);
    b.bind("calibration.duration", &c.calibration_duration);
    b.bind("calibration.min_frames", &c.calibration_min_frames, 3, 1000);
    b.bind("calibration.patience", &c.calibration_patience);
}

void check_tracker_config(const TrackerConfig& c) {
    auto fail = [](const std::string& what) { throw ConfigError(what); };
    if (c.analyzer.empty()) fail("analysis.analyzer must name an analyzer");
    if (c.analysis_width < 64) fail("analysis.width must be at least 64 pixels");
    if (c.forward_exit > c.forward_enter) {
        std::ostringstream os;
        os << "posture.forward_exit (" << c.forward_exit << ") must not be above posture.forward_enter ("
           << c.forward_enter << ")";
        fail(os.str());
    }
    if (c.slouch_exit > c.slouch_enter) {
        std::ostringstream os;
        os << "posture.slouch_exit (" << c.slouch_exit << ") must not be above posture.slouch_enter ("
           << c.slouch_enter << ")";
        fail(os.str());
    }
    if (c.looking_down_exit > c.looking_down_enter)
        fail("posture.looking_down_exit must not be above posture.looking_down_enter");
    if (c.tilt_exit > c.tilt_enter) fail("posture.tilt_exit must not be above posture.tilt_enter");
    if (c.enter_ticks < 1 || c.head_enter_ticks < 1 || c.exit_ticks < 1 || c.away_ticks < 1)
        fail("posture.enter_ticks, head_enter_ticks, exit_ticks and away_ticks must be at least 1");
    if (c.body_window < 1 || c.head_window < 1) fail("posture.body_window and head_window must be at least 1");
    if (c.calibration_duration < std::chrono::milliseconds(500) || c.calibration_duration > std::chrono::minutes(5))
        fail("calibration.duration " + format_duration(c.calibration_duration) + " is out of range (500ms..5m)");
    if (c.calibration_min_frames < 3) fail("calibration.min_frames must be at least 3");
    if (c.calibration_patience < c.calibration_duration || c.calibration_patience > std::chrono::minutes(10))
        fail("calibration.patience " + format_duration(c.calibration_patience) +
             " must be at least calibration.duration and at most 10m");
}

}  // namespace pg
