#include "core/base64.hpp"
#include "collectors/files/file_facts.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

#include "collectors/files/certificate.hpp"
#include "collectors/files/chain_loader.hpp"
#include "collectors/files/dh_params.hpp"
#include "collectors/files/private_key.hpp"
#include "collectors/files/timestamp.hpp"
#include "collectors/files/verify.hpp"
#include "core/sha256.hpp"

namespace mtaudit::files {
namespace {

using facts::Fact;
using facts::FactList;
using facts::Gap;
using facts::Origin;

// Who uses one loaded chain: services, SNI entries, the parameters and lines that name it.
struct Usage {
  std::string algorithm;
  std::vector<std::string> services;
  std::vector<std::string> params;
  std::vector<std::string> host_names;
  std::vector<std::pair<std::string, std::string>> sni;  // table, key
  std::vector<Origin> origins;
};

struct Entry {
  LoadedChain chain;
  Usage usage;
};

// The facts a certificate yields once its leaf parsed; a gap each when it did not.
const char* const k_content_keys[] = {
    "subject", "common_name", "issuer", "serial", "san", "san_dns", "not_before", "not_after",
    "not_before_epoch", "not_after_epoch", "days_left", "expired", "not_yet_valid", "key_type", "key_bits",
    "key_curve", "signature_algorithm", "sha256", "spki_sha256", "chain", "chain_length", "chain_order_ok",
    "chain_complete", "trusted", "trust_error", "verify_ok", "verify_error", "verify_error_depth", "hostnames",
    "hostnames_not_covered"};

template <class T>
void add_unique(std::vector<T>& v, const T& x) {
  if (std::find(v.begin(), v.end(), x) == v.end()) {
    v.push_back(x);
  }
}

FactList strings(const std::vector<std::string>& v) { return FactList(v.begin(), v.end()); }

Origin file_origin(const std::string& host_path) { return Origin{Origin::Kind::file, host_path, 0, ""}; }

const FileContent* content(const FileSet& files, const std::string& path) {
  auto it = files.find(path);
  return it == files.end() ? nullptr : &it->second;
}

std::string host_path(const FileSet& files, const std::string& path) {
  const FileContent* f = content(files, path);
  return f == nullptr || f->host_path.empty() ? path : f->host_path;
}

std::string mode_text(unsigned mode) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", mode & 07777u);
  return buf;
}

std::vector<X509*> issuers_of(const LoadedChain& c) {
  std::vector<X509*> out;
  for (const auto& x : c.chain) {
    out.push_back(x.get());
  }
  return out;
}

void note_usage(const ChainRef& ref, Usage& u) {
  if (u.algorithm.empty()) {
    u.algorithm = ref.algorithm;
  }
  if (!ref.service.empty()) {
    add_unique(u.services, ref.service);
  }
  add_unique(u.params, ref.param);
  if (!ref.host_name.empty()) {
    add_unique(u.host_names, ref.host_name);
  }
  if (!ref.sni_key.empty()) {
    add_unique(u.sni, {ref.sni_table, ref.sni_key});
    if (ref.sni_key.front() != '.') {
      add_unique(u.host_names, ref.sni_key);
    }
  }
  for (const auto& o : ref.origins) {
    add_unique(u.origins, o);
  }
}

std::vector<LoadedChain> load(const ChainRef& ref, const FileSet& files) {
  if (ref.mode == ChainRef::Mode::chain_files) {
    return load_chain_files(ref.files, files);
  }
  std::vector<LoadedChain> out;
  out.push_back(load_cert_and_key(ref.files.at(0), ref.files.size() > 1 ? ref.files[1] : "", files));
  return out;
}

// One entry per (leaf file, position, key file); services sharing files share the entry.
// Loading is a function of the mode and the file list alone, and services usually name the
// same files: each distinct list is loaded (keys and certificates decoded) once.
std::vector<Entry> load_entries(const FilePlan& plan, const FileSet& files) {
  std::vector<Entry> entries;
  std::map<std::string, std::size_t> index;
  std::map<std::pair<ChainRef::Mode, std::vector<std::string>>, std::vector<std::size_t>> loaded;
  for (const auto& ref : plan.chains) {
    auto [done, first] = loaded.try_emplace({ref.mode, ref.files});
    if (first) {
      for (auto& chain : load(ref, files)) {
        std::string key = chain.leaf_file + "\n" + std::to_string(chain.position) + "\n" + chain.key_file;
        auto [it, fresh] = index.emplace(key, entries.size());
        if (fresh) {
          entries.push_back(Entry{std::move(chain), {}});
        }
        done->second.push_back(it->second);
      }
    }
    for (std::size_t i : done->second) {
      note_usage(ref, entries[i].usage);
    }
  }
  return entries;
}

std::string entry_id(const LoadedChain& c) {
  return c.position == 0 ? c.leaf_file : c.leaf_file + " (chain " + std::to_string(c.position + 1) + ")";
}

Fact sni_list(const Usage& u) {
  FactList out;
  for (const auto& [table, key] : u.sni) {
    Fact s;
    s["table"] = table;
    s["key"] = key;
    out.push_back(s);
  }
  return out;
}

void add_identity(const Entry& e, const FileSet& files, Fact& f) {
  const LoadedChain& c = e.chain;
  f["id"] = entry_id(c);
  Fact path(c.leaf_file);
  for (const auto& o : e.usage.origins) {
    path.with_origin(o);
  }
  f["path"] = path;
  f["host_path"] = host_path(files, c.leaf_file);
  f["position"] = c.position;
  f["key_path"] = c.key_file;
  f["algorithm"] = e.usage.algorithm;
  f["params"] = strings(e.usage.params);
  f["services"] = strings(e.usage.services);
  f["sni"] = sni_list(e.usage);
  const FileContent* fc = content(files, c.leaf_file);
  f["file_sha256"] = fc != nullptr && fc->readable ? Fact(sha256_hex(fc->bytes.view()))
                                                   : Fact::gap(Gap::Kind::failed, c.errors.empty() ? "not read" : c.errors.front());
  f["errors"] = strings(c.errors);
  std::string error = c.errors.empty() ? "" : c.errors.front();
  f["error"] = c.unreadable ? Fact::gap(Gap::Kind::failed, error) : Fact(error);
}

void add_leaf(const CertificateInfo& info, std::int64_t now, Fact& f) {
  f["subject"] = info.subject;
  f["common_name"] = info.common_name;
  f["issuer"] = info.issuer;
  f["serial"] = info.serial;
  f["san"] = strings(info.san);
  f["san_dns"] = strings(info.san_dns);
  f["not_before"] = format_timestamp(info.not_before);
  f["not_after"] = format_timestamp(info.not_after);
  f["not_before_epoch"] = info.not_before;
  f["not_after_epoch"] = info.not_after;
  f["days_left"] = whole_days(info.not_after - now);
  f["expired"] = now > info.not_after;
  f["not_yet_valid"] = now < info.not_before;
  f["key_type"] = info.key.type;
  f["key_bits"] = info.key.bits;
  f["key_curve"] = info.key.curve;
  f["signature_algorithm"] = info.signature_algorithm;
  f["sha256"] = info.sha256;
  f["spki_sha256"] = info.key.spki_sha256;
}

Fact chain_element(X509* cert, const CertificateInfo& info) {
  Fact e;
  e["subject"] = info.subject;
  e["issuer"] = info.issuer;
  e["serial"] = info.serial;
  e["signature_algorithm"] = info.signature_algorithm;
  e["signature_hash"] = info.signature_hash;
  e["self_signed"] = info.self_signed;
  e["is_ca"] = info.is_ca;
  e["key_type"] = info.key.type;
  e["key_bits"] = info.key.bits;
  e["key_curve"] = info.key.curve;
  e["not_after"] = format_timestamp(info.not_after);
  e["not_after_epoch"] = info.not_after;
  e["sha256"] = info.sha256;
  e["der"] = base64_encode(certificate_der(cert));  // public: DANE matching, re-checking evidence
  return e;
}

void add_chain(const LoadedChain& c, const CertificateInfo& leaf, const AnalysisContext& ctx, Fact& f) {
  FactList elements{chain_element(c.leaf.get(), leaf)};
  for (const auto& x : c.chain) {
    elements.push_back(chain_element(x.get(), describe_certificate(x.get())));
  }
  std::vector<X509*> issuers = issuers_of(c);
  f["chain"] = elements;
  f["chain_length"] = static_cast<int>(elements.size());
  ChainChecks checks = check_chain(ctx.store, c.leaf.get(), issuers, ctx.now);
  f["chain_order_ok"] = checks.in_order;
  f["chain_complete"] = checks.complete;
  f["trusted"] = checks.trust.ok;
  f["trust_error"] = checks.trust.error;
  f["verify_ok"] = checks.now.ok;
  f["verify_error"] = checks.now.error;
  f["verify_error_depth"] = checks.now.depth;
}

void add_host_names(const LoadedChain& c, const Usage& u, Fact& f) {
  FactList names;
  std::vector<std::string> missing;
  for (const auto& name : u.host_names) {
    bool covered = covers_host(c.leaf.get(), name);
    Fact n;
    n["name"] = name;
    n["covered"] = covered;
    names.push_back(n);
    if (!covered) {
      missing.push_back(name);
    }
  }
  f["hostnames"] = names;
  f["hostnames_not_covered"] = strings(missing);
}

void add_stat(const FileContent* fc, Fact& key, const std::string& reason) {
  const char* const names[] = {"uid", "gid", "mode", "owner_root", "group_readable", "world_readable"};
  if (fc == nullptr || !fc->stat) {
    std::string why = fc == nullptr || fc->stat_error.empty() ? reason : fc->stat_error;
    for (const char* n : names) {
      key[n] = Fact::gap(Gap::Kind::failed, why);
    }
    return;
  }
  const FileStat& s = *fc->stat;
  key["uid"] = static_cast<std::int64_t>(s.uid);
  key["gid"] = static_cast<std::int64_t>(s.gid);
  key["mode"] = mode_text(s.mode);
  key["owner_root"] = s.uid == 0;
  key["group_readable"] = (s.mode & 040u) != 0;
  key["world_readable"] = (s.mode & 04u) != 0;
}

// Facts about the private key: only whether it is usable and matches, and its public half's
// fingerprint. A key the checker may not read leaves gaps, so rules say error, not pass.
Fact key_fact(const LoadedChain& c, const FileSet& files) {
  Fact key;
  key["path"] = c.key_file;
  key["host_path"] = c.key_file.empty() ? "" : host_path(files, c.key_file);
  const FileContent* fc = c.key_file.empty() ? nullptr : content(files, c.key_file);
  add_stat(fc, key, c.key_error.empty() ? "no private key file" : c.key_error);
  if (c.key_unreadable) {
    Fact gap = Fact::gap(Gap::Kind::failed, c.key_error);
    for (const char* n : {"error", "encrypted", "matches", "spki_sha256"}) {
      key[n] = gap;
    }
  } else {
    key["error"] = c.key_error;
    key["encrypted"] = c.key_encrypted;
    key["matches"] = key_matches_certificate(c.leaf.get(), c.key.get());
    bool same = c.key && c.leaf && key_matches_certificate(c.leaf.get(), c.key.get());
    // A key that matches its certificate has the certificate's SPKI: no second encoding.
    key["spki_sha256"] = !c.key ? std::string()
                         : same ? certificate_spki_sha256(c.leaf.get())
                                : describe_public_key(c.key.get()).spki_sha256;
  }
  if (!c.key_file.empty()) {
    key.with_origin(file_origin(host_path(files, c.key_file)));
  }
  return key;
}

Fact certificate_fact(const Entry& e, const FileSet& files, const AnalysisContext& ctx) {
  const LoadedChain& c = e.chain;
  Fact f = facts::FactMap{};
  f.with_origin(file_origin(host_path(files, c.leaf_file)));
  add_identity(e, files, f);
  if (c.leaf) {
    CertificateInfo leaf = describe_certificate(c.leaf.get());
    add_leaf(leaf, ctx.now, f);
    add_chain(c, leaf, ctx, f);
    add_host_names(c, e.usage, f);
  } else {
    for (const char* k : k_content_keys) {
      f[k] = Fact::gap(Gap::Kind::failed, c.errors.empty() ? "no certificate" : c.errors.front());
    }
  }
  f["key"] = key_fact(c, files);
  return f;
}

std::string key_type_of(const Entry& e) {
  return e.chain.leaf ? describe_key_shape(X509_get0_pubkey(e.chain.leaf.get())).type : "";
}

// Largest distance in days between the expiry of an RSA and of an ECDSA certificate.
Fact expiry_skew(const std::vector<const Entry*>& entries) {
  std::vector<std::int64_t> rsa, ec;
  for (const Entry* e : entries) {
    std::string type = key_type_of(*e);
    if (type == "rsa" || type == "ec") {
      (type == "rsa" ? rsa : ec).push_back(certificate_not_after(e->chain.leaf.get()));
    }
  }
  if (rsa.empty() || ec.empty()) {
    return Fact::gap(Gap::Kind::not_applicable, "the service has no RSA and ECDSA certificate pair");
  }
  std::int64_t worst = 0;
  for (auto r : rsa) {
    for (auto x : ec) {
      worst = std::max(worst, (r > x ? r - x : x - r) / k_seconds_per_day);
    }
  }
  return worst;
}

Fact service_fact(const std::string& id, const std::vector<Entry>& entries) {
  std::vector<const Entry*> mine;
  std::vector<std::string> ids, types, unloaded;
  for (const auto& e : entries) {
    if (std::find(e.usage.services.begin(), e.usage.services.end(), id) != e.usage.services.end()) {
      mine.push_back(&e);
      ids.push_back(entry_id(e.chain));
      if (!key_type_of(e).empty()) {
        add_unique(types, key_type_of(e));
      } else {
        unloaded.push_back(e.chain.errors.empty() ? e.chain.leaf_file + " does not load" : e.chain.errors.front());
      }
    }
  }
  std::sort(types.begin(), types.end());
  Fact s;
  s["id"] = id;
  s["certificates"] = strings(ids);
  // A certificate that does not load leaves its key type unknown, not absent: rules on the
  // key types report an error naming the file (cert-readable reports the failure itself).
  std::string joined;
  for (const auto& u : unloaded) joined += (joined.empty() ? "" : "; ") + u;
  s["key_types"] = unloaded.empty() ? strings(types) : Fact::gap(Gap::Kind::failed, joined);
  s["expiry_skew_days"] = expiry_skew(mine);
  return s;
}

Fact dh_fact(const std::string& path, const std::vector<const DhRef*>& refs, const FileSet& files) {
  Fact d;
  Fact p(path);
  std::vector<std::string> users;
  for (const DhRef* r : refs) {
    add_unique(users, r->user);
    for (const auto& o : r->origins) {
      p.with_origin(o);
    }
  }
  d["path"] = p;
  d["host_path"] = host_path(files, path);
  d["users"] = strings(users);
  const FileContent* fc = content(files, path);
  DhReading r = fc != nullptr && fc->readable ? read_dh_params(fc->bytes.view(), path)
                                              : DhReading{0, fc == nullptr || fc->read_error.empty() ? "cannot read " + path : fc->read_error};
  bool denied = fc != nullptr && fc->permission_denied;
  d["error"] = denied ? Fact::gap(Gap::Kind::failed, r.error) : Fact(r.error);
  d["bits"] = r.error.empty() ? Fact(r.bits) : Fact::gap(Gap::Kind::failed, r.error);
  d.with_origin(file_origin(host_path(files, path)));
  return d;
}

Fact dh_list(const FilePlan& plan, const FileSet& files) {
  std::vector<std::string> order;
  std::map<std::string, std::vector<const DhRef*>> by_path;
  for (const auto& r : plan.dh) {
    add_unique(order, r.path);
    by_path[r.path].push_back(&r);
  }
  FactList out;
  for (const auto& path : order) {
    out.push_back(dh_fact(path, by_path[path], files));
  }
  return out;
}

Fact inventory_fact(const FileContent& fc) {
  Fact f;
  f["path"] = fc.path;
  f["host_path"] = fc.host_path;
  f["exists"] = fc.stat.has_value();
  f["error"] = !fc.stat_error.empty() ? fc.stat_error : fc.read_error;
  Fact missing = Fact::gap(Gap::Kind::failed, fc.stat_error.empty() ? fc.read_error : fc.stat_error);
  f["size"] = fc.stat ? Fact(fc.stat->size) : missing;
  f["mtime"] = fc.stat ? Fact(fc.stat->mtime) : missing;
  f["mtime_iso"] = fc.stat ? Fact(format_timestamp(fc.stat->mtime)) : missing;
  f["mode"] = fc.stat ? Fact(mode_text(fc.stat->mode)) : missing;
  f["uid"] = fc.stat ? Fact(static_cast<std::int64_t>(fc.stat->uid)) : missing;
  f["gid"] = fc.stat ? Fact(static_cast<std::int64_t>(fc.stat->gid)) : missing;
  f["sha256"] = fc.readable ? Fact(sha256_hex(fc.bytes.view())) : Fact::gap(Gap::Kind::failed, fc.read_error);
  f.with_origin(file_origin(fc.host_path));
  return f;
}

}  // namespace

Fact build_files_facts(const FilePlan& plan, const FileSet& files, const AnalysisContext& ctx) {
  std::vector<Entry> entries = load_entries(plan, files);
  FactList certificates, services, inventory;
  for (const auto& e : entries) {
    certificates.push_back(certificate_fact(e, files, ctx));
  }
  for (const auto& id : plan.services) {
    services.push_back(service_fact(id, entries));
  }
  for (const auto& [path, fc] : files) {
    inventory.push_back(inventory_fact(fc));
  }
  Fact out;
  out["now"] = ctx.now;
  out["now_iso"] = format_timestamp(ctx.now);
  out["trust_store"] = ctx.trust_store;
  out["certificates"] = certificates;
  out["services"] = services;
  out["dh_params"] = dh_list(plan, files);
  out["inventory"] = inventory;
  return out;
}

}  // namespace mtaudit::files
