/* Shards back into one run. */
#include "report/report_merge.h"

#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"

/* Adds the profiles of `list` missing from *merged, keeping order. */
static void union_profiles(struct ra_buf *merged, const char *list)
{
  const char *s = list ? list : "";
  while(*s) {
    size_t n = strcspn(s, ",");
    char *one = ra_malloc(n + 1);
    memcpy(one, s, n);
    one[n] = '\0';
    if(n && ra_run_profile_rank(ra_buf_str(merged), one) == RA_RUN_PROFILE_UNLISTED)
      ra_buf_putf(merged, "%s%s", merged->len ? "," : "", one);
    ra_free(one);
    s += n + (s[n] == ',');
  }
}

ra_code ra_report_merge(struct ra_run *out, struct ra_run *parts, size_t n,
                        const char *const *names, struct ra_error *err)
{
  struct ra_buf profiles;
  size_t i, k;
  size_t *from = NULL;
  ra_code result = RA_OK;

  ra_run_init(out);
  ra_buf_init(&profiles, RA_BUF_UNLIMITED);
  if(!n)
    goto done;
  out->suite_version = parts[0].suite_version ?
    ra_strdup(parts[0].suite_version) : NULL;
  out->target_name = parts[0].target_name ?
    ra_strdup(parts[0].target_name) : NULL;
  out->endpoint = parts[0].endpoint ? ra_strdup(parts[0].endpoint) : NULL;
  out->endpoint_class = parts[0].endpoint_class ?
    ra_strdup(parts[0].endpoint_class) : NULL;
  out->strict = parts[0].strict;
  for(i = 0; i < n; i++) {
    union_profiles(&profiles, parts[i].profile);
    if(parts[i].strict != out->strict) {
      result = ra_error_set(err, RA_E_INVALID, names[i], 0, 0,
                            "ran %s --strict, \"%s\" did%s: shards of one run "
                            "must agree", parts[i].strict ? "with" :
                            "without", names[0], out->strict ? "" : " not");
      goto done;
    }
    if(parts[i].started_ms > 0 &&
       (!out->started_ms || parts[i].started_ms < out->started_ms))
      out->started_ms = parts[i].started_ms;
    if(parts[i].duration_ms > out->duration_ms)
      out->duration_ms = parts[i].duration_ms;
  }
  out->profile = ra_strdup(ra_buf_str(&profiles));
  for(i = 0; i < n; i++) {
    for(k = 0; k < parts[i].count; k++) {
      struct ra_verdict *v = ra_run_add(out);
      *v = parts[i].verdicts[k];
      ra_verdict_init(&parts[i].verdicts[k]);
      from = ra_realloc(from, out->count * sizeof(*from));
      from[out->count - 1] = i;
    }
    parts[i].count = 0;
  }
  /* Duplicates across parts (a catalogue is a few hundred cases: the
   * quadratic scan costs nothing next to reading the files). */
  for(i = 0; i < out->count; i++) {
    for(k = i + 1; k < out->count; k++) {
      const struct ra_verdict *a = &out->verdicts[i], *b = &out->verdicts[k];
      if(from[i] != from[k] && !strcmp(a->case_id, b->case_id) &&
         !strcmp(a->profile ? a->profile : "", b->profile ? b->profile : "")) {
        result = ra_error_set(err, RA_E_INVALID, names[from[k]], 0, 0,
                              "case '%s' (%s) is also in \"%s\": these are "
                              "not disjoint shards of one run", a->case_id,
                              a->profile ? a->profile : "no profile",
                              names[from[i]]);
        goto done;
      }
    }
  }
  ra_run_sort(out);
done:
  ra_free(from);
  ra_buf_free(&profiles);
  if(result)
    ra_run_free(out);
  return result;
}
