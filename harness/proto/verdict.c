#include "proto/verdict.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"

/* One process-wide lock: a process runs one suite at a time, and a static
 * mutex needs no init/teardown that a signal path could race with. */
static pthread_mutex_t run_mutex = PTHREAD_MUTEX_INITIALIZER;

const char *ra_status_name(ra_status s)
{
  switch(s) {
  case RA_STATUS_PASS: return "pass";
  case RA_STATUS_FAIL: return "fail";
  case RA_STATUS_ERROR: return "error";
  case RA_STATUS_SKIP: return "skip";
  case RA_STATUS_TODO: return "todo";
  }
  return "unknown";
}

const char *ra_grade_name(ra_grade g)
{
  switch(g) {
  case RA_GRADE_NONE: return "FAILED";
  case RA_GRADE_OK: return "OK";
  case RA_GRADE_NON_STRICT: return "NON-STRICT";
  case RA_GRADE_INFORMATIONAL: return "INFORMATIONAL";
  }
  return "unknown";
}

int ra_status_parse(const char *name, ra_status *out)
{
  int i;
  for(i = 0; i < 5; i++) {
    if(name && !strcmp(name, ra_status_name((ra_status)i))) {
      *out = (ra_status)i;
      return 0;
    }
  }
  return -1;
}

int ra_grade_parse(const char *name, ra_grade *out)
{
  int i;
  for(i = 0; i < 4; i++) {
    if(name && !strcmp(name, ra_grade_name((ra_grade)i))) {
      *out = (ra_grade)i;
      return 0;
    }
  }
  return -1;
}

void ra_verdict_init(struct ra_verdict *v)
{
  memset(v, 0, sizeof(*v));
}

void ra_verdict_free(struct ra_verdict *v)
{
  char **fields[] = {
    &v->case_id, &v->title, &v->group, &v->profile, &v->tags, &v->source,
    &v->reason, &v->error_kind, &v->expected, &v->actual, &v->observed_key,
    &v->request, &v->response, &v->curl, &v->baseline_reason, &v->note,
    &v->level
  };
  size_t i;
  for(i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
    ra_free(*fields[i]);
    *fields[i] = NULL;
  }
  v->status = RA_STATUS_PASS;
  v->grade = RA_GRADE_NONE;
  v->duration_ms = 0;
}

void ra_verdict_set(char **slot, const char *s)
{
  char *copy = s ? ra_strdup(s) : NULL;
  ra_free(*slot);
  *slot = copy;
}

void ra_run_init(struct ra_run *run)
{
  memset(run, 0, sizeof(*run));
}

void ra_run_free(struct ra_run *run)
{
  size_t i;
  for(i = 0; i < run->count; i++)
    ra_verdict_free(&run->verdicts[i]);
  ra_free(run->verdicts);
  ra_free(run->suite_version);
  ra_free(run->target_name);
  ra_free(run->endpoint);
  ra_free(run->endpoint_class);
  ra_free(run->profile);
  ra_free(run->shard);
  ra_free(run->rerun);
  memset(run, 0, sizeof(*run));
}

struct ra_verdict *ra_run_add(struct ra_run *run)
{
  struct ra_verdict *v;
  if(run->count == run->cap) {
    size_t cap = run->cap ? run->cap * 2 : 32;
    run->verdicts = ra_realloc(run->verdicts, cap * sizeof(*run->verdicts));
    run->cap = cap;
  }
  v = &run->verdicts[run->count++];
  ra_verdict_init(v);
  return v;
}

void ra_run_append(struct ra_run *run, struct ra_verdict *v)
{
  struct ra_verdict *slot;
  pthread_mutex_lock(&run_mutex);
  slot = ra_run_add(run);
  *slot = *v;
  pthread_mutex_unlock(&run_mutex);
  ra_verdict_init(v);
}

void ra_run_lock(void)
{
  pthread_mutex_lock(&run_mutex);
}

void ra_run_unlock(void)
{
  pthread_mutex_unlock(&run_mutex);
}

static int cmp_ids(const void *a, const void *b)
{
  const char *x = *(const char *const *)a;
  const char *y = *(const char *const *)b;
  return strcmp(x ? x : "", y ? y : "");
}

void ra_run_count(const struct ra_run *run, struct ra_run_counts *out)
{
  const char **ids;
  size_t i;
  memset(out, 0, sizeof(*out));
  ids = ra_calloc(run->count + 1, sizeof(*ids));
  for(i = 0; i < run->count; i++) {
    const struct ra_verdict *v = &run->verdicts[i];
    ids[i] = v->case_id;
    out->total++;
    if((unsigned)v->status < 5)
      out->by_status[v->status]++;
    if((unsigned)v->grade < 4 && v->status != RA_STATUS_SKIP &&
       v->status != RA_STATUS_ERROR)
      out->by_grade[v->grade]++;
  }
  qsort(ids, run->count, sizeof(*ids), cmp_ids);
  for(i = 0; i < run->count; i++) {
    if(!i || cmp_ids(&ids[i - 1], &ids[i]))
      out->cases++;
  }
  ra_free(ids);
}

char *ra_verdict_rerun(const struct ra_run *run, const struct ra_verdict *v)
{
  struct ra_buf b;
  if(!run->rerun || !v->case_id)
    return NULL;
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  ra_buf_puts(&b, run->rerun);
  if(v->profile && v->profile[0])
    ra_buf_putf(&b, " --profile %s", v->profile);
  ra_buf_putf(&b, " --run %s", v->case_id);
  return ra_buf_take(&b, NULL);
}

size_t ra_run_profile_rank(const char *list, const char *p)
{
  size_t rank = 0, plen = p ? strlen(p) : 0;
  const char *s = list ? list : "";
  while(*s) {
    size_t n = strcspn(s, ",");
    if(p && n == plen && !strncmp(s, p, n))
      return rank;
    rank++;
    s += n + (s[n] == ',');
  }
  return RA_RUN_PROFILE_UNLISTED;
}

static const char *sort_profiles; /* qsort has no context argument */

static int cmp_verdicts(const void *a, const void *b)
{
  const struct ra_verdict *x = a, *y = b;
  size_t rx = ra_run_profile_rank(sort_profiles, x->profile);
  size_t ry = ra_run_profile_rank(sort_profiles, y->profile);
  int c;
  if(rx != ry)
    return rx < ry ? -1 : 1;
  c = strcmp(x->profile ? x->profile : "", y->profile ? y->profile : "");
  if(c)
    return c;
  return strcmp(x->case_id ? x->case_id : "", y->case_id ? y->case_id : "");
}

void ra_run_sort(struct ra_run *run)
{
  /* Callers sort a finished run on one thread (tool/, rejudge): the
   * static context is safe there. */
  sort_profiles = run->profile;
  if(run->count > 1)
    qsort(run->verdicts, run->count, sizeof(*run->verdicts), cmp_verdicts);
  sort_profiles = NULL;
}

void ra_progress_start(struct ra_progress *p, size_t done, size_t total,
                       size_t failures, int64_t elapsed_ms)
{
  memset(p, 0, sizeof(*p));
  p->done = done;
  p->total = total;
  p->failures = failures;
  p->elapsed_ms = elapsed_ms;
}

void ra_progress_running(struct ra_progress *p, const char *id,
                         const char *profile, int64_t ms)
{
  if(ms <= p->slowest_ms)
    return;
  p->slowest_id = id;
  p->slowest_profile = profile;
  p->slowest_ms = ms;
}
