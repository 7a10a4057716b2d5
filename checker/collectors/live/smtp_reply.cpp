#include "collectors/live/smtp_reply.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "collectors/live/result.hpp"

namespace mtaudit::live {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

std::vector<std::string> split_words(std::string_view s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) {
      ++i;
    }
    std::size_t start = i;
    while (i < s.size() && s[i] != ' ' && s[i] != '\t') {
      ++i;
    }
    if (i > start) {
      out.emplace_back(s.substr(start, i - start));
    }
  }
  return out;
}

// Reply text goes into facts and from there into JSON, XML and SARIF: a hostile server's
// bytes outside printable ASCII are shown as \xNN, so every report stays valid text.
std::string printable(std::string_view s) {
  static const char* const k_hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (c >= 0x20 && c < 0x7F) {
      out += static_cast<char>(c);
    } else {
      out += "\\x";
      out += k_hex[c >> 4];
      out += k_hex[c & 0xF];
    }
  }
  return out;
}

}  // namespace

const char* to_string(ErrorKind k) {
  switch (k) {
    case ErrorKind::refused: return "refused";
    case ErrorKind::timeout: return "timeout";
    case ErrorKind::unavailable: return "unavailable";
    case ErrorKind::rate_limited: return "rate_limited";
    case ErrorKind::protocol: return "protocol";
    case ErrorKind::resolve: return "resolve";
    case ErrorKind::local: return "local";
  }
  return "protocol";
}

std::string SmtpReply::text() const {
  std::string out = std::to_string(code);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    out += i == 0 ? " " : " / ";
    out += lines[i];
  }
  return out;
}

void ReplyReader::feed(std::string_view bytes) {
  if (m_error.empty()) {
    m_buf.append(bytes);
  }
}

namespace {

// Whether `partial` (a line not yet ended) can still become "DDD", "DDD " or "DDD-" with a
// first digit of 2 to 5.
bool could_start_reply(std::string_view partial) {
  for (std::size_t i = 0; i < partial.size() && i < 4; ++i) {
    char c = partial[i];
    bool ok = i == 0 ? c >= '2' && c <= '5' : i < 3 ? is_digit(c) : c == ' ' || c == '-' || c == '\r';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

ReplyReader::Next ReplyReader::fail(std::string message) {
  m_error = std::move(message);
  m_buf.clear();
  return Next{Status::error, {}, m_error};
}

ReplyReader::Next ReplyReader::next() {
  if (!m_error.empty()) {
    return Next{Status::error, {}, m_error};
  }
  while (true) {
    std::size_t eol = m_buf.find('\n');
    if (eol == std::string::npos) {
      if (m_buf.size() > k_max_line) {
        return fail("reply line longer than " + std::to_string(k_max_line) + " bytes");
      }
      // Garbage without a line end is recognised at once, not after the greeting timeout.
      if (!could_start_reply(m_buf)) {
        return fail("not an SMTP reply line: \"" + printable(m_buf.substr(0, 80)) + "\"");
      }
      return Next{};
    }
    if (eol + 1 > k_max_line) {
      return fail("reply line longer than " + std::to_string(k_max_line) + " bytes");
    }
    std::string line = m_buf.substr(0, eol);
    m_buf.erase(0, eol + 1);
    if (!line.empty() && line.back() == '\r') {
      line.pop_back();
    }
    // "250-text", "250 text" or a bare "250" (RFC 5321 4.2: the text is optional).
    if (line.size() < 3 || !is_digit(line[0]) || !is_digit(line[1]) || !is_digit(line[2]) ||
        (line.size() > 3 && line[3] != ' ' && line[3] != '-') || line[0] < '2' || line[0] > '5') {
      return fail("not an SMTP reply line: \"" + printable(line.substr(0, 80)) + "\"");
    }
    int code = std::stoi(line.substr(0, 3));
    if (!m_partial.lines.empty() && code != m_partial.code) {
      return fail("mixed reply codes " + std::to_string(m_partial.code) + " and " + std::to_string(code));
    }
    m_partial.code = code;
    m_partial.lines.push_back(line.size() > 4 ? printable(line.substr(4)) : "");
    if (line.size() <= 3 || line[3] == ' ') {
      Next done{Status::complete, std::move(m_partial), ""};
      m_partial = SmtpReply{};
      return done;
    }
    if (m_partial.lines.size() >= k_max_lines) {
      return fail("reply longer than " + std::to_string(k_max_lines) + " lines");
    }
  }
}

EhloCapabilities parse_ehlo(const SmtpReply& reply) {
  EhloCapabilities caps;
  for (std::size_t i = 1; i < reply.lines.size(); ++i) {
    std::vector<std::string> words = split_words(reply.lines[i]);
    if (words.empty()) {
      continue;
    }
    std::string keyword = upper(words[0]);
    std::size_t eq = keyword.find('=');
    if (eq != std::string::npos) {  // "AUTH=LOGIN PLAIN": old Outlook syntax
      words[0] = words[0].substr(eq + 1);
      keyword.resize(eq);
    } else {
      words.erase(words.begin());
    }
    auto& params = caps[keyword];
    for (auto& w : words) {
      if (!w.empty() && std::find(params.begin(), params.end(), w) == params.end()) {
        params.push_back(std::move(w));
      }
    }
  }
  return caps;
}

std::vector<std::string> capability_names(const EhloCapabilities& caps) {
  std::vector<std::string> out;
  for (const auto& [k, v] : caps) {
    out.push_back(k);
  }
  return out;
}

std::vector<std::string> auth_mechanisms(const EhloCapabilities& caps) {
  auto it = caps.find("AUTH");
  if (it == caps.end()) {
    return {};
  }
  std::set<std::string> mechs;
  for (const auto& m : it->second) {
    mechs.insert(upper(m));
  }
  return {mechs.begin(), mechs.end()};
}

}  // namespace mtaudit::live
