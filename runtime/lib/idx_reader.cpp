// idx_reader.cpp — IDX (MNIST / Fashion-MNIST) images + labels files, gzip or raw, checked against a declaration.
#include "byte_stream.h"
#include "dataset.h"
#include "run_info.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>

namespace {

using namespace lepton::rt;

/// One IDX file's header: magic 00 00 TYPE RANK, then RANK big-endian u32 dims.
struct IdxHeader {
  unsigned type = 0;
  unsigned elementSize = 0;
  std::vector<int64_t> dims;
  uint64_t bytes = 0; // header length
};

unsigned elementSize(unsigned type) {
  switch (type) {
  case 0x08: case 0x09: return 1;
  case 0x0B: return 2;
  case 0x0C: case 0x0D: return 4;
  case 0x0E: return 8;
  default: return 0;
  }
}

const char *typeName(unsigned type) {
  switch (type) {
  case 0x08: return "unsigned byte";
  case 0x09: return "signed byte";
  case 0x0B: return "short";
  case 0x0C: return "int";
  case 0x0D: return "float";
  case 0x0E: return "double";
  default: return "unknown";
  }
}

bool isIntegerType(unsigned type) { return type == 0x08 || type == 0x09 || type == 0x0B || type == 0x0C; }

uint32_t be32(const unsigned char *p) {
  return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | uint32_t(p[3]);
}

/// Element `i` of big-endian data of `type`, as double (exact for every IDX type).
double element(unsigned type, const unsigned char *p, size_t i) {
  switch (type) {
  case 0x08: return p[i];
  case 0x09: return static_cast<int8_t>(p[i]);
  case 0x0B: return static_cast<int16_t>((uint16_t(p[2 * i]) << 8) | p[2 * i + 1]);
  case 0x0C: return static_cast<int32_t>(be32(p + 4 * i));
  case 0x0D: {
    uint32_t bits = be32(p + 4 * i);
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
  }
  default: {
    uint64_t bits = (uint64_t(be32(p + 8 * i)) << 32) | be32(p + 8 * i + 4);
    double d;
    std::memcpy(&d, &bits, 8);
    return d;
  }
  }
}

/// Reads exactly `size` bytes or reports what the header promised ("truncated ...").
bool readExact(ByteStream &s, unsigned char *dst, size_t size, const char *what, uint64_t needed) {
  size_t got;
  if (!s.read(dst, size, got))
    return false;
  if (got < size)
    return fail(LEPTON_ERR_INPUT, "%s: truncated IDX file: the data ends%s, but %s needs %llu bytes",
                s.path().c_str(), s.at(s.offset()).c_str(), what, static_cast<unsigned long long>(needed)),
           false;
  return true;
}

bool readHeader(ByteStream &s, IdxHeader &h) {
  const char *path = s.path().c_str();
  unsigned char magic[4];
  if (!readExact(s, magic, 4, "the IDX header", 4))
    return false;
  uint32_t m = be32(magic);
  if (magic[0] != 0 || magic[1] != 0)
    return fail(LEPTON_ERR_INPUT,
                "%s: not an IDX file: wrong magic number 0x%08x%s (expected 00 00, an element type and the number "
                "of dims, e.g. 0x00000803)",
                path, m, s.at(0).c_str()),
           false;
  h.type = magic[2];
  h.elementSize = elementSize(h.type);
  if (!h.elementSize)
    return fail(LEPTON_ERR_INPUT,
                "%s: unknown IDX element type 0x%02x%s (known: 0x08 unsigned byte, 0x09 signed byte, 0x0B short, "
                "0x0C int, 0x0D float, 0x0E double)",
                path, h.type, s.at(2).c_str()),
           false;
  unsigned rank = magic[3];
  if (rank == 0)
    return fail(LEPTON_ERR_INPUT, "%s: IDX file with 0 dims%s", path, s.at(3).c_str()), false;
  h.bytes = 4 + 4ull * rank;
  unsigned char dims[4 * 255];
  if (!readExact(s, dims, 4 * rank, "the IDX header", h.bytes))
    return false;
  for (unsigned i = 0; i < rank; ++i)
    h.dims.push_back(be32(dims + 4 * i));
  return true;
}

/// "60000x28x28 unsigned bytes" for messages.
std::string describe(const IdxHeader &h) {
  return shapeText(h.dims.data(), static_cast<int32_t>(h.dims.size()), false) + " " + typeName(h.type) + "s";
}

/// Bytes of data the header promises (dims < 2^32, sample <= kMaxSampleSize, element <= 8: no overflow).
uint64_t payloadBytes(const IdxHeader &h) {
  uint64_t n = h.elementSize;
  for (int64_t d : h.dims)
    n *= static_cast<uint64_t>(d);
  return n;
}

/// Checks that a raw (uncompressed) file can hold `rows` rows before anything is allocated for them.
bool checkRawSize(ByteStream &s, const IdxHeader &h, uint64_t rowBytes, int64_t rows) {
  uint64_t needed = h.bytes + rowBytes * static_cast<uint64_t>(rows);
  if (!s.compressed() && s.fileSize() < needed)
    return fail(LEPTON_ERR_INPUT, "%s: truncated IDX file: the data ends at byte %llu, but the header (%s) needs "
                                  "%llu bytes",
                s.path().c_str(), static_cast<unsigned long long>(s.fileSize()), describe(h).c_str(),
                static_cast<unsigned long long>(h.bytes + payloadBytes(h))),
           false;
  return true;
}

/// After the last sample: anything more is an error (the header and the data disagree).
bool checkEnd(ByteStream &s) {
  unsigned char probe;
  size_t got;
  if (!s.read(&probe, 1, got))
    return false;
  if (got)
    return fail(LEPTON_ERR_INPUT, "%s: unexpected data after the last sample%s (the header's dims account for "
                                  "%llu bytes)",
                s.path().c_str(), s.at(s.offset() - 1).c_str(), static_cast<unsigned long long>(s.offset() - 1)),
           false;
  return true;
}

/// Reads `rows` samples of `h` into ds->bytes (type 0x08, kept as stored) or ds->features (every other type,
/// converted to f32), growing the array as data actually arrives.
bool readImages(ByteStream &s, const IdxHeader &h, lepton_dataset *ds, int64_t rows) {
  const uint64_t rowBytes = h.elementSize * static_cast<uint64_t>(ds->sampleSize);
  if (!checkRawSize(s, h, rowBytes, rows))
    return false;
  const bool keepBytes = h.type == 0x08;
  // A gzip file inflated whole that holds exactly these rows: keep its buffer (no copy of 47 MB for
  // Fashion-MNIST, and no second 47 MB of fresh pages).
  size_t first = 0;
  if (keepBytes && rows > 0)
    if (unsigned char *block = s.takeRest(static_cast<size_t>(rowBytes * rows), first)) {
      ds->bytesBlock = block;
      ds->bytes = block + first;
      ds->count = rows;
      return true;
    }
  const int64_t chunkRows = std::max<int64_t>(1, static_cast<int64_t>((1u << 20) / rowBytes));
  std::vector<unsigned char> buffer(
      keepBytes ? 0 : static_cast<size_t>(rowBytes * std::min(chunkRows, std::max<int64_t>(rows, 1))));
  const bool floating = !isIntegerType(h.type);
  // Allocate once (up to 2 GiB) for what the file can really hold, without trusting its header: a raw file's
  // size was checked above, and deflate expands at most 1032:1. Beyond that the array grows as data arrives.
  int64_t capacity = 0; // in elements
  uint64_t possible = s.compressed() ? s.fileSize() * 1032 / rowBytes + 1 : static_cast<uint64_t>(rows);
  possible = std::min<uint64_t>({possible, static_cast<uint64_t>(rows),
                                 (uint64_t(2) << 30) / 4 / static_cast<uint64_t>(ds->sampleSize) + 1});
  auto reserve = [&](int64_t used, int64_t needed) {
    const int64_t limit = rows * ds->sampleSize;
    return keepBytes ? grow(ds->bytes, capacity, used, needed, limit) : grow(ds->features, capacity, used, needed, limit);
  };
  if (!reserve(0, static_cast<int64_t>(possible) * ds->sampleSize))
    return false;
  const uint64_t needed = h.bytes + payloadBytes(h);
  for (int64_t done = 0; done < rows;) {
    int64_t n = std::min(chunkRows, rows - done);
    uint64_t start = s.offset();
    if (!reserve(done * ds->sampleSize, (done + n) * ds->sampleSize))
      return false;
    unsigned char *in = keepBytes ? ds->bytes + done * ds->sampleSize : buffer.data();
    if (!readExact(s, in, static_cast<size_t>(rowBytes * n), ("the header (" + describe(h) + ")").c_str(), needed))
      return false;
    if (!keepBytes) {
      float *out = ds->features + done * ds->sampleSize;
      const size_t count = static_cast<size_t>(n * ds->sampleSize);
      for (size_t i = 0; i < count; ++i) {
        double v = element(h.type, buffer.data(), i);
        if (floating && !std::isfinite(static_cast<float>(v)))
          return fail(LEPTON_ERR_INPUT, "%s: non-finite value %g in sample %lld%s", s.path().c_str(), v,
                      static_cast<long long>(done + static_cast<int64_t>(i) / ds->sampleSize),
                      s.at(start + i * h.elementSize).c_str()),
                 false;
        out[i] = static_cast<float>(v);
      }
    }
    done += n;
    ds->count = done;
  }
  return true;
}

/// Reads `rows` labels (class indices checked against numClasses, or float targets when it is 0).
bool readLabels(ByteStream &s, const IdxHeader &h, lepton_dataset *ds, int64_t rows) {
  if (!checkRawSize(s, h, h.elementSize, rows))
    return false;
  std::vector<unsigned char> data(static_cast<size_t>(rows) * h.elementSize);
  uint64_t start = s.offset();
  if (!readExact(s, data.data(), data.size(), ("the header (" + describe(h) + ")").c_str(), h.bytes + payloadBytes(h)))
    return false;
  void *array = allocUninitialized(rows * 4);
  if (!array)
    return false;
  if (ds->numClasses == 0)
    ds->targets = static_cast<float *>(array);
  else
    ds->labels = static_cast<int32_t *>(array);
  for (int64_t i = 0; i < rows; ++i) {
    double v = element(h.type, data.data(), static_cast<size_t>(i));
    if (ds->numClasses == 0) {
      if (!std::isfinite(static_cast<float>(v)))
        return fail(LEPTON_ERR_INPUT, "%s: non-finite target %g of sample %lld%s", s.path().c_str(), v,
                    static_cast<long long>(i), s.at(start + i * h.elementSize).c_str()),
               false;
      ds->targets[i] = static_cast<float>(v);
    } else {
      if (v < 0 || v >= ds->numClasses)
        return fail(LEPTON_ERR_INPUT, "%s: label %.0f of sample %lld%s is outside the %d classes (0..%d)",
                    s.path().c_str(), v, static_cast<long long>(i), s.at(start + i * h.elementSize).c_str(),
                    ds->numClasses, ds->numClasses - 1),
               false;
      ds->labels[i] = static_cast<int32_t>(v);
    }
  }
  ds->hasLabels = true;
  return true;
}

/// Opens the images file and checks its header against the declaration.
bool openImages(ByteStream &s, IdxHeader &h, const char *path, const int64_t *shape, int32_t rank) {
  if (!s.open(path) || !readHeader(s, h))
    return false;
  std::vector<int64_t> sampleDims(h.dims.begin() + 1, h.dims.end());
  if (!shapeMatches(shape, rank, sampleDims))
    return fail(LEPTON_ERR_INPUT, "%s: samples of shape %s (IDX header dims%s) do not match the dataset's declared "
                                  "shape %s",
                path, shapeText(sampleDims.data(), static_cast<int32_t>(sampleDims.size()), true).c_str(),
                s.at(8).c_str(), shapeText(shape, rank, true).c_str()),
           false;
  if (h.dims[0] == 0)
    return fail(LEPTON_ERR_INPUT, "%s: the file holds no samples (first dim is 0%s)", path, s.at(4).c_str()), false;
  return true;
}

/// Opens the labels file and checks its header (one label per sample, a suitable element type).
bool openLabels(ByteStream &s, IdxHeader &h, const char *path, int32_t numClasses) {
  if (!s.open(path) || !readHeader(s, h))
    return false;
  for (size_t i = 1; i < h.dims.size(); ++i)
    if (h.dims[i] != 1)
      return fail(LEPTON_ERR_INPUT, "%s: a labels file has one value per sample, but its dims are %s%s", path,
                  shapeText(h.dims.data(), static_cast<int32_t>(h.dims.size()), true).c_str(), s.at(4).c_str()),
             false;
  if (numClasses > 0 && !isIntegerType(h.type))
    return fail(LEPTON_ERR_INPUT, "%s: class labels need an integer element type, found %s (0x%02x)%s", path,
                typeName(h.type), h.type, s.at(2).c_str()),
           false;
  return true;
}

} // namespace

extern "C" lepton_dataset *lepton_dataset_load_idx(const char *images_path, const char *labels_path,
                                                   const int64_t *sample_shape, int32_t rank, int32_t num_classes,
                                                   int64_t limit) {
  int64_t sampleSize;
  if (!checkDeclaration("lepton_dataset_load_idx", sample_shape, rank, num_classes, sampleSize))
    return nullptr;
  if (limit < 0) {
    fail(LEPTON_ERR_INVALID, "lepton_dataset_load_idx: negative limit %lld", static_cast<long long>(limit));
    return nullptr;
  }
  ByteStream images, labels;
  IdxHeader imageHeader, labelHeader;
  if (images_path) // the report lists the data files read
    lepton::rt::recordDataFile(images_path);
  if (labels_path)
    lepton::rt::recordDataFile(labels_path);
  if (!openImages(images, imageHeader, images_path, sample_shape, rank))
    return nullptr;
  if (labels_path) {
    if (!openLabels(labels, labelHeader, labels_path, num_classes))
      return nullptr;
    if (labelHeader.dims[0] != imageHeader.dims[0]) {
      fail(LEPTON_ERR_INPUT, "image/label count mismatch: %s has %lld samples but %s has %lld (first dim of each "
                             "IDX header, byte 4)",
           images_path, static_cast<long long>(imageHeader.dims[0]), labels_path,
           static_cast<long long>(labelHeader.dims[0]));
      return nullptr;
    }
  }
  const int64_t total = imageHeader.dims[0];
  const int64_t rows = limit > 0 && limit < total ? limit : total;
  std::unique_ptr<lepton_dataset> ds(newDataset(sample_shape, rank, num_classes, sampleSize));
  if (!ds || !readImages(images, imageHeader, ds.get(), rows) || (rows == total && !checkEnd(images)))
    return nullptr;
  if (labels_path && (!readLabels(labels, labelHeader, ds.get(), rows) || (rows == total && !checkEnd(labels))))
    return nullptr;
  return ds.release();
}
