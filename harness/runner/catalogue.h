/* The catalogue rendered (runner/caseset's cases, in their order, those
 * the selection matches): one line a case, the expected-behaviour document
 * in Markdown (docs/behavior.md) or JSON (SPEC: `raconform list --format
 * json`). Each writes to the caller's stream; no ownership. */
#ifndef RA_RUNNER_CATALOGUE_H
#define RA_RUNNER_CATALOGUE_H

#include <stdio.h>

#include "core/code.h"
#include "runner/caseset.h"

/* "<id> <area> <level> <profiles> <title>[ [UNCONFIRMED]]" a line. */
void ra_catalogue_text(FILE *out, const struct ra_caseset *set,
                       const struct ra_selection *sel);
/* The expected-behaviour document, grouped by area. */
void ra_catalogue_markdown(FILE *out, const struct ra_caseset *set,
                           const struct ra_selection *sel);
/* {"count": N, "cases": [...]}, indented by 2, and a newline. RA_E_IO when
 * jansson cannot write. */
ra_code ra_catalogue_json(FILE *out, const struct ra_caseset *set,
                          const struct ra_selection *sel);

#endif
