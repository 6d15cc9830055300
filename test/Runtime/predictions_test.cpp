// predictions_test.cpp — predict's CSV: header, argmax class, softmax probabilities, atomic output, errors.
#include "test_util.h"

#include <cmath>
#include <gtest/gtest.h>

using namespace lepton::test;

TEST(Predictions, HeaderClassesAndProbabilities) {
  TempDir dir;
  std::string path = dir.path("preds.csv");
  lepton_predictions *w = lepton_predictions_open(path.c_str(), 3);
  ASSERT_NE(w, nullptr);
  const float a[] = {0, 0, 0, 1000, 0, 1000}; // uniform; a tie (first wins) that overflows float exp
  const float b[] = {std::log(1.f), std::log(3.f), std::log(6.f)};
  ASSERT_EQ(lepton_predictions_write(w, a, 2, 3), LEPTON_OK);
  ASSERT_EQ(lepton_predictions_write(w, b, 1, 3), LEPTON_OK);
  EXPECT_EQ(readText(path), ""); // not published before close
  ASSERT_EQ(lepton_predictions_close(w), LEPTON_OK);
  EXPECT_EQ(readText(path), "index,class,p0,p1,p2\n"
                            "0,0,0.333333,0.333333,0.333333\n"
                            "1,0,0.5,0,0.5\n"
                            "2,2,0.1,0.3,0.6\n");
}

TEST(Predictions, Stdout) {
  testing::internal::CaptureStdout();
  lepton_predictions *w = lepton_predictions_open("-", 2);
  const float x[] = {-1, 1};
  lepton_predictions_write(w, x, 1, 2);
  EXPECT_EQ(lepton_predictions_close(w), LEPTON_OK);
  EXPECT_EQ(testing::internal::GetCapturedStdout(), "index,class,p0,p1\n0,1,0.119203,0.880797\n");
}

TEST(Predictions, Errors) {
  TempDir dir;
  ErrorCapture errors;
  std::string file = dir.write("file", std::string("x"));
  EXPECT_EQ(lepton_predictions_open((file + "/p.csv").c_str(), 10), nullptr);
  EXPECT_EQ(errors.lastCode(), LEPTON_ERR_OUTPUT);
  EXPECT_NE(errors.lastMessage().find("cannot write predictions '" + file + "/p.csv'"), std::string::npos);
  EXPECT_EQ(lepton_predictions_open(dir.path("p").c_str(), 0), nullptr);
  EXPECT_EQ(errors.lastCode(), LEPTON_ERR_INVALID);
  lepton_predictions *w = lepton_predictions_open(dir.path("p").c_str(), 2);
  float x[4] = {};
  EXPECT_EQ(lepton_predictions_write(w, x, 1, 4), LEPTON_ERR_INVALID);
  EXPECT_EQ(lepton_predictions_close(w), LEPTON_OK);
  EXPECT_EQ(lepton_predictions_close(nullptr), LEPTON_OK);
}
