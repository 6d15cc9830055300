// FuzzInput.h — what every fuzz target shares: the input split into settings and files, files on tmpfs.
//
// An input is one settings byte (each target reads the bits it needs: shape, classes, flags), then one or
// more parts separated by the 4 bytes "\n--\n" (a mutation can move, drop or add a separator, so the number
// of files varies too). Each part becomes the content of one file that the reader under test opens by path.
#ifndef LEPTON_FUZZ_FUZZINPUT_H
#define LEPTON_FUZZ_FUZZINPUT_H

#include "lepton/runtime.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>
#include <vector>

namespace lepton::fuzz {

struct Input {
  uint8_t settings = 0;
  std::vector<std::string> parts;

  Input(const uint8_t *data, size_t size) {
    if (size == 0)
      return;
    settings = data[0];
    std::string rest(reinterpret_cast<const char *>(data + 1), size - 1);
    static const std::string separator = "\n--\n";
    size_t start = 0;
    for (;;) {
      size_t at = rest.find(separator, start);
      parts.push_back(rest.substr(start, at == std::string::npos ? std::string::npos : at - start));
      if (at == std::string::npos)
        break;
      start = at + separator.size();
    }
  }
  /// Part i, or "" when the input has fewer.
  const std::string &part(size_t i) const {
    static const std::string empty;
    return i < parts.size() ? parts[i] : empty;
  }
  /// Bits [shift, shift + width) of the settings byte.
  unsigned bits(unsigned shift, unsigned width) const { return (settings >> shift) & ((1u << width) - 1); }
};

/// A directory of this process on tmpfs (/dev/shm when there is one), made once.
inline const std::string &scratchDir() {
  static const std::string dir = [] {
    std::string base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    std::string templ = base + "/lepton-fuzz-XXXXXX";
    std::vector<char> buf(templ.begin(), templ.end());
    buf.push_back('\0');
    if (!mkdtemp(buf.data()))
      abort();
    return std::string(buf.data());
  }();
  return dir;
}

/// Writes `content` to scratchDir()/name and returns the path.
inline std::string writeFile(const std::string &name, const std::string &content) {
  std::string path = scratchDir() + "/" + name;
  FILE *f = fopen(path.c_str(), "wb");
  if (!f)
    abort();
  if (!content.empty() && fwrite(content.data(), 1, content.size(), f) != content.size())
    abort();
  fclose(f);
  return path;
}

/// Readers report bad input through the error handler, whose default exits: the fuzzer needs it to return.
inline void quietErrors() {
  static bool installed = [] {
    lepton_set_error_handler([](int32_t, const char *, void *) {}, nullptr);
    return true;
  }();
  (void)installed;
}

/// Sample shapes the targets choose from (by 2 bits): flat, image, image with a channel, a single value.
inline const std::vector<int64_t> &shapeChoice(unsigned i) {
  static const std::vector<int64_t> shapes[4] = {{4}, {2, 3}, {2, 2, 1}, {1}};
  return shapes[i & 3];
}

} // namespace lepton::fuzz

#endif // LEPTON_FUZZ_FUZZINPUT_H
