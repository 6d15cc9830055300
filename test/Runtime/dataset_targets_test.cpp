// dataset_targets_test.cpp — regression data with K > 1 targets per sample: CSV and NPY loaders, gather, split,
// slice and drop_missing keep a sample's K targets together.
//
// Mutations seen failing (each alone, on the runtime, then restored): the CSV reader writing every target column to
// the sample's first target (targets[row * K] = v) failed CsvThreeTargets* and every test reading a CSV; the NPY
// reader doing so failed NpyTwoTargetsF4AndI8; the NPY reader accepting any labels shape for K > 1 failed
// NpyWrongLabelShapes; gather copying one float per sample failed GatherCopiesKTargetsPerSample; split's and
// drop_missing's row copies moving only target 0 failed SplitKeepsTargetsWithTheirSamples and
// DropMissingKeepsTargetsWithTheirSamples; slice copying `count` floats failed SliceCopiesEveryTarget.
#include "test_util.h"

#include <cmath>
#include <gtest/gtest.h>

using namespace lepton::test;

namespace {

const int64_t kTwo[] = {2};
const int64_t kShape2x2[] = {2, 2};

std::vector<float> targets(const lepton_dataset *ds) {
  const float *t = lepton_dataset_targets(ds);
  return t ? std::vector<float>(t, t + lepton_dataset_count(ds) * lepton_dataset_num_targets(ds))
           : std::vector<float>{};
}

std::vector<float> features(const lepton_dataset *ds) {
  const float *x = lepton_dataset_features(ds);
  return std::vector<float>(x, x + lepton_dataset_count(ds) * lepton_dataset_sample_size(ds));
}

/// Samples [i, 100 + i] with targets (10 i, 10 i + 1, 10 i + 2): each row recognisable by any of its values.
std::string numberedCsv(int n) {
  std::string text = "a,b,t0,t1,t2\n";
  for (int i = 0; i < n; ++i)
    text += std::to_string(i) + "," + std::to_string(100 + i) + "," + std::to_string(10 * i) + "," +
            std::to_string(10 * i + 1) + "," + std::to_string(10 * i + 2) + "\n";
  return text;
}

/// Every sample's targets follow from its first feature as in numberedCsv.
void expectTargetsMatchSamples(const lepton_dataset *ds) {
  ASSERT_EQ(lepton_dataset_num_targets(ds), 3);
  const float *x = lepton_dataset_features(ds), *t = lepton_dataset_targets(ds);
  ASSERT_NE(t, nullptr);
  for (int64_t i = 0; i < lepton_dataset_count(ds); ++i)
    for (int k = 0; k < 3; ++k)
      EXPECT_EQ(t[i * 3 + k], 10 * x[i * 2] + static_cast<float>(k)) << "sample " << i << " target " << k;
}

} // namespace

TEST(Targets, CsvThreeTargetsByName) {
  TempDir dir;
  // The targets are the three columns from the named one; the others, in file order, are the features.
  std::string p = dir.write("n.csv", std::string("x0,t0,t1,t2,x1\n1,10,11,12,2\n3,30,31,32,4\n"));
  lepton_dataset *ds = lepton_dataset_load_csv(p.c_str(), kTwo, 1, 0, 3, "t0", -1, 0, 0);
  ASSERT_NE(ds, nullptr);
  EXPECT_EQ(lepton_dataset_num_targets(ds), 3);
  EXPECT_EQ(lepton_dataset_has_labels(ds), 1);
  EXPECT_EQ(lepton_dataset_labels(ds), nullptr);
  EXPECT_EQ(features(ds), (std::vector<float>{1, 2, 3, 4}));
  EXPECT_EQ(targets(ds), (std::vector<float>{10, 11, 12, 30, 31, 32}));
  lepton_dataset_free(ds);
}

TEST(Targets, CsvThreeTargetsByIndex) {
  TempDir dir;
  std::string p = dir.write("i.csv", std::string("1,10,11,12,2\n3,30,31,32,4\n5,50,51,52,6\n"));
  lepton_dataset *ds = lepton_dataset_load_csv(p.c_str(), kTwo, 1, 0, 3, nullptr, 1, LEPTON_CSV_NO_HEADER, 0);
  ASSERT_NE(ds, nullptr);
  EXPECT_EQ(features(ds), (std::vector<float>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(targets(ds), (std::vector<float>{10, 11, 12, 30, 31, 32, 50, 51, 52}));
  lepton_dataset_free(ds);
}

TEST(Targets, CsvThreeTargetsByDefaultAreTheLastThreeColumns) {
  TempDir dir;
  // The code generator passes the index of the first of the last K columns (the feature count) when the .lep names
  // no label.
  std::string p = dir.write("d.csv", numberedCsv(4));
  lepton_dataset *ds = lepton_dataset_load_csv(p.c_str(), kTwo, 1, 0, 3, nullptr, 2, LEPTON_CSV_HEADER, 0);
  ASSERT_NE(ds, nullptr);
  EXPECT_EQ(features(ds), (std::vector<float>{0, 100, 1, 101, 2, 102, 3, 103}));
  EXPECT_EQ(targets(ds), (std::vector<float>{0, 1, 2, 10, 11, 12, 20, 21, 22, 30, 31, 32}));
  lepton_dataset_free(ds);
}

TEST(Targets, CsvErrors) {
  TempDir dir;
  std::string p = dir.write("e.csv", numberedCsv(2));
  ErrorCapture errors;
  // The K columns from the label column must exist.
  EXPECT_EQ(lepton_dataset_load_csv(p.c_str(), kTwo, 1, 0, 3, "t1", -1, 0, 0), nullptr);
  EXPECT_EQ(errors.lastCode(), LEPTON_ERR_INPUT);
  EXPECT_EQ(errors.lastMessage(),
            p + ":1: 3 target columns from column 4 ('t1') need columns 4 to 6, but the file has 5 columns");
  // Too many feature columns left once K targets are taken.
  EXPECT_EQ(lepton_dataset_load_csv(p.c_str(), kTwo, 1, 0, 2, "t0", -1, 0, 0), nullptr);
  EXPECT_EQ(errors.lastMessage(), p + ":1: 3 feature columns (5 columns minus the targets) but the dataset "
                                      "declares shape [2] (2 values)");
  // A target that is not a number names itself.
  std::string q = dir.write("q.csv", std::string("a,b,t0,t1\n1,2,3,x\n"));
  EXPECT_EQ(lepton_dataset_load_csv(q.c_str(), kTwo, 1, 0, 2, "t0", -1, 0, 0), nullptr);
  EXPECT_EQ(errors.lastMessage(), q + ":2: column 4 ('t1'): 'x' is not a number (a target)");
  // num_targets: at least 1, and exactly 1 with class labels.
  EXPECT_EQ(lepton_dataset_load_csv(p.c_str(), kTwo, 1, 3, 2, "t0", -1, 0, 0), nullptr);
  EXPECT_EQ(errors.lastCode(), LEPTON_ERR_INVALID);
  EXPECT_EQ(errors.lastMessage(), "lepton_dataset_load_csv: 2 targets per sample with 3 classes (class labels need "
                                  "exactly 1, regression targets at least 1)");
  EXPECT_EQ(lepton_dataset_load_csv(p.c_str(), kTwo, 1, 0, 0, "t0", -1, 0, 0), nullptr);
  EXPECT_EQ(errors.lastCode(), LEPTON_ERR_INVALID);
  EXPECT_EQ(errors.count(), 5);
}

TEST(Targets, NpyTwoTargetsF4AndI8) {
  TempDir dir;
  std::vector<float> x;
  for (int k = 0; k < 12; ++k)
    x.push_back(static_cast<float>(k));
  std::string sp = dir.write("s.npy", npy(npyDict("<f4", {3, 2, 2}), littleEndian(x)));
  std::string fp = dir.write("f.npy", npy(npyDict("<f4", {3, 2}), littleEndian(std::vector<float>{
                                                                      1.5f, -2.5f, 3.5f, -4.5f, 5.5f, -6.5f})));
  lepton_dataset *ds = lepton_dataset_load_npy(sp.c_str(), fp.c_str(), kShape2x2, 2, 0, 2, 0);
  ASSERT_NE(ds, nullptr);
  EXPECT_EQ(lepton_dataset_num_targets(ds), 2);
  EXPECT_EQ(targets(ds), (std::vector<float>{1.5f, -2.5f, 3.5f, -4.5f, 5.5f, -6.5f}));
  lepton_dataset_free(ds);
  std::string ip = dir.write("i.npy", npy(npyDict("<i8", {3, 2}), littleEndian(std::vector<int64_t>{
                                                                     7, -8, 9, -10, 11, 1LL << 40})));
  ds = lepton_dataset_load_npy(sp.c_str(), ip.c_str(), kShape2x2, 2, 0, 2, 0);
  ASSERT_NE(ds, nullptr);
  EXPECT_EQ(targets(ds), (std::vector<float>{7, -8, 9, -10, 11, static_cast<float>(1LL << 40)}));
  lepton_dataset_free(ds);
  // limit keeps the first samples' targets, both of each.
  ds = lepton_dataset_load_npy(sp.c_str(), ip.c_str(), kShape2x2, 2, 0, 2, 2);
  ASSERT_NE(ds, nullptr);
  EXPECT_EQ(targets(ds), (std::vector<float>{7, -8, 9, -10}));
  lepton_dataset_free(ds);
}

TEST(Targets, NpyWrongLabelShapes) {
  TempDir dir;
  std::vector<float> x(12, 0.5f);
  std::string sp = dir.write("s.npy", npy(npyDict("<f4", {3, 2, 2}), littleEndian(x)));
  // The labels dict starts at byte 10 like the samples one; its 'shape' value is at byte 60.
  for (const std::vector<int64_t> &shape :
       std::vector<std::vector<int64_t>>{{3}, {3, 1}, {3, 3}, {3, 2, 1}, {3, 1, 2}, {6}}) {
    std::string text;
    for (int64_t d : shape)
      text += (text.empty() ? "(" : ", ") + std::to_string(d);
    text += shape.size() == 1 ? ",)" : ")";
    SCOPED_TRACE(text);
    int64_t n = 1;
    for (int64_t d : shape)
      n *= d;
    std::string lp = dir.write("l.npy", npy(npyDict("<f4", shape), littleEndian(std::vector<float>(n, 1.0f))));
    ErrorCapture errors;
    EXPECT_EQ(lepton_dataset_load_npy(sp.c_str(), lp.c_str(), kShape2x2, 2, 0, 2, 0), nullptr);
    EXPECT_EQ(errors.count(), 1);
    EXPECT_EQ(errors.lastCode(), LEPTON_ERR_INPUT);
    EXPECT_EQ(errors.lastMessage(), lp + ": a labels file with 2 targets per sample has shape (N, 2), but its shape "
                                         "is " + text + " at byte 60");
  }
  // K == 1 still takes (N,) and (N, 1); a class-label file needs K == 1.
  std::string one = dir.write("one.npy", npy(npyDict("<f4", {3, 1}), littleEndian(std::vector<float>{1, 2, 3})));
  lepton_dataset *ds = lepton_dataset_load_npy(sp.c_str(), one.c_str(), kShape2x2, 2, 0, 1, 0);
  ASSERT_NE(ds, nullptr);
  EXPECT_EQ(targets(ds), (std::vector<float>{1, 2, 3}));
  lepton_dataset_free(ds);
  ErrorCapture errors;
  EXPECT_EQ(lepton_dataset_load_npy(sp.c_str(), one.c_str(), kShape2x2, 2, 4, 2, 0), nullptr);
  EXPECT_EQ(errors.lastCode(), LEPTON_ERR_INVALID);
}

TEST(Targets, GatherCopiesKTargetsPerSample) {
  TempDir dir;
  std::string p = dir.write("g.csv", numberedCsv(5));
  lepton_dataset *ds = lepton_dataset_load_csv(p.c_str(), kTwo, 1, 0, 3, "t0", -1, 0, 0);
  ASSERT_NE(ds, nullptr);
  const int64_t order[] = {4, 0, 3, 1, 2};
  std::vector<float> x(2 * 2), t(2 * 3, -1);
  ASSERT_EQ(lepton_dataset_gather_targets(ds, order, 1, 2, x.data(), t.data()), LEPTON_OK);
  EXPECT_EQ(x, (std::vector<float>{0, 100, 3, 103}));
  EXPECT_EQ(t, (std::vector<float>{0, 1, 2, 30, 31, 32}));
  lepton_dataset_free(ds);
}

TEST(Targets, SplitKeepsTargetsWithTheirSamples) {
  TempDir dir;
  std::string p = dir.write("s.csv", numberedCsv(10));
  lepton_dataset *ds = lepton_dataset_load_csv(p.c_str(), kTwo, 1, 0, 3, "t0", -1, 0, 0);
  ASSERT_NE(ds, nullptr);
  for (int32_t part : {0, 1}) {
    SCOPED_TRACE(part);
    lepton_dataset *s = lepton_dataset_split(ds, 0.3, 7, part);
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(lepton_dataset_count(s), part ? 3 : 7);
    expectTargetsMatchSamples(s);
    lepton_dataset_free(s);
  }
  lepton_dataset_free(ds);
}

TEST(Targets, SliceCopiesEveryTarget) {
  TempDir dir;
  std::string p = dir.write("c.csv", numberedCsv(6));
  lepton_dataset *ds = lepton_dataset_load_csv(p.c_str(), kTwo, 1, 0, 3, "t0", -1, 0, 0);
  ASSERT_NE(ds, nullptr);
  lepton_dataset *s = lepton_dataset_slice(ds, 2, 3);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(features(s), (std::vector<float>{2, 102, 3, 103, 4, 104}));
  expectTargetsMatchSamples(s);
  lepton_dataset_free(s);
  lepton_dataset_free(ds);
}

TEST(Targets, DropMissingKeepsTargetsWithTheirSamples) {
  TempDir dir;
  std::string p = dir.write("m.csv", std::string("a,b,t0,t1,t2\n0,100,0,1,2\n,101,10,11,12\n2,102,20,21,22\n"
                                                 "3,NA,30,31,32\n4,104,40,41,42\n"));
  lepton_dataset *ds = lepton_dataset_load_csv(p.c_str(), kTwo, 1, 0, 3, "t0", -1, LEPTON_CSV_ALLOW_MISSING, 0);
  ASSERT_NE(ds, nullptr);
  EXPECT_EQ(lepton_dataset_drop_missing(ds), 2);
  EXPECT_EQ(features(ds), (std::vector<float>{0, 100, 2, 102, 4, 104}));
  expectTargetsMatchSamples(ds);
  lepton_dataset_free(ds);
  // A missing target is an error even when features may be missing.
  std::string q = dir.write("q.csv", std::string("a,b,t0,t1\n1,2,3,\n"));
  ErrorCapture errors;
  EXPECT_EQ(lepton_dataset_load_csv(q.c_str(), kTwo, 1, 0, 2, "t0", -1, LEPTON_CSV_ALLOW_MISSING, 0), nullptr);
  EXPECT_EQ(errors.lastMessage(), q + ":2: column 4 ('t1'): '' is a missing value (a target)");
}

TEST(Targets, NumTargetsOfOtherDatasets) {
  const std::vector<float> x = {1, 2};
  const int32_t y[] = {1};
  lepton_dataset *ds = lepton_dataset_from_arrays(x.data(), y, 1, kTwo, 1, 3);
  EXPECT_EQ(lepton_dataset_num_targets(ds), 1);
  lepton_dataset_free(ds);
  EXPECT_EQ(lepton_dataset_num_targets(nullptr), 0);
}
