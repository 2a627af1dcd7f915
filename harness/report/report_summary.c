#include "report/report_summary.h"

#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "proto/text.h"

#define RED "\033[31m"
#define GREEN "\033[32m"
#define BOLD "\033[1m"
#define RESET "\033[0m"

static int by_duration_desc(const void *a, const void *b)
{
  const struct ra_verdict *x = *(const struct ra_verdict *const *)a;
  const struct ra_verdict *y = *(const struct ra_verdict *const *)b;
  if(x->duration_ms < y->duration_ms)
    return 1;
  if(x->duration_ms > y->duration_ms)
    return -1;
  return 0;
}

char *ra_report_summary_signature(const struct ra_verdict *v)
{
  struct ra_buf b;
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  if(v->status == RA_STATUS_FAIL)
    ra_buf_putf(&b, "fail %s", v->observed_key && v->observed_key[0] ?
                      v->observed_key : "(none)");
  else if(v->status == RA_STATUS_ERROR)
    ra_buf_putf(&b, "error %s", v->error_kind && v->error_kind[0] ?
                      v->error_kind : "harness");
  else {
    ra_buf_free(&b);
    return NULL;
  }
  return ra_buf_take(&b, NULL);
}

struct group {
  char *sig;
  size_t count;
  size_t first;           /* index of its first verdict: a stable order */
  struct ra_buf ids;
};

static int by_size_desc(const void *a, const void *b)
{
  const struct group *x = a;
  const struct group *y = b;
  if(x->count != y->count)
    return x->count < y->count ? 1 : -1;
  return x->first < y->first ? -1 : x->first > y->first;
}

static void print_groups(FILE *out, const struct ra_run *run, int color)
{
  struct group *groups = ra_calloc(run->count + 1, sizeof(*groups));
  size_t ngroups = 0, nfailed = 0, i, g;
  for(i = 0; i < run->count; i++) {
    const struct ra_verdict *v = &run->verdicts[i];
    char *sig = ra_report_summary_signature(v);
    char *id, *prof;
    if(!sig)
      continue;
    nfailed++;
    for(g = 0; g < ngroups && strcmp(groups[g].sig, sig); g++)
      ;
    if(g == ngroups) {
      groups[g].sig = sig;
      groups[g].first = i;
      ra_buf_init(&groups[g].ids, RA_BUF_UNLIMITED);
      ngroups++;
    }
    else
      ra_free(sig);
    id = ra_text_line(v->case_id);
    prof = ra_text_line(v->profile);
    ra_buf_putf(&groups[g].ids, "%s%s%s%s%s",
                      groups[g].count ? ", " : "", id, prof[0] ? " [" : "",
                      prof, prof[0] ? "]" : "");
    groups[g].count++;
    ra_free(id);
    ra_free(prof);
  }
  if(ngroups) {
    qsort(groups, ngroups, sizeof(*groups), by_size_desc);
    fprintf(out, "raconform: %zu failing run%s from %zu cause%s, largest "
            "first:\n", nfailed, nfailed == 1 ? "" : "s", ngroups,
            ngroups == 1 ? "" : "s");
    for(g = 0; g < ngroups; g++) {
      char *sig = ra_text_line(groups[g].sig);
      fprintf(out, "  %5zu x %s%s%s: %s\n", groups[g].count,
              color ? RED : "", sig, color ? RESET : "",
              ra_buf_str(&groups[g].ids));
      ra_free(sig);
    }
  }
  for(g = 0; g < ngroups; g++) {
    ra_free(groups[g].sig);
    ra_buf_free(&groups[g].ids);
  }
  ra_free(groups);
}

static void print_slowest(FILE *out, const struct ra_run *run,
                          size_t slowest_n)
{
  const struct ra_verdict **sorted;
  size_t i;
  sorted = ra_malloc(run->count * sizeof(*sorted));
  for(i = 0; i < run->count; i++)
    sorted[i] = &run->verdicts[i];
  qsort(sorted, run->count, sizeof(*sorted), by_duration_desc);
  if(slowest_n > run->count)
    slowest_n = run->count;
  fprintf(out, "raconform: slowest cases:\n");
  for(i = 0; i < slowest_n; i++) {
    char *id = ra_text_line(sorted[i]->case_id);
    char *prof = ra_text_line(sorted[i]->profile);
    fprintf(out, "  %10.1f ms  %s%s%s%s\n", sorted[i]->duration_ms, id,
            prof[0] ? " [" : "", prof, prof[0] ? "]" : "");
    ra_free(id);
    ra_free(prof);
  }
  ra_free(sorted);
}

void ra_report_summary(FILE *out, const struct ra_run *run, size_t slowest_n,
                       int color)
{
  struct ra_run_counts c;
  size_t failing;
  ra_run_count(run, &c);
  failing = c.by_status[RA_STATUS_FAIL] + c.by_status[RA_STATUS_ERROR];
  fprintf(out, "raconform: %zu case%s, %zu run%s (case x profile): "
          "%zu pass, %s%zu fail%s, %zu error, %zu skip, %zu todo\n",
          c.cases, c.cases == 1 ? "" : "s", c.total, c.total == 1 ? "" : "s",
          c.by_status[RA_STATUS_PASS],
          color ? (failing ? RED BOLD : GREEN) : "",
          c.by_status[RA_STATUS_FAIL], color ? RESET : "",
          c.by_status[RA_STATUS_ERROR], c.by_status[RA_STATUS_SKIP],
          c.by_status[RA_STATUS_TODO]);
  fprintf(out, "raconform: grades of judged runs: %zu OK, %zu NON-STRICT, "
          "%zu INFORMATIONAL, %zu FAILED\n", c.by_grade[RA_GRADE_OK],
          c.by_grade[RA_GRADE_NON_STRICT], c.by_grade[RA_GRADE_INFORMATIONAL],
          c.by_grade[RA_GRADE_NONE]);
  print_groups(out, run, color);
  if(slowest_n && run->count)
    print_slowest(out, run, slowest_n);
  fprintf(out, "raconform: time taken %.3f s\n",
          run->duration_ms > 0 ? run->duration_ms / 1000.0 : 0.0);
}
