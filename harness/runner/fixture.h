/* Fixture providers (SPEC §4): where a stateful case gets a fresh assignment
 * in a given state, and how the runner reads its state afterwards.
 *
 * - control: the target's seeding API (POST {control}assignments, GET
 *   {control}assignments/{id}, POST {control}reset), with an optional bearer
 *   token;
 * - manifest: pre-made IDs, each handed out once (thread-safe);
 * - none: nothing is available (stateful cases are skipped).
 *
 * State is observed through the control API when there is one, else through
 * GetAssignment on the real API (json-2017 or legacy Operation=GetAssignment
 * with the owner's keys), else not at all (post-conditions are skipped with
 * the reason). A struct ra_fixture borrows the target; it is shared by all
 * workers, each passing its own transport. */
#ifndef RA_RUNNER_FIXTURE_H
#define RA_RUNNER_FIXTURE_H

#include <stddef.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/code.h"
#include "runner/target.h"
#include "runner/transport.h"

struct ra_fixture;

/* What an assignment looked like. Strings owned (ra_observation_free). */
struct ra_observation {
  char *status;          /* "Submitted" / "Approved" / "Rejected" / other */
  int has_feedback;      /* 0: none stored (null / absent) */
  char *feedback;        /* bytes (NUL-terminated copy) when has_feedback */
  size_t feedback_len;
};

void ra_observation_init(struct ra_observation *o);
void ra_observation_free(struct ra_observation *o);

/* How state can be observed. */
typedef enum {
  RA_OBSERVE_NONE = 0,
  RA_OBSERVE_CONTROL,
  RA_OBSERVE_API         /* GetAssignment through the real API */
} ra_observe_method;

/* use_get_assignment: whether to fall back to GetAssignment when there is
 * no control API (a manifest target that supports it). */
ra_code ra_fixture_create(struct ra_fixture **out, const struct ra_target *t,
                          struct ra_clock clock, int use_get_assignment);
void ra_fixture_free(struct ra_fixture *f);

ra_observe_method ra_fixture_observe_method(const struct ra_fixture *f);

/* Hands out a fresh assignment of owner in state. RA_E_NOT_FOUND (why
 * says why: no provider, manifest exhausted, other owner not supported) is
 * a skip; any other failure is an error of the harness. *id_out is new. */
ra_code ra_fixture_acquire(struct ra_fixture *f, struct ra_transport *tr,
                           ra_fixture_state state, ra_requester owner,
                           char **id_out, struct ra_buf *why);

/* Reads the assignment's state and feedback. RA_E_UNSUPPORTED (why says
 * why) when the state cannot be observed. */
ra_code ra_fixture_observe(struct ra_fixture *f, struct ra_transport *tr,
                           ra_profile p, const char *id,
                           struct ra_observation *out, struct ra_buf *why);

/* POST {control}reset (control provider only; RA_OK otherwise). */
ra_code ra_fixture_reset(struct ra_fixture *f, struct ra_transport *tr);

/* Parsers of GetAssignment answers (exposed for tests). */
ra_code ra_fixture_parse_get_assignment_json(struct ra_observation *out,
                                             const char *body, size_t len);
ra_code ra_fixture_parse_get_assignment_xml(struct ra_observation *out,
                                            const char *body, size_t len);
ra_code ra_fixture_parse_control(struct ra_observation *out, const char *body,
                                 size_t len);

#endif
