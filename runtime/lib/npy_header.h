// npy_header.h — the header of a NumPy .npy file (versions 1.0, 2.0, 3.0): magic, version, the header dict.
#ifndef LEPTON_RUNTIME_NPY_HEADER_H
#define LEPTON_RUNTIME_NPY_HEADER_H

#include "byte_stream.h"

#include <cstdint>
#include <string>
#include <vector>

namespace lepton::rt {

/// Element types the runtime reads: '<f4', '<f8', '|u1' ('<u1'), '<i4', '<i8'.
enum class NpyType { F4, F8, U1, I4, I8 };

/// One .npy file's header, checked: a supported version and dtype, C order.
struct NpyHeader {
  unsigned major = 0;
  NpyType type = NpyType::F4;
  unsigned itemSize = 0;
  std::string descr;          // as written, e.g. "<f4"
  std::vector<int64_t> shape; // each dim < 2^62
  uint64_t bytes = 0;         // offset of the data: magic, version, length field and header dict
  uint64_t shapeAt = 0;       // offset of the 'shape' value, for messages
  uint64_t descrAt = 0;       // offset of the 'descr' value, for messages

  bool isInteger() const { return type == NpyType::U1 || type == NpyType::I4 || type == NpyType::I8; }
  /// "(10, 28, 28)" as Python writes the shape.
  std::string shapeText() const;
  /// "shape (10, 28, 28), dtype '<f4'" for messages.
  std::string describe() const;
};

/// Reads and checks the header at the start of `s` (opened). False after reporting LEPTON_ERR_INPUT with the
/// file and the byte offset of what is wrong.
bool readNpyHeader(ByteStream &s, NpyHeader &h);

/// Element `i` of little-endian data of `type`, as double (exact for f4, f8, u1, i4; i8 beyond 2^53 rounds).
double npyElement(NpyType type, const unsigned char *p, size_t i);

} // namespace lepton::rt

#endif // LEPTON_RUNTIME_NPY_HEADER_H
