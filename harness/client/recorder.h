/* The examiner's recorder: the server's hook in client-check (ra_cc_hook).
 * It records every request a client sends (struct ra_cc_request, with when
 * it arrived and when it was answered) and serves the scenario's scripted
 * answers (scenario.h): request k gets answer k, later ones the last again,
 * a "pass" answer lets the reference server answer. Scripted answers close
 * the connection. Past RA_CC_REQUEST_LIMIT requests it sets `cancel`, which
 * stops the client (ra_child_spec.cancel).
 *
 * Ownership: the recorder owns the recorded requests and loaded fixtures
 * (ra_cc_recorder_init, ra_cc_recorder_free); the script is borrowed and
 * must outlive it. The hook runs in the server's threads; read count,
 * seen and reqs only once the server has stopped. */
#ifndef RA_CLIENT_RECORDER_H
#define RA_CLIENT_RECORDER_H

#include <pthread.h>
#include <stddef.h>

#include "client/clientcheck.h"
#include "client/examine.h"
#include "client/scenario.h"
#include "core/buf.h"
#include "response/fixture.h"

/* Requests past this are answered but not recorded (the client is stopped
 * at RA_CC_REQUEST_LIMIT anyway). */
#define RA_CC_MAX_RECORDED (RA_CC_REQUEST_LIMIT + 8)

/* One scripted answer, ready to serve. */
struct ra_cc_served {
  const struct ra_cc_answer *spec;
  struct ra_response_fixture fixture;
  int from_fixture;
};

struct ra_cc_recorder {
  pthread_mutex_t lock;
  struct ra_cc_request reqs[RA_CC_MAX_RECORDED];
  size_t count;                 /* recorded */
  size_t seen;                  /* received, recorded or not */
  int cancel;                   /* set past RA_CC_REQUEST_LIMIT: stops the
                                   client (ra_child_spec.cancel) */
  struct ra_cc_served answers[RA_CC_MAX_ANSWERS];
  size_t answer_count;
};

void ra_cc_recorder_init(struct ra_cc_recorder *rec,
                         const struct ra_cc_script *sc,
                         const char *fixtures_dir);
void ra_cc_recorder_free(struct ra_cc_recorder *rec);
/* The ra_cc_hook: ctx is the recorder. */
int ra_cc_recorder_hook(void *ctx, const struct ra_wire_request *req,
                        struct ra_cc_wire_answer *ans);
/* "1: fixture json-throttling-400 (HTTP 400), 2: ..., 3: the reference
 * server's own answer; later requests get the last answer again" */
void ra_cc_recorder_describe(struct ra_buf *out,
                             const struct ra_cc_recorder *rec);

#endif
