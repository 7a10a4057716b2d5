#include "collectors/postfix_config/logical_lines.hpp"

#include <optional>

namespace mtaudit::postfix {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || c == '\n';
}

bool is_blank_or_comment(std::string_view line) {
  for (char c : line) {
    if (!is_space(c)) {
      return c == '#';
    }
  }
  return true;
}

}  // namespace

int LogicalLine::line_at(std::size_t offset) const {
  int found = line;
  for (const auto& [start, number] : segments) {
    if (start <= offset) found = number;
  }
  return found;
}

std::vector<LogicalLine> read_logical_lines(std::string_view content, const std::string& file,
                                            Diags* warnings) {
  std::vector<LogicalLine> out;
  std::optional<LogicalLine> orphan;  // indented text with nothing to continue
  bool open = false;                  // is out.back() still accepting continuation lines
  auto drop_orphan = [&] {
    if (orphan && warnings != nullptr) {
      std::string shown = orphan->text.substr(0, 30) + (orphan->text.size() > 30 ? "..." : "");
      warnings->push_back({file, orphan->line, 0,
                           "logical line must not start with whitespace: \"" + shown + "\"",
                           orphan->text});
    }
    orphan.reset();
  };
  int number = 0;
  std::size_t pos = 0;
  while (pos < content.size()) {
    std::size_t end = content.find('\n', pos);
    std::string_view line = content.substr(pos, end == std::string_view::npos ? end : end - pos);
    pos = end == std::string_view::npos ? content.size() : end + 1;
    ++number;
    if (is_blank_or_comment(line)) {
      continue;
    }
    if (!is_space(line.front())) {
      drop_orphan();
      out.push_back({std::string(line), number, {{0, number}}});
      open = true;
    } else if (orphan) {
      orphan->text += line;
    } else if (open) {
      out.back().segments.emplace_back(out.back().text.size(), number);
      out.back().text += line;
    } else {
      orphan = LogicalLine{std::string(line), number, {{0, number}}};
    }
  }
  drop_orphan();
  return out;
}

}  // namespace mtaudit::postfix
