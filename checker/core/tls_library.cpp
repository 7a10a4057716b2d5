#include "core/tls_library.hpp"

#include <openssl/crypto.h>

namespace mtaudit {

std::string tls_library_version() { return OpenSSL_version(OPENSSL_VERSION); }

bool tls_library_linked_in() { return MTAUDIT_OPENSSL_LINKED_IN != 0; }

}  // namespace mtaudit
