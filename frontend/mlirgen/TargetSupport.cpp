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
  (void)unsupported; // every target setting compiles today
  return ok;
}

std::string lepton::tripleForTarget(const ast::Target *target) {
  return target && target->kind == TargetKind::AArch64 ? "aarch64-unknown-linux-gnu" : "";
}

std::string lepton::cpuForTarget(const ast::Target *target) {
  if (!target)
    return "native";
  if (target->kind == TargetKind::AArch64) // NEON is part of every AArch64 CPU; SVE needs a CPU that has it
    return target->isa == Isa::Sve ? "neoverse-v1" : "generic";
  return cpuForIsa(target->isa);
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
