#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pg::sim {

struct CivilDate {
    int year = 1970, month = 1, day = 1;
};

// What follows "sim:" in a source spec.
struct SimOptions {
    std::string scenario;
    std::string face;  // empty: default_face_path()
    int days = 1;
    std::uint64_t seed = 1;
    std::optional<CivilDate> start;  // first local day; default the N days ending yesterday
};

// Parses "SCENARIO[,face=PATH][,days=N][,seed=N][,start=YYYY-MM-DD]". Throws
// ConfigError "source 'SPEC': ..." naming the offending part. The scenario name
// is checked against the registry by the caller.
SimOptions parse_sim_options(std::string_view body, std::string_view spec);

}  // namespace pg::sim
