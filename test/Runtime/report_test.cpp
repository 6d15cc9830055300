// report_test.cpp — the JSON and HTML reports written from a progress reporter's history.
#include "progress.h"
#include "report_ticks.h"
#include "test_util.h"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <gtest/gtest.h>
#include <regex>

using namespace lepton::test;

namespace {

#define EXPECT_HAS(text, part) EXPECT_NE((text).find(part), std::string::npos) << (text)

const char *kSettings = "{\"model\": \"fashion_mlp\", \"epochs\": 2, \"seed\": 42}";

/// Two epochs (the first without validation) and two results, in quiet mode.
lepton_progress *run() {
  lepton_progress *p = lepton_progress_create(2, 100, LEPTON_PROGRESS_QUIET);
  for (int e = 1; e <= 2; ++e) {
    lepton_progress_epoch_begin(p, e);
    lepton_progress_update(p, 100, 0.5, 0.8);
    lepton_progress_epoch_end(p, e, e == 1 ? 0.625 : 0.5, e == 1 ? 0.75 : 0.875, e == 1 ? NAN : 0.5,
                              e == 1 ? NAN : 0.8125);
  }
  testing::internal::CaptureStdout();
  lepton_progress_evaluated_on(p, "test_images");
  lepton_progress_result(p, "accuracy", 0.8793, 1);
  lepton_progress_result(p, "test \"loss\"", 0.25, 0);
  testing::internal::GetCapturedStdout();
  return p;
}

} // namespace

TEST(ReportJson, SchemaFields) {
  // Mutations seen failing: version left at 1, the list keyed "epochs" (settings.epochs is the number asked
  // for), best_epoch by highest val_loss, evaluated_on left out.
  TempDir dir;
  lepton_progress *p = run();
  std::string path = dir.path("run.json");
  ASSERT_EQ(lepton_progress_write_json(p, path.c_str(), kSettings), LEPTON_OK);
  std::string json = readText(path);
  std::regex header("\\{\n  \"format\": \"lepton-run\",\n  \"version\": 2,\n  \"leptonc_version\": \"[0-9]+\\.[0-9]+\\.[0-9]+\",\n"
                    "  \"started\": \"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z\",\n"
                    "  \"command\": \\[[^\n]*\\],\n  \"settings\": ");
  EXPECT_TRUE(std::regex_search(json, header)) << json;
  EXPECT_HAS(json, std::string("\"settings\": ") + kSettings + ",\n  \"history\": [");
  std::regex epoch1("\\{\"epoch\": 1, \"loss\": 0\\.625, \"accuracy\": 0\\.75, \"val_loss\": null, "
                    "\"val_accuracy\": null, \"samples_per_s\": [0-9.e+-]+, \"seconds\": [0-9.e+-]+, "
                    "\"elapsed\": [0-9.e+-]+\\}");
  EXPECT_TRUE(std::regex_search(json, epoch1)) << json;
  EXPECT_HAS(json, "{\"epoch\": 2, \"loss\": 0.5, \"accuracy\": 0.875, \"val_loss\": 0.5, \"val_accuracy\": 0.8125,");
  EXPECT_HAS(json, "}\n  ],\n  \"best_epoch\": 2,\n  \"evaluated_on\": \"test_images\",\n"
                   "  \"results\": {\n    \"accuracy\": 0.8793,\n    \"test \\\"loss\\\"\": 0.25\n  }\n}\n");
  lepton_progress_free(p);
}

TEST(ReportJson, BestEpochIsTheLowestValidationLoss) {
  // Epochs 1..4 with val_loss 0.5, 0.25, 0.25, 0.75: the first lowest is 2; without val_loss, the highest
  // val_accuracy. Mutation seen failing: the last of equal values (3) chosen.
  lepton_progress *p = lepton_progress_create(4, 1, LEPTON_PROGRESS_QUIET);
  const double losses[] = {0.5, 0.25, 0.25, 0.75};
  for (int e = 1; e <= 4; ++e)
    lepton_progress_epoch_end(p, e, 1, NAN, losses[e - 1], NAN);
  EXPECT_EQ(lepton::rt::bestEpoch(p), 2);
  lepton_progress *q = lepton_progress_create(2, 1, LEPTON_PROGRESS_QUIET);
  lepton_progress_epoch_end(q, 1, 1, NAN, NAN, 0.75);
  lepton_progress_epoch_end(q, 2, 1, NAN, NAN, 0.5);
  EXPECT_EQ(lepton::rt::bestEpoch(q), 1);
  lepton_progress_free(p);
  lepton_progress_free(q);
}

TEST(ReportJson, StdoutAndEmptyHistory) {
  lepton_progress *p = lepton_progress_create(0, 0, LEPTON_PROGRESS_QUIET);
  testing::internal::CaptureStdout();
  ASSERT_EQ(lepton_progress_write_json(p, "-", nullptr), LEPTON_OK);
  std::string json = testing::internal::GetCapturedStdout();
  EXPECT_HAS(json, "  \"settings\": {},\n  \"history\": [],\n  \"best_epoch\": null,\n  \"evaluated_on\": null,\n"
                   "  \"results\": {}\n}\n");
  lepton_progress_free(p);
}

TEST(ReportJson, Errors) {
  TempDir dir;
  ErrorCapture errors;
  lepton_progress *p = run();
  std::string path = dir.path("missing/run.json");
  EXPECT_EQ(lepton_progress_write_json(p, path.c_str(), kSettings), LEPTON_ERR_OUTPUT);
  EXPECT_HAS(errors.lastMessage(), "cannot write JSON report '" + path + "': cannot create a temporary file");
  EXPECT_EQ(lepton_progress_write_json(p, dir.path("x").c_str(), "[1]"), LEPTON_ERR_INVALID);
  lepton_progress_free(p);
}

TEST(ReportHtml, WellFormedWithCurvesLayersAndSettings) {
  TempDir dir;
  lepton_progress *p = run();
  std::string path = dir.path("report.html");
  ASSERT_EQ(lepton_progress_write_html(p, path.c_str(), "fashion_mlp <run>", kSettings,
                                       "dense(128, relu)  100480 params\ndense(10) & softmax\ntotal: 101770"),
            LEPTON_OK);
  std::string html = readText(path);
  EXPECT_EQ(xmlProblem(html), "");
  if (const char *keep = std::getenv("LEPTON_KEEP_REPORT")) // for looking at it, or checking with another parser
    std::ofstream(keep) << html;
  EXPECT_HAS(html, "<svg xmlns=\"http://www.w3.org/2000/svg\"");
  EXPECT_HAS(html, "<title>Loss</title>");
  EXPECT_HAS(html, "<title>Accuracy</title>");
  EXPECT_HAS(html, "<h1>fashion_mlp &lt;run&gt;</h1>");
  EXPECT_HAS(html, "dense(10) &amp; softmax\ntotal: 101770");
  // Settings as a key/value table (mutation seen failing: the JSON in a <pre>), the best epoch marked.
  EXPECT_HAS(html, "<table class=\"kv settings\">\n<tr><th>model</th><td>fashion_mlp</td></tr>\n"
                   "<tr><th>epochs</th><td>2</td></tr>\n<tr><th>seed</th><td>42</td></tr>\n</table>");
  EXPECT_HAS(html, "<tr><th>best epoch</th><td>2</td></tr>");
  EXPECT_HAS(html, "class=\"ml yl\">best epoch 2</text>"); // at the right edge: the label left of the line
  EXPECT_HAS(html, "<tr><th>compiled by</th><td>leptonc ");
  EXPECT_HAS(html, "<tr><th>accuracy on test_images</th><td>87.93%</td></tr>");
  EXPECT_EQ(html.find("src="), std::string::npos); // nothing fetched (xmlns URIs are only names)
  EXPECT_EQ(html.find("href="), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  lepton_progress_free(p);
}

TEST(ReportHtml, NoEpochsStillWellFormed) {
  TempDir dir;
  lepton_progress *p = lepton_progress_create(0, 0, LEPTON_PROGRESS_QUIET);
  std::string path = dir.path("r.html");
  ASSERT_EQ(lepton_progress_write_html(p, path.c_str(), nullptr, nullptr, "\x01odd\x7f"), LEPTON_OK);
  std::string html = readText(path);
  EXPECT_EQ(xmlProblem(html), "");
  EXPECT_HAS(html, "no data");
  lepton_progress_free(p);
}

TEST(ReportHtml, CheckerCatchesMistakes) {
  EXPECT_EQ(xmlProblem("<a><b></b></a>"), "");
  EXPECT_NE(xmlProblem("<a><b></a></b>"), "");
  EXPECT_NE(xmlProblem("<a>x < y</a>"), "");
  EXPECT_NE(xmlProblem("<a>R&D</a>"), "");
  EXPECT_NE(xmlProblem("<a x=1></a>"), "");
  EXPECT_NE(xmlProblem("<a></a><b/>"), "");
}

TEST(ReportHtml, WriteFailureIsCode4) {
  TempDir dir;
  ErrorCapture errors;
  lepton_progress *p = run();
  std::string file = dir.write("file", std::string("x"));
  EXPECT_EQ(lepton_progress_write_html(p, (file + "/r.html").c_str(), "t", nullptr, ""), LEPTON_ERR_OUTPUT);
  EXPECT_HAS(errors.lastMessage(), "cannot write HTML report '" + file + "/r.html'");
  lepton_progress_free(p);
}

TEST(ReportHtml, ControlCharactersBecomeReplacementCharacters) {
  // Every C0 control but tab and newline, and DEL, in the title, a result name and the layers text: none
  // of them may reach the file (XML forbids most of them), each one is U+FFFD; CR is dropped (CRLF → LF).
  // Mutation runs: escape() passing control bytes through, and one turning them into '?', both fail here.
  TempDir dir;
  std::string controls;
  for (int c = 1; c < 0x20; ++c)
    if (c != '\t' && c != '\n' && c != '\r')
      controls += static_cast<char>(c);
  controls += '\x7f';
  const std::string fffd = "\xEF\xBF\xBD";
  std::string replaced;
  for (size_t i = 0; i < controls.size(); ++i)
    replaced += fffd;
  lepton_progress *p = lepton_progress_create(0, 0, LEPTON_PROGRESS_QUIET);
  testing::internal::CaptureStdout();
  lepton_progress_result(p, ("r\x01" "1"), 0.5, 0);
  testing::internal::GetCapturedStdout();
  std::string path = dir.path("r.html");
  std::string layers = "a" + controls + "b\tc\r\nd";
  ASSERT_EQ(lepton_progress_write_html(p, path.c_str(), "t\x02" "x", nullptr, layers.c_str()), LEPTON_OK);
  std::string html = readText(path);
  EXPECT_EQ(xmlProblem(html), "");
  for (unsigned char c : html)
    EXPECT_TRUE(c >= 0x20 ? c != 0x7f : (c == '\n' || c == '\t')) << "byte " << int(c) << " in the report";
  EXPECT_HAS(html, "<pre>a" + replaced + "b\tc\nd</pre>");
  EXPECT_HAS(html, "<h1>t" + fffd + "x</h1>");
  EXPECT_HAS(html, "<title>t" + fffd + "x</title>");
  EXPECT_HAS(html, "<tr><th>r" + fffd + "1</th>");
  lepton_progress_free(p);
}

namespace {

/// The text of every <text class="CLASS"> element of the SVG chart titled `title`, in order.
std::vector<std::string> chartLabels(const std::string &html, const std::string &title, const std::string &cls) {
  size_t begin = html.find("<title>" + title + "</title>");
  size_t end = html.find("</svg>", begin);
  std::vector<std::string> labels;
  if (begin == std::string::npos || end == std::string::npos)
    return labels;
  std::string svg = html.substr(begin, end - begin);
  std::regex text("<text [^>]*class=\"" + cls + "\">([^<]*)</text>");
  for (std::sregex_iterator it(svg.begin(), svg.end(), text), last; it != last; ++it)
    labels.push_back((*it)[1]);
  return labels;
}

} // namespace

TEST(ReportTicks, NiceStepsCoverTheData) {
  // Issue #15's charts: losses 0.4788..0.5723 and accuracies 82.9..86.11% were labelled 0.5723, 0.5255, 0.4788
  // and 86.11%, 84.51%, 82.9%. Mutation seen failing: the step not rounded to 1, 2, 2.5 or 5 x 10^k.
  using lepton::rt::niceTicks;
  using lepton::rt::tickLabel;
  lepton::rt::Ticks loss = niceTicks(0.4788, 0.5723);
  std::string labels;
  for (double v : loss.values)
    labels += tickLabel(v, loss.decimals, "") + " ";
  EXPECT_EQ(labels, "0.46 0.48 0.50 0.52 0.54 0.56 0.58 ");
  lepton::rt::Ticks acc = niceTicks(82.9, 86.11);
  labels.clear();
  for (double v : acc.values)
    labels += tickLabel(v, acc.decimals, "%") + " ";
  EXPECT_EQ(labels, "82% 83% 84% 85% 86% 87% ");
  lepton::rt::Ticks quarter = niceTicks(0, 1.2, 5);
  EXPECT_EQ(quarter.step, 0.25);
  EXPECT_EQ(quarter.decimals, 2);
  lepton::rt::Ticks one = niceTicks(3, 3);
  EXPECT_LE(one.values.front(), 3);
  EXPECT_GE(one.values.back(), 3);
  EXPECT_GE(one.values.size(), 2u);
}

TEST(ReportHtml, NiceValueTicksAndAtMostTenEpochTicks) {
  // docs/abi.md: y ticks at a "nice" step (1, 2, 2.5 or 5 x 10^k), 3 to 7 of them, covering the data; epoch ticks
  // every 1, 2, 5, 10, 20, 50, ... epochs, at most 10, every epoch up to 10.
  // Mutation seen failing: the old evenly split range (labels like 0.4788, not multiples of a nice step).
  for (int epochs : {1, 2, 10, 11, 37, 100, 1000}) {
    SCOPED_TRACE("epochs " + std::to_string(epochs));
    TempDir dir;
    lepton_progress *p = lepton_progress_create(epochs, 10, LEPTON_PROGRESS_QUIET);
    for (int e = 1; e <= epochs; ++e) {
      lepton_progress_epoch_begin(p, e);
      lepton_progress_epoch_end(p, e, 1.0 / e, 0.5 + 0.4 * e / epochs, 1.2 / e, 0.5 + 0.3 * e / epochs);
    }
    std::string path = dir.path("r.html");
    ASSERT_EQ(lepton_progress_write_html(p, path.c_str(), "t", nullptr, ""), LEPTON_OK);
    std::string html = readText(path);
    for (const char *title : {"Loss", "Accuracy"}) {
      SCOPED_TRACE(title);
      std::vector<std::string> y = chartLabels(html, title, "yl");
      ASSERT_GE(y.size(), 3u);
      EXPECT_LE(y.size(), 7u);
      double step = std::stod(y[1]) - std::stod(y[0]);
      double power = std::pow(10.0, std::floor(std::log10(step)));
      double mantissa = step / power;
      EXPECT_TRUE(std::fabs(mantissa - 1) < 1e-6 || std::fabs(mantissa - 2) < 1e-6 ||
                  std::fabs(mantissa - 2.5) < 1e-6 || std::fabs(mantissa - 5) < 1e-6) << step;
      for (const std::string &label : y) {
        double k = std::stod(label) / step;
        EXPECT_NEAR(k, std::round(k), 1e-6) << label;
      }
      std::vector<std::string> x = chartLabels(html, title, "xl");
      ASSERT_FALSE(x.empty());
      EXPECT_EQ(x.back(), "epoch"); // the axis title
      x.pop_back();
      if (epochs <= 10) {
        EXPECT_EQ(x.size(), static_cast<size_t>(epochs));
      }
      EXPECT_LE(x.size(), 10u);
      EXPECT_GE(x.size(), std::min<size_t>(static_cast<size_t>(epochs), 4));
      ASSERT_FALSE(x.empty());
      int xstep = x.size() > 1 ? std::stoi(x[1]) - std::stoi(x[0]) : 1;
      EXPECT_EQ(std::stoi(x.front()), xstep);
      for (size_t i = 1; i < x.size(); ++i)
        EXPECT_EQ(std::stoi(x[i]) - std::stoi(x[i - 1]), xstep) << x[i];
      EXPECT_LE(std::stoi(x.back()), epochs);
    }
    lepton_progress_free(p);
  }
}
