/* The catalogue: a recursive walk of the cases directory in a stable order,
 * every file validated, the result sorted by id; and selection by globs. */
#include "runner/caseset.h"

#include <errno.h>
#include <fnmatch.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/path.h"
#include "runner/casedesc.h"

void ra_caseset_init(struct ra_caseset *set)
{
  memset(set, 0, sizeof(*set));
}

void ra_caseset_free(struct ra_caseset *set)
{
  size_t i;
  for(i = 0; i < set->count; i++)
    ra_case_free(set->cases[i]);
  ra_free(set->cases);
  memset(set, 0, sizeof(*set));
}

/* Binary search: the index of id, or where it would go. */
static size_t lower_bound(const struct ra_caseset *set, const char *id)
{
  size_t lo = 0, hi = set->count;
  while(lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if(strcmp(set->cases[mid]->id, id) < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

ra_code ra_caseset_add(struct ra_caseset *set, struct ra_case *c,
                       struct ra_error *err)
{
  size_t at = lower_bound(set, c->id);
  if(at < set->count && !strcmp(set->cases[at]->id, c->id)) {
    ra_code result = ra_error_set(err, RA_E_INVALID, c->file, 0, 0,
                                  "duplicate id '%s' (also in '%s')", c->id,
                                  set->cases[at]->file);
    ra_case_free(c);
    return result;
  }
  if(set->count == set->cap) {
    set->cap = set->cap ? set->cap * 2 : 64;
    set->cases = ra_realloc(set->cases, set->cap * sizeof(*set->cases));
  }
  memmove(set->cases + at + 1, set->cases + at,
          (set->count - at) * sizeof(*set->cases));
  set->cases[at] = c;
  set->count++;
  return RA_OK;
}

const struct ra_case *ra_caseset_find(const struct ra_caseset *set,
                                      const char *id)
{
  size_t at = lower_bound(set, id);
  if(at < set->count && !strcmp(set->cases[at]->id, id))
    return set->cases[at];
  return NULL;
}

static int ends_with(const char *s, const char *suffix)
{
  size_t n = strlen(s), k = strlen(suffix);
  return n >= k && !strcmp(s + n - k, suffix);
}

/* The files of the catalogue in walk order, and the walk's own error (a
 * directory that cannot be read, nested too deep, an entry that cannot be
 * stat()ed), which stops the walk where it happened. */
struct walk {
  char **paths;
  size_t count;
  size_t cap;
  ra_code result;
  struct ra_error err;
};

/* Entries are visited in name order so the first error reported is the same
 * on every machine. */
static ra_code walk_dir(struct walk *w, const char *dir, int depth)
{
  char **names;
  size_t n, i;
  ra_code result = RA_OK;

  if(depth > 16)
    return ra_error_set(&w->err, RA_E_CONFIG, dir, 0, 0, "directories "
                        "nested too deep");
  if(ra_path_list(dir, NULL, &names, &n))
    return ra_error_set(&w->err, RA_E_CONFIG, dir, 0, 0, "cannot read the "
                        "cases directory: %s", strerror(errno));
  for(i = 0; i < n && !result; i++) {
    struct stat st;
    size_t len = strlen(dir) + strlen(names[i]) + 2;
    char *path = ra_malloc(len);
    snprintf(path, len, "%s%s%s", dir,
             ends_with(dir, "/") ? "" : "/", names[i]);
    if(stat(path, &st))
      result = ra_error_set(&w->err, RA_E_CONFIG, path, 0, 0, "cannot stat: "
                            "%s", strerror(errno));
    else if(S_ISDIR(st.st_mode))
      result = walk_dir(w, path, depth + 1);
    else if(S_ISREG(st.st_mode) && ends_with(names[i], ".json")) {
      if(w->count == w->cap) {
        w->cap = w->cap ? w->cap * 2 : 256;
        w->paths = ra_realloc(w->paths, w->cap * sizeof(*w->paths));
      }
      w->paths[w->count++] = path;
      path = NULL;
    }
    ra_free(path);
  }
  ra_path_list_free(names, n);
  return result;
}

/* One loaded file: the case, or the loader's error. */
struct loaded {
  struct ra_case *c;
  ra_code result;
  struct ra_error *err;  /* only when result is not RA_OK */
};

struct loader {
  const struct walk *w;
  struct loaded *out;
  size_t next;           /* the next file to take (atomic) */
};

/* Takes files one at a time until none is left; any thread, any order:
 * the caller adds the results in walk order. */
static void *load_some(void *userp)
{
  struct loader *l = userp;
  size_t i;
  while((i = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED)) <
        l->w->count) {
    struct ra_error err = RA_ERROR_INIT;
    ra_error_clear(&err);
    l->out[i].result = ra_case_load(&l->out[i].c, l->w->paths[i], &err);
    if(l->out[i].result) {
      l->out[i].err = ra_malloc(sizeof(err));
      *l->out[i].err = err;
    }
  }
  return NULL;
}

/* Half of start-up was parsing ~300 case files one after the other: a
 * second thread takes every other file when there is a second core. */
#define LOAD_THREADS_MAX 2
#define LOAD_THREADS_MIN_FILES 32

static void load_all(struct loader *l)
{
  pthread_t tid[LOAD_THREADS_MAX - 1];
  size_t started = 0, i;
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  size_t want = cores > 1 && l->w->count >= LOAD_THREADS_MIN_FILES ?
    (size_t)(cores < LOAD_THREADS_MAX ? cores : LOAD_THREADS_MAX) : 1;
  for(i = 0; i + 1 < want; i++) {
    /* a thread that does not start leaves its share to this one */
    if(!pthread_create(&tid[started], NULL, load_some, l))
      started++;
  }
  load_some(l);
  for(i = 0; i < started; i++)
    pthread_join(tid[i], NULL);
}

/* The result is that of loading the files one by one in walk order: the
 * first bad file, duplicate id or walk error in that order is reported. */
ra_code ra_caseset_load_dir(struct ra_caseset *set, const char *dir,
                            struct ra_error *err)
{
  struct walk w;
  struct loader l;
  ra_code result = RA_OK;
  size_t i;
  memset(&w, 0, sizeof(w));
  ra_error_clear(&w.err);
  w.result = walk_dir(&w, dir, 0);
  l.w = &w;
  l.out = ra_calloc(w.count ? w.count : 1, sizeof(*l.out));
  l.next = 0;
  load_all(&l);
  for(i = 0; i < w.count; i++) {
    if(!result && l.out[i].result) {
      result = l.out[i].result;
      if(err)
        *err = *l.out[i].err;
    }
    else if(!result)
      result = ra_caseset_add(set, l.out[i].c, err);
    else
      ra_case_free(l.out[i].c);
    ra_free(l.out[i].err);
    ra_free(w.paths[i]);
  }
  if(!result && w.result) {
    result = w.result;
    if(err)
      *err = w.err;
  }
  ra_free(l.out);
  ra_free(w.paths);
  return result;
}

/* ---- selection ------------------------------------------------------ */

void ra_selection_init(struct ra_selection *sel)
{
  memset(sel, 0, sizeof(*sel));
}

void ra_selection_free(struct ra_selection *sel)
{
  size_t i;
  for(i = 0; i < sel->nrun; i++)
    ra_free(sel->run[i]);
  for(i = 0; i < sel->nskip; i++)
    ra_free(sel->skip[i]);
  ra_free(sel->run);
  ra_free(sel->skip);
  memset(sel, 0, sizeof(*sel));
}

static void add_one(struct ra_selection *sel, int skip, const char *pattern,
                    size_t len)
{
  char ***list = skip ? &sel->skip : &sel->run;
  size_t *n = skip ? &sel->nskip : &sel->nrun;
  *list = ra_realloc(*list, (*n + 1) * sizeof(**list));
  (*list)[(*n)++] = ra_strndup(pattern, len);
}

ra_code ra_selection_add(struct ra_selection *sel, int skip,
                         const char *pattern, struct ra_error *err)
{
  FILE *f;
  char line[1024];
  int lineno = 0;
  if(pattern[0] != '@') {
    if(!pattern[0])
      return ra_error_set(err, RA_E_USAGE, "", 0, 0, "empty pattern");
    add_one(sel, skip, pattern, strlen(pattern));
    return RA_OK;
  }
  f = fopen(pattern + 1, "r");
  if(!f)
    return ra_error_set(err, RA_E_IO, pattern + 1, 0, 0,
                        "cannot read pattern file: %s", strerror(errno));
  while(fgets(line, sizeof(line), f)) {
    char *s = line;
    size_t len;
    lineno++;
    while(*s == ' ' || *s == '\t')
      s++;
    len = strlen(s);
    if(len && s[len - 1] != '\n' && !feof(f)) {
      fclose(f);
      return ra_error_set(err, RA_E_CONFIG, pattern + 1, lineno, 0,
                          "line too long");
    }
    while(len && (s[len - 1] == '\n' || s[len - 1] == '\r' ||
                  s[len - 1] == ' ' || s[len - 1] == '\t'))
      len--;
    if(!len || s[0] == '#')
      continue;
    add_one(sel, skip, s, len);
  }
  fclose(f);
  return RA_OK;
}

static int matches_any(char *const *patterns, size_t n, const struct ra_case *c)
{
  size_t i, k;
  for(i = 0; i < n; i++) {
    if(!fnmatch(patterns[i], c->id, 0) || !fnmatch(patterns[i], c->area, 0))
      return 1;
    for(k = 0; k < c->ntags; k++) {
      if(!fnmatch(patterns[i], c->tags[k], 0))
        return 1;
    }
  }
  return 0;
}

int ra_selection_match(const struct ra_selection *sel, const struct ra_case *c)
{
  if(sel->nrun && !matches_any(sel->run, sel->nrun, c))
    return 0;
  return !matches_any(sel->skip, sel->nskip, c);
}

/* ---- applicability -------------------------------------------------- */

int ra_case_skip_reason(const struct ra_case *c, ra_profile p,
                        const struct ra_target *t, struct ra_buf *reason)
{
  const char *pname = ra_target_profile_name(p);
  unsigned r;
  if(!(c->profiles & RA_PROFILE_BIT(p))) {
    ra_buf_putf(reason, "the case does not apply to %s", pname);
    return 1;
  }
  if(t && !(t->profiles & RA_PROFILE_BIT(p))) {
    ra_buf_putf(reason, "the target does not speak %s", pname);
    return 1;
  }
  if(p == RA_PROFILE_LEGACY && ra_case_uses_uescape(c) &&
     !(c->request.has_legacy && (c->request.legacy.raw_query.set ||
                                 c->request.legacy.raw_body.set))) {
    ra_buf_puts(reason, "uescape values are json-2017 only and the case "
                "gives no legacy raw_query/raw_body");
    return 1;
  }
  if(!t)
    return 0;
  for(r = 0; r < c->request.nsetup; r++) {
    const char *op = c->request.setup[r].operation;
    if(op && ra_target_lacks_operation(t, op)) {
      ra_buf_putf(reason, "needs %s for its set-up and the target's "
                  "capabilities.operations does not list it", op);
      return 1;
    }
  }
  for(r = RA_REQUESTER_OWNER; r <= RA_REQUESTER_OTHER; r++) {
    if((c->needs.requesters & RA_REQUESTER_BIT(r)) &&
       !t->requesters[r].present) {
      ra_buf_putf(reason, "the target describes no '%s' requester",
                  ra_requester_name((ra_requester)r));
      return 1;
    }
  }
  if(c->needs.fixture != RA_FIXTURE_NONE) {
    if(t->provider == RA_PROVIDER_NONE) {
      ra_buf_putf(reason, "needs a %s assignment and the target has no "
                  "fixture provider",
                  ra_fixture_state_name(c->needs.fixture));
      return 1;
    }
    if(t->provider == RA_PROVIDER_MANIFEST &&
       c->needs.fixture_owner != RA_REQUESTER_OWNER) {
      ra_buf_puts(reason, "needs an assignment of the other requester and a "
                  "manifest lists only the owner's");
      return 1;
    }
  }
  return 0;
}
