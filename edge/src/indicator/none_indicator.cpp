#include "indicator/none_indicator.hpp"

#include "pg/log.hpp"

namespace pg {

void NoneIndicator::set(Output output, bool on) {
    log::debug("indicator", output == Output::buzzer ? "buzzer " : "led ", on ? "on" : "off");
}

void NoneIndicator::all_off() { log::debug("indicator", "all outputs off"); }

}  // namespace pg
