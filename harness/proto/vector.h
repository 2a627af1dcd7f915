/* Signing vectors (docs/vectors.md): one directory per vector,
 * <root>/{legacy,sigv4}/<name>/ with vector.json (the inputs) and one file
 * per expected output. This module loads a vector, recomputes its outputs
 * with the built-in signers and hands the resolved inputs to external
 * signers. Loaders fill struct ra_error with file:line:column. */
#ifndef RA_PROTO_VECTOR_H
#define RA_PROTO_VECTOR_H

#include <stddef.h>

#include "core/buf.h"
#include "core/code.h"
#include "core/error.h"

typedef enum {
  RA_VECTOR_MTURK = 0, /* legacy MTurk HMAC-SHA1 */
  RA_VECTOR_SIGV1 = 1, /* AWS Signature Version 1 */
  RA_VECTOR_SIGV4 = 2
} ra_vector_scheme;

struct ra_vector {
  char *name;             /* "sigv4/get-vanilla" */
  char *dir;              /* "<root>/sigv4/get-vanilla" */
  char *json_path;        /* "<dir>/vector.json" */
  ra_vector_scheme scheme;
  void *json;             /* parsed vector.json (json_t *), owned */
  char *text;             /* raw vector.json, for error positions */
};

#define RA_VECTOR_MAX_OUTPUTS 6

struct ra_vector_output {
  const char *file;       /* "signature.txt", static */
  struct ra_buf data;
};

struct ra_vector_result {
  struct ra_vector_output items[RA_VECTOR_MAX_OUTPUTS];
  size_t count;
};

/* Names ("legacy/x", "sigv4/y") of every directory holding a vector.json
 * under root/legacy and root/sigv4, sorted. *names is owned by the caller
 * (ra_vector_names_free). RA_E_NOT_FOUND when root has neither folder. */
ra_code ra_vector_list(const char *root, char ***names, size_t *count,
                       struct ra_error *err);
void ra_vector_names_free(char **names, size_t count);

ra_code ra_vector_load(struct ra_vector *v, const char *root,
                       const char *name, struct ra_error *err);
void ra_vector_free(struct ra_vector *v);

/* Every expected output of this vector, computed with the built-in
 * signers, in the order the files are checked. */
ra_code ra_vector_compute(struct ra_vector_result *out,
                          const struct ra_vector *v, struct ra_error *err);
void ra_vector_result_init(struct ra_vector_result *r);
void ra_vector_result_free(struct ra_vector_result *r);

/* Reads <dir>/<file> (RA_E_NOT_FOUND / RA_E_IO with err filled). */
ra_code ra_vector_read_expected(struct ra_buf *out, const struct ra_vector *v,
                                const char *file, struct ra_error *err);

/* The resolved inputs for an external signer, as one compact JSON object
 * (docs/vectors.md, "external signers"). */
ra_code ra_vector_inputs_json(struct ra_buf *out, const struct ra_vector *v,
                              struct ra_error *err);
/* The file an external signer's answer is compared with: "signature.txt"
 * (legacy) or "authorization.txt" (SigV4). */
const char *ra_vector_answer_file(const struct ra_vector *v);

#endif
