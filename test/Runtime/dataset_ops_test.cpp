// dataset_ops_test.cpp — seeded train/validation split, feature statistics, drop_missing and fill_missing.
#include "test_util.h"

#include <algorithm>
#include <cmath>
#include <gtest/gtest.h>

using namespace lepton::test;

namespace {

const int64_t kTwo[] = {2};

/// n samples [i, 100 + i] with labels i % 3: every sample is recognisable by its first feature.
lepton_dataset *numbered(int64_t n) {
  std::vector<float> x;
  std::vector<int32_t> y;
  for (int64_t i = 0; i < n; ++i) {
    x.push_back(static_cast<float>(i));
    x.push_back(static_cast<float>(100 + i));
    y.push_back(static_cast<int32_t>(i % 3));
  }
  return lepton_dataset_from_arrays(x.data(), y.data(), n, kTwo, 1, 3);
}

/// The first feature of every sample: which samples a part holds, in its order.
std::vector<int64_t> ids(const lepton_dataset *ds) {
  std::vector<int64_t> out;
  for (int64_t i = 0; i < lepton_dataset_count(ds); ++i)
    out.push_back(static_cast<int64_t>(lepton_dataset_features(ds)[2 * i]));
  return out;
}

std::vector<float> features(const lepton_dataset *ds) {
  const float *x = lepton_dataset_features(ds);
  return std::vector<float>(x, x + lepton_dataset_count(ds) * lepton_dataset_sample_size(ds));
}

bool sameFloats(const std::vector<float> &a, const std::vector<float> &b) {
  if (a.size() != b.size())
    return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (!(a[i] == b[i] || (std::isnan(a[i]) && std::isnan(b[i]))))
      return false;
  return true;
}

} // namespace

TEST(Split, PartsPartitionTheSamplesInFileOrderAsDocumented) {
  lepton_dataset *ds = numbered(10);
  lepton_dataset *valid = lepton_dataset_split(ds, 0.3, 42, 1);
  lepton_dataset *train = lepton_dataset_split(ds, 0.3, 42, 0);
  ASSERT_NE(valid, nullptr);
  ASSERT_NE(train, nullptr);
  // The documented rule: the validation part is perm[0 .. round(0.3 * 10)) of the permutation of epoch 2^63 - 1.
  std::vector<int64_t> perm(10);
  ASSERT_EQ(lepton_rng_permutation(perm.data(), 10, 42, (uint64_t(1) << 63) - 1), LEPTON_OK);
  std::vector<int64_t> expectValid(perm.begin(), perm.begin() + 3), expectTrain(perm.begin() + 3, perm.end());
  std::sort(expectValid.begin(), expectValid.end());
  std::sort(expectTrain.begin(), expectTrain.end());
  EXPECT_EQ(ids(valid), expectValid);
  EXPECT_EQ(ids(train), expectTrain);
  // Each sample moved whole: its second feature and its label came along.
  for (const lepton_dataset *part : {valid, train})
    for (int64_t i = 0; i < lepton_dataset_count(part); ++i) {
      int64_t id = ids(part)[static_cast<size_t>(i)];
      EXPECT_EQ(lepton_dataset_features(part)[2 * i + 1], static_cast<float>(100 + id));
      EXPECT_EQ(lepton_dataset_labels(part)[i], id % 3);
    }
  EXPECT_EQ(lepton_dataset_num_classes(valid), 3);
  EXPECT_EQ(lepton_dataset_rank(train), 1);
  EXPECT_EQ(lepton_dataset_dim(train, 0), 2);
  // The parts are independent of the dataset they came from.
  lepton_dataset_free(ds);
  EXPECT_EQ(lepton_dataset_count(valid) + lepton_dataset_count(train), 10);
  lepton_dataset_free(valid);
  lepton_dataset_free(train);
}

TEST(Split, SameSeedSameSplitOtherSeedAnother) {
  lepton_dataset *ds = numbered(50);
  lepton_dataset *a = lepton_dataset_split(ds, 0.2, 7, 1), *b = lepton_dataset_split(ds, 0.2, 7, 1);
  lepton_dataset *c = lepton_dataset_split(ds, 0.2, 8, 1);
  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(lepton_dataset_count(a), 10);
  EXPECT_EQ(ids(a), ids(b));
  EXPECT_NE(ids(a), ids(c));
  // Not simply the first or last samples of the file.
  std::vector<int64_t> head = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  EXPECT_NE(ids(a), head);
  lepton_dataset_free(a);
  lepton_dataset_free(b);
  lepton_dataset_free(c);
  lepton_dataset_free(ds);
}

TEST(Split, ValidationSizeRoundsHalvesUp) {
  lepton_dataset *ds = numbered(10);
  lepton_dataset *valid = lepton_dataset_split(ds, 0.25, 1, 1), *train = lepton_dataset_split(ds, 0.25, 1, 0);
  ASSERT_TRUE(valid && train);
  EXPECT_EQ(lepton_dataset_count(valid), 3); // 2.5 -> 3
  EXPECT_EQ(lepton_dataset_count(train), 7);
  lepton_dataset_free(valid);
  lepton_dataset_free(train);
  lepton_dataset_free(ds);
}

TEST(Split, CarriesRegressionTargets) {
  TempDir dir;
  std::string p = dir.write("r.csv", std::string("a,b,y\n0,10,0.5\n1,11,1.5\n2,12,2.5\n3,13,3.5\n"));
  lepton_dataset *ds = lepton_dataset_load_csv(p.c_str(), kTwo, 1, 0, 1, "y", -1, 0, 0);
  ASSERT_NE(ds, nullptr);
  for (int32_t part : {0, 1}) {
    lepton_dataset *s = lepton_dataset_split(ds, 0.5, 3, part);
    ASSERT_NE(s, nullptr);
    ASSERT_EQ(lepton_dataset_count(s), 2);
    EXPECT_EQ(lepton_dataset_labels(s), nullptr);
    for (int64_t i = 0; i < 2; ++i)
      EXPECT_EQ(lepton_dataset_targets(s)[i], static_cast<float>(ids(s)[static_cast<size_t>(i)]) + 0.5f);
    lepton_dataset_free(s);
  }
  lepton_dataset_free(ds);
}

TEST(Split, EmptyPartsAndBadArguments) {
  lepton_dataset *ds = numbered(3);
  {
    ErrorCapture errors;
    EXPECT_EQ(lepton_dataset_split(ds, 0.1, 1, 0), nullptr);
    EXPECT_EQ(errors.lastCode(), LEPTON_ERR_INPUT);
    EXPECT_EQ(errors.lastMessage(),
              "cannot split 3 samples with a validation fraction of 0.1: the validation part would be empty");
    EXPECT_EQ(lepton_dataset_split(ds, 0.9, 1, 1), nullptr);
    EXPECT_EQ(errors.lastMessage(),
              "cannot split 3 samples with a validation fraction of 0.9: the training part would be empty");
  }
  for (double f : {0.0, 1.0, -0.5, double(NAN)}) {
    ErrorCapture errors;
    EXPECT_EQ(lepton_dataset_split(ds, f, 1, 0), nullptr);
    EXPECT_EQ(errors.lastCode(), LEPTON_ERR_INVALID) << f;
  }
  ErrorCapture errors;
  EXPECT_EQ(lepton_dataset_split(ds, 0.5, 1, 2), nullptr);
  EXPECT_EQ(errors.lastMessage(), "lepton_dataset_split: invalid arguments (valid fraction 0.5, part 2)");
  EXPECT_EQ(lepton_dataset_split(nullptr, 0.5, 1, 0), nullptr);
  EXPECT_EQ(errors.count(), 2);
  lepton_dataset_free(ds);
}

TEST(FeatureStats, MeanPopulationStdMinMaxIgnoringNaN) {
  // Feature 0: 1, 2, 3, 4. Feature 1: constant 5. Feature 2: 1, NaN, 3, NaN (only 1 and 3 count).
  const int64_t three[] = {3};
  const std::vector<float> x = {1, 5, 1, 2, 5, NAN, 3, 5, 3, 4, 5, NAN};
  lepton_dataset *ds = lepton_dataset_from_arrays(x.data(), nullptr, 4, three, 1, 0);
  ASSERT_NE(ds, nullptr);
  float mean[3], sd[3], min[3], max[3];
  ASSERT_EQ(lepton_dataset_feature_stats(ds, mean, sd, min, max), LEPTON_OK);
  EXPECT_EQ(mean[0], 2.5f);
  EXPECT_EQ(sd[0], static_cast<float>(std::sqrt(1.25)));
  EXPECT_EQ(min[0], 1.0f);
  EXPECT_EQ(max[0], 4.0f);
  EXPECT_EQ(mean[1], 5.0f);
  EXPECT_EQ(sd[1], 0.0f); // zero spread: exactly 0
  EXPECT_EQ(mean[2], 2.0f);
  EXPECT_EQ(sd[2], 1.0f);
  EXPECT_EQ(min[2], 1.0f);
  EXPECT_EQ(max[2], 3.0f);
  // Any output may be skipped.
  float onlyMax[3] = {-1, -1, -1};
  ASSERT_EQ(lepton_dataset_feature_stats(ds, nullptr, nullptr, nullptr, onlyMax), LEPTON_OK);
  EXPECT_EQ(onlyMax[1], 5.0f);
  lepton_dataset_free(ds);
}

TEST(FeatureStats, ComputedInDoublePrecision) {
  // 100000 samples: 10000.5 + (i % 3) - 1, i.e. 9999.5, 10000.5, 10001.5 in turn (one extra 9999.5).
  // Float accumulation loses the mean, and E[x^2] - E[x]^2 in float the spread.
  const int64_t n = 100000, one[] = {1};
  std::vector<float> x;
  double sum = 0;
  for (int64_t i = 0; i < n; ++i) {
    x.push_back(10000.5f + static_cast<float>(i % 3) - 1.0f);
    sum += x.back();
  }
  const double mean = sum / n;
  double squares = 0;
  for (float v : x)
    squares += (v - mean) * (v - mean);
  lepton_dataset *ds = lepton_dataset_from_arrays(x.data(), nullptr, n, one, 1, 0);
  ASSERT_NE(ds, nullptr);
  float m, s;
  ASSERT_EQ(lepton_dataset_feature_stats(ds, &m, &s, nullptr, nullptr), LEPTON_OK);
  EXPECT_EQ(m, static_cast<float>(mean));
  EXPECT_EQ(s, static_cast<float>(std::sqrt(squares / n)));
  lepton_dataset_free(ds);
}

TEST(FeatureStats, AFeatureMissingEverywhereOrNoSamples) {
  const std::vector<float> x = {1, NAN, 2, NAN};
  lepton_dataset *ds = lepton_dataset_from_arrays(x.data(), nullptr, 2, kTwo, 1, 0);
  ErrorCapture errors;
  float mean[2];
  EXPECT_EQ(lepton_dataset_feature_stats(ds, mean, nullptr, nullptr, nullptr), LEPTON_ERR_INPUT);
  EXPECT_EQ(errors.lastMessage(), "cannot compute statistics of feature 1: it is missing in all 2 samples");
  lepton_dataset *empty = lepton_dataset_slice(ds, 0, 0);
  EXPECT_EQ(lepton_dataset_feature_stats(empty, mean, nullptr, nullptr, nullptr), LEPTON_ERR_INPUT);
  EXPECT_EQ(errors.lastMessage(), "cannot compute feature statistics of a dataset with no samples");
  EXPECT_EQ(lepton_dataset_feature_stats(nullptr, mean, nullptr, nullptr, nullptr), LEPTON_ERR_INVALID);
  lepton_dataset_free(empty);
  lepton_dataset_free(ds);
}

TEST(Missing, DropRemovesRowsWithNaNKeepingOrderAndLabels) {
  TempDir dir;
  std::string p = dir.write("m.csv", std::string("a,b,y\n1,10,0\n,11,1\n2,12,2\n3,NA,0\n4,14,1\n"));
  lepton_dataset *ds = lepton_dataset_load_csv(p.c_str(), kTwo, 1, 3, 1, "y", -1, LEPTON_CSV_ALLOW_MISSING, 0);
  ASSERT_NE(ds, nullptr);
  EXPECT_EQ(lepton_dataset_drop_missing(ds), 2);
  EXPECT_EQ(lepton_dataset_count(ds), 3);
  EXPECT_EQ(features(ds), (std::vector<float>{1, 10, 2, 12, 4, 14}));
  EXPECT_EQ(std::vector<int32_t>(lepton_dataset_labels(ds), lepton_dataset_labels(ds) + 3),
            (std::vector<int32_t>{0, 2, 1}));
  EXPECT_EQ(lepton_dataset_drop_missing(ds), 0);
  EXPECT_EQ(lepton_dataset_count(ds), 3);
  lepton_dataset_free(ds);
  // Targets move with their rows too.
  std::string q = dir.write("t.csv", std::string("a,b,y\n,10,0.5\n2,12,2.5\n"));
  ds = lepton_dataset_load_csv(q.c_str(), kTwo, 1, 0, 1, "y", -1, LEPTON_CSV_ALLOW_MISSING, 0);
  ASSERT_NE(ds, nullptr);
  EXPECT_EQ(lepton_dataset_drop_missing(ds), 1);
  EXPECT_EQ(lepton_dataset_targets(ds)[0], 2.5f);
  lepton_dataset_free(ds);
}

TEST(Missing, DropRefusesToDropEverySample) {
  const std::vector<float> x = {1, NAN, NAN, 2};
  lepton_dataset *ds = lepton_dataset_from_arrays(x.data(), nullptr, 2, kTwo, 1, 0);
  ErrorCapture errors;
  EXPECT_EQ(lepton_dataset_drop_missing(ds), -1);
  EXPECT_EQ(errors.lastCode(), LEPTON_ERR_INPUT);
  EXPECT_EQ(errors.lastMessage(), "every one of the 2 samples has a missing value: none is left after drop_missing");
  EXPECT_EQ(lepton_dataset_count(ds), 2);
  EXPECT_TRUE(sameFloats(features(ds), x));
  EXPECT_EQ(lepton_dataset_drop_missing(nullptr), -1);
  EXPECT_EQ(errors.lastCode(), LEPTON_ERR_INVALID);
  lepton_dataset_free(ds);
}

TEST(Missing, FillReplacesNaNPerFeature) {
  const std::vector<float> x = {NAN, 1, 2, NAN, NAN, NAN};
  lepton_dataset *ds = lepton_dataset_from_arrays(x.data(), nullptr, 3, kTwo, 1, 0);
  const float values[] = {-7, 0.25f};
  ASSERT_EQ(lepton_dataset_fill_missing(ds, values), LEPTON_OK);
  EXPECT_EQ(features(ds), (std::vector<float>{-7, 1, 2, 0.25f, -7, 0.25f}));
  lepton_dataset_free(ds);
}

TEST(Missing, FillRefusesNonFiniteValuesLeavingTheDataset) {
  const std::vector<float> x = {NAN, 1};
  lepton_dataset *ds = lepton_dataset_from_arrays(x.data(), nullptr, 1, kTwo, 1, 0);
  ErrorCapture errors;
  const float values[] = {3, NAN};
  EXPECT_EQ(lepton_dataset_fill_missing(ds, values), LEPTON_ERR_INVALID);
  EXPECT_EQ(errors.lastMessage(), "lepton_dataset_fill_missing: the value for feature 1 is nan, not finite");
  EXPECT_TRUE(sameFloats(features(ds), x));
  EXPECT_EQ(lepton_dataset_fill_missing(ds, nullptr), LEPTON_ERR_INVALID);
  EXPECT_EQ(errors.lastMessage(), "lepton_dataset_fill_missing: no values");
  lepton_dataset_free(ds);
}
