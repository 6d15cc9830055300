// csv_reader.cpp — numeric CSV files: optional header, label columns by name or index, all others features.
#include "byte_stream.h"
#include "dataset.h"
#include "run_info.h"

#include <charconv>
#include <cmath>
#include <memory>
#include <string_view>

namespace {

using namespace lepton::rt;

/// Splits the file's bytes into records of fields; quoted fields are unescaped in place.
class CsvParser {
public:
  CsvParser(const char *path, std::vector<unsigned char> &data) : path_(path), data_(data) {
    if (data_.size() >= 3 && data_[0] == 0xEF && data_[1] == 0xBB && data_[2] == 0xBF)
      pos_ = 3; // UTF-8 byte order mark
  }

  /// Next non-blank record into `fields`; false at the end or after reporting an error (check `failed`).
  bool next(std::vector<std::string_view> &fields, int64_t &line) {
    fields.clear();
    skipBlankLines();
    if (pos_ >= data_.size())
      return false;
    line = line_;
    const size_t recordStart = pos_;
    for (;;) {
      while (pos_ < data_.size() && (data_[pos_] == ' ' || data_[pos_] == '\t'))
        ++pos_;
      if (pos_ < data_.size() && data_[pos_] == '"') {
        if (!quotedField(fields))
          return failed_ = true, false;
      } else {
        size_t start = pos_;
        while (pos_ < data_.size() && data_[pos_] != ',' && data_[pos_] != '\n')
          ++pos_;
        size_t end = pos_;
        while (end > start && (data_[end - 1] == ' ' || data_[end - 1] == '\t' || data_[end - 1] == '\r'))
          --end;
        fields.emplace_back(reinterpret_cast<const char *>(data_.data()) + start, end - start);
      }
      // The record so far, without a line ending's \r, checked after every field: a record of
      // millions of fields is refused before its field list grows with it.
      size_t length = pos_ - recordStart;
      if ((pos_ >= data_.size() || data_[pos_] == '\n') && length > 0 && data_[pos_ - 1] == '\r')
        --length;
      if (length > kMaxRecordBytes)
        return fail(LEPTON_ERR_INPUT, "%s:%lld: the record is longer than %zu bytes (the limit for one CSV record)",
                    path_, static_cast<long long>(line), kMaxRecordBytes),
               failed_ = true, false;
      if (pos_ >= data_.size())
        return true;
      if (data_[pos_++] == '\n') {
        ++line_;
        return true;
      }
    }
  }

  /// Longest record, without its line ending: longer ones are refused (docs/abi.md).
  static constexpr size_t kMaxRecordBytes = size_t(1) << 20;

  bool failed() const { return failed_; }

private:
  void skipBlankLines() {
    for (;;) {
      size_t p = pos_;
      while (p < data_.size() && (data_[p] == ' ' || data_[p] == '\t' || data_[p] == '\r'))
        ++p;
      if (p < data_.size() && data_[p] == '\n') {
        pos_ = p + 1;
        ++line_;
      } else {
        if (p >= data_.size())
          pos_ = p;
        return;
      }
    }
  }

  bool quotedField(std::vector<std::string_view> &fields) {
    int64_t startLine = line_;
    size_t write = ++pos_, start = pos_;
    for (;;) {
      if (pos_ >= data_.size())
        return fail(LEPTON_ERR_INPUT, "%s:%lld: column %zu: quoted field is never closed", path_,
                    static_cast<long long>(startLine), fields.size() + 1),
               false;
      unsigned char c = data_[pos_];
      if (c == '"') {
        if (pos_ + 1 < data_.size() && data_[pos_ + 1] == '"') {
          data_[write++] = '"';
          pos_ += 2;
          continue;
        }
        ++pos_;
        break;
      }
      if (c == '\n')
        ++line_;
      data_[write++] = c;
      ++pos_;
    }
    fields.emplace_back(reinterpret_cast<const char *>(data_.data()) + start, write - start);
    while (pos_ < data_.size() && (data_[pos_] == ' ' || data_[pos_] == '\t' || data_[pos_] == '\r'))
      ++pos_;
    if (pos_ < data_.size() && data_[pos_] != ',' && data_[pos_] != '\n')
      return fail(LEPTON_ERR_INPUT, "%s:%lld: column %zu: unexpected %s after a closing quote", path_,
                  static_cast<long long>(line_), fields.size(),
                  quoted(reinterpret_cast<const char *>(data_.data()) + pos_, 1).c_str()),
             false;
    return true;
  }

  const char *path_;
  std::vector<unsigned char> &data_;
  size_t pos_ = 0;
  int64_t line_ = 1;
  bool failed_ = false;
};

bool isMissing(std::string_view f) {
  return f.empty() || f == "NA" || f == "NaN" || f == "nan" || f == "N/A" || f == "?" || f == "na" || f == "null";
}

enum class Parsed { Ok, Missing, NotNumber, NotFinite };

/// Parses a whole field as a finite float (locale-independent; a leading '+' allowed).
Parsed parseNumber(std::string_view f, float &value) {
  if (isMissing(f))
    return Parsed::Missing;
  if (f.size() > 1 && f[0] == '+' && f[1] != '-')
    f.remove_prefix(1);
  double d;
  auto result = std::from_chars(f.data(), f.data() + f.size(), d);
  if (result.ec == std::errc::result_out_of_range)
    return Parsed::NotFinite;
  if (result.ec != std::errc() || result.ptr != f.data() + f.size())
    return Parsed::NotNumber;
  value = static_cast<float>(d);
  return std::isfinite(value) ? Parsed::Ok : Parsed::NotFinite;
}

/// Everything one load needs to name places in its messages.
struct CsvLoad {
  const char *path;
  std::vector<std::string> names; // header names, empty without a header

  std::string column(size_t i) const {
    std::string text = format("column %zu", i + 1);
    if (i < names.size())
      text += " (" + quoted(names[i].data(), names[i].size()) + ")";
    return text;
  }
};

/// Finds the (first) label column; -1 for none. The `width` label columns from there must exist. Returns false
/// after reporting an error.
bool findLabel(const CsvLoad &load, const char *labelName, int32_t labelIndex, int32_t width, bool hasHeader,
               size_t columns, int64_t firstLine, int64_t &label) {
  label = -1;
  if (labelName) {
    if (!hasHeader)
      return fail(LEPTON_ERR_INPUT, "%s:%lld: the label column is named '%s' but the file has no header line",
                  load.path, static_cast<long long>(firstLine), labelName),
             false;
    std::string all;
    for (size_t i = 0; i < load.names.size(); ++i) {
      all += (i ? ", " : "") + load.names[i];
      if (load.names[i] == labelName) {
        if (label >= 0)
          return fail(LEPTON_ERR_INPUT, "%s:%lld: the header has two columns named '%s' (columns %lld and %zu)",
                      load.path, static_cast<long long>(firstLine), labelName, static_cast<long long>(label + 1),
                      i + 1),
                 false;
        label = static_cast<int64_t>(i);
      }
    }
    if (label < 0)
      return fail(LEPTON_ERR_INPUT, "%s:%lld: no column named '%s' in the header (columns: %s)", load.path,
                  static_cast<long long>(firstLine), labelName, quoted(all.data(), all.size(), 200).c_str()),
             false;
  } else if (labelIndex >= 0) {
    if (static_cast<size_t>(labelIndex) >= columns)
      return fail(LEPTON_ERR_INPUT, "%s:%lld: label column index %d is out of range: the file has %zu columns",
                  load.path, static_cast<long long>(firstLine), labelIndex, columns),
             false;
    label = labelIndex;
  }
  if (label >= 0 && label + width > static_cast<int64_t>(columns))
    return fail(LEPTON_ERR_INPUT, "%s:%lld: %d target columns from %s need columns %lld to %lld, but the file has %zu "
                                  "columns",
                load.path, static_cast<long long>(firstLine), width, load.column(static_cast<size_t>(label)).c_str(),
                static_cast<long long>(label + 1), static_cast<long long>(label + width), columns),
           false;
  return true;
}

/// Stores one data record's features and label (or its ds->numTargets targets, columns label, label + 1, ...) into
/// the dataset (row `row`).
bool storeRecord(const CsvLoad &load, const std::vector<std::string_view> &fields, int64_t line, int64_t label,
                 bool allowMissing, lepton_dataset *ds, int64_t row) {
  float *out = ds->features + row * ds->sampleSize;
  for (size_t i = 0; i < fields.size(); ++i) {
    float v = 0;
    Parsed p = parseNumber(fields[i], v);
    const int64_t target = static_cast<int64_t>(i) - label; // which target column, when a label one
    const bool isLabel = label >= 0 && target >= 0 && target < ds->numTargets;
    if (p == Parsed::Missing && allowMissing && !isLabel) {
      v = NAN;
    } else if (p != Parsed::Ok) {
      const char *why = p == Parsed::Missing     ? "a missing value"
                        : p == Parsed::NotFinite ? "not a finite float"
                                                 : "not a number";
      return fail(LEPTON_ERR_INPUT, "%s:%lld: %s: %s is %s%s", load.path, static_cast<long long>(line),
                  load.column(i).c_str(), quoted(fields[i].data(), fields[i].size()).c_str(), why,
                  !isLabel ? "" : ds->numTargets > 1 ? " (a target)" : " (the label)"),
             false;
    }
    if (!isLabel) {
      *out++ = v;
    } else if (ds->numClasses == 0) {
      ds->targets[row * ds->numTargets + target] = v;
    } else {
      if (v != std::floor(v) || v < 0 || v >= static_cast<float>(ds->numClasses))
        return fail(LEPTON_ERR_INPUT, "%s:%lld: %s: label %s is not a class index in 0..%d", load.path,
                    static_cast<long long>(line), load.column(i).c_str(),
                    quoted(fields[i].data(), fields[i].size()).c_str(), ds->numClasses - 1),
               false;
      ds->labels[row] = static_cast<int32_t>(v);
    }
  }
  return true;
}

} // namespace

extern "C" lepton_dataset *lepton_dataset_load_csv(const char *path, const int64_t *sample_shape, int32_t rank,
                                                   int32_t num_classes, int32_t num_targets,
                                                   const char *label_name, int32_t label_index, int32_t flags,
                                                   int64_t limit) {
  int64_t sampleSize;
  if (!checkDeclaration("lepton_dataset_load_csv", sample_shape, rank, num_classes, sampleSize) ||
      !checkTargetWidth("lepton_dataset_load_csv", num_classes, num_targets))
    return nullptr;
  const int32_t header = flags & 3;
  if (limit < 0 || header == 3 || (flags & ~7)) {
    fail(LEPTON_ERR_INVALID, "lepton_dataset_load_csv: invalid flags 0x%x or limit %lld", flags,
         static_cast<long long>(limit));
    return nullptr;
  }
  ByteStream stream;
  std::vector<unsigned char> data;
  if (path) // the report lists the data files read
    lepton::rt::recordDataFile(path);
  if (!stream.open(path) || !stream.readAll(data, uint64_t(1) << 40))
    return nullptr;

  CsvLoad load{path, {}};
  CsvParser parser(path, data);
  std::vector<std::string_view> fields;
  int64_t line = 0;
  if (!parser.next(fields, line)) {
    if (!parser.failed())
      fail(LEPTON_ERR_INPUT, "%s: the file holds no data (no CSV records)", path);
    return nullptr;
  }
  bool hasHeader = header == LEPTON_CSV_HEADER;
  if (header == LEPTON_CSV_HEADER_AUTO)
    for (std::string_view f : fields) {
      float v;
      hasHeader |= parseNumber(f, v) == Parsed::NotNumber;
    }
  const size_t columns = fields.size();
  const int64_t firstLine = line;
  if (hasHeader)
    for (std::string_view f : fields)
      load.names.emplace_back(f);
  int64_t label;
  if (!findLabel(load, label_name, label_index, num_targets, hasHeader, columns, firstLine, label))
    return nullptr;
  const int64_t featureColumns = static_cast<int64_t>(columns) - (label >= 0 ? num_targets : 0);
  if (featureColumns != sampleSize) {
    fail(LEPTON_ERR_INPUT, "%s:%lld: %lld feature columns (%zu columns%s) but the dataset declares shape %s "
                           "(%lld values)",
         path, static_cast<long long>(firstLine), static_cast<long long>(featureColumns), columns,
         label < 0 ? ", no label" : num_targets > 1 ? " minus the targets" : " minus the label",
         shapeText(sample_shape, rank, true).c_str(),
         static_cast<long long>(sampleSize));
    return nullptr;
  }

  std::unique_ptr<lepton_dataset> ds(newDataset(sample_shape, rank, num_classes, sampleSize, num_targets));
  if (!ds)
    return nullptr;
  ds->hasLabels = label >= 0;
  int64_t featureCapacity = 0, labelCapacity = 0;
  // Rows of (sampleSize + num_targets) floats; the cap keeps every element count far from overflow.
  const int64_t rowCap = INT64_MAX / 8 / (sampleSize + num_targets);
  const int64_t maxRows = limit > 0 && limit < rowCap ? limit : rowCap;
  for (bool pending = !hasHeader; ds->count < maxRows; pending = false) {
    if (!pending && !parser.next(fields, line)) {
      if (parser.failed())
        return nullptr;
      break;
    }
    if (fields.size() != columns) {
      fail(LEPTON_ERR_INPUT, "%s:%lld: expected %zu columns (as on line %lld), found %zu", path,
           static_cast<long long>(line), columns, static_cast<long long>(firstLine), fields.size());
      return nullptr;
    }
    const int64_t row = ds->count;
    if (!grow(ds->features, featureCapacity, row * sampleSize, (row + 1) * sampleSize, maxRows * sampleSize))
      return nullptr;
    const int64_t k = num_targets;
    if (label >= 0 && !(num_classes == 0 ? grow(ds->targets, labelCapacity, row * k, (row + 1) * k, maxRows * k)
                                         : grow(ds->labels, labelCapacity, row, row + 1, maxRows)))
      return nullptr;
    if (!storeRecord(load, fields, line, label, (flags & LEPTON_CSV_ALLOW_MISSING) != 0, ds.get(), row))
      return nullptr;
    ds->count = row + 1;
  }
  if (ds->count == 0) {
    fail(LEPTON_ERR_INPUT, "%s: the file holds no data rows%s", path, hasHeader ? " (only a header)" : "");
    return nullptr;
  }
  return ds.release();
}
