#include "collectors/postfix_config/lookup_table_files.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <memory>

#include "collectors/postfix_config/tls_policy.hpp"

namespace mtaudit::postfix {

namespace {

constexpr std::int64_t k_postfix_grace_seconds = 100;

FileStamp stamp(const std::string& path, const TableFilesContext& ctx) {
  FileStamp s;
  s.path = path;
  s.host_path = host_path(path, ctx);
  struct stat st {};
  if (::stat(s.host_path.c_str(), &st) == 0) {
    s.exists = true;
    s.mtime_sec = st.st_mtim.tv_sec;
    s.mtime_nsec = st.st_mtim.tv_nsec;
  }
  return s;
}

std::int64_t now_or_clock(const TableFilesContext& ctx) {
  return ctx.now != 0 ? ctx.now : static_cast<std::int64_t>(std::time(nullptr));
}

void judge_staleness(TableFileStatus& status, const TableFilesContext& ctx) {
  status.compiled_missing = std::any_of(status.compiled.begin(), status.compiled.end(),
                                        [](const FileStamp& f) { return !f.exists; });
  bool comparable = status.source && status.source->exists && !status.compiled.empty();
  if (!comparable || status.compiled_missing) {
    return;
  }
  const FileStamp& src = *status.source;
  const FileStamp& oldest = *std::min_element(
      status.compiled.begin(), status.compiled.end(),
      [](const FileStamp& a, const FileStamp& b) { return newer(b, a); });
  status.stale = newer(src, oldest);
  status.stale_past_grace = src.mtime_sec > status.compiled.front().mtime_sec &&
                            src.mtime_sec < now_or_clock(ctx) - k_postfix_grace_seconds;
}

Diag file_error(const std::string& host, const std::string& what, int err) {
  Diag d;
  d.file = host;
  d.message = what + ": " + std::strerror(err);
  return d;
}

// The whole file, or the reason it could not be read (a directory fails on read).
Expected<std::string> read_file(const std::string& host) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> fp(std::fopen(host.c_str(), "rb"),
                                                      &std::fclose);
  if (!fp) {
    return file_error(host, "cannot open table source", errno);
  }
  std::string content;
  char buf[8192];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, fp.get())) > 0) {
    content.append(buf, n);
  }
  if (std::ferror(fp.get())) {
    return file_error(host, "cannot read table source", errno);
  }
  return content;
}

Diag unsupported(const TableRef& ref, const std::string& why) {
  Diag d;
  d.message = "cannot read \"" + ref.spec + "\": " + why;
  return d;
}

}  // namespace

bool newer(const FileStamp& a, const FileStamp& b) {
  return a.mtime_sec != b.mtime_sec ? a.mtime_sec > b.mtime_sec : a.mtime_nsec > b.mtime_nsec;
}

std::string host_path(const std::string& path, const TableFilesContext& ctx) {
  std::string absolute = path;
  if (absolute.empty() || absolute.front() != '/') {
    absolute = ctx.relative_base + "/" + path;
  }
  std::string root = ctx.root;
  while (!root.empty() && root.back() == '/') {
    root.pop_back();
  }
  return root + absolute;
}

TableFileStatus stat_table(const TableRef& ref, const TableFilesContext& ctx) {
  TableFileStatus status;
  status.ref = ref;
  status.storage = table_storage(ref.type);
  if (status.storage == TableStorage::compiled || status.storage == TableStorage::source_file) {
    status.source = stamp(ref.name, ctx);
  }
  for (const std::string& file : compiled_files(ref)) {
    status.compiled.push_back(stamp(file, ctx));
  }
  judge_staleness(status, ctx);
  return status;
}

Expected<ParsedTable> read_table(const TableRef& ref, const TableFilesContext& ctx) {
  TableStorage storage = table_storage(ref.type);
  if (ref.type == "inline") {
    auto entries = parse_inline_table(ref.name);
    if (!entries) {
      return std::move(entries).take_errors();
    }
    return ParsedTable{std::move(entries).value(), {}};
  }
  if (ref.type == "regexp" || ref.type == "pcre") {
    return unsupported(ref, ref.type + " table sources are not parsed");
  }
  if (storage != TableStorage::compiled && storage != TableStorage::source_file) {
    return unsupported(ref, "table type \"" + ref.type + "\" has no key/value source");
  }
  std::string host = host_path(ref.name, ctx);
  auto content = read_file(host);
  if (!content) {
    return std::move(content).take_errors();
  }
  return parse_table_source(content.value(), host, folds_keys(ref.type));
}

std::vector<SniFileStatus> stat_sni_files(const std::vector<TableEntry>& entries,
                                          const TableFileStatus& table,
                                          const TableFilesContext& ctx) {
  bool comparable = table.storage == TableStorage::compiled && !table.compiled_missing;
  std::vector<SniFileStatus> out;
  for (const TableEntry& entry : entries) {
    for (const std::string& file : parse_sni_files(entry.value)) {
      SniFileStatus s{entry.key, entry.line, FileStamp{file, "", false, 0, 0}, false, false};
      s.relative = file.front() != '/';
      if (!s.relative) {
        s.file = stamp(file, ctx);
      }
      s.newer_than_compiled =
          comparable && s.file.exists &&
          std::any_of(table.compiled.begin(), table.compiled.end(),
                      [&](const FileStamp& c) { return newer(s.file, c); });
      out.push_back(std::move(s));
    }
  }
  return out;
}

}  // namespace mtaudit::postfix
