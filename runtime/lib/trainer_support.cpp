// trainer_support.cpp — small services of generated trainers: run settings as JSON, predict's input.
#include "lepton/runtime.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

extern "C" {

char *lepton_settings_json(const char *fields, int64_t epochs, int64_t seed) {
  // The generated code knows the settings of the .lep file at compile time; epochs and seed may
  // be overridden on the command line, so they are added here, at run time.
  std::string json = "{\"epochs\": " + std::to_string(epochs) + ", \"seed\": " + std::to_string(seed);
  if (fields && *fields)
    json += std::string(", ") + fields;
  json += "}";
  char *out = static_cast<char *>(std::malloc(json.size() + 1));
  if (!out) {
    lepton_error(LEPTON_ERR_NOMEM, "out of memory: cannot format the run's settings");
    return nullptr;
  }
  std::memcpy(out, json.c_str(), json.size() + 1);
  return out;
}

void lepton_string_free(char *s) { std::free(s); }

int32_t lepton_is_stdout_path(const char *path) { return path && std::strcmp(path, "-") == 0; }

lepton_dataset *lepton_dataset_load_samples(const char *path, const int64_t *sample_shape, int32_t rank) {
  return lepton_dataset_load_samples_as(path, sample_shape, rank, 0);
}

lepton_dataset *lepton_dataset_load_samples_as(const char *path, const int64_t *sample_shape, int32_t rank,
                                               int32_t csv_flags) {
  // predict's --input: samples without labels, as CSV (".csv", ".csv.gz"), NPY (".npy", ".npy.gz") or IDX.
  if (!path) {
    lepton_error(LEPTON_ERR_INVALID, "lepton_dataset_load_samples: no path");
    return nullptr;
  }
  size_t n = std::strlen(path);
  auto endsWith = [&](const char *suffix) {
    size_t k = std::strlen(suffix);
    return n >= k && std::strcmp(path + n - k, suffix) == 0;
  };
  if (endsWith(".csv") || endsWith(".csv.gz"))
    return lepton_dataset_load_csv(path, sample_shape, rank, 0, 1, nullptr, -1,
                                   LEPTON_CSV_HEADER_AUTO | (csv_flags & LEPTON_CSV_ALLOW_MISSING), 0);
  if (endsWith(".npy") || endsWith(".npy.gz"))
    return lepton_dataset_load_npy(path, nullptr, sample_shape, rank, 0, 1, 0);
  return lepton_dataset_load_idx(path, nullptr, sample_shape, rank, 0, 0);
}

} // extern "C"

extern "C" double lepton_cross_entropy_sum(const float *logits, const int32_t *labels, int64_t n,
                                           int64_t classes) {
  // Σ over rows of logsumexp(row) − row[label], in double, the row maximum subtracted first.
  double sum = 0;
  for (int64_t i = 0; i < n; ++i) {
    const float *row = logits + i * classes;
    double top = row[0];
    for (int64_t c = 1; c < classes; ++c)
      top = row[c] > top ? row[c] : top;
    double total = 0;
    for (int64_t c = 0; c < classes; ++c)
      total += std::exp(double(row[c]) - top);
    int32_t label = labels[i];
    double picked = label >= 0 && label < classes ? double(row[label]) : top;
    sum += std::log(total) + top - picked;
  }
  return sum;
}
