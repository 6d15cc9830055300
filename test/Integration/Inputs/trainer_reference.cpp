// trainer_reference.cpp — an f64 reference trainer: replays a compiled trainer's run from its initial checkpoint
// and compares the loss of every epoch, the validation results and the trained parameters.
//
// Usage: trainer_reference --init INIT.ckpt --trained TRAINED.ckpt --images F --labels F
//          --batch B --epochs E --optimizer sgd|adam --lr X [--momentum M]
//          [--schedule constant | step:EVERY:GAMMA | cosine:MIN_LR] [--warmup W] [--l1 K:LAMBDA] [--l2 K:LAMBDA]
//          [--limit N] [--valid-images F --valid-labels F] [--run FILE] [--tolerance ABS:REL] [--accuracy-slack N]
//
// The model comes from the checkpoints' signature (dense layers only: `dense(UNITS[,ACT][,nobias])`), the data
// from u8 IDX files (gzip or raw) preprocessed as `scale(1/255) flatten()`, in file order (`shuffle: false`).
// Each batch's loss is the mean softmax cross-entropy over its real samples — the padding rows of the compiled
// code do not exist here — plus λΣ|w| (--l1) or λΣw² (--l2) on dense layer K's weight; the optimizers are the
// torch.optim transcriptions of optimizers.h, with the learning rate of the epoch's schedule rounded to f32 as
// the train step receives it. --run is the trainer's JSON epochs as lines "loss val_loss val_accuracy" (nan
// when absent). Prints one line per check, then "all N checks passed"; exits 1 on any failure.
#include "activations.h"
#include "common.h"
#include "layers.h"
#include "losses.h"
#include "optimizers.h"

#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <zlib.h>

namespace {

[[noreturn]] void die(const std::string &message) {
  std::fprintf(stderr, "trainer_reference: %s\n", message.c_str());
  std::exit(2);
}

// ---- inputs -------------------------------------------------------------------------------------------------

struct Checkpoint {
  std::string signature;
  std::vector<std::string> names;
  std::vector<std::vector<float>> values;
};

/// A LEPTCKPT file (docs/abi.md); the checksum is read_checkpoint.py's business.
Checkpoint readCheckpoint(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), {});
  size_t pos = 0;
  auto take = [&](size_t n) {
    if (pos + n > bytes.size())
      die(path + ": truncated");
    std::string piece = bytes.substr(pos, n);
    pos += n;
    return piece;
  };
  auto u32 = [&] {
    uint32_t v;
    std::memcpy(&v, take(4).data(), 4);
    return v;
  };
  if (take(8) != "LEPTCKPT" || u32() != 1)
    die(path + ": not a version 1 checkpoint");
  Checkpoint ck;
  ck.signature = take(u32());
  for (uint32_t count = u32(), t = 0; t < count; ++t) {
    ck.names.push_back(take(u32()));
    int64_t elements = 1;
    for (uint32_t rank = u32(), d = 0; d < rank; ++d) {
      int64_t dim;
      std::memcpy(&dim, take(8).data(), 8);
      elements *= dim;
    }
    std::vector<float> v(static_cast<size_t>(elements));
    std::memcpy(v.data(), take(4 * v.size()).data(), 4 * v.size());
    ck.values.push_back(std::move(v));
  }
  return ck;
}

/// The whole content of a file, gunzipped when it is gzip (zlib reads raw files as they are).
std::string readMaybeGzip(const std::string &path) {
  gzFile f = gzopen(path.c_str(), "rb");
  if (!f)
    die("cannot read " + path);
  std::string out;
  char buffer[1 << 16];
  for (int n; (n = gzread(f, buffer, sizeof buffer)) > 0;)
    out.append(buffer, static_cast<size_t>(n));
  gzclose(f);
  return out;
}

uint32_t bigEndian(const std::string &s, size_t at) {
  const auto *p = reinterpret_cast<const unsigned char *>(s.data() + at);
  return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3];
}

struct Data {
  ref::Mat x; // (count, features), scaled as the compiled preprocessing does it, in f32
  ref::Labels labels;
};

/// The first `limit` samples (all when limit < 0) of a pair of IDX files, as the runtime's `limit:`.
Data readIdx(const std::string &imagesPath, const std::string &labelsPath, int64_t limit = -1) {
  std::string images = readMaybeGzip(imagesPath), labels = readMaybeGzip(labelsPath);
  if (images.size() < 4 || images[2] != 8 || labels.size() < 8 || labels[2] != 8)
    die("not u8 IDX files: " + imagesPath + ", " + labelsPath);
  int rank = images[3];
  int64_t count = bigEndian(images, 4), features = 1;
  for (int d = 1; d < rank; ++d)
    features *= bigEndian(images, 4 + 4 * static_cast<size_t>(d));
  size_t header = 4 + 4 * static_cast<size_t>(rank);
  if (bigEndian(labels, 4) != static_cast<uint32_t>(count) ||
      images.size() != header + static_cast<size_t>(count * features))
    die("inconsistent IDX files " + imagesPath + ", " + labelsPath);
  if (limit >= 0)
    count = std::min(count, limit);
  Data data{ref::Mat(count, features), ref::Labels(static_cast<size_t>(count))};
  const float scale = static_cast<float>(1.0 / 255); // scale(1/255): an f32 constant, an f32 product
  for (int64_t i = 0; i < count * features; ++i)
    data.x.data()[i] = static_cast<double>(static_cast<float>(static_cast<unsigned char>(images[header + i])) * scale);
  for (int64_t i = 0; i < count; ++i)
    data.labels[i] = static_cast<unsigned char>(labels[8 + i]);
  return data;
}

// ---- the model ----------------------------------------------------------------------------------------------

enum class Act { Linear, Relu, Tanh, Sigmoid };

struct Dense {
  Act act = Act::Linear;
  bool bias = true;
  double l1 = 0, l2 = 0;
  ref::Mat w; // (in, out)
  ref::Mat b; // (1, out), empty without bias
};

/// The layers named by a signature `pipeline:model:f32[784]>dense(128,relu)>dense(10)`, shapes from the tensors.
std::vector<Dense> modelOf(const Checkpoint &ck) {
  std::vector<Dense> layers;
  std::stringstream parts(ck.signature);
  std::string part;
  std::getline(parts, part, '>'); // the input
  size_t tensor = 0;
  int64_t in = -1;
  {
    size_t open = part.rfind('['), close = part.rfind(']');
    in = 1;
    std::stringstream dims(part.substr(open + 1, close - open - 1));
    for (std::string d; std::getline(dims, d, ',');)
      in *= std::stoll(d);
  }
  while (std::getline(parts, part, '>')) {
    if (part.rfind("dense(", 0) != 0)
      die("only dense layers are supported: " + part);
    Dense layer;
    std::stringstream args(part.substr(6, part.size() - 7));
    std::string units, arg;
    std::getline(args, units, ',');
    while (std::getline(args, arg, ',')) {
      if (arg == "relu") layer.act = Act::Relu;
      else if (arg == "tanh") layer.act = Act::Tanh;
      else if (arg == "sigmoid") layer.act = Act::Sigmoid;
      else if (arg == "nobias") layer.bias = false;
      else die("unsupported dense argument " + arg);
    }
    int64_t out = std::stoll(units);
    if (tensor >= ck.values.size() || static_cast<int64_t>(ck.values[tensor].size()) != in * out)
      die("the checkpoint's tensors do not match " + ck.signature);
    layer.w = ref::Mat(in, out);
    for (int64_t i = 0; i < in * out; ++i)
      layer.w.data()[i] = ck.values[tensor][static_cast<size_t>(i)];
    ++tensor;
    if (layer.bias) {
      layer.b = ref::Mat(1, out);
      for (int64_t i = 0; i < out; ++i)
        layer.b.data()[i] = ck.values[tensor][static_cast<size_t>(i)];
      ++tensor;
    }
    layers.push_back(std::move(layer));
    in = out;
  }
  if (tensor != ck.values.size())
    die("the checkpoint holds more tensors than " + ck.signature);
  return layers;
}

ref::Mat activate(Act act, const ref::Mat &z) {
  switch (act) {
  case Act::Linear: return z;
  case Act::Relu: return ref::relu(z);
  case Act::Tanh: return ref::tanh(z);
  case Act::Sigmoid: return ref::sigmoid(z);
  }
  return z;
}

ref::Mat activateBackward(Act act, const ref::Mat &z, const ref::Mat &dy) {
  switch (act) {
  case Act::Linear: return dy;
  case Act::Relu: return ref::reluBackward(z, dy);
  case Act::Tanh: return ref::tanhBackward(z, dy);
  case Act::Sigmoid: return ref::sigmoidBackward(z, dy);
  }
  return dy;
}

/// Pre-activations (z) and outputs (a, a[0] = x) of every layer.
struct Forward {
  std::vector<ref::Mat> z, a;
};

Forward forward(const std::vector<Dense> &layers, const ref::Mat &x) {
  Forward f;
  f.a.push_back(x);
  for (const Dense &layer : layers) {
    ref::Vec bias;
    if (layer.bias)
      bias = layer.b.row(0).transpose();
    f.z.push_back(ref::dense(f.a.back(), layer.w, layer.bias ? &bias : nullptr));
    f.a.push_back(activate(layer.act, f.z.back()));
  }
  return f;
}

int64_t countCorrect(const ref::Mat &logits, const ref::Labels &labels) {
  int64_t right = 0;
  for (int64_t r = 0; r < logits.rows(); ++r) {
    Eigen::Index best;
    logits.row(r).maxCoeff(&best); // the first of equal maxima, as lepton_count_correct
    right += best == labels[static_cast<size_t>(r)];
  }
  return right;
}

/// One parameter tensor's optimizer state.
struct State {
  ref::Mat velocity, m, v;
};

// ---- checks -------------------------------------------------------------------------------------------------

struct Checks {
  int checks = 0, failures = 0;
  double abs = ref::kAbsTol, rel = ref::kRelTol;

  void compare(const std::string &name, const std::vector<float> &actual, const ref::Mat &expected) {
    ++checks;
    if (static_cast<int64_t>(actual.size()) != expected.size()) {
      ++failures;
      std::printf("%s FAIL (%zu elements, want %lld)\n", name.c_str(), actual.size(),
                  static_cast<long long>(expected.size()));
      return;
    }
    double maxErr = 0, worst = 0, scale = 0;
    int64_t worstAt = 0;
    for (int64_t i = 0; i < expected.size(); ++i) {
      double want = expected.data()[i], err = std::fabs(actual[static_cast<size_t>(i)] - want);
      double ratio = err / (abs + rel * std::fabs(want));
      scale = std::max(scale, std::fabs(want));
      if (!(err <= maxErr))
        maxErr = err;
      if (!(ratio <= worst))
        worst = ratio, worstAt = i;
    }
    verdict(name, worst <= 1.0, maxErr, scale, actual[static_cast<size_t>(worstAt)],
            expected.data()[worstAt], worstAt);
  }
  void compare(const std::string &name, double actual, double expected) {
    ref::Mat e(1, 1);
    e(0, 0) = expected;
    compare(name, std::vector<float>{static_cast<float>(actual)}, e);
  }
  /// Counts a failure and prints the check's line (the caller counts the check).
  void verdict(const std::string &name, bool ok, double err, double scale, double got, double want, int64_t at) {
    failures += !ok;
    if (ok)
      std::printf("%s max_abs_err=%.3g max_ref=%.3g ok\n", name.c_str(), err, scale);
    else
      std::printf("%s max_abs_err=%.3g max_ref=%.3g FAIL (element %lld: got %.9g, want %.9g)\n", name.c_str(),
                  err, scale, static_cast<long long>(at), got, want);
  }
};

} // namespace

int main(int argc, char **argv) {
  std::map<std::string, std::string> opt;
  std::vector<std::pair<int, double>> l1s, l2s;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string key = argv[i], value = argv[i + 1];
    if (key == "--l1" || key == "--l2") {
      size_t colon = value.find(':');
      (key == "--l1" ? l1s : l2s).push_back({std::stoi(value.substr(0, colon)), std::stod(value.substr(colon + 1))});
    } else {
      opt[key.substr(2)] = value;
    }
  }
  for (const char *required : {"init", "trained", "images", "labels", "batch", "epochs", "optimizer", "lr"})
    if (!opt.count(required))
      die(std::string("missing --") + required);

  Checkpoint init = readCheckpoint(opt["init"]), trained = readCheckpoint(opt["trained"]);
  if (init.signature != trained.signature || init.names != trained.names)
    die("the two checkpoints are of different models");
  std::vector<Dense> layers = modelOf(init);
  for (auto [k, lambda] : l1s)
    layers.at(static_cast<size_t>(k)).l1 = ref::f32(lambda);
  for (auto [k, lambda] : l2s)
    layers.at(static_cast<size_t>(k)).l2 = ref::f32(lambda);
  Data train = readIdx(opt["images"], opt["labels"], opt.count("limit") ? std::stoll(opt["limit"]) : -1);
  bool validate = opt.count("valid-images");
  Data valid = validate ? readIdx(opt["valid-images"], opt["valid-labels"]) : Data{};
  const int64_t batch = std::stoll(opt["batch"]), epochs = std::stoll(opt["epochs"]);
  const double lr0 = std::stod(opt["lr"]), momentum = opt.count("momentum") ? std::stod(opt["momentum"]) : 0;
  const bool adam = opt["optimizer"] == "adam";
  std::string schedule = opt.count("schedule") ? opt["schedule"] : "constant";
  const int64_t warmup = opt.count("warmup") ? std::stoll(opt["warmup"]) : 0;
  Checks checks;
  if (opt.count("tolerance")) {
    size_t colon = opt["tolerance"].find(':');
    checks.abs = std::stod(opt["tolerance"].substr(0, colon));
    checks.rel = std::stod(opt["tolerance"].substr(colon + 1));
  }
  const int64_t slack = opt.count("accuracy-slack") ? std::stoll(opt["accuracy-slack"]) : 0;

  // The trainer's epochs: loss, val_loss, val_accuracy.
  std::vector<std::array<double, 3>> run;
  if (opt.count("run")) {
    std::ifstream in(opt["run"]);
    for (std::string a, b, c; in >> a >> b >> c;) // std::stod reads "nan", operator>> does not
      run.push_back({std::stod(a), std::stod(b), std::stod(c)});
    if (static_cast<int64_t>(run.size()) != epochs)
      die("--run has " + std::to_string(run.size()) + " epochs, want " + std::to_string(epochs));
  }

  // The learning rate of epoch e (0-based), as the generated code computes it (f64), then rounded to f32.
  auto learningRate = [&](int64_t e) {
    double lr = lr0;
    if (schedule.rfind("step:", 0) == 0) {
      int64_t every = std::stoll(schedule.substr(5));
      double gamma = std::stod(schedule.substr(schedule.rfind(':') + 1));
      lr = lr0 * std::pow(gamma, static_cast<double>(e / every));
    } else if (schedule.rfind("cosine:", 0) == 0) {
      double minLr = std::stod(schedule.substr(7));
      lr = minLr + 0.5 * (lr0 - minLr) * (1 + std::cos(M_PI * static_cast<double>(e) / static_cast<double>(epochs)));
    } else if (schedule != "constant") {
      die("unknown schedule " + schedule);
    }
    if (warmup > 0) // docs/language.md: epoch e's rate times min(1, (e + 1) / (W + 1))
      lr *= std::min(1.0, static_cast<double>(e + 1) / static_cast<double>(warmup + 1));
    return ref::f32(lr);
  };

  std::vector<State> wState(layers.size()), bState(layers.size());
  for (size_t k = 0; k < layers.size(); ++k) {
    const ref::Mat &w = layers[k].w, &b = layers[k].b;
    wState[k] = {ref::Mat::Zero(w.rows(), w.cols()), ref::Mat::Zero(w.rows(), w.cols()),
                 ref::Mat::Zero(w.rows(), w.cols())};
    bState[k] = {ref::Mat::Zero(b.rows(), b.cols()), ref::Mat::Zero(b.rows(), b.cols()),
                 ref::Mat::Zero(b.rows(), b.cols())};
  }
  auto update = [&](ref::Mat &param, const ref::Mat &grad, State &s, double lr, int64_t step) {
    if (adam)
      ref::adamStep(param, grad, s.m, s.v, lr, step, ref::AdamOptions{});
    else
      ref::sgdStep(param, grad, s.velocity, lr, ref::SgdOptions{momentum, 0, false});
  };

  const int64_t count = train.x.rows();
  int64_t step = 0;
  for (int64_t e = 0; e < epochs; ++e) {
    double lr = learningRate(e), lossSum = 0;
    std::printf("epoch %lld learning rate %.9g\n", static_cast<long long>(e + 1), lr);
    for (int64_t start = 0; start < count; start += batch) {
      const int64_t size = std::min(batch, count - start);
      ++step;
      ref::Mat x = train.x.middleRows(start, size);
      ref::Labels labels(train.labels.begin() + start, train.labels.begin() + start + size);
      ref::Vec weights = ref::paddedWeights(size, size); // the mean over the real samples
      Forward f = forward(layers, x);
      double loss = ref::softmaxCrossEntropy(f.a.back(), labels, weights);
      for (const Dense &layer : layers)
        loss += ref::l1(layer.w, layer.l1) + ref::l2(layer.w, layer.l2);
      lossSum += loss * static_cast<double>(size);
      ref::Mat dy = ref::softmaxCrossEntropyBackward(f.a.back(), labels, weights);
      for (size_t k = layers.size(); k-- > 0;) {
        Dense &layer = layers[k];
        ref::Mat dz = activateBackward(layer.act, f.z[k], dy);
        ref::DenseGrads g = ref::denseBackward(f.a[k], layer.w, dz);
        g.dw += ref::l1Backward(layer.w, layer.l1) + ref::l2Backward(layer.w, layer.l2);
        dy = g.dx;
        update(layer.w, g.dw, wState[k], lr, step);
        if (layer.bias)
          update(layer.b, g.db.transpose(), bState[k], lr, step);
      }
    }
    std::string epochName = "epoch " + std::to_string(e + 1);
    double trainLoss = lossSum / static_cast<double>(count);
    if (!run.empty())
      checks.compare(epochName + " loss", run[static_cast<size_t>(e)][0], trainLoss);
    if (validate) {
      Forward f = forward(layers, valid.x);
      int64_t n = valid.x.rows(), right = countCorrect(f.a.back(), valid.labels);
      double valLoss = ref::softmaxCrossEntropy(f.a.back(), valid.labels, ref::Vec::Constant(n, 1.0 / n));
      if (!run.empty()) {
        checks.compare(epochName + " val_loss", run[static_cast<size_t>(e)][1], valLoss);
        double got = run[static_cast<size_t>(e)][2] * static_cast<double>(n);
        ++checks.checks;
        checks.verdict(epochName + " val_accuracy (samples)", std::fabs(got - static_cast<double>(right)) <= slack + 0.5,
                       std::fabs(got - static_cast<double>(right)), static_cast<double>(right), got,
                       static_cast<double>(right), 0);
      }
    }
  }
  // The trained parameters, tensor by tensor in checkpoint order.
  size_t tensor = 0;
  for (const Dense &layer : layers) {
    checks.compare(trained.names[tensor], trained.values[tensor], layer.w);
    ++tensor;
    if (layer.bias) {
      checks.compare(trained.names[tensor], trained.values[tensor], layer.b);
      ++tensor;
    }
  }
  if (checks.failures == 0)
    std::printf("all %d checks passed\n", checks.checks);
  else
    std::printf("%d of %d checks FAILED\n", checks.failures, checks.checks);
  return checks.failures == 0 ? 0 : 1;
}
