// npy_header.cpp — parses and checks a .npy header: magic, version, length and the Python-literal dict.
#include "npy_header.h"
#include "internal.h"

#include <cstring>

namespace lepton::rt {

namespace {

constexpr uint32_t kMaxHeaderLength = 1u << 20;
constexpr int64_t kMaxDim = int64_t(1) << 62;

uint64_t le(const unsigned char *p, unsigned bytes) {
  uint64_t v = 0;
  for (unsigned i = bytes; i-- > 0;)
    v = (v << 8) | p[i];
  return v;
}

/// Reads exactly `size` bytes of the header or reports the file as truncated.
bool readHeaderBytes(ByteStream &s, unsigned char *dst, size_t size, uint64_t needed) {
  size_t got;
  if (!s.read(dst, size, got))
    return false;
  if (got < size)
    return fail(LEPTON_ERR_INPUT, "%s: truncated NPY file: the data ends%s, but the header needs %llu bytes",
                s.path().c_str(), s.at(s.offset()).c_str(), static_cast<unsigned long long>(needed)),
           false;
  return true;
}

/// A recursive-descent reader of the header dict: {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }.
/// Offsets in messages are those of the file (the dict starts at `base`).
class DictParser {
public:
  DictParser(const ByteStream &s, const std::string &text, uint64_t base) : s_(s), text_(text), base_(base) {}

  bool parse(NpyHeader &h) {
    bool haveDescr = false, haveOrder = false, haveShape = false, fortran = false;
    skipSpace();
    if (!expect('{', "'{' (the header is a Python dict)"))
      return false;
    for (;;) {
      skipSpace();
      if (peek() == '}')
        break;
      size_t keyAt = pos_;
      std::string key;
      if (!string(key, "a quoted key"))
        return false;
      skipSpace();
      if (!expect(':', "':' after a key"))
        return false;
      skipSpace();
      bool *seen = key == "descr" ? &haveDescr : key == "fortran_order" ? &haveOrder : key == "shape" ? &haveShape
                                                                                                     : nullptr;
      if (!seen)
        return error(keyAt, format("unknown key %s (an .npy header has 'descr', 'fortran_order' and 'shape')",
                                   quoted(key.data(), key.size()).c_str()));
      if (*seen)
        return error(keyAt, format("key %s given twice", quoted(key.data(), key.size()).c_str()));
      *seen = true;
      size_t valueAt = pos_;
      if (key == "descr") {
        if (peek() == '[')
          return error(valueAt, "structured dtypes (a list as 'descr') are not supported");
        if (!string(h.descr, "a dtype string as 'descr'"))
          return false;
        h.descrAt = base_ + valueAt;
      } else if (key == "fortran_order") {
        if (!boolean(fortran))
          return false;
        if (fortran)
          return fail(LEPTON_ERR_INPUT, "%s: Fortran-order (column-major) arrays are not supported ('fortran_order': "
                                        "True%s); save a C-order array (np.ascontiguousarray)",
                      s_.path().c_str(), s_.at(base_ + valueAt).c_str()),
                 false;
      } else {
        if (!tuple(h.shape))
          return false;
        h.shapeAt = base_ + valueAt;
      }
      skipSpace();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      skipSpace();
      if (peek() != '}')
        return unexpected("',' or '}'");
    }
    ++pos_;
    skipSpace();
    if (pos_ < text_.size())
      return unexpected("the end of the header");
    const char *missing = !haveDescr ? "descr" : !haveOrder ? "fortran_order" : !haveShape ? "shape" : nullptr;
    if (missing)
      return error(0, format("the header dict has no '%s' key", missing));
    return true;
  }

private:
  char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }

  void skipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' ||
                                   text_[pos_] == '\r'))
      ++pos_;
  }

  bool error(size_t at, const std::string &what) {
    return fail(LEPTON_ERR_INPUT, "%s: malformed NPY header%s: %s", s_.path().c_str(), s_.at(base_ + at).c_str(),
                what.c_str()),
           false;
  }

  bool unexpected(const char *wanted) {
    std::string found = pos_ < text_.size() ? quoted(text_.data() + pos_, 1) : "the end of the header";
    return error(pos_, format("expected %s, found %s", wanted, found.c_str()));
  }

  bool expect(char c, const char *wanted) {
    if (peek() != c)
      return unexpected(wanted);
    ++pos_;
    return true;
  }

  bool string(std::string &out, const char *wanted) {
    char q = peek();
    if (q != '\'' && q != '"')
      return unexpected(wanted);
    size_t start = ++pos_;
    while (pos_ < text_.size() && text_[pos_] != q && text_[pos_] != '\\' && text_[pos_] != '\n')
      ++pos_;
    if (peek() != q)
      return error(start - 1, "a string that is not closed on its line (or uses a backslash escape)");
    out.assign(text_, start, pos_ - start);
    ++pos_;
    return true;
  }

  bool boolean(bool &out) {
    if (text_.compare(pos_, 4, "True") == 0)
      return out = true, pos_ += 4, true;
    if (text_.compare(pos_, 5, "False") == 0)
      return out = false, pos_ += 5, true;
    return unexpected("True or False as 'fortran_order'");
  }

  bool tuple(std::vector<int64_t> &dims) {
    char close = peek() == '(' ? ')' : peek() == '[' ? ']' : '\0';
    if (!close)
      return unexpected("a tuple of dims as 'shape'");
    ++pos_;
    for (;;) {
      skipSpace();
      if (peek() == close)
        break;
      if (peek() < '0' || peek() > '9')
        return unexpected("a dim (a non-negative integer)");
      size_t start = pos_;
      int64_t d = 0;
      while (peek() >= '0' && peek() <= '9') {
        const int digit = peek() - '0';
        if (d > (kMaxDim - 1 - digit) / 10) // d * 10 + digit would reach 2^62
          return error(start, "a dim of 2^62 or more");
        d = d * 10 + digit;
        ++pos_;
      }
      if (peek() == 'L') // Python 2 longs
        ++pos_;
      dims.push_back(d);
      skipSpace();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      if (peek() != close)
        return unexpected(close == ')' ? "',' or ')'" : "',' or ']'");
    }
    ++pos_;
    return true;
  }

  const ByteStream &s_;
  const std::string &text_;
  uint64_t base_;
  size_t pos_ = 0;
};

/// Sets type and itemSize from h.descr, or reports why the dtype is refused.
bool checkDescr(const ByteStream &s, NpyHeader &h) {
  const std::string &d = h.descr;
  const char *path = s.path().c_str();
  const std::string q = quoted(d.data(), d.size());
  const std::string at = s.at(h.descrAt);
  std::string body = d.size() > 1 ? d.substr(1) : d;
  if (!d.empty() && d[0] == '>' && body != "u1" && body != "i1" && body != "b1")
    return fail(LEPTON_ERR_INPUT, "%s: big-endian dtype %s%s is not supported (little-endian '<' only; save with "
                                  "arr.astype(arr.dtype.newbyteorder('<')))",
                path, q.c_str(), at.c_str()),
           false;
  if (!d.empty() && (d[0] == '|' || d[0] == '<' || d[0] == '>' || d[0] == '=') && body.size() >= 1 &&
      (body[0] == 'O'))
    return fail(LEPTON_ERR_INPUT, "%s: object arrays (dtype %s)%s are not supported: the data must be numbers", path,
                q.c_str(), at.c_str()),
           false;
  struct Known {
    const char *descr;
    NpyType type;
    unsigned size;
  };
  static const Known known[] = {{"<f4", NpyType::F4, 4}, {"<f8", NpyType::F8, 8}, {"|u1", NpyType::U1, 1},
                                {"<u1", NpyType::U1, 1}, {"<i4", NpyType::I4, 4}, {"<i8", NpyType::I8, 8}};
  for (const Known &k : known)
    if (d == k.descr) {
      h.type = k.type;
      h.itemSize = k.size;
      return true;
    }
  return fail(LEPTON_ERR_INPUT, "%s: unsupported dtype %s%s (supported: '<f4', '<f8', '|u1', '<i4', '<i8')", path,
              q.c_str(), at.c_str()),
         false;
}

} // namespace

std::string NpyHeader::shapeText() const {
  std::string out = "(";
  for (size_t i = 0; i < shape.size(); ++i)
    out += format(i ? ", %lld" : "%lld", static_cast<long long>(shape[i]));
  return out + (shape.size() == 1 ? ",)" : ")");
}

std::string NpyHeader::describe() const { return "shape " + shapeText() + ", dtype '" + descr + "'"; }

bool readNpyHeader(ByteStream &s, NpyHeader &h) {
  const char *path = s.path().c_str();
  unsigned char start[8];
  size_t got;
  if (!s.read(start, 8, got))
    return false;
  if (got < 6 || std::memcmp(start, "\x93NUMPY", 6) != 0)
    return fail(LEPTON_ERR_INPUT, "%s: not an NPY file: wrong magic %s%s (expected '\\x93NUMPY')", path,
                quoted(reinterpret_cast<const char *>(start), got < 6 ? got : 6).c_str(), s.at(0).c_str()),
           false;
  if (got < 8)
    return fail(LEPTON_ERR_INPUT, "%s: truncated NPY file: the data ends%s, but the header needs 10 bytes or more",
                path, s.at(got).c_str()),
           false;
  h.major = start[6];
  if ((h.major < 1 || h.major > 3) || start[7] != 0)
    return fail(LEPTON_ERR_INPUT, "%s: unsupported NPY format version %u.%u%s (supported: 1.0, 2.0, 3.0)", path,
                start[6], start[7], s.at(6).c_str()),
           false;
  const unsigned lengthBytes = h.major == 1 ? 2 : 4;
  unsigned char length[4];
  if (!readHeaderBytes(s, length, lengthBytes, 8 + lengthBytes))
    return false;
  const uint64_t headerLength = le(length, lengthBytes);
  const uint64_t base = 8 + lengthBytes;
  if (headerLength > kMaxHeaderLength)
    return fail(LEPTON_ERR_INPUT, "%s: NPY header length %llu%s is too large (at most %u bytes)", path,
                static_cast<unsigned long long>(headerLength), s.at(8).c_str(), kMaxHeaderLength),
           false;
  h.bytes = base + headerLength;
  std::string text(static_cast<size_t>(headerLength), '\0');
  if (!readHeaderBytes(s, reinterpret_cast<unsigned char *>(&text[0]), text.size(), h.bytes))
    return false;
  return DictParser(s, text, base).parse(h) && checkDescr(s, h);
}

double npyElement(NpyType type, const unsigned char *p, size_t i) {
  switch (type) {
  case NpyType::U1:
    return p[i];
  case NpyType::I4:
    return static_cast<int32_t>(static_cast<uint32_t>(le(p + 4 * i, 4)));
  case NpyType::I8:
    return static_cast<double>(static_cast<int64_t>(le(p + 8 * i, 8)));
  case NpyType::F4: {
    uint32_t bits = static_cast<uint32_t>(le(p + 4 * i, 4));
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
  }
  case NpyType::F8:
  default: {
    uint64_t bits = le(p + 8 * i, 8);
    double d;
    std::memcpy(&d, &bits, 8);
    return d;
  }
  }
}

} // namespace lepton::rt
