#include "collectors/postfix_config/lookup_table_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>

namespace mtaudit::postfix {
namespace {

namespace fs = std::filesystem;

// A scratch directory that is removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "mtaudit-ltf-XXXXXX").string();
    m_path = ::mkdtemp(tmpl.data());
  }
  ~TempDir() { fs::remove_all(m_path); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return m_path; }

 private:
  std::string m_path;
};

void write_file(const std::string& path, const std::string& content) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

void set_mtime(const std::string& path, std::int64_t sec, long nsec = 0) {
  struct timespec times[2] = {{static_cast<time_t>(sec), nsec}, {static_cast<time_t>(sec), nsec}};
  ASSERT_EQ(::utimensat(AT_FDCWD, path.c_str(), times, 0), 0) << path;
}

std::int64_t mtime_of(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st.st_mtim.tv_sec;
}

struct CommandResult {
  int status = -1;
  std::string out;
};

CommandResult run(const std::string& command) {
  CommandResult r;
  std::FILE* p = ::popen((command + " 2>/dev/null").c_str(), "r");
  if (p == nullptr) {
    return r;
  }
  char buf[4096];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) {
    r.out.append(buf, n);
  }
  r.status = ::pclose(p);
  return r;
}

// postmap pauses for about two seconds when main.cf or the source was written this very
// second; test files are therefore dated back.
void backdate(const std::string& path) {
  set_mtime(path, std::time(nullptr) - 60);
}

bool have_postmap() {
  return ::access("/usr/sbin/postmap", X_OK) == 0;
}

TableRef table(const std::string& spec) {
  auto refs = parse_table_list(spec, "");
  EXPECT_TRUE(refs.ok()) << spec;
  return refs->front();
}

TableFilesContext under(const std::string& root, std::int64_t now = 10'000) {
  TableFilesContext ctx;
  ctx.root = root;
  ctx.now = now;
  return ctx;
}

TEST(LookupTableFilesPaths, HostPath) {
  TableFilesContext ctx;
  EXPECT_EQ(host_path("/etc/postfix/x", ctx), "/etc/postfix/x");
  EXPECT_EQ(host_path("tls_policy", ctx), "/var/spool/postfix/tls_policy");
  ctx.root = "/mnt/img/";
  EXPECT_EQ(host_path("/etc/postfix/x", ctx), "/mnt/img/etc/postfix/x");
  EXPECT_EQ(host_path("tls_policy", ctx), "/mnt/img/var/spool/postfix/tls_policy");
  ctx.root = "";
  EXPECT_EQ(host_path("/etc/postfix/x", ctx), "/etc/postfix/x");
}

TEST(LookupTableFilesStat, FreshHashTable) {
  TempDir dir;
  std::string src = dir.path() + "/etc/postfix/tls_policy";
  write_file(src, "example.com encrypt\n");
  write_file(src + ".db", "not really a db");
  set_mtime(src, 1000, 5);
  set_mtime(src + ".db", 2000, 7);
  TableFileStatus s = stat_table(table("hash:/etc/postfix/tls_policy"), under(dir.path()));
  EXPECT_EQ(s.storage, TableStorage::compiled);
  ASSERT_TRUE(s.source.has_value());
  EXPECT_EQ(s.source->path, "/etc/postfix/tls_policy");
  EXPECT_EQ(s.source->host_path, src);
  EXPECT_TRUE(s.source->exists);
  EXPECT_EQ(s.source->mtime_sec, 1000);
  EXPECT_EQ(s.source->mtime_nsec, 5);
  ASSERT_EQ(s.compiled.size(), 1U);
  EXPECT_EQ(s.compiled[0].path, "/etc/postfix/tls_policy.db");
  EXPECT_EQ(s.compiled[0].host_path, src + ".db");
  EXPECT_EQ(s.compiled[0].mtime_sec, 2000);
  EXPECT_EQ(s.compiled[0].mtime_nsec, 7);
  EXPECT_FALSE(s.compiled_missing);
  EXPECT_FALSE(s.stale);
  EXPECT_FALSE(s.stale_past_grace);
}

TEST(LookupTableFilesStat, StaleAndPostfixGrace) {
  TempDir dir;
  std::string src = dir.path() + "/etc/postfix/tls_policy";
  write_file(src, "example.com encrypt\n");
  write_file(src + ".db", "x");
  set_mtime(src, 3000);
  set_mtime(src + ".db", 2000);
  TableRef ref = table("hash:/etc/postfix/tls_policy");
  TableFileStatus recent = stat_table(ref, under(dir.path(), 3100));
  EXPECT_TRUE(recent.stale);
  EXPECT_FALSE(recent.stale_past_grace);  // Postfix stays quiet for 100 seconds
  TableFileStatus old = stat_table(ref, under(dir.path(), 3101));
  EXPECT_TRUE(old.stale);
  EXPECT_TRUE(old.stale_past_grace);
}

TEST(LookupTableFilesStat, SameSecondUsesNanoseconds) {
  TempDir dir;
  std::string src = dir.path() + "/t";
  write_file(src, "k v\n");
  write_file(src + ".db", "x");
  set_mtime(src, 3000, 500);
  set_mtime(src + ".db", 3000, 200);
  TableFileStatus s = stat_table(table("btree:/t"), under(dir.path(), 99'999));
  EXPECT_TRUE(s.stale);
  EXPECT_FALSE(s.stale_past_grace);  // Postfix compares whole seconds
}

TEST(LookupTableFilesStat, CompiledFileMissing) {
  TempDir dir;
  write_file(dir.path() + "/t", "k v\n");
  TableFileStatus s = stat_table(table("lmdb:/t"), under(dir.path()));
  ASSERT_EQ(s.compiled.size(), 1U);
  EXPECT_EQ(s.compiled[0].path, "/t.lmdb");
  EXPECT_FALSE(s.compiled[0].exists);
  EXPECT_EQ(s.compiled[0].mtime_sec, 0);
  EXPECT_TRUE(s.compiled_missing);
  EXPECT_FALSE(s.stale);
  EXPECT_FALSE(s.stale_past_grace);
}

TEST(LookupTableFilesStat, SourceMissingIsNotStale) {
  TempDir dir;
  write_file(dir.path() + "/t.cdb", "x");
  TableFileStatus s = stat_table(table("cdb:/t"), under(dir.path()));
  ASSERT_TRUE(s.source.has_value());
  EXPECT_FALSE(s.source->exists);
  EXPECT_FALSE(s.compiled_missing);
  EXPECT_FALSE(s.stale);
}

TEST(LookupTableFilesStat, DbmStaleWhenEitherFileIsOlder) {
  TempDir dir;
  std::string src = dir.path() + "/t";
  write_file(src, "k v\n");
  write_file(src + ".dir", "x");
  write_file(src + ".pag", "x");
  set_mtime(src, 3000);
  set_mtime(src + ".dir", 4000);
  set_mtime(src + ".pag", 2000);
  TableFileStatus s = stat_table(table("dbm:/t"), under(dir.path(), 99'999));
  ASSERT_EQ(s.compiled.size(), 2U);
  EXPECT_EQ(s.compiled[1].path, "/t.pag");
  EXPECT_TRUE(s.stale);
  EXPECT_FALSE(s.stale_past_grace);  // Postfix looks at the .dir file only
}

TEST(LookupTableFilesStat, RuntimeAndInlineTables) {
  TempDir dir;
  write_file(dir.path() + "/t", "k v\n");
  TableFileStatus text = stat_table(table("texthash:/t"), under(dir.path()));
  EXPECT_EQ(text.storage, TableStorage::source_file);
  ASSERT_TRUE(text.source.has_value());
  EXPECT_TRUE(text.source->exists);
  EXPECT_TRUE(text.compiled.empty());
  EXPECT_FALSE(text.compiled_missing);
  EXPECT_FALSE(text.stale);
  TableFileStatus in = stat_table(table("inline:{a=b}"), under(dir.path()));
  EXPECT_EQ(in.storage, TableStorage::in_config);
  EXPECT_FALSE(in.source.has_value());
  EXPECT_TRUE(in.compiled.empty());
}

TEST(LookupTableFilesStat, RelativeNameResolvesInQueueDirectory) {
  TempDir dir;
  std::string src = dir.path() + "/var/spool/postfix/tls_policy";
  write_file(src, "k v\n");
  TableFileStatus s = stat_table(table("hash:tls_policy"), under(dir.path()));
  ASSERT_TRUE(s.source.has_value());
  EXPECT_EQ(s.source->path, "tls_policy");
  EXPECT_EQ(s.source->host_path, src);
  EXPECT_TRUE(s.source->exists);
  EXPECT_EQ(s.compiled[0].host_path, src + ".db");
}

TEST(LookupTableFilesRead, MissingAndUnreadableSources) {
  TempDir dir;
  auto missing = read_table(table("hash:/etc/postfix/nope"), under(dir.path()));
  ASSERT_FALSE(missing.ok());
  ASSERT_EQ(missing.errors().size(), 1U);
  EXPECT_EQ(missing.errors()[0].file, dir.path() + "/etc/postfix/nope");
  EXPECT_EQ(missing.errors()[0].line, 0);
  EXPECT_EQ(missing.errors()[0].message, "cannot open table source: No such file or directory");
  fs::create_directories(dir.path() + "/etc/postfix/adir");
  auto directory = read_table(table("texthash:/etc/postfix/adir"), under(dir.path()));
  ASSERT_FALSE(directory.ok());
  EXPECT_EQ(directory.errors()[0].file, dir.path() + "/etc/postfix/adir");
  EXPECT_EQ(directory.errors()[0].message, "cannot read table source: Is a directory");
}

TEST(LookupTableFilesRead, SourcesAreParsedWithTheTypesFolding) {
  TempDir dir;
  write_file(dir.path() + "/p", "Example.COM encrypt\nexample.com may\n");
  auto folded = read_table(table("texthash:/p"), under(dir.path()));
  ASSERT_TRUE(folded.ok());
  EXPECT_EQ(folded->entries, (std::vector<TableEntry>{{"example.com", "encrypt", 1}}));
  ASSERT_EQ(folded->warnings.size(), 1U);
  EXPECT_EQ(folded->warnings[0].file, dir.path() + "/p");
  EXPECT_EQ(folded->warnings[0].line, 2);
  EXPECT_EQ(folded->warnings[0].message, "duplicate entry: \"example.com\"");
  auto exact = read_table(table("cidr:/p"), under(dir.path()));
  ASSERT_TRUE(exact.ok());
  EXPECT_EQ(exact->entries, (std::vector<TableEntry>{{"Example.COM", "encrypt", 1},
                                                     {"example.com", "may", 2}}));
}

TEST(LookupTableFilesRead, InlineAndUnsupportedTypes) {
  TableFilesContext ctx = under("/nonexistent-root");
  auto in = read_table(table("inline:{ {Example.com = encrypt ciphers=high} }"), ctx);
  ASSERT_TRUE(in.ok());
  EXPECT_EQ(in->entries,
            (std::vector<TableEntry>{{"example.com", "encrypt ciphers=high", 0}}));
  auto bad_inline = read_table(table("inline:{ }"), ctx);
  ASSERT_FALSE(bad_inline.ok());
  EXPECT_EQ(bad_inline.errors()[0].message,
            "empty table: \"inline:{ }\"; need \"inline:{name=value...}\"");
  EXPECT_EQ(read_table(table("pcre:/etc/postfix/p.pcre"), ctx).errors()[0].message,
            "cannot read \"pcre:/etc/postfix/p.pcre\": pcre table sources are not parsed");
  EXPECT_EQ(read_table(table("socketmap:inet:127.0.0.1:8461:postfix"), ctx).errors()[0].message,
            "cannot read \"socketmap:inet:127.0.0.1:8461:postfix\": "
            "table type \"socketmap\" has no key/value source");
  EXPECT_EQ(read_table(table("static:encrypt"), ctx).errors()[0].message,
            "cannot read \"static:encrypt\": table type \"static\" has no key/value source");
}

// A table built by the real postmap: our parse of the source gives what postmap -s dumps,
// and a freshly built table is not stale until the source is touched.
TEST(LookupTableFilesPostmap, ParseMatchesPostmapAndStalenessFollowsEdits) {
  if (!have_postmap()) {
    GTEST_SKIP() << "postmap not installed";
  }
  TempDir dir;
  std::string conf = dir.path() + "/etc/postfix";
  std::string src = conf + "/tls_policy";
  write_file(conf + "/main.cf", "");
  write_file(src,
             "# policy\nExample.COM   encrypt protocols=>=TLSv1.2\n"
             "[mail.example.org]:587 secure\n  match=nexthop\n"
             ".example.net secure match=.example.net:example.net\nexample.com dup\n");
  backdate(conf + "/main.cf");
  backdate(src);
  ASSERT_EQ(run("/usr/sbin/postmap -c " + conf + " hash:" + src).status, 0);
  auto parsed = read_table(table("hash:/etc/postfix/tls_policy"), under(dir.path()));
  ASSERT_TRUE(parsed.ok());
  std::vector<std::string> ours;
  for (const TableEntry& e : parsed->entries) {
    ours.push_back(e.key + "\t" + e.value);
  }
  std::vector<std::string> theirs;
  std::istringstream dump(run("/usr/sbin/postmap -c " + conf + " -s hash:" + src).out);
  for (std::string line; std::getline(dump, line);) {
    theirs.push_back(line);
  }
  std::sort(ours.begin(), ours.end());
  std::sort(theirs.begin(), theirs.end());
  EXPECT_EQ(ours, theirs);
  EXPECT_EQ(ours.size(), 3U);

  TableRef ref = table("hash:/etc/postfix/tls_policy");
  TableFileStatus fresh = stat_table(ref, under(dir.path(), mtime_of(src + ".db") + 1000));
  EXPECT_FALSE(fresh.compiled_missing);
  EXPECT_FALSE(fresh.stale);
  std::int64_t db = mtime_of(src + ".db");
  set_mtime(src, db + 200);
  TableFileStatus edited = stat_table(ref, under(dir.path(), db + 400));
  EXPECT_TRUE(edited.stale);
  EXPECT_TRUE(edited.stale_past_grace);
}

// tls_server_sni_maps built with postmap -F stores the chain files' contents, so a chain
// file changed after the build is not being served.
TEST(LookupTableFilesSni, ChainFilesNewerThanCompiledTable) {
  if (!have_postmap()) {
    GTEST_SKIP() << "postmap not installed";
  }
  TempDir dir;
  std::string base = dir.path();
  write_file(base + "/main.cf", "");
  write_file(base + "/a.pem", "key and cert A\n");
  write_file(base + "/b.pem", "chain B\n");
  write_file(base + "/sni",
             "a.example " + base + "/a.pem, " + base + "/b.pem\n" +
                 "b.example relative.pem\nc.example " + base + "/missing.pem\n");
  set_mtime(base + "/a.pem", 1000);
  set_mtime(base + "/b.pem", 1000);
  backdate(base + "/main.cf");
  backdate(base + "/sni");
  ASSERT_EQ(run("/usr/sbin/postmap -c " + base + " -F hash:" + base + "/sni").status, 0);
  std::int64_t db = mtime_of(base + "/sni.db");
  set_mtime(base + "/a.pem", db + 10);

  TableFilesContext ctx;  // root "/": postmap -F read the real paths
  ctx.now = db + 1000;
  TableRef ref = table("hash:" + base + "/sni");
  TableFileStatus status = stat_table(ref, ctx);
  auto parsed = read_table(ref, ctx);
  ASSERT_TRUE(parsed.ok());
  std::vector<SniFileStatus> files = stat_sni_files(parsed->entries, status, ctx);
  ASSERT_EQ(files.size(), 4U);
  EXPECT_EQ(files[0].key, "a.example");
  EXPECT_EQ(files[0].line, 1);
  EXPECT_EQ(files[0].file.path, base + "/a.pem");
  EXPECT_TRUE(files[0].file.exists);
  EXPECT_EQ(files[0].file.mtime_sec, db + 10);
  EXPECT_TRUE(files[0].newer_than_compiled);
  EXPECT_EQ(files[1].file.path, base + "/b.pem");
  EXPECT_FALSE(files[1].newer_than_compiled);
  EXPECT_EQ(files[2].key, "b.example");
  EXPECT_EQ(files[2].file.path, "relative.pem");
  EXPECT_EQ(files[2].file.host_path, "");
  EXPECT_TRUE(files[2].relative);
  EXPECT_FALSE(files[2].file.exists);
  EXPECT_FALSE(files[2].newer_than_compiled);
  EXPECT_EQ(files[3].key, "c.example");
  EXPECT_FALSE(files[3].relative);
  EXPECT_FALSE(files[3].file.exists);
  EXPECT_FALSE(files[3].newer_than_compiled);
}

TEST(LookupTableFilesSni, RuntimeTablesAreNeverComparedWithACompiledFile) {
  TempDir dir;
  write_file(dir.path() + "/a.pem", "x");
  set_mtime(dir.path() + "/a.pem", 5000);
  write_file(dir.path() + "/sni", "a.example /a.pem\n");
  set_mtime(dir.path() + "/sni", 1000);
  TableFilesContext ctx = under(dir.path());
  TableRef ref = table("texthash:/sni");
  auto parsed = read_table(ref, ctx);
  ASSERT_TRUE(parsed.ok());
  std::vector<SniFileStatus> files = stat_sni_files(parsed->entries, stat_table(ref, ctx), ctx);
  ASSERT_EQ(files.size(), 1U);
  EXPECT_EQ(files[0].file.host_path, dir.path() + "/a.pem");
  EXPECT_TRUE(files[0].file.exists);
  EXPECT_EQ(files[0].file.mtime_sec, 5000);
  EXPECT_FALSE(files[0].newer_than_compiled);
}

}  // namespace
}  // namespace mtaudit::postfix
