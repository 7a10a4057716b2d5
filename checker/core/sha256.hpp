#pragma once
// SHA-256 through OpenSSL's EVP interface, as lowercase hex: artifact hashes in reports let an
// auditor prove which revision of a file was assessed.
#include <string>
#include <string_view>

#include "core/expected.hpp"

namespace mtaudit {

// Digest of the bytes in memory (64 lowercase hex digits).
std::string sha256_hex(std::string_view data);

// Digest of a file's contents, read in chunks. Diag (file = path) when it cannot be opened/read.
Expected<std::string> sha256_file_hex(const std::string& path);

}  // namespace mtaudit
