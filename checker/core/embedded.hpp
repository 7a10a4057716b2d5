#pragma once
// Data files compiled into the binary (see cmake/Embed.cmake).
#include <span>
#include <string_view>

namespace mtaudit {

struct EmbeddedFile {
  std::string_view name;  // path relative to the embedded folder, e.g. "postfix-3.7.cf"
  std::string_view contents;
};

// Built-in Postfix defaults, one file per minor version, and service-parameters.txt.
std::span<const EmbeddedFile> embedded_defaults();

// rules/*.json, rules/profiles/*.json and schemas/facts.schema.json, named by their path
// in the repository ("rules/postfix.json").
std::span<const EmbeddedFile> embedded_rules();

}  // namespace mtaudit
