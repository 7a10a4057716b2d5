#pragma once
// File paths -> SARIF artifactLocation URIs, purely lexically (no file system access, so the
// output depends only on the inputs). A path inside the source root becomes a relative URI
// used with uriBaseId %SRCROOT%; GitHub rejects anything that is not such a repo-relative path
// (a "host:port" even parses as a URI scheme), so every byte outside [A-Za-z0-9-._~/] is
// percent-encoded.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace mtaudit::reporters {

struct ArtifactUri {
  std::string uri;
  bool in_root = false;  // relative to the source root (give it uriBaseId %SRCROOT%)
};

class UriMapper {
 public:
  // source_root: the %SRCROOT% directory ("" = relative paths are repo-relative as they are).
  // base_dir: what relative file paths are relative to ("" = source_root).
  UriMapper(std::string_view source_root, std::string_view base_dir);

  ArtifactUri map(std::string_view file) const;
  // "file:///abs/root/" when the source root is absolute, for run.originalUriBaseIds.
  std::optional<std::string> root_uri() const;

 private:
  std::filesystem::path m_root;
  std::filesystem::path m_base;
};

std::string percent_encode_path(std::string_view path);

}  // namespace mtaudit::reporters
