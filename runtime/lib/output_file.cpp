// output_file.cpp — atomic output files: temporary file in the same directory, fsync, rename, directory fsync.
#include "output_file.h"

#include "interrupt.h"
#include "notice.h"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace lepton::rt {

namespace {

/// Ignores SIGXFSZ for its lifetime, so exceeding RLIMIT_FSIZE makes write() fail with EFBIG.
class IgnoreSigxfsz {
public:
  IgnoreSigxfsz() {
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    saved_ = sigaction(SIGXFSZ, &ignore, &old_) == 0;
  }
  ~IgnoreSigxfsz() {
    if (saved_)
      sigaction(SIGXFSZ, &old_, nullptr);
  }

private:
  struct sigaction old_ {};
  bool saved_ = false;
};

std::string directoryOf(const std::string &path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos)
    return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

} // namespace

OutputFile::~OutputFile() { discard(); }

int32_t OutputFile::failWith(const std::string &reason) {
  discard();
  failed_ = true;
  std::string shown = stdout_ ? std::string("standard output") : "'" + path_ + "'";
  return fail(LEPTON_ERR_OUTPUT, "cannot write %s %s: %s", what_.c_str(), shown.c_str(), reason.c_str());
}

int32_t OutputFile::open(const char *path, const char *what, bool allowStdout) {
  what_ = what;
  if (!path || !*path)
    return fail(LEPTON_ERR_INVALID, "no file name for the %s", what);
  path_ = path;
  if (allowStdout && path_ == "-") {
    stdout_ = true;
    return LEPTON_OK;
  }
  tmp_ = path_ + ".tmp-XXXXXX";
  std::vector<char> name(tmp_.begin(), tmp_.end());
  name.push_back('\0');
  InterruptsHeld held; // created and registered together, so an interrupt removes it
  fd_ = mkstemp(name.data());
  if (fd_ < 0) {
    int err = errno;
    tmp_.clear();
    return failWith(format("cannot create a temporary file in '%s': %s", directoryOf(path_).c_str(),
                           std::strerror(err)));
  }
  tmp_ = name.data();
  interruptSlot_ = rememberTemporary(tmp_.c_str());
  fchmod(fd_, 0644); // mkstemp makes 0600; outputs are ordinary files
  return LEPTON_OK;
}

int32_t OutputFile::write(const void *data, size_t size) {
  if (failed_ || (fd_ < 0 && !stdout_))
    return failed_ ? LEPTON_ERR_OUTPUT : LEPTON_ERR_INVALID;
  buffer_.append(static_cast<const char *>(data), size);
  size_ += static_cast<int64_t>(size);
  return buffer_.size() >= (1u << 20) ? flush() : LEPTON_OK;
}

int32_t OutputFile::flush() {
  if (stdout_) {
    bool ok = std::fwrite(buffer_.data(), 1, buffer_.size(), stdout) == buffer_.size();
    buffer_.clear();
    return ok ? LEPTON_OK : failWith(std::strerror(errno));
  }
  IgnoreSigxfsz ignore;
  size_t done = 0;
  while (done < buffer_.size()) {
    ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return failWith(n < 0 ? std::strerror(errno) : "write made no progress");
    done += static_cast<size_t>(n);
  }
  buffer_.clear();
  return LEPTON_OK;
}

int32_t OutputFile::commit() {
  if (failed_)
    return LEPTON_ERR_OUTPUT;
  if (int32_t rc = flush())
    return rc;
  if (stdout_)
    return std::fflush(stdout) == 0 ? LEPTON_OK : failWith(std::strerror(errno));
  if (fd_ < 0)
    return LEPTON_ERR_INVALID;
  if (fsync(fd_) != 0)
    return failWith(format("fsync failed: %s", std::strerror(errno)));
  int rc = ::close(fd_);
  fd_ = -1;
  if (rc != 0)
    return failWith(format("close failed: %s", std::strerror(errno)));
  if (std::rename(tmp_.c_str(), path_.c_str()) != 0)
    return failWith(std::strerror(errno));
  forgetTemporary(interruptSlot_);
  interruptSlot_ = -1;
  tmp_.clear();
  int dir = ::open(directoryOf(path_).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) { // best effort: the rename is done; some file systems cannot fsync a directory (EINVAL)
    fsync(dir);
    ::close(dir);
  }
  return LEPTON_OK;
}

void OutputFile::discard() {
  if (fd_ >= 0)
    ::close(fd_);
  fd_ = -1;
  if (!tmp_.empty())
    unlink(tmp_.c_str());
  forgetTemporary(interruptSlot_);
  interruptSlot_ = -1;
  tmp_.clear();
  buffer_.clear();
}

int32_t writeWholeFile(const char *path, const char *what, const std::string &text, bool allowStdout) {
  OutputFile out;
  int32_t rc = out.open(path, what, allowStdout);
  if (rc == LEPTON_OK)
    rc = out.write(text);
  if (rc == LEPTON_OK)
    rc = out.commit();
  if (rc == LEPTON_OK && !out.toStdout())
    notice("wrote %s %s (%s)", what, path, sizeText(out.size()).c_str());
  return rc;
}

} // namespace lepton::rt
