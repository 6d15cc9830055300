// file_mode_test.cpp — every output file (checkpoint, JSON and HTML reports, predictions) has mode 0644.
#include "test_util.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

using namespace lepton::test;

namespace {

/// The permission bits of `path`, or -1 when it does not exist.
int modeOf(const std::string &path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 ? static_cast<int>(st.st_mode & 07777) : -1;
}

/// Writes the four kinds of output file into `dir` under the given umask and returns their modes.
std::vector<int> writeAllUnder(mode_t mask, const TempDir &dir) {
  mode_t previous = umask(mask);
  float w[2] = {1, 2};
  int64_t dims[] = {2};
  lepton_tensor_set *set = lepton_tensor_set_create("sig");
  lepton_tensor_set_add(set, "w", w, 1, dims);
  EXPECT_EQ(lepton_checkpoint_save(set, dir.path("m.ckpt").c_str()), LEPTON_OK);
  lepton_tensor_set_free(set);
  lepton_progress *p = lepton_progress_create(0, 0, LEPTON_PROGRESS_QUIET);
  EXPECT_EQ(lepton_progress_write_json(p, dir.path("run.json").c_str(), nullptr), LEPTON_OK);
  EXPECT_EQ(lepton_progress_write_html(p, dir.path("run.html").c_str(), "t", nullptr, ""), LEPTON_OK);
  lepton_progress_free(p);
  lepton_predictions *out = lepton_predictions_open(dir.path("p.csv").c_str(), 2);
  float logits[2] = {0.5f, -0.5f};
  EXPECT_EQ(lepton_predictions_write(out, logits, 1, 2), LEPTON_OK);
  EXPECT_EQ(lepton_predictions_close(out), LEPTON_OK);
  umask(previous);
  return {modeOf(dir.path("m.ckpt")), modeOf(dir.path("run.json")), modeOf(dir.path("run.html")),
          modeOf(dir.path("p.csv"))};
}

} // namespace

// docs/abi.md: "Files are created with mode 0644", whatever the umask: a permissive umask must not give
// 0666 and a strict one must not leave mkstemp's 0600. Mutation run: output_file.cpp without its fchmod
// (files keep 0600) fails both.
TEST(OutputFiles, ModeIs0644UnderAPermissiveUmask) {
  TempDir dir;
  EXPECT_EQ(writeAllUnder(0, dir), std::vector<int>(4, 0644));
}

TEST(OutputFiles, ModeIs0644UnderAStrictUmask) {
  TempDir dir;
  EXPECT_EQ(writeAllUnder(077, dir), std::vector<int>(4, 0644));
}

TEST(OutputFiles, ReplacingAFileGivesMode0644) {
  TempDir dir;
  std::string path = dir.write("m.ckpt", std::string("old"));
  ASSERT_EQ(chmod(path.c_str(), 0600), 0);
  EXPECT_EQ(writeAllUnder(022, dir)[0], 0644);
}
