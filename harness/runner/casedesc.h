/* Human descriptions of a parsed case (runner/casefile). Appends to the
 * caller's buffer; a failed append returns its code. No ownership. */
#ifndef RA_RUNNER_CASEDESC_H
#define RA_RUNNER_CASEDESC_H

#include "core/buf.h"
#include "runner/casefile.h"

/* Human text of the acceptable outcomes for a profile, one per line:
 * "OK: error, status 400, type RequestError, code A|B; post: state
 * unchanged, feedback unchanged". Used in reports ("expected"). */
ra_code ra_case_describe_expect(struct ra_buf *out, const struct ra_case *c,
                                ra_profile p);
/* Human text of what is sent: "RejectAssignment signed by owner:
 * AssignmentId = the fixture's AssignmentId, RequesterFeedback = 1025 × 'é'
 * (2050 bytes)" plus transport options and mutation for the profile. */
ra_code ra_case_describe_request(struct ra_buf *out, const struct ra_case *c,
                                 ra_profile p);
/* "doc: <quote>" / "observed: <citation>" / "inferred: <reasoning>". */
ra_code ra_case_describe_source(struct ra_buf *out, const struct ra_case *c);

/* 1 when any param/extra param of the request (or its setup) uses uescape. */
int ra_case_uses_uescape(const struct ra_case *c);

#endif
