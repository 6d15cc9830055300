// predictions.cpp — predict's CSV output: index, predicted class and softmax probabilities per sample.
#include "notice.h"
#include "output_file.h"

#include <cmath>
#include <new>
#include <vector>

struct lepton_predictions {
  lepton::rt::OutputFile file;
  int64_t classes = 0; // values per sample
  int32_t kind = LEPTON_PREDICT_CLASSES;
  int64_t next = 0; // index of the next row
  std::string path; // for the "wrote N predictions to F" notice
};

extern "C" {

lepton_predictions *lepton_predictions_open(const char *path, int64_t classes) {
  return lepton_predictions_open_as(path, classes, LEPTON_PREDICT_CLASSES);
}

lepton_predictions *lepton_predictions_open_as(const char *path, int64_t classes, int32_t kind) {
  using namespace lepton::rt;
  if (!path || classes < 1 || classes > (1 << 20) || kind < LEPTON_PREDICT_CLASSES ||
      kind > LEPTON_PREDICT_VALUES || (kind == LEPTON_PREDICT_BINARY && classes != 1)) {
    fail(LEPTON_ERR_INVALID, "lepton_predictions_open: invalid arguments (classes %lld)",
         static_cast<long long>(classes));
    return nullptr;
  }
  auto *w = new (std::nothrow) lepton_predictions;
  if (!w) {
    fail(LEPTON_ERR_NOMEM, "out of memory: cannot create a predictions writer");
    return nullptr;
  }
  w->classes = classes;
  w->kind = kind;
  w->path = path;
  std::string header = kind == LEPTON_PREDICT_VALUES ? "index" : kind == LEPTON_PREDICT_BINARY ? "index,class,p1" : "index,class";
  for (int64_t c = 0; kind != LEPTON_PREDICT_BINARY && c < classes; ++c)
    header += format(kind == LEPTON_PREDICT_VALUES ? ",y%lld" : ",p%lld", static_cast<long long>(c));
  if (w->file.open(path, "predictions", true) || w->file.write(header + "\n")) {
    delete w;
    return nullptr;
  }
  return w;
}

int32_t lepton_predictions_write(lepton_predictions *w, const float *logits, int64_t n, int64_t classes) {
  using namespace lepton::rt;
  if (!w || n < 0 || (n > 0 && !logits) || classes != w->classes)
    return fail(LEPTON_ERR_INVALID, "lepton_predictions_write: invalid arguments (n %lld, classes %lld)",
                static_cast<long long>(n), static_cast<long long>(classes));
  std::vector<double> p(static_cast<size_t>(classes));
  std::string rows;
  for (int64_t i = 0; i < n; ++i) {
    const float *row = logits + i * classes;
    if (w->kind == LEPTON_PREDICT_VALUES) {
      rows += format("%lld", static_cast<long long>(w->next++));
      for (int64_t c = 0; c < classes; ++c)
        rows += format(",%.9g", static_cast<double>(row[c]));
      rows += '\n';
      continue;
    }
    if (w->kind == LEPTON_PREDICT_BINARY) {
      double logit = row[0];
      rows += format("%lld,%d,%.6g\n", static_cast<long long>(w->next++), logit > 0 ? 1 : 0,
                     1.0 / (1.0 + std::exp(-logit)));
      continue;
    }
    double max = -INFINITY;
    int64_t best = 0;
    for (int64_t c = 0; c < classes; ++c)
      if (row[c] > max) // first maximum wins; NaN never does
        max = row[c], best = c;
    double sum = 0;
    for (int64_t c = 0; c < classes; ++c)
      sum += p[static_cast<size_t>(c)] = std::exp(static_cast<double>(row[c]) - max);
    rows += format("%lld,%lld", static_cast<long long>(w->next++), static_cast<long long>(best));
    for (int64_t c = 0; c < classes; ++c)
      rows += format(",%.6g", p[static_cast<size_t>(c)] / sum);
    rows += '\n';
  }
  return w->file.write(rows);
}

int32_t lepton_predictions_close(lepton_predictions *w) {
  if (!w)
    return LEPTON_OK;
  int32_t rc = w->file.commit();
  if (rc == LEPTON_OK && !w->file.toStdout())
    lepton::rt::notice("wrote %lld predictions to %s (%s)", static_cast<long long>(w->next), w->path.c_str(),
                       lepton::rt::sizeText(w->file.size()).c_str());
  delete w;
  return rc;
}

} // extern "C"
