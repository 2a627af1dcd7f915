/* Judging one request a client sent to the examiner (client-check): the
 * signature, the protocol headers and parameters, the encoding of values,
 * the feedback round trip, credential leaks and the User-Agent. Pure
 * functions of the recorded request and what the client was asked to do,
 * so they are unit-tested without a server.
 *
 * Ownership: a struct ra_cc_request owns its strings (ra_cc_request_free);
 * ra_examine_request appends one-line reasons to caller-owned buffers. */
#ifndef RA_CLIENT_EXAMINE_H
#define RA_CLIENT_EXAMINE_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "proto/request.h"
#include "proto/header.h"
#include "proto/signer.h"
#include "proto/sigv4.h"

/* A request as the examiner received it. */
struct ra_cc_request {
  char *method;
  char *target;               /* raw path?query */
  struct ra_headers headers;  /* as received, Host included */
  char *body;                 /* NUL-terminated copy (may hold NULs) */
  size_t body_len;
  int64_t arrived_ms;         /* monotonic, when the hook saw it */
  int64_t answered_ms;        /* monotonic, when the hook let it go */
};

void ra_cc_request_init(struct ra_cc_request *r);
void ra_cc_request_free(struct ra_cc_request *r);

/* What the client was asked to send. */
struct ra_examine_input {
  ra_profile profile;
  const char *access_key_id;
  const char *secret;
  const char *assignment_id;
  const char *feedback;       /* UTF-8 */
  size_t feedback_len;
  int64_t now_ms;             /* wall clock for timestamp skew (epoch ms) */
};

typedef enum {
  RA_EXAMINE_SIGNATURE = 0,
  RA_EXAMINE_HEADERS,
  RA_EXAMINE_ENCODING,
  RA_EXAMINE_FEEDBACK,
  RA_EXAMINE_CREDENTIALS,
  RA_EXAMINE_USER_AGENT,
  RA_EXAMINE_COUNT
} ra_examine_check;

/* "signature", "headers", ... */
const char *ra_examine_check_name(ra_examine_check c);
/* One line saying what the check requires. */
const char *ra_examine_check_title(ra_examine_check c);

/* What the checks found in one request, per check c: why[c] the reasons it
 * failed, weak[c] the reasons it is weaker than the observed clients but
 * accepted (graded NON-STRICT: e.g. content-type or x-amz-target not
 * signed), info[c] remarks that grade nothing (which headers are signed,
 * how the feedback is encoded). "; "-separated, empty when none. */
struct ra_examine_result {
  struct ra_buf why[RA_EXAMINE_COUNT];
  struct ra_buf weak[RA_EXAMINE_COUNT];
  struct ra_buf info[RA_EXAMINE_COUNT];
};

void ra_examine_result_init(struct ra_examine_result *res);
void ra_examine_result_free(struct ra_examine_result *res);

/* Runs every check and appends to *res. Returns how many checks failed.
 * Reasons never contain the secret or a signature. */
size_t ra_examine_request(const struct ra_cc_request *req,
                          const struct ra_examine_input *in,
                          struct ra_examine_result *res);

/* The RequesterFeedback the request carried, decoded (a new string in
 * *out, length in *len): RA_OK, RA_E_NOT_FOUND when absent, RA_E_PARSE
 * when the body or encoding cannot be decoded. */
ra_code ra_examine_feedback(const struct ra_cc_request *req, ra_profile profile,
                          char **out, size_t *len);

/* Request line, headers, blank line and body (cut at max_body bytes) with
 * the Authorization header, Signature parameters and every occurrence of
 * secret replaced by "[REDACTED]". */
void ra_examine_format_request(struct ra_buf *out,
                             const struct ra_cc_request *req,
                             const char *secret, size_t max_body);

#endif
