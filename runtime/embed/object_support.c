/* object_support.c — an object's per-thread error text and checkpoint file reading (libc only). */
#include "lepton_embed.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Per thread, so that concurrent calls report their own failures. */
static _Thread_local char lastError[640];

static void append(char *buf, size_t *at, const char *text) {
  while (*text && *at + 1 < sizeof lastError)
    buf[(*at)++] = *text++;
  buf[*at] = 0;
}

int32_t lepton_embed_fail(int32_t code, const char *message, const char *detail) {
  size_t at = 0;
  lastError[0] = 0;
  append(lastError, &at, message);
  if (detail)
    append(lastError, &at, detail);
  return code;
}

const char *lepton_embed_last_error(void) { return lastError; }

void lepton_embed_name_file(const char *path) {
  char message[sizeof lastError];
  memcpy(message, lastError, sizeof message);
  size_t at = 0;
  lastError[0] = 0;
  append(lastError, &at, "checkpoint '");
  append(lastError, &at, path);
  append(lastError, &at, "': ");
  append(lastError, &at, message);
}

int32_t lepton_embed_read_file(const char *path, void **data, int64_t *size) {
  *data = 0;
  *size = 0;
  FILE *f = fopen(path, "rb");
  if (!f)
    return lepton_embed_fail(LEPTON_EMBED_FILE, "cannot open: ", strerror(errno));
  size_t capacity = 1 << 16, used = 0;
  unsigned char *buf = malloc(capacity);
  for (;;) {
    if (!buf) {
      fclose(f);
      return lepton_embed_fail(LEPTON_EMBED_MEMORY, "out of memory reading it", 0);
    }
    used += fread(buf + used, 1, capacity - used, f);
    if (used < capacity)
      break;
    unsigned char *grown = realloc(buf, capacity * 2);
    if (!grown)
      free(buf);
    buf = grown;
    capacity *= 2;
  }
  int failed = ferror(f);
  int err = errno;
  fclose(f);
  if (failed) {
    free(buf);
    return lepton_embed_fail(LEPTON_EMBED_FILE, "cannot read: ", strerror(err));
  }
  *data = buf;
  *size = (int64_t)used;
  return LEPTON_EMBED_OK;
}

void lepton_embed_free(void *data) { free(data); }
