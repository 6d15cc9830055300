// TargetSupport.cpp — target settings checked against what code generation implements; ISA → CPU.
#include "frontend/mlirgen/TargetSupport.h"

#include "frontend/Diagnostics.h"

bool lepton::checkTargetSupported(const ast::Program &program, DiagnosticEngine &diags) {
  if (!program.declaredTarget)
    return true;
  const ast::Target &target = *program.target;
  bool ok = true;
  auto unsupported = [&](const Location &where, const std::string &what) {
    diags.report(where.isValid() ? where : target.loc, diag::NotSupportedByCodegen) << what;
    ok = false;
  };
  if (target.kind == TargetKind::AArch64)
    unsupported(target.kindCall ? target.kindCall->calleeLoc : target.loc, "target 'aarch64'");
  return ok;
}

std::string lepton::cpuForIsa(Isa isa) {
  switch (isa) {
  case Isa::Generic: return "x86-64";
  case Isa::Avx2: return "x86-64-v3";
  case Isa::Avx512: return "x86-64-v4";
  case Isa::Native:
  case Isa::Neon:
  case Isa::Sve: break;
  }
  return "native";
}
