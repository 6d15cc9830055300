/* lepton/dataset.h — data sets of the leptonc runtime: readers (IDX, CSV, NPY), split, batches, statistics. */
#ifndef LEPTON_DATASET_H
#define LEPTON_DATASET_H

/* Part of the runtime's C ABI (lepton/runtime.h includes it; the ABI rules stated there hold here). */

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* =================================================================================================== Datasets */

/*
 * A dataset holds `count` samples in memory: features as f32 (count x sample_size, row-major, the raw values of
 * the file — no scaling; preprocessing is compiled elsewhere) and, when it has labels, either int32 class labels
 * in [0, num_classes) (num_classes >= 1, one per sample) or f32 regression targets (num_classes == 0): K per
 * sample (the target width, num_targets; 1 for IDX files), count x K row-major.
 *
 * Declared shape: loaders take the sample shape the .lep file declares (`shape: [28, 28]`): `sample_shape`
 * points to `rank` dims (rank >= 1, each >= 1). A file matches when its per-sample dims equal the declared dims
 * once dims of size 1 are dropped from both (so [1, 28, 28] accepts a 28x28 file, [784] does not).
 *
 * Loader failures are reported with LEPTON_ERR_INPUT and a message naming the file and what is wrong, with the
 * byte offset in the (decompressed) data or the line and column of a CSV file; hostile input never crashes.
 */
typedef struct lepton_dataset lepton_dataset;

/**
 * Loads an IDX images file and (unless labels_path is NULL) its labels file (MNIST / Fashion-MNIST format).
 * Each file may be gzip-compressed (detected by the magic bytes 1f 8b, any file name) or raw. Element types:
 * 0x08 u8, 0x09 i8, 0x0B i16, 0x0C i32, 0x0D f32, 0x0E f64 (big-endian); dims are big-endian u32. Images: rank
 * >= 2, dims[0] = samples, dims[1..] = sample shape (checked against the declaration); non-finite floats are
 * refused. Labels: one value per sample (rank 1, or further dims of 1), an integer type when num_classes >= 1
 * (each label checked against num_classes), any type as targets when num_classes == 0; the counts must agree.
 * `limit` > 0 keeps only the first `limit` samples (all if the file has fewer; the rest is not read); 0 = all, in
 * which case data after the last sample is an error. Returns a new dataset, or NULL after reporting an error.
 */
lepton_dataset *lepton_dataset_load_idx(const char *images_path, const char *labels_path,
                                        const int64_t *sample_shape, int32_t rank, int32_t num_classes,
                                        int64_t limit);

/* CSV flags (or-ed). Header: AUTO treats the first record as a header when any field is not a number. */
#define LEPTON_CSV_HEADER_AUTO 0    /**< detect the header */
#define LEPTON_CSV_HEADER 1         /**< the first record is a header */
#define LEPTON_CSV_NO_HEADER 2      /**< there is no header */
#define LEPTON_CSV_ALLOW_MISSING 4  /**< empty, NA, NaN, N/A or ? features become NaN (for fill_missing); else error */

/**
 * Loads a numeric CSV file (comma-separated, optional "double quotes", LF or CRLF, blank lines skipped; gzip
 * accepted as for IDX). The label column is named by `label_name` (needs a header) or, if label_name is NULL, by
 * its 0-based `label_index`; label_name NULL and label_index < 0 means no label column (e.g. predict input).
 * Labels are integers in [0, num_classes) (written as 3 or 3.0) when num_classes >= 1, real targets when 0: then
 * the `num_targets` (K >= 1) consecutive columns starting at the label column are the sample's K targets, in
 * order (all K must exist). num_targets must be 1 when num_classes >= 1 (else LEPTON_ERR_INVALID). All other
 * columns, in file order, are the features: their count must equal the declared shape's element count. `limit`
 * as for IDX. Errors name the file, the line and the column (number and name).
 */
lepton_dataset *lepton_dataset_load_csv(const char *path, const int64_t *sample_shape, int32_t rank,
                                        int32_t num_classes, int32_t num_targets, const char *label_name,
                                        int32_t label_index, int32_t flags, int64_t limit);

/**
 * Loads a NumPy .npy samples file and (unless labels_path is NULL, e.g. for predict input) its labels file. Each
 * file may be gzip-compressed (by the magic bytes, as for IDX). Accepted: format versions 1.0, 2.0 and 3.0; a
 * header dict with exactly the keys 'descr', 'fortran_order' (False) and 'shape'; dtypes '<f4', '<f8', '|u1' (or
 * '<u1'), '<i4', '<i8' (little-endian, C order). Samples: shape (N, *dims) where dims match the declared shape as
 * for IDX (dims of size 1 dropped from both; a flattened (N, 784) file does NOT match [28, 28]); N >= 1;
 * values converted to f32 and refused when not finite (NaN included). Labels: with the same N, shape (N,) or
 * (N, 1) when num_targets is 1, (N, K) when num_targets = K > 1; an integer dtype checked against
 * [0, num_classes) when num_classes >= 1, any dtype as f32 targets when num_classes == 0 (num_targets must be 1
 * when num_classes >= 1, else LEPTON_ERR_INVALID). `limit` as for IDX. Everything else — wrong magic, another
 * version, a malformed header, big-endian or object or other dtypes, fortran_order True, data shorter or longer
 * than the header says, sample and label counts that differ, a labels shape other than the above — is
 * LEPTON_ERR_INPUT naming the file and the byte offset (docs/abi.md, "NPY files"). Returns a new dataset, or NULL
 * after reporting an error.
 */
lepton_dataset *lepton_dataset_load_npy(const char *samples_path, const char *labels_path,
                                        const int64_t *sample_shape, int32_t rank, int32_t num_classes,
                                        int32_t num_targets, int64_t limit);

/**
 * Makes a dataset from caller memory (copied): `features` holds count x sample_size floats; `labels` holds count
 * int32 (num_classes >= 1, each checked) or is NULL for no labels. For samples supplied by an embedding host.
 */
lepton_dataset *lepton_dataset_from_arrays(const float *features, const int32_t *labels, int64_t count,
                                           const int64_t *sample_shape, int32_t rank, int32_t num_classes);

/**
 * The source of an `extern dataset`: writes up to `capacity` samples starting at sample `first` (0, then the number
 * written so far) into `samples` (capacity x sample_size floats) and their class labels into `labels` (capacity
 * int32 in 0..classes-1; NULL for regression data) or targets into `targets` (capacity x K floats; NULL for class
 * data). Returns how many samples it wrote: 0 when there are no more, a negative number for an error.
 */
typedef int64_t (*lepton_dataset_fill_fn)(void *user, int64_t first, int64_t capacity, float *samples,
                                          int32_t *labels, float *targets);

/**
 * Makes dataset `name` from a host's fill callback (`extern dataset`), calling it with `user` until it returns 0.
 * num_classes >= 2 for class labels (each checked), else num_targets >= 1 regression targets. Reports (and returns
 * NULL) LEPTON_ERR_INPUT for a callback error, a bad label, too many samples written or none at all,
 * LEPTON_ERR_NOMEM, LEPTON_ERR_INVALID for a NULL callback or a bad declaration.
 */
lepton_dataset *lepton_dataset_from_callback(lepton_dataset_fill_fn fill, void *user, const char *name,
                                             const int64_t *sample_shape, int32_t rank, int32_t num_classes,
                                             int32_t num_targets);

/** A new dataset holding a copy of samples [start, start + count) of `ds` (e.g. a validation split), with their
 * labels or targets. */
lepton_dataset *lepton_dataset_slice(const lepton_dataset *ds, int64_t start, int64_t count);

/**
 * One part of a seeded random split of `ds` into training and validation samples (split(of, valid:, seed:)).
 * With N = lepton_dataset_count(ds) and V = llround(valid_fraction * N) (halves away from zero), the permutation
 * P = lepton_rng_permutation(P, N, seed, 2^63 - 1) (its stream, the last reserved one, is no epoch's) puts
 * samples P[0 .. V) in the validation part (part 1) and the other N - V in the training part (part 0); each part
 * keeps its samples in the order of `ds` (file order). The same (ds, valid_fraction, seed) always gives the same
 * parts, and the two parts partition the samples. Returns a new dataset the caller frees (independent of `ds`,
 * with its shape, classes, labels or targets), or NULL after reporting LEPTON_ERR_INVALID (ds NULL, part not 0
 * or 1, valid_fraction not in (0, 1)) or LEPTON_ERR_INPUT when a part would be empty ("cannot split 3 samples
 * with a validation fraction of 0.1: the validation part would be empty").
 */
lepton_dataset *lepton_dataset_split(const lepton_dataset *ds, double valid_fraction, uint64_t seed, int32_t part);

/** Releases a dataset; NULL is ignored. */
void lepton_dataset_free(lepton_dataset *ds);

/** Number of samples. */
int64_t lepton_dataset_count(const lepton_dataset *ds);

/** Floats per sample (the product of the declared shape). */
int64_t lepton_dataset_sample_size(const lepton_dataset *ds);

/** Rank of the declared sample shape, and its dim `i` (0 <= i < rank; -1 otherwise). */
int32_t lepton_dataset_rank(const lepton_dataset *ds);
int64_t lepton_dataset_dim(const lepton_dataset *ds, int32_t i);

/** Declared class count (0 = regression targets). */
int32_t lepton_dataset_num_classes(const lepton_dataset *ds);

/** Regression targets per sample, K (the loader's num_targets; 1 for class labels, IDX files and arrays; 0 for NULL). */
int32_t lepton_dataset_num_targets(const lepton_dataset *ds);

/** 1 if the dataset has labels (or targets), else 0. */
int32_t lepton_dataset_has_labels(const lepton_dataset *ds);

/** All features, count x sample_size f32, 64-byte aligned, owned by the dataset (e.g. for standardize()). */
const float *lepton_dataset_features(const lepton_dataset *ds);

/** All class labels (count int32), or NULL when there are none or they are regression targets. */
const int32_t *lepton_dataset_labels(const lepton_dataset *ds);

/** All regression targets (count x K f32, row-major), or NULL unless num_classes == 0 and the dataset has labels. */
const float *lepton_dataset_targets(const lepton_dataset *ds);

/**
 * Copies a batch into caller buffers: for j in [0, count), sample s = order ? order[start + j] : start + j goes to
 * features[j * sample_size ...] and its label to labels[j]. order (a permutation, e.g. from
 * lepton_rng_permutation) has at least start + count entries, each in [0, lepton_dataset_count). Needs
 * 0 <= start, 0 <= count, start + count <= lepton_dataset_count, so the last, partial batch is simply a smaller
 * count. features or labels may be NULL to skip them; labels must be NULL for datasets without class labels.
 * Returns LEPTON_OK or LEPTON_ERR_INVALID.
 */
int32_t lepton_dataset_gather(const lepton_dataset *ds, const int64_t *order, int64_t start, int64_t count,
                              float *features, int32_t *labels);

/**
 * 1 when the dataset keeps its samples as the bytes of an IDX file of type 0x08 (they reach a batch as exact
 * floats 0..255), else 0 (also for NULL). While it does, lepton_dataset_gather_bytes gives batches as those bytes.
 */
int32_t lepton_dataset_stores_bytes(const lepton_dataset *ds);

/**
 * As lepton_dataset_gather for a dataset that stores bytes (lepton_dataset_stores_bytes), with each sample's
 * sample_size bytes copied to bytes[j * sample_size ...] unconverted: generated code converts them in the same
 * pass as its preprocessing. bytes or labels may be NULL to skip them. Returns LEPTON_OK or LEPTON_ERR_INVALID
 * (also for a dataset of floats).
 */
int32_t lepton_dataset_gather_bytes(const lepton_dataset *ds, const int64_t *order, int64_t start, int64_t count,
                                    uint8_t *bytes, int32_t *labels);

/**
 * As lepton_dataset_gather, with f32 regression targets (num_classes == 0) instead of class labels: sample s's K
 * targets go to targets[j * K ... j * K + K) (K = lepton_dataset_num_targets), count x K floats in all.
 */
int32_t lepton_dataset_gather_targets(const lepton_dataset *ds, const int64_t *order, int64_t start,
                                      int64_t count, float *features, float *targets);

/**
 * Per-feature statistics of all samples (for standardize() and min_max(), computed once from the training set),
 * in double precision, ignoring NaN (missing) values: mean, population standard deviation (sqrt of the mean
 * squared deviation; exactly 0 for a feature with zero spread — the caller guards the division), minimum and
 * maximum of the values present. Each output holds sample_size floats; any may be NULL to skip it. Returns
 * LEPTON_OK, LEPTON_ERR_INVALID (ds NULL), or LEPTON_ERR_INPUT when the dataset has no samples or a feature is
 * missing in every sample ("cannot compute statistics of feature 2: it is missing in all 5 samples").
 */
int32_t lepton_dataset_feature_stats(const lepton_dataset *ds, float *mean, float *std, float *min, float *max);

/**
 * drop_missing(): removes, in place, every sample with a NaN feature (CSV cells read as missing under
 * LEPTON_CSV_ALLOW_MISSING), keeping the others in order with their labels or targets. Returns the number of
 * samples dropped (0 when none), or -1 after reporting LEPTON_ERR_INVALID (ds NULL) or LEPTON_ERR_INPUT when every
 * sample has a missing value (the dataset is then left unchanged).
 */
int64_t lepton_dataset_drop_missing(lepton_dataset *ds);

/** Prints "dropped N samples with missing values from 'NAME' (M left)" to stderr when N > 0 (drop_missing()). */
void lepton_dataset_report_dropped(const char *name, int64_t dropped, int64_t left);

/**
 * fill_missing(): replaces, in place, every NaN feature j of every sample by values[j] (sample_size finite
 * floats, e.g. the means of lepton_dataset_feature_stats, zeros, or a constant). Returns LEPTON_OK or
 * LEPTON_ERR_INVALID (ds or values NULL, a value not finite; the dataset is then unchanged).
 */
int32_t lepton_dataset_fill_missing(lepton_dataset *ds, const float *values);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* LEPTON_DATASET_H */
