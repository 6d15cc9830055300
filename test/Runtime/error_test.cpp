// error_test.cpp — the replaceable error handler, the default handler's exit, and the per-thread last error.
#include "test_util.h"

#include <gtest/gtest.h>
#include <thread>

extern "C" int lepton_c_abi_smoke(void);

using lepton::test::ErrorCapture;

TEST(Error, HeaderCompilesAsC99AndLinks) { EXPECT_EQ(lepton_c_abi_smoke(), 0); }

TEST(Error, AbiVersion) { EXPECT_EQ(lepton_runtime_abi_version(), LEPTON_RUNTIME_ABI_VERSION); }

TEST(Error, CustomHandlerGetsCodeAndMessage) {
  ErrorCapture errors;
  EXPECT_EQ(lepton_error(LEPTON_ERR_OUTPUT, "cannot write model.ckpt"), LEPTON_ERR_OUTPUT);
  ASSERT_EQ(errors.count(), 1);
  EXPECT_EQ(errors.lastCode(), LEPTON_ERR_OUTPUT);
  EXPECT_EQ(errors.lastMessage(), "cannot write model.ckpt");
  EXPECT_EQ(lepton_last_error_code(), LEPTON_ERR_OUTPUT);
  EXPECT_STREQ(lepton_last_error_message(), "cannot write model.ckpt");
  lepton_clear_error();
  EXPECT_EQ(lepton_last_error_code(), LEPTON_OK);
  EXPECT_STREQ(lepton_last_error_message(), "");
}

TEST(Error, ReportingOkIsACallerBug) {
  ErrorCapture errors;
  EXPECT_EQ(lepton_error(LEPTON_OK, "nothing"), LEPTON_ERR_INVALID);
  EXPECT_EQ(errors.lastCode(), LEPTON_ERR_INVALID);
}

TEST(Error, LastErrorIsPerThread) {
  ErrorCapture errors;
  lepton_error(LEPTON_ERR_INPUT, "main thread");
  std::thread other([] {
    EXPECT_EQ(lepton_last_error_code(), LEPTON_OK);
    lepton_error(LEPTON_ERR_USAGE, "other thread");
    EXPECT_EQ(lepton_last_error_code(), LEPTON_ERR_USAGE);
  });
  other.join();
  EXPECT_EQ(lepton_last_error_code(), LEPTON_ERR_INPUT);
  EXPECT_STREQ(lepton_last_error_message(), "main thread");
}

TEST(ErrorDeathTest, DefaultHandlerPrintsAndExitsWithTheCode) {
  for (int code : {LEPTON_ERR_USAGE, LEPTON_ERR_INPUT, LEPTON_ERR_DIVERGED, LEPTON_ERR_OUTPUT})
    EXPECT_EXIT(lepton_error(code, "something failed"), testing::ExitedWithCode(code),
                "^error: something failed\n$");
}

TEST(ErrorDeathTest, NullHandlerRestoresTheDefault) {
  {
    ErrorCapture errors; // its destructor installs NULL
  }
  EXPECT_EXIT(lepton_error(LEPTON_ERR_INPUT, "bad data"), testing::ExitedWithCode(2), "error: bad data");
}
