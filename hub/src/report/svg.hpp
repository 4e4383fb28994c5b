#pragma once

#include "pg/posture_state.hpp"

#include <string>

namespace pg::hub::svg {

// The drawing area of every chart on the page, in CSS pixels.
inline constexpr double kWidth = 1100;

// One decimal: enough for a pixel, short in the page.
std::string num(double v);
// A filled rectangle, with a tooltip when `title` is given; `cls` names its role.
std::string rect(double x, double y, double w, double h, const std::string& fill, const std::string& title = {},
                 const std::string& cls = {});
std::string text(double x, double y, const std::string& t, const char* anchor = "middle", const std::string& cls = {});
// The opening tag of a chart: `<svg id=...>` of kWidth × height with a panel
// of `panel` behind it (each chart has its own, so it can be found on a screenshot).
std::string open(const std::string& id, double height, const std::string& panel);

// Each state's colour; `paused` is a striped pattern, defined by pattern_defs().
std::string color_of(PostureState s);
std::string pattern_defs();
// Red (0 % good) through yellow to green (100 %).
std::string heat(double good_share);

}  // namespace pg::hub::svg
