// dataset_extern_test.cpp — lepton_dataset_from_callback (`extern dataset`): samples and labels or K targets from a
// host's callback in chunks, and the errors naming the dataset.
//
// Mutations seen failing (each alone, then restored): every chunk's targets written at the start (targets.data()
// instead of + count * width) failed TargetsArriveInChunks; `count == 0` accepted failed NoSamplesIsAnError.
#include "test_util.h"

#include <algorithm>
#include <gtest/gtest.h>

using namespace lepton::test;

namespace {

const int64_t kTwo[] = {2};

/// Sample i = (i, -i) with targets (10 i, 10 i + 1) or label i % 3; at most 4 per call, 10 in all.
struct Source {
  int calls = 0;
  int64_t failAt = 0; ///< the call that returns -1 (0: none)
  int64_t total = 10;
};

int64_t fill(void *user, int64_t first, int64_t capacity, float *samples, int32_t *labels, float *targets) {
  auto *s = static_cast<Source *>(user);
  if (++s->calls == s->failAt)
    return -1;
  int64_t n = std::min<int64_t>({capacity, 4, s->total - first});
  for (int64_t j = 0; j < n; ++j) {
    int64_t i = first + j;
    samples[2 * j] = static_cast<float>(i);
    samples[2 * j + 1] = static_cast<float>(-i);
    if (labels)
      labels[j] = static_cast<int32_t>(i % 3);
    if (targets) {
      targets[2 * j] = static_cast<float>(10 * i);
      targets[2 * j + 1] = static_cast<float>(10 * i + 1);
    }
  }
  return n;
}

TEST(DatasetExtern, LabelsArriveInChunks) {
  Source s;
  lepton_dataset *ds = lepton_dataset_from_callback(fill, &s, "live", kTwo, 1, 3, 1);
  ASSERT_NE(ds, nullptr);
  EXPECT_EQ(lepton_dataset_count(ds), 10);
  EXPECT_EQ(s.calls, 4); // 4 + 4 + 2, then 0
  const float *x = lepton_dataset_features(ds);
  const int32_t *y = lepton_dataset_labels(ds);
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(x[2 * i], static_cast<float>(i));
    EXPECT_EQ(x[2 * i + 1], static_cast<float>(-i));
    EXPECT_EQ(y[i], i % 3);
  }
  lepton_dataset_free(ds);
}

TEST(DatasetExtern, TargetsArriveInChunks) {
  Source s;
  lepton_dataset *ds = lepton_dataset_from_callback(fill, &s, "live", kTwo, 1, 0, 2);
  ASSERT_NE(ds, nullptr);
  EXPECT_EQ(lepton_dataset_num_targets(ds), 2);
  const float *t = lepton_dataset_targets(ds);
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(t[2 * i], static_cast<float>(10 * i));
    EXPECT_EQ(t[2 * i + 1], static_cast<float>(10 * i + 1));
  }
  lepton_dataset_free(ds);
}

TEST(DatasetExtern, ErrorsNameTheDataset) {
  ErrorCapture handler;
  Source failing;
  failing.failAt = 2;
  EXPECT_EQ(lepton_dataset_from_callback(fill, &failing, "live", kTwo, 1, 3, 1), nullptr);
  EXPECT_EQ(handler.lastCode(), LEPTON_ERR_INPUT);
  EXPECT_EQ(handler.lastMessage(), "dataset 'live': the host's fill callback returned -1 (an error) after 4 samples");
  Source labels;
  EXPECT_EQ(lepton_dataset_from_callback(fill, &labels, "live", kTwo, 1, 2, 1), nullptr); // label 2 of sample 2
  EXPECT_EQ(handler.lastMessage(), "dataset 'live': label 2 of sample 2 is outside the 2 classes (0..1)");
  EXPECT_EQ(lepton_dataset_from_callback(nullptr, &labels, "live", kTwo, 1, 3, 1), nullptr);
  EXPECT_EQ(handler.lastCode(), LEPTON_ERR_INVALID);
}

TEST(DatasetExtern, NoSamplesIsAnError) {
  ErrorCapture handler;
  Source empty;
  empty.total = 0;
  EXPECT_EQ(lepton_dataset_from_callback(fill, &empty, "live", kTwo, 1, 3, 1), nullptr);
  EXPECT_EQ(handler.lastMessage(), "dataset 'live': the host's fill callback supplied no samples");
}

} // namespace
