#pragma once

#include "report/html_page.hpp"

#include <string>

namespace pg::hub {

// The page's view of the seven days: a stacked bar of state times per day with
// its score above and its grade below, then the average and the trend against
// the seven days before.
std::string last7_section(const HtmlInput& in);
// When in the day posture slips, over the same seven days: per local hour the
// time at the desk (bar height) split into good and not good posture.
std::string hour_profile_section(const HtmlInput& in);

}  // namespace pg::hub
