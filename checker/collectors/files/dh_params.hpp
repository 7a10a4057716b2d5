#pragma once
// smtpd_tls_dh1024_param_file: the size of the DH prime, or why the file is unusable. Pure.
#include <string>
#include <string_view>

namespace mtaudit::files {

struct DhReading {
  int bits = 0;       // prime size; 0 when error is set
  std::string error;  // "" when the parameters parsed; else why not, naming `name`
};

// The first "DH PARAMETERS" (PKCS#3) object of a PEM file. X9.42 parameters are an error:
// Postfix with OpenSSL 3 cannot load them and falls back to its built-in group.
DhReading read_dh_params(std::string_view bytes, const std::string& name);

}  // namespace mtaudit::files
