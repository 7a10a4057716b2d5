#include "collectors/dns/mta_sts_policy.hpp"

#include <re2/re2.h>

#include "collectors/dns/rdata.hpp"
#include "collectors/dns/tag_list.hpp"

namespace mtaudit::dns {
namespace {

void set_once(std::string& field, const std::string& key, const std::string& value, StsPolicy& p) {
  if (!field.empty()) p.problems.push_back(key + " appears twice");
  field = value;
}

void check_fields(StsPolicy& p) {
  if (p.version != "STSv1") p.problems.push_back(p.version.empty() ? "no version field" : "version " + p.version + " is not STSv1");
  if (p.mode != "enforce" && p.mode != "testing" && p.mode != "none") {
    p.problems.push_back(p.mode.empty() ? "no mode field" : "mode " + p.mode + " is not enforce, testing or none");
  }
  if (p.max_age < 0) p.problems.push_back("no valid max_age field");
  if (p.max_age > 31557600) p.problems.push_back("max_age " + std::to_string(p.max_age) + " is over 31557600 (one year)");
  if (p.mx.empty() && p.mode != "none") p.problems.push_back("no mx field");
}

}  // namespace

StsPolicy parse_sts_policy(const std::string& body) {
  StsPolicy p;
  std::size_t start = 0;
  int line_no = 0;
  while (start < body.size()) {
    std::size_t nl = body.find('\n', start);
    std::string line = body.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    start = nl == std::string::npos ? body.size() : nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (trim(line).empty()) continue;
    std::size_t colon = line.find(':');
    if (colon == std::string::npos) {
      p.problems.push_back("line " + std::to_string(line_no) + " has no ':'");
      continue;
    }
    std::string key = trim(line.substr(0, colon)), value = trim(line.substr(colon + 1));
    if (key == "version") {
      set_once(p.version, key, value, p);
    } else if (key == "mode") {
      set_once(p.mode, key, value, p);
    } else if (key == "mx") {
      p.mx.push_back(canonical_name(value));
    } else if (key == "max_age") {
      if (p.max_age >= 0) p.problems.push_back("max_age appears twice");
      if (!RE2::FullMatch(value, "([0-9]{1,10})", &p.max_age)) p.max_age = -1;
    }  // other keys are extensions (RFC 8461 3.2): ignored
  }
  check_fields(p);
  return p;
}

bool sts_mx_matches(const std::string& pattern, const std::string& host) {
  std::string pat = canonical_name(pattern), h = canonical_name(host);
  if (pat.rfind("*.", 0) != 0) return pat == h;
  std::size_t dot = h.find('.');
  return dot != std::string::npos && dot > 0 && h.substr(dot + 1) == pat.substr(2);
}

}  // namespace mtaudit::dns
