#include "engine/json_positions.hpp"

#include <boost/json/basic_parser_impl.hpp>
#include <iterator>
#include <optional>

namespace mtaudit::engine {

namespace {

using boost::json::error_code;
using boost::json::string_view;

// basic_parser reports values but not where they are. The parser has already checked the
// syntax up to each event, so the handler re-scans the raw text in step with the events:
// the next value starts at the first byte after the previous token that is not
// whitespace, ',' or ':'.
class PositionHandler {
 public:
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);

  explicit PositionHandler(std::string_view text) : m_text(text) {}

  bool on_document_begin(error_code&) { return true; }
  bool on_document_end(error_code&) { return true; }
  bool on_object_begin(error_code&) { return open(JsonNode::Kind::object); }
  bool on_object_end(std::size_t, error_code&) { return close(); }
  bool on_array_begin(error_code&) { return open(JsonNode::Kind::array); }
  bool on_array_end(std::size_t, error_code&) { return close(); }
  bool on_key_part(string_view s, std::size_t, error_code&) { return append(s); }
  bool on_key(string_view s, std::size_t, error_code&);
  bool on_string_part(string_view s, std::size_t, error_code&) { return append(s); }
  bool on_string(string_view s, std::size_t, error_code&);
  bool on_number_part(string_view, error_code&) { return true; }
  bool on_int64(std::int64_t i, string_view, error_code&);
  bool on_uint64(std::uint64_t u, string_view, error_code&);
  bool on_double(double d, string_view, error_code&);
  bool on_bool(bool b, error_code&);
  bool on_null(error_code&);
  bool on_comment_part(string_view, error_code&) { return true; }
  bool on_comment(string_view, error_code&) { return true; }

  std::optional<JsonNode>& root() { return m_root; }

 private:
  std::size_t next_token();
  std::size_t skip_string(std::size_t quote) const;
  std::size_t string_end(string_view s, std::size_t quote) const;
  std::size_t skip_number(std::size_t start) const;
  JsonNode& place(JsonNode::Kind kind, std::size_t offset);
  bool open(JsonNode::Kind kind);
  bool close();
  bool append(string_view s) {
    m_buffer.append(s.data(), s.size());
    return true;
  }
  JsonNode& scalar(JsonNode::Kind kind, std::size_t length_or_zero);

  std::string_view m_text;
  std::size_t m_cursor = 0;
  std::string m_buffer;
  std::string m_key;
  std::size_t m_key_offset = 0;
  // The arrays and objects not yet closed, innermost last. The children of the open node at
  // depth d collect in m_items[d] or m_members[d] and move into a list of their exact size
  // when it closes: growing each node's own list one child at a time left a trail of freed
  // half-size buffers (the rule files make thousands of small lists). Each open node is the
  // last child in its parent's scratch list, and only the innermost list grows, so these
  // pointers stay valid; the scratch lists keep their capacity for the next sibling.
  std::vector<JsonNode*> m_open;
  std::vector<std::vector<JsonNode>> m_items;
  std::vector<std::vector<JsonMember>> m_members;
  std::optional<JsonNode> m_root;
};

std::size_t PositionHandler::next_token() {
  while (m_cursor < m_text.size()) {
    char c = m_text[m_cursor];
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != ',' && c != ':') {
      break;
    }
    ++m_cursor;
  }
  return m_cursor;
}

std::size_t PositionHandler::skip_string(std::size_t quote) const {
  std::size_t i = quote + 1;
  while (i < m_text.size() && m_text[i] != '"') {
    i += m_text[i] == '\\' ? 2 : 1;
  }
  return i + 1;
}

std::size_t PositionHandler::skip_number(std::size_t start) const {
  std::size_t i = start;
  while (i < m_text.size() && std::string_view("+-.eE0123456789").find(m_text[i]) != std::string_view::npos) {
    ++i;
  }
  return i;
}

// A new node at `offset`, in place: the root, the next item of the open array, or the value
// of the open object's member named by the last key.
JsonNode& PositionHandler::place(JsonNode::Kind kind, std::size_t offset) {
  JsonNode* node = nullptr;
  if (m_open.empty()) {
    node = &m_root.emplace();
  } else if (m_open.back()->kind == JsonNode::Kind::array) {
    node = &m_items[m_open.size() - 1].emplace_back();
  } else {
    JsonMember& member = m_members[m_open.size() - 1].emplace_back();
    member.key = std::move(m_key);
    member.key_offset = m_key_offset;
    m_key.clear();
    node = &member.value;
  }
  node->kind = kind;
  node->offset = offset;
  return *node;
}

bool PositionHandler::open(JsonNode::Kind kind) {
  JsonNode& node = place(kind, next_token());
  ++m_cursor;
  m_open.push_back(&node);
  if (m_items.size() < m_open.size()) {
    m_items.resize(m_open.size());
    m_members.resize(m_open.size());
  }
  return true;
}

template <class T>
void move_exact(std::vector<T>& from, std::vector<T>& to) {
  to.assign(std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
  from.clear();
}

bool PositionHandler::close() {
  m_cursor = next_token() + 1;
  JsonNode& node = *m_open.back();
  std::size_t depth = m_open.size() - 1;
  if (node.kind == JsonNode::Kind::array) {
    move_exact(m_items[depth], node.items);
  } else {
    move_exact(m_members[depth], node.members);
  }
  m_open.pop_back();
  return true;
}

// A string without escapes reaches the handler in one piece that points into the text, right
// after its opening quote: its end is known without scanning it again.
std::size_t PositionHandler::string_end(string_view s, std::size_t quote) const {
  bool in_place = m_buffer.empty() && quote < m_text.size() && s.data() == m_text.data() + quote + 1;
  return in_place ? quote + s.size() + 2 : skip_string(quote);
}

bool PositionHandler::on_key(string_view s, std::size_t, error_code&) {
  m_key_offset = next_token();
  m_cursor = string_end(s, m_key_offset);
  append(s);
  m_key = std::move(m_buffer);
  m_buffer.clear();
  return true;
}

bool PositionHandler::on_string(string_view s, std::size_t, error_code&) {
  JsonNode& node = place(JsonNode::Kind::string, next_token());
  m_cursor = string_end(s, node.offset);
  append(s);
  node.string = std::move(m_buffer);
  m_buffer.clear();
  return true;
}

JsonNode& PositionHandler::scalar(JsonNode::Kind kind, std::size_t length_or_zero) {
  JsonNode& node = place(kind, next_token());
  m_cursor = length_or_zero > 0 ? node.offset + length_or_zero : skip_number(node.offset);
  return node;
}

bool PositionHandler::on_int64(std::int64_t i, string_view, error_code&) {
  scalar(JsonNode::Kind::integer, 0).integer = i;
  return true;
}

bool PositionHandler::on_uint64(std::uint64_t u, string_view s, error_code& ec) {
  // Beyond int64: kept as a number so validation can say "must be an integer".
  return on_double(static_cast<double>(u), s, ec);
}

bool PositionHandler::on_double(double d, string_view, error_code&) {
  scalar(JsonNode::Kind::number, 0).number = d;
  return true;
}

bool PositionHandler::on_bool(bool b, error_code&) {
  scalar(JsonNode::Kind::boolean, b ? 4 : 5).boolean = b;
  return true;
}

bool PositionHandler::on_null(error_code&) {
  scalar(JsonNode::Kind::null, 4);
  return true;
}

std::string describe_error(std::string_view text, std::size_t offset, const error_code& ec) {
  if (ec == boost::json::error::incomplete || offset >= text.size()) {
    return "invalid JSON: unexpected end of file";
  }
  std::string found(1, text[offset]);
  return "invalid JSON: " + ec.message() + " at '" + found + "'";
}

}  // namespace

const JsonMember* JsonNode::find_member(std::string_view key) const {
  for (const auto& m : members) {
    if (m.key == key) {
      return &m;
    }
  }
  return nullptr;
}

const JsonNode* JsonNode::find(std::string_view key) const {
  const JsonMember* m = find_member(key);
  return m == nullptr ? nullptr : &m->value;
}

std::string_view kind_name(JsonNode::Kind kind) {
  switch (kind) {
    case JsonNode::Kind::null: return "null";
    case JsonNode::Kind::boolean: return "boolean";
    case JsonNode::Kind::integer: return "integer";
    case JsonNode::Kind::number: return "number";
    case JsonNode::Kind::string: return "string";
    case JsonNode::Kind::array: return "array";
    case JsonNode::Kind::object: return "object";
  }
  return "?";
}

Expected<JsonNode> parse_json(const SourceText& source) {
  boost::json::parse_options options;
  options.max_depth = 64;  // predicates nest; 32 (the default) is reachable by real rules
  boost::json::basic_parser<PositionHandler> parser(options, source.text());
  error_code ec;
  std::string_view text = source.text();
  std::size_t used = parser.write_some(false, text.data(), text.size(), ec);
  if (ec) {
    return source.diag(used, describe_error(text, used, ec));
  }
  if (used < text.size()) {
    return source.diag(used, "invalid JSON: extra data after the document");
  }
  return std::move(*parser.handler().root());
}

}  // namespace mtaudit::engine
