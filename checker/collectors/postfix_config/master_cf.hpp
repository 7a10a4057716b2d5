#pragma once
// Pure parser of master.cf (master(5) SYNTAX): one service per logical line, eight fields,
// then the command's arguments with `-o name=value` / `-o { name = value }` overrides.
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.hpp"

namespace mtaudit::postfix {

struct Override {
  std::string name;
  std::string value;
  int line = 0;  // physical line of the -o argument
};

struct MasterEntry {
  std::string service;  // field 1 as written: "smtp", "127.0.0.1:465", "[::1]:submission"
  std::string type;     // inet, unix, unix-dgram, fifo, pass
  std::string private_flag, unprivileged, chroot, wakeup, maxproc;
  std::string command;  // field 8, e.g. "smtpd"
  std::vector<std::string> args;  // after the command, outer braces removed
  std::vector<Override> overrides;  // in order; a repeated name: the last wins
  int line = 0;

  std::string id() const { return service + "/" + type; }  // postconf -M/-P spelling
  // Basename of the command: it selects the parameter family (smtpd, smtp, lmtp, ...).
  std::string program() const;
};

Expected<std::vector<MasterEntry>> parse_master_cf(std::string_view content,
                                                   const std::string& file, Diags* warnings);

// Split command arguments as master(8) does: whitespace separated, `{...}` groups whitespace;
// an argument written as `{ text }` loses its braces and the whitespace inside them.
Expected<std::vector<std::string>> split_master_args(std::string_view text);

}  // namespace mtaudit::postfix
