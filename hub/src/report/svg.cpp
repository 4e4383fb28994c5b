#include "report/svg.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace pg::hub::svg {

std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

std::string rect(double x, double y, double w, double h, const std::string& fill, const std::string& title,
                 const std::string& cls) {
    std::string out = "<rect";
    if (!cls.empty()) out += " class=\"" + cls + "\"";
    out += " x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"" + num(w) + "\" height=\"" + num(h) + "\" fill=\"" +
           fill + "\">";
    if (!title.empty()) out += "<title>" + title + "</title>";
    return out + "</rect>";
}

std::string text(double x, double y, const std::string& t, const char* anchor, const std::string& cls) {
    std::string out = "<text";
    if (!cls.empty()) out += " class=\"" + cls + "\"";
    return out + " x=\"" + num(x) + "\" y=\"" + num(y) + "\" text-anchor=\"" + anchor + "\">" + t + "</text>";
}

std::string open(const std::string& id, double height, const std::string& panel) {
    return "<svg id=\"" + id + "\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(kWidth) + "\" height=\"" +
           num(height) + "\" viewBox=\"0 0 " + num(kWidth) + " " + num(height) + "\">" +
           rect(0, 0, kWidth, height, panel, {}, "panel");
}

std::string color_of(PostureState s) {
    switch (s) {
    case PostureState::good: return "#2e9e4f";
    case PostureState::forward_head: return "#e8a317";
    case PostureState::slouch: return "#d9480f";
    case PostureState::looking_down: return "#9c36b5";
    case PostureState::tilt: return "#1c7ed6";
    case PostureState::away: return "#adb5bd";
    case PostureState::paused: return "url(#paused-stripes)";
    default: return "#495057";
    }
}

std::string pattern_defs() {
    // Paused: grey stripes on white, "switched off" rather than a state of posture.
    return "<defs><pattern id=\"paused-stripes\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
           "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#ffffff\"></rect>"
           "<rect width=\"3\" height=\"6\" fill=\"#868e96\"></rect></pattern></defs>";
}

std::string heat(double share) {
    const double s = std::clamp(share, 0.0, 1.0);
    const int r = static_cast<int>(std::lround(s < 0.5 ? 220 : 220 - (s - 0.5) * 2 * 174));
    const int g = static_cast<int>(std::lround(s < 0.5 ? 60 + s * 2 * 140 : 200 - (s - 0.5) * 2 * 42));
    char buf[16];
    std::snprintf(buf, sizeof buf, "#%02x%02x%02x", r, g, 70);
    return buf;
}

}  // namespace pg::hub::svg
