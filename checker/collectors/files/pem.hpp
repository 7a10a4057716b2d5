#pragma once
// PEM files as OpenSSL reads them: the sequence of "-----BEGIN LABEL-----" objects, each
// decoded to DER. Pure: works on bytes; `name` only goes into messages.
#include <string>
#include <string_view>
#include <vector>

namespace mtaudit::files {

// Bytes that may hold private key material: wiped when destroyed, never copied.
class SecretBytes {
 public:
  SecretBytes() = default;
  explicit SecretBytes(std::string bytes) : m_bytes(std::move(bytes)) {}
  SecretBytes(SecretBytes&& other) noexcept : m_bytes(std::move(other.m_bytes)) { other.wipe(); }
  SecretBytes& operator=(SecretBytes&& other) noexcept;
  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;
  ~SecretBytes() { wipe(); }

  std::string_view view() const { return m_bytes; }
  std::size_t size() const { return m_bytes.size(); }

 private:
  void wipe() noexcept;
  std::string m_bytes;
};

struct PemObject {
  std::string label;       // "CERTIFICATE", "PRIVATE KEY", "EC PRIVATE KEY", ...
  bool encrypted = false;  // a legacy "Proc-Type: 4,ENCRYPTED" header
  SecretBytes der;         // the decoded body
  int number = 0;          // 1-based position among the objects of its file
};

struct PemFile {
  std::vector<PemObject> objects;  // the objects read before any error
  std::string error;               // "" when the whole file was read; else why not, naming `name`
};

// Every PEM object of `bytes`. Text around objects is skipped, as OpenSSL does. A file that is
// empty, binary DER, or holds no BEGIN line at all has no objects and an error that says so;
// a malformed object (bad base64, no END line) stops the reading with an error.
PemFile read_pem(std::string_view bytes, const std::string& name);

// The labels Postfix accepts as a private key, and the one it cannot use (needs a pass phrase).
bool is_private_key_label(const std::string& label);
bool is_encrypted_key_label(const std::string& label);
bool is_certificate_label(const std::string& label);

}  // namespace mtaudit::files
