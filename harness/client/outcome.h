/* Judging the line a client adapter printed (SPEC §5): `ok`, or anything
 * else for an error, whose *words* carry what the client exposed (its error
 * type and/or code). A word is a run of the characters an error type or
 * code is made of (letters, digits, '.', '_'), so `ValidationException:`,
 * `com.amazon.coral.validate#ValidationException` and
 * `error ValidationException` all carry `ValidationException`; a leading
 * `error` word is allowed, not required. Pure functions of the line and the
 * scenario, unit-tested without a server.
 *
 * Ownership: struct ra_cc_outcome owns its buffers (ra_cc_outcome_init
 * before, ra_cc_outcome_free after); everything else is borrowed. */
#ifndef RA_CLIENT_OUTCOME_H
#define RA_CLIENT_OUTCOME_H

#include <stddef.h>

#include "client/scenario.h"
#include "core/buf.h"
#include "proto/verdict.h"

/* How much of an adapter's line a report shows (escaped). */
#define RA_CC_LINE_SHOWN 200

struct ra_cc_outcome {
  ra_grade grade;             /* OK, NON-STRICT, or NONE (FAILED) */
  struct ra_buf reason;       /* one line, when the grade is not OK */
  struct ra_buf key;          /* how it failed, for baselines */
  struct ra_buf actual;       /* what the client did, one line */
};

void ra_cc_outcome_init(struct ra_cc_outcome *o);
void ra_cc_outcome_free(struct ra_cc_outcome *o);

/* 1 when the line reports success (exactly "ok"). */
int ra_cc_line_is_ok(const char *line);
/* 1 when one of the line's words is exactly word. */
int ra_cc_line_has_word(const char *line, const char *word);
/* The line as a report may show it: escaped (ra_utf8_escape) and cut at
 * RA_CC_LINE_SHOWN bytes, with "..." when cut. */
void ra_cc_line_display(struct ra_buf *out, const char *line);

/* Judges the line (trimmed, not NULL) the client printed for scenario sc
 * with script (its profile's), after it sent `requests` requests. */
void ra_cc_outcome_judge(struct ra_cc_outcome *out,
                         const struct ra_cc_scenario *sc,
                         const struct ra_cc_script *script, const char *line,
                         size_t requests);

#endif
