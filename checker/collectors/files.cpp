#include "collectors/files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

#include "collectors/files/file_facts.hpp"
#include "collectors/files/plan.hpp"
#include "collectors/files/verify.hpp"
#include "collectors/postfix_config/lookup_table_files.hpp"

namespace mtaudit::files {
namespace {

constexpr std::int64_t k_max_file_size = 1 << 20;  // certificate bundles are kilobytes
constexpr int k_max_links = 40;                      // as the kernel's ELOOP limit

std::string strip_root(std::string root) {
  while (!root.empty() && root.back() == '/') {
    root.pop_back();
  }
  return root;
}

std::string parent_of(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == 0 || slash == std::string::npos ? "/" : path.substr(0, slash);
}

// Resolves symbolic links of an absolute path below `root` as if `root` were "/", so an
// absolute link target (common for certificates) stays inside the audited tree.
std::string resolve_in_root(std::string path, const std::string& root) {
  if (root.empty()) {
    return path;
  }
  std::string done;  // resolved prefix, relative to root, no trailing slash
  int links = 0;
  while (!path.empty()) {
    auto start = path.find_first_not_of('/');
    if (start == std::string::npos) {
      break;
    }
    auto end = path.find('/', start);
    std::string part = path.substr(start, end == std::string::npos ? std::string::npos : end - start);
    path = end == std::string::npos ? "" : path.substr(end);
    if (part == ".") {
      continue;
    }
    if (part == "..") {
      done = done.empty() ? "" : parent_of(done) == "/" ? "" : parent_of(done);
      continue;
    }
    std::array<char, 4096> target{};
    ssize_t n = ::readlink((root + done + "/" + part).c_str(), target.data(), target.size() - 1);
    if (n <= 0 || ++links > k_max_links) {
      done += "/" + part;
      continue;
    }
    std::string t(target.data(), static_cast<std::size_t>(n));
    path = (t.front() == '/' ? t : done + "/" + t) + path;
    done.clear();
  }
  return root + (done.empty() ? "/" : done);
}

std::string describe(const std::string& path, const std::string& host) {
  return host == path ? path : path + " (" + host + ")";
}

FileStat stat_of(const struct stat& st) {
  return FileStat{static_cast<std::int64_t>(st.st_size), static_cast<std::int64_t>(st.st_mtim.tv_sec),
                  static_cast<unsigned>(st.st_uid), static_cast<unsigned>(st.st_gid),
                  static_cast<unsigned>(st.st_mode & 07777)};
}

// Reads an open descriptor to the end into `out`.
bool read_all(int fd, std::string* out) {
  std::array<char, 16384> buf{};
  for (;;) {
    ssize_t n = ::read(fd, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      ::explicit_bzero(buf.data(), buf.size());
      return n == 0;
    }
    out->append(buf.data(), static_cast<std::size_t>(n));
  }
}

void read_bytes(FileContent& f, const std::string& shown) {
  int fd = ::open(f.host_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    f.permission_denied = errno == EACCES;
    f.read_error = "cannot read " + shown + ": " + std::strerror(errno);
    if (f.permission_denied && ::geteuid() != 0) {
      f.read_error += " (run mtaudit as root to read private keys)";
    }
    return;
  }
  std::string bytes;
  bytes.reserve(static_cast<std::size_t>(f.stat ? f.stat->size : 0));
  bool ok = read_all(fd, &bytes);
  int err = errno;
  ::close(fd);
  if (!ok) {
    f.read_error = "cannot read " + shown + ": " + std::strerror(err);
  }
  f.readable = ok;
  f.bytes = SecretBytes(std::move(bytes));
}

Expected<X509StorePtr> trust_store(const std::string& ca_file) {
  if (ca_file.empty()) {
    return system_trust_store();
  }
  FileContent f;  // a path on this machine, relative to the working directory
  f.host_path = ca_file;
  read_bytes(f, ca_file);
  if (!f.readable) {
    return Diag{ca_file, 0, 0, f.read_error};
  }
  return trust_store_from_pem(f.bytes.view(), ca_file);
}

}  // namespace

FileContent read_named_file(const std::string& path, const std::string& root) {
  FileContent f;
  f.path = path;
  std::string r = strip_root(root);
  std::string absolute = postfix::host_path(path, postfix::TableFilesContext{});
  f.host_path = r.empty() ? absolute : resolve_in_root(absolute, r);
  std::string shown = describe(path, f.host_path);
  struct stat st {};
  if (::stat(f.host_path.c_str(), &st) != 0) {
    f.stat_error = "cannot read " + shown + ": " + std::strerror(errno);
    f.permission_denied = errno == EACCES;
    f.read_error = f.stat_error;
    return f;
  }
  f.stat = stat_of(st);
  if (!S_ISREG(st.st_mode)) {
    f.read_error = "cannot read " + shown + ": not a regular file";
  } else if (st.st_size > k_max_file_size) {
    f.read_error = "cannot read " + shown + ": larger than 1 MiB, not a certificate or key file";
  } else {
    read_bytes(f, shown);
  }
  return f;
}

FilesRead read_files(const facts::Fact& postfix, const FilesInput& in) {
  FilesRead out{plan_files(postfix), {}};
  for (const auto& path : planned_paths(out.plan)) {
    out.files.emplace(path, read_named_file(path, in.root));
  }
  return out;
}

Expected<facts::Fact> files_facts(const FilesRead& read, const FilesInput& in) {
  auto store = trust_store(in.ca_file);
  if (!store) {
    return store.errors();
  }
  AnalysisContext ctx{in.now, store->get(), in.ca_file.empty() ? "system" : in.ca_file};
  return build_files_facts(read.plan, read.files, ctx);
}

Expected<facts::Fact> collect_files_facts(const facts::Fact& postfix, const FilesInput& in) {
  return files_facts(read_files(postfix, in), in);
}

}  // namespace mtaudit::files
