// fuzz_test.cpp — random truncations and bit flips of IDX, NPY, gzip and CSV files: an error (code 2) or a dataset,
// never a crash.
#include "test_util.h"

#include <cstdlib>
#include <gtest/gtest.h>
#include <random>

using namespace lepton::test;

namespace {

const int64_t kShape[] = {3, 2};

Bytes validImages() {
  Bytes payload;
  for (int i = 0; i < 24 * 6; ++i)
    payload.push_back(static_cast<unsigned char>(i * 7));
  return idx(0x08, {24, 3, 2}, payload);
}

Bytes validLabels() {
  Bytes payload;
  for (int i = 0; i < 24; ++i)
    payload.push_back(static_cast<unsigned char>(i % 5));
  return idx(0x08, {24}, payload);
}

/// Trials per test: 600, or $LEPTON_FUZZ_TRIALS for a longer local run.
int trials() {
  const char *env = std::getenv("LEPTON_FUZZ_TRIALS");
  return env && std::atoi(env) > 0 ? std::atoi(env) : 600;
}

Bytes mutate(Bytes data, std::mt19937 &rng) {
  int kind = static_cast<int>(rng() % 3);
  if (kind != 1 && !data.empty()) { // flip 1-4 bits
    for (int flips = 1 + static_cast<int>(rng() % 4); flips > 0; --flips)
      data[rng() % data.size()] ^= static_cast<unsigned char>(1u << (rng() % 8));
  }
  if (kind != 0) // truncate
    data.resize(rng() % (data.size() + 1));
  return data;
}

/// Loads and checks the outcome: a dataset, or exactly one code-2 error naming one of the files.
void checkOutcome(lepton_dataset *ds, const ErrorCapture &errors, const std::string &a, const std::string &b) {
  if (ds) {
    EXPECT_EQ(errors.count(), 0);
    EXPECT_GT(lepton_dataset_count(ds), 0);
    lepton_dataset_free(ds);
    return;
  }
  ASSERT_EQ(errors.count(), 1);
  EXPECT_EQ(errors.lastCode(), LEPTON_ERR_INPUT) << errors.lastMessage();
  const std::string &m = errors.lastMessage();
  EXPECT_TRUE(m.find(a) != std::string::npos || m.find(b) != std::string::npos) << m;
}

} // namespace

TEST(Fuzz, IdxRawAndGzip) {
  TempDir dir;
  std::mt19937 rng(12345);
  const Bytes images = validImages(), labels = validLabels();
  const Bytes gzImages = gzip(images), gzLabels = gzip(labels);
  for (int trial = 0, n = trials(); trial < n; ++trial) {
    bool gz = trial % 2;
    bool hitImages = rng() % 3 != 0;
    Bytes img = gz ? gzImages : images, lab = gz ? gzLabels : labels;
    (hitImages ? img : lab) = mutate(hitImages ? img : lab, rng);
    std::string i = dir.write("images", img), l = dir.write("labels", lab);
    ErrorCapture errors;
    int64_t limit = trial % 5 == 0 ? 7 : 0;
    lepton_dataset *ds = lepton_dataset_load_idx(i.c_str(), l.c_str(), kShape, 2, 5, limit);
    checkOutcome(ds, errors, i, l);
  }
}

TEST(Fuzz, Csv) {
  TempDir dir;
  std::mt19937 rng(777);
  std::string text = "a,b,\"c\",d,e,f,label\n";
  for (int r = 0; r < 20; ++r)
    text += std::to_string(r) + ",1.5,-2e3,\"4\",5,6," + std::to_string(r % 3) + "\r\n";
  const Bytes csv(text.begin(), text.end()), gz = gzip(csv);
  for (int trial = 0, n = trials(); trial < n; ++trial) {
    Bytes data = mutate(trial % 2 ? gz : csv, rng);
    std::string p = dir.write("d.csv", data);
    ErrorCapture errors;
    lepton_dataset *ds = lepton_dataset_load_csv(p.c_str(), kShape, 2, 3, 1, trial % 3 ? "label" : nullptr, 6,
                                                 trial % 4 == 0 ? LEPTON_CSV_ALLOW_MISSING : 0, 0);
    checkOutcome(ds, errors, p, p);
  }
}

TEST(Fuzz, NpyRawAndGzip) {
  TempDir dir;
  std::mt19937 rng(2024);
  std::vector<float> values;
  for (int i = 0; i < 24 * 6; ++i)
    values.push_back(static_cast<float>(i) * 0.5f);
  std::vector<int64_t> classes;
  for (int i = 0; i < 24; ++i)
    classes.push_back(i % 5);
  // Mostly header bytes get hit: the first 128 bytes are magic, version, length and the dict.
  const Bytes samples = npy(npyDict("<f4", {24, 3, 2}), littleEndian(values), 2);
  const Bytes labels = npy(npyDict("<i8", {24}), littleEndian(classes));
  const Bytes gzSamples = gzip(samples), gzLabels = gzip(labels);
  for (int trial = 0, n = trials(); trial < n; ++trial) {
    bool gz = trial % 2;
    bool hitSamples = rng() % 3 != 0;
    Bytes s = gz ? gzSamples : samples, l = gz ? gzLabels : labels;
    Bytes &hit = hitSamples ? s : l;
    if (!gz && trial % 4 == 0) { // a header-only mutation: flip bits in the first 128 bytes
      for (int flips = 1 + static_cast<int>(rng() % 3); flips > 0; --flips)
        hit[rng() % 128] ^= static_cast<unsigned char>(1u << (rng() % 8));
    } else {
      hit = mutate(hit, rng);
    }
    std::string sp = dir.write("s.npy", s), lp = dir.write("l.npy", l);
    ErrorCapture errors;
    int64_t limit = trial % 5 == 0 ? 7 : 0;
    lepton_dataset *ds = lepton_dataset_load_npy(sp.c_str(), lp.c_str(), kShape, 2, 5, 1, limit);
    checkOutcome(ds, errors, sp, lp);
  }
}
