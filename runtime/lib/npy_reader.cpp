// npy_reader.cpp — NumPy .npy samples + labels files, gzip or raw, checked against a declaration.
#include "dataset.h"
#include "npy_header.h"
#include "run_info.h"

#include <algorithm>
#include <cmath>
#include <memory>

namespace {

using namespace lepton::rt;

/// Bytes of data the header promises (dims < 2^62 each; the product is capped so that nothing overflows).
bool payloadBytes(const ByteStream &s, const NpyHeader &h, uint64_t &bytes) {
  unsigned __int128 n = h.itemSize;
  for (int64_t d : h.shape) {
    n *= static_cast<uint64_t>(d);
    if (n > (static_cast<unsigned __int128>(1) << 62))
      return fail(LEPTON_ERR_INPUT, "%s: the NPY header's %s%s describes more than 2^62 bytes of data",
                  s.path().c_str(), h.describe().c_str(), s.at(h.shapeAt).c_str()),
             false;
  }
  bytes = static_cast<uint64_t>(n);
  return true;
}

/// Reads exactly `size` bytes of data or reports what the header promised.
bool readExact(ByteStream &s, const NpyHeader &h, unsigned char *dst, size_t size, uint64_t needed) {
  size_t got;
  if (!s.read(dst, size, got))
    return false;
  if (got < size)
    return fail(LEPTON_ERR_INPUT, "%s: truncated NPY file: the data ends%s, but the header (%s) needs %llu bytes",
                s.path().c_str(), s.at(s.offset()).c_str(), h.describe().c_str(),
                static_cast<unsigned long long>(needed)),
           false;
  return true;
}

/// Checks that a raw (uncompressed) file holds `rows` rows before anything is allocated for them.
bool checkRawSize(ByteStream &s, const NpyHeader &h, uint64_t rowBytes, int64_t rows, uint64_t needed) {
  if (!s.compressed() && s.fileSize() < h.bytes + rowBytes * static_cast<uint64_t>(rows))
    return fail(LEPTON_ERR_INPUT, "%s: truncated NPY file: the data ends at byte %llu, but the header (%s) needs "
                                  "%llu bytes",
                s.path().c_str(), static_cast<unsigned long long>(s.fileSize()), h.describe().c_str(),
                static_cast<unsigned long long>(needed)),
           false;
  return true;
}

/// After the last row: anything more is an error (the header and the data disagree).
bool checkEnd(ByteStream &s, const NpyHeader &h) {
  unsigned char probe;
  size_t got;
  if (!s.read(&probe, 1, got))
    return false;
  if (got)
    return fail(LEPTON_ERR_INPUT, "%s: unexpected data after the last sample%s (the header's %s accounts for %llu "
                                  "bytes)",
                s.path().c_str(), s.at(s.offset() - 1).c_str(), h.describe().c_str(),
                static_cast<unsigned long long>(s.offset() - 1)),
           false;
  return true;
}

/// Opens the samples file and checks its header against the declaration.
bool openSamples(ByteStream &s, NpyHeader &h, uint64_t &needed, const char *path, const int64_t *shape,
                 int32_t rank) {
  if (!s.open(path) || !readNpyHeader(s, h) || !payloadBytes(s, h, needed))
    return false;
  needed += h.bytes;
  if (h.shape.empty())
    return fail(LEPTON_ERR_INPUT, "%s: the array is a scalar (shape ()%s); samples need shape (N, ...)", path,
                s.at(h.shapeAt).c_str()),
           false;
  std::vector<int64_t> sampleDims(h.shape.begin() + 1, h.shape.end());
  if (!shapeMatches(shape, rank, sampleDims))
    return fail(LEPTON_ERR_INPUT, "%s: samples of shape %s (NPY header 'shape' %s%s) do not match the dataset's "
                                  "declared shape %s",
                path, shapeText(sampleDims.data(), static_cast<int32_t>(sampleDims.size()), true).c_str(),
                h.shapeText().c_str(), s.at(h.shapeAt).c_str(), shapeText(shape, rank, true).c_str()),
           false;
  if (h.shape[0] == 0)
    return fail(LEPTON_ERR_INPUT, "%s: the file holds no samples (shape %s%s)", path, h.shapeText().c_str(),
                s.at(h.shapeAt).c_str()),
           false;
  return true;
}

/// Opens the labels file and checks its header: one value per sample ((N,) or (N, 1, ...)) when numTargets is 1,
/// else exactly (N, numTargets); an integer dtype for class labels.
bool openLabels(ByteStream &s, NpyHeader &h, uint64_t &needed, const char *path, int32_t numClasses,
                int32_t numTargets) {
  if (!s.open(path) || !readNpyHeader(s, h) || !payloadBytes(s, h, needed))
    return false;
  needed += h.bytes;
  if (numTargets > 1) {
    if (h.shape.size() != 2 || h.shape[1] != numTargets)
      return fail(LEPTON_ERR_INPUT, "%s: a labels file with %d targets per sample has shape (N, %d), but its shape "
                                    "is %s%s",
                  path, numTargets, numTargets, h.shapeText().c_str(), s.at(h.shapeAt).c_str()),
             false;
    return true;
  }
  bool oneValue = !h.shape.empty();
  for (size_t i = 1; i < h.shape.size(); ++i)
    oneValue &= h.shape[i] == 1;
  if (!oneValue)
    return fail(LEPTON_ERR_INPUT, "%s: a labels file has one value per sample (shape (N,) or (N, 1)), but its "
                                  "shape is %s%s",
                path, h.shapeText().c_str(), s.at(h.shapeAt).c_str()),
           false;
  if (numClasses > 0 && !h.isInteger())
    return fail(LEPTON_ERR_INPUT, "%s: class labels need an integer dtype ('|u1', '<i4', '<i8'), found '%s'%s", path,
                h.descr.c_str(), s.at(h.descrAt).c_str()),
           false;
  return true;
}

/// Reads `rows` samples into ds->features, growing the array as data actually arrives.
bool readSamples(ByteStream &s, const NpyHeader &h, uint64_t needed, lepton_dataset *ds, int64_t rows) {
  const uint64_t rowBytes = h.itemSize * static_cast<uint64_t>(ds->sampleSize);
  if (!checkRawSize(s, h, rowBytes, rows, needed))
    return false;
  const int64_t chunkRows = std::max<int64_t>(1, static_cast<int64_t>((1u << 20) / rowBytes));
  std::vector<unsigned char> buffer(static_cast<size_t>(rowBytes * std::min(chunkRows, rows)));
  // As the IDX reader: allocate up front only what the file can really hold (a raw file's size was checked;
  // deflate expands at most 1032:1), at most 2 GiB; beyond that grow as data arrives.
  int64_t capacity = 0;
  uint64_t possible = s.compressed() ? s.fileSize() * 1032 / rowBytes + 1 : static_cast<uint64_t>(rows);
  possible = std::min<uint64_t>({possible, static_cast<uint64_t>(rows),
                                 (uint64_t(2) << 30) / 4 / static_cast<uint64_t>(ds->sampleSize) + 1});
  if (!grow(ds->features, capacity, 0, static_cast<int64_t>(possible) * ds->sampleSize, rows * ds->sampleSize))
    return false;
  for (int64_t done = 0; done < rows;) {
    const int64_t n = std::min(chunkRows, rows - done);
    const uint64_t start = s.offset();
    if (!readExact(s, h, buffer.data(), static_cast<size_t>(rowBytes * n), needed))
      return false;
    if (!grow(ds->features, capacity, done * ds->sampleSize, (done + n) * ds->sampleSize, rows * ds->sampleSize))
      return false;
    float *out = ds->features + done * ds->sampleSize;
    const size_t count = static_cast<size_t>(n * ds->sampleSize);
    for (size_t i = 0; i < count; ++i) {
      const double v = npyElement(h.type, buffer.data(), i);
      const float f = static_cast<float>(v);
      if (!std::isfinite(f))
        return fail(LEPTON_ERR_INPUT, "%s: value %g of sample %lld%s is not a finite f32", s.path().c_str(), v,
                    static_cast<long long>(done + static_cast<int64_t>(i) / ds->sampleSize),
                    s.at(start + i * h.itemSize).c_str()),
               false;
      out[i] = f;
    }
    done += n;
    ds->count = done;
  }
  return true;
}

/// Reads `rows` labels: class indices checked against numClasses, or ds->numTargets f32 targets per sample when it
/// is 0 (the file's (N, K) rows, C order, are the dataset's target rows).
bool readLabels(ByteStream &s, const NpyHeader &h, uint64_t needed, lepton_dataset *ds, int64_t rows) {
  const int64_t width = ds->numTargets;
  if (!checkRawSize(s, h, h.itemSize * static_cast<uint64_t>(width), rows, needed))
    return false;
  const int64_t values = rows * width;
  std::vector<unsigned char> data(static_cast<size_t>(values) * h.itemSize);
  const uint64_t start = s.offset();
  if (!readExact(s, h, data.data(), data.size(), needed))
    return false;
  void *array = allocUninitialized(values * 4);
  if (!array)
    return false;
  if (ds->numClasses == 0)
    ds->targets = static_cast<float *>(array);
  else
    ds->labels = static_cast<int32_t *>(array);
  for (int64_t i = 0; i < values; ++i) {
    const double v = npyElement(h.type, data.data(), static_cast<size_t>(i));
    const std::string at = s.at(start + static_cast<uint64_t>(i) * h.itemSize);
    if (ds->numClasses == 0) {
      if (!std::isfinite(static_cast<float>(v)))
        return fail(LEPTON_ERR_INPUT, "%s: target %g of sample %lld%s is not a finite f32", s.path().c_str(), v,
                    static_cast<long long>(i / width), at.c_str()),
               false;
      ds->targets[i] = static_cast<float>(v);
    } else {
      if (v < 0 || v >= ds->numClasses)
        return fail(LEPTON_ERR_INPUT, "%s: label %.0f of sample %lld%s is outside the %d classes (0..%d)",
                    s.path().c_str(), v, static_cast<long long>(i), at.c_str(), ds->numClasses,
                    ds->numClasses - 1),
               false;
      ds->labels[i] = static_cast<int32_t>(v);
    }
  }
  ds->hasLabels = true;
  return true;
}

} // namespace

extern "C" lepton_dataset *lepton_dataset_load_npy(const char *samples_path, const char *labels_path,
                                                   const int64_t *sample_shape, int32_t rank, int32_t num_classes,
                                                   int32_t num_targets, int64_t limit) {
  int64_t sampleSize;
  if (!checkDeclaration("lepton_dataset_load_npy", sample_shape, rank, num_classes, sampleSize) ||
      !checkTargetWidth("lepton_dataset_load_npy", num_classes, num_targets))
    return nullptr;
  if (limit < 0) {
    fail(LEPTON_ERR_INVALID, "lepton_dataset_load_npy: negative limit %lld", static_cast<long long>(limit));
    return nullptr;
  }
  ByteStream samples, labels;
  NpyHeader sampleHeader, labelHeader;
  for (const char *path : {samples_path, labels_path}) // the report lists the data files read
    if (path)
      lepton::rt::recordDataFile(path);
  uint64_t sampleBytes = 0, labelBytes = 0;
  if (!openSamples(samples, sampleHeader, sampleBytes, samples_path, sample_shape, rank))
    return nullptr;
  if (labels_path) {
    if (!openLabels(labels, labelHeader, labelBytes, labels_path, num_classes, num_targets))
      return nullptr;
    if (labelHeader.shape[0] != sampleHeader.shape[0]) {
      fail(LEPTON_ERR_INPUT, "sample/label count mismatch: %s has %lld samples but %s has %lld labels (first dim of "
                             "each NPY header's 'shape', bytes %llu and %llu)",
           samples_path, static_cast<long long>(sampleHeader.shape[0]), labels_path,
           static_cast<long long>(labelHeader.shape[0]), static_cast<unsigned long long>(sampleHeader.shapeAt),
           static_cast<unsigned long long>(labelHeader.shapeAt));
      return nullptr;
    }
  }
  const int64_t total = sampleHeader.shape[0];
  const int64_t rows = limit > 0 && limit < total ? limit : total;
  std::unique_ptr<lepton_dataset> ds(newDataset(sample_shape, rank, num_classes, sampleSize, num_targets));
  if (!ds || !readSamples(samples, sampleHeader, sampleBytes, ds.get(), rows) ||
      (rows == total && !checkEnd(samples, sampleHeader)))
    return nullptr;
  if (labels_path && (!readLabels(labels, labelHeader, labelBytes, ds.get(), rows) ||
                      (rows == total && !checkEnd(labels, labelHeader))))
    return nullptr;
  return ds.release();
}
