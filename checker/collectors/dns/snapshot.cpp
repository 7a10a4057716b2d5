#include "collectors/dns/snapshot.hpp"

#include <boost/json.hpp>

#include "collectors/dns/rdata.hpp"

namespace mtaudit::dns {
namespace json = boost::json;
namespace {

constexpr const char* k_format = "mtaudit-dns-snapshot";

json::object answer_json(const Answer& a) {
  json::array rdata;
  for (const auto& rd : a.rdata) rdata.emplace_back(to_hex(rd));
  return {{"name", a.query.name}, {"type", type_name(a.query.type)}, {"error", a.error},
          {"nxdomain", a.nxdomain}, {"security", security_name(a.security)}, {"why_bogus", a.why_bogus},
          {"rdata", std::move(rdata)}};
}

json::value policy_json(const std::optional<HttpsResponse>& p) {
  if (!p) return nullptr;
  return json::object{{"url", p->url}, {"address", p->address}, {"error", p->error}, {"tls_error", p->tls_error},
                      {"status", p->status}, {"content_type", p->content_type}, {"location", p->location},
                      {"body", p->body}, {"over_limit", p->over_limit}};
}

// Field readers that record the first problem with its path and keep going with a default.
struct Reader {
  std::string file;
  Diags errors;

  const json::value* field(const json::object& o, const std::string& key, json::kind kind, const std::string& path) {
    const json::value* v = o.if_contains(key);
    if (v == nullptr || v->kind() != kind) {
      errors.push_back({file, 0, 0, path + "." + key + ": missing or of the wrong type"});
      return nullptr;
    }
    return v;
  }
  std::string str(const json::object& o, const std::string& key, const std::string& path) {
    const json::value* v = field(o, key, json::kind::string, path);
    return v != nullptr ? std::string(v->as_string()) : std::string();
  }
  bool boolean(const json::object& o, const std::string& key, const std::string& path) {
    const json::value* v = field(o, key, json::kind::bool_, path);
    return v != nullptr && v->as_bool();
  }
};

std::optional<Answer> read_answer(const json::value& v, const std::string& path, Reader& r) {
  if (!v.is_object()) {
    r.errors.push_back({r.file, 0, 0, path + ": not an object"});
    return std::nullopt;
  }
  const auto& o = v.as_object();
  Answer a;
  a.query.name = canonical_name(r.str(o, "name", path));
  a.query.type = type_from_name(r.str(o, "type", path));
  if (a.query.type == 0) r.errors.push_back({r.file, 0, 0, path + ".type: unknown type"});
  a.error = r.str(o, "error", path);
  a.nxdomain = r.boolean(o, "nxdomain", path);
  std::string sec = r.str(o, "security", path);
  a.security = sec == "secure" ? Security::secure : sec == "bogus" ? Security::bogus : Security::insecure;
  if (sec != "secure" && sec != "bogus" && sec != "insecure") r.errors.push_back({r.file, 0, 0, path + ".security: \"" + sec + "\" is not secure, insecure or bogus"});
  a.why_bogus = r.str(o, "why_bogus", path);
  if (const json::value* rd = r.field(o, "rdata", json::kind::array, path)) {
    for (const auto& h : rd->as_array()) {
      auto bytes = h.is_string() ? from_hex(h.as_string()) : std::nullopt;
      if (!bytes || bytes->size() > 65535) {
        r.errors.push_back({r.file, 0, 0, path + ".rdata: not hex RDATA of at most 65535 bytes"});
        break;
      }
      a.rdata.push_back(*bytes);
    }
  }
  return a;
}

std::optional<HttpsResponse> read_policy(const json::value& v, Reader& r) {
  if (v.is_null()) return std::nullopt;
  if (!v.is_object()) {
    r.errors.push_back({r.file, 0, 0, "policy: not an object or null"});
    return std::nullopt;
  }
  const auto& o = v.as_object();
  HttpsResponse p;
  p.url = r.str(o, "url", "policy");
  p.address = r.str(o, "address", "policy");
  p.error = r.str(o, "error", "policy");
  p.tls_error = r.str(o, "tls_error", "policy");
  if (const json::value* s = r.field(o, "status", json::kind::int64, "policy")) p.status = static_cast<long>(s->as_int64());
  p.content_type = r.str(o, "content_type", "policy");
  p.location = r.str(o, "location", "policy");
  p.body = r.str(o, "body", "policy");
  p.over_limit = r.boolean(o, "over_limit", "policy");
  return p;
}

}  // namespace

std::string write_snapshot(const Observations& obs) {
  json::array answers;
  for (const auto& [q, a] : obs.answers) answers.emplace_back(answer_json(a));
  json::array selectors;
  for (const auto& s : obs.dkim_selectors) selectors.emplace_back(s);
  json::object doc{{"format", k_format}, {"version", 1}, {"domain", obs.domain},
                   {"dkim_selectors", std::move(selectors)}, {"resolver", obs.resolver},
                   {"trust_anchor", obs.trust_anchor}, {"answers", std::move(answers)},
                   {"policy", policy_json(obs.policy)}};
  return json::serialize(doc) + "\n";
}

Expected<Observations> read_snapshot(const std::string& text, const std::string& file) {
  if (text.size() > k_max_snapshot_bytes) return Diag{file, 0, 0, "larger than 16 MiB; not a snapshot mtaudit wrote"};
  boost::system::error_code ec;
  json::parse_options opts;
  opts.max_depth = 16;
  json::value doc = json::parse(text, ec, {}, opts);
  if (ec || !doc.is_object()) return Diag{file, 0, 0, "not a JSON object: " + (ec ? ec.message() : "wrong type")};
  const auto& o = doc.as_object();
  Reader r{file, {}};
  if (r.str(o, "format", "") != k_format) return Diag{file, 0, 0, "not an mtaudit DNS snapshot (format)"};
  if (const auto* v = o.if_contains("version"); v == nullptr || !v->is_int64() || v->as_int64() != 1) {
    return Diag{file, 0, 0, "snapshot version is not 1"};
  }
  Observations obs;
  obs.domain = canonical_name(r.str(o, "domain", ""));
  obs.resolver = r.str(o, "resolver", "");
  obs.trust_anchor = r.str(o, "trust_anchor", "");
  if (const auto* sel = r.field(o, "dkim_selectors", json::kind::array, "")) {
    for (const auto& s : sel->as_array()) obs.dkim_selectors.push_back(s.is_string() ? std::string(s.as_string()) : "");
  }
  if (const auto* answers = r.field(o, "answers", json::kind::array, "")) {
    for (std::size_t i = 0; i < answers->as_array().size(); ++i) {
      if (auto a = read_answer(answers->as_array()[i], "answers[" + std::to_string(i) + "]", r)) obs.answers[a->query] = *a;
    }
  }
  if (const auto* p = o.if_contains("policy")) obs.policy = read_policy(*p, r);
  if (!r.errors.empty()) return r.errors;
  return obs;
}

}  // namespace mtaudit::dns
