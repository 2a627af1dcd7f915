/* Variants: each makes the reference server take another plausible,
 * correct choice where the protocol notes leave the behaviour open
 * (UNCONFIRMED, INFERRED, or silent). They are the dual of the seeded
 * defects: the suite's own tests run the catalogue against every variant
 * and require that none fails, so the catalogue never encodes this
 * server's own choice as the only right one. Where the notes record
 * observed behaviour, the other choice is a defect, not a variant. The
 * table is static data. */
#ifndef RA_SERVER_VARIANT_H
#define RA_SERVER_VARIANT_H

#include <stddef.h>
#include <stdint.h>

#include "core/code.h"

typedef enum {
  RA_VARIANT_LEGACY_DUPLICATE_FIRST = 0,
  RA_VARIANT_LEGACY_DUPLICATE_LAST,
  RA_VARIANT_JSON_DUPLICATE_LAST,
  RA_VARIANT_SERVICE_REQUIRED,
  RA_VARIANT_COUNT_UTF16,
  RA_VARIANT_REJECT_ONLY,
  RA_VARIANT_LEGACY_SKEW_5MIN,
  RA_VARIANT_JSON_SKEW_15MIN,
  RA_VARIANT_FEEDBACK_OUT_OF_RANGE,
  RA_VARIANT_REQUEST_ELEMENT_ON_REQUEST,
  RA_VARIANT_JSON_EMPTY_SUCCESS,
  RA_VARIANT_BAD_SECRET_NOT_AUTHORIZED,
  RA_VARIANT_EXPIRED_IN_OPERATION,
  RA_VARIANT_JSON_NAMESPACED_TYPE,
  RA_VARIANT_JSON_PARAMETER_VALIDATION_ERROR,
  RA_VARIANT_LEGACY_ACTION_ALIAS,
  RA_VARIANT_JSON_REGION_SANDBOX,
  RA_VARIANT_COUNT
} ra_variant_id;

struct ra_variant_info {
  const char *name;         /* "legacy-duplicate-first" */
  const char *profiles;     /* "legacy-2014", "json-2017" or "all" */
  const char *description;  /* one line: what this server then does */
  const char *why;          /* the note that leaves it open */
};

size_t ra_variant_count(void);
/* NULL past the end. Borrowed (static). Index i is ra_variant_id i. */
const struct ra_variant_info *ra_variant_at(size_t i);
/* RA_E_NOT_FOUND for an unknown name. */
ra_code ra_variant_lookup(const char *name, ra_variant_id *out);

/* A set of active variants. */
typedef uint32_t ra_variant_set;
#define RA_VARIANT_BIT(id) ((ra_variant_set)1 << (unsigned)(id))

#endif
