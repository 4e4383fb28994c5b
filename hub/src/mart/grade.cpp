#include "mart/grade.hpp"

namespace pg::hub {

char grade_for_share(double s) {
    if (s >= kGradeA) return 'A';
    if (s >= kGradeB) return 'B';
    if (s >= kGradeC) return 'C';
    if (s >= kGradeD) return 'D';
    return 'F';
}

std::optional<char> grade_of(const DayStats& d) {
    if (d.present_ms <= 0) return std::nullopt;
    return grade_for_share(d.good_share());
}

std::string_view grade_legend() {
    return "grade = good posture share of time at the desk: A >= 85%, B >= 70%, C >= 55%, D >= 40%, F below";
}

}  // namespace pg::hub
