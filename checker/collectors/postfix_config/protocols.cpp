#include "collectors/postfix_config/protocols.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <set>

namespace mtaudit::postfix {
namespace {

// Wire versions in k_known_protocols order (SSL2_VERSION is 0x0002, below every bound).
constexpr std::array<int, 6> k_wire_versions = {0x0002, 0x0300, 0x0301, 0x0302, 0x0303, 0x0304};

// OpenSSL's TLS methods accept 0 (no bound) or SSL3_VERSION..TLS1_3_VERSION; anything else
// leaves the bound unset (ssl_set_version_bound()).
constexpr int k_min_bound = 0x0300;
constexpr int k_max_bound = 0x0304;

// CHARS_COMMA_SP plus ':' (mystrtok() in tls_proto_mask_lims()).
constexpr std::string_view k_separators = ", \t\r\n:";

std::vector<std::string_view> split_tokens(std::string_view value) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  while ((pos = value.find_first_not_of(k_separators, pos)) != std::string_view::npos) {
    std::size_t end = value.find_first_of(k_separators, pos);
    if (end == std::string_view::npos) {
      end = value.size();
    }
    out.push_back(value.substr(pos, end - pos));
    pos = end;
  }
  return out;
}

// Index into k_known_protocols, exact (case-sensitive) match as name_code() does.
std::optional<std::size_t> protocol_index(std::string_view name) {
  for (std::size_t i = 0; i < std::size(k_known_protocols); ++i) {
    if (k_known_protocols[i] == name) {
      return i;
    }
  }
  return std::nullopt;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// The known spelling of a name written in the wrong case, or "".
std::string_view case_fix(std::string_view name) {
  for (std::string_view known : k_known_protocols) {
    if (iequals(known, name)) {
      return known;
    }
  }
  return iequals(name, "None") ? "None" : "";
}

// parse_tls_version(): the version table (no SSLv2), else strtoul(.., 16) of the whole rest,
// with its quirks (optional 0x, sign, empty string = 0), limited to INT_MAX.
std::optional<int> parse_bound(std::string_view text) {
  if (text == "None") {
    return 0;
  }
  auto idx = protocol_index(text);
  if (idx && *idx > 0) {
    return k_wire_versions[*idx];
  }
  std::string copy(text);
  char* end = nullptr;
  errno = 0;
  unsigned long v = std::strtoul(copy.c_str(), &end, 16);
  if (*end != '\0' || (v == ULONG_MAX && errno == ERANGE) || v > INT_MAX) {
    return std::nullopt;
  }
  return static_cast<int>(v);
}

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

// Why a token is invalid, as one sentence for ProtocolList::error.
std::string token_error(std::string_view tok, bool bounds_allowed) {
  std::string msg = "invalid TLS protocol token " + quoted(tok);
  bool is_bound = tok.starts_with(">=") || tok.starts_with("<=");
  if (is_bound && !bounds_allowed) {
    return msg + " (\">=\" and \"<=\" bounds need Postfix 3.6 or later)";
  }
  std::string_view prefix = is_bound ? tok.substr(0, 2) : tok.starts_with("!") ? "!" : "";
  std::string_view name = tok.substr(prefix.size());
  if (is_bound && name == "SSLv2") {
    return msg + " (SSLv2 cannot be a \">=\" or \"<=\" bound)";
  }
  if (std::string_view fix = case_fix(name); !fix.empty() && (is_bound || fix != "None")) {
    return msg + " (protocol names are case-sensitive: " +
           quoted(std::string(prefix) + std::string(fix)) + ")";
  }
  return msg;
}

struct ParseState {
  std::set<std::size_t> include;
  std::set<std::size_t> exclude;
  int floor = 0;
  int ceiling = 0;
};

// Applies one token to the state; false when the token is invalid.
bool apply_token(std::string_view tok, bool bounds_allowed, ParseState& st) {
  if (bounds_allowed && (tok.starts_with(">=") || tok.starts_with("<="))) {
    auto v = parse_bound(tok.substr(2));
    if (!v) {
      return false;
    }
    (tok[0] == '>' ? st.floor : st.ceiling) = *v;
    return true;
  }
  bool excl = tok.starts_with("!");
  auto idx = protocol_index(excl ? tok.substr(1) : tok);
  if (!idx) {
    return false;
  }
  (excl ? st.exclude : st.include).insert(*idx);
  return true;
}

bool bound_effective(int v) { return v == 0 || (v >= k_min_bound && v <= k_max_bound); }

std::string hex4(int v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%04x", static_cast<unsigned>(v));
  return buf;
}

void add_bound_warning(ProtocolList& out, int v, const char* which) {
  if (bound_effective(v)) {
    return;
  }
  out.warnings.push_back(std::string("TLS protocol ") + which + " " + hex4(v) +
                         " is not a TLS version OpenSSL accepts (0x0300 to 0x0304), so no " +
                         which + " is applied");
}

std::vector<std::string> enabled_set(const ParseState& st) {
  int floor = bound_effective(st.floor) ? st.floor : 0;
  int ceiling = bound_effective(st.ceiling) ? st.ceiling : 0;
  std::vector<std::string> out;
  for (std::size_t i = 0; i < std::size(k_known_protocols); ++i) {
    bool excluded = st.exclude.count(i) > 0 || (!st.include.empty() && st.include.count(i) == 0);
    int wire = k_wire_versions[i];
    if (excluded || (floor != 0 && wire < floor) || (ceiling != 0 && wire > ceiling)) {
      continue;
    }
    out.emplace_back(k_known_protocols[i]);
  }
  return out;
}

}  // namespace

ProtocolList parse_protocol_list(std::string_view value, int major, int minor) {
  bool bounds_allowed = major > 3 || (major == 3 && minor >= 6);
  ProtocolList out;
  ParseState st;
  for (std::string_view tok : split_tokens(value)) {
    if (apply_token(tok, bounds_allowed, st)) {
      continue;
    }
    if (out.valid) {
      out.error = token_error(tok, bounds_allowed);
    }
    out.valid = false;
    out.invalid_tokens.emplace_back(tok);
  }
  if (!out.valid) {
    return out;
  }
  out.floor = st.floor;
  out.ceiling = st.ceiling;
  add_bound_warning(out, st.floor, "minimum");
  add_bound_warning(out, st.ceiling, "maximum");
  out.enabled = enabled_set(st);
  return out;
}

std::vector<std::string> client_contiguous_range(const ProtocolList& list, bool sslv3_available) {
  std::vector<std::string> out;
  if (!list.valid) {
    return out;
  }
  // SSLv2 (index 0) is not in OpenSSL's version table: neither a member nor a hole.
  for (std::size_t i = 1; i < std::size(k_known_protocols); ++i) {
    std::string_view name = k_known_protocols[i];
    bool on = std::find(list.enabled.begin(), list.enabled.end(), name) != list.enabled.end();
    if (name == "SSLv3" && !sslv3_available) {
      on = false;
    }
    if (on) {
      out.emplace_back(name);
    } else if (!out.empty()) {
      break;  // the first hole above the lowest run ends what the client offers
    }
  }
  return out;
}

std::string protocol_name(int wire_version) {
  for (std::size_t i = 0; i < k_wire_versions.size(); ++i) {
    if (k_wire_versions[i] == wire_version) {
      return std::string(k_known_protocols[i]);
    }
  }
  return "";
}

}  // namespace mtaudit::postfix
