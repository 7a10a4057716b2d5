#pragma once
// The sender and transport policy records that are one TXT record each: DMARC (RFC 7489),
// DKIM keys (RFC 6376, RFC 8463), TLS-RPT (RFC 8460) and the MTA-STS TXT record (RFC 8461).
// Each parser takes one record and lists what is wrong with it in plain words.
#include <string>
#include <vector>

namespace mtaudit::dns {

struct Dmarc {
  std::string policy;              // p=, lower case; "" when absent
  std::string subdomain_policy;    // sp=
  std::vector<std::string> rua;    // aggregate report URIs
  int pct = 100;
  std::vector<std::string> problems;
};
Dmarc parse_dmarc(const std::string& record);

struct DkimKey {
  std::string key_type = "rsa";  // k=, lower case
  bool revoked = false;          // p= present but empty
  int key_bits = 0;              // RSA modulus bits, 256 for Ed25519; 0 when unreadable
  bool testing = false;          // t=y
  std::vector<std::string> problems;
};
DkimKey parse_dkim(const std::string& record);

struct TlsRpt {
  std::vector<std::string> rua;
  std::vector<std::string> problems;
};
TlsRpt parse_tlsrpt(const std::string& record);

struct StsRecord {
  std::string id;
  std::vector<std::string> problems;
};
StsRecord parse_sts_record(const std::string& record);

}  // namespace mtaudit::dns
