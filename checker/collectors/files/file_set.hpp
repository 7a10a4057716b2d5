#pragma once
// The files the configuration names, as the I/O wrapper (collectors/files.cpp) found them.
// Everything after reading works on this, so tests build it from strings.
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "collectors/files/pem.hpp"

namespace mtaudit::files {

struct FileStat {
  std::int64_t size = 0;
  std::int64_t mtime = 0;  // seconds since the epoch
  unsigned uid = 0;
  unsigned gid = 0;
  unsigned mode = 0;  // permission bits (st_mode & 07777)
};

struct FileContent {
  std::string path;       // as the configuration names it
  std::string host_path;  // what was examined on this machine (under --root)
  std::optional<FileStat> stat;
  std::string stat_error;       // "" when stat is set
  bool readable = false;        // bytes hold the whole file
  bool permission_denied = false;  // open() failed with EACCES: the checker is not root
  std::string read_error;       // "" when readable: "cannot read /x: No such file or directory"
  SecretBytes bytes;
};

// By configured path.
using FileSet = std::map<std::string, FileContent>;

}  // namespace mtaudit::files
