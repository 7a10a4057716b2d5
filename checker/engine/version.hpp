#pragma once
// Dotted versions compared numerically component by component ("3.10" > "3.9"; missing
// components count as 0, so "3.7" == "3.7.0").
#include <optional>
#include <string_view>
#include <vector>

namespace mtaudit::engine {

using Version = std::vector<long>;

// strict: the whole text is digits and dots ("3.7.11"). Not strict: the leading dotted
// number of a longer string ("3.7.11-0+deb12u1" -> 3.7.11). nullopt when there is none.
std::optional<Version> parse_version(std::string_view text, bool strict);

// <0, 0, >0 like strcmp.
int compare_versions(const Version& a, const Version& b);

}  // namespace mtaudit::engine
