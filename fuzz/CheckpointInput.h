// CheckpointInput.h — the checkpoint bytes of a fuzz input, shared by the checkpoint and checkpoint_view targets.
#ifndef LEPTON_FUZZ_CHECKPOINTINPUT_H
#define LEPTON_FUZZ_CHECKPOINTINPUT_H

#include "fuzz/FuzzInput.h"

#include <zlib.h>

namespace lepton::fuzz {

/// Part 0 of the input; with settings bit 2 its last 4 bytes replaced by the CRC-32 of the rest, so that
/// mutations reach the structure behind the checksum, not only the checksum test.
inline std::string checkpointBytes(const Input &in) {
  std::string bytes = in.part(0);
  if (in.bits(2, 1) && bytes.size() >= 4) {
    uLong crc = crc32(0L, reinterpret_cast<const Bytef *>(bytes.data()), static_cast<uInt>(bytes.size() - 4));
    for (int i = 0; i < 4; ++i)
      bytes[bytes.size() - 4 + i] = static_cast<char>((crc >> (8 * i)) & 0xff);
  }
  return bytes;
}

} // namespace lepton::fuzz

#endif // LEPTON_FUZZ_CHECKPOINTINPUT_H
