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
  RA_DEFECT_SIGNATURE_PREFIX_MATCH,
  RA_DEFECT_SIGNATURE_CASE_INSENSITIVE,
  RA_DEFECT_SCOPE_DATE_UNCHECKED,
  RA_DEFECT_HOST_NOT_SIGNED,
  RA_DEFECT_PAYLOAD_HASH_FROM_HEADER,
  RA_DEFECT_ANY_SERVICE_SCOPE,
  RA_DEFECT_FUTURE_TIMESTAMP_ACCEPTED,
  RA_DEFECT_SIGV1_CASE_SENSITIVE_SORT,
  RA_DEFECT_MISSING_DATE_500,
  RA_DEFECT_LEGACY_AUTH_ERROR_403,
  RA_DEFECT_STATE_BEFORE_AUTH,
  RA_DEFECT_FORM_BODY_IGNORED_WITH_QUERY,
  RA_DEFECT_DUPLICATE_FEEDBACK_SPLIT,
  RA_DEFECT_TARGET_SUFFIX_ONLY,
  RA_DEFECT_JSON_MEMBER_CASE_INSENSITIVE,
  RA_DEFECT_JSON_FEEDBACK_COERCED,
  RA_DEFECT_JSON_NULL_FEEDBACK,
  RA_DEFECT_JSON_REPLY_CONTENT_TYPE,
  RA_DEFECT_JSON_ERROR_200,
  RA_DEFECT_NO_TURK_ERROR_CODE,
  RA_DEFECT_LEGACY_BARE_RESULT,
  RA_DEFECT_XML_UNESCAPED_ECHO,
  RA_DEFECT_TRIM_ASSIGNMENT_ID_JSON,
  RA_DEFECT_ASSIGNMENT_ID_MAX_65,
  RA_DEFECT_ASSIGNMENT_ID_PREFIX_MATCH,
  RA_DEFECT_STATE_BEFORE_OWNER,
  RA_DEFECT_FEEDBACK_BEFORE_CHECKS,
  RA_DEFECT_ASTRAL_NOT_COUNTED,
  RA_DEFECT_ASTRAL_REFUSED,
  RA_DEFECT_NUL_ENDS_CONTROL_CHECK,
  RA_DEFECT_CONTROL_CHECK_FIRST_LINE,
  RA_DEFECT_CONTROL_RANGE_OFF_BY_ONE,
  RA_DEFECT_ISSPACE_ALLOWS_VT_FF,
  RA_DEFECT_CRLF_TO_LF,
  RA_DEFECT_FEEDBACK_TOO_LONG_500,
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

/* A set of active defects: a fixed bitset wide enough for every id (the
 * table outgrew one uint64_t). Zero-initialise it (memset or {0}) for the
 * empty set. */
#define RA_DEFECT_SET_WORDS ((RA_DEFECT_COUNT + 63) / 64)
struct ra_defect_set {
  uint64_t words[RA_DEFECT_SET_WORDS];
};

void ra_defect_set_add(struct ra_defect_set *set, ra_defect_id id);
int ra_defect_set_has(const struct ra_defect_set *set, ra_defect_id id);
/* 1 when the set holds no defect. */
int ra_defect_set_empty(const struct ra_defect_set *set);
/* 1 when a and b share at least one defect. */
int ra_defect_set_intersects(const struct ra_defect_set *a,
                             const struct ra_defect_set *b);

#endif
