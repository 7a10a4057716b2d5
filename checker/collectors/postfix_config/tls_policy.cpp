#include "collectors/postfix_config/tls_policy.hpp"

#include <algorithm>
#include <array>
#include <set>

namespace mtaudit::postfix {

namespace {

struct LevelName {
  TlsLevel level;
  std::string_view name;
};

constexpr std::array<LevelName, 8> k_levels{{
    {TlsLevel::none, "none"},
    {TlsLevel::may, "may"},
    {TlsLevel::encrypt, "encrypt"},
    {TlsLevel::fingerprint, "fingerprint"},
    {TlsLevel::dane, "dane"},
    {TlsLevel::dane_only, "dane-only"},
    {TlsLevel::verify, "verify"},
    {TlsLevel::secure, "secure"},
}};

// The attributes smtp_tls_policy.c knows, with the release that introduced each.
struct AttributeRule {
  std::string_view name;
  int major;
  int minor;
  bool once;  // "is specified multiple times" is an error
};

constexpr std::array<AttributeRule, 14> k_attributes{{
    {"ciphers", 2, 3, true},
    {"protocols", 2, 3, true},
    {"exclude", 2, 6, true},
    {"match", 2, 5, false},
    {"tafile", 2, 11, false},
    {"servername", 3, 4, true},
    {"connection_reuse", 3, 4, false},
    {"enable_rpk", 3, 9, false},
    {"policy_ttl", 3, 10, true},
    {"policy_type", 3, 10, true},
    {"policy_domain", 3, 10, true},
    {"policy_string", 3, 10, false},
    {"mx_host_pattern", 3, 10, false},
    {"policy_failure", 3, 10, true},
}};

constexpr std::array<std::string_view, 6> k_protocols{"SSLv2",   "SSLv3",   "TLSv1",
                                                      "TLSv1.1", "TLSv1.2", "TLSv1.3"};
constexpr std::array<std::string_view, 6> k_bound_names{"None",    "SSLv3",   "TLSv1",
                                                        "TLSv1.1", "TLSv1.2", "TLSv1.3"};

using Check = std::optional<std::string>;

template <class List>
bool contains(const List& list, std::string_view s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

std::string lowercase(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  });
  return out;
}

// Whitespace other than the plain space (EXTPAR_FLAG_NORMAL_WS turns it into spaces).
bool is_other_space(char c) {
  return c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool is_ascii_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// parse_tls_version(): a name, or what strtoul(s, &end, 16) consumes entirely and that fits
// an int. strtoul consumes nothing of "", which is therefore accepted (no bound).
bool valid_version_bound(std::string_view v) {
  if (contains(k_bound_names, v) || v.empty()) {
    return true;
  }
  if (v.front() == '+') {
    v.remove_prefix(1);
  }
  if (v.size() > 2 && v[0] == '0' && (v[1] == 'x' || v[1] == 'X') && is_hex(v[2])) {
    v.remove_prefix(2);
  }
  if (v.empty() || !std::all_of(v.begin(), v.end(), is_hex)) {
    return false;
  }
  v.remove_prefix(std::min(v.find_first_not_of('0'), v.size()));
  return v.size() < 8 || (v.size() == 8 && v[0] <= '7');
}

bool valid_protocol_token(std::string_view tok, const PostfixVersion& version) {
  bool bound = tok.substr(0, 2) == ">=" || tok.substr(0, 2) == "<=";
  if (bound) {
    return version.at_least(3, 6) && valid_version_bound(tok.substr(2));
  }
  if (!tok.empty() && tok.front() == '!') {
    tok.remove_prefix(1);
  }
  return contains(k_protocols, tok);
}

bool is_yes_no(std::string_view v) {
  std::string l = lowercase(v);
  return l == "yes" || l == "no";
}

bool all_digits_int(std::string_view v) {
  if (!std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return false;
  }
  v.remove_prefix(std::min(v.find_first_not_of('0'), v.size()));
  return v.size() < 10 || (v.size() == 10 && v <= "2147483647");
}

std::string attr(std::string_view name) {
  return "attribute \"" + std::string(name) + "\"";
}

std::string quoted(std::string_view value) {
  return "\"" + std::string(value) + "\"";
}

// Values the TLS library rejects when the policy is used (the handshake is not attempted).
Check check_cipher_value(std::string_view lname, std::string_view value,
                         const PostfixVersion& version) {
  if (lname == "ciphers" && !valid_cipher_grade(value)) {
    return "invalid cipher grade: " + quoted(value);
  }
  if (lname == "protocols" && !valid_protocol_list(value, ":", version)) {
    return "Invalid TLS protocol list " + quoted(value);
  }
  if (lname == "exclude") {
    for (const std::string& tok : split_tokens(value, ", \t\r\n:", false)) {
      if (std::string_view("!+-@").find(tok.front()) != std::string_view::npos) {
        return "invalid unary '!+-@' in cipher exclusion: " + tok;
      }
    }
  }
  return std::nullopt;
}

Check check_auth_value(std::string_view lname, const NameValue& nv, TlsLevel level) {
  bool match_ok = level == TlsLevel::fingerprint || level == TlsLevel::verify ||
                  level == TlsLevel::secure;
  bool pkix = level == TlsLevel::verify || level == TlsLevel::secure;
  if ((lname == "match" && !match_ok) || (lname == "tafile" && !pkix)) {
    return attr(nv.name) + " invalid at security level " + quoted(to_string(level));
  }
  if (lname == "tafile" && nv.value.empty()) {
    return attr(nv.name) + " has empty value";
  }
  return std::nullopt;
}

Check check_other_value(std::string_view lname, const NameValue& nv) {
  if (lname == "servername" && !valid_hostname(nv.value)) {
    return quoted(nv.name + "=" + nv.value) + " specifies an invalid hostname";
  }
  if ((lname == "connection_reuse" || lname == "enable_rpk") && !is_yes_no(nv.value)) {
    return attr(nv.name) + " has bad value: " + quoted(nv.value);
  }
  bool malformed = (lname == "policy_ttl" && !all_digits_int(nv.value)) ||
                   (lname == "policy_domain" && !valid_hostname(nv.value));
  if (malformed) {
    return attr(nv.name) + " has a malformed value: " + quoted(nv.value);
  }
  bool unexpected =
      (lname == "policy_type" && nv.value != "sts" && nv.value != "no-policy-found") ||
      (lname == "policy_failure" &&
       !contains(std::array<std::string_view, 4>{"sts-policy-fetch-error", "sts-policy-invalid",
                                                 "sts-webpki-invalid", "validation-failure"},
                 nv.value));
  if (unexpected) {
    return attr(nv.name) + " has an unexpected value: " + quoted(nv.value);
  }
  return std::nullopt;
}

// Accumulates one policy's verdict; attribute checks follow smtp_tls_policy.c's order.
class PolicyParser {
 public:
  PolicyParser(const PostfixVersion& version, const PolicyOrigin& origin, TlsPolicy& out)
      : m_version(version), m_origin(origin), m_out(out) {}

  void error(std::string message) { m_out.errors.push_back(diag(std::move(message))); }
  void warning(std::string message) { m_out.warnings.push_back(diag(std::move(message))); }

  void attribute(const std::string& token) {
    auto nv = split_attribute(token);
    if (!nv) {
      error("malformed attribute/value pair " + quoted(token) + ": " +
            nv.errors().front().message);
      return;
    }
    std::string lname = lowercase(nv->name);
    m_out.attributes.push_back(PolicyAttribute{lname, nv->value});
    if (Check problem = check(lname, *nv)) {
      error(std::move(*problem));
    }
  }

  void finish() {
    bool has_type = m_seen.count("policy_type") > 0;
    bool has_ext = std::any_of(m_seen.begin(), m_seen.end(), [](const std::string& n) {
      return n.rfind("policy_", 0) == 0 || n == "mx_host_pattern";
    });
    if (has_ext && !has_type) {
      error("built-in policy has unexpected attribute policy_ttl, policy_domain, "
            "policy_string, mx_host_pattern or policy_failure");
    }
  }

 private:
  Diag diag(std::string message) const {
    return Diag{m_origin.file, m_origin.line, 0, std::move(message), m_origin.snippet};
  }

  // Since 3.10 an attribute may be written "{ name = value }" so the value can hold spaces;
  // whitespace inside is normalised to plain spaces (EXTPAR_FLAG_NORMAL_WS).
  Expected<NameValue> split_attribute(const std::string& token) const {
    if (!braces_allowed() || token.front() != '{') {
      return parse_name_value(token);
    }
    auto inner = extract_braced_text(token);
    if (!inner) {
      return std::move(inner).take_errors();
    }
    std::string text = std::move(inner).value();
    std::replace_if(text.begin(), text.end(), is_other_space, ' ');
    return parse_name_value(text);
  }

  Check check(const std::string& lname, const NameValue& nv) {
    auto rule = std::find_if(k_attributes.begin(), k_attributes.end(),
                             [&](const AttributeRule& r) { return r.name == lname; });
    if (rule == k_attributes.end() || !m_version.at_least(rule->major, rule->minor)) {
      return "invalid attribute name: " + quoted(nv.name);
    }
    if ((lname == "ciphers" || lname == "match") && nv.value.empty()) {
      return attr(nv.name) + " has empty value";
    }
    if (!m_seen.insert(lname).second && rule->once) {
      return attr(nv.name) + " is specified multiple times";
    }
    if (Check c = check_auth_value(lname, nv, *m_out.level)) {
      return c;
    }
    if (Check c = check_cipher_value(lname, nv.value, m_version)) {
      return c;
    }
    return check_other_value(lname, nv);
  }

  bool braces_allowed() const { return m_version.at_least(3, 10); }

  const PostfixVersion& m_version;
  const PolicyOrigin& m_origin;
  TlsPolicy& m_out;
  std::set<std::string> m_seen;
};

}  // namespace

std::optional<TlsLevel> parse_tls_level(std::string_view name) {
  for (const LevelName& l : k_levels) {
    if (l.name == name) {
      return l.level;
    }
  }
  return std::nullopt;
}

std::string_view to_string(TlsLevel level) {
  for (const LevelName& l : k_levels) {
    if (l.level == level) {
      return l.name;
    }
  }
  return "unknown";
}

TlsPolicy parse_tls_policy(std::string_view value, const PostfixVersion& version,
                           const PolicyOrigin& origin) {
  TlsPolicy policy;
  PolicyParser parser(version, origin, policy);
  std::vector<std::string> tokens = split_tokens(value, k_comma_space, version.at_least(3, 10));
  if (tokens.empty()) {
    parser.error("invalid empty policy");
    return policy;
  }
  policy.level = parse_tls_level(tokens.front());
  if (!policy.level) {
    parser.error("invalid security level " + quoted(tokens.front()));
    return policy;
  }
  for (std::size_t i = 1; i < tokens.size(); ++i) {
    if (*policy.level == TlsLevel::none) {
      parser.warning("ignoring attribute " + quoted(tokens[i]) + " with TLS disabled");
    } else {
      parser.attribute(tokens[i]);
    }
  }
  parser.finish();
  return policy;
}

TlsPolicy parse_tls_policy_entry(const TableEntry& entry, const std::string& file,
                                 const PostfixVersion& version) {
  PolicyOrigin origin{file, entry.line, entry.key + " " + entry.value};
  return parse_tls_policy(entry.value, version, origin);
}

bool valid_protocol_list(std::string_view list, std::string_view separators,
                         const PostfixVersion& version) {
  std::vector<std::string> tokens = split_tokens(list, separators, false);
  return std::all_of(tokens.begin(), tokens.end(), [&](const std::string& tok) {
    return valid_protocol_token(tok, version);
  });
}

bool valid_cipher_grade(std::string_view grade) {
  return contains(std::array<std::string_view, 5>{"high", "medium", "low", "export", "null"},
                  grade);
}

bool valid_hostname(std::string_view name) {
  if (name.empty() || name.size() > 255) {
    return false;
  }
  std::size_t label = 0;
  bool non_numeric = false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool last = i + 1 == name.size();
    if (is_ascii_alnum(c) || c == '_') {
      non_numeric |= !(c >= '0' && c <= '9');
      if (++label > 63) {
        return false;
      }
    } else if (c == '.') {
      if (label == 0 || last) {
        return false;
      }
      label = 0;
    } else if (c != '-' || ++label == 1 || last || name[i + 1] == '.') {
      return false;
    }
  }
  return non_numeric;
}

std::vector<std::string> parse_sni_files(std::string_view value) {
  return split_tokens(value, k_comma_space, false);
}

}  // namespace mtaudit::postfix
