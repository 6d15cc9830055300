// checkpoint.cpp — tensor sets and the LEPTCKPT checkpoint file: deterministic bytes, atomic save, checked load.
#include "internal.h"
#include "notice.h"
#include "output_file.h"
#include "run_info.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <new>
#include <vector>
#include <zlib.h>

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "checkpoints store little-endian data by memcpy");

namespace {

const char kMagic[8] = {'L', 'E', 'P', 'T', 'C', 'K', 'P', 'T'};
// Version 1: every tensor f32. Version 2 adds a u32 kind per tensor (element type, derived flag); the
// writer uses version 1 whenever every tensor is a plain f32 one, so such files stay what older programs read.
const uint32_t kVersionF32 = 1, kVersionTyped = 2;
const uint32_t kTypeMask = 0xff, kDerivedBit = 0x100;
const uint32_t kMaxName = 4096, kMaxSignature = 1u << 20, kMaxRank = 16;

struct Tensor {
  std::string name;
  void *data;
  std::vector<int64_t> dims;
  int64_t count;
  int32_t type = LEPTON_TENSOR_F32;
  bool derived = false;
  bool loaded = false; // derived tensors: found in the last checkpoint loaded
  size_t bytes() const { return static_cast<size_t>(count) * (type == LEPTON_TENSOR_S8 ? 1 : 4); } // f32, s32: 4
  uint32_t kind() const { return static_cast<uint32_t>(type) | (derived ? kDerivedBit : 0); }
};

} // namespace

struct lepton_tensor_set {
  std::string signature;
  std::vector<Tensor> tensors;
};

namespace {

using lepton::rt::fail;
using lepton::rt::format;

std::string quotedText(const std::string &s) { return lepton::rt::quoted(s.data(), s.size(), 200); }

void putU32(std::string &out, uint32_t v) { out.append(reinterpret_cast<const char *>(&v), 4); }
void putString(std::string &out, const std::string &s) {
  putU32(out, static_cast<uint32_t>(s.size()));
  out += s;
}

/// Bounds-checked little-endian reader over the file's bytes; `short_` records reading past the end.
struct Reader {
  const std::string &bytes;
  size_t end; // bytes before the checksum, or the whole file while probing for truncation
  size_t pos = 0;
  bool short_ = false;

  bool take(void *dst, size_t n) {
    if (short_ || n > end - pos)
      return short_ = true, false;
    if (dst)
      std::memcpy(dst, bytes.data() + pos, n);
    pos += n;
    return true;
  }
  uint32_t u32() {
    uint32_t v = 0;
    take(&v, 4);
    return v;
  }
  std::string str(uint32_t max) {
    uint32_t n = u32();
    if (short_ || n > max || n > end - pos)
      return short_ = true, std::string();
    std::string s = bytes.substr(pos, n);
    pos += n;
    return s;
  }
};

struct StoredTensor {
  std::string name;
  std::vector<int64_t> dims;
  size_t offset = 0; // of the data in the file
  int64_t count = 1;
  uint32_t kind = LEPTON_TENSOR_F32; // version 1: always f32, never derived
  bool derived() const { return kind & kDerivedBit; }
  int32_t type() const { return static_cast<int32_t>(kind & kTypeMask); }
};

const char *typeName(int32_t type) {
  return type == LEPTON_TENSOR_S8 ? "s8" : type == LEPTON_TENSOR_S32 ? "s32" : "f32";
}

bool knownType(int32_t type) {
  return type == LEPTON_TENSOR_F32 || type == LEPTON_TENSOR_S8 || type == LEPTON_TENSOR_S32;
}

/// Parses everything after magic and version; false when the bytes run out (or sizes or kinds are impossible).
bool parseBody(Reader &r, uint32_t version, std::string &signature, std::vector<StoredTensor> &tensors) {
  signature = r.str(kMaxSignature);
  uint32_t n = r.u32();
  for (uint32_t t = 0; t < n && !r.short_; ++t) {
    StoredTensor st;
    st.name = r.str(kMaxName);
    uint32_t rank = r.u32();
    if (rank > kMaxRank)
      return r.short_ = true, false;
    for (uint32_t i = 0; i < rank && !r.short_; ++i) {
      int64_t d = -1;
      r.take(&d, 8);
      if (d < 0 || (d > 0 && st.count > INT64_MAX / 4 / d))
        return r.short_ = true, false;
      st.dims.push_back(d);
      st.count *= d;
    }
    if (version == kVersionTyped) {
      st.kind = r.u32();
      if ((st.kind & ~(kTypeMask | kDerivedBit)) || !knownType(st.type()))
        return r.short_ = true, false;
    }
    st.offset = r.pos;
    if (!r.take(nullptr, static_cast<size_t>(st.count) * (st.type() == LEPTON_TENSOR_S8 ? 1 : 4)))
      return false;
    tensors.push_back(std::move(st));
  }
  return !r.short_;
}

uint32_t crcOf(const char *data, size_t size) {
  uLong crc = crc32(0L, Z_NULL, 0);
  for (size_t done = 0; done < size;) { // crc32 takes uInt lengths
    size_t n = std::min<size_t>(size - done, 1u << 30);
    crc = crc32(crc, reinterpret_cast<const Bytef *>(data + done), static_cast<uInt>(n));
    done += n;
  }
  return static_cast<uint32_t>(crc);
}

int32_t readFile(const char *path, std::string &bytes) {
  FILE *f = std::fopen(path, "rb");
  if (!f)
    return fail(LEPTON_ERR_INPUT, "cannot read checkpoint '%s': %s", path, std::strerror(errno));
  char chunk[65536];
  size_t n;
  try {
    while ((n = std::fread(chunk, 1, sizeof chunk, f)) > 0)
      bytes.append(chunk, n);
  } catch (const std::bad_alloc &) {
    std::fclose(f);
    return fail(LEPTON_ERR_NOMEM, "out of memory reading checkpoint '%s'", path);
  }
  bool error = std::ferror(f);
  int err = errno;
  std::fclose(f);
  if (error)
    return fail(LEPTON_ERR_INPUT, "cannot read checkpoint '%s': %s", path, std::strerror(err));
  return LEPTON_OK;
}

} // namespace

extern "C" {

lepton_tensor_set *lepton_tensor_set_create(const char *signature) {
  if (!signature || std::strlen(signature) > kMaxSignature) {
    fail(LEPTON_ERR_INVALID, "lepton_tensor_set_create: missing or oversized signature");
    return nullptr;
  }
  auto *s = new (std::nothrow) lepton_tensor_set;
  if (!s) {
    fail(LEPTON_ERR_NOMEM, "out of memory: cannot create a tensor set");
    return nullptr;
  }
  s->signature = signature;
  return s;
}

void lepton_tensor_set_free(lepton_tensor_set *s) { delete s; }

int32_t lepton_tensor_set_add(lepton_tensor_set *s, const char *name, float *data, int32_t rank,
                              const int64_t *dims) {
  return lepton_tensor_set_add_typed(s, name, data, LEPTON_TENSOR_F32, 0, rank, dims);
}

int32_t lepton_tensor_set_add_typed(lepton_tensor_set *s, const char *name, void *data, int32_t type, int32_t flags,
                                    int32_t rank, const int64_t *dims) {
  if (!s || !knownType(type) || (flags & ~LEPTON_TENSOR_DERIVED) || !name || !*name ||
      std::strlen(name) > kMaxName || rank < 0 || rank > static_cast<int32_t>(kMaxRank) ||
      (rank > 0 && !dims))
    return fail(LEPTON_ERR_INVALID, "lepton_tensor_set_add: invalid arguments for tensor '%s'", name ? name : "");
  for (const Tensor &t : s->tensors)
    if (t.name == name)
      return fail(LEPTON_ERR_INVALID, "lepton_tensor_set_add: tensor '%s' registered twice", name);
  Tensor t{name, data, std::vector<int64_t>(dims, dims + rank), 1, type, (flags & LEPTON_TENSOR_DERIVED) != 0};
  for (int64_t d : t.dims) {
    if (d < 0 || (d > 0 && t.count > INT64_MAX / 4 / d))
      return fail(LEPTON_ERR_INVALID, "lepton_tensor_set_add: tensor '%s' has invalid shape %s", name,
                  lepton::rt::shapeText(dims, rank, true).c_str());
    t.count *= d;
  }
  if (t.count > 0 && !data)
    return fail(LEPTON_ERR_INVALID, "lepton_tensor_set_add: tensor '%s' has no data", name);
  s->tensors.push_back(std::move(t));
  return LEPTON_OK;
}

int64_t lepton_tensor_set_count(const lepton_tensor_set *s) {
  return s ? static_cast<int64_t>(s->tensors.size()) : 0;
}

int64_t lepton_tensor_set_elements(const lepton_tensor_set *s) {
  int64_t total = 0;
  if (s)
    for (const Tensor &t : s->tensors)
      if (!t.derived)
        total += t.count;
  return total;
}

int32_t lepton_tensor_set_derived_loaded(const lepton_tensor_set *s) {
  if (!s)
    return 0;
  bool any = false;
  for (const Tensor &t : s->tensors)
    if (t.derived) {
      if (!t.loaded)
        return 0;
      any = true;
    }
  return any ? 1 : 0;
}

int32_t lepton_checkpoint_save(const lepton_tensor_set *s, const char *path) {
  if (!s || !path || !*path)
    return fail(LEPTON_ERR_INVALID, "lepton_checkpoint_save: invalid arguments");
  std::string bytes;
  try {
    bool typed = std::any_of(s->tensors.begin(), s->tensors.end(), [](const Tensor &t) { return t.kind() != 0; });
    bytes.append(kMagic, 8);
    putU32(bytes, typed ? kVersionTyped : kVersionF32);
    putString(bytes, s->signature);
    putU32(bytes, static_cast<uint32_t>(s->tensors.size()));
    for (const Tensor &t : s->tensors) {
      putString(bytes, t.name);
      putU32(bytes, static_cast<uint32_t>(t.dims.size()));
      bytes.append(reinterpret_cast<const char *>(t.dims.data()), t.dims.size() * 8);
      if (typed)
        putU32(bytes, t.kind());
      bytes.append(reinterpret_cast<const char *>(t.data), t.bytes());
    }
  } catch (const std::bad_alloc &) {
    return fail(LEPTON_ERR_NOMEM, "out of memory writing checkpoint '%s'", path);
  }
  putU32(bytes, crcOf(bytes.data(), bytes.size()));
  lepton::rt::OutputFile out;
  int32_t rc = out.open(path, "checkpoint", false);
  if (rc == LEPTON_OK)
    rc = out.write(bytes);
  if (rc == LEPTON_OK)
    rc = out.commit();
  if (rc == LEPTON_OK) {
    lepton::rt::recordCheckpoint(path, true);
    lepton::rt::notice("saved checkpoint %s (%s)", path, lepton::rt::sizeText(out.size()).c_str());
  }
  return rc;
}

int32_t lepton_checkpoint_load(lepton_tensor_set *s, const char *path) {
  if (!s || !path || !*path)
    return fail(LEPTON_ERR_INVALID, "lepton_checkpoint_load: invalid arguments");
  std::string bytes;
  if (int32_t rc = readFile(path, bytes))
    return rc;
  size_t size = bytes.size();
  if (size == 0 || std::memcmp(bytes.data(), kMagic, std::min<size_t>(size, 8)) != 0)
    return fail(LEPTON_ERR_INPUT, "'%s' is not a Lepton checkpoint (%s)", path,
                size == 0 ? "the file is empty" : "no LEPTCKPT magic bytes");
  Reader header{bytes, size};
  header.take(nullptr, 8);
  uint32_t version = header.u32();
  if (header.short_)
    return fail(LEPTON_ERR_INPUT, "'%s' is truncated at byte %zu", path, size);
  if (version != kVersionF32 && version != kVersionTyped)
    return fail(LEPTON_ERR_INPUT,
                "'%s' is a Lepton checkpoint of format version %u; this program reads versions 1 and 2", path,
                version);

  // Checksum first: when it matches, the structure below was written by lepton_checkpoint_save.
  uint32_t stored = 0;
  bool checksumOk = false;
  if (size >= 16) {
    std::memcpy(&stored, bytes.data() + size - 4, 4);
    checksumOk = crcOf(bytes.data(), size - 4) == stored;
  }
  std::string signature;
  std::vector<StoredTensor> stored_tensors;
  Reader body{bytes, checksumOk ? size - 4 : size, 12};
  bool parsed = parseBody(body, version, signature, stored_tensors);
  if (!checksumOk) {
    if (!parsed || body.pos + 4 > size)
      return fail(LEPTON_ERR_INPUT, "'%s' is truncated at byte %zu", path, size);
    return fail(LEPTON_ERR_INPUT, "'%s' is corrupt (checksum mismatch)", path);
  }
  if (!parsed || body.pos != size - 4)
    return fail(LEPTON_ERR_INPUT, "'%s' is corrupt (malformed contents)", path);

  if (signature != s->signature)
    return fail(LEPTON_ERR_INPUT, "'%s' was saved from model %s; this program's model is %s", path,
                quotedText(signature).c_str(), quotedText(s->signature).c_str());
  // The tensors the program cannot recompute must match one for one, in order; derived ones (int8 weights, their
  // scales, activation ranges) are taken by name when the program has them, ignored otherwise, and recomputed by
  // the program when the file lacks them (lepton_tensor_set_derived_loaded).
  std::vector<const StoredTensor *> storedPrimary;
  std::vector<const Tensor *> primary;
  for (const StoredTensor &st : stored_tensors)
    if (!st.derived())
      storedPrimary.push_back(&st);
  for (const Tensor &t : s->tensors)
    if (!t.derived)
      primary.push_back(&t);
  if (storedPrimary.size() != primary.size())
    return fail(LEPTON_ERR_INPUT, "'%s' holds %zu tensors; this program's model has %zu", path,
                storedPrimary.size(), primary.size());
  auto checkShape = [&](const StoredTensor &st, const Tensor &t) {
    if (st.dims != t.dims)
      return fail(LEPTON_ERR_INPUT, "'%s': tensor '%s' has shape %s; this program's model expects %s", path,
                  t.name.c_str(),
                  lepton::rt::shapeText(st.dims.data(), static_cast<int32_t>(st.dims.size()), true).c_str(),
                  lepton::rt::shapeText(t.dims.data(), static_cast<int32_t>(t.dims.size()), true).c_str());
    if (st.type() != t.type)
      return fail(LEPTON_ERR_INPUT, "'%s': tensor '%s' holds %s values; this program's model expects %s", path,
                  t.name.c_str(), typeName(st.type()), typeName(t.type));
    return static_cast<int32_t>(LEPTON_OK);
  };
  for (size_t i = 0; i < storedPrimary.size(); ++i) {
    const StoredTensor &st = *storedPrimary[i];
    const Tensor &t = *primary[i];
    if (st.name != t.name)
      return fail(LEPTON_ERR_INPUT, "'%s': tensor %zu is %s; this program's model expects %s", path, i + 1,
                  quotedText(st.name).c_str(), quotedText(t.name).c_str());
    if (int32_t rc = checkShape(st, t))
      return rc;
  }
  std::vector<std::pair<Tensor *, const StoredTensor *>> copies;
  for (size_t i = 0; i < storedPrimary.size(); ++i)
    copies.push_back({const_cast<Tensor *>(primary[i]), storedPrimary[i]});
  for (Tensor &t : s->tensors) {
    if (!t.derived)
      continue;
    auto match = std::find_if(stored_tensors.begin(), stored_tensors.end(),
                              [&](const StoredTensor &st) { return st.derived() && st.name == t.name; });
    if (match == stored_tensors.end())
      continue;
    if (int32_t rc = checkShape(*match, t))
      return rc;
    copies.push_back({&t, &*match});
  }
  for (Tensor &t : s->tensors)
    t.loaded = false;
  for (auto [t, st] : copies) {
    if (t->count > 0)
      std::memcpy(t->data, bytes.data() + st->offset, t->bytes());
    t->loaded = true;
  }
  lepton::rt::recordCheckpoint(path, false);
  return LEPTON_OK;
}

} // extern "C"
