#pragma once
// A rule or schema file held in memory, with the byte-offset -> line:col mapping every
// diagnostic needs. Lines and columns are 1-based; columns count characters (UTF-8 code
// points), not bytes, so they match what an editor shows.
#include <cstddef>
#include <string>
#include <vector>

#include "core/diag.hpp"

namespace mtaudit::engine {

struct LineCol {
  int line = 0;
  int col = 0;
};

class SourceText {
 public:
  SourceText(std::string name, std::string text);

  const std::string& name() const { return m_name; }
  const std::string& text() const { return m_text; }

  LineCol line_col(std::size_t offset) const;
  std::string line_text(int line) const;  // without the newline
  // "name:line:col: message" with the offending line as snippet.
  Diag diag(std::size_t offset, std::string message) const;
  // "name:line:col" for messages that point at a second place ("also defined at ...").
  std::string where(std::size_t offset) const;

 private:
  std::string m_name;
  std::string m_text;
  std::vector<std::size_t> m_line_starts;
};

}  // namespace mtaudit::engine
