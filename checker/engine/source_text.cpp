#include "engine/source_text.hpp"

#include <algorithm>
#include <cstring>

namespace mtaudit::engine {

SourceText::SourceText(std::string name, std::string text)
    : m_name(std::move(name)), m_owned(std::move(text)), m_text(m_owned) {
  index_lines();
}

SourceText::SourceText(std::string name, Borrowed text) : m_name(std::move(name)), m_text(text.text) {
  index_lines();
}

void SourceText::index_lines() {
  // Every rule file is indexed on each run: memchr finds the newlines a word at a time.
  m_line_starts.reserve(m_text.size() / 32 + 1);
  m_line_starts.push_back(0);
  const char* begin = m_text.data();
  const char* end = begin + m_text.size();
  const char* p = begin;
  while ((p = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)))) != nullptr) {
    ++p;
    m_line_starts.push_back(static_cast<std::size_t>(p - begin));
  }
}

LineCol SourceText::line_col(std::size_t offset) const {
  offset = std::min(offset, m_text.size());
  auto it = std::upper_bound(m_line_starts.begin(), m_line_starts.end(), offset);
  std::size_t line_index = static_cast<std::size_t>(it - m_line_starts.begin()) - 1;
  int col = 1;
  for (std::size_t i = m_line_starts[line_index]; i < offset; ++i) {
    // UTF-8 continuation bytes do not start a new character.
    if ((static_cast<unsigned char>(m_text[i]) & 0xC0) != 0x80) {
      ++col;
    }
  }
  return LineCol{static_cast<int>(line_index) + 1, col};
}

std::string SourceText::line_text(int line) const {
  if (line < 1 || static_cast<std::size_t>(line) > m_line_starts.size()) {
    return "";
  }
  std::size_t begin = m_line_starts[static_cast<std::size_t>(line) - 1];
  std::size_t end = m_text.find('\n', begin);
  std::string out(m_text.substr(begin, end == std::string_view::npos ? std::string_view::npos : end - begin));
  if (!out.empty() && out.back() == '\r') {
    out.pop_back();
  }
  return out;
}

Diag SourceText::diag(std::size_t offset, std::string message) const {
  LineCol lc = line_col(offset);
  return Diag{m_name, lc.line, lc.col, std::move(message), line_text(lc.line)};
}

std::string SourceText::where(std::size_t offset) const {
  LineCol lc = line_col(offset);
  return m_name + ":" + std::to_string(lc.line) + ":" + std::to_string(lc.col);
}

}  // namespace mtaudit::engine
