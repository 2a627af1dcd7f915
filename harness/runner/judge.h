/* The judge: what an answer means for a case.
 *
 * Parses the answer into a struct ra_answer (harness/response) and applies
 * the runner's one rule on top of the parsers, bare errors (see
 * ra_judge_parse); matches it against the case's outcome list for the
 * profile in order (an outcome with `when` applies only when the target
 * declares that capability), checks the post-conditions (docs/cases.md
 * defaults, or the outcome's override) and fills a struct ra_verdict:
 * status, grade, reason, expected, actual, observed key, redacted
 * request/response excerpts and a curl reproducer with credentials masked.
 * Every string stored in the verdict has been through ra_redact (proto/redact.h). */
#ifndef RA_RUNNER_JUDGE_H
#define RA_RUNNER_JUDGE_H

#include <stddef.h>

#include "core/buf.h"
#include "proto/verdict.h"
#include "response/response.h"
#include "runner/casefile.h"
#include "runner/exec.h"
#include "runner/fixture.h"
#include "runner/target.h"
#include "runner/transport.h"

struct ra_judge_in {
  const struct ra_case *c;
  ra_profile profile;
  const struct ra_target *target;   /* capabilities; NULL: none declared */
  int strict;                       /* NON-STRICT fails */
  const char *base_url;             /* the endpoint (curl reproducer) */
  const struct ra_exec_out *sent;   /* the judged request */
  const struct ra_http_response *resp;
  /* Post-conditions: check is 1 when the case observes state; before and
   * after are then the observations (NULL: could not observe, see
   * observe_why). */
  int check_post;
  const struct ra_observation *before;
  const struct ra_observation *after;
  const char *observe_why;
};

/* Parses the answer in resp for profile p into *out (initialised here;
 * free it with ra_answer_free). Never fails: a transport failure or a body
 * that is no recognisable answer gives RA_ANSWER_MALFORMED with the reason
 * in `detail`, except a legacy 4xx/5xx, which stays a refusal known only
 * by its status: kind RA_ANSWER_ERROR with `bare` set (docs/runner.md
 * "Bare errors"; json-2017 needs no such rule, the parser already makes
 * every 4xx/5xx an error). */
void ra_judge_parse(struct ra_answer *out, ra_profile p,
                    const struct ra_http_response *resp);

/* Index of the first outcome of e matching answer a, or -1. */
int ra_judge_match(const struct ra_case_expect *e, const struct ra_answer *a,
                   const struct ra_target *target);
/* For a target that does not declare capabilities.feedback_length_unit and
 * a case whose outcomes depend on it: the index of the first
 * unit-dependent outcome the answer matches under some unit (code points,
 * UTF-16 units, bytes, in that order), with that unit in *unit; -1 when
 * the case does not depend on the unit, the target declares it, or no unit
 * explains the answer. */
int ra_judge_infer_unit(const struct ra_case_expect *e,
                        const struct ra_answer *a,
                        const struct ra_target *target, ra_length_unit *unit);

/* Fills v's judgement fields (status, grade, reason, error_kind, expected,
 * actual, observed_key, request, response, curl). Identity fields (id,
 * title, ...) are the caller's. */
void ra_judge_verdict(struct ra_verdict *v, const struct ra_judge_in *in);

/* "success", "400 RequestError AWS.MechanicalTurk.X",
 * "200 result AWS.MechanicalTurk.X", "503 malformed", "302 redirect",
 * "transport timeout". */
void ra_judge_observed_key(struct ra_buf *out,
                           const struct ra_http_response *resp,
                           const struct ra_answer *a);

/* 1 when the answer is transient and worth retrying: HTTP 503 or 429, a
 * throttling code (ThrottlingException, Throttling, ServiceUnavailable,
 * AWS.ServiceUnavailable), or a reset connection. a may be NULL. */
int ra_judge_is_transient(const struct ra_http_response *resp,
                          const struct ra_answer *a);

/* A shell line reproducing req against base_url, Authorization and
 * signatures masked, then redacted with secrets. Returns a new string. */
char *ra_judge_curl(const char *base_url, const struct ra_http_request *req,
                    const char *const *secrets, size_t nsecrets);

/* Redacted excerpts (at most max bytes of body) for reports and wire logs. */
char *ra_judge_request_text(const struct ra_exec_out *sent, size_t max);
char *ra_judge_response_text(const struct ra_http_response *resp,
                             const struct ra_exec_out *sent, size_t max);

/* Checks post-conditions for an answer of kind `kind` matched by outcome o
 * (NULL: the defaults). Returns NULL when they hold, else a new one-line
 * reason. */
char *ra_judge_post(const struct ra_outcome *o, ra_answer_kind kind,
                    const struct ra_exec_out *sent,
                    const struct ra_observation *before,
                    const struct ra_observation *after);

#endif
