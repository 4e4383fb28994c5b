#include "eval/alert_model.hpp"

namespace pg::eval {

bool HoldAlertModel::update(const Sample& s) {
    if (!is_bad_posture(s.state)) {
        bad_since_.reset();
        fired_ = false;
        return false;
    }
    if (!bad_since_) bad_since_ = s.t_ms;
    if (fired_ || s.t_ms - *bad_since_ < hold_.count()) return false;
    fired_ = true;
    return true;
}

}  // namespace pg::eval
