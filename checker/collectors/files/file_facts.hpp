#pragma once
// The `files` fact subtree (schemas/facts.schema.json, docs/facts-files.md): what the
// certificate, key and DH parameter files the configuration names hold. Pure: works on a
// plan and the files as read. No key material enters a fact, only fingerprints.
#include <cstdint>
#include <string>

#include <openssl/x509.h>

#include "collectors/files/file_set.hpp"
#include "collectors/files/plan.hpp"
#include "facts/fact.hpp"

namespace mtaudit::files {

struct AnalysisContext {
  std::int64_t now = 0;         // every time-dependent fact is relative to this (--now)
  X509_STORE* store = nullptr;  // trust anchors for verification
  std::string trust_store;      // "system" or the --ca-file path, for the record
};

facts::Fact build_files_facts(const FilePlan& plan, const FileSet& files, const AnalysisContext& ctx);

}  // namespace mtaudit::files
