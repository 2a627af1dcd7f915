/* Judging one client-check scenario (SPEC §5): from what the examination
 * observed (the requests the client sent, how its process ended, the line
 * it printed) to the scenario's verdicts, one per check, with IDs
 * "<scenario>/<check>": outcome, attempts, backoff (retry scenarios only),
 * then the per-request checks of examine.h. Pure functions of the
 * observation and the scenario (no server, no process), unit-tested with
 * made-up observations; clientcheck.c runs the examination and calls them.
 *
 * Backoff: a client that retries must wait before it does. Real SDKs draw
 * each delay at random between 0 and a growing cap ("full jitter", notes
 * 2.5 and 2.6: botocore rand*2^n s, the JS SDKs rand*100*2^n ms), so a
 * correct client sometimes draws delays close to zero: the JS SDKs' two
 * delays of a then-success scenario stay under 10 ms in all about once in
 * 400 runs. A client without backoff retries within its reaction time
 * (about a millisecond on loopback). One examination cannot tell the two
 * apart, so the retries count as immediate when their delays average less
 * than RA_CC_BACKOFF_MIN_MEAN_MS, and a scenario whose retries look
 * immediate is examined again, up to RA_CC_BACKOFF_EXAMINATIONS times in
 * all, the delays of every examination pooled: a client without backoff
 * keeps its average near its reaction time and is caught whatever the
 * number of examinations; a jittered client's unlucky draw is diluted by
 * the next examination's delays (for the JS SDKs a false alarm well
 * under once in a million runs, about 1e-7 by calculation, instead of
 * once in 400).
 *
 * Ownership: everything is borrowed; verdicts are added to j->out (a run
 * the caller owns). */
#ifndef RA_CLIENT_JUDGE_H
#define RA_CLIENT_JUDGE_H

#include <stddef.h>
#include <stdint.h>

#include "client/clientcheck.h"
#include "client/examine.h"
#include "client/scenario.h"
#include "core/child.h"

/* Examinations of a retry scenario at most, when the first one's retries
 * look immediate (see above). */
#define RA_CC_BACKOFF_EXAMINATIONS 3
/* Delays measured per examination at most. */
#define RA_CC_MAX_GAPS RA_CC_REQUEST_LIMIT

/* The delays between a retryable answer and the client's next request. */
struct ra_cc_gaps {
  size_t n;
  int64_t ms[RA_CC_MAX_GAPS];
};

/* What one examination of a scenario observed. */
struct ra_cc_observed {
  const struct ra_cc_request *reqs;  /* recorded, in arrival order */
  size_t count;                      /* recorded */
  size_t seen;                       /* received, recorded or not */
  const struct ra_child_result *child;
  const char *line;                  /* first stdout line, trimmed; NULL:
                                        none */
  /* The delays of the extra examinations, when the first one's retries
   * looked immediate (ra_cc_gaps_immediate); none otherwise. */
  const struct ra_cc_gaps *again;
  size_t again_count;
};

/* The scenario being judged and where its verdicts go. */
struct ra_cc_judge {
  struct ra_run *out;
  int strict;                        /* NON-STRICT verdicts fail */
  const struct ra_cc_scenario *sc;
  const struct ra_cc_script *script;
  ra_profile profile;
  double duration_ms;                /* the client's run, on every verdict */
  const char *answers_text;          /* the scripted answers, described */
};

/* The retry delays of the scenario in reqs[0..count): after each scripted
 * failure of a then-success scenario, after every answer of a give-up
 * one; none for a scenario without retries. */
void ra_cc_gaps_measure(struct ra_cc_gaps *g, const struct ra_cc_scenario *sc,
                        const struct ra_cc_request *reqs, size_t count);
/* 1 when the n examinations' delays, pooled, exist and average less than
 * RA_CC_BACKOFF_MIN_MEAN_MS: retries as a client without backoff sends
 * them. */
int ra_cc_gaps_immediate(const struct ra_cc_gaps *g, size_t n);

/* Each appends the check's verdict (none for backoff in a scenario
 * without retries) to j->out. */
void ra_cc_judge_outcome(const struct ra_cc_judge *j,
                         const struct ra_cc_observed *o);
void ra_cc_judge_attempts(const struct ra_cc_judge *j,
                          const struct ra_cc_observed *o);
void ra_cc_judge_backoff(const struct ra_cc_judge *j,
                         const struct ra_cc_observed *o);
/* One verdict per check of examine.h over every request (skipped when the
 * client sent none); in: what the client was asked to send. */
void ra_cc_judge_requests(const struct ra_cc_judge *j,
                          const struct ra_cc_observed *o,
                          const struct ra_examine_input *in);
/* All of the above, in report order. */
void ra_cc_judge_all(const struct ra_cc_judge *j,
                     const struct ra_cc_observed *o,
                     const struct ra_examine_input *in);

#endif
