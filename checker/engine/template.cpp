#include "engine/template.hpp"

#include <algorithm>
#include <string_view>

namespace mtaudit::engine {

namespace {

Expected<TemplatePart> placeholder(const SourceText& source, const std::string& name,
                                   std::size_t offset, TemplateAllows allows) {
  TemplatePart part;
  if (name == "observed" || name == "expected") {
    if (!allows.evidence) {
      return source.diag(offset, "placeholder '{" + name + "}' cannot be used in this template");
    }
    part.kind = name == "observed" ? TemplatePart::Kind::observed : TemplatePart::Kind::expected;
    return part;
  }
  if (name == "target") {
    if (!allows.target) {
      return source.diag(offset, "placeholder '{target}' cannot be used in this template");
    }
    part.kind = TemplatePart::Kind::target;
    return part;
  }
  if (name.rfind("param.", 0) == 0) {
    part.kind = TemplatePart::Kind::param;
    part.text = name.substr(6);
    part.path.offset = offset;
    return part;
  }
  auto path = parse_path(source, name, offset);
  if (!path) {
    return path.errors();
  }
  part.kind = TemplatePart::Kind::fact;
  part.path = std::move(*path);
  return part;
}

void add_text(Template& out, std::string_view text) {
  if (out.parts.empty() || out.parts.back().kind != TemplatePart::Kind::text) {
    out.parts.push_back(TemplatePart{});
  }
  out.parts.back().text += text;
}

}  // namespace

Expected<PathRef> parse_path(const SourceText& source, const std::string& text, std::size_t offset) {
  PathRef path;
  path.text = text;
  path.offset = offset;
  std::size_t start = 0;
  while (true) {
    std::size_t dot = text.find('.', start);
    std::string segment = text.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (segment.empty()) {
      return source.diag(offset, "malformed fact path '" + text + "'");
    }
    if (path.var.empty()) {
      path.var = segment;
    } else {
      path.members.push_back(segment);
    }
    if (dot == std::string::npos) {
      return path;
    }
    start = dot + 1;
  }
}

Expected<Template> parse_template(const SourceText& source, const std::string& text,
                                  std::size_t offset, TemplateAllows allows) {
  Template out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    // Text up to the next brace is literal: taken in one piece.
    std::size_t brace = std::min(text.find_first_of("{}", i), text.size());
    if (brace > i) {
      add_text(out, std::string_view(text).substr(i, brace - i));
      i = brace - 1;
      continue;
    }
    char c = text[i];
    bool doubled = i + 1 < text.size() && text[i + 1] == c;
    if (doubled) {
      add_text(out, std::string_view(&text[i], 1));
      ++i;
      continue;
    }
    std::size_t close = c == '{' ? text.find('}', i) : std::string::npos;
    if (c == '}' || (c == '{' && close == std::string::npos)) {
      return source.diag(offset + 1 + i, std::string("unbalanced '") + c +
                                             "' in template (write '" + c + c +
                                             "' for a literal brace)");
    }
    auto part = placeholder(source, text.substr(i + 1, close - i - 1), offset + 1 + i, allows);
    if (!part) {
      return part.errors();
    }
    out.parts.push_back(std::move(*part));
    i = close;
  }
  return out;
}

}  // namespace mtaudit::engine
