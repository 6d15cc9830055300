// test_util.cpp — error capture, temporary directories, gzip, IDX and NPY builders for the runtime tests.
#include "test_util.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <zlib.h>

namespace lepton::test {

static void capture(int32_t code, const char *message, void *self) {
  auto *c = static_cast<ErrorCapture *>(self);
  c->codes.push_back(code);
  c->messages.push_back(message);
}

ErrorCapture::ErrorCapture() {
  lepton_clear_error();
  lepton_set_error_handler(capture, this);
}

ErrorCapture::~ErrorCapture() { lepton_set_error_handler(nullptr, nullptr); }

TempDir::TempDir() {
  const char *base = std::getenv("TMPDIR");
  std::string pattern = std::string(base && *base ? base : "/tmp") + "/lepton-rt-XXXXXX";
  std::vector<char> buf(pattern.begin(), pattern.end());
  buf.push_back('\0');
  if (!mkdtemp(buf.data()))
    ADD_FAILURE() << "mkdtemp failed";
  dir_ = buf.data();
}

TempDir::~TempDir() {
  if (DIR *d = opendir(dir_.c_str())) {
    while (dirent *e = readdir(d))
      if (std::strcmp(e->d_name, ".") && std::strcmp(e->d_name, ".."))
        unlink((dir_ + "/" + e->d_name).c_str());
    closedir(d);
  }
  rmdir(dir_.c_str());
}

std::string TempDir::write(const std::string &name, const Bytes &data) const {
  std::string p = path(name);
  FILE *f = std::fopen(p.c_str(), "wb");
  if (!f) {
    ADD_FAILURE() << "cannot write " << p;
    return p;
  }
  if (!data.empty())
    std::fwrite(data.data(), 1, data.size(), f);
  std::fclose(f);
  return p;
}

std::string TempDir::write(const std::string &name, const std::string &text) const {
  return write(name, Bytes(text.begin(), text.end()));
}

Bytes gzip(const Bytes &data) {
  z_stream z{};
  deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  Bytes out(deflateBound(&z, data.size()) + 64);
  z.next_in = const_cast<unsigned char *>(data.data());
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = out.data();
  z.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&z, Z_FINISH);
  EXPECT_EQ(rc, Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

Bytes idx(unsigned type, const std::vector<uint32_t> &dims, const Bytes &payload) {
  Bytes out = {0, 0, static_cast<unsigned char>(type), static_cast<unsigned char>(dims.size())};
  for (uint32_t d : dims)
    for (int shift = 24; shift >= 0; shift -= 8)
      out.push_back(static_cast<unsigned char>(d >> shift));
  out.insert(out.end(), payload.begin(), payload.end());
  return out;
}

Bytes floatsBE(const std::vector<float> &values) {
  Bytes out;
  for (float v : values) {
    uint32_t bits;
    std::memcpy(&bits, &v, 4);
    for (int shift = 24; shift >= 0; shift -= 8)
      out.push_back(static_cast<unsigned char>(bits >> shift));
  }
  return out;
}

Bytes npy(const std::string &dict, const Bytes &payload, unsigned major) {
  const size_t prefix = major == 1 ? 10 : 12;
  std::string header = dict;
  while ((prefix + header.size() + 1) % 64 != 0)
    header += ' ';
  header += '\n';
  Bytes out = {0x93, 'N', 'U', 'M', 'P', 'Y', static_cast<unsigned char>(major), 0};
  for (size_t i = 0; i < prefix - 8; ++i)
    out.push_back(static_cast<unsigned char>(header.size() >> (8 * i)));
  out.insert(out.end(), header.begin(), header.end());
  out.insert(out.end(), payload.begin(), payload.end());
  return out;
}

std::string npyDict(const std::string &descr, const std::vector<int64_t> &shape, bool fortran) {
  std::string dims;
  for (size_t i = 0; i < shape.size(); ++i)
    dims += (i ? ", " : "") + std::to_string(shape[i]);
  if (shape.size() == 1)
    dims += ",";
  return "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': (" + dims +
         "), }";
}

} // namespace lepton::test
