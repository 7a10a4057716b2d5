#pragma once
// Which certificate, key and DH parameter files the effective configuration names, read
// from the collected `postfix` fact tree (docs/facts-postfix.md). Pure.
#include <string>
#include <vector>

#include "facts/fact.hpp"

namespace mtaudit::files {

// One set of files Postfix loads as keys and certificates.
struct ChainRef {
  enum class Mode { chain_files, cert_and_key };
  Mode mode = Mode::chain_files;
  std::vector<std::string> files;  // chain_files: the list in order; cert_and_key: {cert, key}
  std::string algorithm;           // certificate_ref algorithm (rsa, ecdsa, dsa, chain)
  std::string param;               // parameter that named it (tls_server_sni_maps for SNI)
  std::string service;             // service id, "" for an SNI entry
  std::string host_name;           // the service's myhostname, "" for an SNI entry
  std::string sni_table;           // SNI only: table spec and the entry's key
  std::string sni_key;
  std::vector<facts::Origin> origins;  // the configuration lines that named the files
};

struct DhRef {
  std::string path;
  std::string user;  // "main.cf" or a service id
  std::vector<facts::Origin> origins;
};

struct FilePlan {
  std::vector<ChainRef> chains;         // services in master.cf order, then SNI entries
  std::vector<DhRef> dh;                // main.cf first, then services
  std::vector<std::string> services;    // ids of the smtpd services whose certificates are read
};

// smtpd services with TLS not switched off (level other than none) contribute their
// certificates and DH file; every tls_server_sni_maps entry its chain files; main.cf its DH
// file. Parts of the tree that are gaps contribute nothing.
FilePlan plan_files(const facts::Fact& postfix);

// Every distinct path the plan names, sorted.
std::vector<std::string> planned_paths(const FilePlan& plan);

}  // namespace mtaudit::files
