// byte_samples_test.cpp — IDX byte images stay bytes in memory and reach the batch as exact floats.
// Mutations seen failing: the vector conversion's high half taken from the low bytes (baseline and AVX2); slice/split copying
// floats from a byte dataset; the reader converting bytes to floats again (StoredAsBytes); the adopted buffer's
// samples taken from its start, not past the header (KeptWhereDecompressed); the byte gather copying each batch
// row from sample j instead of order[j] (GatheredAsBytes).
#include "byte_stream.h"
#include "dataset.h"
#include "test_util.h"

#include <gtest/gtest.h>
#include <vector>

using namespace lepton::test;

namespace {
using Kernel = void (*)(const uint8_t *, float *, int64_t);

/// Every byte value, every tail length, aligned and unaligned sources, nothing written past n.
void expectExactConversion(Kernel convert, const char *name) {
  std::vector<uint8_t> in(256 + 48);
  for (size_t i = 0; i < in.size(); ++i)
    in[i] = static_cast<uint8_t>(255 - i * 7);
  for (int64_t start : {0, 1})
    for (int64_t n = 0; n <= 256 + 40; ++n) {
      std::vector<float> out(static_cast<size_t>(n) + 1, -1.0f);
      convert(in.data() + start, out.data(), n);
      for (int64_t k = 0; k < n; ++k)
        ASSERT_EQ(out[k], static_cast<float>(in[start + k])) << name << ": n " << n << " k " << k;
      EXPECT_EQ(out[n], -1.0f) << name << " wrote past n = " << n;
    }
}
} // namespace

TEST(BytesToFloats, EveryByteValueAndEveryTailLength) {
  expectExactConversion(lepton::rt::bytesToFloats, "dispatched");
  expectExactConversion(lepton::rt::bytesToFloatsBaseline, "baseline");
#ifdef LEPTON_X86_64_KERNELS
  if (lepton::rt::cpuHasAvx2())
    expectExactConversion(lepton::rt::bytesToFloatsAvx2, "avx2");
#endif
}

namespace {
const int64_t kShape[] = {5, 7}; // 35 bytes a sample: two vectors of 16 and a tail of 3

/// n samples of 5x7 bytes; sample i, position k holds (i * 37 + k * 11) mod 256.
uint8_t pixel(int64_t i, int64_t k) { return static_cast<uint8_t>((i * 37 + k * 11) % 256); }

lepton_dataset *load(TempDir &dir, uint32_t n, int64_t limit = 0) {
  Bytes payload, labels;
  for (uint32_t i = 0; i < n; ++i) {
    for (int k = 0; k < 35; ++k)
      payload.push_back(pixel(i, k));
    labels.push_back(static_cast<unsigned char>(i % 3));
  }
  std::string images = dir.write("i.gz", gzip(idx(0x08, {n, 5, 7}, payload)));
  std::string labelsPath = dir.write("l", idx(0x08, {n}, labels));
  return lepton_dataset_load_idx(images.c_str(), labelsPath.c_str(), kShape, 2, 3, limit);
}

void expectGathered(const lepton_dataset *ds, const std::vector<int64_t> &order, const std::vector<int64_t> &ids) {
  std::vector<float> x(order.size() * 35);
  std::vector<int32_t> y(order.size());
  ASSERT_EQ(lepton_dataset_gather(ds, order.data(), 0, static_cast<int64_t>(order.size()), x.data(), y.data()),
            LEPTON_OK);
  for (size_t j = 0; j < order.size(); ++j) {
    EXPECT_EQ(y[j], ids[j] % 3);
    for (int k = 0; k < 35; ++k)
      ASSERT_EQ(x[j * 35 + k], static_cast<float>(pixel(ids[j], k))) << "row " << j << " k " << k;
  }
}
} // namespace

TEST(ByteSamples, StoredAsBytesGatheredAsFloats) {
  TempDir dir;
  lepton_dataset *ds = load(dir, 9);
  ASSERT_NE(ds, nullptr);
  EXPECT_NE(ds->bytes, nullptr); // a quarter of the memory of floats
  EXPECT_EQ(ds->features, nullptr);
  expectGathered(ds, {8, 0, 3, 3}, {8, 0, 3, 3});
  lepton_dataset_free(ds);
}

TEST(ByteSamples, GatheredAsBytes) {
  // The batch as stored (generated code converts it in its preprocessing pass), in `order`, with labels.
  TempDir dir;
  lepton_dataset *ds = load(dir, 9);
  ASSERT_NE(ds, nullptr);
  EXPECT_EQ(lepton_dataset_stores_bytes(ds), 1);
  const std::vector<int64_t> order = {8, 0, 3, 3, 5};
  std::vector<uint8_t> bytes(3 * 35, 0xAB);
  std::vector<int32_t> labels(3, -1);
  ASSERT_EQ(lepton_dataset_gather_bytes(ds, order.data(), 1, 3, bytes.data(), labels.data()), LEPTON_OK);
  for (int j = 0; j < 3; ++j) {
    EXPECT_EQ(labels[j], order[1 + j] % 3);
    for (int k = 0; k < 35; ++k)
      ASSERT_EQ(bytes[j * 35 + k], pixel(order[1 + j], k)) << "row " << j << " k " << k;
  }
  EXPECT_EQ(lepton_dataset_gather_bytes(ds, nullptr, 7, 2, bytes.data(), nullptr), LEPTON_OK);
  EXPECT_EQ(bytes[35 + 34], pixel(8, 34));
  // Floats are not bytes: refused, and said so.
  const float features[2] = {1.0f, 2.0f};
  const int32_t classes[1] = {0};
  const int64_t shape[] = {2};
  lepton_dataset *floats = lepton_dataset_from_arrays(features, classes, 1, shape, 1, 1);
  ASSERT_NE(floats, nullptr);
  EXPECT_EQ(lepton_dataset_stores_bytes(floats), 0);
  EXPECT_EQ(lepton_dataset_stores_bytes(nullptr), 0);
  ErrorCapture errors;
  EXPECT_EQ(lepton_dataset_gather_bytes(floats, nullptr, 0, 1, bytes.data(), nullptr), LEPTON_ERR_INVALID);
  EXPECT_EQ(errors.lastMessage(), "lepton_dataset_gather_bytes: the dataset stores floats, not bytes");
  EXPECT_EQ(lepton_dataset_gather_bytes(ds, nullptr, 8, 2, bytes.data(), nullptr), LEPTON_ERR_INVALID);
  lepton_dataset_free(floats);
  lepton_dataset_free(ds);
}

TEST(ByteSamples, KeptWhereDecompressed) {
  // A gzip file inflated whole keeps its buffer: the samples start past the 16-byte header, and the dataset
  // frees the buffer, not the samples' address (the sanitized runtime build checks the free). Loading fewer
  // rows than the file holds reads a copy.
  TempDir dir;
  lepton_dataset *ds = load(dir, 9);
  ASSERT_NE(ds, nullptr);
  if (lepton::rt::ByteStream::libdeflateAvailable()) {
    ASSERT_NE(ds->bytesBlock, nullptr);
    EXPECT_EQ(ds->bytes, static_cast<uint8_t *>(ds->bytesBlock) + 16);
  }
  expectGathered(ds, {8, 0, 5}, {8, 0, 5});
  lepton_dataset *first4 = load(dir, 9, 4);
  ASSERT_NE(first4, nullptr);
  EXPECT_EQ(first4->bytesBlock, nullptr);
  EXPECT_EQ(lepton_dataset_count(first4), 4);
  expectGathered(first4, {3, 0}, {3, 0});
  // Converting to floats frees the buffer the bytes live in.
  const float *all = lepton_dataset_features(ds);
  ASSERT_NE(all, nullptr);
  EXPECT_EQ(ds->bytesBlock, nullptr);
  EXPECT_EQ(all[8 * 35 + 34], static_cast<float>(pixel(8, 34)));
  lepton_dataset_free(first4);
  lepton_dataset_free(ds);
}

TEST(ByteSamples, SliceSplitAndStatisticsSeeTheSameValues) {
  TempDir dir;
  lepton_dataset *ds = load(dir, 9);
  ASSERT_NE(ds, nullptr);
  lepton_dataset *tail = lepton_dataset_slice(ds, 6, 3);
  ASSERT_NE(tail, nullptr);
  expectGathered(tail, {0, 2}, {6, 8});
  lepton_dataset *valid = lepton_dataset_split(ds, 1.0 / 3, 5, 1), *train = lepton_dataset_split(ds, 1.0 / 3, 5, 0);
  ASSERT_NE(valid, nullptr);
  ASSERT_NE(train, nullptr);
  EXPECT_EQ(lepton_dataset_count(valid) + lepton_dataset_count(train), 9);
  // Every split row is one of the originals, labels with it.
  std::vector<float> x(35);
  std::vector<int32_t> y(1);
  for (lepton_dataset *part : {valid, train})
    for (int64_t r = 0; r < lepton_dataset_count(part); ++r) {
      ASSERT_EQ(lepton_dataset_gather(part, nullptr, r, 1, x.data(), y.data()), LEPTON_OK);
      int64_t id = -1;
      for (int64_t i = 0; i < 9; ++i)
        if (x[1] == pixel(i, 1) && x[34] == pixel(i, 34))
          id = i;
      ASSERT_GE(id, 0);
      expectGathered(part, {r}, {id});
    }
  std::vector<float> lo(35), hi(35);
  ASSERT_EQ(lepton_dataset_feature_stats(ds, nullptr, nullptr, lo.data(), hi.data()), LEPTON_OK);
  EXPECT_EQ(lo[0], 0.0f);                         // sample 0, position 0
  EXPECT_EQ(hi[0], static_cast<float>(pixel(6, 0))); // 222, the largest i * 37 mod 256 for i < 9
  EXPECT_EQ(lepton_dataset_drop_missing(ds), 0); // bytes are never missing
  // The all-floats view converts on request, and the gather still agrees with it.
  const float *all = lepton_dataset_features(ds);
  ASSERT_NE(all, nullptr);
  EXPECT_EQ(all[4 * 35 + 17], static_cast<float>(pixel(4, 17)));
  expectGathered(ds, {4}, {4});
  for (lepton_dataset *d : {tail, valid, train, ds})
    lepton_dataset_free(d);
}
