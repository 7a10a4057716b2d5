#include "reporters/sarif_paths.hpp"

namespace mtaudit::reporters {
namespace {

namespace fs = std::filesystem;

// lexically_normal keeps a trailing separator ("/repo/"), which lexically_relative then
// treats as an extra empty component; drop it.
fs::path normal_dir(std::string_view dir) {
  if (dir.empty()) {
    return {};
  }
  fs::path p = fs::path(dir).lexically_normal();
  if (!p.has_filename() && p.has_relative_path()) {
    p = p.parent_path();
  }
  return p;
}

bool escapes_upward(const fs::path& rel) {
  return rel.empty() || *rel.begin() == ".." || rel == ".";
}

}  // namespace

UriMapper::UriMapper(std::string_view source_root, std::string_view base_dir)
    : m_root(normal_dir(source_root)), m_base(normal_dir(base_dir)) {
  if (m_base.empty()) {
    m_base = m_root;
  }
}

ArtifactUri UriMapper::map(std::string_view file) const {
  fs::path p(file);
  if (p.is_relative() && !m_base.empty()) {
    p = m_base / p;
  }
  p = p.lexically_normal();
  fs::path rel = m_root.empty() ? p : p.lexically_relative(m_root);
  if (!rel.is_absolute() && !escapes_upward(rel)) {
    return {percent_encode_path(rel.generic_string()), true};
  }
  if (p.is_absolute()) {
    return {"file://" + percent_encode_path(p.generic_string()), false};
  }
  return {percent_encode_path(p.generic_string()), false};
}

std::optional<std::string> UriMapper::root_uri() const {
  if (!m_root.is_absolute()) {
    return std::nullopt;
  }
  std::string uri = "file://" + percent_encode_path(m_root.generic_string());
  if (uri.back() != '/') {
    uri += '/';
  }
  return uri;
}

std::string percent_encode_path(std::string_view path) {
  static constexpr char k_hex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : path) {
    auto c = static_cast<unsigned char>(ch);
    bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
    if (keep) {
      out += ch;
    } else {
      out += '%';
      out += k_hex[c >> 4];
      out += k_hex[c & 0x0F];
    }
  }
  return out;
}

}  // namespace mtaudit::reporters
