// metrics_test.cpp — argmax, correct counts and the divergence check.
#include "test_util.h"

#include <cmath>
#include <gtest/gtest.h>

using lepton::test::ErrorCapture;

TEST(Metrics, ArgmaxTiesAndNaN) {
  const float scores[] = {0.1f, 0.7f, 0.7f,   // tie: first wins
                          NAN, -1.0f, -2.0f,  // NaN never wins
                          NAN, NAN, NAN,      // all NaN: 0
                          -INFINITY, -5.0f, 3.0f};
  int32_t out[4];
  ASSERT_EQ(lepton_argmax(scores, 4, 3, out), LEPTON_OK);
  EXPECT_EQ(out[0], 1);
  EXPECT_EQ(out[1], 1);
  EXPECT_EQ(out[2], 0);
  EXPECT_EQ(out[3], 2);
}

TEST(Metrics, ArgmaxMatchesTheFirstLargestOnRandomRows) {
  // Rows of values drawn from a small set with NaN and infinities (many ties): the first largest non-NaN, else 0.
  const float pool[] = {NAN, -INFINITY, INFINITY, -1.0f, 0.0f, -0.0f, 2.0f, 2.0f};
  // Row lengths around the four running maxima rowArgmax keeps (1 to 13 classes).
  uint32_t state = 12345;
  for (int32_t classes : {1, 3, 4, 5, 7, 10, 13})
    for (int row = 0; row < 2000; ++row) {
      float scores[13];
      for (int32_t k = 0; k < classes; ++k) {
        state = state * 1664525u + 1013904223u;
        scores[k] = pool[state >> 29];
      }
      int32_t expected = -1;
      for (int32_t k = 0; k < classes; ++k)
        if (!std::isnan(scores[k]) && (expected < 0 || scores[k] > scores[expected]))
          expected = k;
      int32_t out;
      ASSERT_EQ(lepton_argmax(scores, 1, classes, &out), LEPTON_OK);
      ASSERT_EQ(out, expected < 0 ? 0 : expected) << classes << " classes, row " << row;
    }
}

TEST(Metrics, CountCorrect) {
  const float scores[] = {1, 0, 0, 1, 0.5f, 0.2f};
  const int32_t labels[] = {0, 1, 1};
  EXPECT_EQ(lepton_count_correct(scores, labels, 3, 2), 2);
  EXPECT_EQ(lepton_count_correct(scores, labels, 0, 2), 0);
  ErrorCapture errors;
  EXPECT_EQ(lepton_count_correct(scores, labels, 3, 0), -1);
  EXPECT_EQ(errors.lastCode(), LEPTON_ERR_INVALID);
}

TEST(Metrics, CheckLoss) {
  ErrorCapture errors;
  EXPECT_EQ(lepton_check_loss(0.5, 1, 1), LEPTON_OK);
  EXPECT_EQ(lepton_check_loss(NAN, 3, 17), LEPTON_ERR_DIVERGED);
  EXPECT_EQ(errors.lastMessage(), "training diverged: loss is nan at epoch 3, step 17");
  EXPECT_EQ(lepton_check_loss(-INFINITY, 1, 2), LEPTON_ERR_DIVERGED);
  EXPECT_EQ(errors.lastMessage(), "training diverged: loss is -inf at epoch 1, step 2");
}

TEST(MetricsDeathTest, DivergenceExitsWith3) {
  EXPECT_EXIT(lepton_check_loss(INFINITY, 2, 5), testing::ExitedWithCode(3),
              "error: training diverged: loss is inf at epoch 2, step 5");
}
