// npy_reader_test.cpp — NumPy .npy loading: every dtype and version, gzip and raw, declared shapes, each bad file.
#include "test_util.h"

#include <cmath>
#include <gtest/gtest.h>

using namespace lepton::test;

namespace {

const int64_t kShape2x2[] = {2, 2};

/// Offsets in a version-1 file made by npy(npyDict(descr, {3, 2, 2})): the dict starts at byte 10, its 'descr'
/// value at 20, 'fortran_order' value at 44, 'shape' value at 60; the data at 128 (header padded to 64s).
constexpr int kData = 128;

/// The twelve sample values of 3 samples of 2x2, as type T (value k = a * k + b).
template <typename T> std::vector<T> values(double a, double b) {
  std::vector<T> out;
  for (int k = 0; k < 12; ++k)
    out.push_back(static_cast<T>(a * k + b));
  return out;
}

/// A 3x2x2 samples file of dtype `descr` holding `payload`.
Bytes samples(const std::string &descr, const Bytes &payload, unsigned major = 1) {
  return npy(npyDict(descr, {3, 2, 2}), payload, major);
}

Bytes labels(const std::vector<int64_t> &values, const std::vector<int64_t> &shape, unsigned major = 1) {
  return npy(npyDict("<i8", shape), littleEndian(values), major);
}

lepton_dataset *load(const std::string &s, const std::string &l, int32_t classes = 4, int64_t limit = 0,
                     const int64_t *shape = kShape2x2, int32_t rank = 2) {
  return lepton_dataset_load_npy(s.c_str(), l.empty() ? nullptr : l.c_str(), shape, rank, classes, 1, limit);
}

/// Expects a load to fail with exactly one error of code 2; returns its message.
std::string loadFails(const std::string &s, const std::string &l, int32_t classes = 4,
                      const int64_t *shape = kShape2x2, int32_t rank = 2) {
  ErrorCapture errors;
  lepton_dataset *ds = load(s, l, classes, 0, shape, rank);
  EXPECT_EQ(ds, nullptr);
  lepton_dataset_free(ds);
  EXPECT_EQ(errors.count(), 1);
  EXPECT_EQ(errors.lastCode(), LEPTON_ERR_INPUT);
  return errors.lastMessage();
}

/// A samples file of the dict `dict` (version 1) and 48 bytes of f32 data, expected to fail; returns the message.
std::string headerFails(const TempDir &dir, const std::string &dict) {
  std::string p = dir.write("h.npy", npy(dict, littleEndian(values<float>(1, 0))));
  return loadFails(p, "");
}

} // namespace

TEST(Npy, EveryDtypeEveryVersionRawAndGzip) {
  TempDir dir;
  struct Case {
    const char *descr;
    Bytes payload;
    std::vector<float> expected;
  };
  const std::vector<Case> cases = {
      {"<f4", littleEndian(values<float>(0.5, -2)), values<float>(0.5, -2)},
      {"<f8", littleEndian(values<double>(0.25, -1)), values<float>(0.25, -1)},
      {"|u1", littleEndian(values<uint8_t>(21, 3)), values<float>(21, 3)},
      {"<u1", littleEndian(values<uint8_t>(1, 250 - 11)), values<float>(1, 239)},
      {"<i4", littleEndian(values<int32_t>(1000, -5000)), values<float>(1000, -5000)},
      {"<i8", littleEndian(values<int64_t>(-7, -3e12)), values<float>(-7, -3e12)},
  };
  for (unsigned major = 1; major <= 3; ++major)
    for (const Case &c : cases)
      for (bool compressed : {false, true}) {
        SCOPED_TRACE(std::string(c.descr) + " version " + std::to_string(major) + (compressed ? " gzip" : " raw"));
        Bytes s = samples(c.descr, c.payload, major), l = labels({2, 0, 3}, {3}, major);
        std::string sp = dir.write("s.npy", compressed ? gzip(s) : s);
        std::string lp = dir.write("l.npy", compressed ? gzip(l) : l);
        lepton_dataset *ds = load(sp, lp);
        ASSERT_NE(ds, nullptr);
        ASSERT_EQ(lepton_dataset_count(ds), 3);
        EXPECT_EQ(std::vector<float>(lepton_dataset_features(ds), lepton_dataset_features(ds) + 12), c.expected);
        EXPECT_EQ(std::vector<int32_t>(lepton_dataset_labels(ds), lepton_dataset_labels(ds) + 3),
                  (std::vector<int32_t>{2, 0, 3}));
        lepton_dataset_free(ds);
      }
}

TEST(Npy, LabelsOfShapeN1AndEveryIntegerDtype) {
  TempDir dir;
  std::string sp = dir.write("s.npy", samples("<f4", littleEndian(values<float>(1, 0))));
  const std::vector<std::pair<std::string, Bytes>> files = {
      {"|u1", littleEndian(std::vector<uint8_t>{3, 1, 0})},
      {"<i4", littleEndian(std::vector<int32_t>{3, 1, 0})},
      {"<i8", littleEndian(std::vector<int64_t>{3, 1, 0})}};
  for (const auto &[descr, payload] : files)
    for (const std::vector<int64_t> &shape : {std::vector<int64_t>{3}, std::vector<int64_t>{3, 1}}) {
      SCOPED_TRACE(descr + " rank " + std::to_string(shape.size()));
      std::string lp = dir.write("l.npy", npy(npyDict(descr, shape), payload));
      lepton_dataset *ds = load(sp, lp);
      ASSERT_NE(ds, nullptr);
      EXPECT_EQ(std::vector<int32_t>(lepton_dataset_labels(ds), lepton_dataset_labels(ds) + 3),
                (std::vector<int32_t>{3, 1, 0}));
      lepton_dataset_free(ds);
    }
}

TEST(Npy, RegressionTargetsFromAnyDtype) {
  TempDir dir;
  std::string sp = dir.write("s.npy", samples("<f4", littleEndian(values<float>(1, 0))));
  std::string lp = dir.write("t.npy", npy(npyDict("<f8", {3, 1}), littleEndian(std::vector<double>{1.5, -2.25, 1e3})));
  lepton_dataset *ds = load(sp, lp, 0);
  ASSERT_NE(ds, nullptr);
  EXPECT_EQ(lepton_dataset_labels(ds), nullptr);
  EXPECT_EQ(std::vector<float>(lepton_dataset_targets(ds), lepton_dataset_targets(ds) + 3),
            (std::vector<float>{1.5f, -2.25f, 1000.0f}));
  lepton_dataset_free(ds);
  std::string up = dir.write("u.npy", npy(npyDict("|u1", {3}), Bytes{7, 0, 255}));
  ds = load(sp, up, 0);
  ASSERT_NE(ds, nullptr);
  EXPECT_EQ(std::vector<float>(lepton_dataset_targets(ds), lepton_dataset_targets(ds) + 3),
            (std::vector<float>{7, 0, 255}));
  lepton_dataset_free(ds);
}

TEST(Npy, NoLabelsAndLimit) {
  TempDir dir;
  // With a limit the rest of the file is not read: a trailing byte is no error then.
  Bytes s = samples("<f4", littleEndian(values<float>(1, 0)));
  s.push_back(0);
  std::string sp = dir.write("s.npy", s);
  lepton_dataset *ds = load(sp, "", 4, 2);
  ASSERT_NE(ds, nullptr);
  EXPECT_EQ(lepton_dataset_count(ds), 2);
  EXPECT_EQ(lepton_dataset_has_labels(ds), 0);
  EXPECT_EQ(lepton_dataset_features(ds)[7], 7.0f);
  lepton_dataset_free(ds);
}

TEST(Npy, DeclaredShapeMatchesOnceDimsOfOneAreDropped) {
  TempDir dir;
  std::string sp = dir.write("s.npy", samples("<f4", littleEndian(values<float>(1, 0))));
  const int64_t chw[] = {1, 2, 2}, hwc[] = {2, 2, 1};
  for (const int64_t *shape : {chw, hwc}) {
    lepton_dataset *ds = load(sp, "", 4, 0, shape, 3);
    ASSERT_NE(ds, nullptr);
    EXPECT_EQ(lepton_dataset_sample_size(ds), 4);
    lepton_dataset_free(ds);
  }
  // A column of scalars (N,) is samples of shape [1].
  const int64_t one[] = {1};
  std::string cp = dir.write("c.npy", npy(npyDict("<f4", {3}), littleEndian(std::vector<float>{1, 2, 3})));
  lepton_dataset *ds = load(cp, "", 4, 0, one, 1);
  ASSERT_NE(ds, nullptr);
  EXPECT_EQ(lepton_dataset_features(ds)[2], 3.0f);
  lepton_dataset_free(ds);
  // A flattened file does not match a 2-D declaration (nor the reverse).
  const int64_t flat[] = {4};
  EXPECT_EQ(loadFails(sp, "", 4, flat, 1),
            sp + ": samples of shape [2, 2] (NPY header 'shape' (3, 2, 2) at byte 60) do not match the dataset's "
                 "declared shape [4]");
}

TEST(Npy, PredictInputBySuffix) {
  TempDir dir;
  ErrorCapture errors; // an IDX reading would fail here (and exit under the default handler)
  Bytes s = samples("<i4", littleEndian(values<int32_t>(2, 1)));
  for (const char *name : {"in.npy", "in.npy.gz"}) {
    std::string p = dir.write(name, std::string(name).size() > 6 ? gzip(s) : s);
    lepton_dataset *ds = lepton_dataset_load_samples(p.c_str(), kShape2x2, 2);
    ASSERT_NE(ds, nullptr) << name;
    EXPECT_EQ(lepton_dataset_count(ds), 3);
    EXPECT_EQ(lepton_dataset_features(ds)[11], 23.0f);
    EXPECT_EQ(lepton_dataset_has_labels(ds), 0);
    lepton_dataset_free(ds);
  }
  EXPECT_EQ(errors.count(), 0) << errors.lastMessage();
}

TEST(NpyErrors, MagicVersionAndHeaderLength) {
  TempDir dir;
  std::string p = dir.write("zip.npy", std::string("PK\x03\x04hello"));
  EXPECT_EQ(loadFails(p, ""), p + ": not an NPY file: wrong magic 'PK\\x03\\x04he' at byte 0 (expected "
                                  "'\\x93NUMPY')");
  Bytes v4 = samples("<f4", littleEndian(values<float>(1, 0)));
  v4[6] = 4;
  p = dir.write("v4.npy", v4);
  EXPECT_EQ(loadFails(p, ""), p + ": unsupported NPY format version 4.0 at byte 6 (supported: 1.0, 2.0, 3.0)");
  v4[6] = 1, v4[7] = 1;
  p = dir.write("v11.npy", v4);
  EXPECT_EQ(loadFails(p, ""), p + ": unsupported NPY format version 1.1 at byte 6 (supported: 1.0, 2.0, 3.0)");
  p = dir.write("short.npy", Bytes{0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 100, 0, '{', '\'', 'd'});
  EXPECT_EQ(loadFails(p, ""), p + ": truncated NPY file: the data ends at byte 13, but the header needs 110 bytes");
  p = dir.write("huge.npy", Bytes{0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, 0xff, 0xff, 0xff, 0x7f, '{'});
  EXPECT_EQ(loadFails(p, ""), p + ": NPY header length 2147483647 at byte 8 is too large (at most 1048576 bytes)");
}

TEST(NpyErrors, MalformedHeaderDict) {
  TempDir dir;
  std::string p = dir.path("h.npy");
  const std::string bad = p + ": malformed NPY header at byte ";
  EXPECT_EQ(headerFails(dir, "['descr', '<f4']"),
            bad + "10: expected '{' (the header is a Python dict), found '['");
  EXPECT_EQ(headerFails(dir, "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2, 2), 'extra': 1}"),
            bad + "71: unknown key 'extra' (an .npy header has 'descr', 'fortran_order' and 'shape')");
  EXPECT_EQ(headerFails(dir, "{'descr': '<f4', 'fortran_order': False}"),
            bad + "10: the header dict has no 'shape' key");
  EXPECT_EQ(headerFails(dir, "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (3, 2, 2)}"),
            bad + "27: key 'descr' given twice");
  EXPECT_EQ(headerFails(dir, "{'descr': '<f4', 'fortran_order': False, 'shape': (3, -2), }"),
            bad + "64: expected a dim (a non-negative integer), found '-'");
  EXPECT_EQ(headerFails(dir, "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2 2), }"),
            bad + "66: expected ',' or ')', found '2'");
  EXPECT_EQ(headerFails(dir, "{'descr': '<f4"),
            bad + "20: a string that is not closed on its line (or uses a backslash escape)");
  EXPECT_EQ(headerFails(dir, "{'descr': '<f4', 'fortran_order': Maybe, 'shape': (3, 2, 2), }"),
            bad + "44: expected True or False as 'fortran_order', found 'M'");
  EXPECT_EQ(headerFails(dir, "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2, 2), } x"),
            bad + "73: expected the end of the header, found 'x'");
  EXPECT_EQ(headerFails(dir, "{'descr': '<f4' 'fortran_order': False, 'shape': (3, 2, 2)}"),
            bad + "26: expected ',' or '}', found '''");
  EXPECT_EQ(headerFails(dir, "{'descr': [('x', '<f4')], 'fortran_order': False, 'shape': (3, 2, 2), }"),
            bad + "20: structured dtypes (a list as 'descr') are not supported");
  EXPECT_EQ(headerFails(dir, "{'descr': '<f4', 'fortran_order': False, 'shape': 3, }"),
            bad + "60: expected a tuple of dims as 'shape', found '3'");
  // Dims that would overflow: each is below 2^62, and so is the data they describe.
  EXPECT_EQ(headerFails(dir, "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999, 2, 2), }"),
            bad + "61: a dim of 2^62 or more");
  EXPECT_EQ(headerFails(dir, npyDict("<f4", {(int64_t(1) << 62) - 1, 2, 2})),
            p + ": the NPY header's shape (4611686018427387903, 2, 2), dtype '<f4' at byte 60 describes more than "
                "2^62 bytes of data");
}

TEST(NpyErrors, RefusedDtypesAndOrder) {
  TempDir dir;
  std::string p = dir.path("h.npy");
  EXPECT_EQ(headerFails(dir, npyDict(">f4", {3, 2, 2})),
            p + ": big-endian dtype '>f4' at byte 20 is not supported (little-endian '<' only; save with "
                "arr.astype(arr.dtype.newbyteorder('<')))");
  EXPECT_EQ(headerFails(dir, npyDict("|O", {3, 2, 2})),
            p + ": object arrays (dtype '|O') at byte 20 are not supported: the data must be numbers");
  for (const char *descr : {"<f2", "<u4", "|f4", "<c8", "|b1", "<U3"})
    EXPECT_EQ(headerFails(dir, npyDict(descr, {3, 2, 2})),
              p + ": unsupported dtype '" + descr + "' at byte 20 (supported: '<f4', '<f8', '|u1', '<i4', '<i8')");
  EXPECT_EQ(headerFails(dir, npyDict("<f4", {3, 2, 2}, true)),
            p + ": Fortran-order (column-major) arrays are not supported ('fortran_order': True at byte 44); save a "
                "C-order array (np.ascontiguousarray)");
  EXPECT_EQ(headerFails(dir, "{'descr': '<f4', 'fortran_order': False, 'shape': (), }"),
            p + ": the array is a scalar (shape () at byte 60); samples need shape (N, ...)");
  EXPECT_EQ(headerFails(dir, npyDict("<f4", {0, 2, 2})),
            p + ": the file holds no samples (shape (0, 2, 2) at byte 60)");
}

TEST(NpyErrors, DataSizeDisagreesWithHeader) {
  TempDir dir;
  Bytes full = samples("<f4", littleEndian(values<float>(1, 0)));
  Bytes cut(full.begin(), full.end() - 8);
  std::string p = dir.write("cut.npy", cut);
  EXPECT_EQ(loadFails(p, ""), p + ": truncated NPY file: the data ends at byte 168, but the header (shape (3, 2, 2), "
                                  "dtype '<f4') needs 176 bytes");
  p = dir.write("cut.npy.gz", gzip(cut));
  EXPECT_EQ(loadFails(p, ""), p + ": truncated NPY file: the data ends at byte 168 of the decompressed data, but the "
                                  "header (shape (3, 2, 2), dtype '<f4') needs 176 bytes");
  Bytes longer = full;
  longer.insert(longer.end(), {1, 2, 3, 4});
  p = dir.write("long.npy", longer);
  EXPECT_EQ(loadFails(p, ""), p + ": unexpected data after the last sample at byte 176 (the header's shape (3, 2, 2), "
                                  "dtype '<f4' accounts for 176 bytes)");
  p = dir.write("long.npy.gz", gzip(longer));
  EXPECT_EQ(loadFails(p, ""), p + ": unexpected data after the last sample at byte 176 of the decompressed data (the "
                                  "header's shape (3, 2, 2), dtype '<f4' accounts for 176 bytes)");
}

TEST(NpyErrors, NonFiniteValues) {
  TempDir dir;
  std::vector<float> v = values<float>(1, 0);
  v[6] = NAN;
  std::string p = dir.write("nan.npy", samples("<f4", littleEndian(v)));
  EXPECT_EQ(loadFails(p, ""), p + ": value nan of sample 1 at byte " + std::to_string(kData + 24) +
                                  " is not a finite f32");
  std::vector<double> d = values<double>(1, 0);
  d[0] = 1e300;
  p = dir.write("big.npy", samples("<f8", littleEndian(d)));
  EXPECT_EQ(loadFails(p, ""), p + ": value 1e+300 of sample 0 at byte 128 is not a finite f32");
}

TEST(NpyErrors, LabelsFile) {
  TempDir dir;
  std::string sp = dir.write("s.npy", samples("<f4", littleEndian(values<float>(1, 0))));
  std::string lp = dir.write("two.npy", labels({0, 1}, {2}));
  EXPECT_EQ(loadFails(sp, lp), "sample/label count mismatch: " + sp + " has 3 samples but " + lp +
                                   " has 2 labels (first dim of each NPY header's 'shape', bytes 60 and 60)");
  lp = dir.write("range.npy", labels({0, 4, 1}, {3}));
  EXPECT_EQ(loadFails(sp, lp), lp + ": label 4 of sample 1 at byte 136 is outside the 4 classes (0..3)");
  lp = dir.write("neg.npy", labels({0, 1, -1}, {3}));
  EXPECT_EQ(loadFails(sp, lp), lp + ": label -1 of sample 2 at byte 144 is outside the 4 classes (0..3)");
  lp = dir.write("float.npy", npy(npyDict("<f4", {3}), littleEndian(std::vector<float>{0, 1, 2})));
  EXPECT_EQ(loadFails(sp, lp), lp + ": class labels need an integer dtype ('|u1', '<i4', '<i8'), found '<f4' at "
                                    "byte 20");
  lp = dir.write("wide.npy", labels({0, 1, 2, 3, 0, 1}, {3, 2}));
  EXPECT_EQ(loadFails(sp, lp), lp + ": a labels file has one value per sample (shape (N,) or (N, 1)), but its shape "
                                    "is (3, 2) at byte 60");
  lp = dir.write("inf.npy", npy(npyDict("<f4", {3}), littleEndian(std::vector<float>{INFINITY, 1, 2})));
  EXPECT_EQ(loadFails(sp, lp, 0), lp + ": target inf of sample 0 at byte 128 is not a finite f32");
  lp = dir.write("bad.npy", std::string("not numpy"));
  EXPECT_EQ(loadFails(sp, lp), lp + ": not an NPY file: wrong magic 'not nu' at byte 0 (expected '\\x93NUMPY')");
}

TEST(NpyErrors, MissingFileAndBadArguments) {
  TempDir dir;
  std::string p = dir.path("absent.npy");
  EXPECT_EQ(loadFails(p, ""), p + ": cannot open: No such file or directory");
  ErrorCapture errors;
  std::string sp = dir.write("s.npy", samples("<f4", littleEndian(values<float>(1, 0))));
  EXPECT_EQ(load(sp, "", 4, -1), nullptr);
  EXPECT_EQ(errors.lastCode(), LEPTON_ERR_INVALID);
  EXPECT_EQ(errors.lastMessage(), "lepton_dataset_load_npy: negative limit -1");
}
