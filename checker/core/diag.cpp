#include "core/diag.hpp"

namespace mtaudit {

std::string format_diag(const Diag& d) {
  std::string out;
  if (!d.file.empty()) {
    out += d.file;
    if (d.line > 0) {
      out += ":" + std::to_string(d.line);
      if (d.col > 0) {
        out += ":" + std::to_string(d.col);
      }
    }
    out += ": ";
  }
  out += d.message;
  if (!d.snippet.empty()) {
    out += "\n    " + d.snippet;
  }
  return out;
}

}  // namespace mtaudit
