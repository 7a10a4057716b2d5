#include "collectors/files/chain_loader.hpp"

#include <openssl/err.h>

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "collectors/files/private_key.hpp"

namespace mtaudit::files {
namespace {

const FileContent k_not_read{};

const FileContent& content_of(const FileSet& files, const std::string& path) {
  auto it = files.find(path);
  return it == files.end() ? k_not_read : it->second;
}

std::string read_error(const FileContent& f, const std::string& path) {
  return f.read_error.empty() ? "cannot read " + path : f.read_error;
}

// A certificate object decoded; `error` says why not.
X509Ptr decode_certificate(const PemObject& object, const std::string& file, std::string* error) {
  const auto* start = reinterpret_cast<const unsigned char*>(object.der.view().data());
  const unsigned char* p = start;
  X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(object.der.size())));
  ERR_clear_error();
  std::string where = "the certificate (PEM object " + std::to_string(object.number) + ") in " + file;
  if (!cert) {
    *error = where + " does not parse";
  } else if (p - start != static_cast<long>(object.der.size())) {
    *error = where + " has excess data after the certificate";
    cert.reset();
  }
  return cert;
}

// A key that matches a later certificate instead of the first one: the files are out of order.
void note_misorder(LoadedChain& c) {
  if (!c.key || !c.leaf || key_matches_certificate(c.leaf.get(), c.key.get())) {
    return;
  }
  for (std::size_t i = 0; i < c.chain.size(); ++i) {
    if (key_matches_certificate(c.chain[i].get(), c.key.get())) {
      c.errors.push_back("the certificate matching the private key is number " + std::to_string(i + 2) +
                         " of the chain in " + c.leaf_file + "; the server certificate must come first");
      return;
    }
  }
}

void set_key(LoadedChain& c, const PemObject& object, const std::string& file) {
  KeyReading k = decode_private_key(object, file);
  c.key_file = file;
  c.key = std::move(k.key);
  c.key_encrypted = k.encrypted;
  c.key_error = k.error;
}

void add_certificate(LoadedChain& c, X509Ptr cert) {
  if (c.leaf) {
    c.chain.push_back(std::move(cert));
  } else {
    c.leaf = std::move(cert);
  }
}

class ChainFilesLoader {
 public:
  explicit ChainFilesLoader(const FileSet& files) : m_files(files) {}
  std::vector<LoadedChain> load(const std::vector<std::string>& paths);

 private:
  bool load_file(const std::string& path);
  bool on_key(const PemObject& object, const std::string& path);
  bool on_certificate(const PemObject& object, const std::string& path);
  void finish_pending();
  void fail(std::string path, std::string error, bool unreadable);
  int next_position(const std::string& path) { return m_positions[path]++; }
  X509Ptr decode(const PemObject& object, const std::string& path, std::string* error);

  const FileSet& m_files;
  // Certificates already decoded, by DER: an RSA and an ECDSA chain from one CA usually share
  // their intermediate, and OpenSSL 3.0 decodes a certificate's public key through a freshly
  // built decoder chain (about a fifth of the files collector's time per certificate).
  std::map<std::string, X509Ptr, std::less<>> m_decoded;
  std::unique_ptr<LoadedChain> m_pending;  // the chain being read
  std::vector<LoadedChain> m_out;
  std::map<std::string, int> m_positions;
  int m_key_object = 0;
  bool m_keyless = false;  // a certificate came before any key
};

std::vector<LoadedChain> ChainFilesLoader::load(const std::vector<std::string>& paths) {
  bool ok = true;
  for (const auto& path : paths) {
    ok = load_file(path);
    if (!ok) {
      break;
    }
  }
  if (ok && m_pending && !m_pending->leaf) {
    fail(m_pending->key_file, "the private key (PEM object " + std::to_string(m_key_object) + ") in " +
                                  m_pending->key_file + " is not followed by its certificate", false);
  }
  finish_pending();
  if (m_out.empty() && !paths.empty()) {
    fail(paths.front(), "no private key or certificate in " + paths.front(), false);
  }
  return std::move(m_out);
}

bool ChainFilesLoader::load_file(const std::string& path) {
  const FileContent& f = content_of(m_files, path);
  if (!f.readable) {
    fail(path, read_error(f, path), f.permission_denied);
    return false;
  }
  PemFile pem = read_pem(f.bytes.view(), path);
  for (const auto& object : pem.objects) {
    bool key = is_private_key_label(object.label) || is_encrypted_key_label(object.label);
    bool go = key ? on_key(object, path) : is_certificate_label(object.label) ? on_certificate(object, path) : true;
    if (!go) {
      return false;
    }
  }
  if (!pem.error.empty()) {
    fail(path, pem.error, false);
    return false;
  }
  return true;
}

bool ChainFilesLoader::on_key(const PemObject& object, const std::string& path) {
  if (m_keyless) {  // certificates came first: Postfix gives up here, and so does the reading
    finish_pending();
    return false;
  }
  if (m_pending && !m_pending->leaf) {
    fail(m_pending->key_file, "the private key (PEM object " + std::to_string(m_key_object) + ") in " +
                                  m_pending->key_file + " is followed by another key, not by its certificate", false);
    return false;
  }
  finish_pending();
  m_pending = std::make_unique<LoadedChain>();
  m_key_object = object.number;
  set_key(*m_pending, object, path);
  return true;
}

X509Ptr ChainFilesLoader::decode(const PemObject& object, const std::string& path, std::string* error) {
  if (auto it = m_decoded.find(object.der.view()); it != m_decoded.end() && X509_up_ref(it->second.get()) == 1) {
    return X509Ptr(it->second.get());
  }
  X509Ptr cert = decode_certificate(object, path, error);
  if (cert && X509_up_ref(cert.get()) == 1) {
    m_decoded.emplace(std::string(object.der.view()), X509Ptr(cert.get()));
  }
  return cert;
}

bool ChainFilesLoader::on_certificate(const PemObject& object, const std::string& path) {
  std::string error;
  X509Ptr cert = decode(object, path, &error);
  if (!cert) {
    fail(path, error, false);
    return false;
  }
  if (!m_pending) {
    m_keyless = true;
    m_pending = std::make_unique<LoadedChain>();
    m_pending->key_file = path;
    m_pending->key_error = "no private key comes before the certificate (PEM object " +
                           std::to_string(object.number) + ") in " + path;
    m_pending->errors.push_back(path + ": the certificate (PEM object " + std::to_string(object.number) +
                                ") comes before its private key; smtpd_tls_chain_files needs the key first, "
                                "then the certificate and its issuers");
  }
  if (!m_pending->leaf) {
    m_pending->leaf_file = path;
    m_pending->position = next_position(path);
  }
  add_certificate(*m_pending, std::move(cert));
  return true;
}

void ChainFilesLoader::finish_pending() {
  if (m_pending && m_pending->leaf) {
    note_misorder(*m_pending);
    m_out.push_back(std::move(*m_pending));
  }
  m_pending.reset();
}

// The problem belongs to the chain being read when it has a leaf; otherwise it stands alone,
// under the file at fault, keeping a key read before it.
void ChainFilesLoader::fail(std::string path, std::string error, bool unreadable) {
  if (m_pending && m_pending->leaf && m_pending->leaf_file == path) {
    m_pending->errors.push_back(std::move(error));
    finish_pending();
    return;
  }
  if (m_pending && m_pending->leaf) {
    finish_pending();
  }
  LoadedChain c;
  if (m_pending) {
    c = std::move(*m_pending);
    m_pending.reset();
  } else {
    c.key_file = path;
    c.key_error = error;
    c.key_unreadable = unreadable;
  }
  c.leaf_file = path;
  c.position = next_position(path);
  c.errors.push_back(std::move(error));
  c.unreadable = unreadable;
  m_out.push_back(std::move(c));
}

// One file that holds the key somewhere and the certificates in order (Postfix "mixed" mode).
LoadedChain load_mixed(const std::string& path, const FileSet& files) {
  LoadedChain c;
  c.leaf_file = path;
  c.key_file = path;
  const FileContent& f = content_of(files, path);
  if (!f.readable) {
    c.errors.push_back(read_error(f, path));
    c.key_error = c.errors.back();
    c.unreadable = c.key_unreadable = f.permission_denied;
    return c;
  }
  PemFile pem = read_pem(f.bytes.view(), path);
  bool have_key = false;
  for (const auto& object : pem.objects) {
    if (!have_key && (is_private_key_label(object.label) || is_encrypted_key_label(object.label))) {
      set_key(c, object, path);
      have_key = true;
    } else if (is_certificate_label(object.label)) {
      std::string error;
      X509Ptr cert = decode_certificate(object, path, &error);
      cert ? add_certificate(c, std::move(cert)) : c.errors.push_back(error);
    }
  }
  if (!pem.error.empty()) {
    c.errors.push_back(pem.error);
  }
  if (!have_key) {
    c.key_error = pem.objects.empty() && !pem.error.empty() ? pem.error : "no private key in " + path;
  }
  if (!c.leaf && pem.error.empty()) {
    c.errors.push_back("no certificate in " + path);
  }
  return c;
}

void read_leaf_and_chain(LoadedChain& c, const FileSet& files) {
  const FileContent& f = content_of(files, c.leaf_file);
  if (!f.readable) {
    c.errors.push_back(read_error(f, c.leaf_file));
    c.unreadable = f.permission_denied;
    return;
  }
  PemFile pem = read_pem(f.bytes.view(), c.leaf_file);
  for (const auto& object : pem.objects) {
    if (is_certificate_label(object.label)) {
      std::string error;
      X509Ptr cert = decode_certificate(object, c.leaf_file, &error);
      cert ? add_certificate(c, std::move(cert)) : c.errors.push_back(error);
    }
  }
  if (!pem.error.empty()) {
    c.errors.push_back(pem.error);
  } else if (!c.leaf) {
    c.errors.push_back("no certificate in " + c.leaf_file);
  }
}

void read_key(LoadedChain& c, const FileSet& files) {
  if (c.key_file.empty()) {
    c.key_error = "no private key file is configured for " + c.leaf_file;
    return;
  }
  const FileContent& f = content_of(files, c.key_file);
  if (!f.readable) {
    c.key_error = read_error(f, c.key_file);
    c.key_unreadable = f.permission_denied;
    return;
  }
  PemFile pem = read_pem(f.bytes.view(), c.key_file);
  for (const auto& object : pem.objects) {
    if (is_private_key_label(object.label) || is_encrypted_key_label(object.label)) {
      set_key(c, object, c.key_file);
      return;
    }
  }
  c.key_error = pem.error.empty() ? "no private key in " + c.key_file : pem.error;
}

}  // namespace

std::vector<LoadedChain> load_chain_files(const std::vector<std::string>& paths, const FileSet& files) {
  return ChainFilesLoader(files).load(paths);
}

LoadedChain load_cert_and_key(const std::string& cert_file, const std::string& key_file, const FileSet& files) {
  if (cert_file == key_file) {
    LoadedChain c = load_mixed(cert_file, files);
    note_misorder(c);
    return c;
  }
  LoadedChain c;
  c.leaf_file = cert_file;
  c.key_file = key_file;
  read_leaf_and_chain(c, files);
  read_key(c, files);
  note_misorder(c);
  return c;
}

}  // namespace mtaudit::files
