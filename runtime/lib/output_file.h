// output_file.h — an output file written atomically (temporary file, fsync, rename), or standard output for "-".
#ifndef LEPTON_RUNTIME_OUTPUT_FILE_H
#define LEPTON_RUNTIME_OUTPUT_FILE_H

#include "internal.h"

#include <string>

namespace lepton::rt {

/// Writes `path` through "path.tmp-XXXXXX" in the same directory: data is buffered and written, then commit()
/// fsyncs, renames over `path` and fsyncs the directory, so `path` holds either its old content or the complete
/// new one. SIGXFSZ is ignored while writing (an exceeded file-size limit is the error EFBIG, not a signal).
/// Every failure is reported once with LEPTON_ERR_OUTPUT, "cannot write <what> '<path>': <reason>", and removes
/// the temporary file; later calls then do nothing. "-" (when allowStdout) writes standard output instead. An
/// interrupt (lepton_handle_interrupts) removes the temporary file too.
class OutputFile {
public:
  OutputFile() = default;
  ~OutputFile(); // an uncommitted file is discarded
  OutputFile(const OutputFile &) = delete;
  OutputFile &operator=(const OutputFile &) = delete;

  /// Creates the temporary file; returns LEPTON_OK or the reported code.
  int32_t open(const char *path, const char *what, bool allowStdout);
  int32_t write(const void *data, size_t size);
  int32_t write(const std::string &text) { return write(text.data(), text.size()); }
  /// Publishes the file; returns LEPTON_OK or the reported code.
  int32_t commit();
  /// Removes the temporary file without publishing (no error reported).
  void discard();
  /// Bytes written so far, and whether the "file" is standard output (which is never announced).
  int64_t size() const { return size_; }
  bool toStdout() const { return stdout_; }

private:
  int32_t flush();
  int32_t failWith(const std::string &reason);

  std::string path_, tmp_, what_, buffer_;
  int fd_ = -1;
  int interruptSlot_ = -1; // the temporary file's registration for SIGINT (interrupt.h)
  int64_t size_ = 0;
  bool stdout_ = false, failed_ = false;
};

/// Writes `text` to `path` ("-" = stdout when allowStdout) with OutputFile, then announces a file (not stdout):
/// "wrote <what> <path> (<size>)". LEPTON_OK or the reported code.
int32_t writeWholeFile(const char *path, const char *what, const std::string &text, bool allowStdout);

} // namespace lepton::rt

#endif // LEPTON_RUNTIME_OUTPUT_FILE_H
