// progress_width_test.cpp — progress lines on a terminal fit its width, follow a resize, and say when validation runs.
#include "lepton/runtime.h"
#include "terminal_line.h"

#include <cmath>
#include <cstdlib>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <pty.h>
#include <string>
#include <sys/ioctl.h>
#include <unistd.h>
#include <vector>

using lepton::rt::fitFields;
using lepton::rt::LineField;

namespace {

/// The lines of a terminal stream: the text after the last \r of each \n-ended piece, ESC[K removed.
std::vector<std::string> drawnLines(const std::string &out) {
  std::vector<std::string> lines;
  std::string current;
  for (size_t i = 0; i < out.size(); ++i) {
    if (out.compare(i, 3, "\x1b[K") == 0) {
      i += 2;
    } else if (out[i] == '\r' || out[i] == '\n') {
      if (!current.empty())
        lines.push_back(current);
      current.clear();
    } else {
      current += out[i];
    }
  }
  if (!current.empty())
    lines.push_back(current);
  return lines;
}

/// The one row a bar redraws, after `out`: "\r" returns to its start, ESC[K erases to its end, characters
/// overwrite (no wrapping: the lines are narrower than the window).
std::string screenRow(const std::string &out) {
  std::string row;
  size_t col = 0;
  for (size_t i = 0; i < out.size(); ++i) {
    if (out.compare(i, 3, "\x1b[K") == 0) {
      row.resize(col);
      i += 2;
    } else if (out[i] == '\r') {
      col = 0;
    } else if (out[i] != '\n') {
      if (col < row.size())
        row[col] = out[i];
      else
        row += out[i];
      ++col;
    }
  }
  return row;
}

/// Sets the window size of the terminal `fd` is on.
void setColumns(int fd, int columns) {
  struct winsize size {};
  size.ws_row = 24;
  size.ws_col = static_cast<unsigned short>(columns);
  ASSERT_EQ(ioctl(fd, TIOCSWINSZ, &size), 0);
}

} // namespace

TEST(TerminalLine, FieldsAreDroppedLowestPriorityFirst) {
  // Mutation seen failing: the highest priority dropped first (the epoch label went before the speed).
  std::vector<LineField> fields = {{"epoch 1/2", 100, ""}, {"loss 0.5000", 80}, {"12345 samples/s", 30},
                                   {"ETA 3s", 60}};
  EXPECT_EQ(fitFields(fields, 0), "epoch 1/2  loss 0.5000  12345 samples/s  ETA 3s");
  EXPECT_EQ(fitFields(fields, 47), "epoch 1/2  loss 0.5000  12345 samples/s  ETA 3s");
  EXPECT_EQ(fitFields(fields, 46), "epoch 1/2  loss 0.5000  ETA 3s");
  EXPECT_EQ(fitFields(fields, 22), "epoch 1/2  loss 0.5000");
  EXPECT_EQ(fitFields(fields, 12), "epoch 1/2");
  EXPECT_EQ(fitFields(fields, 5), "epoch"); // the last field is cut, never wider than the terminal
  EXPECT_EQ(lepton::rt::displayWidth("validating…"), 11u);
}

TEST(TerminalLine, ShortDurations) {
  EXPECT_EQ(lepton::rt::shortDuration(7.4), "7s");
  EXPECT_EQ(lepton::rt::shortDuration(65), "1m05s");
  EXPECT_EQ(lepton::rt::shortDuration(7380), "2h03m");
}

TEST(ProgressWidth, BarAndEpochLineFitTheWidth) {
  // Not a terminal, the bar forced: the width comes from $COLUMNS. Every line stays one column short of it.
  // Mutation seen failing: drawBar without fitFields (the 100-character line of issue #15).
  for (int columns : {40, 60, 80, 120}) {
    setenv("COLUMNS", std::to_string(columns).c_str(), 1);
    testing::internal::CaptureStdout();
    lepton_progress *p = lepton_progress_create(3, 60000, LEPTON_PROGRESS_BAR);
    for (int epoch = 1; epoch <= 2; ++epoch) {
      lepton_progress_epoch_begin(p, epoch);
      lepton_progress_update(p, 2752, 0.6125, 0.7915);
      lepton_progress_update(p, 60000, 0.5, 0.8);
      lepton_progress_epoch_end(p, epoch, 0.4123456789, 0.85126, 0.45, 0.8414);
    }
    lepton_progress_free(p);
    std::string out = testing::internal::GetCapturedStdout();
    std::vector<std::string> lines = drawnLines(out);
    ASSERT_GE(lines.size(), 6u) << out;
    for (const std::string &line : lines)
      EXPECT_LT(lepton::rt::displayWidth(line), static_cast<size_t>(columns)) << columns << ": " << line;
    // The last batch's bar says that validation runs; the epoch line keeps val_acc whatever the width.
    EXPECT_NE(out.find("60000/60000"), std::string::npos) << out;
    EXPECT_NE(out.find("validating..."), std::string::npos) << out;
    EXPECT_NE(lines.back().find("val_acc 84.14%"), std::string::npos) << lines.back();
    if (columns >= 120) { // room for everything, the run's ETA included (a third epoch is to come)
      EXPECT_NE(out.find("run ETA "), std::string::npos) << out;
      EXPECT_EQ(lines.back().rfind("epoch 2/3  loss 0.4123  acc 85.13%  val_loss 0.4500  val_acc 84.14%  ", 0), 0u)
          << lines.back();
    }
  }
  unsetenv("COLUMNS");
}

TEST(ProgressWidth, FollowsAResizedTerminal) {
  // A real pseudo-terminal on stderr: the bar drawn at 120 columns, the window narrowed to 50, the next line fits
  // 50 and erases the rest of the first. Mutations seen failing: the width asked once, at lepton_progress_create;
  // the redraw without ESC[K (the first line's tail stays on the row).
  int master = -1, slave = -1;
  ASSERT_EQ(openpty(&master, &slave, nullptr, nullptr, nullptr), 0);
  setColumns(slave, 120);
  std::fflush(stderr);
  int savedStderr = dup(2);
  dup2(slave, 2);
  lepton_progress *p = lepton_progress_create(3, 60000, LEPTON_PROGRESS_STDERR);
  lepton_progress_epoch_begin(p, 1);
  lepton_progress_update(p, 2752, 0.6125, 0.7915); // drawn: the first update of an epoch always is
  std::fflush(stderr);
  setColumns(slave, 50);
  lepton_progress_update(p, 60000, 0.5, 0.8); // drawn: the last batch always is
  std::fflush(stderr);
  dup2(savedStderr, 2);
  close(savedStderr);
  lepton_progress_free(p);
  close(slave);
  std::string out;
  char buf[4096];
  fcntl(master, F_SETFL, O_NONBLOCK);
  for (ssize_t n; (n = read(master, buf, sizeof buf)) > 0;)
    out.append(buf, static_cast<size_t>(n));
  close(master);
  std::vector<std::string> lines = drawnLines(out);
  ASSERT_EQ(lines.size(), 2u) << out;
  EXPECT_GT(lepton::rt::displayWidth(lines[0]), 60u) << lines[0];
  EXPECT_LT(lepton::rt::displayWidth(lines[1]), 50u) << lines[1];
  EXPECT_EQ(lines[1].rfind("epoch 1/3 ", 0), 0u) << lines[1];
  // The narrower redraw erases what is left of the wider one: the row holds the second line only.
  EXPECT_EQ(screenRow(out), lines[1]);
  EXPECT_NE(lines[1].find("validating..."), std::string::npos) << lines[1];
}
