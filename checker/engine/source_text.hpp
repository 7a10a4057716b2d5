#pragma once
// A rule or schema file held in memory, with the byte-offset -> line:col mapping every
// diagnostic needs. Lines and columns are 1-based; columns count characters (UTF-8 code
// points), not bytes, so they match what an editor shows.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/diag.hpp"

namespace mtaudit::engine {

struct LineCol {
  int line = 0;
  int col = 0;
};

class SourceText {
 public:
  // Text that outlives the SourceText (a file embedded in the binary): it is not copied.
  struct Borrowed {
    std::string_view text;
  };

  SourceText(std::string name, std::string text);
  SourceText(std::string name, Borrowed text);
  // m_text may point into m_owned: neither copied nor moved (held in place or by pointer).
  SourceText(const SourceText&) = delete;
  SourceText& operator=(const SourceText&) = delete;

  const std::string& name() const { return m_name; }
  std::string_view text() const { return m_text; }

  LineCol line_col(std::size_t offset) const;
  std::string line_text(int line) const;  // without the newline
  // "name:line:col: message" with the offending line as snippet.
  Diag diag(std::size_t offset, std::string message) const;
  // "name:line:col" for messages that point at a second place ("also defined at ...").
  std::string where(std::size_t offset) const;

 private:
  void index_lines();

  std::string m_name;
  std::string m_owned;
  std::string_view m_text;
  std::vector<std::size_t> m_line_starts;
};

}  // namespace mtaudit::engine
