# MlirPrecompiledHeaders.cmake — one precompiled header of the MLIR/LLVM headers most passes and generators include.
#
# Each MLIR-heavy translation unit spent most of its 10–30 s parsing the same dialect headers, and a clean
# build on 2 cores is most of CI's 15 minutes: with LEPTON_PCH (CMakeLists.txt) they are parsed once.
# A file still includes what it uses: a build with -DLEPTON_PCH=OFF shows what the header would hide.
set(LEPTON_MLIR_PCH_HEADERS
  <mlir/IR/Builders.h>
  <mlir/IR/BuiltinOps.h>
  <mlir/IR/PatternMatch.h>
  <mlir/IR/IRMapping.h>
  <mlir/Pass/Pass.h>
  <mlir/Dialect/Arith/IR/Arith.h>
  <mlir/Dialect/Func/IR/FuncOps.h>
  <mlir/Dialect/LLVMIR/LLVMDialect.h>
  <mlir/Dialect/Linalg/IR/Linalg.h>
  <mlir/Dialect/Math/IR/Math.h>
  <mlir/Dialect/MemRef/IR/MemRef.h>
  <mlir/Dialect/SCF/IR/SCF.h>
  <mlir/Dialect/Tensor/IR/Tensor.h>
  <mlir/Dialect/Vector/IR/VectorOps.h>
  <mlir/Transforms/DialectConversion.h>)

# Built once, in a library of its own, and reused by every MLIR-heavy library (REUSE_FROM): each would
# otherwise spend ~45 s on its own copy before its first translation unit.
if(LEPTON_PCH)
  file(WRITE ${CMAKE_BINARY_DIR}/lepton_mlir_pch.cpp "// Holds the precompiled MLIR headers (cmake/MlirPrecompiledHeaders.cmake).\n")
  # add_mlir_library: the same flags as the libraries that reuse it (-fno-exceptions and the like: GCC
  # ignores a precompiled header built with other settings).
  add_mlir_library(LeptonMlirPch ${CMAKE_BINARY_DIR}/lepton_mlir_pch.cpp EXCLUDE_FROM_LIBMLIR DISABLE_INSTALL)
  target_precompile_headers(LeptonMlirPch PRIVATE ${LEPTON_MLIR_PCH_HEADERS})
endif()

function(lepton_mlir_precompiled_headers target)
  if(LEPTON_PCH)
    target_precompile_headers(${target} REUSE_FROM LeptonMlirPch)
  endif()
endfunction()
