#include "collectors/live/suites.hpp"

#include <algorithm>
#include <cstring>
#include <span>

#include "core/openssl_ptr.hpp"

namespace mtaudit::live {
namespace {

std::span<const SuiteInfo> table() { return {k_suite_table, k_suite_table_size}; }

bool eq(const char* a, const char* b) { return std::strcmp(a, b) == 0; }

bool starts_with(const char* s, const char* prefix) { return std::strncmp(s, prefix, std::strlen(prefix)) == 0; }

bool anonymous(const SuiteInfo& s) { return eq(s.auth, "None") && !eq(s.kx, "None") && !eq(s.kx, "PSK"); }

bool signalling(const SuiteInfo& s) { return s.id == 0x00FF || s.id == 0x5600; }

}  // namespace

const SuiteInfo* find_suite(std::uint16_t id) {
  for (const auto& s : table()) {
    if (!s.sslv2 && s.id == id) {
      return &s;
    }
  }
  return nullptr;
}

const SuiteInfo* find_sslv2_suite(std::uint32_t spec) {
  for (const auto& s : table()) {
    if (s.sslv2 && s.id == spec) {
      return &s;
    }
  }
  return nullptr;
}

const SuiteInfo* find_suite_by_openssl_name(const std::string& name) {
  for (const auto& s : table()) {
    if (!s.sslv2 && name == s.openssl) {
      return &s;
    }
  }
  return nullptr;
}

std::vector<std::uint16_t> legacy_offerable_ids() {
  std::vector<std::uint16_t> out;
  for (const auto& s : table()) {
    if (!s.sslv2 && !signalling(s) && !eq(s.protocol, "TLSv1.3")) {
      out.push_back(static_cast<std::uint16_t>(s.id));
    }
  }
  return out;
}

std::vector<std::uint32_t> sslv2_specs() {
  std::vector<std::uint32_t> out;
  for (const auto& s : table()) {
    if (s.sslv2) {
      out.push_back(s.id);
    }
  }
  return out;
}

std::vector<OpenSslSuite> openssl_suites() {
  std::vector<OpenSslSuite> out;
  SslCtxPtr ctx(SSL_CTX_new(TLS_method()));
  if (!ctx || SSL_CTX_set_cipher_list(ctx.get(), "ALL:COMPLEMENTOFALL:@SECLEVEL=0") != 1 ||
      SSL_CTX_set_ciphersuites(ctx.get(), "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:"
                                          "TLS_AES_128_GCM_SHA256:TLS_AES_128_CCM_SHA256:TLS_AES_128_CCM_8_SHA256") != 1) {
    return out;
  }
  STACK_OF(SSL_CIPHER)* list = SSL_CTX_get_ciphers(ctx.get());  // owned by ctx
  for (int i = 0; i < sk_SSL_CIPHER_num(list); ++i) {
    const SSL_CIPHER* c = sk_SSL_CIPHER_value(list, i);
    const char* version = SSL_CIPHER_get_version(c);
    out.push_back({SSL_CIPHER_get_protocol_id(c), SSL_CIPHER_get_name(c), version != nullptr ? version : ""});
  }
  return out;
}

std::vector<std::uint16_t> tls12_offer_order(const std::vector<OpenSslSuite>& known) {
  std::vector<std::uint16_t> out;
  for (const auto& k : known) {
    if (k.protocol != "TLSv1.3") {
      out.push_back(k.id);
    }
  }
  for (auto id : legacy_offerable_ids()) {
    if (std::find(out.begin(), out.end(), id) == out.end()) {
      out.push_back(id);
    }
  }
  return out;
}

int secret_bits(const SuiteInfo& s) { return eq(s.enc, "3DES") ? 112 : s.bits; }

bool is_aead(const SuiteInfo& s) { return eq(s.mac, "AEAD"); }

bool is_pfs(const SuiteInfo& s) {
  return eq(s.kx, "DH") || eq(s.kx, "ECDH") || eq(s.kx, "DHEPSK") || eq(s.kx, "ECDHEPSK") ||
         eq(s.kx, "CECPQ1") || eq(s.kx, "any");
}

std::vector<std::string> weak_classes(const SuiteInfo& s) {
  std::vector<std::string> out;
  auto add_if = [&out](bool cond, const char* name) {
    if (cond) {
      out.emplace_back(name);
    }
  };
  int bits = secret_bits(s);
  add_if(anonymous(s), "aNULL");
  add_if(eq(s.enc, "None"), "eNULL");
  add_if(s.export_grade || starts_with(s.openssl, "EXP") || (bits > 0 && bits < 56), "EXPORT");
  add_if(bits > 0 && bits < 128, "LOW");
  add_if(eq(s.enc, "RC4"), "RC4");
  add_if(eq(s.enc, "3DES"), "3DES");
  add_if(eq(s.enc, "DES"), "DES");
  add_if(starts_with(s.enc, "Camellia"), "CAMELLIA");
  add_if(eq(s.enc, "SEED"), "SEED");
  add_if(eq(s.enc, "IDEA"), "IDEA");
  add_if(eq(s.mac, "MD5"), "MD5");
  return out;
}

std::string kx_name(const SuiteInfo& s) {
  static constexpr struct {
    const char* kx;
    const char* name;
  } k_names[] = {{"ECDH", "ECDHE"},       {"DH", "DHE"},       {"RSA", "RSA"},       {"PSK", "PSK"},
                 {"ECDHEPSK", "ECDHE-PSK"}, {"DHEPSK", "DHE-PSK"}, {"RSAPSK", "RSA-PSK"}, {"SRP", "SRP"},
                 {"ECDH/ECDSA", "ECDH"},  {"ECDH/RSA", "ECDH"}, {"DH/RSA", "DH"},     {"DH/DSS", "DH"},
                 {"KRB5", "KRB5"},        {"GOST", "GOST"},    {"any", "any"},       {"CECPQ1", "CECPQ1"}};
  if (anonymous(s)) {
    return eq(s.kx, "ECDH") ? "anon-ECDH" : "anon-DH";
  }
  for (const auto& n : k_names) {
    if (eq(s.kx, n.kx)) {
      return n.name;
    }
  }
  return "none";
}

}  // namespace mtaudit::live
