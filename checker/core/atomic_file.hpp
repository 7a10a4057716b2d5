#pragma once
// Report files are written whole or not at all: the data goes to a temporary file in the
// target's directory (same file system, so rename(2) is atomic), is flushed and fsync'ed, and
// then renamed over the target. A reader (CI upload step, dashboard) never sees half a report,
// and a failed write leaves the previous file untouched and no temporary file behind.
#include <cstddef>
#include <cstdio>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/expected.hpp"

namespace mtaudit {

// The path that means "standard output" (no atomicity: bytes go straight to stdout).
inline constexpr std::string_view k_stdout_path = "-";

// Writes `produce`'s output to `path`. `produce` gets the open temporary file; when it returns a
// Diag, or any write/flush/fsync/rename fails, the temporary file is removed and the Diag (file
// = path) is returned. On success: the number of bytes written (0 for a pipe on stdout). The new file gets the mode of
// the file it replaces, else 0666 minus the umask.
using FileProducer = std::function<std::optional<Diag>(std::FILE*)>;
Expected<std::size_t> write_file_atomic(const std::string& path, const FileProducer& produce);

// Same, for contents already in memory.
Expected<std::size_t> write_file_atomic(const std::string& path, std::string_view contents);

}  // namespace mtaudit
