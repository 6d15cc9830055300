// notice_test.cpp — the one-line notices of files written: off until a command line is parsed, sizes in words.
#include "notice.h"
#include "test_util.h"

#include <gtest/gtest.h>
#include <string>

using lepton::rt::sizeText;

TEST(Notice, SizesInBinaryUnits) {
  // Mutation seen failing: KB of 1000 bytes (1000 bytes shown as "1 KB").
  EXPECT_EQ(sizeText(0), "0 bytes");
  EXPECT_EQ(sizeText(1000), "1000 bytes");
  EXPECT_EQ(sizeText(1023), "1023 bytes");
  EXPECT_EQ(sizeText(1024), "1 KB");
  EXPECT_EQ(sizeText(437 * 1024 + 300), "437 KB");
  EXPECT_EQ(sizeText(1024 * 1024), "1.0 MB");
  EXPECT_EQ(sizeText(int64_t(3) << 30), "3.0 GB");
}

TEST(Notice, OnlyWhereTheProgramSaid) {
  // A library must not print: with no stream (a host that never parsed a command line) nothing is written.
  lepton::test::TempDir dir;
  std::string path = dir.path("w.ckpt");
  float w[3] = {1, 2, 3};
  int64_t dims[1] = {3};
  lepton_tensor_set *set = lepton_tensor_set_create("m");
  lepton_tensor_set_add(set, "w", w, 1, dims);
  lepton::rt::setNoticeStream(nullptr);
  testing::internal::CaptureStdout();
  ASSERT_EQ(lepton_checkpoint_save(set, path.c_str()), LEPTON_OK);
  EXPECT_EQ(testing::internal::GetCapturedStdout(), "");
  lepton::rt::setNoticeStream(stdout);
  testing::internal::CaptureStdout();
  ASSERT_EQ(lepton_checkpoint_save(set, path.c_str()), LEPTON_OK);
  std::string out = testing::internal::GetCapturedStdout();
  lepton::rt::setNoticeStream(nullptr);
  EXPECT_EQ(out.rfind("saved checkpoint " + path + " (", 0), 0u) << out;
  EXPECT_EQ(out.substr(out.size() - 8), " bytes)\n") << out;
  lepton_tensor_set_free(set);
}
