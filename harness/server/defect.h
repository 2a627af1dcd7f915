/* Seeded defects: each makes the reference server misbehave in exactly one
 * realistic way, so the suite's own tests can show every one is caught
 * (mutation testing of the catalogue). The table is static data. */
#ifndef RA_SERVER_DEFECT_H
#define RA_SERVER_DEFECT_H

#include <stddef.h>
#include <stdint.h>

#include "core/code.h"

typedef enum {
  RA_DEFECT_FEEDBACK_OFF_BY_ONE = 0,
  RA_DEFECT_FEEDBACK_COUNT_BYTES,
  RA_DEFECT_FEEDBACK_COUNT_UTF16,
  RA_DEFECT_NO_OWNER_CHECK,
  RA_DEFECT_LEAK_EXISTENCE,
  RA_DEFECT_NO_SIGNATURE_CHECK,
  RA_DEFECT_NO_SKEW_CHECK,
  RA_DEFECT_REJECT_APPROVED,
  RA_DEFECT_REJECT_REJECTED,
  RA_DEFECT_STATE_BEFORE_VALIDATE,
  RA_DEFECT_TRUNCATE_FEEDBACK,
  RA_DEFECT_NORMALIZE_FEEDBACK,
  RA_DEFECT_NO_CONTROL_CHAR_CHECK,
  RA_DEFECT_MISSING_PARAM_500,
  RA_DEFECT_WRONG_ENVELOPE,
  RA_DEFECT_CHECK_THEN_SET_RACE,
  RA_DEFECT_ANY_REGION,
  RA_DEFECT_ACCEPT_LOWERCASE_ID_JSON,
  RA_DEFECT_EMPTY_FEEDBACK_REFUSED,
  RA_DEFECT_ACCEPT_INVALID_UTF8,
  RA_DEFECT_REFUSE_TAB_NEWLINE,
  RA_DEFECT_UNKNOWN_KEY_ACCEPTED,
  RA_DEFECT_LEGACY_CASE_SENSITIVE_ID,
  RA_DEFECT_PLUS_NOT_SPACE,
  RA_DEFECT_PLUS_AFTER_DECODE,
  RA_DEFECT_DOUBLE_DECODE,
  RA_DEFECT_UPPER_HEX_ONLY,
  RA_DEFECT_HTML_ESCAPE_FEEDBACK,
  RA_DEFECT_FEEDBACK_LIMIT_EXCLUSIVE,
  RA_DEFECT_TIGHT_SKEW_WINDOW,
  RA_DEFECT_NO_SIGV1,
  RA_DEFECT_ACCEPT_MISSING_SIGNATURE,
  RA_DEFECT_TIMESTAMP_SECONDS_ONLY,
  RA_DEFECT_IGNORE_VERSION,
  RA_DEFECT_IGNORE_SERVICE,
  RA_DEFECT_DEFAULT_OPERATION,
  RA_DEFECT_JSON_ANY_METHOD,
  RA_DEFECT_CESU8_SURROGATES,
  RA_DEFECT_NORMALIZE_NFC,
  RA_DEFECT_FIXED_SIGNED_HEADERS,
  RA_DEFECT_CLOSED_JSON_SHAPE,
  RA_DEFECT_EXACT_CONTENT_TYPE,
  RA_DEFECT_REQUIRE_VERSION,
  RA_DEFECT_REFUSE_UNKNOWN_PARAMS,
  RA_DEFECT_WIDEN_CONTROL_CHECK,
  RA_DEFECT_LEGACY_GET_ONLY,
  RA_DEFECT_COUNT
} ra_defect_id;

struct ra_defect_info {
  const char *name;         /* "feedback-off-by-one" */
  const char *breaks;       /* "MUST" or "SHOULD" */
  const char *areas;        /* comma-separated tags, e.g. "feedback,length" */
  const char *description;  /* one line */
};

size_t ra_defect_count(void);
/* NULL past the end. Borrowed (static). Index i is ra_defect_id i. */
const struct ra_defect_info *ra_defect_at(size_t i);
/* RA_E_NOT_FOUND for an unknown name. */
ra_code ra_defect_lookup(const char *name, ra_defect_id *out);

/* A set of active defects. */
typedef uint64_t ra_defect_set;
#define RA_DEFECT_BIT(id) ((ra_defect_set)1 << (unsigned)(id))

#endif
