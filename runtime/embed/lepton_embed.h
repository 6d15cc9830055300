/* lepton_embed.h — the support code leptonc links into every object it emits (-c, -shared): checkpoint loading
 * from memory and files, and the per-thread error text of the object's C API. Not installed: generated code
 * calls these, and leptonc itself reads `--weights` checkpoints with them. Plain C, no libc beyond what
 * object_support.c names, so an object needs nothing but libc (docs/abi.md "Objects"). */
#ifndef LEPTON_EMBED_H
#define LEPTON_EMBED_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes of an object's C API; its header repeats them as <PIPELINE>_OK, <PIPELINE>_ERROR_… */
#define LEPTON_EMBED_OK 0
#define LEPTON_EMBED_ARGUMENT 1   /* a null pointer, a count below 1 */
#define LEPTON_EMBED_NOT_LOADED 2 /* inference before weights were loaded */
#define LEPTON_EMBED_FILE 3       /* a checkpoint file that cannot be opened or read */
#define LEPTON_EMBED_FORMAT 4     /* not a checkpoint, truncated, corrupt, an unknown version */
#define LEPTON_EMBED_MODEL 5      /* a checkpoint of another model: signature, tensor names, shapes, types */
#define LEPTON_EMBED_MEMORY 6     /* out of memory reading a checkpoint file */

/* Element types, as in the checkpoint (LEPTON_TENSOR_F32/S8/S32 of lepton/runtime.h). */
#define LEPTON_EMBED_F32 0
#define LEPTON_EMBED_S8 1
#define LEPTON_EMBED_S32 2

/* Checks a whole checkpoint held in memory (format versions 1 and 2, docs/abi.md): magic bytes, version, checksum,
 * structure, and that it was saved from the model whose signature is `signature`. Returns LEPTON_EMBED_OK or a
 * code with the reason in lepton_embed_last_error(). */
int32_t lepton_embed_check(const void *data, int64_t size, const char *signature);

/* After a successful lepton_embed_check of the same bytes: finds tensor `name`, checks its element type and shape,
 * and copies its data to `dst` unless `dst` is NULL (a dry run, so that a load can check everything before it
 * writes anything). A missing tensor is an error when `required`, else it is skipped. Returns `rc` at once when
 * it is not LEPTON_EMBED_OK, so that calls chain without branches in generated code. */
int32_t lepton_embed_take(int32_t rc, const void *data, int64_t size, const char *name, int32_t type, int32_t rank,
                          const int64_t *dims, void *dst, int32_t required);

/* Records `message` (with `detail` appended when not NULL) as this thread's last error; returns `code`. */
int32_t lepton_embed_fail(int32_t code, const char *message, const char *detail);

/* This thread's last error message ("" if none). */
const char *lepton_embed_last_error(void);

/* Reads file `path` into a new heap block: *data and *size (release with lepton_embed_free). */
int32_t lepton_embed_read_file(const char *path, void **data, int64_t *size);
void lepton_embed_free(void *data);

/* The first layer's weight (rows x cols, row-major) and bias (cols, or NULL: zero) with the input's per-channel
 * affine preprocessing folded in: the input x = raw * scale[ch] + shift[ch], ch = row mod channels, becomes raw
 * for a weight `folded_weight` (rows x cols) and a bias `folded_bias` (cols; NULL when no shift is folded). */
void lepton_embed_fold_input(const float *weight, const float *bias, int64_t rows, int64_t cols, const float *scale,
                             const float *shift, int64_t channels, float *folded_weight, float *folded_bias);

/* Prefixes this thread's last error with "checkpoint 'PATH': " (a load from a file failed). */
void lepton_embed_name_file(const char *path);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* LEPTON_EMBED_H */
