#pragma once
// A shared library opened at run time, closed when the last owner goes away.
//
// Why not link it: libcurl pulls in about thirty libraries (Kerberos, LDAP, GnuTLS via
// librtmp, ...) whose loading and constructors cost ~20 ms of every mtaudit start, and
// libunbound another ~3 ms. An offline `check` never touches either, so the DNS source opens
// them only when it runs. Symbols are looked up once, typed by the library's own header
// (decltype of the declared function), so a signature mismatch is a compile error.
#include <dlfcn.h>

#include <memory>
#include <string>

namespace mtaudit {

class DynLib {
 public:
  // Opens the first name that loads; error() says why none did.
  static std::shared_ptr<DynLib> open(std::initializer_list<const char*> names, std::string* error) {
    std::string why;
    for (const char* name : names) {
      if (void* h = dlopen(name, RTLD_NOW | RTLD_LOCAL)) return std::shared_ptr<DynLib>(new DynLib(h));
      const char* e = dlerror();
      why = e != nullptr ? e : name;
    }
    if (error != nullptr) *error = why;
    return nullptr;
  }
  DynLib(const DynLib&) = delete;
  DynLib& operator=(const DynLib&) = delete;
  ~DynLib() { dlclose(m_handle); }

  // Resolves `name` into `fn` (typed by the caller); false when absent.
  template <class Fn>
  bool bind(Fn*& fn, const char* name) const {
    fn = reinterpret_cast<Fn*>(dlsym(m_handle, name));
    return fn != nullptr;
  }

 private:
  explicit DynLib(void* h) : m_handle(h) {}
  void* m_handle;
};

}  // namespace mtaudit
