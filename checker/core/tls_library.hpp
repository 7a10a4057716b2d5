#pragma once
// The OpenSSL this binary runs with. Cipher-list expansion and the live probe depend on its
// version, so reports name it and `mtaudit version` prints it; with OpenSSL linked in
// (MTAUDIT_STATIC_OPENSSL) neither ldd nor the package manager can tell.
#include <string>

namespace mtaudit {

std::string tls_library_version();  // "OpenSSL 3.0.19 27 Jan 2026"
bool tls_library_linked_in();

}  // namespace mtaudit
