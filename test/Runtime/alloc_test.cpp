// alloc_test.cpp — 64-byte aligned zeroed allocation and its checked failures.
#include "test_util.h"

#include <cstdint>
#include <gtest/gtest.h>

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
