#include "collectors/postfix_config/lookup_tables.hpp"

#include <gtest/gtest.h>

namespace mtaudit::postfix {
namespace {

std::vector<std::string> messages(const Diags& diags) {
  std::vector<std::string> out;
  for (const Diag& d : diags) {
    out.push_back(d.message);
  }
  return out;
}

TableRef ref(std::string spec, std::string type, std::string name) {
  return TableRef{std::move(spec), std::move(type), std::move(name), false, false, {}};
}

TEST(LookupTablesList, SplitsOnWhitespaceAndCommas) {
  auto refs = parse_table_list("hash:/etc/postfix/a,texthash:/b\n\t cidr:/c ,, ", "");
  ASSERT_TRUE(refs.ok());
  EXPECT_EQ(*refs, (std::vector<TableRef>{ref("hash:/etc/postfix/a", "hash", "/etc/postfix/a"),
                                          ref("texthash:/b", "texthash", "/b"),
                                          ref("cidr:/c", "cidr", "/c")}));
}

TEST(LookupTablesList, KeepsBracedInlineBodyTogether) {
  auto refs = parse_table_list("hash:/a inline:{ {k = v}, k2=v2 }, static:{a b}", "");
  ASSERT_TRUE(refs.ok());
  EXPECT_EQ(*refs, (std::vector<TableRef>{
                       ref("hash:/a", "hash", "/a"),
                       ref("inline:{ {k = v}, k2=v2 }", "inline", "{ {k = v}, k2=v2 }"),
                       ref("static:{a b}", "static", "{a b}")}));
}

TEST(LookupTablesList, EmptyValueHasNoTables) {
  auto refs = parse_table_list("  , ", "");
  ASSERT_TRUE(refs.ok());
  EXPECT_TRUE(refs->empty());
}

TEST(LookupTablesList, ProxyIsUnwrapped) {
  auto refs = parse_table_list("proxy:hash:/etc/postfix/tls_policy", "");
  ASSERT_TRUE(refs.ok());
  TableRef expected = ref("proxy:hash:/etc/postfix/tls_policy", "hash", "/etc/postfix/tls_policy");
  expected.proxied = true;
  EXPECT_EQ(*refs, std::vector<TableRef>{expected});
}

TEST(LookupTablesList, BareNameIsAnErrorForDaemons) {
  auto refs = parse_table_list("/etc/postfix/tls_policy, hash:", "");
  ASSERT_FALSE(refs.ok());
  EXPECT_EQ(messages(refs.errors()),
            (std::vector<std::string>{
                "open dictionary: expecting \"type:name\" form instead of "
                "\"/etc/postfix/tls_policy\"",
                "open dictionary: expecting \"type:name\" form instead of \"hash:\""}));
  EXPECT_EQ(refs.errors()[0].file, "");
  EXPECT_EQ(refs.errors()[0].line, 0);
}

TEST(LookupTablesList, BareNameUsesDefaultDatabaseTypeWhenGiven) {
  auto refs = parse_table_list("/etc/postfix/tls_policy", "lmdb");
  ASSERT_TRUE(refs.ok());
  TableRef expected = ref("/etc/postfix/tls_policy", "lmdb", "/etc/postfix/tls_policy");
  expected.implicit_type = true;
  EXPECT_EQ(*refs, std::vector<TableRef>{expected});
}

TEST(LookupTablesList, ProxyWithoutInnerTypeIsAnError) {
  auto refs = parse_table_list("proxy:/etc/x", "");
  ASSERT_FALSE(refs.ok());
  EXPECT_EQ(messages(refs.errors()),
            std::vector<std::string>{
                "open dictionary: expecting \"type:name\" form instead of \"/etc/x\""});
}

TEST(LookupTablesList, UnionmapMembersAreParsed) {
  auto refs = parse_table_list("unionmap:{hash:/a, proxy:btree:/b inline:{x=y}}", "");
  ASSERT_TRUE(refs.ok());
  ASSERT_EQ(refs->size(), 1U);
  const TableRef& u = refs->front();
  EXPECT_EQ(u.type, "unionmap");
  EXPECT_EQ(u.name, "{hash:/a, proxy:btree:/b inline:{x=y}}");
  TableRef b = ref("proxy:btree:/b", "btree", "/b");
  b.proxied = true;
  std::vector<TableRef> members{ref("hash:/a", "hash", "/a"), b,
                                ref("inline:{x=y}", "inline", "{x=y}")};
  EXPECT_EQ(u.members, members);
  EXPECT_EQ(leaf_tables(*refs), members);
}

TEST(LookupTablesList, CompositeSyntaxErrors) {
  auto no_braces = parse_table_list("pipemap:hash:/a", "");
  ASSERT_FALSE(no_braces.ok());
  EXPECT_EQ(messages(no_braces.errors()),
            std::vector<std::string>{
                "bad syntax: \"pipemap:hash:/a\"; need \"pipemap:{type:name...}\""});
  auto bare_member = parse_table_list("unionmap:{hash:/a, /b}", "hash");
  ASSERT_FALSE(bare_member.ok());
  EXPECT_EQ(messages(bare_member.errors()),
            std::vector<std::string>{
                "bad syntax: \"unionmap:{hash:/a, /b}\"; need \"unionmap:{type:name...}\""});
  auto empty = parse_table_list("unionmap:{}", "");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(messages(empty.errors()),
            std::vector<std::string>{
                "bad syntax: \"unionmap:{}\"; need \"unionmap:{type:name...}\""});
}

TEST(LookupTablesTypes, StorageKinds) {
  EXPECT_EQ(table_storage("hash"), TableStorage::compiled);
  EXPECT_EQ(table_storage("btree"), TableStorage::compiled);
  EXPECT_EQ(table_storage("lmdb"), TableStorage::compiled);
  EXPECT_EQ(table_storage("cdb"), TableStorage::compiled);
  EXPECT_EQ(table_storage("dbm"), TableStorage::compiled);
  EXPECT_EQ(table_storage("sdbm"), TableStorage::compiled);
  EXPECT_EQ(table_storage("texthash"), TableStorage::source_file);
  EXPECT_EQ(table_storage("regexp"), TableStorage::source_file);
  EXPECT_EQ(table_storage("pcre"), TableStorage::source_file);
  EXPECT_EQ(table_storage("cidr"), TableStorage::source_file);
  EXPECT_EQ(table_storage("inline"), TableStorage::in_config);
  EXPECT_EQ(table_storage("static"), TableStorage::in_config);
  EXPECT_EQ(table_storage("unionmap"), TableStorage::composite);
  EXPECT_EQ(table_storage("pipemap"), TableStorage::composite);
  EXPECT_EQ(table_storage("socketmap"), TableStorage::external);
  EXPECT_EQ(table_storage("mysql"), TableStorage::external);
  EXPECT_EQ(table_storage("Hash"), TableStorage::unknown);
  EXPECT_EQ(to_string(TableStorage::source_file), "source_file");
}

TEST(LookupTablesTypes, CompiledFiles) {
  EXPECT_EQ(compiled_files(ref("hash:/p/t", "hash", "/p/t")), std::vector<std::string>{"/p/t.db"});
  EXPECT_EQ(compiled_files(ref("btree:/p/t", "btree", "/p/t")),
            std::vector<std::string>{"/p/t.db"});
  EXPECT_EQ(compiled_files(ref("lmdb:/p/t", "lmdb", "/p/t")),
            std::vector<std::string>{"/p/t.lmdb"});
  EXPECT_EQ(compiled_files(ref("cdb:/p/t", "cdb", "/p/t")), std::vector<std::string>{"/p/t.cdb"});
  EXPECT_EQ(compiled_files(ref("dbm:/p/t", "dbm", "/p/t")),
            (std::vector<std::string>{"/p/t.dir", "/p/t.pag"}));
  EXPECT_EQ(compiled_files(ref("sdbm:/p/t", "sdbm", "/p/t")),
            (std::vector<std::string>{"/p/t.dir", "/p/t.pag"}));
  EXPECT_TRUE(compiled_files(ref("texthash:/p/t", "texthash", "/p/t")).empty());
  EXPECT_TRUE(compiled_files(ref("inline:{a=b}", "inline", "{a=b}")).empty());
}

TEST(LookupTablesTypes, KeyFolding) {
  EXPECT_TRUE(folds_keys("hash"));
  EXPECT_TRUE(folds_keys("lmdb"));
  EXPECT_TRUE(folds_keys("texthash"));
  EXPECT_TRUE(folds_keys("inline"));
  EXPECT_FALSE(folds_keys("cidr"));
  EXPECT_FALSE(folds_keys("regexp"));
  EXPECT_FALSE(folds_keys("socketmap"));
}

TEST(LookupTablesTokens, SplitTokens) {
  EXPECT_EQ(split_tokens(" a,b\t{c d, e} {f", k_comma_space, true),
            (std::vector<std::string>{"a", "b", "{c d, e}", "{f"}));
  EXPECT_EQ(split_tokens(" a,b\t{c d, e}", k_comma_space, false),
            (std::vector<std::string>{"a", "b", "{c", "d", "e}"}));
  EXPECT_EQ(split_tokens("!SSLv2:!SSLv3::", ":", false),
            (std::vector<std::string>{"!SSLv2", "!SSLv3"}));
  EXPECT_TRUE(split_tokens(" ,\n", k_comma_space, true).empty());
}

TEST(LookupTablesTokens, SplitNameValue) {
  auto nv = parse_name_value("  name =  value with  spaces \r");
  ASSERT_TRUE(nv.ok());
  EXPECT_EQ(nv->name, "name");
  EXPECT_EQ(nv->value, "value with  spaces");
  auto no_name = parse_name_value("=b");  // 3.7.11 accepts this (empty name)
  ASSERT_TRUE(no_name.ok());
  EXPECT_EQ(no_name->name, "");
  EXPECT_EQ(no_name->value, "b");
  auto empty_value = parse_name_value("x=");
  ASSERT_TRUE(empty_value.ok());
  EXPECT_EQ(empty_value->value, "");
  EXPECT_EQ(parse_name_value("  ").errors().front().message, "missing attribute name");
  EXPECT_EQ(parse_name_value("a b=c").errors().front().message,
            "missing '=' after attribute name");
  EXPECT_EQ(parse_name_value("abc").errors().front().message, "missing '=' after attribute name");
}

TEST(LookupTablesTokens, StripBraces) {
  auto ok = extract_braced_text("{  a = {b} }");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, "a = {b}");
  EXPECT_EQ(extract_braced_text("{a=b").errors().front().message, "missing '}' in \"{a=b\"");
  EXPECT_EQ(extract_braced_text("{a=b}x").errors().front().message,
            "syntax error after '}' in \"{a=b}x\"");
  EXPECT_EQ(extract_braced_text("a=b").errors().front().message,
            "no '{' at start of text in \"a=b\"");
}

// The warnings and results below were checked against Debian's postmap 3.7.11
// (postmap -s hash:FILE and texthash:FILE).
TEST(LookupTablesSource, PostmapFormat) {
  const std::string src =
      "Example.COM   encrypt  protocols=>=TLSv1.2  \n"  // 1
      "\"a b\" quoted\n"                                 // 2
      "x\\ y escaped\n"                                  // 3
      "onlykey\n"                                        // 4
      "  indented continues onlykey\n"                   // 5
      "# comment\n"                                      // 6
      "k1 v1\n"                                          // 7
      "   continued  \n"                                 // 8
      "\n"                                               // 9
      "   # indented comment\n"                          // 10
      "  more\n"                                         // 11
      "dup first\n"                                      // 12
      "DUP second\n"                                     // 13
      "alias: x\n"                                       // 14
      "x\"y z\n"                                         // 15
      "lonely\n"                                         // 16
      "a\\\n"                                            // 17
      "crlf value\r\n";                                  // 18
  ParsedTable t = parse_table_source(src, "/etc/postfix/t", true);
  EXPECT_EQ(t.entries, (std::vector<TableEntry>{
                           {"example.com", "encrypt  protocols=>=TLSv1.2", 1},
                           {"\"a b\"", "quoted", 2},
                           {"x\\ y", "escaped", 3},
                           {"onlykey", "indented continues onlykey", 4},
                           {"k1", "v1   continued    more", 7},
                           {"dup", "first", 12},
                           {"alias:", "x", 14},
                           {"crlf", "value", 18},
                       }));
  ASSERT_EQ(t.warnings.size(), 5U);
  EXPECT_EQ(messages(t.warnings),
            (std::vector<std::string>{
                "duplicate entry: \"dup\"",
                "record is in \"key: value\" format; is this an alias file?",
                "unbalanced '\"' in 'x\"y z' -- ignoring this line",
                "expected format: key whitespace value",
                "expected format: key whitespace value",
            }));
  EXPECT_EQ(t.warnings[0].file, "/etc/postfix/t");
  EXPECT_EQ(t.warnings[0].line, 13);
  EXPECT_EQ(t.warnings[0].snippet, "DUP second");
  EXPECT_EQ(t.warnings[1].line, 14);
  EXPECT_EQ(t.warnings[2].line, 15);
  EXPECT_EQ(t.warnings[3].line, 16);
  EXPECT_EQ(t.warnings[4].line, 17);
  EXPECT_EQ(t.warnings[4].snippet, "a\\");
}

TEST(LookupTablesSource, KeysKeepCaseWithoutFolding) {
  ParsedTable t = parse_table_source("10.0.0.0/8 OK\nMiXed Value\nmixed other\n", "f", false);
  EXPECT_EQ(t.entries, (std::vector<TableEntry>{{"10.0.0.0/8", "OK", 1},
                                                {"MiXed", "Value", 2},
                                                {"mixed", "other", 3}}));
  EXPECT_TRUE(t.warnings.empty());
}

TEST(LookupTablesSource, IndentedFirstLineIsDroppedWithItsContinuation) {
  ParsedTable t = parse_table_source(
      "# head\n  this logical line starts with whitespace\n\tand continues\nkey value\n", "f",
      true);
  EXPECT_EQ(t.entries, (std::vector<TableEntry>{{"key", "value", 4}}));
  ASSERT_EQ(t.warnings.size(), 1U);
  EXPECT_EQ(t.warnings[0].message,
            "logical line must not start with whitespace: \"  this logical line starts wit...\"");
  EXPECT_EQ(t.warnings[0].line, 2);
  EXPECT_EQ(t.warnings[0].snippet,
            "  this logical line starts with whitespace\tand continues");
}

TEST(LookupTablesSource, EmptyAndCommentOnly) {
  EXPECT_TRUE(parse_table_source("", "f", true).entries.empty());
  ParsedTable t = parse_table_source("# only\n\n   \n", "f", true);
  EXPECT_TRUE(t.entries.empty());
  EXPECT_TRUE(t.warnings.empty());
}

// Checked with postmap -q KEY 'inline:{...}' (Postfix 3.7.11).
TEST(LookupTablesInline, EntriesFoldedAndLastDuplicateWins) {
  auto t = parse_inline_table("{ {K = v with space}, K2=a, k2=b,,{ c = d e } }");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(*t, (std::vector<TableEntry>{
                    {"k", "v with space", 0}, {"k2", "b", 0}, {"c", "d e", 0}}));
}

TEST(LookupTablesInline, EmptyValueAndEmptyNameAreAccepted) {
  auto t = parse_inline_table("{x=, =b}");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(*t, (std::vector<TableEntry>{{"x", "", 0}, {"", "b", 0}}));
}

TEST(LookupTablesInline, SyntaxErrors) {
  EXPECT_EQ(parse_inline_table("{ }").errors().front().message,
            "empty table: \"inline:{ }\"; need \"inline:{name=value...}\"");
  EXPECT_EQ(parse_inline_table("{ a }").errors().front().message,
            "missing '=' after attribute name: \"inline:{ a }\"; need \"inline:{name=value...}\"");
  EXPECT_EQ(parse_inline_table("{ {a=b}x }").errors().front().message,
            "syntax error after '}' in \"{a=b}x\": \"inline:{ {a=b}x }\"; "
            "need \"inline:{name=value...}\"");
  EXPECT_EQ(parse_inline_table("{ {a=b }").errors().front().message,
            "bad syntax: \"inline:{ {a=b }\"; need \"inline:{name=value...}\"");
  EXPECT_EQ(parse_inline_table("{a=b}}").errors().front().message,
            "bad syntax: \"inline:{a=b}}\"; need \"inline:{name=value...}\"");
  EXPECT_EQ(parse_inline_table("a=b").errors().front().message,
            "bad syntax: \"inline:a=b\"; need \"inline:{name=value...}\"");
  EXPECT_EQ(parse_inline_table("{{x}}").errors().front().message,
            "missing '=' after attribute name: \"inline:{{x}}\"; need \"inline:{name=value...}\"");
}

}  // namespace
}  // namespace mtaudit::postfix
