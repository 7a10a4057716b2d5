#pragma once
// One DNS question and what the validating resolver said, in a form that is the same whether
// it came from the network or from a snapshot file (--dns-snapshot): the RDATA of each record
// in wire format, the DNSSEC verdict and, for a failed lookup, why.
#include <chrono>
#include <string>
#include <vector>

namespace mtaudit::dns {

enum RrType : int { k_a = 1, k_mx = 15, k_txt = 16, k_aaaa = 28, k_tlsa = 52 };

// "MX", "TLSA", ...; "TYPE99" for others.
std::string type_name(int type);
// The inverse; 0 for an unknown name.
int type_from_name(const std::string& name);

struct Query {
  std::string name;  // lower case, no trailing dot: "_25._tcp.mail.example.test"
  int type = 0;
  bool operator<(const Query& o) const { return name != o.name ? name < o.name : type < o.type; }
  bool operator==(const Query& o) const = default;
};

// DNSSEC verdict of one answer, as the resolver's own validation gave it.
enum class Security { secure, insecure, bogus };
std::string security_name(Security s);

struct Answer {
  Query query;
  // "" when the lookup completed (records found, NODATA, NXDOMAIN or bogus); otherwise why not:
  // "SERVFAIL", "REFUSED", "timeout after 5 s", a resolver error.
  std::string error;
  bool nxdomain = false;
  Security security = Security::insecure;
  std::string why_bogus;            // unbound's reason, for bogus answers
  std::vector<std::string> rdata;   // wire-format RDATA, one per record, in the resolver's order

  // "TXT _dmarc.example.test": names the record set in messages.
  std::string label() const;
};

// A batch of questions asked together (in parallel); answers come back in question order.
class Resolver {
 public:
  virtual ~Resolver() = default;
  virtual std::vector<Answer> resolve(const std::vector<Query>& queries) = 0;
  virtual std::string describe() const = 0;  // "127.0.0.1@25353", "snapshot s.json"
};

}  // namespace mtaudit::dns
