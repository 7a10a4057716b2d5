#include "collectors/dns/policy_records.hpp"

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "collectors/dns/tag_list.hpp"
#include "core/base64.hpp"
#include "core/openssl_ptr.hpp"
#include <re2/re2.h>

namespace mtaudit::dns {
namespace {

std::vector<std::string> split_uris(const std::string& value) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= value.size()) {
    std::size_t comma = value.find(',', start);
    std::string uri = trim(value.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (!uri.empty()) out.push_back(uri);
    start = comma == std::string::npos ? value.size() + 1 : comma + 1;
  }
  return out;
}

bool has_scheme(const std::string& uri, std::initializer_list<const char*> schemes) {
  std::string l = lower(uri);
  for (const char* s : schemes) {
    if (l.rfind(s, 0) == 0) return true;
  }
  return false;
}

// Bits of the RSA key or Ed25519 key that a DKIM p= holds (base64 of a SubjectPublicKeyInfo,
// or of the raw 32-byte Ed25519 key); 0 when it does not decode.
int dkim_key_bits(const std::string& key_type, const std::string& b64) {
  auto raw = base64_decode(b64);
  if (!raw) return 0;
  if (key_type == "ed25519") return raw->size() == 32 ? 256 : 0;
  const auto* p = reinterpret_cast<const unsigned char*>(raw->data());
  EvpPkeyPtr key(d2i_PUBKEY(nullptr, &p, static_cast<long>(raw->size())));
  if (!key || EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA) return 0;
  return EVP_PKEY_get_bits(key.get());
}

// The tag list of a record whose first tag must be v=VERSION; its problems go to `problems`.
TagList parse_versioned(const std::string& record, const char* version, std::vector<std::string>& problems) {
  TagList tags = parse_tag_list(record);
  problems = tags.problems;
  if (tags.tags.empty() || tags.tags.front().first != "v" || tags.tags.front().second != version) {
    problems.push_back(std::string("does not start with v=") + version);
  }
  return tags;
}

}  // namespace

Dmarc parse_dmarc(const std::string& record) {
  Dmarc d;
  TagList tags = parse_versioned(record, "DMARC1", d.problems);
  if (const auto* p = tags.find("p")) {
    d.policy = lower(*p);
    if (d.policy != "none" && d.policy != "quarantine" && d.policy != "reject") {
      d.problems.push_back("p=" + *p + " is not none, quarantine or reject");
    }
  } else {
    d.problems.push_back("has no p= tag");
  }
  if (const auto* sp = tags.find("sp")) d.subdomain_policy = lower(*sp);
  if (const auto* rua = tags.find("rua")) d.rua = split_uris(*rua);
  if (const auto* pct = tags.find("pct")) {
    if (!RE2::FullMatch(*pct, "([0-9]{1,3})", &d.pct) || d.pct > 100) d.problems.push_back("pct=" + *pct + " is not 0-100");
  }
  return d;
}

DkimKey parse_dkim(const std::string& record) {
  DkimKey k;
  TagList tags = parse_tag_list(record);
  k.problems = tags.problems;
  if (const auto* v = tags.find("v"); v != nullptr && (tags.tags.front().first != "v" || *v != "DKIM1")) {
    k.problems.push_back("v= must be first and DKIM1");
  }
  if (const auto* kt = tags.find("k")) k.key_type = lower(*kt);
  if (k.key_type != "rsa" && k.key_type != "ed25519") k.problems.push_back("key type k=" + k.key_type + " is unknown");
  if (const auto* t = tags.find("t")) k.testing = t->find('y') != std::string::npos;
  const auto* p = tags.find("p");
  if (p == nullptr) {
    k.problems.push_back("has no p= tag");
  } else if (p->empty()) {
    k.revoked = true;
  } else if ((k.key_bits = dkim_key_bits(k.key_type, *p)) == 0) {
    k.problems.push_back("p= is not a " + k.key_type + " public key");
  }
  return k;
}

TlsRpt parse_tlsrpt(const std::string& record) {
  TlsRpt r;
  TagList tags = parse_versioned(record, "TLSRPTv1", r.problems);
  if (const auto* rua = tags.find("rua")) r.rua = split_uris(*rua);
  if (r.rua.empty()) r.problems.push_back("has no rua= report address");
  for (const auto& uri : r.rua) {
    if (!has_scheme(uri, {"mailto:", "https:"})) r.problems.push_back("rua " + uri + " is neither mailto: nor https:");
  }
  return r;
}

StsRecord parse_sts_record(const std::string& record) {
  StsRecord s;
  TagList tags = parse_versioned(record, "STSv1", s.problems);
  if (const auto* id = tags.find("id")) s.id = *id;
  if (!RE2::FullMatch(s.id, "[A-Za-z0-9]{1,32}")) {
    s.problems.push_back(s.id.empty() ? "has no id=" : "id=" + s.id + " is not 1 to 32 letters and digits");
  }
  return s;
}

}  // namespace mtaudit::dns
