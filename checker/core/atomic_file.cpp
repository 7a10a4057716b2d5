#include "core/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <random>

namespace mtaudit {
namespace {

constexpr int k_create_attempts = 16;

Diag io_error(const std::string& path, const std::string& what, int err) {
  return Diag{path, 0, 0, what + ": " + std::strerror(err), ""};
}

std::string random_suffix() {
  static constexpr char k_chars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::random_device rd;
  std::uniform_int_distribution<int> pick(0, sizeof(k_chars) - 2);
  std::string out;
  for (int i = 0; i < 8; ++i) {
    out += k_chars[pick(rd)];
  }
  return out;
}

// A hidden sibling of the target; O_EXCL so we never clobber someone else's file.
struct TempFile {
  std::string path;
  int fd = -1;
};

Expected<TempFile> create_temp(const std::string& target) {
  std::filesystem::path p(target);
  if (!p.has_filename()) {
    return Diag{target, 0, 0, "cannot write report: path names a directory", ""};
  }
  std::filesystem::path dir = p.parent_path();
  std::string prefix = "." + p.filename().string() + ".tmp-";
  for (int attempt = 0; attempt < k_create_attempts; ++attempt) {
    std::string temp = (dir / (prefix + random_suffix())).string();
    int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0) {
      return TempFile{temp, fd};
    }
    if (errno != EEXIST) {
      return io_error(target, "cannot create temporary file", errno);
    }
  }
  return io_error(target, "cannot create temporary file", EEXIST);
}

// Keeps permissions a user gave an existing report (e.g. 0600 on a private share).
void copy_mode_of_existing(const std::string& target, int fd) {
  struct stat st {};
  if (::stat(target.c_str(), &st) == 0 && S_ISREG(st.st_mode)) {
    ::fchmod(fd, st.st_mode & 07777);
  }
}

// Durability of the rename itself; failure here does not make the report wrong.
void sync_directory_of(const std::string& target) {
  std::filesystem::path dir = std::filesystem::path(target).parent_path();
  int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

Expected<std::size_t> write_stdout(const FileProducer& produce) {
  if (std::optional<Diag> err = produce(stdout)) {
    err->file = std::string(k_stdout_path);
    return *err;
  }
  long pos = std::ftell(stdout);
  if (std::fflush(stdout) != 0 || std::ferror(stdout) != 0) {
    return io_error(std::string(k_stdout_path), "cannot write report", errno);
  }
  return static_cast<std::size_t>(pos < 0 ? 0 : pos);
}

// A device or pipe (/dev/null, /dev/stdout, a FIFO) cannot be replaced by rename and has no
// half-written state to protect: write it in place.
bool is_special_file(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode);
}

Expected<std::size_t> write_in_place(const std::string& path, const FileProducer& produce) {
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) return io_error(path, "cannot open report", errno);
  std::optional<Diag> err = produce(file);
  long pos = std::ftell(file);
  bool failed = std::fclose(file) != 0;
  if (err) {
    err->file = path;
    return *err;
  }
  if (failed) return io_error(path, "cannot write report", errno);
  return static_cast<std::size_t>(pos < 0 ? 0 : pos);
}

// Runs the producer on the temp file and makes its bytes durable. Closes the file in all cases.
Expected<std::size_t> fill_temp(const std::string& target, TempFile& temp,
                                const FileProducer& produce) {
  std::FILE* file = ::fdopen(temp.fd, "wb");
  if (file == nullptr) {
    int err = errno;
    ::close(temp.fd);
    return io_error(target, "cannot open temporary file", err);
  }
  if (std::optional<Diag> err = produce(file)) {
    std::fclose(file);
    err->file = target;
    return *err;
  }
  long size = std::ftell(file);
  bool ok = std::fflush(file) == 0 && std::ferror(file) == 0 && ::fsync(::fileno(file)) == 0;
  int err = errno;
  if (std::fclose(file) != 0 && ok) {
    ok = false;
    err = errno;
  }
  if (!ok) {
    return io_error(target, "cannot write report", err);
  }
  return static_cast<std::size_t>(size < 0 ? 0 : size);
}

}  // namespace

Expected<std::size_t> write_file_atomic(const std::string& path, const FileProducer& produce) {
  if (path == k_stdout_path) {
    return write_stdout(produce);
  }
  if (is_special_file(path)) {
    return write_in_place(path, produce);
  }
  Expected<TempFile> temp = create_temp(path);
  if (!temp) {
    return temp.errors();
  }
  copy_mode_of_existing(path, temp->fd);
  Expected<std::size_t> written = fill_temp(path, *temp, produce);
  if (!written) {
    ::unlink(temp->path.c_str());
    return written;
  }
  if (::rename(temp->path.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(temp->path.c_str());
    return io_error(path, "cannot replace report", err);
  }
  sync_directory_of(path);
  return written;
}

Expected<std::size_t> write_file_atomic(const std::string& path, std::string_view contents) {
  Expected<std::size_t> written =
      write_file_atomic(path, [contents](std::FILE* f) -> std::optional<Diag> {
        if (!contents.empty() &&
            std::fwrite(contents.data(), 1, contents.size(), f) != contents.size()) {
          return Diag{"", 0, 0, std::string("cannot write report: ") + std::strerror(errno), ""};
        }
        return std::nullopt;
      });
  if (!written) {
    return written;
  }
  return contents.size();  // exact even for a pipe on stdout, where ftell cannot tell
}

}  // namespace mtaudit
