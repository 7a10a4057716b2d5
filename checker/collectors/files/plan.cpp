#include "collectors/files/plan.hpp"

#include <algorithm>
#include <set>

namespace mtaudit::files {
namespace {

using facts::Fact;

std::string text(const Fact* f) { return f != nullptr && f->is_string() ? f->as_string() : ""; }

std::string member(const Fact& f, const std::string& key) { return text(f.find(key)); }

const facts::FactList& list(const Fact* f) {
  static const facts::FactList k_empty;
  return f != nullptr && f->is_list() ? f->as_list() : k_empty;
}

std::vector<facts::Origin> origins_of(const Fact* f) {
  return f == nullptr ? std::vector<facts::Origin>{} : f->origins();
}

// Chain files are one stream across all files; legacy pairs are loaded one by one.
void add_service_chains(const Fact& service, FilePlan* plan) {
  const Fact* params = service.find("params");
  ChainRef chain_files;
  for (const auto& ref : list(service.find("tls") == nullptr ? nullptr : service.find("tls")->find("certificates"))) {
    std::string param = member(ref, "param");
    const Fact* value = params == nullptr ? nullptr : params->find(param);
    ChainRef c{ChainRef::Mode::cert_and_key, {member(ref, "cert_file"), member(ref, "key_file")},
               member(ref, "algorithm"), param, member(service, "id"),
               params == nullptr ? "" : member(*params, "myhostname"), "", "", origins_of(value)};
    if (c.algorithm != "chain") {
      plan->chains.push_back(std::move(c));
    } else if (chain_files.files.empty()) {
      c.mode = ChainRef::Mode::chain_files;
      c.files = {c.files.front()};
      chain_files = std::move(c);
    } else {
      chain_files.files.push_back(member(ref, "cert_file"));
    }
  }
  if (!chain_files.files.empty()) {
    plan->chains.push_back(std::move(chain_files));
  }
}

void add_dh(const Fact* params, const std::string& user, FilePlan* plan) {
  const Fact* value = params == nullptr ? nullptr : params->find("smtpd_tls_dh1024_param_file");
  std::string path = text(value);
  if (!path.empty() && path != "auto") {
    plan->dh.push_back(DhRef{path, user, origins_of(value)});
  }
}

bool uses_tls(const Fact& service) {
  const Fact* tls = service.find("tls");
  return member(service, "family") == "smtpd" && tls != nullptr && tls->is_map() && member(*tls, "level") != "none";
}

void add_sni(const Fact& table, FilePlan* plan) {
  for (const auto& entry : list(table.find("entries"))) {
    ChainRef c;
    for (const auto& f : list(entry.find("files"))) {
      c.files.push_back(text(&f));
    }
    if (c.files.empty()) {
      continue;
    }
    c.algorithm = "chain";
    c.param = "tls_server_sni_maps";
    c.sni_table = member(table, "spec");
    c.sni_key = member(entry, "key");
    c.origins = entry.origins();
    plan->chains.push_back(std::move(c));
  }
}

}  // namespace

FilePlan plan_files(const Fact& postfix) {
  FilePlan plan;
  add_dh(postfix.find("main"), "main.cf", &plan);
  for (const auto& service : list(postfix.find("services"))) {
    if (!uses_tls(service)) {
      continue;
    }
    plan.services.push_back(member(service, "id"));
    add_service_chains(service, &plan);
    add_dh(service.find("params"), member(service, "id"), &plan);
  }
  for (const auto& table : list(postfix.find("sni_maps"))) {
    add_sni(table, &plan);
  }
  return plan;
}

std::vector<std::string> planned_paths(const FilePlan& plan) {
  std::set<std::string> paths;
  for (const auto& c : plan.chains) {
    paths.insert(c.files.begin(), c.files.end());
  }
  for (const auto& d : plan.dh) {
    paths.insert(d.path);
  }
  paths.erase("");
  return {paths.begin(), paths.end()};
}

}  // namespace mtaudit::files
