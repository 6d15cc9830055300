// test_util.h — helpers for the runtime tests: error capture, temporary files, IDX, NPY and gzip builders.
#ifndef LEPTON_TEST_RUNTIME_TEST_UTIL_H
#define LEPTON_TEST_RUNTIME_TEST_UTIL_H

#include "lepton/runtime.h"

#include <cstdint>
#include <string>
#include <vector>

namespace lepton::test {

using Bytes = std::vector<unsigned char>;

/// Installs an error handler that records failures and returns (so functions return their status); restores
/// the default handler when destroyed.
class ErrorCapture {
public:
  ErrorCapture();
  ~ErrorCapture();
  int count() const { return static_cast<int>(codes.size()); }
  int32_t lastCode() const { return codes.empty() ? LEPTON_OK : codes.back(); }
  std::string lastMessage() const { return messages.empty() ? std::string() : messages.back(); }
  void clear() { codes.clear(), messages.clear(); }

  std::vector<int32_t> codes;
  std::vector<std::string> messages;
};

/// A fresh directory under $TMPDIR (or /tmp), removed with its files when destroyed.
class TempDir {
public:
  TempDir();
  ~TempDir();
  std::string path(const std::string &name) const { return dir_ + "/" + name; }
  /// Writes `data` to name and returns the full path.
  std::string write(const std::string &name, const Bytes &data) const;
  std::string write(const std::string &name, const std::string &text) const;

private:
  std::string dir_;
};

/// The gzip encoding of `data`.
Bytes gzip(const Bytes &data);

/// An IDX file: magic 00 00 type rank, big-endian dims, then `payload` as given.
Bytes idx(unsigned type, const std::vector<uint32_t> &dims, const Bytes &payload);

/// Big-endian bytes of 32-bit floats (IDX type 0x0D).
Bytes floatsBE(const std::vector<float> &values);

/// A NumPy .npy file: magic, version `major`.0, the little-endian header length (2 bytes in 1.0, else 4), `dict`
/// padded with spaces and ended by a newline to a multiple of 64 bytes (as numpy writes it), then `payload`.
Bytes npy(const std::string &dict, const Bytes &payload, unsigned major = 1);

/// The header dict numpy writes: {'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }
std::string npyDict(const std::string &descr, const std::vector<int64_t> &shape, bool fortran = false);

/// Little-endian bytes of `values` (any arithmetic type), as .npy data.
template <typename T> Bytes littleEndian(const std::vector<T> &values) {
  Bytes out;
  for (T v : values) {
    unsigned char raw[sizeof(T)];
    __builtin_memcpy(raw, &v, sizeof(T));
    for (size_t i = 0; i < sizeof(T); ++i) // the test machines are little-endian; byte i is bits 8i..8i+7
      out.push_back(raw[i]);
  }
  return out;
}

/// The whole file as text ("" when it cannot be read).
std::string readText(const std::string &path);

/// A minimal XML well-formedness check of a report page: "" when well formed, else what is wrong and where.
std::string xmlProblem(const std::string &doc);

} // namespace lepton::test

#endif // LEPTON_TEST_RUNTIME_TEST_UTIL_H
