#pragma once
// Collector for certificate, key and DH parameter files: the thin I/O wrapper. It reads every
// file the collected `postfix` facts name (below --root, as the audited host's Postfix would
// open it), and hands the bytes to the pure parsers in files/. Private keys are held only
// in wiped buffers and leave nothing but fingerprints in the facts.
#include <cstdint>
#include <string>

#include "collectors/files/file_set.hpp"
#include "collectors/files/plan.hpp"
#include "core/expected.hpp"
#include "facts/fact.hpp"

namespace mtaudit::files {

struct FilesInput {
  std::string root;         // --root; "" or "/" for this machine
  std::int64_t now = 0;     // seconds since the epoch that time-dependent facts are relative to
  std::string ca_file;      // --ca-file (a path on this machine); "" = the system trust store
};

// The `files` fact subtree. Problems with the files themselves become facts (errors the rules
// report); only an unusable --ca-file or trust store is an error of the run.
Expected<facts::Fact> collect_files_facts(const facts::Fact& postfix, const FilesInput& in);

// The same in two steps, for a caller that has other work between reading the files and
// decoding them (the decoding needs OpenSSL's tables, which `check` builds on another thread):
// the plan and the bytes, then their facts.
struct FilesRead {
  FilePlan plan;
  FileSet files;
};
FilesRead read_files(const facts::Fact& postfix, const FilesInput& in);
Expected<facts::Fact> files_facts(const FilesRead& read, const FilesInput& in);

// One file as Postfix on the audited host would open it: `path` under `root` (relative paths
// are relative to the queue directory, /var/spool/postfix), symbolic links resolved inside
// the root. Never fails: what went wrong is in the result.
FileContent read_named_file(const std::string& path, const std::string& root);

}  // namespace mtaudit::files
