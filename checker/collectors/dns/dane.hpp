#pragma once
// DANE for SMTP (RFC 7672): does a certificate chain match the TLSA records of an MX host?
// The matching is OpenSSL's own (SSL_dane_tlsa_add + X509_verify_cert with the DANE state),
// the same code Postfix runs, not hand-written hashing. Only usages 2 (DANE-TA) and 3
// (DANE-EE) count: RFC 7672 3.1.3 makes 0 and 1 unusable for SMTP. As in Postfix, DANE-EE
// matches skip name checks; DANE-TA chains must name the MX host.
#include <cstdint>
#include <string>
#include <vector>

#include "collectors/dns/rdata.hpp"

namespace mtaudit::dns {

struct DaneVerdict {
  bool matched = false;
  std::string record;  // "3 1 1 ab..." that matched
  int depth = -1;      // of the certificate it matched (0 = leaf)
  int usable = 0;      // TLSA records OpenSSL accepted (usages 2 and 3, known selector and type)
  std::string error;   // why nothing matched, in words
};

// chain_der: leaf first, as the server sends it (or as the file holds it).
DaneVerdict dane_match(const std::vector<Tlsa>& records, const std::vector<std::string>& chain_der,
                       const std::string& mx_host, std::int64_t now);

}  // namespace mtaudit::dns
