/* The assignment store: ID -> {owner, status, feedback}, guarded by one
 * mutex so every transition is atomic (N concurrent rejects of one
 * assignment give exactly one success).
 *
 * IDs look like real ones: "3" followed by 29 characters of [A-Z0-9], from
 * a seeded generator (injectable for tests). Strings handed out are new
 * copies owned by the caller. */
#ifndef RA_SERVER_STORE_H
#define RA_SERVER_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "core/code.h"

#define RA_STORE_ID_LEN 30
#define RA_STORE_ID_MAX 64
/* The store holds at most this many assignments (a bound on memory). */
#define RA_STORE_MAX 100000

typedef enum {
  RA_ASSIGN_SUBMITTED = 0,
  RA_ASSIGN_APPROVED = 1,
  RA_ASSIGN_REJECTED = 2
} ra_assign_status;

#define RA_ASSIGN_BIT(st) (1u << (unsigned)(st))

/* "Submitted", "Approved", "Rejected". */
const char *ra_assign_status_name(ra_assign_status st);
/* RA_E_INVALID on anything but the three names (exact case). */
ra_code ra_assign_status_parse(const char *name, ra_assign_status *out);

struct ra_store;

/* seed 0: seeded from the OS. */
struct ra_store *ra_store_new(uint64_t seed);
void ra_store_free(struct ra_store *st);
/* Forgets every assignment and gives the memory back (the generator keeps
 * going). */
void ra_store_reset(struct ra_store *st);

/* Adds an assignment. id NULL: a fresh generated one. RA_E_STATE when the ID
 * is taken, RA_E_INVALID when id is not 1-64 of [A-Z0-9]. *id_out (may be
 * NULL) gets a new copy of the ID. */
ra_code ra_store_add(struct ra_store *st, const char *owner,
                     ra_assign_status status, const char *id, char **id_out);

struct ra_assignment_view {
  char *id;
  char *owner;
  ra_assign_status status;
  int has_feedback;
  char *feedback;          /* NUL-terminated copy; may contain NULs */
  size_t feedback_len;
};
void ra_assignment_view_free(struct ra_assignment_view *v);
/* Exact-match lookup. RA_E_NOT_FOUND when unknown. */
ra_code ra_store_get(struct ra_store *st, const char *id,
                     struct ra_assignment_view *out);

typedef enum {
  RA_STORE_DONE = 0,
  RA_STORE_NO_SUCH,        /* unknown ID */
  RA_STORE_NOT_OWNER,      /* exists, other owner */
  RA_STORE_BAD_STATE       /* exists, status not in from_mask */
} ra_store_outcome;

struct ra_store_transition {
  const char *id;
  const char *owner;        /* NULL: no owner check */
  unsigned from_mask;       /* RA_ASSIGN_BIT()s allowed before */
  ra_assign_status to;
  int set_feedback;         /* replace the stored feedback */
  const char *feedback;
  size_t feedback_len;
  /* Seeded defect check-then-set-race: check under the lock, sleep this
   * long unlocked, then set without re-checking. 0: atomic. */
  unsigned race_window_ms;
  /* Seeded defects: look the ID up by prefix when there is no exact
   * match; check the state before the owner; write the feedback before
   * either check. 0: the reference behaviour. */
  int prefix_match;
  int state_before_owner;
  int feedback_first;
};

/* Checks and applies atomically; *current_out (may be NULL) gets the status
 * seen before the transition when the ID exists. */
ra_store_outcome ra_store_transition(struct ra_store *st,
                                     const struct ra_store_transition *t,
                                     ra_assign_status *current_out);

/* Number of assignments held. */
size_t ra_store_size(struct ra_store *st);

#endif
