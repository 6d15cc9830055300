// checkpoint_test.cpp — checkpoint round trip, deterministic bytes, atomic replacement and refused loads.
#include "test_util.h"

#include <csignal>
#include <cstring>
#include <dirent.h>
#include <fstream>
#include <gtest/gtest.h>
#include <iterator>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace lepton::test;

namespace {

const char *kSig = "fashion_mlp:mlp:f32[784]>dense(128,relu)>dense(64,relu)>dense(10)";

#define EXPECT_HAS(text, part) EXPECT_NE((text).find(part), std::string::npos) << (text)

/// A small model: w [2, 3] and b [3] (plus an optional big tensor to make files large).
struct Model {
  std::vector<float> w{1.5f, -2, 3, 4, 5, 6.25f}, b{0.1f, 0.2f, 0.3f}, big;
  lepton_tensor_set *set;
  explicit Model(const char *sig = kSig, int64_t bigCount = 0, const char *bName = "dense0.b") {
    set = lepton_tensor_set_create(sig);
    int64_t wd[] = {2, 3}, bd[] = {3}, gd[] = {bigCount};
    lepton_tensor_set_add(set, "dense0.w", w.data(), 2, wd);
    lepton_tensor_set_add(set, bName, b.data(), 1, bd);
    if (bigCount) {
      big.assign(static_cast<size_t>(bigCount), 0.5f);
      lepton_tensor_set_add(set, "big", big.data(), 1, gd);
    }
  }
  ~Model() { lepton_tensor_set_free(set); }
};

Bytes readAll(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), {});
}

int fileCount(const std::string &dir) {
  int n = 0;
  if (DIR *d = opendir(dir.c_str())) {
    while (dirent *e = readdir(d))
      n += e->d_name[0] != '.';
    closedir(d);
  }
  return n;
}

/// Saves under RLIMIT_FSIZE = `bytes` (call in a child process only).
int32_t saveWithSizeLimit(const lepton_tensor_set *s, const std::string &path, rlim_t bytes) {
  rlimit limit{bytes, bytes};
  setrlimit(RLIMIT_FSIZE, &limit);
  return lepton_checkpoint_save(s, path.c_str());
}

/// Fills every registered buffer with a sentinel no saved Model holds, so that a load which
/// writes any of them — even with the very values it started with — is visible.
void fillWithSentinels(std::vector<float> &v, float first) {
  for (size_t i = 0; i < v.size(); ++i)
    v[i] = first - static_cast<float>(i);
}

/// Loads `path` into a Model holding sentinels, expecting code 2; returns the message. The
/// registered buffers are written only after all checks pass, so both must keep their sentinels
/// (mutation run: checkpoint.cpp copying each tensor as soon as its own name and shape match
/// fails the tensor-name case below; one copying before the checksum fails every case).
std::string loadFails(const std::string &path, const char *sig = kSig, const char *bName = "dense0.b") {
  ErrorCapture errors;
  Model m(sig, 0, bName);
  fillWithSentinels(m.w, -101.0f);
  fillWithSentinels(m.b, -201.0f);
  const std::vector<float> w = m.w, b = m.b;
  EXPECT_EQ(lepton_checkpoint_load(m.set, path.c_str()), LEPTON_ERR_INPUT);
  EXPECT_EQ(errors.count(), 1);
  EXPECT_EQ(m.w, w); // untouched
  EXPECT_EQ(m.b, b);
  return errors.lastMessage();
}

} // namespace

TEST(Checkpoint, RoundTripAndFormat) {
  TempDir dir;
  std::string path = dir.path("m.ckpt");
  Model saved;
  EXPECT_EQ(lepton_tensor_set_count(saved.set), 2);
  EXPECT_EQ(lepton_tensor_set_elements(saved.set), 9);
  ASSERT_EQ(lepton_checkpoint_save(saved.set, path.c_str()), LEPTON_OK);
  Bytes bytes = readAll(path);
  size_t sigLen = std::strlen(kSig);
  // magic 8 + version 4 + signature 4+len + count 4 + w (4+8 name, 4 rank, 16 dims, 24 data)
  // + b (4+8, 4, 8, 12) + crc 4
  ASSERT_EQ(bytes.size(), 8 + 4 + 4 + sigLen + 4 + (12 + 4 + 16 + 24) + (12 + 4 + 8 + 12) + 4);
  EXPECT_EQ(std::string(bytes.begin(), bytes.begin() + 8), "LEPTCKPT");
  EXPECT_EQ(bytes[8], 1);
  EXPECT_EQ(std::string(bytes.begin() + 16, bytes.begin() + 16 + sigLen), kSig);
  EXPECT_EQ(fileCount(dir.path("")), 1); // no temporary file left

  Model loaded;
  std::fill(loaded.w.begin(), loaded.w.end(), 0.f);
  std::fill(loaded.b.begin(), loaded.b.end(), 0.f);
  ASSERT_EQ(lepton_checkpoint_load(loaded.set, path.c_str()), LEPTON_OK);
  EXPECT_EQ(loaded.w, saved.w);
  EXPECT_EQ(loaded.b, saved.b);
}

TEST(Checkpoint, IdenticalContentIdenticalBytes) {
  TempDir dir;
  Model a, b;
  ASSERT_EQ(lepton_checkpoint_save(a.set, dir.path("a").c_str()), LEPTON_OK);
  ASSERT_EQ(lepton_checkpoint_save(b.set, dir.path("b").c_str()), LEPTON_OK);
  EXPECT_EQ(readAll(dir.path("a")), readAll(dir.path("b")));
  ASSERT_EQ(lepton_checkpoint_save(a.set, dir.path("a").c_str()), LEPTON_OK); // overwrite in place
  EXPECT_EQ(readAll(dir.path("a")), readAll(dir.path("b")));
}

TEST(Checkpoint, ParentIsARegularFile) {
  TempDir dir;
  std::string file = dir.write("file", std::string("x"));
  ErrorCapture errors;
  Model m;
  EXPECT_EQ(lepton_checkpoint_save(m.set, (file + "/m.ckpt").c_str()), LEPTON_ERR_OUTPUT);
  EXPECT_EQ(errors.lastCode(), LEPTON_ERR_OUTPUT);
  EXPECT_HAS(errors.lastMessage(), "cannot write checkpoint '" + file + "/m.ckpt'");
  EXPECT_HAS(errors.lastMessage(), "Not a directory");
}

TEST(Checkpoint, FailedRenameKeepsNoTemporaryFile) {
  TempDir dir;
  std::string sub = dir.path("sub");
  ASSERT_EQ(mkdir(sub.c_str(), 0755), 0);
  std::string target = sub + "/target";
  ASSERT_EQ(mkdir(target.c_str(), 0755), 0); // renaming a file over a directory fails
  ErrorCapture errors;
  Model m;
  EXPECT_EQ(lepton_checkpoint_save(m.set, target.c_str()), LEPTON_ERR_OUTPUT);
  EXPECT_EQ(fileCount(sub), 1);
  rmdir(target.c_str());
  rmdir(sub.c_str());
}

TEST(CheckpointDeathTest, FileSizeLimitExits4AndKeepsTheEarlierCheckpoint) {
  TempDir dir;
  std::string path = dir.path("m.ckpt");
  Model small;
  ASSERT_EQ(lepton_checkpoint_save(small.set, path.c_str()), LEPTON_OK);
  Bytes before = readAll(path);
  Model large(kSig, 100000); // 400 KB, over the 64 KiB limit; SIGXFSZ left at its default (kill) on purpose
  EXPECT_EXIT(saveWithSizeLimit(large.set, path, 65536), testing::ExitedWithCode(4), "^error: cannot write checkpoint '.*m\\.ckpt': File too large\n$");
  EXPECT_EQ(readAll(path), before);
  EXPECT_EQ(fileCount(dir.path("")), 1); // the child removed its temporary file
}

TEST(Checkpoint, FileSizeLimitReturns4WithSigxfszIgnored) {
  TempDir dir;
  std::string path = dir.path("m.ckpt");
  Model small, large(kSig, 100000);
  ASSERT_EQ(lepton_checkpoint_save(small.set, path.c_str()), LEPTON_OK);
  Bytes before = readAll(path);
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    signal(SIGXFSZ, SIG_IGN);
    ErrorCapture errors;
    int32_t rc = saveWithSizeLimit(large.set, path, 65536);
    bool stillIgnored = signal(SIGXFSZ, SIG_IGN) == SIG_IGN; // the disposition was restored
    _exit(rc == LEPTON_ERR_OUTPUT && errors.count() == 1 && stillIgnored ? 40 : 1);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 40);
  EXPECT_EQ(readAll(path), before);
  EXPECT_EQ(fileCount(dir.path("")), 1);
}

TEST(Checkpoint, SaveRestoresTheSigxfszDisposition) {
  TempDir dir;
  Model m;
  struct sigaction before {}, after {};
  sigaction(SIGXFSZ, nullptr, &before);
  ASSERT_EQ(lepton_checkpoint_save(m.set, dir.path("m").c_str()), LEPTON_OK);
  sigaction(SIGXFSZ, nullptr, &after);
  EXPECT_EQ(before.sa_handler, after.sa_handler);
}

TEST(CheckpointErrors, MissingEmptyAndWrongMagic) {
  TempDir dir;
  EXPECT_HAS(loadFails(dir.path("none.ckpt")), "cannot read checkpoint '" + dir.path("none.ckpt") +
                                                   "': No such file or directory");
  std::string empty = dir.write("empty", std::string());
  EXPECT_EQ(loadFails(empty), "'" + empty + "' is not a Lepton checkpoint (the file is empty)");
  std::string idx = dir.write("idx", Bytes{0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0});
  EXPECT_EQ(loadFails(idx), "'" + idx + "' is not a Lepton checkpoint (no LEPTCKPT magic bytes)");
}

TEST(CheckpointErrors, TruncatedAndCorrupt) {
  TempDir dir;
  std::string path = dir.path("m.ckpt");
  Model m;
  ASSERT_EQ(lepton_checkpoint_save(m.set, path.c_str()), LEPTON_OK);
  Bytes good = readAll(path);
  for (size_t n : {size_t(5), size_t(10), size_t(40), good.size() - 20, good.size() - 1}) {
    std::string cut = dir.write("cut", Bytes(good.begin(), good.begin() + static_cast<long>(n)));
    EXPECT_EQ(loadFails(cut), "'" + cut + "' is truncated at byte " + std::to_string(n));
  }
  Bytes flipped = good;
  flipped[flipped.size() - 10] ^= 0x40; // inside b's data
  std::string bad = dir.write("bad", flipped);
  EXPECT_EQ(loadFails(bad), "'" + bad + "' is corrupt (checksum mismatch)");
  Bytes longer = good;
  longer.push_back(0);
  std::string extra = dir.write("extra", longer);
  EXPECT_EQ(loadFails(extra), "'" + extra + "' is corrupt (checksum mismatch)");
  Bytes v3 = good;
  v3[8] = 3;
  std::string newer = dir.write("v3", v3);
  EXPECT_EQ(loadFails(newer), "'" + newer + "' is a Lepton checkpoint of format version 3; this program reads "
                                            "versions 1 and 2");
}

namespace {
/// The small model plus int8 state: a derived s8 copy of w and its f32 scales.
struct QuantizedModel : Model {
  std::vector<int8_t> q{-127, 0, 1, 2, 3, 127};
  std::vector<float> scale{0.5f, 0.25f, 2};
  QuantizedModel() {
    int64_t qd[] = {2, 3}, sd[] = {3};
    lepton_tensor_set_add_typed(set, "dense0.w_int8", q.data(), LEPTON_TENSOR_S8, LEPTON_TENSOR_DERIVED, 2, qd);
    lepton_tensor_set_add_typed(set, "dense0.w_scale", scale.data(), LEPTON_TENSOR_F32, LEPTON_TENSOR_DERIVED, 1, sd);
  }
};
} // namespace

TEST(Checkpoint, Version2HoldsTypedAndDerivedTensors) {
  // Version 2 (a kind per tensor) only when some tensor needs it; s8 data is one byte per element; derived
  // tensors load when present, are reported missing otherwise, and are not parameters.
  // Mutation run: writing 4 bytes per s8 element fails the size check below.
  TempDir dir;
  std::string typed = dir.path("q.ckpt"), plain = dir.path("p.ckpt");
  QuantizedModel saved;
  EXPECT_EQ(lepton_tensor_set_elements(saved.set), 9);
  ASSERT_EQ(lepton_checkpoint_save(saved.set, typed.c_str()), LEPTON_OK);
  Bytes bytes = readAll(typed);
  EXPECT_EQ(bytes[8], 2);
  size_t sigLen = std::strlen(kSig);
  // v1's layout + a u32 kind per tensor; w_int8: 4+13 name, 4 rank, 16 dims, 4 kind, 6 data; w_scale: 4+14, 4, 8, 4, 12
  EXPECT_EQ(bytes.size(), 8 + 4 + 4 + sigLen + 4 + (12 + 4 + 16 + 4 + 24) + (12 + 4 + 8 + 4 + 12) +
                              (17 + 4 + 16 + 4 + 6) + (18 + 4 + 8 + 4 + 12) + 4);

  QuantizedModel loaded;
  std::fill(loaded.q.begin(), loaded.q.end(), int8_t(9));
  std::fill(loaded.w.begin(), loaded.w.end(), 0.f);
  ASSERT_EQ(lepton_checkpoint_load(loaded.set, typed.c_str()), LEPTON_OK);
  EXPECT_EQ(loaded.q, saved.q);
  EXPECT_EQ(loaded.scale, saved.scale);
  EXPECT_EQ(loaded.w, saved.w);
  EXPECT_EQ(lepton_tensor_set_derived_loaded(loaded.set), 1);

  // An f32 program reads the int8 program's file (ignoring the derived tensors) and vice versa.
  Model fp32;
  std::fill(fp32.w.begin(), fp32.w.end(), 0.f);
  ASSERT_EQ(lepton_checkpoint_load(fp32.set, typed.c_str()), LEPTON_OK);
  EXPECT_EQ(fp32.w, saved.w);
  EXPECT_EQ(lepton_tensor_set_derived_loaded(fp32.set), 0);
  ASSERT_EQ(lepton_checkpoint_save(fp32.set, plain.c_str()), LEPTON_OK);
  EXPECT_EQ(readAll(plain)[8], 1);
  std::fill(loaded.q.begin(), loaded.q.end(), int8_t(9));
  ASSERT_EQ(lepton_checkpoint_load(loaded.set, plain.c_str()), LEPTON_OK);
  EXPECT_EQ(lepton_tensor_set_derived_loaded(loaded.set), 0);
  EXPECT_EQ(loaded.q, std::vector<int8_t>(6, 9)); // not in the file: left for the program to recompute
}

TEST(CheckpointErrors, DerivedTensorOfAnotherType) {
  TempDir dir;
  std::string path = dir.path("q.ckpt");
  QuantizedModel saved;
  ASSERT_EQ(lepton_checkpoint_save(saved.set, path.c_str()), LEPTON_OK);
  ErrorCapture errors;
  Model m;
  std::vector<float> asFloat(6);
  int64_t qd[] = {2, 3};
  lepton_tensor_set_add_typed(m.set, "dense0.w_int8", asFloat.data(), LEPTON_TENSOR_F32, LEPTON_TENSOR_DERIVED, 2, qd);
  EXPECT_EQ(lepton_checkpoint_load(m.set, path.c_str()), LEPTON_ERR_INPUT);
  EXPECT_EQ(errors.lastMessage(),
            "'" + path + "': tensor 'dense0.w_int8' holds s8 values; this program's model expects f32");
}

TEST(CheckpointErrors, OtherArchitectureAndTensorMismatch) {
  TempDir dir;
  std::string path = dir.path("m.ckpt");
  Model m;
  ASSERT_EQ(lepton_checkpoint_save(m.set, path.c_str()), LEPTON_OK);
  EXPECT_EQ(loadFails(path, "fashion_cnn:cnn"),
            "'" + path + "' was saved from model '" + kSig + "'; this program's model is 'fashion_cnn:cnn'");
  EXPECT_EQ(loadFails(path, kSig, "dense0.bias"),
            "'" + path + "': tensor 2 is 'dense0.b'; this program's model expects 'dense0.bias'");
  ErrorCapture errors;
  Model wide;
  fillWithSentinels(wide.w, -101.0f);
  fillWithSentinels(wide.b, -201.0f);
  const std::vector<float> wideW = wide.w, wideB = wide.b;
  int64_t dims[] = {3, 2};
  lepton_tensor_set *other = lepton_tensor_set_create(kSig);
  lepton_tensor_set_add(other, "dense0.w", wide.w.data(), 2, dims);
  lepton_tensor_set_add(other, "dense0.b", wide.b.data(), 1, dims + 0);
  EXPECT_EQ(lepton_checkpoint_load(other, path.c_str()), LEPTON_ERR_INPUT);
  EXPECT_EQ(errors.lastMessage(),
            "'" + path + "': tensor 'dense0.w' has shape [2, 3]; this program's model expects [3, 2]");
  lepton_tensor_set_free(other);
  lepton_tensor_set *fewer = lepton_tensor_set_create(kSig);
  lepton_tensor_set_add(fewer, "dense0.w", wide.w.data(), 2, dims);
  EXPECT_EQ(lepton_checkpoint_load(fewer, path.c_str()), LEPTON_ERR_INPUT);
  EXPECT_EQ(errors.lastMessage(), "'" + path + "' holds 2 tensors; this program's model has 1");
  lepton_tensor_set_free(fewer);
  EXPECT_EQ(wide.w, wideW); // neither set wrote its buffers
  EXPECT_EQ(wide.b, wideB);
}

TEST(CheckpointErrors, LastTensorWrongKeepsEveryBuffer) {
  // The first tensor matches in name and shape, the last does not: "the registered buffers are
  // written only after all checks pass" (docs/abi.md), so the first keeps its sentinels too.
  // Mutation run: copying each tensor right after its own checks makes `w` equal the file's.
  TempDir dir;
  std::string path = dir.path("m.ckpt");
  Model saved;
  ASSERT_EQ(lepton_checkpoint_save(saved.set, path.c_str()), LEPTON_OK);
  ErrorCapture errors;
  std::vector<float> w(6), b(4);
  fillWithSentinels(w, -101.0f);
  fillWithSentinels(b, -201.0f);
  const std::vector<float> w0 = w, b0 = b;
  int64_t wd[] = {2, 3}, bd[] = {4};
  lepton_tensor_set *s = lepton_tensor_set_create(kSig);
  lepton_tensor_set_add(s, "dense0.w", w.data(), 2, wd);
  lepton_tensor_set_add(s, "dense0.b", b.data(), 1, bd);
  EXPECT_EQ(lepton_checkpoint_load(s, path.c_str()), LEPTON_ERR_INPUT);
  EXPECT_EQ(errors.lastMessage(),
            "'" + path + "': tensor 'dense0.b' has shape [3]; this program's model expects [4]");
  EXPECT_EQ(w, w0);
  EXPECT_EQ(b, b0);
  lepton_tensor_set_free(s);
}

TEST(CheckpointErrors, RegistrationMistakesAreCallerBugs) {
  ErrorCapture errors;
  float x[2];
  int64_t d[] = {2}, neg[] = {-1};
  EXPECT_EQ(lepton_tensor_set_create(nullptr), nullptr);
  lepton_tensor_set *s = lepton_tensor_set_create("sig");
  EXPECT_EQ(lepton_tensor_set_add(s, "a", x, 1, d), LEPTON_OK);
  EXPECT_EQ(lepton_tensor_set_add(s, "a", x, 1, d), LEPTON_ERR_INVALID);
  EXPECT_EQ(lepton_tensor_set_add(s, "", x, 1, d), LEPTON_ERR_INVALID);
  EXPECT_EQ(lepton_tensor_set_add(s, "n", x, 1, neg), LEPTON_ERR_INVALID);
  EXPECT_EQ(lepton_tensor_set_add(s, "z", nullptr, 1, d), LEPTON_ERR_INVALID);
  EXPECT_EQ(lepton_tensor_set_add_typed(s, "t", x, 7, 0, 1, d), LEPTON_ERR_INVALID);
  EXPECT_EQ(lepton_tensor_set_add_typed(s, "f", x, LEPTON_TENSOR_F32, 0x1000, 1, d), LEPTON_ERR_INVALID);
  EXPECT_EQ(lepton_checkpoint_save(nullptr, "x"), LEPTON_ERR_INVALID);
  EXPECT_EQ(errors.count(), 8);
  lepton_tensor_set_free(s);
  lepton_tensor_set_free(nullptr);
}

TEST(CheckpointErrorsDeathTest, DefaultHandlerExitsWith2) {
  TempDir dir;
  std::string path = dir.write("bad.ckpt", std::string("LEPTCKPT\x01\0\0\0", 12));
  Model m;
  EXPECT_EXIT(lepton_checkpoint_load(m.set, path.c_str()), testing::ExitedWithCode(2),
              "^error: '.*bad\\.ckpt' is truncated at byte 12\n$");
}
