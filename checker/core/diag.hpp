#pragma once
// A diagnostic about user input: where it is and what is wrong. Positions are data
// until the top level renders them, so text and JSON come from the same object.
#include <string>
#include <vector>

namespace mtaudit {

struct Diag {
  std::string file;     // path as the user named it; empty when not about a file
  int line = 0;         // 1-based; 0 = whole file
  int col = 0;          // 1-based; 0 = unknown
  std::string message;  // one sentence, no trailing period
  std::string snippet;  // the offending line, when known
};

using Diags = std::vector<Diag>;

// "file:line:col: message" (parts that are unknown are left out), then the snippet
// on its own line, indented, when there is one.
std::string format_diag(const Diag& d);

}  // namespace mtaudit
