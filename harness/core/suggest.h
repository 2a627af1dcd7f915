/* "Did you mean": the nearest of a list of valid names to a misspelt one
 * (Damerau-Levenshtein distance: insert, delete, substitute, swap two
 * neighbours), used for unknown options and unknown target-file fields.
 * Names are borrowed; nothing is allocated that outlives a call. */
#ifndef RA_CORE_SUGGEST_H
#define RA_CORE_SUGGEST_H

#include <stddef.h>

/* Edit distance between a and b, case-sensitive. */
size_t ra_suggest_distance(const char *a, const char *b);

/* The name of names[0..n) (a NULL entry ends the list early) nearest to
 * word, or NULL when none is near enough to be a plausible typo: at most
 * 1 edit for words up to 4 characters, 2 up to 8, 3 beyond. Ties go to the
 * earlier name. The result is borrowed from names. */
const char *ra_suggest_nearest(const char *word, const char *const *names,
                               size_t n);

#endif
