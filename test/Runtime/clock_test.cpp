// clock_test.cpp — the monotonic clock.
#include "lepton/runtime.h"

#include <cmath>
#include <gtest/gtest.h>

TEST(Clock, MonotonicAndConsistent) {
  int64_t a = lepton_clock_ns();
  double s = lepton_clock_seconds();
  int64_t b = lepton_clock_ns();
  EXPECT_LE(a, b);
  EXPECT_GE(s, a * 1e-9 - 1e-6);
  EXPECT_LE(s, b * 1e-9 + 1e-6);
  int64_t previous = lepton_clock_ns();
  for (int i = 0; i < 1000; ++i) {
    int64_t now = lepton_clock_ns();
    ASSERT_GE(now, previous);
    previous = now;
  }
}
