#pragma once
// OpenSSL 3 builds its algorithm tables on first use: the first SSL_CTX_new fetches every
// cipher and digest the default provider has, about 10 M instructions (an eighth of an
// offline check). The tables are shared by all threads, so another thread can build them
// while the first one parses the configuration; the cipher expansion then finds them ready.
// (Key decoding is not worth warming: OpenSSL 3.0 sets up its decoders anew for every key.)

namespace mtaudit {

// Thread-safe; cheap once the tables exist. Errors are left for the real calls to meet.
void warm_up_openssl();

}  // namespace mtaudit
