// PreprocessGen.cpp — a data flow's per-sample steps as code, and the statistics some take from the
// training set (standardize, min_max, fill_missing(mean)).
#include "frontend/mlirgen/SupervisedTrainer.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

#include <limits>

using namespace mlir;

void lepton::SupervisedTrainer::emitPreprocess(StringRef name, const ast::DataFlow &flow,
                                               size_t upTo, int64_t rows, bool fromBytes) {
  // name(x): the flow's per-sample transforms (its first `upTo`), in place on a (rows, features)
  // buffer (rows: the batch unless given). Values are per element; `normalize` with per-channel statistics uses the last
  // (channel) dimension of the height-width-channel layout; statistics steps read their
  // per-feature tensors from the model state.
  // fromBytes: name(bytes, x) — the samples arrive as the stored bytes of an IDX file (loadBatch's
  // lepton_dataset_gather_bytes), and the first step's pass converts them (exactly, 0..255) as it reads
  // them: one pass over the batch, not the gather's conversion plus the step's pass.
  if (rows == 0)
    rows = batch;
  SmallVector<Type> args;
  if (fromBytes)
    args.push_back(MemRefType::get({rows, flowSize}, b.getI8Type()));
  args.push_back(MemRefType::get({rows, flowSize}, b.getF32Type()));
  func::FuncOp fn = ctx.beginFunction(symbol(name), args, {}, /*isPublic=*/true);
  Value x = fn.getArguments().back();
  Value bytes = fromBytes ? fn.getArgument(0) : Value(); // null once the first pass has converted them
  // Reads element (r, c): from the bytes, converted, until a pass has written x.
  auto read = [&](mlir::Location at, Value r, Value c) -> Value {
    if (!bytes)
      return memref::LoadOp::create(b, at, x, ValueRange{r, c});
    Value raw = memref::LoadOp::create(b, at, bytes, ValueRange{r, c});
    return arith::UIToFPOp::create(b, at, b.getF32Type(), raw);
  };
  auto loopAt = [&](mlir::Location at, int64_t end, function_ref<void(Value)> body) {
    Value zero = ctx.index(0), limit = ctx.index(end), one = ctx.index(1);
    auto forOp = scf::ForOp::create(b, at, zero, limit, one);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(forOp.getBody());
    body(forOp.getInductionVar());
  };
  for (auto [k, step] : llvm::enumerate(flow.steps)) {
    if (k >= upTo)
      break;
    const ast::Transform &t = *step.transform;
    using K = TransformKind;
    if (t.kind == K::Flatten || t.kind == K::Reshape || t.kind == K::OneHot ||
        t.kind == K::DropMissing)
      continue; // free (samples are flat), a label transform (emitMakeTargets), or done when
                // the data set is read (loadDataset)
    mlir::Location stepLoc = ctx.locOf(t.loc);
    const StatStep *stats = statStepFor(&t);
    auto f32 = [&](double d) {
      return arith::ConstantFloatOp::create(b, stepLoc, b.getF32Type(), APFloat(float(d)));
    };
    auto loop = [&](int64_t end, function_ref<void(Value)> body) { loopAt(stepLoc, end, body); };
    // Statistics are per feature: standardize and min_max become (v − shift) · scale with one
    // scale per feature, computed once per call into a scratch column (freed by the
    // deallocation pipeline), not once per element.
    // The element loop then runs along rows (features innermost), so it reads contiguous memory
    // and vectorises; features outermost made every access a gather and a scatter.
    Value shiftColumn, scaleColumn;
    if (t.kind == K::Standardize || t.kind == K::MinMax) {
      Value first = state.buffer(stats->first), second = state.buffer(stats->second);
      shiftColumn = first;
      scaleColumn = memref::AllocOp::create(b, stepLoc, MemRefType::get({flowSize}, b.getF32Type()));
      loop(flowSize, [&](Value c) {
        Value s1 = memref::LoadOp::create(b, stepLoc, first, ValueRange{c});
        Value s2 = memref::LoadOp::create(b, stepLoc, second, ValueRange{c});
        // A feature without spread (std 0, or max = min) maps to 0 instead of dividing by 0.
        Value spread = t.kind == K::Standardize ? s2 : arith::SubFOp::create(b, stepLoc, s2, s1).getResult();
        Value flat = arith::CmpFOp::create(b, stepLoc, arith::CmpFPredicate::OLE, spread, f32(0));
        Value inv = arith::DivFOp::create(b, stepLoc, f32(1), spread);
        Value scale = arith::SelectOp::create(b, stepLoc, flat, f32(0), inv);
        memref::StoreOp::create(b, stepLoc, scale, scaleColumn, ValueRange{c});
      });
    }
    Value fillColumn = stats && t.kind == K::FillMissing && t.fill == FillMode::Mean
                           ? state.buffer(stats->first)
                           : Value();
    loop(rows, [&](Value r) {
      loop(flowSize, [&](Value c) {
        Value v = read(stepLoc, r, c);
        switch (t.kind) {
        case K::Scale:
          v = arith::MulFOp::create(b, stepLoc, v, f32(t.factor));
          break;
        case K::Clip:
          v = arith::MaximumFOp::create(b, stepLoc, v, f32(t.low));
          v = arith::MinimumFOp::create(b, stepLoc, v, f32(t.high));
          break;
        case K::Normalize: {
          // One statistic, or one per channel: select by c mod channels.
          int64_t channels = t.mean.size();
          Value channel = arith::RemUIOp::create(b, stepLoc, c, ctx.index(channels));
          auto stdOf = [&](int64_t k) {
            return t.std.empty() ? 1.0 : t.std[std::min<size_t>(k, t.std.size() - 1)];
          };
          Value mean = f32(t.mean[0]), stddev = f32(stdOf(0));
          for (int64_t k = 1; k < channels; ++k) {
            Value isK = arith::CmpIOp::create(b, stepLoc, arith::CmpIPredicate::eq, channel,
                                              ctx.index(k));
            mean = arith::SelectOp::create(b, stepLoc, isK, f32(t.mean[k]), mean);
            stddev = arith::SelectOp::create(b, stepLoc, isK, f32(stdOf(k)), stddev);
          }
          v = arith::SubFOp::create(b, stepLoc, v, mean);
          v = arith::DivFOp::create(b, stepLoc, v, stddev);
          break;
        }
        case K::Standardize:
        case K::MinMax: {
          Value shift = memref::LoadOp::create(b, stepLoc, shiftColumn, ValueRange{c});
          Value scale = memref::LoadOp::create(b, stepLoc, scaleColumn, ValueRange{c});
          v = arith::MulFOp::create(b, stepLoc, arith::SubFOp::create(b, stepLoc, v, shift), scale);
          break;
        }
        case K::FillMissing: {
          Value with = fillColumn ? memref::LoadOp::create(b, stepLoc, fillColumn, ValueRange{c}).getResult()
                                  : f32(t.fill == FillMode::Zero ? 0.0 : t.fillValue).getResult();
          Value missing = arith::CmpFOp::create(b, stepLoc, arith::CmpFPredicate::UNO, v, v);
          v = arith::SelectOp::create(b, stepLoc, missing, with, v);
          break;
        }
        default:
          break;
        }
        memref::StoreOp::create(b, stepLoc, v, x, ValueRange{r, c});
      });
    });
    bytes = Value();
  }
  if (bytes) // no per-element step: the conversion is the pass
    loopAt(loc, rows, [&](Value r) {
      loopAt(loc, flowSize, [&](Value c) { memref::StoreOp::create(b, loc, read(loc, r, c), x, ValueRange{r, c}); });
    });
  func::ReturnOp::create(b, loc);
}

void lepton::SupervisedTrainer::emitStatistics() {
  // statistics(dataset): for each statistics step, one pass over the training set preprocessed
  // up to that step, accumulating per feature (in f64, skipping missing values) the count, sum,
  // sum of squares, minimum and maximum; then mean and population std, or min and max.
  for (const StatStep &s : statSteps)
    emitPreprocess(("preprocess_upto" + std::to_string(s.position)), train.data, s.position);
  ctx.loc = loc;
  func::FuncOp fn = ctx.beginFunction(symbol("statistics"), {ctx.ptrType()}, {},
                                      /*isPublic=*/false);
  Value dataset = fn.getArgument(0);
  Value x = ctx.zeroedBuffer(flowBuffer);
  Type f64 = b.getF64Type();
  auto column = MemRefType::get({flowSize}, f64);
  Value count = ctx.call(RuntimeFn::lepton_dataset_count, {dataset});
  for (const StatStep &s : statSteps) {
    Value n = memref::AllocOp::create(b, loc, column), sum = memref::AllocOp::create(b, loc, column);
    Value sq = memref::AllocOp::create(b, loc, column), lo = memref::AllocOp::create(b, loc, column);
    Value hi = memref::AllocOp::create(b, loc, column);
    double inf = std::numeric_limits<double>::infinity();
    for (auto [buffer, start] : {std::pair{n, 0.0}, {sum, 0.0}, {sq, 0.0}, {lo, inf}, {hi, -inf}})
      linalg::FillOp::create(b, loc, ctx.f64(start), buffer);
    std::string upTo = "preprocess_upto" + std::to_string(s.position);
    forEachBatch(count, [&](Value start, Value size) {
      ctx.call(RuntimeFn::lepton_dataset_gather,
               {dataset, ctx.null(), start, size, ctx.pointer(x), ctx.null()});
      func::CallOp::create(b, loc, symbol(upTo), TypeRange{}, ValueRange{x});
      Value sizeIdx = arith::IndexCastOp::create(b, loc, b.getIndexType(), size);
      auto rows = ctx.forRange(sizeIdx);
      OpBuilder::InsertionGuard g(b);
      b.setInsertionPointToStart(rows.getBody());
      auto cols = ctx.forRange(flowSize);
      b.setInsertionPointToStart(cols.getBody());
      Value c = cols.getInductionVar();
      Value v32 = memref::LoadOp::create(b, loc, x, ValueRange{rows.getInductionVar(), c});
      Value present = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::ORD, v32, v32);
      auto use = scf::IfOp::create(b, loc, present, /*withElseRegion=*/false);
      b.setInsertionPointToStart(use.thenBlock());
      Value v = arith::ExtFOp::create(b, loc, f64, v32);
      auto update = [&](Value buffer, function_ref<Value(Value)> next) {
        Value old = memref::LoadOp::create(b, loc, buffer, ValueRange{c});
        memref::StoreOp::create(b, loc, next(old), buffer, ValueRange{c});
      };
      update(n, [&](Value o) { return arith::AddFOp::create(b, loc, o, ctx.f64(1)).getResult(); });
      update(sum, [&](Value o) { return arith::AddFOp::create(b, loc, o, v).getResult(); });
      update(sq, [&](Value o) {
        return arith::AddFOp::create(b, loc, o, arith::MulFOp::create(b, loc, v, v)).getResult();
      });
      update(lo, [&](Value o) { return arith::MinimumFOp::create(b, loc, o, v).getResult(); });
      update(hi, [&](Value o) { return arith::MaximumFOp::create(b, loc, o, v).getResult(); });
    });
    // The step's tensors, in f32.
    Value first = state.buffer(s.first);
    Value second = s.second.empty() ? Value() : state.buffer(s.second);
    auto cols = ctx.forRange(flowSize);
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(cols.getBody());
    Value c = cols.getInductionVar();
    auto at = [&](Value buffer) { return memref::LoadOp::create(b, loc, buffer, ValueRange{c}).getResult(); };
    Value present = at(n);
    Value count64 = arith::MaximumFOp::create(b, loc, present, ctx.f64(1)); // an all-missing feature: 0s
    Value mean = arith::DivFOp::create(b, loc, at(sum), count64);
    auto store = [&](Value v, Value buffer) {
      memref::StoreOp::create(b, loc, arith::TruncFOp::create(b, loc, b.getF32Type(), v), buffer,
                              ValueRange{c});
    };
    if (s.transform->kind == TransformKind::MinMax) {
      Value none = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, present, ctx.f64(0));
      Value zero = ctx.f64(0), low = at(lo), high = at(hi);
      store(arith::SelectOp::create(b, loc, none, zero, low), first);
      store(arith::SelectOp::create(b, loc, none, zero, high), second);
    } else {
      store(mean, first);
      if (second) {
        Value meanOfSquares = arith::DivFOp::create(b, loc, at(sq), count64);
        Value var = arith::SubFOp::create(b, loc, meanOfSquares, arith::MulFOp::create(b, loc, mean, mean));
        store(math::SqrtOp::create(b, loc, arith::MaximumFOp::create(b, loc, var, ctx.f64(0))), second);
      }
    }
  }
  func::ReturnOp::create(b, loc);
}
