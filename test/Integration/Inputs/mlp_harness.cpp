// mlp_harness.cpp — drives mlp-gradient-vs-reference.mlir's compiled whole-model gradients against the Eigen reference.
#include "activations.h"
#include "finite_differences.h"
#include "layers.h"
#include "losses.h"
#include "memref.h"

using namespace ref;

template <int N> using F32 = MemRef<float, N>;
using I32 = MemRef<int32_t, 1>;

extern "C" {
struct ClassifierGradient {
  F32<0> loss;
  F32<2> dx, dw1;
  F32<1> db1;
  F32<2> dw2;
  F32<1> db2;
  F32<2> dw3;
  F32<1> db3;
};
void _mlir_ciface_classifier_gradient(ClassifierGradient *r, F32<2> *x, I32 *labels, F32<1> *weights,
                                      F32<2> *w1, F32<1> *b1, F32<2> *w2, F32<1> *b2, F32<2> *w3, F32<1> *b3);
struct TaggerGradient {
  F32<0> loss;
  F32<2> dw1;
  F32<1> db1;
  F32<2> dw2;
};
void _mlir_ciface_tagger_gradient(TaggerGradient *r, F32<2> *x, F32<2> *target, F32<1> *weights, int64_t key,
                                  F32<2> *w1, F32<1> *b1, F32<2> *w2);
}

namespace {

// 19 rows, the last 4 padding (weight 0 but random data, as a partial last batch would never
// hold), through layers whose widths exercise full vectors, masked tails and leftover rows.
constexpr int64_t kBatch = 19, kReal = 15, kIn = 13;

/// Weights drawn as PyTorch's nn.Linear draws them, ±1/√fan_in, times 1.5 for livelier activations.
Mat linearWeight(Random &rng, int64_t in, int64_t out) {
  double bound = 1.5 / std::sqrt(static_cast<double>(in));
  return rng.matrix(in, out, -bound, bound);
}

/// Redraws each input row until every pre-activation of the first layer is 1e-2 away from the
/// kink at 0, so the loss is smooth around the inputs (for finite differences) and f32 and f64
/// agree on which units are active.
void keepOffKinks(Random &rng, Mat &x, const Mat &w, const Vec &b) {
  for (int64_t r = 0; r < x.rows(); ++r) {
    while ((dense(x.row(r), w, &b).array().abs() < 1e-2).any())
      x.row(r) = rng.matrix(1, x.cols(), -1.5, 1.5);
  }
}

// ---- model A: relu and tanh layers, softmax cross-entropy, l2 on every weight ----

const double kL2 = f32(0.05);

struct Classifier {
  Mat w1;
  Vec b1;
  Mat w2;
  Vec b2;
  Mat w3;
  Vec b3;
};

double classifierLoss(const Mat &x, const Labels &labels, const Vec &weights, const Classifier &p) {
  Mat a1 = relu(dense(x, p.w1, &p.b1));
  Mat a2 = ref::tanh(dense(a1, p.w2, &p.b2));
  Mat z = dense(a2, p.w3, &p.b3);
  return softmaxCrossEntropy(z, labels, weights) + l2(p.w1, kL2) + l2(p.w2, kL2) + l2(p.w3, kL2);
}

/// Reverse sweep by hand through the reference ops' VJPs.
std::pair<Mat, Classifier> classifierBackward(const Mat &x, const Labels &labels, const Vec &weights,
                                              const Classifier &p) {
  Mat h1 = dense(x, p.w1, &p.b1), a1 = relu(h1);
  Mat h2 = dense(a1, p.w2, &p.b2), a2 = ref::tanh(h2);
  Mat z = dense(a2, p.w3, &p.b3);
  DenseGrads g3 = denseBackward(a2, p.w3, softmaxCrossEntropyBackward(z, labels, weights));
  DenseGrads g2 = denseBackward(a1, p.w2, tanhBackward(h2, g3.dx));
  DenseGrads g1 = denseBackward(x, p.w1, reluBackward(h1, g2.dx));
  Classifier d{g1.dw + l2Backward(p.w1, kL2), g1.db, g2.dw + l2Backward(p.w2, kL2), g2.db,
               g3.dw + l2Backward(p.w3, kL2), g3.db};
  return {g1.dx, d};
}

void checkClassifier(Report &report, Random &rng) {
  Classifier p{linearWeight(rng, kIn, 37), rng.vector(37, -0.3, 0.3), linearWeight(rng, 37, 19),
               rng.vector(19, -0.3, 0.3), linearWeight(rng, 19, 5), rng.vector(5, -0.3, 0.3)};
  Mat x = rng.matrix(kBatch, kIn, -1.5, 1.5);
  keepOffKinks(rng, x, p.w1, p.b1);
  Labels labels = rng.labels(kBatch, 5);
  // 1 for the real rows (the trainer uses 1/n; a sum keeps the gradients of order 1 against the
  // absolute tolerance), 0 for the padding rows.
  Vec weights = Vec::Zero(kBatch);
  weights.head(kReal).setOnes();

  double loss = classifierLoss(x, labels, weights, p);
  auto [dx, d] = classifierBackward(x, labels, weights, p);
  // The loss as a function of one parameter (a member of Classifier), the others fixed.
  auto wrt = [&](auto member) {
    return [&, member](const auto &value) {
      Classifier q = p;
      q.*member = value;
      return classifierLoss(x, labels, weights, q);
    };
  };
  checkGradient(report, "classifier.dx", x, dx,
                [&](const Mat &v) { return classifierLoss(v, labels, weights, p); });
  checkGradient(report, "classifier.dw1", p.w1, d.w1, wrt(&Classifier::w1));
  checkGradient(report, "classifier.db1", p.b1, d.b1, wrt(&Classifier::b1));
  checkGradient(report, "classifier.dw2", p.w2, d.w2, wrt(&Classifier::w2));
  checkGradient(report, "classifier.db2", p.b2, d.b2, wrt(&Classifier::b2));
  checkGradient(report, "classifier.dw3", p.w3, d.w3, wrt(&Classifier::w3));
  checkGradient(report, "classifier.db3", p.b3, d.b3, wrt(&Classifier::b3));

  auto xm = operand(x), w1 = operand(p.w1), w2 = operand(p.w2), w3 = operand(p.w3);
  auto b1 = operand(p.b1), b2 = operand(p.b2), b3 = operand(p.b3), wm = operand(weights);
  auto lm = operand(labels);
  ClassifierGradient r;
  _mlir_ciface_classifier_gradient(&r, xm.get(), lm.get(), wm.get(), w1.get(), b1.get(), w2.get(),
                                   b2.get(), w3.get(), b3.get());
  report.compare("classifier.loss", scalar(r.loss), loss);
  report.compare("classifier.dx", values(r.dx), dx);
  report.compare("classifier.dw1", values(r.dw1), d.w1);
  report.compare("classifier.db1", values(r.db1), d.b1);
  report.compare("classifier.dw2", values(r.dw2), d.w2);
  report.compare("classifier.db2", values(r.db2), d.b2);
  report.compare("classifier.dw3", values(r.dw3), d.w3);
  report.compare("classifier.db3", values(r.db3), d.b3);
}

// ---- model B: leaky_relu, dropout, a dense layer without bias, binary cross-entropy, l1 ----

const double kL1 = f32(0.01), kSlope = f32(0.1);
constexpr float kRate = 0.25f;
constexpr uint64_t kKey = 0xD1B54A32D192ED03ull;

struct Tagger {
  Mat w1;
  Vec b1;
  Mat w2;
};

double taggerLoss(const Mat &x, const Mat &target, const Vec &weights, const Tagger &p) {
  Mat a = dropout(leakyRelu(dense(x, p.w1, &p.b1), kSlope), kKey, kRate);
  return binaryCrossEntropy(dense(a, p.w2), target, weights) + l1(p.w1, kL1);
}

Tagger taggerBackward(const Mat &x, const Mat &target, const Vec &weights, const Tagger &p) {
  Mat h = dense(x, p.w1, &p.b1);
  Mat a = dropout(leakyRelu(h, kSlope), kKey, kRate);
  Mat z = dense(a, p.w2);
  DenseGrads g2 = denseBackward(a, p.w2, binaryCrossEntropyBackward(z, target, weights));
  Mat dh = leakyReluBackward(h, dropoutBackward(g2.dx, kKey, kRate), kSlope);
  DenseGrads g1 = denseBackward(x, p.w1, dh);
  return {g1.dw + l1Backward(p.w1, kL1), g1.db, g2.dw};
}

void checkTagger(Report &report, Random &rng) {
  // l1's kink at 0 kept away from as well.
  Tagger p{rng.matrixAwayFromZero(kIn, 29, 1e-2, 1.5 / std::sqrt(13.0)), rng.vector(29, -0.3, 0.3),
           linearWeight(rng, 29, 3)};
  Mat x = rng.matrix(kBatch, kIn, -1.5, 1.5);
  keepOffKinks(rng, x, p.w1, p.b1);
  Mat target = rng.matrix(kBatch, 3, 0, 1);
  Vec weights = rng.vector(kBatch, 0.5, 1.5);
  weights.tail(kBatch - kReal).setZero();

  double loss = taggerLoss(x, target, weights, p);
  Tagger d = taggerBackward(x, target, weights, p);
  auto wrt = [&](auto member) {
    return [&, member](const auto &value) {
      Tagger q = p;
      q.*member = value;
      return taggerLoss(x, target, weights, q);
    };
  };
  checkGradient(report, "tagger.dw1", p.w1, d.w1, wrt(&Tagger::w1));
  checkGradient(report, "tagger.db1", p.b1, d.b1, wrt(&Tagger::b1));
  checkGradient(report, "tagger.dw2", p.w2, d.w2, wrt(&Tagger::w2));

  auto xm = operand(x), tm = operand(target), w1 = operand(p.w1), w2 = operand(p.w2);
  auto b1 = operand(p.b1), wm = operand(weights);
  TaggerGradient r;
  _mlir_ciface_tagger_gradient(&r, xm.get(), tm.get(), wm.get(), static_cast<int64_t>(kKey), w1.get(),
                               b1.get(), w2.get());
  report.compare("tagger.loss", scalar(r.loss), loss);
  report.compare("tagger.dw1", values(r.dw1), d.w1);
  report.compare("tagger.db1", values(r.db1), d.b1);
  report.compare("tagger.dw2", values(r.dw2), d.w2);
}

} // namespace

int main() {
  Report report;
  Random rng(3);
  checkClassifier(report, rng);
  checkTagger(report, rng);
  return report.finish();
}
