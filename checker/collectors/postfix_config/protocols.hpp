#pragma once
// Postfix TLS protocol lists (smtpd_tls_protocols, smtp_tls_mandatory_protocols, a policy
// table's protocols= attribute, ...) turned into the set of protocol versions Postfix enables.
// Mirrors tls_proto_mask_lims() in src/tls/tls_misc.c (Postfix 3.6+; tls_protocol_mask()
// before 3.6, which knows no ">=" / "<=" bounds). Pure: no OpenSSL, no I/O.
#include <string>
#include <string_view>
#include <vector>

namespace mtaudit::postfix {

// Every protocol Postfix knows, lowest first (TLS_KNOWN_PROTOCOLS).
inline constexpr std::string_view k_known_protocols[] = {"SSLv2",   "SSLv3",   "TLSv1",
                                                         "TLSv1.1", "TLSv1.2", "TLSv1.3"};

struct ProtocolList {
  bool valid = true;                        // false: any invalid token => Postfix disables TLS
  std::vector<std::string> enabled;         // ordered subset of k_known_protocols
  std::vector<std::string> invalid_tokens;  // every invalid token, as written
  std::string error;                        // the first problem, human readable ("" if valid)
  // Bounds as Postfix hands them to SSL_set_{min,max}_proto_version(): wire version numbers
  // (0x0303 = TLSv1.2), 0 = no bound. A bound OpenSSL refuses is reported in `warnings` and
  // kept here as written, but `enabled` ignores it, as OpenSSL does.
  int floor = 0;
  int ceiling = 0;
  std::vector<std::string> warnings;  // valid but ineffective settings (one sentence each)
};

// Separators are whitespace, comma and colon, in any mix. Names are case-sensitive.
// Tokens: NAME (include), !NAME (exclude), >=VER, <=VER (only from Postfix 3.6 on; earlier
// versions reject them). VER is None, SSLv3, TLSv1, TLSv1.1, TLSv1.2, TLSv1.3, or a hex number
// as strtoul(.., 16) reads it (303, 0303, 0x0303; an empty VER reads as 0 = no bound). The last
// bound of each kind wins. An empty value enables every known protocol. An invalid list
// enables nothing.
ProtocolList parse_protocol_list(std::string_view value, int major, int minor);

// What an SMTP client actually offers: OpenSSL's client picks the *lowest* contiguous run of
// enabled versions, so excluding a version also drops every version above it
// (postconf(5) smtp_tls_protocols). SSLv2 is never offered (not in OpenSSL's version table);
// SSLv3 counts as a hole unless sslv3_available, because OpenSSL 3 refuses it at security
// level >= 2 and Debian builds it out. Empty for an invalid list.
std::vector<std::string> client_contiguous_range(const ProtocolList& list,
                                                 bool sslv3_available = false);

// "TLSv1.2" for 0x0303; "" for numbers that are not a known protocol.
std::string protocol_name(int wire_version);

}  // namespace mtaudit::postfix
