// byte_stream_test.cpp — the whole-file libdeflate path and the zlib stream read the same bytes and, for bad
// files, fall back to the same messages; pipes always stream. Mutations seen failing: the libdeflate path
// dropping every member after the first; trailing bytes accepted as clean (then the garbage message
// disappears); growth stopped at the first guess of the output size; pipes allowed on the libdeflate path.
#include "byte_stream.h"
#include "test_util.h"

#include <cstdio>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <thread>

using namespace lepton::test;
using lepton::rt::ByteStream;

namespace {

struct Result {
  bool ok;
  Bytes data;
  std::string error;
  bool whole = false; // libdeflate decompressed it in one piece
};

/// Everything `path` holds, read in odd-sized pieces, with libdeflate on or off.
Result readAll(const std::string &path, bool libdeflate) {
  ByteStream::useLibdeflate(libdeflate);
  ErrorCapture errors;
  Result r{true, {}, {}};
  ByteStream s;
  if (!s.open(path.c_str())) {
    r.ok = false;
  } else {
    r.whole = s.inflatedWhole();
    unsigned char piece[777];
    size_t got = 0;
    do {
      if (!s.read(piece, sizeof piece, got)) {
        r.ok = false;
        break;
      }
      r.data.insert(r.data.end(), piece, piece + got);
    } while (got == sizeof piece);
  }
  r.error = errors.count() ? errors.lastMessage() : "";
  ByteStream::useLibdeflate(true);
  return r;
}

Bytes counting(size_t n, unsigned seed) {
  Bytes b(n);
  for (size_t i = 0; i < n; ++i)
    b[i] = static_cast<unsigned char>((i * seed + i / 7) & 0xff);
  return b;
}

Bytes cat(Bytes a, const Bytes &b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

} // namespace

TEST(ByteStream, LibdeflateAndZlibAgreeOnGoodAndBadFiles) {
  TempDir dir;
  Bytes big = counting(3 << 20, 31), small = counting(1000, 7);
  Bytes corrupt = gzip(small);
  corrupt[corrupt.size() / 2] ^= 0x55;
  Bytes hugeClaim = gzip(small); // the size field says 4 GB: refused alike, without a 512 MiB buffer
  for (size_t k = hugeClaim.size() - 4; k < hugeClaim.size(); ++k)
    hugeClaim[k] = 0xff;
  Bytes truncated = gzip(big);
  truncated.resize(truncated.size() * 2 / 3);
  const std::vector<std::pair<const char *, Bytes>> files = {
      {"one member", gzip(big)},
      {"three members", cat(cat(gzip(small), gzip(big)), gzip(Bytes()))},
      {"empty member", gzip(Bytes())},
      {"trailing garbage", cat(gzip(small), Bytes{'x', 'y', 'z'})},
      {"corrupt", corrupt},
      {"size field claims 4 GB", hugeClaim},
      {"truncated", truncated},
      {"raw", small},
  };
  for (const auto &[name, bytes] : files) {
    std::string path = dir.write("f", bytes);
    Result fast = readAll(path, true), slow = readAll(path, false);
    EXPECT_EQ(fast.ok, slow.ok) << name;
    EXPECT_EQ(fast.data, slow.data) << name;
    EXPECT_EQ(fast.error, slow.error) << name;
  }
  // With libdeflate installed (scripts/bootstrap.sh installs it), good gzip files take its path.
  if (ByteStream::libdeflateAvailable()) {
    EXPECT_TRUE(readAll(dir.write("g", gzip(big)), true).whole);
    // The last member's size field (0 here) underestimates: the output grows until everything fits.
    EXPECT_TRUE(readAll(dir.write("g", cat(cat(gzip(small), gzip(big)), gzip(Bytes()))), true).whole);
    EXPECT_FALSE(readAll(dir.write("g", gzip(big)), false).whole);
    EXPECT_FALSE(readAll(dir.write("g", truncated), true).whole);
  }
  // The good ones decompress to what went in, and the bad ones fail.
  EXPECT_EQ(readAll(dir.write("g", gzip(big)), true).data, big);
  EXPECT_EQ(readAll(dir.write("g", cat(cat(gzip(small), gzip(big)), gzip(Bytes()))), true).data, cat(small, big));
  EXPECT_NE(readAll(dir.write("g", cat(gzip(small), Bytes{'x'})), true).error.find("unexpected bytes after"),
            std::string::npos);
  EXPECT_FALSE(readAll(dir.write("g", truncated), true).ok);
}

TEST(ByteStream, PipesStreamThroughZlib) {
  // A pipe cannot be read a second time, so a corrupt gzip stream through it must get zlib's message, not a
  // failed seek; and a good one reads the same as from a file.
  TempDir dir;
  Bytes good = gzip(counting(100000, 13)), corrupt = good;
  corrupt[corrupt.size() / 2] ^= 0x55;
  for (const Bytes *bytes : {&good, &corrupt}) {
    std::string fifo = dir.path("fifo");
    std::remove(fifo.c_str());
    ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
    std::thread writer([&] {
      if (std::FILE *f = std::fopen(fifo.c_str(), "wb")) {
        std::fwrite(bytes->data(), 1, bytes->size(), f);
        std::fclose(f);
      }
    });
    Result piped = readAll(fifo, true);
    writer.join();
    Result file = readAll(dir.write("f", *bytes), false);
    EXPECT_FALSE(piped.whole);
    EXPECT_EQ(piped.ok, file.ok);
    EXPECT_EQ(piped.data, file.data);
    auto withoutPath = [](const std::string &e) { // the messages name different files
      size_t colon = e.find(':');
      return colon == std::string::npos ? e : e.substr(colon);
    };
    EXPECT_EQ(withoutPath(piped.error), withoutPath(file.error));
  }
}
