// Sema.cpp — semantic analysis driver: the namespace of declarations and the order of checks.
#include "frontend/Sema.h"

using namespace lepton;
using namespace lepton::ast;
using namespace lepton::sema;

Decl *Sema::lookup(llvm::StringRef name, Location loc, Decl::Kind kind, diag::ID unknownId) {
  auto it = symbols.find(name);
  if (it == symbols.end()) {
    std::vector<llvm::StringRef> candidates;
    if (!diags.isMuted())
      for (const auto &decl : program.decls)
        if (decl->getKind() == kind && !decl->name.empty())
          candidates.push_back(decl->name);
    InFlightDiagnostic d = diags.report(loc, unknownId);
    d << name;
    std::string best = closestMatch(name, candidates);
    d.didYouMean(best);
    if (best.empty() && candidates.empty() && !diags.isMuted())
      d.note("no " + describeDeclKind(kind).drop_front(describeDeclKind(kind).find(' ') + 1) +
             " is declared in this file");
    return nullptr;
  }
  Decl *decl = it->second;
  if (decl->getKind() != kind) {
    (diags.report(loc, diag::WrongDeclKind) << name << describeDeclKind(decl->getKind())
                                            << describeDeclKind(kind))
        .note(decl->nameLoc, "'" + name.str() + "' is declared here");
    return nullptr;
  }
  return decl;
}

bool Sema::run() {
  unsigned errorsBefore = diags.errorCount();
  if (!program.pipelineLoc.isValid())
    diags.report(Location{internFileName(program.file), 1, 1, 1}, diag::NoPipeline);
  for (const auto &[name, loc] : program.extraPipelines)
    (diags.report(loc, diag::DuplicatePipeline) << name)
        .note(program.pipelineLoc, "the pipeline is '" + program.pipelineName + "', named here");

  // One namespace for every named declaration.
  for (const auto &decl : program.decls) {
    if (decl->name.empty())
      continue;
    auto [it, inserted] = symbols.try_emplace(decl->name, decl.get());
    if (!inserted)
      (diags.report(decl->nameLoc, diag::DuplicateName) << decl->name)
          .note(it->second->nameLoc, "'" + decl->name + "' is first declared here");
  }

  for (Dataset *d : program.datasets)
    datasetGroups[d->firstName].push_back(d);

  // Declarations others depend on, then those that connect them; each in source order.
  for (Dataset *d : program.datasets)
    checkDataset(*d);
  resolveSplits();
  for (Preprocess *p : program.preprocesses)
    checkPreprocess(*p);
  for (Augment *a : program.augments)
    checkAugment(*a);
  for (Model *m : program.models)
    checkModel(*m);
  for (Env *e : program.envs)
    checkEnv(*e);
  for (Train *t : program.trains)
    checkTrain(*t);
  for (Agent *a : program.agents)
    checkAgent(*a);
  for (Export *e : program.exports)
    checkExport(*e);

  if (!program.target) {
    program.implicitTarget = std::make_unique<Target>(Location());
    program.target = program.implicitTarget.get();
  }
  for (const auto &decl : program.decls) {
    auto *target = llvm::dyn_cast<Target>(decl.get());
    if (!target)
      continue;
    if (target != program.target) {
      diags.report(target->loc, diag::DuplicateTarget)
          .note(program.target->loc, "the target is first declared here");
      continue;
    }
    checkTarget(*target);
  }
  return diags.errorCount() == errorsBefore;
}

bool lepton::analyzeProgram(Program &program, DiagnosticEngine &diags) {
  diags.deferDiagnostics();
  bool ok = Sema(program, diags).run();
  diags.flushDeferred();
  return ok;
}
