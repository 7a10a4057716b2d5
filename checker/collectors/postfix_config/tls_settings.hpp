#pragma once
// What a service's TLS parameters mean once Postfix applies them: the effective security level
// (legacy booleans, wrapper mode), the protocol list and cipher string in force at that level,
// and the server's certificate files. Pure: values come from a ParamSpace.
#include <map>
#include <string>
#include <utility>

#include "collectors/postfix_config/ciphers.hpp"
#include "collectors/postfix_config/param_space.hpp"
#include "facts/fact.hpp"

namespace mtaudit::postfix {

// Expanding a cipher string needs an SSL_CTX; many services share one string, so a run keeps
// the expansions it has made here.
class CipherCache {
 public:
  struct Expansion {
    facts::Fact suites;  // list; empty when OpenSSL rejects the string
    std::string error;   // OpenSSL's reason, "" when the string is accepted
  };
  const Expansion& expansion(const std::string& cipher_string);

 private:
  std::map<std::string, Expansion> m_cache;
  std::map<std::pair<std::string, bool>, facts::Fact> m_suites;  // by name and usable
  CipherExpander m_expander;
};

// The `tls` fact of a service whose program is smtpd (server side), up to its cipher string:
// add_cipher_suites() expands that string.
facts::Fact server_tls_facts(const ParamSpace& space);

// The `tls` fact of an SMTP or LMTP client (`prefix` is "smtp" or "lmtp"), likewise.
facts::Fact client_tls_facts(const ParamSpace& space, const std::string& prefix);

// Adds `ciphers` (the suites) and `cipher_error` (OpenSSL's reason) to a `tls` fact from its
// `cipher_string`; a string Postfix already rejected keeps its empty list.
void add_cipher_suites(facts::Fact& tls, CipherCache& ciphers);

}  // namespace mtaudit::postfix
