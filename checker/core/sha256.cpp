#include "core/sha256.hpp"

#include <openssl/evp.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <new>

namespace mtaudit {
namespace {

struct MdCtxFree {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

struct FileClose {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

std::string to_hex(const unsigned char* bytes, unsigned int len) {
  static constexpr char k_digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    out += k_digits[bytes[i] >> 4];
    out += k_digits[bytes[i] & 0x0f];
  }
  return out;
}

MdCtx new_sha256_ctx() {
  MdCtx ctx(EVP_MD_CTX_new());
  // Allocation or init failure leaves no sensible digest; treat as fatal like bad_alloc.
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) {
    throw std::bad_alloc();
  }
  return ctx;
}

std::string finish(EVP_MD_CTX* ctx) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(ctx, md.data(), &len) != 1) {
    throw std::bad_alloc();
  }
  return to_hex(md.data(), len);
}

}  // namespace

std::string sha256_hex(std::string_view data) {
  MdCtx ctx = new_sha256_ctx();
  EVP_DigestUpdate(ctx.get(), data.data(), data.size());
  return finish(ctx.get());
}

Expected<std::string> sha256_file_hex(const std::string& path) {
  std::unique_ptr<std::FILE, FileClose> file(std::fopen(path.c_str(), "rb"));
  if (!file) {
    return Diag{path, 0, 0, std::string("cannot open file: ") + std::strerror(errno), ""};
  }
  MdCtx ctx = new_sha256_ctx();
  std::array<char, 65536> buf{};
  std::size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), file.get())) > 0) {
    EVP_DigestUpdate(ctx.get(), buf.data(), n);
  }
  if (std::ferror(file.get()) != 0) {
    return Diag{path, 0, 0, std::string("cannot read file: ") + std::strerror(errno), ""};
  }
  return finish(ctx.get());
}

}  // namespace mtaudit
