#pragma once
// The fact model shared by every collector and the rule engine.
//
// A Fact is a typed value (null, bool, integer, string, list, map) that remembers where it
// came from (Origin) and, when it could not be collected, why (Gap). Collectors build one
// tree per run (see ARCHITECTURE.md and schemas/facts.schema.json for the paths):
//   postfix.*  configuration (main.cf, master.cf, defaults, lookup tables)
//   files.*    certificates, keys, DH parameters on disk
//   dns.*      MX, TLSA, MTA-STS, TLS-RPT, SPF, DKIM, DMARC
//   live.*     what the running server does on each port
// A source that was not collected is a Gap of kind not_collected at its root, so a rule
// can say "skip: DNS not collected in this mode" instead of passing on nothing.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace mtaudit::facts {

// Where a value came from. Rendered as "main.cf:42", "master.cf:17 -o",
// "default (Postfix 3.7, compatibility_level 0)", "mx.example.org. TLSA", "127.0.0.1:25".
struct Origin {
  enum class Kind { file, master_override, default_value, dns, live, derived };
  Kind kind = Kind::derived;
  std::string file;    // path for file / master_override
  int line = 0;        // 1-based line for file / master_override
  std::string detail;  // free text for default_value, dns, live, derived

  std::string to_string() const;
  bool operator==(const Origin&) const = default;
};

// Why a fact is absent. A rule that meets a Gap yields skip (not_collected,
// not_applicable) or error (failed), never pass.
struct Gap {
  enum class Kind { not_collected, not_applicable, failed };
  Kind kind = Kind::failed;
  std::string reason;
};

class Fact;
using FactList = std::vector<Fact>;
using FactMap = std::map<std::string, Fact>;  // ordered: deterministic output

// Lists and maps are shared between copies and copied only when a copy is changed, so
// handing the same expansion (a cipher list, a parameter map) to many services is cheap.
class Fact {
 public:
  Fact() = default;
  Fact(bool b) : m_value(b) {}                                // NOLINT: implicit by design
  Fact(std::int64_t i) : m_value(i) {}                        // NOLINT
  Fact(int i) : m_value(static_cast<std::int64_t>(i)) {}      // NOLINT
  Fact(std::string s) : m_value(std::move(s)) {}              // NOLINT
  Fact(const char* s) : m_value(std::string(s)) {}            // NOLINT
  Fact(FactList l) : m_value(std::make_shared<FactList>(std::move(l))) {}  // NOLINT
  Fact(FactMap m) : m_value(std::make_shared<FactMap>(std::move(m))) {}    // NOLINT

  static Fact gap(Gap::Kind kind, std::string reason);
  Fact& with_origin(Origin o) { m_origins.push_back(std::move(o)); return *this; }

  enum class Kind { null, boolean, integer, string, list, map };
  Kind kind() const { return static_cast<Kind>(m_value.index()); }

  bool is_null() const { return std::holds_alternative<std::monostate>(m_value) && !m_gap; }
  bool is_bool() const { return std::holds_alternative<bool>(m_value); }
  bool is_int() const { return std::holds_alternative<std::int64_t>(m_value); }
  bool is_string() const { return std::holds_alternative<std::string>(m_value); }
  bool is_list() const { return std::holds_alternative<ListPtr>(m_value); }
  bool is_map() const { return std::holds_alternative<MapPtr>(m_value); }

  bool as_bool() const { return std::get<bool>(m_value); }
  std::int64_t as_int() const { return std::get<std::int64_t>(m_value); }
  const std::string& as_string() const { return std::get<std::string>(m_value); }
  const FactList& as_list() const { return *std::get<ListPtr>(m_value); }
  FactList& as_list();
  const FactMap& as_map() const { return *std::get<MapPtr>(m_value); }
  FactMap& as_map();

  // Map member or nullptr (also nullptr when this is not a map).
  const Fact* find(const std::string& key) const;
  // Map member, created as null when absent; turns a null fact into an empty map.
  Fact& operator[](const std::string& key);

  const std::vector<Origin>& origins() const { return m_origins; }
  // Why the fact is absent, or nullptr when it is not a gap.
  const Gap* gap() const { return m_gap.get(); }

 private:
  using ListPtr = std::shared_ptr<FactList>;
  using MapPtr = std::shared_ptr<FactMap>;
  std::variant<std::monostate, bool, std::int64_t, std::string, ListPtr, MapPtr> m_value;
  std::vector<Origin> m_origins;
  // Out of line: few facts are gaps, and an inline Gap made every Fact 32 bytes larger
  // (a run holds thousands; each fresh page costs a page fault).
  std::shared_ptr<const Gap> m_gap;
};

}  // namespace mtaudit::facts
