#pragma once
// Judges smtp_tls_policy_maps results ("encrypt protocols=>=TLSv1.2 ciphers=high") and
// tls_server_sni_maps values the way Postfix does: the SMTP client's policy parser
// (src/smtp/smtp_tls_policy.c) plus the checks the TLS library applies when the policy is
// used (tls_proto_mask_lims(), tls_set_ciphers() in src/tls/tls_misc.c). Pure.
//
// Messages are Postfix's, without its "TITLE, next-hop destination \"KEY\": " prefix (the
// Diag's file/line/snippet say where instead).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "collectors/postfix_config/lookup_tables.hpp"
#include "collectors/postfix_config/version.hpp"
#include "core/diag.hpp"

namespace mtaudit::postfix {

enum class TlsLevel { none, may, encrypt, fingerprint, dane, dane_only, verify, secure };

// Case-sensitive, as tls_level_lookup(); the internal "halfdane" is not a valid name.
std::optional<TlsLevel> parse_tls_level(std::string_view name);
std::string_view to_string(TlsLevel level);

struct PolicyAttribute {
  std::string name;  // lower case (Postfix compares attribute names case-insensitively)
  std::string value;

  bool operator==(const PolicyAttribute&) const = default;
};

struct TlsPolicy {
  std::optional<TlsLevel> level;            // nullopt when the first word is not a level
  std::vector<PolicyAttribute> attributes;  // every well-formed name=value, in order
  // Any error makes Postfix treat the destination as invalid (mail deferred, "client TLS
  // configuration problem"), or, for cipher/protocol/exclusion values, makes every TLS
  // handshake with it fail. Postfix stops at the first error; all are listed here.
  Diags errors;
  Diags warnings;  // Postfix logs these and still uses the entry

  bool valid() const { return errors.empty(); }
};

// Where a value came from; copied into every Diag of the result.
struct PolicyOrigin {
  std::string file;
  int line = 0;
  std::string snippet;
};

// version: the Postfix release whose rules apply; attributes and syntax that appeared later
// are errors there (enable_rpk 3.9; "{ name = value }" and the TLSRPT attributes 3.10).
TlsPolicy parse_tls_policy(std::string_view value, const PostfixVersion& version = {},
                           const PolicyOrigin& origin = {});

// parse_tls_policy() for one table entry; the snippet is "key value".
TlsPolicy parse_tls_policy_entry(const TableEntry& entry, const std::string& file,
                                 const PostfixVersion& version = {});

// tls_proto_mask_lims() syntax: tokens "NAME", "!NAME", and since 3.6 ">=VER", "<=VER"
// (VER: SSLv3 TLSv1 TLSv1.1 TLSv1.2 TLSv1.3 None, or a hexadecimal protocol number).
// separators is ":" inside a policy attribute and ", \t\r\n:" in main.cf values. An empty
// list is valid (no restriction).
bool valid_protocol_list(std::string_view list, std::string_view separators,
                         const PostfixVersion& version = {});

// high medium low export null, case-sensitive.
bool valid_cipher_grade(std::string_view grade);

// valid_hostname(): letters, digits, '_', '-' and '.', no empty labels, no label over 63
// characters or starting/ending with '-', not all-numeric, at most 255 characters.
bool valid_hostname(std::string_view name);

// A tls_server_sni_maps value: the chain files whose contents postmap -F stores, separated
// by whitespace or commas, in order.
std::vector<std::string> parse_sni_files(std::string_view value);

}  // namespace mtaudit::postfix
