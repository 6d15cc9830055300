// runtime_table_test.cpp — the generator's runtime-function table is complete (its C check is runtime_functions_test.c).
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

extern "C" int lepton_runtime_table_size(void);

TEST(RuntimeFunctionTable, EveryLineIsChecked) {
  // As many entries were compiled into the C check as the table has lines.
  std::ifstream def(LEPTON_SOURCE_DIR "/frontend/mlirgen/RuntimeFunctions.def");
  ASSERT_TRUE(def.good());
  int lines = 0;
  for (std::string line; std::getline(def, line);)
    lines += line.rfind("LEPTON_RUNTIME_FUNCTION(", 0) == 0;
  EXPECT_GT(lines, 40);
  EXPECT_EQ(lepton_runtime_table_size(), lines);
}
