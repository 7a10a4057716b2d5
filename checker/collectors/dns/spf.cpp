#include "collectors/dns/spf.hpp"

#include <algorithm>

#include "collectors/dns/rdata.hpp"
#include "collectors/dns/tag_list.hpp"

namespace mtaudit::dns {
namespace {

constexpr int k_max_depth = 12;  // beyond the limit of 10 lookups, so the count still shows

std::vector<std::string> split_terms(const std::string& record) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < record.size()) {
    std::size_t end = record.find(' ', pos);
    if (end == std::string::npos) end = record.size();
    if (end > pos) out.push_back(record.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

void parse_mechanism(std::string term, SpfRecord& r) {
  std::string qualifier = "+";
  if (!term.empty() && std::string("+-~?").find(term[0]) != std::string::npos) {
    qualifier = term.substr(0, 1);
    term.erase(0, 1);
  }
  std::string name = lower(term.substr(0, term.find_first_of(":/")));
  std::string arg = term.find(':') != std::string::npos ? term.substr(term.find(':') + 1) : "";
  if (name == "all") {
    if (term.size() != 3) r.problems.push_back("\"" + term + "\" is not a valid all");
    r.all = qualifier + "all";
  } else if (name == "include" || name == "exists") {
    ++r.lookups;
    if (arg.empty()) r.problems.push_back(name + " without a domain");
    if (name == "include" && !arg.empty() && arg.find('%') == std::string::npos) r.includes.push_back(canonical_name(arg));
  } else if (name == "a" || name == "mx" || name == "ptr") {
    ++r.lookups;
  } else if (name != "ip4" && name != "ip6") {
    r.problems.push_back("unknown mechanism \"" + term + "\"");
  } else if (arg.empty()) {
    r.problems.push_back(name + " without an address");
  }
}

// Receivers give up after 10 lookups; counting stops here, so a fan-out of includes that
// name each other (exponentially many paths) is counted in linear time.
constexpr int k_lookup_cap = 1000;

struct Walk {
  const std::map<std::string, SpfTxt>& fetched;
  std::vector<std::string> chain;   // names from the top down to here: a name met again is a loop
  std::map<std::string, int> done;  // lookups below a name already followed (a DAG is walked once)
  SpfTree& tree;
};

int follow(const std::string& name, const SpfRecord& rec, Walk& w);

// Lookups below `target` (not counting the include/redirect term itself).
int follow_target(const std::string& how, const std::string& target, Walk& w) {
  if (std::find(w.chain.begin(), w.chain.end(), target) != w.chain.end()) {
    w.tree.problems.push_back(how + target + " loops back to " + target);
    return 0;
  }
  if (auto it = w.done.find(target); it != w.done.end()) return it->second;
  if (static_cast<int>(w.chain.size()) >= k_max_depth) {
    w.tree.problems.push_back(how + target + " is nested more than " + std::to_string(k_max_depth) + " deep");
    return 0;
  }
  auto it = w.fetched.find(target);
  if (it == w.fetched.end() || !it->second.error.empty()) {
    w.tree.unresolved.push_back(how + target + ": " + (it == w.fetched.end() ? "not looked up" : it->second.error));
    return w.done[target] = 0;
  }
  auto spf = records_with_prefix(it->second.txts, "v=spf1", true);
  if (spf.size() != 1) {
    w.tree.problems.push_back(how + target + " has " + std::to_string(spf.size()) + " SPF records, not 1");
    return w.done[target] = 0;
  }
  SpfRecord rec = parse_spf(spf.front());
  for (const auto& p : rec.problems) w.tree.problems.push_back(how + target + ": " + p);
  return w.done[target] = follow(target, rec, w);
}

int follow(const std::string& name, const SpfRecord& rec, Walk& w) {
  w.chain.push_back(name);
  w.tree.visited.push_back(name);
  int lookups = rec.lookups;
  for (const auto& inc : rec.includes) lookups = std::min(k_lookup_cap, lookups + follow_target("include:", inc, w));
  // redirect= is ignored when the record has an all mechanism (RFC 7208 6.1).
  if (!rec.redirect.empty() && rec.all.empty()) {
    lookups = std::min(k_lookup_cap, lookups + follow_target("redirect=", rec.redirect, w));
  }
  w.chain.pop_back();
  return lookups;
}

}  // namespace

SpfRecord parse_spf(const std::string& record) {
  SpfRecord r;
  auto terms = split_terms(record);
  for (std::size_t i = 1; i < terms.size(); ++i) {
    const std::string& term = terms[i];
    std::size_t eq = term.find('=');
    bool modifier = eq != std::string::npos && eq < term.find_first_of(":/");
    if (!modifier) {
      parse_mechanism(term, r);
      continue;
    }
    std::string name = lower(term.substr(0, eq));
    if (name == "redirect") {
      if (!r.redirect.empty()) r.problems.push_back("redirect= appears twice");
      ++r.lookups;
      std::string target = term.substr(eq + 1);
      if (target.find('%') == std::string::npos) r.redirect = canonical_name(target);
    }  // exp= and unknown modifiers are allowed (RFC 7208 6)
  }
  return r;
}

std::vector<std::string> spf_targets(const SpfRecord& record) {
  std::vector<std::string> out = record.includes;
  if (!record.redirect.empty() && record.all.empty()) out.push_back(record.redirect);
  return out;
}

SpfTree follow_spf(const std::string& domain, const SpfRecord& top, const std::map<std::string, SpfTxt>& fetched) {
  SpfTree t;
  Walk w{fetched, {}, {}, t};
  t.lookups = follow(canonical_name(domain), top, w);
  t.all = top.all;
  // The all of a redirect target stands in for a record that has none.
  std::string at = top.redirect;
  for (int hops = 0; t.all.empty() && !at.empty() && hops < k_max_depth; ++hops) {
    auto it = fetched.find(at);
    if (it == fetched.end()) break;
    auto spf = records_with_prefix(it->second.txts, "v=spf1", true);
    if (spf.size() != 1) break;
    SpfRecord rec = parse_spf(spf.front());
    t.all = rec.all;
    at = rec.redirect;
  }
  return t;
}

}  // namespace mtaudit::dns
