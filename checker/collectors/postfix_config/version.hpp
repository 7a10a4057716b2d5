#pragma once
// A Postfix release number, "3.7" or "3.7.11".
#include <string>
#include <string_view>

#include "core/expected.hpp"

namespace mtaudit::postfix {

struct PostfixVersion {
  int major = 3;
  int minor = 7;
  int patch = -1;  // -1: not given

  std::string minor_string() const { return std::to_string(major) + "." + std::to_string(minor); }
  std::string to_string() const {
    return patch < 0 ? minor_string() : minor_string() + "." + std::to_string(patch);
  }
  bool at_least(int maj, int min) const { return major > maj || (major == maj && minor >= min); }
};

Expected<PostfixVersion> parse_postfix_version(std::string_view text);

}  // namespace mtaudit::postfix
