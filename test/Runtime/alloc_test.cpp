// alloc_test.cpp — 64-byte aligned zeroed allocation and its checked failures.
#include "test_util.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <gtest/gtest.h>
#include <malloc.h>
#include <sstream>

using lepton::test::ErrorCapture;

TEST(Alloc, AlignedAndZeroed) {
  for (int64_t bytes : {1, 3, 63, 64, 65, 1000, 1 << 20}) {
    auto *p = static_cast<unsigned char *>(lepton_alloc(bytes));
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % LEPTON_ALIGNMENT, 0u) << bytes;
    for (int64_t i = 0; i < bytes; ++i)
      ASSERT_EQ(p[i], 0) << "byte " << i << " of " << bytes;
    p[bytes - 1] = 0xff; // writable to the end
    lepton_free(p);
  }
}

TEST(Alloc, ZeroBytesGivesDistinctBlocks) {
  void *a = lepton_alloc(0), *b = lepton_alloc(0);
  EXPECT_NE(a, nullptr);
  EXPECT_NE(b, nullptr);
  EXPECT_NE(a, b);
  lepton_free(a);
  lepton_free(b);
  lepton_free(nullptr);
}

namespace {

/// Kernel's transparent-huge-page mode ("always", "madvise", "never"), or "" where there is none.
std::string hugePageMode() {
  std::ifstream in("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string line;
  std::getline(in, line);
  size_t open = line.find('['), close = line.find(']');
  return open == std::string::npos || close == std::string::npos ? "" : line.substr(open + 1, close - open - 1);
}

/// AnonHugePages (kB) of the mapping that holds p, from /proc/self/smaps.
long hugePagesKbAt(const void *p) {
  std::ifstream smaps("/proc/self/smaps");
  const auto at = reinterpret_cast<uintptr_t>(p);
  bool inside = false;
  for (std::string line; std::getline(smaps, line);) {
    unsigned long from, to;
    if (std::sscanf(line.c_str(), "%lx-%lx ", &from, &to) == 2 && line.find(':') > line.find(' ')) {
      inside = from <= at && at < to;
      continue;
    }
    long kb;
    if (inside && std::sscanf(line.c_str(), "AnonHugePages: %ld kB", &kb) == 1)
      return kb;
  }
  return -1;
}

} // namespace

// Trainers keep every block in the heap (cli.cpp's mallopt), so a large dataset array usually lands on memory
// an earlier buffer touched (the compressed file, read whole): already mapped in 4 KiB pages, which a
// random-order batch gather then pays a TLB miss per sample for. Large blocks drop those pages first.
TEST(Alloc, LargeBlocksGetHugePagesEvenOnRecycledHeapMemory) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "the sanitizer's allocator does not use the heap";
#endif
  std::string mode = hugePageMode();
  if (mode != "always" && mode != "madvise")
    GTEST_SKIP() << "no transparent huge pages here (mode '" << mode << "')";
  mallopt(M_MMAP_THRESHOLD, 1 << 30);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  const int64_t bytes = 32 << 20;
  // As a compressed file read whole does: a buffer grown by doubling, each step touched, the last one freed.
  void *earlier = nullptr;
  for (int64_t size = 1 << 20; size <= bytes; size *= 2) {
    void *bigger = std::malloc(size);
    ASSERT_NE(bigger, nullptr);
    std::memset(bigger, 1, size);
    std::free(earlier);
    earlier = bigger;
  }
  std::free(earlier);
  auto *p = static_cast<unsigned char *>(lepton_alloc(bytes));
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p[0], 0);
  EXPECT_EQ(p[bytes - 1], 0);
  // All of it in 2 MiB pages where memory is not fragmented; a quarter is left for a kernel that runs short.
  EXPECT_GE(hugePagesKbAt(p), bytes / 1024 * 3 / 4) << "kB in 2 MiB pages, of a " << bytes << "-byte block";
  lepton_free(p);
}

TEST(Alloc, FailuresAreReported) {
  ErrorCapture errors;
  EXPECT_EQ(lepton_alloc(-1), nullptr);
  EXPECT_EQ(errors.lastCode(), LEPTON_ERR_INVALID);
  EXPECT_EQ(lepton_alloc(INT64_MAX), nullptr);
  EXPECT_EQ(errors.lastCode(), LEPTON_ERR_NOMEM);
  EXPECT_NE(errors.lastMessage().find("out of memory"), std::string::npos);
}

TEST(AllocDeathTest, OutOfMemoryExitsByDefault) {
  EXPECT_EXIT(lepton_alloc(INT64_MAX / 2), testing::ExitedWithCode(LEPTON_ERR_NOMEM), "error: out of memory");
}
