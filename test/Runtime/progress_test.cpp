// progress_test.cpp — the per-epoch lines, quiet mode, results and the terminal bar.
#include "lepton/runtime.h"

#include <cmath>
#include <gtest/gtest.h>
#include <regex>
#include <string>

namespace {

std::string runEpochs(int32_t flags) {
  testing::internal::CaptureStdout();
  lepton_progress *p = lepton_progress_create(2, 1000, flags);
  for (int epoch = 1; epoch <= 2; ++epoch) {
    lepton_progress_epoch_begin(p, epoch);
    for (int done = 100; done <= 1000; done += 100)
      lepton_progress_update(p, done, 0.5, 0.8);
    lepton_progress_epoch_end(p, epoch, 0.4123456789, 0.85126, epoch == 2 ? 0.45 : NAN, epoch == 2 ? 0.8403 : NAN);
  }
  lepton_progress_evaluated_on(p, "test_images");
  lepton_progress_result(p, "accuracy", 0.8793, 1);
  lepton_progress_result(p, "loss", 0.25, 0);
  lepton_progress_free(p);
  return testing::internal::GetCapturedStdout();
}

} // namespace

/// The whole plain output of runEpochs: one line per epoch, then the results.
const std::regex kPlainOutput(
    "epoch 1/2  loss 0\\.412346  accuracy 85\\.13%  samples/s [0-9]+  elapsed [0-9]+\\.[0-9]s\n"
    "epoch 2/2  loss 0\\.412346  accuracy 85\\.13%  val_loss 0\\.450000  val_accuracy 84\\.03%  "
    "samples/s [0-9]+  elapsed [0-9]+\\.[0-9]s\n"
    "accuracy on test_images: 87\\.93%\n"
    "loss on test_images: 0\\.250000\n");

TEST(Progress, PlainLinePerEpoch) {
  std::string out = runEpochs(LEPTON_PROGRESS_PLAIN);
  EXPECT_TRUE(std::regex_match(out, kPlainOutput)) << out;
}

TEST(Progress, QuietPrintsOnlyResults) {
  EXPECT_EQ(runEpochs(LEPTON_PROGRESS_QUIET), "accuracy on test_images: 87.93%\nloss on test_images: 0.250000\n");
}

TEST(Progress, ResultsNameTheirDataOnlyWhenToldIt) {
  // Mutation seen failing: " on " + the data set printed unconditionally (a line "accuracy on : 50.00%").
  testing::internal::CaptureStdout();
  lepton_progress *p = lepton_progress_create(0, 0, LEPTON_PROGRESS_QUIET);
  lepton_progress_result(p, "accuracy", 0.5, 1);
  lepton_progress_evaluated_on(p, "held_out");
  lepton_progress_result(p, "mae", 0.125, 0);
  lepton_progress_free(p);
  EXPECT_EQ(testing::internal::GetCapturedStdout(), "accuracy: 50.00%\nmae on held_out: 0.125000\n");
}

TEST(Progress, NotATerminalMeansPlain) {
  // Captured stdout is a file: AUTO prints exactly what PLAIN prints, whole output compared (not
  // only "no \r", which empty output passes too). Mutation run: AUTO treated as QUIET off a
  // terminal fails here.
  std::string out = runEpochs(LEPTON_PROGRESS_AUTO);
  EXPECT_TRUE(std::regex_match(out, kPlainOutput)) << out;
}

TEST(Progress, BarEndsWithTheEpochLine) {
  // On a terminal (80 columns here) the epoch's closing line is the short form: 4 decimals, acc and val_acc.
  setenv("COLUMNS", "80", 1);
  std::string out = runEpochs(LEPTON_PROGRESS_BAR);
  unsetenv("COLUMNS");
  EXPECT_NE(out.find("\repoch 1/2 ["), std::string::npos) << out;
  EXPECT_NE(out.find("100/1000"), std::string::npos);
  EXPECT_NE(out.find("ETA"), std::string::npos);
  EXPECT_NE(out.find("\r\x1b[Kepoch 2/2  loss 0.4123  acc 85.13%  val_loss 0.4500  val_acc 84.03%  "), std::string::npos)
      << out;
}

TEST(Progress, NullHandleIsIgnored) {
  lepton_progress_epoch_begin(nullptr, 1);
  lepton_progress_update(nullptr, 1, 0, 0);
  lepton_progress_epoch_end(nullptr, 1, 0, 0, 0, 0);
  lepton_progress_result(nullptr, "x", 0, 0);
  lepton_progress_free(nullptr);
}
