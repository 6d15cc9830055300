// TargetSupport.h — what the `target` block asks of code generation, and what it cannot do yet.
#ifndef LEPTON_FRONTEND_MLIRGEN_TARGETSUPPORT_H
#define LEPTON_FRONTEND_MLIRGEN_TARGETSUPPORT_H

#include "frontend/AST.h"

#include <string>

namespace lepton {
class DiagnosticEngine;

/// Reports, at the setting, every target setting code generation does not implement yet (none today). True when
/// there is none.
bool checkTargetSupported(const ast::Program &program, DiagnosticEngine &diags);

/// The LLVM triple a target block asks for: aarch64-unknown-linux-gnu for `target aarch64(…)`, else "" (the host).
std::string tripleForTarget(const ast::Target *target);

/// The LLVM CPU for a target block: `cpuForIsa` for `cpu`; for `aarch64`, generic (NEON is baseline) or, with
/// `isa: sve`, neoverse-v1; "native" without a target block.
std::string cpuForTarget(const ast::Target *target);

/// The LLVM CPU name for an `isa:` of target `cpu`: generic → x86-64, avx2 → x86-64-v3,
/// avx512 → x86-64-v4, native → native (this machine).
std::string cpuForIsa(Isa isa);

} // namespace lepton

#endif // LEPTON_FRONTEND_MLIRGEN_TARGETSUPPORT_H
