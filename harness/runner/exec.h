/* The executor: turns one request of a case (docs/cases.md "request") into
 * the concrete HTTP request for a profile: it evaluates the case's values,
 * picks the keys and the time, and hands them to the one request builder
 * (proto/request.h) with the case's options and its authentication
 * mutation (a table here, applied through the builder's hooks).
 *
 * Nothing here sends anything; the time comes from the injectable clock, so
 * a fixed clock gives byte-identical requests (unit tests, reproducers).
 * struct ra_exec_out owns everything it holds (ra_exec_out_free). */
#ifndef RA_RUNNER_EXEC_H
#define RA_RUNNER_EXEC_H

#include <stddef.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/code.h"
#include "proto/request.h"
#include "runner/casefile.h"
#include "runner/target.h"

/* Key id sent by the "unknown" signer (a key no target knows). */
#define RA_EXEC_UNKNOWN_KEY_ID "AKIDRACONFORMUNKNOWN9"

struct ra_exec_ctx {
  const struct ra_target *target; /* endpoint and requesters' keys */
  struct ra_clock clock;          /* now_ms NULL: the system clock */
  const char *assignment_id;      /* the fixture's ID, or NULL */
};

struct ra_exec_out {
  struct ra_http_request req;
  /* Every RequesterFeedback value actually sent (after mutations; several
   * when duplicated on purpose), in order. feedback_known is 0 when the
   * bytes cannot be told (raw bodies, undecodable uescape text). */
  char **feedback;
  size_t *feedback_len;
  size_t nfeedback;
  int feedback_known;
  /* Strings that must never reach a report: the signature(s) computed,
   * the secret used. Redaction replaces them by "[REDACTED]". */
  char *secrets[4];
  size_t nsecrets;
};

void ra_exec_out_init(struct ra_exec_out *out);
void ra_exec_out_free(struct ra_exec_out *out);

/* Builds request r of case c (the case's main request or one of its setup
 * steps) for profile p. RA_E_UNSUPPORTED (why says why) when the request
 * cannot be expressed for p (e.g. uescape for legacy-2014), RA_E_CONFIG when
 * the target lacks the signer's keys, RA_E_INVALID for an unusable
 * endpoint. */
ra_code ra_exec_build(struct ra_exec_out *out, const struct ra_case_request *r,
                      ra_profile p, const struct ra_exec_ctx *ctx,
                      struct ra_buf *why);


#endif
