#include "collectors/postfix_config/tls_settings.hpp"

#include <algorithm>
#include <sstream>
#include <cctype>
#include <vector>

#include "collectors/postfix_config/ciphers.hpp"
#include "collectors/postfix_config/protocols.hpp"

namespace mtaudit::postfix {
namespace {

using facts::Fact;
using facts::FactList;

// Reads expanded values and remembers problems (unknown names, bad booleans) as it goes.
struct Reader {
  const ParamSpace& space;
  std::vector<std::string> problems;

  std::string get(const std::string& name) {
    auto v = space.expanded(name, nullptr);
    if (!v) {
      problems.push_back(name + ": " + v.errors().front().message);
      return "";
    }
    return *v;
  }
  bool flag(const std::string& name) {
    std::string v = get(name);
    std::string lower(v);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    if (lower != "yes" && lower != "no") {
      problems.push_back(name + ": bad boolean configuration \"" + v + "\"");
    }
    return lower == "yes";
  }
  Fact value_fact(const std::string& name) {
    Fact f(get(name));
    if (const RawParam* raw = space.raw(name)) f.with_origin(raw->origin);
    return f;
  }
};

Fact protocol_fact(Reader& r, const std::string& name) {
  const auto& v = r.space.defaults().version;
  std::string value = r.get(name);
  ProtocolList list = parse_protocol_list(value, v.major, v.minor);
  Fact f;
  f["value"] = r.value_fact(name);
  f["valid"] = list.valid;
  FactList enabled(list.enabled.begin(), list.enabled.end());
  f["enabled"] = enabled;
  f["invalid_tokens"] = FactList(list.invalid_tokens.begin(), list.invalid_tokens.end());
  f["error"] = list.error;
  return f;
}

// The list a grade selects: tls_<grade>_cipherlist; since 3.8 "low" and "export" mean medium.
std::string grade_cipherlist(Reader& r, const std::string& grade) {
  static const char* const k_grades[] = {"high", "medium", "low", "export", "null"};
  if (std::find(std::begin(k_grades), std::end(k_grades), grade) == std::end(k_grades)) return "";
  std::string g = grade;
  if (r.space.defaults().version.at_least(3, 8) && (g == "low" || g == "export")) g = "medium";
  return r.get("tls_" + g + "_cipherlist");
}

void add_cipher_string(Fact& tls, Reader& r, const std::string& grade_param,
                       const std::vector<std::string>& exclusion_params,
                       const std::vector<std::string>& extra) {
  std::string grade = r.get(grade_param);
  std::vector<std::string> lists;
  for (const auto& p : exclusion_params) lists.push_back(r.get(p));
  tls["cipher_grade"] = r.value_fact(grade_param);
  auto s = build_cipher_string(grade, grade_cipherlist(r, grade), lists, extra);
  tls["cipher_string"] = s ? *s : std::string();
  // A string Postfix or OpenSSL rejects is a finding (no TLS can start), not a collection
  // failure: the error is the fact, and the suite list is empty.
  if (!s) {
    tls["cipher_error"] = s.errors().front().message;
    tls["ciphers"] = FactList{};
  }
}

Fact certificate(const std::string& algorithm, const std::string& cert, const std::string& key,
                 const std::string& param) {
  Fact f;
  f["algorithm"] = algorithm;
  f["cert_file"] = cert;
  f["key_file"] = key;
  f["param"] = param;
  return f;
}

// smtpd_tls_chain_files wins over the legacy pairs when it is set (Postfix 3.4+).
FactList server_certificates(Reader& r) {
  FactList out;
  std::string chain = r.get("smtpd_tls_chain_files");
  std::replace(chain.begin(), chain.end(), ',', ' ');
  std::istringstream words(chain);
  for (std::string file; words >> file;) out.push_back(certificate("chain", file, file, "smtpd_tls_chain_files"));
  if (!out.empty()) return out;
  const char* const pairs[][3] = {{"rsa", "smtpd_tls_cert_file", "smtpd_tls_key_file"},
                                  {"ecdsa", "smtpd_tls_eccert_file", "smtpd_tls_eckey_file"},
                                  {"dsa", "smtpd_tls_dcert_file", "smtpd_tls_dkey_file"}};
  for (const auto& p : pairs) {
    std::string cert = r.get(p[1]);
    if (!cert.empty()) out.push_back(certificate(p[0], cert, r.get(p[2]), p[1]));
  }
  return out;
}

// The strings of a run select mostly the same suites: each distinct suite's fact is made once
// (in `made`, by name and usability) and shared, as facts share their maps when copied.
FactList cipher_list_fact(const std::vector<CipherSuite>& suites, std::map<std::pair<std::string, bool>, Fact>& made) {
  FactList out;
  for (const auto& c : suites) {
    auto [it, fresh] = made.try_emplace({c.name, c.usable});
    if (!fresh) {
      out.push_back(it->second);
      continue;
    }
    Fact& f = it->second;
    f["name"] = c.name;
    f["protocol"] = c.protocol;
    f["kx"] = c.kx;
    f["auth"] = c.auth;
    f["enc"] = c.enc;
    f["mac"] = c.mac;
    f["aead"] = c.aead;
    f["bits"] = c.bits;
    f["usable"] = c.usable;
    f["pfs"] = is_pfs(c);
    auto weak = weak_classes(c);
    f["weak"] = FactList(weak.begin(), weak.end());
    out.push_back(f);
  }
  return out;
}

FactList problems_fact(const Reader& r) { return FactList(r.problems.begin(), r.problems.end()); }

}  // namespace

const CipherCache::Expansion& CipherCache::expansion(const std::string& cipher_string) {
  auto it = m_cache.find(cipher_string);
  if (it != m_cache.end()) return it->second;
  auto suites = m_expander.expand(cipher_string);
  Expansion e = suites ? Expansion{Fact(cipher_list_fact(*suites, m_suites)), ""}
                       : Expansion{Fact(FactList{}), suites.errors().front().message};
  return m_cache.emplace(cipher_string, std::move(e)).first->second;
}

void add_cipher_suites(Fact& tls, CipherCache& ciphers) {
  if (tls.find("ciphers") != nullptr) return;  // Postfix rejected the string: nothing to expand
  const auto& e = ciphers.expansion(tls["cipher_string"].as_string());
  tls["cipher_error"] = e.error;
  tls["ciphers"] = e.suites;
}

Fact server_tls_facts(const ParamSpace& space) {
  Reader r{space, {}};
  Fact tls;
  bool wrapper = r.flag("smtpd_tls_wrappermode");
  std::string raw = r.get("smtpd_tls_security_level");
  std::string level = raw;
  bool valid = true;
  if (wrapper) {
    level = "encrypt";
  } else if (raw.empty()) {
    level = r.flag("smtpd_enforce_tls") ? "encrypt" : (r.flag("smtpd_use_tls") ? "may" : "none");
  } else if (raw == "fingerprint" || raw == "verify" || raw == "secure") {
    level = "encrypt";  // smtpd downgrades these with "unsupported TLS level"
  } else if (raw != "none" && raw != "may" && raw != "encrypt") {
    valid = false;  // smtpd: fatal "Invalid TLS level"
  }
  bool enforced = valid && level == "encrypt";
  tls["level"] = valid ? level : std::string("invalid");
  tls["level_raw"] = r.value_fact("smtpd_tls_security_level");
  tls["level_valid"] = valid;
  tls["wrappermode"] = wrapper;
  tls["enforced"] = enforced;
  tls["auth_only"] = r.flag("smtpd_tls_auth_only") || enforced;
  tls["sasl_enabled"] = r.flag("smtpd_sasl_auth_enable");
  tls["opportunistic_protocols"] = protocol_fact(r, "smtpd_tls_protocols");
  tls["mandatory_protocols"] = protocol_fact(r, "smtpd_tls_mandatory_protocols");
  tls["protocols"] = tls[enforced ? "mandatory_protocols" : "opportunistic_protocols"];
  std::vector<std::string> excl{"smtpd_tls_exclude_ciphers"};
  if (enforced) excl.push_back("smtpd_tls_mandatory_exclude_ciphers");
  bool ask = r.flag("smtpd_tls_ask_ccert") || (enforced && r.flag("smtpd_tls_req_ccert"));
  add_cipher_string(tls, r, enforced ? "smtpd_tls_mandatory_ciphers" : "smtpd_tls_ciphers", excl,
                    ask ? std::vector<std::string>{"aNULL"} : std::vector<std::string>{});
  tls["certificates"] = server_certificates(r);
  tls["problems"] = problems_fact(r);
  return tls;
}

Fact client_tls_facts(const ParamSpace& space, const std::string& prefix) {
  Reader r{space, {}};
  Fact tls;
  std::string raw = r.get(prefix + "_tls_security_level");
  std::string level = raw;
  if (raw.empty()) {
    if (r.flag(prefix + "_enforce_tls")) {
      level = r.flag(prefix + "_tls_enforce_peername") ? "verify" : "encrypt";
    } else {
      level = r.flag(prefix + "_use_tls") ? "may" : "none";
    }
  }
  static const char* const k_levels[] = {"none", "may", "encrypt", "dane", "dane-only",
                                         "fingerprint", "verify", "secure"};
  bool valid = std::find(std::begin(k_levels), std::end(k_levels), level) != std::end(k_levels);
  bool mandatory = valid && level != "none" && level != "may";
  tls["level"] = valid ? level : std::string("invalid");
  tls["level_raw"] = r.value_fact(prefix + "_tls_security_level");
  tls["level_valid"] = valid;
  tls["wrappermode"] = r.flag(prefix + "_tls_wrappermode");
  tls["enforced"] = mandatory;
  tls["opportunistic_protocols"] = protocol_fact(r, prefix + "_tls_protocols");
  tls["mandatory_protocols"] = protocol_fact(r, prefix + "_tls_mandatory_protocols");
  tls["protocols"] = tls[mandatory ? "mandatory_protocols" : "opportunistic_protocols"];
  std::vector<std::string> excl{prefix + "_tls_exclude_ciphers"};
  std::vector<std::string> extra;
  if (mandatory) excl.push_back(prefix + "_tls_mandatory_exclude_ciphers");
  if (level == "encrypt") extra.push_back("eNULL");
  if (mandatory && level != "encrypt") extra.push_back("aNULL");
  add_cipher_string(tls, r, prefix + (mandatory ? "_tls_mandatory_ciphers" : "_tls_ciphers"), excl,
                    extra);
  tls["problems"] = problems_fact(r);
  return tls;
}

}  // namespace mtaudit::postfix
