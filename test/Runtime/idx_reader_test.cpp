// idx_reader_test.cpp — IDX loading: real Fashion-MNIST, every element type, gzip and raw, and each bad file.
#include "test_util.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <gtest/gtest.h>
#include <sys/stat.h>

using namespace lepton::test;

namespace {

const int64_t kShape28[] = {28, 28};
const int64_t kShape4x3[] = {4, 3};

std::string fashion(const char *name) { return std::string(LEPTON_FASHION_MNIST_DIR) + "/" + name; }

bool haveFashion() {
  struct stat st;
  return stat(fashion("train-images-idx3-ubyte.gz").c_str(), &st) == 0;
}

/// n samples of 4x3 unsigned bytes, sample i filled with i*10 + position.
Bytes images(uint32_t n) {
  Bytes payload;
  for (uint32_t i = 0; i < n; ++i)
    for (int k = 0; k < 12; ++k)
      payload.push_back(static_cast<unsigned char>(i * 10 + k));
  return idx(0x08, {n, 4, 3}, payload);
}

Bytes labels(uint32_t n, unsigned classes = 10) {
  Bytes payload;
  for (uint32_t i = 0; i < n; ++i)
    payload.push_back(static_cast<unsigned char>(i % classes));
  return idx(0x08, {n}, payload);
}

/// Loads a crafted pair expecting failure; returns the message (and checks code 2 and that it names `names`).
std::string loadFails(const std::string &imagesPath, const std::string &labelsPath, const std::string &names,
                      const int64_t *shape = kShape4x3, int32_t rank = 2, int32_t classes = 10, int64_t limit = 0) {
  ErrorCapture errors;
  lepton_dataset *ds = lepton_dataset_load_idx(imagesPath.c_str(), labelsPath.empty() ? nullptr : labelsPath.c_str(),
                                               shape, rank, classes, limit);
  EXPECT_EQ(ds, nullptr);
  lepton_dataset_free(ds);
  EXPECT_EQ(errors.count(), 1);
  EXPECT_EQ(errors.lastCode(), LEPTON_ERR_INPUT);
  EXPECT_NE(errors.lastMessage().find(names), std::string::npos) << errors.lastMessage();
  return errors.lastMessage();
}

#define EXPECT_HAS(text, part) EXPECT_NE((text).find(part), std::string::npos) << (text)

} // namespace

TEST(IdxFashionMnist, TrainLoads) {
  if (!haveFashion())
    GTEST_SKIP() << "Fashion-MNIST not installed";
  lepton_dataset *ds = lepton_dataset_load_idx(fashion("train-images-idx3-ubyte.gz").c_str(),
                                               fashion("train-labels-idx1-ubyte.gz").c_str(), kShape28, 2, 10, 0);
  ASSERT_NE(ds, nullptr);
  EXPECT_EQ(lepton_dataset_count(ds), 60000);
  EXPECT_EQ(lepton_dataset_sample_size(ds), 784);
  EXPECT_EQ(lepton_dataset_rank(ds), 2);
  EXPECT_EQ(lepton_dataset_dim(ds, 0), 28);
  EXPECT_EQ(lepton_dataset_num_classes(ds), 10);
  EXPECT_EQ(lepton_dataset_labels(ds)[0], 9); // Ankle boot
  EXPECT_EQ(lepton_dataset_labels(ds)[1], 0); // T-shirt/top
  const float *x = lepton_dataset_features(ds);
  auto [lo, hi] = std::minmax_element(x, x + 60000 * 784);
  EXPECT_EQ(*lo, 0.0f); // raw pixel values, no scaling
  EXPECT_EQ(*hi, 255.0f);
  std::vector<int> perClass(10);
  for (int i = 0; i < 60000; ++i)
    ++perClass[lepton_dataset_labels(ds)[i]];
  for (int c : perClass)
    EXPECT_EQ(c, 6000); // Fashion-MNIST's training set is balanced
  for (int i = 0; i < 60000 * 784; i += 997)
    ASSERT_EQ(x[i], std::floor(x[i]));
  lepton_dataset_free(ds);
}

TEST(IdxFashionMnist, TestSetAndLimit) {
  if (!haveFashion())
    GTEST_SKIP() << "Fashion-MNIST not installed";
  std::string img = fashion("t10k-images-idx3-ubyte.gz"), lbl = fashion("t10k-labels-idx1-ubyte.gz");
  lepton_dataset *all = lepton_dataset_load_idx(img.c_str(), lbl.c_str(), kShape28, 2, 10, 0);
  ASSERT_NE(all, nullptr);
  EXPECT_EQ(lepton_dataset_count(all), 10000);
  const int64_t chw[] = {1, 28, 28}; // a channel dim of 1 is accepted
  lepton_dataset *first = lepton_dataset_load_idx(img.c_str(), lbl.c_str(), chw, 3, 10, 1000);
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(lepton_dataset_count(first), 1000);
  EXPECT_EQ(0, std::memcmp(lepton_dataset_features(first), lepton_dataset_features(all), 1000 * 784 * 4));
  EXPECT_EQ(0, std::memcmp(lepton_dataset_labels(first), lepton_dataset_labels(all), 1000 * 4));
  lepton_dataset_free(first);
  lepton_dataset_free(all);
}

TEST(IdxFashionMnist, WrongDeclaredShapeNamesTheFile) {
  if (!haveFashion())
    GTEST_SKIP() << "Fashion-MNIST not installed";
  const int64_t flat[] = {784};
  std::string img = fashion("train-images-idx3-ubyte.gz");
  std::string msg = loadFails(img, fashion("train-labels-idx1-ubyte.gz"), img, flat, 1, 10);
  EXPECT_HAS(msg, "[28, 28]");
  EXPECT_HAS(msg, "declared shape [784]");
}

TEST(Idx, RawAndGzipLoadTheSame) {
  TempDir dir;
  std::string rawI = dir.write("i.idx", images(5)), rawL = dir.write("l.idx", labels(5));
  std::string gzI = dir.write("i.gz", gzip(images(5))), gzL = dir.write("l", gzip(labels(5)));
  lepton_dataset *a = lepton_dataset_load_idx(rawI.c_str(), rawL.c_str(), kShape4x3, 2, 10, 0);
  lepton_dataset *b = lepton_dataset_load_idx(gzI.c_str(), gzL.c_str(), kShape4x3, 2, 10, 0);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(lepton_dataset_count(a), 5);
  EXPECT_EQ(0, std::memcmp(lepton_dataset_features(a), lepton_dataset_features(b), 5 * 12 * 4));
  EXPECT_EQ(lepton_dataset_features(a)[2 * 12 + 5], 25.0f);
  EXPECT_EQ(lepton_dataset_labels(b)[4], 4);
  lepton_dataset_free(a);
  lepton_dataset_free(b);
}

TEST(Idx, ConcatenatedGzipMembers) {
  TempDir dir;
  Bytes whole = images(6);
  Bytes first(whole.begin(), whole.begin() + 30), rest(whole.begin() + 30, whole.end());
  Bytes data = gzip(first), tail = gzip(rest);
  data.insert(data.end(), tail.begin(), tail.end());
  std::string i = dir.write("i.gz", data);
  lepton_dataset *ds = lepton_dataset_load_idx(i.c_str(), nullptr, kShape4x3, 2, 10, 0);
  ASSERT_NE(ds, nullptr);
  EXPECT_EQ(lepton_dataset_count(ds), 6);
  EXPECT_EQ(lepton_dataset_has_labels(ds), 0);
  EXPECT_EQ(lepton_dataset_labels(ds), nullptr);
  EXPECT_EQ(lepton_dataset_features(ds)[5 * 12 + 11], 61.0f);
  lepton_dataset_free(ds);
}

TEST(Idx, ElementTypes) {
  TempDir dir;
  const int64_t shape[] = {2};
  struct Case {
    unsigned type;
    Bytes payload;
    std::vector<float> expected;
  } cases[] = {
      {0x08, {0, 255, 7, 128}, {0, 255, 7, 128}},
      {0x09, {0x80, 0xff, 0x7f, 0}, {-128, -1, 127, 0}},
      {0x0B, {0x80, 0x00, 0xff, 0xfe, 0x01, 0x00, 0, 0}, {-32768, -2, 256, 0}},
      {0x0C, {0xff, 0xff, 0xff, 0xff, 0, 1, 0, 0, 0, 0, 0, 0, 0x7f, 0xff, 0xff, 0xff}, {-1, 65536, 0, 2147483648.0f}},
      {0x0D, floatsBE({1.5f, -0.25f, 3e38f, 1e-40f}), {1.5f, -0.25f, 3e38f, 1e-40f}},
      {0x0E, {0x3f, 0xf8, 0, 0, 0, 0, 0, 0, 0xc0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x40, 0x59, 0, 0, 0, 0, 0, 0},
       {1.5f, -2.0f, 0.0f, 100.0f}},
  };
  for (const Case &c : cases) {
    std::string path = dir.write("t.idx", idx(c.type, {2, 2}, c.payload));
    lepton_dataset *ds = lepton_dataset_load_idx(path.c_str(), nullptr, shape, 1, 10, 0);
    ASSERT_NE(ds, nullptr) << std::hex << c.type;
    for (int i = 0; i < 4; ++i)
      EXPECT_EQ(lepton_dataset_features(ds)[i], c.expected[i]) << "type 0x" << std::hex << c.type << " #" << i;
    lepton_dataset_free(ds);
  }
}

TEST(Idx, RegressionTargetsAndFloatLabels) {
  TempDir dir;
  std::string i = dir.write("i", images(3));
  std::string l = dir.write("l", idx(0x0D, {3}, floatsBE({0.5f, -1.0f, 7.25f})));
  lepton_dataset *ds = lepton_dataset_load_idx(i.c_str(), l.c_str(), kShape4x3, 2, 0, 0);
  ASSERT_NE(ds, nullptr);
  EXPECT_EQ(lepton_dataset_labels(ds), nullptr);
  ASSERT_NE(lepton_dataset_targets(ds), nullptr);
  EXPECT_EQ(lepton_dataset_targets(ds)[2], 7.25f);
  lepton_dataset_free(ds);
  std::string msg = loadFails(i, l, l); // class labels need an integer type
  EXPECT_HAS(msg, "integer element type");
}

TEST(Idx, LimitReadsOnlyThePrefix) {
  TempDir dir;
  Bytes img = images(10);
  img.resize(img.size() - 5); // damaged after the first samples
  std::string i = dir.write("i", img), l = dir.write("l", labels(10));
  lepton_dataset *ds = lepton_dataset_load_idx(i.c_str(), l.c_str(), kShape4x3, 2, 10, 4);
  ASSERT_NE(ds, nullptr);
  EXPECT_EQ(lepton_dataset_count(ds), 4);
  lepton_dataset_free(ds);
  {
    ErrorCapture errors;
    ds = lepton_dataset_load_idx(i.c_str(), l.c_str(), kShape4x3, 2, 10, 0);
    EXPECT_EQ(ds, nullptr);
    EXPECT_EQ(errors.lastCode(), LEPTON_ERR_INPUT);
  }
  std::string good = dir.write("g", images(3)), goodL = dir.write("gl", labels(3));
  ds = lepton_dataset_load_idx(good.c_str(), goodL.c_str(), kShape4x3, 2, 10, 100); // more than there is: all
  ASSERT_NE(ds, nullptr);
  EXPECT_EQ(lepton_dataset_count(ds), 3);
  lepton_dataset_free(ds);
}

TEST(IdxErrors, MissingFileAndDirectory) {
  TempDir dir;
  std::string l = dir.write("l", labels(2));
  EXPECT_HAS(loadFails(dir.path("nope.gz"), l, dir.path("nope.gz")), "cannot open");
  EXPECT_HAS(loadFails(dir.path(""), l, "directory"), "directory");
  std::string i = dir.write("i", images(2));
  EXPECT_HAS(loadFails(i, dir.path("missing-labels"), "missing-labels"), "No such file");
}

TEST(IdxErrors, WrongMagic) {
  TempDir dir;
  Bytes bad = images(2);
  bad[1] = 0x09;
  std::string i = dir.write("i", bad), l = dir.write("l", labels(2));
  std::string msg = loadFails(i, l, i);
  EXPECT_HAS(msg, "wrong magic number 0x00090803 at byte 0");
  std::string gz = dir.write("i.gz", gzip(bad));
  EXPECT_HAS(loadFails(gz, l, gz), "at byte 0 of the decompressed data");
  std::string text = dir.write("t", std::string("hello world, not idx"));
  EXPECT_HAS(loadFails(text, l, text), "not an IDX file");
}

TEST(IdxErrors, UnknownTypeAndZeroRank) {
  TempDir dir;
  std::string l = dir.write("l", labels(2));
  Bytes bad = images(2);
  bad[2] = 0x0A;
  std::string i = dir.write("i", bad);
  EXPECT_HAS(loadFails(i, l, i), "unknown IDX element type 0x0a at byte 2");
  std::string z = dir.write("z", Bytes{0, 0, 8, 0});
  EXPECT_HAS(loadFails(z, l, z), "0 dims at byte 3");
}

TEST(IdxErrors, TruncatedHeaderAndData) {
  TempDir dir;
  std::string l = dir.write("l", labels(5));
  Bytes img = images(5);
  std::string shortHeader = dir.write("h", Bytes(img.begin(), img.begin() + 10));
  EXPECT_HAS(loadFails(shortHeader, l, shortHeader), "truncated IDX file: the data ends at byte 10, but the IDX "
                                                     "header needs 16 bytes");
  std::string empty = dir.write("e", Bytes{});
  EXPECT_HAS(loadFails(empty, l, empty), "at byte 0");
  Bytes cut(img.begin(), img.end() - 7);
  std::string raw = dir.write("raw", cut);
  std::string msg = loadFails(raw, l, raw);
  EXPECT_HAS(msg, "data ends at byte 69");
  EXPECT_HAS(msg, "5x4x3 unsigned bytes");
  EXPECT_HAS(msg, "needs 76 bytes");
  std::string gz = dir.write("gz", gzip(cut));
  EXPECT_HAS(loadFails(gz, l, gz), "data ends at byte 69 of the decompressed data");
}

TEST(IdxErrors, TruncatedAndCorruptGzip) {
  TempDir dir;
  std::string l = dir.write("l", labels(200));
  Bytes z = gzip(images(200));
  std::string cut = dir.write("cut.gz", Bytes(z.begin(), z.begin() + static_cast<long>(z.size() / 2)));
  EXPECT_HAS(loadFails(cut, l, cut), "truncated gzip stream");
  Bytes flipped = z;
  flipped[flipped.size() - 6] ^= 0xff; // inside the CRC-32 trailer
  std::string crc = dir.write("crc.gz", flipped);
  std::string msg = loadFails(crc, l, crc);
  EXPECT_HAS(msg, "corrupt gzip stream (incorrect data check)");
  EXPECT_HAS(msg, "at byte 2416 of the decompressed data");
  Bytes junk = z;
  junk.push_back('x');
  junk.push_back('y');
  std::string trailing = dir.write("junk.gz", junk);
  EXPECT_HAS(loadFails(trailing, l, trailing), "unexpected bytes after the end of the gzip stream");
}

TEST(IdxErrors, ShapeMismatch) {
  TempDir dir;
  std::string l = dir.write("l", labels(2));
  std::string i = dir.write("i", idx(0x08, {2, 3, 4}, Bytes(24)));
  std::string msg = loadFails(i, l, i);
  EXPECT_HAS(msg, "samples of shape [3, 4]");
  EXPECT_HAS(msg, "declared shape [4, 3]");
}

TEST(IdxErrors, CountMismatch) {
  TempDir dir;
  std::string i = dir.write("images.idx", images(5)), l = dir.write("labels.idx", labels(4));
  std::string msg = loadFails(i, l, "image/label count mismatch");
  EXPECT_HAS(msg, i + " has 5 samples but " + l + " has 4");
}

TEST(IdxErrors, LabelOutsideClasses) {
  TempDir dir;
  std::string i = dir.write("i", images(5));
  Bytes lab = labels(5);
  lab[8 + 3] = 10;
  std::string l = dir.write("l", lab);
  std::string msg = loadFails(i, l, l);
  EXPECT_HAS(msg, "label 10 of sample 3 at byte 11 is outside the 10 classes (0..9)");
  std::string two = dir.write("two", idx(0x08, {5, 2}, Bytes(10)));
  EXPECT_HAS(loadFails(i, two, two), "one value per sample");
}

TEST(IdxErrors, TrailingDataAndEmptyFile) {
  TempDir dir;
  Bytes img = images(2);
  img.push_back(0);
  std::string i = dir.write("i", img), l = dir.write("l", labels(2));
  EXPECT_HAS(loadFails(i, l, i), "unexpected data after the last sample at byte 40");
  std::string none = dir.write("none", idx(0x08, {0, 4, 3}, {}));
  EXPECT_HAS(loadFails(none, l, none), "no samples");
}

TEST(IdxErrors, NonFiniteFloat) {
  TempDir dir;
  const int64_t shape[] = {2};
  std::string i = dir.write("f", idx(0x0D, {2, 2}, floatsBE({1, 2, NAN, 4})));
  std::string msg = loadFails(i, "", i, shape, 1, 10);
  EXPECT_HAS(msg, "non-finite value nan in sample 1 at byte 20");
}

TEST(IdxErrors, HostileDimsDoNotAllocate) {
  TempDir dir;
  const int64_t shape[] = {65535, 65535 / 4096};
  // 4 billion samples claimed, nothing there: reported as truncation, not an allocation failure.
  std::string i = dir.write("huge", idx(0x08, {0xffffffffu, 65535, 65535 / 4096}, Bytes(100)));
  EXPECT_HAS(loadFails(i, "", i, shape, 2, 10), "truncated");
  std::string gz = dir.write("huge.gz", gzip(idx(0x08, {0xffffffffu, 65535, 65535 / 4096}, Bytes(100))));
  EXPECT_HAS(loadFails(gz, "", gz, shape, 2, 10), "truncated");
}

TEST(IdxErrors, InvalidDeclaration) {
  ErrorCapture errors;
  const int64_t bad[] = {0};
  EXPECT_EQ(lepton_dataset_load_idx("x", nullptr, bad, 1, 10, 0), nullptr);
  EXPECT_EQ(errors.lastCode(), LEPTON_ERR_INVALID);
  EXPECT_EQ(lepton_dataset_load_idx("x", nullptr, kShape28, 0, 10, 0), nullptr);
  EXPECT_EQ(lepton_dataset_load_idx("x", nullptr, kShape28, 2, -1, 0), nullptr);
  EXPECT_EQ(lepton_dataset_load_idx("x", nullptr, kShape28, 2, 10, -1), nullptr);
  EXPECT_EQ(errors.count(), 4);
}

TEST(IdxErrorsDeathTest, DefaultHandlerExitsWith2) {
  TempDir dir;
  Bytes bad = images(2);
  bad[0] = 1;
  std::string i = dir.write("i", bad);
  EXPECT_EXIT(lepton_dataset_load_idx(i.c_str(), nullptr, kShape4x3, 2, 10, 0), testing::ExitedWithCode(2),
              "error: .*/i: not an IDX file: wrong magic number 0x01000803 at byte 0");
}
