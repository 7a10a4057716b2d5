#pragma once
// Key and certificate chains read the way Postfix's tls_certkey.c reads them:
//   smtpd_tls_chain_files   all files in order form one stream of PEM objects: key, leaf,
//                           issuers, next key, leaf, ... (a certificate before any key is an
//                           error; other PEM types are skipped)
//   *_cert_file = *_key_file  one file, one key anywhere in it, the first certificate is the leaf
//   *_cert_file, *_key_file   the first certificate (then its issuers) and the first key
// Pure: works on a FileSet. Problems are recorded on the chain they belong to, never thrown.
#include <string>
#include <vector>

#include "collectors/files/file_set.hpp"
#include "core/openssl_ptr.hpp"

namespace mtaudit::files {

struct LoadedChain {
  std::string leaf_file;  // file of the leaf certificate, or of the file that failed
  int position = 0;       // 0-based number of this chain among those whose leaf is in leaf_file
  std::string key_file;   // file of the private key ("" when none was found or configured)
  EvpPkeyPtr key;
  bool key_encrypted = false;
  bool key_unreadable = false;  // key_file could not be opened: permission denied
  std::string key_error;        // why there is no usable key; "" when `key` is set
  X509Ptr leaf;
  std::vector<X509Ptr> chain;        // the certificates after the leaf, in file order
  std::vector<std::string> errors;   // certificate-side problems; with no leaf the first says why
  bool unreadable = false;           // leaf_file could not be opened: permission denied
};

std::vector<LoadedChain> load_chain_files(const std::vector<std::string>& paths, const FileSet& files);

// Legacy pairs: one file holding both (cert_file == key_file), or two files.
LoadedChain load_cert_and_key(const std::string& cert_file, const std::string& key_file, const FileSet& files);

}  // namespace mtaudit::files
