#include "collectors/postfix_config/ciphers.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <utility>

#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/ssl.h>

#include "core/openssl_ptr.hpp"

namespace mtaudit::postfix {
namespace {

constexpr std::array<std::string_view, 5> k_grades = {"high", "medium", "low", "export", "null"};

// CIPHER_SEP in tls_misc.c: CHARS_COMMA_SP ":".
constexpr std::string_view k_separators = ", \t\r\n:";

void split_into(std::string_view value, std::vector<std::string>& out) {
  std::size_t pos = 0;
  while ((pos = value.find_first_not_of(k_separators, pos)) != std::string_view::npos) {
    std::size_t end = std::min(value.find_first_of(k_separators, pos), value.size());
    out.emplace_back(value.substr(pos, end - pos));
    pos = end;
  }
}

// Every queued OpenSSL error reason, "; "-joined, and the queue emptied.
std::string take_openssl_errors() {
  std::string out;
  while (unsigned long e = ERR_get_error()) {
    const char* reason = ERR_reason_error_string(e);
    out += (out.empty() ? "" : "; ");
    out += reason != nullptr ? reason : "unknown OpenSSL error";
  }
  return out.empty() ? "unknown OpenSSL error" : out;
}

Diag message_diag(std::string message) {
  Diag d;
  d.message = std::move(message);
  return d;
}

std::string nid_long_name(int nid) {
  if (nid == NID_undef) {
    return "";
  }
  const char* ln = OBJ_nid2ln(nid);
  return ln != nullptr ? ln : "";
}

// Value of a `Key=value` column of SSL_CIPHER_description(), or "".
std::string column(const std::vector<std::string_view>& cols, std::string_view key) {
  for (auto c : cols) {
    if (c.size() > key.size() && c.substr(0, key.size()) == key && c[key.size()] == '=') {
      return std::string(c.substr(key.size() + 1));
    }
  }
  return "";
}

// SSL_CIPHER_description() is what `openssl ciphers -v` prints; reading its columns keeps the
// text identical to the CLI without re-implementing OpenSSL's name tables.
void fill_description_columns(const SSL_CIPHER* c, CipherSuite& s) {
  char buf[256];
  if (SSL_CIPHER_description(c, buf, sizeof buf) == nullptr) {
    return;
  }
  // Whitespace-separated words, as `>>` reads them (the line ends in a newline).
  constexpr std::string_view k_space = " \t\n\v\f\r";
  std::string_view text(buf);
  std::vector<std::string_view> cols;
  for (std::size_t pos = text.find_first_not_of(k_space); pos != std::string_view::npos;
       pos = text.find_first_not_of(k_space, pos)) {
    std::size_t end = std::min(text.find_first_of(k_space, pos), text.size());
    cols.push_back(text.substr(pos, end - pos));
    pos = end;
  }
  if (cols.size() >= 2) {
    s.protocol = std::string(cols[1]);
  }
  s.kx = column(cols, "Kx");
  s.auth = column(cols, "Au");
  s.enc = column(cols, "Enc");
  s.mac = column(cols, "Mac");
}

bool is_tls13(const SSL_CIPHER* c) { return std::string_view(SSL_CIPHER_get_version(c)) == "TLSv1.3"; }

// The suites of a fresh SSL made from ctx, TLS 1.3 ones or the others, each marked usable
// when SSL_get1_supported_ciphers() keeps it (security level and protocol range applied).
Expected<std::vector<CipherSuite>> list_suites(SSL_CTX* ctx, bool want_tls13,
                                               std::map<unsigned long, CipherSuite>* described) {
  SslPtr ssl(SSL_new(ctx));
  if (!ssl) {
    return message_diag("cannot create an OpenSSL session: " + take_openssl_errors());
  }
  SslCipherStackPtr supported(SSL_get1_supported_ciphers(ssl.get()));
  std::set<unsigned long> usable_ids;
  for (int i = 0; supported && i < sk_SSL_CIPHER_num(supported.get()); ++i) {
    usable_ids.insert(SSL_CIPHER_get_id(sk_SSL_CIPHER_value(supported.get(), i)));
  }
  std::vector<CipherSuite> out;
  STACK_OF(SSL_CIPHER)* all = SSL_get_ciphers(ssl.get());  // owned by ssl
  out.reserve(all != nullptr ? static_cast<std::size_t>(sk_SSL_CIPHER_num(all)) : 0);
  for (int i = 0; all != nullptr && i < sk_SSL_CIPHER_num(all); ++i) {
    const SSL_CIPHER* c = sk_SSL_CIPHER_value(all, i);
    if (is_tls13(c) != want_tls13) continue;
    unsigned long id = SSL_CIPHER_get_id(c);
    auto it = described->find(id);
    if (it == described->end()) it = described->emplace(id, describe_cipher(c, false)).first;
    out.push_back(it->second);
    out.back().usable = usable_ids.count(id) > 0;
  }
  return out;
}

}  // namespace

Expected<std::string> build_cipher_string(std::string_view grade,
                                          const std::string& grade_cipherlist,
                                          const std::vector<std::string>& exclusion_lists,
                                          const std::vector<std::string>& extra_exclusions) {
  if (std::find(k_grades.begin(), k_grades.end(), grade) == k_grades.end()) {
    return message_diag("invalid cipher grade: \"" + std::string(grade) + "\"");
  }
  if (grade_cipherlist.empty()) {
    return message_diag("empty \"" + std::string(grade) + "\" cipherlist");
  }
  std::vector<std::string> tokens;
  for (const auto& list : exclusion_lists) {
    split_into(list, tokens);
  }
  for (const auto& extra : extra_exclusions) {
    split_into(extra, tokens);
  }
  std::string out = grade_cipherlist;
  Diags errors;
  for (const auto& tok : tokens) {
    if (std::string_view("!+-@").find(tok[0]) != std::string_view::npos) {
      errors.push_back(message_diag("invalid unary '!+-@' in cipher exclusion: " + tok));
    }
    out += ":!" + tok;
  }
  if (!errors.empty()) {
    return errors;
  }
  return out;
}

Expected<std::vector<CipherSuite>> CipherExpander::expand(const std::string& cipher_string) {
  ERR_clear_error();
  if (!m_ctx) m_ctx.reset(SSL_CTX_new(TLS_method()));
  if (!m_ctx) {
    return message_diag("cannot create an OpenSSL context: " + take_openssl_errors());
  }
  if (SSL_CTX_set_cipher_list(m_ctx.get(), cipher_string.c_str()) != 1) {
    return message_diag("OpenSSL rejects cipher list \"" + cipher_string +
                           "\": " + take_openssl_errors());
  }
  return list_suites(m_ctx.get(), false, &m_described);
}

Expected<std::vector<CipherSuite>> expand_cipher_string(const std::string& cipher_string) {
  return CipherExpander().expand(cipher_string);
}

std::vector<CipherSuite> default_tls13_suites() {
  ERR_clear_error();
  SslCtxPtr ctx(SSL_CTX_new(TLS_method()));
  if (!ctx) {
    ERR_clear_error();
    return {};
  }
  std::map<unsigned long, CipherSuite> described;
  auto suites = list_suites(ctx.get(), true, &described);
  ERR_clear_error();
  return suites.ok() ? std::move(suites).value() : std::vector<CipherSuite>{};
}

CipherSuite describe_cipher(const SSL_CIPHER* cipher, bool usable) {
  CipherSuite s;
  s.name = SSL_CIPHER_get_name(cipher);
  fill_description_columns(cipher, s);
  s.kx_nid = nid_long_name(SSL_CIPHER_get_kx_nid(cipher));
  s.auth_nid = nid_long_name(SSL_CIPHER_get_auth_nid(cipher));
  s.cipher_nid = nid_long_name(SSL_CIPHER_get_cipher_nid(cipher));
  s.digest_nid = nid_long_name(SSL_CIPHER_get_digest_nid(cipher));
  s.aead = SSL_CIPHER_is_aead(cipher) == 1;
  s.bits = SSL_CIPHER_get_bits(cipher, nullptr);
  s.usable = usable;
  return s;
}

std::vector<std::string> weak_classes(const CipherSuite& s) {
  const std::string& c = s.cipher_nid;
  bool has_enc = !c.empty();
  const std::pair<const char*, bool> checks[] = {
      {"aNULL", s.auth_nid == "auth-null"},
      {"eNULL", !has_enc},
      {"EXPORT", s.name.starts_with("EXP") || (has_enc && s.bits > 0 && s.bits < 56)},
      {"LOW", has_enc && s.bits > 0 && s.bits < 128},
      {"RC4", c.starts_with("rc4")},
      {"3DES", c == "des-ede3-cbc"},
      {"DES", c == "des-cbc"},
      {"CAMELLIA", c.starts_with("camellia")},
      {"SEED", c == "seed-cbc"},
      {"IDEA", c == "idea-cbc"},
      {"MD5", s.digest_nid == "md5"},
  };
  std::vector<std::string> out;
  for (const auto& [name, hit] : checks) {
    if (hit) {
      out.emplace_back(name);
    }
  }
  return out;
}

bool is_pfs(const CipherSuite& s) {
  static constexpr std::array<std::string_view, 5> k_ephemeral = {
      "kx-ecdhe", "kx-dhe", "kx-ecdhe-psk", "kx-dhe-psk", "kx-any"};
  return std::find(k_ephemeral.begin(), k_ephemeral.end(), s.kx_nid) != k_ephemeral.end();
}

}  // namespace mtaudit::postfix
