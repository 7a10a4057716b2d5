#include "collectors/files/pem.hpp"

#include <openssl/err.h>
#include <openssl/pem.h>

#include <memory>

#include "core/openssl_ptr.hpp"

namespace mtaudit::files {
namespace {

// PEM_read_bio() hands out three buffers; the body may be a private key, so it is wiped.
struct PemBuffers {
  char* name = nullptr;
  char* header = nullptr;
  unsigned char* data = nullptr;
  long len = 0;
  PemBuffers() = default;
  PemBuffers(const PemBuffers&) = delete;
  PemBuffers& operator=(const PemBuffers&) = delete;
  ~PemBuffers() {
    OPENSSL_free(name);
    OPENSSL_free(header);
    if (data != nullptr) {
      OPENSSL_clear_free(data, static_cast<std::size_t>(len));
    }
  }
};

// What a file with no PEM object is, for the message: DER is the usual mistake.
std::string no_pem_reason(std::string_view bytes, const std::string& name) {
  if (bytes.empty()) {
    return name + " is empty (0 bytes)";
  }
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const unsigned char* q = p;
  X509Ptr cert(d2i_X509(nullptr, &q, static_cast<long>(bytes.size())));
  if (cert) {
    return name + " holds a DER (binary) certificate, not PEM; convert it: openssl x509 -inform DER -in " + name +
           " -out " + name + ".pem";
  }
  q = p;
  EvpPkeyPtr key(d2i_AutoPrivateKey(nullptr, &q, static_cast<long>(bytes.size())));
  ERR_clear_error();
  if (key) {
    return name + " holds a DER (binary) private key, not PEM; convert it: openssl pkey -inform DER -in " + name +
           " -out " + name + ".pem";
  }
  return name + " holds no PEM data (no -----BEGIN line)";
}

bool no_start_line(unsigned long err) {
  return ERR_GET_LIB(err) == ERR_LIB_PEM && ERR_GET_REASON(err) == PEM_R_NO_START_LINE;
}

}  // namespace

SecretBytes& SecretBytes::operator=(SecretBytes&& other) noexcept {
  if (this != &other) {
    wipe();
    m_bytes = std::move(other.m_bytes);
    other.wipe();
  }
  return *this;
}

void SecretBytes::wipe() noexcept {
  if (!m_bytes.empty()) {
    OPENSSL_cleanse(m_bytes.data(), m_bytes.size());
  }
  m_bytes.clear();
}

PemFile read_pem(std::string_view bytes, const std::string& name) {
  PemFile out;
  if (bytes.empty()) {
    out.error = no_pem_reason(bytes, name);
    return out;
  }
  BioPtr bio(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
  ERR_clear_error();
  for (int number = 1; bio; ++number) {
    PemBuffers b;
    if (PEM_read_bio(bio.get(), &b.name, &b.header, &b.data, &b.len) != 1) {
      bool eof = no_start_line(ERR_peek_last_error());
      ERR_clear_error();
      if (!eof) {
        out.error = name + ": PEM object " + std::to_string(number) + " is malformed (bad base64 or no END line)";
      } else if (out.objects.empty()) {
        out.error = no_pem_reason(bytes, name);
      }
      return out;
    }
    std::string header = b.header == nullptr ? "" : b.header;
    out.objects.push_back(PemObject{b.name, header.find("ENCRYPTED") != std::string::npos,
                                    SecretBytes(std::string(reinterpret_cast<const char*>(b.data),
                                                            static_cast<std::size_t>(b.len))),
                                    number});
  }
  out.error = name + ": out of memory";
  return out;
}

bool is_private_key_label(const std::string& label) {
  return label == "PRIVATE KEY" || label == "RSA PRIVATE KEY" || label == "EC PRIVATE KEY" ||
         label == "DSA PRIVATE KEY";
}

bool is_encrypted_key_label(const std::string& label) { return label == "ENCRYPTED PRIVATE KEY"; }

bool is_certificate_label(const std::string& label) {
  return label == "CERTIFICATE" || label == "X509 CERTIFICATE";
}

}  // namespace mtaudit::files
