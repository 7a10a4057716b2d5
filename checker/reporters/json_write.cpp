#include "reporters/json_write.hpp"

#include <boost/json/serialize.hpp>

namespace mtaudit::reporters {
namespace {

void write(std::string& out, const boost::json::value& v, int depth);

void newline(std::string& out, int depth) {
  out += '\n';
  out.append(static_cast<std::size_t>(depth) * 2, ' ');
}

void write_object(std::string& out, const boost::json::object& obj, int depth) {
  if (obj.empty()) {
    out += "{}";
    return;
  }
  out += '{';
  bool first = true;
  for (const auto& member : obj) {
    out += first ? "" : ",";
    first = false;
    newline(out, depth + 1);
    out += boost::json::serialize(boost::json::string_view(member.key()));
    out += ": ";
    write(out, member.value(), depth + 1);
  }
  newline(out, depth);
  out += '}';
}

void write_array(std::string& out, const boost::json::array& arr, int depth) {
  if (arr.empty()) {
    out += "[]";
    return;
  }
  out += '[';
  bool first = true;
  for (const auto& item : arr) {
    out += first ? "" : ",";
    first = false;
    newline(out, depth + 1);
    write(out, item, depth + 1);
  }
  newline(out, depth);
  out += ']';
}

void write(std::string& out, const boost::json::value& v, int depth) {
  if (v.is_object()) {
    write_object(out, v.get_object(), depth);
  } else if (v.is_array()) {
    write_array(out, v.get_array(), depth);
  } else {
    out += boost::json::serialize(v);
  }
}

}  // namespace

std::string to_pretty_json(const boost::json::value& v) {
  std::string out;
  write(out, v, 0);
  out += '\n';
  return out;
}

}  // namespace mtaudit::reporters
