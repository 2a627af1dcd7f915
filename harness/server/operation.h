/* The reference server's operations (RejectAssignment and the set-up
 * operations ApproveAssignment, ApproveRejectedAssignment, GetAssignment),
 * once for both front doors: the RequesterFeedback rules (valid UTF-8, no
 * forbidden control characters, at most 1024 characters, stored byte-exact),
 * the assignment state machine, the requester ownership rule, and the
 * seeded defects and variants that belong to the operation rather than to a
 * wire format. server/legacy.c and server/jsonapi.c parse their protocol,
 * authenticate, fill a struct ra_operation_request, and map the struct
 * ra_operation_result to their own error codes and envelopes.
 *
 * Ownership: the request borrows everything it points to; the result owns
 * its assignment view, released with ra_operation_result_free. */
#ifndef RA_SERVER_OPERATION_H
#define RA_SERVER_OPERATION_H

#include <stddef.h>

#include "core/buf.h"
#include "proto/utf8.h"
#include "server/refserver.h"
#include "server/store.h"

typedef enum {
  RA_OP_REJECT = 0,          /* RejectAssignment */
  RA_OP_APPROVE,             /* ApproveAssignment */
  RA_OP_APPROVE_REJECTED,    /* ApproveRejectedAssignment (legacy-2014) */
  RA_OP_GET                  /* GetAssignment */
} ra_op;

/* The wire name of an operation ("RejectAssignment", ...); static. */
const char *ra_op_name(ra_op op);

struct ra_operation_request {
  ra_op op;
  /* The front door that asked (RA_SERVE_LEGACY or RA_SERVE_JSON): a few
   * seeded defects live in one profile only (docs/defects.md). */
  ra_serve_profiles profile;
  const char *akid;              /* the authenticated caller */
  const char *id;                /* the assignment ID, as the front door
                                    validated and normalized it */
  int has_feedback;              /* a RequesterFeedback value was sent */
  const char *feedback;          /* decoded bytes, may hold NULs */
  size_t feedback_len;
  /* duplicate-feedback-split (legacy-2014): when not NULL, stored instead
   * of the validated value once that value passed the rules. */
  const char *store_instead;
  size_t store_instead_len;
  int override_rejection;        /* ApproveAssignment: OverrideRejection */
};

typedef enum {
  RA_OPERATION_DONE = 0,         /* done (GetAssignment: assignment filled) */
  RA_OPERATION_FEEDBACK_REFUSED, /* verdict says why; nothing changed */
  RA_OPERATION_NO_SUCH,          /* unknown assignment */
  RA_OPERATION_NOT_OWNER,        /* another requester's assignment */
  RA_OPERATION_BAD_STATE         /* current is not among expected */
} ra_operation_outcome;

struct ra_operation_result {
  ra_operation_outcome outcome;
  ra_feedback_verdict verdict;   /* RA_OPERATION_FEEDBACK_REFUSED */
  ra_assign_status current;      /* RA_OPERATION_BAD_STATE: as found */
  /* The states the operation accepts, for the InvalidAssignmentState
   * message: "Submitted", "Rejected" or "Submitted, Rejected". Static. */
  const char *expected;
  struct ra_assignment_view assignment; /* GetAssignment, when done */
};

/* Runs one operation against the server's store. */
void ra_operation_run(struct ra_refserver *s,
                      const struct ra_operation_request *rq,
                      struct ra_operation_result *out);
void ra_operation_result_free(struct ra_operation_result *r);

/* The state-before-auth defect's early look: RA_OPERATION_NO_SUCH or
 * RA_OPERATION_BAD_STATE (current filled) when a RejectAssignment of id
 * would fail on the assignment alone, else RA_OPERATION_DONE. */
ra_operation_outcome ra_operation_peek(struct ra_refserver *s, const char *id,
                                       ra_assign_status *current);

/* The RequesterFeedback rules with the active defects applied. On
 * RA_FEEDBACK_OK, stored gets the bytes to store (reset first). */
ra_feedback_verdict ra_operation_check_feedback(const struct ra_refserver *s,
                                                const char *bytes, size_t len,
                                                struct ra_buf *stored);

#endif
