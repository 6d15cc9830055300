// test_util.cpp — error capture, temporary directories, gzip, IDX and NPY builders for the runtime tests.
#include "test_util.h"

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fstream>
#include <iterator>
#include <regex>
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

std::string readText(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

/// A minimal XML well-formedness check: balanced, properly nested tags; quoted attributes without '<'; only
/// the five predefined or numeric entities; no stray '<' or '&'; one root element; prolog of <!DOCTYPE>/<?...?>.
/// Returns "" when well formed, else what is wrong and where.
std::string xmlProblem(const std::string &doc) {
  std::vector<std::string> open;
  size_t i = 0, roots = 0;
  auto nameEnd = [&](size_t j) {
    while (j < doc.size() && (std::isalnum(static_cast<unsigned char>(doc[j])) || std::strchr(":-_.", doc[j])))
      ++j;
    return j;
  };
  auto entityOk = [&](size_t j) { // doc[j] == '&'
    static const std::regex entity("&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);");
    size_t semi = doc.find(';', j);
    return semi != std::string::npos && std::regex_match(doc.substr(j, semi - j + 1), entity);
  };
  while (i < doc.size()) {
    if (doc[i] == '&') {
      if (!entityOk(i))
        return "bad entity at " + std::to_string(i);
      ++i;
    } else if (doc[i] != '<') {
      if (open.empty() && !std::isspace(static_cast<unsigned char>(doc[i])))
        return "text outside the root at " + std::to_string(i);
      ++i;
    } else if (doc.compare(i, 4, "<!--") == 0) {
      size_t end = doc.find("-->", i);
      if (end == std::string::npos)
        return "unterminated comment";
      i = end + 3;
    } else if (doc.compare(i, 2, "<!") == 0 || doc.compare(i, 2, "<?") == 0) {
      if (!open.empty() || roots)
        return "declaration inside the document at " + std::to_string(i);
      size_t end = doc.find('>', i);
      if (end == std::string::npos)
        return "unterminated declaration";
      i = end + 1;
    } else if (doc.compare(i, 2, "</") == 0) {
      size_t end = nameEnd(i + 2);
      std::string name = doc.substr(i + 2, end - i - 2);
      if (open.empty() || open.back() != name || end >= doc.size() || doc[end] != '>')
        return "unexpected </" + name + "> at " + std::to_string(i);
      open.pop_back();
      i = end + 1;
    } else {
      size_t j = nameEnd(i + 1);
      std::string name = doc.substr(i + 1, j - i - 1);
      if (name.empty())
        return "stray '<' at " + std::to_string(i);
      std::vector<std::string> attrs;
      for (;;) {
        while (j < doc.size() && std::isspace(static_cast<unsigned char>(doc[j])))
          ++j;
        if (j >= doc.size())
          return "unterminated tag <" + name;
        if (doc[j] == '>' || doc.compare(j, 2, "/>") == 0)
          break;
        size_t a = nameEnd(j);
        std::string attr = doc.substr(j, a - j);
        if (attr.empty() || a + 1 >= doc.size() || doc[a] != '=' || (doc[a + 1] != '"' && doc[a + 1] != '\''))
          return "bad attribute in <" + name + "> at " + std::to_string(j);
        for (const std::string &seen : attrs)
          if (seen == attr)
            return "duplicate attribute " + attr;
        attrs.push_back(attr);
        size_t close = doc.find(doc[a + 1], a + 2);
        if (close == std::string::npos)
          return "unterminated attribute value";
        for (size_t k = a + 2; k < close; ++k)
          if (doc[k] == '<' || (doc[k] == '&' && !entityOk(k)))
            return "bad character in attribute at " + std::to_string(k);
        j = close + 1;
      }
      bool empty = doc[j] == '/';
      if (open.empty() && roots++)
        return "second root element <" + name + ">";
      if (!empty)
        open.push_back(name);
      i = j + (empty ? 2 : 1);
    }
  }
  return open.empty() ? (roots == 1 ? "" : "no root element") : "unclosed <" + open.back() + ">";
}


} // namespace lepton::test
