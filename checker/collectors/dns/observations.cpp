#include "collectors/dns/observations.hpp"

namespace mtaudit::dns {

const Answer* Observations::find(const std::string& name, int type) const {
  auto it = answers.find(Query{name, type});
  return it == answers.end() ? nullptr : &it->second;
}

std::string sts_txt_name(const std::string& domain) { return "_mta-sts." + domain; }
std::string sts_host_name(const std::string& domain) { return "mta-sts." + domain; }
std::string tlsrpt_name(const std::string& domain) { return "_smtp._tls." + domain; }
std::string dmarc_name(const std::string& domain) { return "_dmarc." + domain; }
std::string dkim_name(const std::string& selector, const std::string& domain) {
  return selector + "._domainkey." + domain;
}
std::string tlsa_name(const std::string& mx_host) { return "_25._tcp." + mx_host; }

}  // namespace mtaudit::dns
