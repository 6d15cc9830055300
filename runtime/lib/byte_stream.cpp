// byte_stream.cpp — raw or gzip data files as one byte stream, with errors that name the file and offset.
#include "byte_stream.h"
#include "internal.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <dlfcn.h>
#include <sys/stat.h>

namespace lepton::rt {

namespace {
constexpr size_t kChunk = 1 << 18;

/// libdeflate's whole-buffer gzip decompressor (1.x ABI), found at run time; all null without it.
struct Libdeflate {
  void *(*alloc)() = nullptr;
  int (*gzip)(void *, const void *, size_t, void *, size_t, size_t *, size_t *) = nullptr;
  void (*release)(void *) = nullptr;
  enum { kSuccess = 0, kInsufficientSpace = 3 };
};

const Libdeflate &libdeflate() {
  static const Libdeflate loaded = [] {
    Libdeflate d;
    void *lib = dlopen("libdeflate.so.0", RTLD_NOW | RTLD_LOCAL);
    if (!lib)
      return d;
    d.alloc = reinterpret_cast<void *(*)()>(dlsym(lib, "libdeflate_alloc_decompressor"));
    d.gzip = reinterpret_cast<int (*)(void *, const void *, size_t, void *, size_t, size_t *, size_t *)>(
        dlsym(lib, "libdeflate_gzip_decompress_ex"));
    d.release = reinterpret_cast<void (*)(void *)>(dlsym(lib, "libdeflate_free_decompressor"));
    if (!d.alloc || !d.gzip || !d.release)
      d = Libdeflate();
    return d;
  }();
  return loaded;
}

bool libdeflateWanted = true;
} // namespace

void ByteStream::useLibdeflate(bool on) { libdeflateWanted = on; }

bool ByteStream::libdeflateAvailable() { return libdeflate().gzip != nullptr; }

ByteStream::~ByteStream() {
  if (zInit_)
    inflateEnd(&z_);
  if (file_)
    std::fclose(file_);
}

std::string ByteStream::at(uint64_t offset) const {
  return format(" at byte %llu%s", static_cast<unsigned long long>(offset),
                gzip_ ? " of the decompressed data" : "");
}

bool ByteStream::open(const char *path) {
  path_ = path ? path : "";
  if (!path || !*path)
    return fail(LEPTON_ERR_INPUT, "no data file given (empty path)"), false;
  file_ = std::fopen(path, "rb");
  if (!file_)
    return fail(LEPTON_ERR_INPUT, "%s: cannot open: %s", path, std::strerror(errno)), false;
  struct stat st;
  if (fstat(fileno(file_), &st) == 0) {
    if (S_ISDIR(st.st_mode))
      return fail(LEPTON_ERR_INPUT, "%s: is a directory, not a data file", path), false;
    fileSize_ = static_cast<uint64_t>(st.st_size);
    regular_ = S_ISREG(st.st_mode);
  }
  in_.resize(kChunk);
  z_.next_in = in_.data();
  z_.avail_in = 0;
  if (!fill())
    return false;
  gzip_ = z_.avail_in >= 2 && in_[0] == 0x1f && in_[1] == 0x8b;
  // Regular files only: a pipe can neither be read again by the zlib path nor be trusted to end.
  if (gzip_ && regular_ && fileSize_ <= kWholeFileMax && libdeflateWanted && libdeflate().gzip) {
    if (inflateWhole())
      return true;
    // Not clean: start over with the zlib stream, which says what is wrong and where.
    whole_.reset();
    wholeSize_ = wholeRoom_ = 0;
    if (std::fseek(file_, 0, SEEK_SET) != 0)
      return fail(LEPTON_ERR_INPUT, "%s: cannot seek: %s", path, std::strerror(errno)), false;
    z_.next_in = in_.data();
    z_.avail_in = 0;
    eof_ = false;
    if (!fill())
      return false;
  }
  if (gzip_) {
    if (inflateInit2(&z_, 16 + MAX_WBITS) != Z_OK)
      return fail(LEPTON_ERR_NOMEM, "%s: cannot start gzip decompression (out of memory)", path), false;
    zInit_ = true;
  }
  return true;
}

bool ByteStream::inflateWhole() {
  // The compressed file, whole: what fill() has read, then the rest read straight after it (room for all of
  // it at once: grown by doubling, 26 MB of Fashion-MNIST went through 1 + 2 + … + 32 MB of touched and
  // dropped buffers; read through the 256 KiB chunk buffer, every byte was copied twice).
  std::vector<unsigned char, UninitializedAllocator<unsigned char>> in;
  in.resize(std::max<size_t>(static_cast<size_t>(fileSize_), z_.avail_in) + 1); // + 1: a grown file shows
  std::memcpy(in.data(), z_.next_in, z_.avail_in);
  size_t have = z_.avail_in;
  z_.avail_in = 0;
  while (!eof_ && have < in.size()) {
    size_t n = std::fread(in.data() + have, 1, in.size() - have, file_);
    have += n;
    if (n == 0) {
      if (std::ferror(file_))
        return fail(LEPTON_ERR_INPUT, "%s: read error: %s", path_.c_str(), std::strerror(errno)), false;
      eof_ = true;
    }
  }
  if (have > fileSize_) // the file grew while read: stream it instead
    return false;
  in.resize(have);
  const Libdeflate &lib = libdeflate();
  void *decompressor = lib.alloc();
  if (!decompressor)
    return false;
  // Output room: the last member's size field (the whole size for one member), grown when short —
  // but never past what deflate can expand these bytes to (1032:1): the size field is the file's
  // word, and a 40-byte file claiming 4 GB must not cost a 512 MiB allocation.
  const size_t limit =
      std::min<size_t>(kWholeOutputMax, std::max<size_t>(kChunk, in.size() * size_t(1032)));
  size_t room = in.size() >= 4 ? in[in.size() - 4] | in[in.size() - 3] << 8 | in[in.size() - 2] << 16 |
                                     static_cast<size_t>(in[in.size() - 1]) << 24
                               : 0;
  room = std::min<size_t>(std::max<size_t>(room, kChunk), limit);
  bool clean = true;
  size_t inAt = 0, outAt = 0;
  while (clean && inAt < in.size()) {
    if (in.size() - inAt < 2 || in[inAt] != 0x1f || in[inAt + 1] != 0x8b) {
      clean = false; // trailing bytes: the zlib path reports them
      break;
    }
    if (wholeRoom_ < outAt + room && !growWhole(outAt + room, outAt)) {
      clean = false; // no memory for it in one piece: the zlib stream needs none
      break;
    }
    size_t inUsed = 0, outUsed = 0;
    int rc = lib.gzip(decompressor, in.data() + inAt, in.size() - inAt, whole_.get() + outAt,
                      wholeRoom_ - outAt, &inUsed, &outUsed);
    if (rc == Libdeflate::kInsufficientSpace && wholeRoom_ * 2 <= limit) {
      room = wholeRoom_ * 2 - outAt;
      continue;
    }
    clean = rc == Libdeflate::kSuccess;
    inAt += inUsed;
    outAt += outUsed;
  }
  lib.release(decompressor);
  if (!clean)
    return false;
  wholeSize_ = outAt;
  inflated_ = true;
  return true;
}

bool ByteStream::growWhole(size_t size, size_t keep) {
  auto *block = static_cast<unsigned char *>(tryAllocUninitialized(static_cast<int64_t>(size)));
  if (!block)
    return false;
  if (keep > 0)
    std::memcpy(block, whole_.get(), keep);
  whole_.reset(block);
  wholeRoom_ = size;
  return true;
}

unsigned char *ByteStream::takeRest(size_t size, size_t &first) {
  if (!inflated_ || !whole_ || wholeSize_ - wholeAt_ != size)
    return nullptr;
  first = wholeAt_;
  offset_ += size;
  wholeSize_ = wholeRoom_ = wholeAt_ = 0;
  return whole_.release();
}

bool ByteStream::fill() {
  if (eof_)
    return true;
  if (z_.avail_in > 0 && z_.next_in != in_.data())
    std::memmove(in_.data(), z_.next_in, z_.avail_in);
  z_.next_in = in_.data();
  size_t space = in_.size() - z_.avail_in;
  size_t n = std::fread(in_.data() + z_.avail_in, 1, space, file_);
  z_.avail_in += static_cast<uInt>(n);
  if (n < space) { // fread stops short only at the end of the file or on an error
    if (std::ferror(file_))
      return fail(LEPTON_ERR_INPUT, "%s: read error: %s", path_.c_str(), std::strerror(errno)), false;
    eof_ = true;
  }
  return true;
}

bool ByteStream::read(void *dst, size_t size, size_t &got) {
  got = 0;
  auto *out = static_cast<unsigned char *>(dst);
  if (inflated_) {
    got = std::min(size, wholeSize_ - wholeAt_);
    if (got > 0) // an empty or read-through buffer has no data pointer to copy from
      std::memcpy(out, whole_.get() + wholeAt_, got);
    wholeAt_ += got;
    offset_ += got;
    if (wholeAt_ == wholeSize_) { // read through: give the memory back
      whole_.reset();
      wholeSize_ = wholeRoom_ = wholeAt_ = 0;
    }
    return true;
  }
  if (gzip_) {
    bool ok = inflateSome(out, size, got);
    offset_ += got;
    return ok;
  }
  while (got < size) {
    if (z_.avail_in == 0) {
      if (eof_)
        break;
      if (!fill())
        return false;
      if (z_.avail_in == 0)
        break;
    }
    size_t n = std::min<size_t>(size - got, z_.avail_in);
    std::memcpy(out + got, z_.next_in, n);
    z_.next_in += n;
    z_.avail_in -= static_cast<uInt>(n);
    got += n;
    offset_ += n;
  }
  return true;
}

bool ByteStream::inflateSome(unsigned char *dst, size_t size, size_t &got) {
  while (got < size && !streamEnd_) {
    if (z_.avail_in == 0 && !eof_ && !fill())
      return false;
    size_t want = std::min<size_t>(size - got, 1u << 30);
    z_.next_out = dst + got;
    z_.avail_out = static_cast<uInt>(want);
    int rc = inflate(&z_, Z_NO_FLUSH);
    got += want - z_.avail_out;
    if (rc == Z_STREAM_END) {
      // Another gzip member may follow (concatenated .gz files decompress to the concatenation).
      if (z_.avail_in == 0 && !eof_ && !fill())
        return false;
      if (z_.avail_in == 0) {
        streamEnd_ = true;
      } else if (z_.avail_in >= 2 && z_.next_in[0] == 0x1f && z_.next_in[1] == 0x8b) {
        inflateReset(&z_);
      } else {
        return fail(LEPTON_ERR_INPUT, "%s: unexpected bytes after the end of the gzip stream%s", path_.c_str(),
                    at(offset_ + got).c_str()),
               false;
      }
    } else if (rc == Z_BUF_ERROR) {
      // No progress without more input (avail_out is never 0 here): at the end of the file, the stream is cut.
      if (z_.avail_in == 0 && eof_)
        return fail(LEPTON_ERR_INPUT, "%s: truncated gzip stream: the compressed data ends%s", path_.c_str(),
                    at(offset_ + got).c_str()),
               false;
    } else if (rc == Z_MEM_ERROR) {
      return fail(LEPTON_ERR_NOMEM, "%s: out of memory while decompressing", path_.c_str()), false;
    } else if (rc != Z_OK) {
      return fail(LEPTON_ERR_INPUT, "%s: corrupt gzip stream (%s)%s", path_.c_str(),
                  z_.msg ? z_.msg : "invalid data", at(offset_ + got).c_str()),
             false;
    }
  }
  return true;
}

bool ByteStream::readAll(std::vector<unsigned char> &out, uint64_t maxBytes) {
  out.clear();
  for (;;) {
    size_t old = out.size();
    if (old >= maxBytes) {
      unsigned char probe;
      size_t got;
      if (!read(&probe, 1, got))
        return false;
      if (got == 0)
        return true;
      return fail(LEPTON_ERR_INPUT, "%s: file too large (over %llu bytes)", path_.c_str(),
                  static_cast<unsigned long long>(maxBytes)),
             false;
    }
    size_t want = static_cast<size_t>(std::min<uint64_t>(kChunk, maxBytes - old));
    out.resize(old + want);
    size_t got;
    if (!read(out.data() + old, want, got))
      return false;
    out.resize(old + got);
    if (got < want)
      return true;
  }
}

} // namespace lepton::rt
