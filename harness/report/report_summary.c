#include "report/report_summary.h"

#include <stdlib.h>

#include "core/alloc.h"
#include "report/report_text.h"

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

void ra_report_summary(FILE *out, const struct ra_run *run, size_t slowest_n)
{
  struct ra_run_counts c;
  const struct ra_verdict **sorted;
  size_t i;
  ra_run_count(run, &c);
  fprintf(out, "raconform: %zu cases: %zu pass, %zu fail, %zu error, "
          "%zu skip, %zu todo\n", c.total, c.by_status[RA_STATUS_PASS],
          c.by_status[RA_STATUS_FAIL], c.by_status[RA_STATUS_ERROR],
          c.by_status[RA_STATUS_SKIP], c.by_status[RA_STATUS_TODO]);
  fprintf(out, "raconform: grades: %zu OK, %zu NON-STRICT, "
          "%zu INFORMATIONAL, %zu FAILED\n", c.by_grade[RA_GRADE_OK],
          c.by_grade[RA_GRADE_NON_STRICT], c.by_grade[RA_GRADE_INFORMATIONAL],
          c.by_grade[RA_GRADE_NONE]);
  if(slowest_n && run->count) {
    sorted = ra_malloc(run->count * sizeof(*sorted));
    for(i = 0; i < run->count; i++)
      sorted[i] = &run->verdicts[i];
    qsort(sorted, run->count, sizeof(*sorted), by_duration_desc);
    if(slowest_n > run->count)
      slowest_n = run->count;
    fprintf(out, "raconform: slowest cases:\n");
    for(i = 0; i < slowest_n; i++) {
      char *id = ra_report_text_line(sorted[i]->case_id);
      char *prof = ra_report_text_line(sorted[i]->profile);
      fprintf(out, "  %10.1f ms  %s%s%s%s\n", sorted[i]->duration_ms, id,
              prof[0] ? " [" : "", prof, prof[0] ? "]" : "");
      ra_free(id);
      ra_free(prof);
    }
    ra_free(sorted);
  }
  fprintf(out, "raconform: time taken %.3f s\n",
          run->duration_ms > 0 ? run->duration_ms / 1000.0 : 0.0);
}
