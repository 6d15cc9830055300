/* checkpoint_view.c — reads a LEPTCKPT checkpoint in place (from memory, no allocation): checks, then copies tensors. */
#include "lepton_embed.h"

#include <string.h>

/* The file format (docs/abi.md; written by runtime/lib/checkpoint.cpp): "LEPTCKPT", u32 version (1: every tensor
 * f32; 2: a u32 kind per tensor), the signature string, u32 tensor count, per tensor its name, u32 rank, i64 dims,
 * [kind], data; then the CRC-32 (zlib's) of everything before it. Strings are a u32 length and the bytes. */
enum { kVersionF32 = 1, kVersionTyped = 2, kTypeMask = 0xff, kDerivedBit = 0x100, kMaxRank = 16 };

typedef struct {
  const unsigned char *bytes;
  uint64_t end, pos;
  int short_;
} Reader;

static int take(Reader *r, void *dst, uint64_t n) {
  if (r->short_ || n > r->end - r->pos)
    return r->short_ = 1, 0;
  if (dst)
    memcpy(dst, r->bytes + r->pos, n);
  r->pos += n;
  return 1;
}

static uint32_t u32(Reader *r) {
  uint32_t v = 0;
  take(r, &v, 4);
  return v;
}

/* A string field: its bytes stay in the buffer (*text, *length). */
static void str(Reader *r, const char **text, uint32_t *length) {
  *length = u32(r);
  *text = (const char *)r->bytes + r->pos;
  take(r, 0, *length);
}

static uint32_t crc32Of(const unsigned char *p, uint64_t n) {
  uint32_t table[256];
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k)
      c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
  uint32_t crc = 0xFFFFFFFFu;
  for (uint64_t i = 0; i < n; ++i)
    crc = table[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
  return crc ^ 0xFFFFFFFFu;
}

/* One tensor's header; afterwards the reader stands at its data. False when the bytes are malformed. */
typedef struct {
  const char *name;
  uint32_t nameLength, rank, kind;
  int64_t dims[kMaxRank], count;
} TensorHeader;

static int tensorHeader(Reader *r, uint32_t version, TensorHeader *t) {
  str(r, &t->name, &t->nameLength);
  t->rank = u32(r);
  if (r->short_ || t->rank > kMaxRank)
    return 0;
  t->count = 1;
  for (uint32_t i = 0; i < t->rank; ++i) {
    int64_t d = -1;
    take(r, &d, 8);
    if (r->short_ || d < 0 || (d > 0 && t->count > INT64_MAX / 4 / d))
      return 0;
    t->dims[i] = d;
    t->count *= d;
  }
  t->kind = version == kVersionTyped ? u32(r) : LEPTON_EMBED_F32;
  uint32_t type = t->kind & kTypeMask;
  if (r->short_ || (t->kind & ~(uint32_t)(kTypeMask | kDerivedBit)) || type > LEPTON_EMBED_S32)
    return 0;
  return 1;
}

static uint64_t dataBytes(const TensorHeader *t) {
  return (uint64_t)t->count * ((t->kind & kTypeMask) == LEPTON_EMBED_S8 ? 1 : 4);
}

/* Decimal text of v into buf (at least 21 bytes). */
static const char *decimal(uint64_t v, char *buf) {
  char *p = buf + 20;
  *p = 0;
  do
    *--p = (char)('0' + v % 10);
  while (v /= 10);
  return p;
}

/* Reads magic, version and signature into the reader; the caller checked the size. */
static uint32_t versionOf(const unsigned char *bytes) {
  uint32_t v;
  memcpy(&v, bytes + 8, 4);
  return v;
}

int32_t lepton_embed_check(const void *data, int64_t size, const char *signature) {
  const unsigned char *bytes = (const unsigned char *)data;
  char num[24];
  if (!data || size < 0)
    return lepton_embed_fail(LEPTON_EMBED_ARGUMENT, "no checkpoint bytes (a NULL pointer or a negative size)", 0);
  if (size < 8 || memcmp(bytes, "LEPTCKPT", 8) != 0)
    return lepton_embed_fail(LEPTON_EMBED_FORMAT, "not a Lepton checkpoint ",
                             size == 0 ? "(no bytes)" : "(no LEPTCKPT magic bytes)");
  if (size < 16)
    return lepton_embed_fail(LEPTON_EMBED_FORMAT, "truncated at byte ", decimal((uint64_t)size, num));
  uint32_t version = versionOf(bytes);
  if (version != kVersionF32 && version != kVersionTyped)
    return lepton_embed_fail(LEPTON_EMBED_FORMAT, "a checkpoint of an unknown format version (this code reads 1 and 2): ",
                             decimal(version, num));
  uint32_t stored;
  memcpy(&stored, bytes + size - 4, 4);
  if (crc32Of(bytes, (uint64_t)size - 4) != stored)
    return lepton_embed_fail(LEPTON_EMBED_FORMAT, "corrupt or truncated (checksum mismatch), size ",
                             decimal((uint64_t)size, num));
  Reader r = {bytes, (uint64_t)size - 4, 12, 0};
  const char *sig;
  uint32_t sigLength;
  str(&r, &sig, &sigLength);
  uint32_t n = u32(&r);
  for (uint32_t i = 0; i < n && !r.short_; ++i) {
    TensorHeader t;
    if (!tensorHeader(&r, version, &t) || !take(&r, 0, dataBytes(&t)))
      r.short_ = 1;
  }
  if (r.short_ || r.pos != r.end)
    return lepton_embed_fail(LEPTON_EMBED_FORMAT, "corrupt (malformed contents)", 0);
  if (strlen(signature) != sigLength || memcmp(sig, signature, sigLength) != 0)
    return lepton_embed_fail(LEPTON_EMBED_MODEL, "saved from another model; this code's model is ", signature);
  return LEPTON_EMBED_OK;
}

int32_t lepton_embed_take(int32_t rc, const void *data, int64_t size, const char *name, int32_t type, int32_t rank,
                          const int64_t *dims, void *dst, int32_t required) {
  if (rc != LEPTON_EMBED_OK)
    return rc;
  const unsigned char *bytes = (const unsigned char *)data;
  Reader r = {bytes, (uint64_t)size - 4, 12, 0};
  const char *sig;
  uint32_t sigLength;
  str(&r, &sig, &sigLength);
  uint32_t n = u32(&r), version = versionOf(bytes);
  size_t nameLength = strlen(name);
  for (uint32_t i = 0; i < n; ++i) {
    TensorHeader t;
    tensorHeader(&r, version, &t);
    if (t.nameLength != nameLength || memcmp(t.name, name, nameLength) != 0) {
      take(&r, 0, dataBytes(&t));
      continue;
    }
    int sameShape = t.rank == (uint32_t)rank;
    for (int32_t d = 0; sameShape && d < rank; ++d)
      sameShape = t.dims[d] == dims[d];
    if (!sameShape)
      return lepton_embed_fail(LEPTON_EMBED_MODEL, "a tensor of another shape than this code's model expects: ", name);
    if ((t.kind & kTypeMask) != (uint32_t)type)
      return lepton_embed_fail(LEPTON_EMBED_MODEL,
                               (t.kind & kTypeMask) == LEPTON_EMBED_F32 ? "f32 values where the model expects s8 or s32: "
                                                                        : "integer values where the model expects f32: ",
                               name);
    if (dst && t.count > 0)
      memcpy(dst, bytes + r.pos, dataBytes(&t));
    return LEPTON_EMBED_OK;
  }
  if (!required)
    return LEPTON_EMBED_OK;
  return lepton_embed_fail(LEPTON_EMBED_MODEL, "no tensor ", name);
}
