// dataset_test.cpp — datasets from arrays, slices, accessors, and gathering shuffled batches.
#include "test_util.h"

#include <gtest/gtest.h>
#include <numeric>
#include <vector>

using lepton::test::ErrorCapture;

namespace {

const int64_t kShape[] = {2, 3};

/// 10 samples of 2x3 where sample i holds i*100 + k, label i % 4.
lepton_dataset *tenSamples() {
  std::vector<float> x(60);
  std::vector<int32_t> y(10);
  for (int i = 0; i < 10; ++i) {
    for (int k = 0; k < 6; ++k)
      x[i * 6 + k] = static_cast<float>(i * 100 + k);
    y[i] = i % 4;
  }
  return lepton_dataset_from_arrays(x.data(), y.data(), 10, kShape, 2, 4);
}

} // namespace

TEST(Dataset, FromArraysCopiesAndDescribes) {
  lepton_dataset *ds = tenSamples();
  ASSERT_NE(ds, nullptr);
  EXPECT_EQ(lepton_dataset_count(ds), 10);
  EXPECT_EQ(lepton_dataset_sample_size(ds), 6);
  EXPECT_EQ(lepton_dataset_rank(ds), 2);
  EXPECT_EQ(lepton_dataset_dim(ds, 1), 3);
  EXPECT_EQ(lepton_dataset_dim(ds, 2), -1);
  EXPECT_EQ(lepton_dataset_num_classes(ds), 4);
  EXPECT_EQ(lepton_dataset_has_labels(ds), 1);
  EXPECT_EQ(lepton_dataset_features(ds)[9 * 6 + 5], 905.0f);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(lepton_dataset_features(ds)) % LEPTON_ALIGNMENT, 0u);
  EXPECT_EQ(lepton_dataset_targets(ds), nullptr);
  lepton_dataset_free(ds);
  lepton_dataset_free(nullptr);
}

TEST(Dataset, GatherWithPermutationAndPartialLastBatch) {
  lepton_dataset *ds = tenSamples();
  std::vector<int64_t> perm(10);
  ASSERT_EQ(lepton_rng_permutation(perm.data(), 10, 7, 1), LEPTON_OK);
  const int64_t batch = 4;
  std::vector<float> x(batch * 6);
  std::vector<int32_t> y(batch);
  std::vector<int> seen(10);
  for (int64_t start = 0; start < 10; start += batch) {
    int64_t count = std::min(batch, 10 - start); // 4, 4, 2
    ASSERT_EQ(lepton_dataset_gather(ds, perm.data(), start, count, x.data(), y.data()), LEPTON_OK);
    for (int64_t j = 0; j < count; ++j) {
      int64_t s = perm[start + j];
      EXPECT_EQ(x[j * 6], s * 100.0f);
      EXPECT_EQ(x[j * 6 + 5], s * 100.0f + 5);
      EXPECT_EQ(y[j], s % 4);
      ++seen[s];
    }
  }
  for (int c : seen)
    EXPECT_EQ(c, 1); // every sample used once per epoch, the last partial batch included
  lepton_dataset_free(ds);
}

TEST(Dataset, GatherInOrderAndSkippingBuffers) {
  lepton_dataset *ds = tenSamples();
  std::vector<float> x(3 * 6);
  std::vector<int32_t> y(3);
  ASSERT_EQ(lepton_dataset_gather(ds, nullptr, 7, 3, x.data(), nullptr), LEPTON_OK);
  EXPECT_EQ(x[0], 700.0f);
  EXPECT_EQ(x[17], 905.0f);
  ASSERT_EQ(lepton_dataset_gather(ds, nullptr, 7, 3, nullptr, y.data()), LEPTON_OK);
  EXPECT_EQ(y[2], 1);
  EXPECT_EQ(lepton_dataset_gather(ds, nullptr, 10, 0, nullptr, nullptr), LEPTON_OK);
  lepton_dataset_free(ds);
}

TEST(Dataset, GatherRejectsBadArguments) {
  ErrorCapture errors;
  lepton_dataset *ds = tenSamples();
  std::vector<float> x(60);
  std::vector<int32_t> y(10);
  EXPECT_EQ(lepton_dataset_gather(ds, nullptr, 8, 3, x.data(), y.data()), LEPTON_ERR_INVALID);
  EXPECT_EQ(lepton_dataset_gather(ds, nullptr, -1, 1, x.data(), y.data()), LEPTON_ERR_INVALID);
  int64_t badOrder[] = {0, 10};
  EXPECT_EQ(lepton_dataset_gather(ds, badOrder, 0, 2, x.data(), y.data()), LEPTON_ERR_INVALID);
  EXPECT_NE(errors.lastMessage().find("order[1] = 10"), std::string::npos) << errors.lastMessage();
  EXPECT_EQ(lepton_dataset_gather(nullptr, nullptr, 0, 1, x.data(), y.data()), LEPTON_ERR_INVALID);
  std::vector<float> t(10);
  EXPECT_EQ(lepton_dataset_gather_targets(ds, nullptr, 0, 1, x.data(), t.data()), LEPTON_ERR_INVALID);
  EXPECT_EQ(errors.count(), 5);
  lepton_dataset_free(ds);
}

TEST(Dataset, FromArraysChecksLabels) {
  ErrorCapture errors;
  float x[6] = {};
  int32_t y[1] = {4};
  EXPECT_EQ(lepton_dataset_from_arrays(x, y, 1, kShape, 2, 4), nullptr);
  EXPECT_EQ(errors.lastCode(), LEPTON_ERR_INPUT);
  EXPECT_EQ(lepton_dataset_from_arrays(nullptr, nullptr, 1, kShape, 2, 4), nullptr);
  EXPECT_EQ(errors.lastCode(), LEPTON_ERR_INVALID);
  lepton_dataset *unlabeled = lepton_dataset_from_arrays(x, nullptr, 1, kShape, 2, 4);
  ASSERT_NE(unlabeled, nullptr);
  EXPECT_EQ(lepton_dataset_has_labels(unlabeled), 0);
  int32_t label;
  EXPECT_EQ(lepton_dataset_gather(unlabeled, nullptr, 0, 1, x, &label), LEPTON_ERR_INVALID);
  lepton_dataset_free(unlabeled);
}

TEST(Dataset, Slice) {
  lepton_dataset *ds = tenSamples();
  lepton_dataset *tail = lepton_dataset_slice(ds, 8, 2);
  ASSERT_NE(tail, nullptr);
  EXPECT_EQ(lepton_dataset_count(tail), 2);
  EXPECT_EQ(lepton_dataset_features(tail)[0], 800.0f);
  EXPECT_EQ(lepton_dataset_labels(tail)[1], 1);
  EXPECT_EQ(lepton_dataset_rank(tail), 2);
  lepton_dataset_free(ds); // the slice is a copy
  EXPECT_EQ(lepton_dataset_features(tail)[11], 905.0f);
  lepton_dataset_free(tail);
  ErrorCapture errors;
  ds = tenSamples();
  EXPECT_EQ(lepton_dataset_slice(ds, 5, 6), nullptr);
  EXPECT_EQ(errors.lastCode(), LEPTON_ERR_INVALID);
  lepton_dataset_free(ds);
}
