#pragma once
// Postfix's readllines(): physical lines to logical lines, shared by main.cf, master.cf and
// postmap(1) source files.
#include <string>
#include <string_view>
#include <vector>

#include "core/diag.hpp"

namespace mtaudit::postfix {

struct LogicalLine {
  std::string text;  // joined text; the newline is dropped, continuation whitespace kept
  int line = 0;      // 1-based number of the physical line that starts the entry
  // (offset in text, physical line) where each joined physical line begins
  std::vector<std::pair<std::size_t, int>> segments;

  // The physical line holding text[offset].
  int line_at(std::size_t offset) const;
};

// Comment and blank lines are dropped without ending the current entry; a line starting
// with whitespace continues it. Indented text with nothing to continue is dropped together with
// its own continuation lines, with one warning, as Postfix does
// (`logical line must not start with whitespace: "<first 30 characters>..."`).
std::vector<LogicalLine> read_logical_lines(std::string_view content, const std::string& file,
                                            Diags* warnings);

}  // namespace mtaudit::postfix
