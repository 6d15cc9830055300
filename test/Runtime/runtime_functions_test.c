/* runtime_functions_test.c — every entry of frontend/mlirgen/RuntimeFunctions.def matches runtime.h, checked as C.
 *
 * Generated code calls runtime functions through that table's signatures; one that drifts from the header would
 * pass wrong arguments silently. Each entry becomes a compile-time assertion here, so a drift fails the build of
 * lepton-runtime-tests (RuntimeCalls.cpp asserts the same in C++). The count is checked at run time as well, so
 * an empty or truncated table is noticed too. */
#include "lepton/runtime.h"
#include "runtime/embed/lepton_embed.h"

#define LEPTON_RUNTIME_FUNCTION(NAME, RESULT, PARAMS)                                                              \
  _Static_assert(__builtin_types_compatible_p(__typeof__(NAME), RESULT PARAMS),                                   \
                 #NAME " in RuntimeFunctions.def does not match lepton/runtime.h");
#include "frontend/mlirgen/RuntimeFunctions.def"

/* The number of table entries (each is also the address of a real runtime function). */
int lepton_runtime_table_size(void) {
  static const void *const functions[] = {
#define LEPTON_RUNTIME_FUNCTION(NAME, RESULT, PARAMS) (const void *)&NAME,
#include "frontend/mlirgen/RuntimeFunctions.def"
  };
  int n = 0;
  for (unsigned i = 0; i < sizeof functions / sizeof functions[0]; ++i)
    n += functions[i] != 0;
  return n;
}
