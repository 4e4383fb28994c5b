#include "app/source_switch.hpp"

#include "pg/log.hpp"

namespace pg {

SourceSwitch::SourceSwitch(FrameSource& source, std::int64_t warmup_ms) : source_(source), warmup_ms_(warmup_ms) {}

SourceSwitch::Step SourceSwitch::update(bool paused, std::int64_t t_ms) {
    if (paused) {
        if (!suspended_) {
            source_.suspend();
            suspended_ = true;
            warming_since_.reset();
            log::info("edge", "monitoring paused: ", source_.describe(), " stopped");
        }
        return Step::paused;
    }
    if (!suspended_) return Step::monitoring;
    source_.resume();
    suspended_ = false;
    warming_since_ = t_ms;
    log::info("edge", "monitoring resumed: ", source_.describe(), " started again");
    return Step::resumed;
}

}  // namespace pg
