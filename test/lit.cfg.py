# lit.cfg.py — the leptonc lit suite: .lep, .mlir and .test files under test/.
import os

import lit.formats
from lit.llvm import llvm_config

config.name = "leptonc"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".lep", ".test"]
config.excludes = ["CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py", "Inputs", "Runtime", "Fuzz"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.lepton_obj_root, "test")
config.environment["FILECHECK_OPTS"] = "-enable-var-scope"
# Tests must not depend on the user's terminal or locale.
config.environment["LC_ALL"] = "C.UTF-8"
config.environment["TERM"] = "dumb"

llvm_config.use_default_substitutions()  # FileCheck, not, count
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.add_tool_substitutions(["split-file", "mlir-runner", "llvm-objdump"], [config.llvm_tools_dir])
llvm_config.add_tool_substitutions(["leptonc", "lepton-opt"], [config.lepton_tools_dir])

config.substitutions.append(("%python", config.python_executable))
config.substitutions.append(("%examples", os.path.join(config.lepton_src_root, "examples")))
config.substitutions.append(("%runtime_lib_dir", config.lepton_lib_dir))
config.substitutions.append(("%build_dir", config.lepton_obj_root))
config.substitutions.append(
    ("%runtime_include", os.path.join(config.lepton_src_root, "runtime", "include")))
# LLVM 22's clang (never /usr/bin/clang, which is LLVM 14) for C/C++ test harnesses.
config.substitutions.append(("%clangxx", os.path.join(config.llvm_tools_dir, "clang++")))
config.substitutions.append(("%clang", os.path.join(config.llvm_tools_dir, "clang")))
config.substitutions.append(("%eigen_include", "/usr/include/eigen3"))
# A sanitized build (scripts/sanitize.sh): leptonc and liblepton_runtime.a carry ASan + UBSan, so a C/C++ host
# that links the runtime library links their runtimes too (%sanitize; empty otherwise). ASAN_OPTIONS and
# UBSAN_OPTIONS pass through from the caller's environment (lit's defaults).
if config.lepton_sanitized:
    config.available_features.add("asan")
    config.substitutions.append(("%sanitize", "-fsanitize=address,undefined -fsanitize-link-c++-runtime"))
else:
    config.substitutions.append(("%sanitize", ""))
# CPU features of this machine, for tests that run code only some x86 CPUs execute (REQUIRES: avx512-vnni).
try:
    with open("/proc/cpuinfo") as cpuinfo:
        flags = next((line.split(":", 1)[1].split() for line in cpuinfo if line.startswith("flags")), [])
except OSError:
    flags = []
if "avx512_vnni" in flags and "avx512vl" in flags:
    config.available_features.add("avx512-vnni")
if "avx2" in flags:
    config.available_features.add("avx2")
if "avx512f" in flags:
    config.available_features.add("avx512f")
if "avx512bw" in flags:
    config.available_features.add("avx512bw")
# AArch64 targets: leptonc built with the cross runtime (scripts/bootstrap.sh --aarch64) and qemu-user to run them.
import shutil
if config.lepton_aarch64 and shutil.which("qemu-aarch64"):
    config.available_features.add("aarch64-cross")
config.substitutions.append(
    ("%mlir_c_runner_utils", os.path.join(config.llvm_lib_dir, "libmlir_c_runner_utils.so")))
config.substitutions.append(
    ("%mlir_runner_utils", os.path.join(config.llvm_lib_dir, "libmlir_runner_utils.so")))
# LLVM's OpenMP runtime (libomp-22-dev), for mlir-runner tests of code lowered with threads.
config.substitutions.append(("%libomp", os.path.join(config.llvm_lib_dir, "libomp.so")))
