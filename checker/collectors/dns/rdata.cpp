#include "collectors/dns/rdata.hpp"

#include <arpa/inet.h>

#include <cctype>

namespace mtaudit::dns {
namespace {

// An uncompressed wire-format name (unbound hands out RDATA decompressed) starting at `pos`.
std::optional<std::string> read_name(std::string_view d, std::size_t& pos) {
  std::string out;
  for (int labels = 0; labels < 128; ++labels) {
    if (pos >= d.size()) return std::nullopt;
    auto len = static_cast<unsigned char>(d[pos++]);
    if (len == 0) return canonical_name(out);
    if (len > 63 || pos + len > d.size()) return std::nullopt;
    if (!out.empty()) out += '.';
    out.append(d.substr(pos, len));
    pos += len;
  }
  return std::nullopt;
}

}  // namespace

std::string canonical_name(std::string_view name) {
  std::string out(name);
  while (!out.empty() && out.back() == '.') out.pop_back();
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::optional<std::string> parse_a(std::string_view rdata) {
  if (rdata.size() != 4) return std::nullopt;
  char buf[INET_ADDRSTRLEN];
  if (inet_ntop(AF_INET, rdata.data(), buf, sizeof buf) == nullptr) return std::nullopt;
  return std::string(buf);
}

std::optional<std::string> parse_aaaa(std::string_view rdata) {
  if (rdata.size() != 16) return std::nullopt;
  char buf[INET6_ADDRSTRLEN];
  if (inet_ntop(AF_INET6, rdata.data(), buf, sizeof buf) == nullptr) return std::nullopt;
  return std::string(buf);
}

std::optional<Mx> parse_mx(std::string_view rdata) {
  if (rdata.size() < 3) return std::nullopt;
  Mx mx;
  mx.preference = static_cast<unsigned char>(rdata[0]) << 8 | static_cast<unsigned char>(rdata[1]);
  std::size_t pos = 2;
  auto host = read_name(rdata, pos);
  if (!host || pos != rdata.size()) return std::nullopt;
  mx.host = *host;
  return mx;
}

std::optional<std::string> parse_txt(std::string_view rdata) {
  std::string out;
  std::size_t pos = 0;
  while (pos < rdata.size()) {
    auto len = static_cast<unsigned char>(rdata[pos++]);
    if (pos + len > rdata.size()) return std::nullopt;
    out.append(rdata.substr(pos, len));
    pos += len;
  }
  return out;
}

std::optional<Tlsa> parse_tlsa(std::string_view rdata) {
  if (rdata.size() < 4) return std::nullopt;
  Tlsa t;
  t.usage = static_cast<unsigned char>(rdata[0]);
  t.selector = static_cast<unsigned char>(rdata[1]);
  t.matching_type = static_cast<unsigned char>(rdata[2]);
  t.data = std::string(rdata.substr(3));
  return t;
}

std::string Tlsa::text() const {
  return std::to_string(usage) + " " + std::to_string(selector) + " " + std::to_string(matching_type) + " " + to_hex(data);
}

std::string to_hex(std::string_view bytes) {
  static const char* const digits = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

std::optional<std::string> from_hex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  auto val = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  std::string out;
  out.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    int hi = val(hex[i]), lo = val(hex[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi << 4 | lo);
  }
  return out;
}

}  // namespace mtaudit::dns
