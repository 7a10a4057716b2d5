#include "core/openssl_warmup.hpp"

#include <openssl/err.h>

#include "core/openssl_ptr.hpp"

namespace mtaudit {

void warm_up_openssl() {
  SslCtxPtr ctx(SSL_CTX_new(TLS_method()));
  ERR_clear_error();
}

}  // namespace mtaudit
