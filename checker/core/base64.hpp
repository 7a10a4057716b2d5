#pragma once
// Base64 (RFC 4648, with padding) through OpenSSL's encoder: certificates carried in facts as
// text, DKIM keys read from DNS.
#include <optional>
#include <string>
#include <string_view>

namespace mtaudit {

std::string base64_encode(std::string_view bytes);
// Spaces and tabs are skipped (DKIM p= may be folded); nullopt for anything else not base64.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace mtaudit
