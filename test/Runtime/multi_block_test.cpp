// multi_block_test.cpp — what pipelines with several models need: reports of several train blocks,
// `--model` choices, and the heap memory of large models.
#include "test_util.h"

#include <cmath>
#include <gtest/gtest.h>
#include <string>
#include <vector>

using namespace lepton::test;

namespace {

/// A finished block of `epochs` epochs whose loss is `loss`, with one result.
lepton_progress *block(int epochs, double loss, double accuracy) {
  lepton_progress *p = lepton_progress_create(epochs, 10, LEPTON_PROGRESS_QUIET);
  for (int e = 1; e <= epochs; ++e) {
    lepton_progress_epoch_begin(p, e);
    lepton_progress_epoch_end(p, e, loss, 0.5, NAN, accuracy);
  }
  testing::internal::CaptureStdout();
  lepton_progress_result(p, "accuracy", accuracy, 1);
  testing::internal::GetCapturedStdout();
  return p;
}

int32_t parse(lepton_cli *cli, std::vector<std::string> args) {
  args.insert(args.begin(), "model");
  std::vector<char *> argv;
  for (std::string &a : args)
    argv.push_back(&a[0]);
  return lepton_cli_parse(cli, static_cast<int32_t>(argv.size()), argv.data());
}

lepton_cli *withModelOption() {
  lepton_cli *cli = lepton_cli_create("Trains two models.");
  lepton_cli_add_string(cli, "model", nullptr, "NAME", "the model");
  return cli;
}

} // namespace

TEST(ReportBlocks, JsonHasEveryBlockInOrderWithTheSingleBlockFields) {
  TempDir dir;
  const lepton_progress *blocks[] = {block(1, 0.75, 0.5), block(2, 0.25, 0.875)};
  const char *settings[] = {"{\"model\": \"a\"}", "{\"model\": \"b\"}"};
  ASSERT_EQ(lepton_progress_write_json_blocks(blocks, settings, 2, dir.path("run.json").c_str()), LEPTON_OK);
  std::string json = readText(dir.path("run.json"));
  // The exact layout: a block is the single-block report's fields, indented one level deeper.
  std::string head = json.substr(0, json.find("\"history\""));
  EXPECT_EQ(head.substr(0, 44), "{\n  \"format\": \"lepton-run\",\n  \"version\": 2,\n");
  EXPECT_EQ(head.substr(head.find("  \"blocks\"")),
            "  \"blocks\": [\n    {\n      \"settings\": {\"model\": \"a\"},\n      ");
  size_t a = json.find("{\"model\": \"a\"}"), b = json.find("{\"model\": \"b\"}");
  ASSERT_NE(a, std::string::npos);
  ASSERT_NE(b, std::string::npos);
  EXPECT_LT(a, b);
  EXPECT_NE(json.find("{\"epoch\": 2, \"loss\": 0.25,"), std::string::npos) << json;
  EXPECT_NE(json.find("\n      }\n    },\n    {\n      \"settings\": {\"model\": \"b\"},\n"), std::string::npos) << json;
  EXPECT_NE(json.find("\"accuracy\": 0.875\n      }\n    }\n  ]\n}\n"), std::string::npos) << json;
  for (const lepton_progress *p : blocks)
    lepton_progress_free(const_cast<lepton_progress *>(p));
}

TEST(ReportBlocks, JsonOfOneBlockMatchesTheSingleReportFields) {
  // The single-block writer and the multi-block writer share the block's text (but for indentation).
  TempDir dir;
  lepton_progress *p = block(2, 0.5, 0.75);
  const lepton_progress *blocks[] = {p};
  const char *settings[] = {"{\"model\": \"a\"}"};
  ASSERT_EQ(lepton_progress_write_json(p, dir.path("one.json").c_str(), settings[0]), LEPTON_OK);
  ASSERT_EQ(lepton_progress_write_json_blocks(blocks, settings, 1, dir.path("many.json").c_str()), LEPTON_OK);
  std::string one = readText(dir.path("one.json")), many = readText(dir.path("many.json"));
  std::string body = one.substr(one.find("  \"settings\""));
  body = body.substr(0, body.rfind("\n}\n"));
  std::string indented;
  for (size_t start = 0; start < body.size();) {
    size_t end = body.find('\n', start);
    end = end == std::string::npos ? body.size() : end + 1;
    indented += "    " + body.substr(start, end - start);
    start = end;
  }
  EXPECT_NE(many.find(indented), std::string::npos) << many << "\n---\n" << indented;
  lepton_progress_free(p);
}

TEST(ReportBlocks, HtmlHasASectionPerBlock) {
  TempDir dir;
  const lepton_progress *blocks[] = {block(1, 0.75, 0.5), block(2, 0.25, 0.875)};
  const char *titles[] = {"p: training a", "p: training <b>"};
  const char *settings[] = {"{\"model\": \"a\"}", "{\"model\": \"b\"}"};
  const char *layers[] = {"dense(3)", "dense(4)"};
  ASSERT_EQ(lepton_progress_write_html_blocks(blocks, titles, settings, layers, 2, dir.path("r.html").c_str(),
                                              "pipeline p"),
            LEPTON_OK);
  std::string html = readText(dir.path("r.html"));
  EXPECT_NE(html.find("<title>pipeline p</title>"), std::string::npos);
  size_t a = html.find("<h2>p: training a</h2>\n<h3>Results</h3>");
  size_t b = html.find("<h2>p: training &lt;b&gt;</h2>\n<h3>Results</h3>");
  ASSERT_NE(a, std::string::npos) << html;
  ASSERT_NE(b, std::string::npos) << html;
  EXPECT_LT(a, b);
  EXPECT_LT(html.find("dense(3)"), b);
  EXPECT_GT(html.find("dense(4)"), b);
  for (const lepton_progress *p : blocks)
    lepton_progress_free(const_cast<lepton_progress *>(p));
}

TEST(ReportBlocks, BadArgumentsAreCallerBugs) {
  ErrorCapture errors;
  TempDir dir;
  const lepton_progress *none[] = {nullptr};
  const char *settings[] = {"{}"};
  EXPECT_EQ(lepton_progress_write_json_blocks(none, settings, 1, dir.path("x").c_str()), LEPTON_ERR_INVALID);
  EXPECT_EQ(lepton_progress_write_json_blocks(none, settings, 0, dir.path("x").c_str()), LEPTON_ERR_INVALID);
  EXPECT_EQ(errors.count(), 2);
}

TEST(CliChoice, PositionOfTheValue) {
  lepton_cli *cli = withModelOption();
  ASSERT_EQ(parse(cli, {"--model", "cnn"}), LEPTON_OK);
  EXPECT_EQ(lepton_cli_choice(cli, "model", "mlp,cnn,rnn"), 1);
  EXPECT_EQ(lepton_cli_choice(cli, "model", "cnn"), 0);
  lepton_cli_free(cli);
}

TEST(CliChoice, MissingOrUnknownIsAUsageError) {
  ErrorCapture errors;
  lepton_cli *cli = withModelOption();
  ASSERT_EQ(parse(cli, {}), LEPTON_OK);
  EXPECT_EQ(lepton_cli_choice(cli, "model", "mlp,cnn"), -1);
  EXPECT_EQ(errors.lastCode(), LEPTON_ERR_USAGE);
  EXPECT_EQ(errors.lastMessage(), "--model is required: one of mlp, cnn (see --help)");
  lepton_cli_free(cli);
  cli = withModelOption();
  ASSERT_EQ(parse(cli, {"--model", "ml"}), LEPTON_OK);
  EXPECT_EQ(lepton_cli_choice(cli, "model", "mlp,cnn"), -1);
  EXPECT_EQ(errors.lastMessage(), "--model 'ml' is not one of mlp, cnn");
  lepton_cli_free(cli);
}

TEST(ModelMemory, ZeroedAndAligned) {
  const int64_t bytes = 3 << 20;
  auto *block = static_cast<unsigned char *>(lepton_model_memory(bytes, 100, "m"));
  ASSERT_NE(block, nullptr);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(block) % LEPTON_ALIGNMENT, 0u);
  int64_t nonzero = 0;
  for (int64_t i = 0; i < bytes; ++i)
    nonzero += block[i] != 0;
  EXPECT_EQ(nonzero, 0);
  block[bytes - 1] = 7; // writable to the end
}

TEST(ModelMemoryDeathTest, TooMuchExitsWith5NamingTheModel) {
  // Even a handler that returns cannot go on without the model: the process exits 5.
  EXPECT_EXIT(lepton_model_memory(INT64_MAX / 2, 123456789, "giant"), testing::ExitedWithCode(LEPTON_ERR_NOMEM),
              "error: out of memory: model 'giant' needs 4611686018427387903 bytes \\(123456789 parameters");
  EXPECT_EXIT(
      {
        ErrorCapture returning;
        lepton_model_memory(INT64_MAX / 2, 1, "giant");
      },
      testing::ExitedWithCode(LEPTON_ERR_NOMEM), "");
}
