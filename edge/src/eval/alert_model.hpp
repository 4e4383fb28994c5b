#pragma once

#include "pg/batch.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>

namespace pg::eval {

// What the evaluation needs from an alert policy: fed every sample in order, it
// says when it would buzz. The device's real AlertPolicy (edge/src/alert) can be
// adapted to this and passed to evaluate() in place of the stand-in.
class AlertModel {
public:
    virtual ~AlertModel() = default;
    // Returns true when an alert fires at this sample.
    virtual bool update(const Sample& sample) = 0;
};

// Stand-in until the real policy is wired in: one alert per continuous bad-
// posture episode, once it has lasted `hold`. Leaving bad posture (good, away,
// too dark) ends the episode; changing between bad states does not.
class HoldAlertModel final : public AlertModel {
public:
    explicit HoldAlertModel(std::chrono::milliseconds hold) : hold_(hold) {}
    bool update(const Sample& sample) override;

private:
    std::chrono::milliseconds hold_;
    std::optional<std::int64_t> bad_since_;
    bool fired_ = false;
};

inline constexpr std::chrono::seconds kDefaultAlertHold{30};

}  // namespace pg::eval
