// SemaTarget.cpp — exports (C symbols) and the target: ISA, threads, quantization, fusion.
#include "frontend/Sema.h"

using namespace lepton;
using namespace lepton::ast;
using namespace lepton::sema;

void Sema::checkExport(Export &exp) {
  auto it = symbols.find(exp.what);
  if (it == symbols.end()) {
    std::vector<llvm::StringRef> candidates;
    for (Model *m : program.models)
      if (!diags.isMuted())
        candidates.push_back(m->name);
    for (Agent *a : program.agents)
      if (!diags.isMuted())
        candidates.push_back(a->name);
    (diags.report(exp.whatLoc, diag::UnknownName) << exp.what)
        .didYouMean(closestMatch(exp.what, candidates))
        .note("export names a model or an agent");
  } else if (auto *model = llvm::dyn_cast<Model>(it->second)) {
    exp.model = model;
  } else if (auto *agent = llvm::dyn_cast<Agent>(it->second)) {
    exp.agent = agent;
    exp.model = agent->qnet;
  } else {
    (diags.report(exp.whatLoc, diag::WrongDeclKind)
     << exp.what << describeDeclKind(it->second->getKind()) << "a model or an agent")
        .note(it->second->nameLoc, "'" + exp.what + "' is declared here");
  }

  exp.cSymbol = program.pipelineName + "_" + exp.symbol;
  auto [previous, inserted] = exportedSymbols.try_emplace(exp.symbol, &exp);
  if (!inserted)
    (diags.report(exp.symbolLoc, diag::DuplicateExport) << exp.cSymbol)
        .note(previous->second->symbolLoc, "'" + exp.symbol + "' is first exported here");
}

void Sema::checkTarget(Target &target) {
  if (!target.kindCall)
    return;
  CallView view{target.kindCall->callee, target.kindCall->calleeLoc, target.kindCall.get()};
  std::optional<TargetKind> kind = lookupName<TargetKind>(view.callee);
  if (!kind) {
    std::vector<llvm::StringRef> names = allNames<TargetKind>();
    std::string best = closestMatch(view.callee, names);
    InFlightDiagnostic d = diags.report(view.loc, diag::UnknownTarget);
    d << view.callee;
    d.didYouMean(best);
    if (best.empty())
      d.note("targets are " + joinChoices(names));
    return;
  }
  target.kind = *kind;
  bool arm = *kind == TargetKind::AArch64;
  target.isa = arm ? Isa::Generic : Isa::Native;
  Bindings b = bindCall(view, {{"isa", false, false}, {"threads", false, false}});
  if (const Expr *e = b.get("isa")) {
    target.isaLoc = e->loc;
    if (std::optional<Isa> isa = choice<Isa>(e, "isa", diag::NumIDs, "isa")) {
      bool armIsa = *isa == Isa::Neon || *isa == Isa::Sve;
      bool x86Isa = *isa == Isa::Avx2 || *isa == Isa::Avx512 || *isa == Isa::Native;
      if ((arm && x86Isa) || (!arm && armIsa))
        diags.report(e->loc, diag::UnsupportedTargetOption)
            << "isa '" + nameOf(*isa).str() + "' is not available on target '" +
                   view.callee.str() + "'; it takes " +
                   (arm ? "'generic', 'neon' or 'sve'" : "'generic', 'native', 'avx2' or 'avx512'");
      else
        target.isa = *isa;
    }
  }
  if (const Expr *e = b.get("threads"))
    target.threadsLoc = e->loc, target.threads = integerIn(e, "threads", 1, 1024).value_or(1);

  Bindings s = bindSettings(target.body,
                            {{"quantize", false, false}, {"fuse", false, false}, {"denormals", false, false}},
                            "a target", target.loc);
  if (const Expr *e = s.get("fuse"))
    target.fuseLoc = e->loc, target.fuse = boolean(e, "fuse").value_or(true);
  if (const Expr *e = s.get("denormals")) {
    target.denormalsLoc = e->loc;
    target.keepDenormals = choice<DenormalMode>(e, "denormals", diag::NumIDs, "denormals mode") == DenormalMode::Keep;
  }
  if (const Expr *e = s.get("quantize")) {
    target.quantizeLoc = e->loc;
    std::optional<CallView> q = callView(e, "quantize", "int8(calibrate: 1000)");
    if (q && q->callee == "none") {
      bindCall(*q, {});
    } else if (q && q->callee == "int8") {
      Bindings qa = bindCall(*q, {{"calibrate", false, false}});
      target.calibrate = 1000;
      if (const Expr *c = qa.get("calibrate"))
        target.calibrate = integerIn(c, "calibrate", 1, 1 << 24).value_or(1000);
      if (arm)
        diags.report(q->loc, diag::UnsupportedTargetOption)
            << "int8 quantization is not supported on target 'aarch64' yet; it needs "
               "target 'cpu'";
      else if (program.trains.empty())
        diags.report(q->loc, diag::QuantizeWithoutData);
      else
        target.quantize = true;
    } else if (q) {
      (diags.report(q->loc, diag::InvalidChoice) << q->callee << "quantization"
                                                 << "'int8' or 'none'")
          .didYouMean(closestMatch(q->callee, {"int8", "none"}));
    }
  }
}
