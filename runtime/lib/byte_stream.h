// byte_stream.h — reads a data file as a byte stream, inflating gzip transparently, tracking the byte offset.
#ifndef LEPTON_RUNTIME_BYTE_STREAM_H
#define LEPTON_RUNTIME_BYTE_STREAM_H

#include "internal.h"

#include <cstdint>
#include <cstdio>
#include <memory>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include <zlib.h>

namespace lepton::rt {

/// Allocator of the whole-file buffers: blocks from the runtime's allocator (2 MiB pages from 4 MiB on, a
/// fault per 2 MiB instead of per 4 KiB), and a value-less construct that leaves bytes uninitialised — a
/// decompression buffer is written whole by the decompressor, and zeroing 47 MB first (Fashion-MNIST's
/// training images) was a pass of its own.
template <typename T> struct UninitializedAllocator {
  using value_type = T;
  UninitializedAllocator() = default;
  template <typename U> UninitializedAllocator(const UninitializedAllocator<U> &) noexcept {}
  T *allocate(size_t n) {
    void *p = n > SIZE_MAX / 2 / sizeof(T) ? nullptr : tryAllocUninitialized(static_cast<int64_t>(n * sizeof(T)));
    if (!p)
      throw std::bad_alloc();
    return static_cast<T *>(p);
  }
  void deallocate(T *p, size_t) noexcept { lepton_free(p); }
  template <typename U> void construct(U *p) noexcept { ::new (static_cast<void *>(p)) U; }
  template <typename U, typename... Args> void construct(U *p, Args &&...args) {
    ::new (static_cast<void *>(p)) U(std::forward<Args>(args)...);
  }
  template <typename U> bool operator==(const UninitializedAllocator<U> &) const noexcept { return true; }
  template <typename U> bool operator!=(const UninitializedAllocator<U> &) const noexcept { return false; }
};

/// A file opened for reading: raw, or gzip when it starts with 1f 8b (then all offsets are in the decompressed
/// data). Failures are reported through lepton_error (code 2, naming the file) by the call that hits them.
///
/// A regular gzip file of at most kWholeFileMax compressed bytes is inflated in one piece by libdeflate when the
/// system has it (libdeflate.so.0, loaded at run time: about twice zlib's speed, and programs link nothing
/// more); anything it does not decompress cleanly — a corrupt, truncated or trailing-garbage file, or an
/// output over kWholeOutputMax — is read again from the start by the zlib stream, whose messages say where the
/// data goes wrong. Both give the same bytes.
class ByteStream {
public:
  ByteStream() = default;
  ~ByteStream();
  ByteStream(const ByteStream &) = delete;
  ByteStream &operator=(const ByteStream &) = delete;

  /// Opens `path`; false after reporting an error.
  bool open(const char *path);

  /// Reads up to `size` bytes into `dst`; `got` < size only at the end of the data. False after reporting an
  /// error (unreadable file, corrupt or truncated gzip stream).
  bool read(void *dst, size_t size, size_t &got);

  /// Reads the rest of the data (at most `maxBytes`, else reports it as too large). False after an error.
  bool readAll(std::vector<unsigned char> &out, uint64_t maxBytes);

  /// When the file was inflated whole and exactly `size` bytes of it remain: hands over the block that holds
  /// them (the caller owns it from then on and frees it with lepton_free), sets `first` to where they start in
  /// it, and leaves the stream read through — the caller keeps the decompressed bytes without copying them.
  /// Null otherwise (read them with read()).
  unsigned char *takeRest(size_t size, size_t &first);
  /// Bytes delivered so far (the offset of the next byte in the decompressed data).
  uint64_t offset() const { return offset_; }
  bool compressed() const { return gzip_; }
  const std::string &path() const { return path_; }
  /// Size of the raw file on disk.
  uint64_t fileSize() const { return fileSize_; }

  /// " at byte N" or " at byte N of the decompressed data", for messages.
  std::string at(uint64_t offset) const;

  static constexpr uint64_t kWholeFileMax = uint64_t(64) << 20;
  static constexpr uint64_t kWholeOutputMax = uint64_t(512) << 20;
  /// Tests turn the libdeflate path off (and on again) to compare both.
  static void useLibdeflate(bool on);
  static bool libdeflateAvailable();
  /// True when libdeflate decompressed the file in one piece.
  bool inflatedWhole() const { return inflated_; }

private:
  bool fill();           // refills the compressed input buffer
  bool inflateSome(unsigned char *dst, size_t size, size_t &got);
  bool inflateWhole();   // libdeflate: the whole file into whole_, true when it decompressed cleanly


  std::FILE *file_ = nullptr;
  std::string path_;
  bool gzip_ = false;
  bool zInit_ = false;
  bool streamEnd_ = false; // the last gzip member ended and no further member follows
  bool eof_ = false;       // the file itself is exhausted
  uint64_t offset_ = 0;
  uint64_t fileSize_ = 0;
  bool regular_ = false; // a regular file (not a pipe or device): it can be read twice
  z_stream z_{};
  std::vector<unsigned char> in_;
  /// Owns a block from the runtime's allocator.
  struct FreeBlock {
    void operator()(unsigned char *p) const noexcept { lepton_free(p); }
  };
  bool growWhole(size_t size, size_t keep); // a block of `size` bytes for whole_, its first `keep` bytes kept
  bool inflated_ = false;                   // whole_ holds the decompressed file
  std::unique_ptr<unsigned char[], FreeBlock> whole_;
  size_t wholeSize_ = 0; // bytes of whole_ in use (the decompressed file)
  size_t wholeRoom_ = 0; // bytes of whole_ allocated
  size_t wholeAt_ = 0;
};

} // namespace lepton::rt

#endif // LEPTON_RUNTIME_BYTE_STREAM_H
