#include "report/baseline.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/file.h"
#include "core/jsonpos.h"
#include "core/outfile.h"

#define DAY_MS ((int64_t)86400000)

void ra_baseline_init(struct ra_baseline *b)
{
  memset(b, 0, sizeof(*b));
}

void ra_baseline_free(struct ra_baseline *b)
{
  size_t i;
  for(i = 0; i < b->count; i++) {
    struct ra_baseline_entry *e = &b->entries[i];
    ra_free(e->id);
    ra_free(e->profile);
    ra_free(e->observed);
    ra_free(e->reason);
    ra_free(e->expires);
  }
  ra_free(b->entries);
  memset(b, 0, sizeof(*b));
}

static int parse_day(const char *s, int64_t *end_ms)
{
  char iso[32];
  int64_t ms;
  size_t i;
  if(strlen(s) != 10 || s[4] != '-' || s[7] != '-')
    return 0;
  for(i = 0; i < 10; i++)
    if(i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
      return 0;
  snprintf(iso, sizeof(iso), "%sT00:00:00Z", s);
  if(ra_clock_parse_iso8601(iso, &ms))
    return 0;
  {
    /* reject dates the parser normalised (2027-02-30) */
    char back[21];
    ra_clock_format_iso8601(ms, back);
    if(strncmp(back, s, 10))
      return 0;
  }
  *end_ms = ms + DAY_MS;
  return 1;
}

/* Errors at the current node (an entry) or at a member's key. */
#define fail_here(doc, ...) \
  ra_jsonpos_fail((doc), NULL, RA_JSONPOS_VALUE, __VA_ARGS__)
#define fail_key(doc, key, ...) \
  ra_jsonpos_fail((doc), (key), RA_JSONPOS_KEY, __VA_ARGS__)

static ra_code load_entry(struct ra_baseline_entry *e, json_t *val,
                          struct ra_jsonpos_doc *doc)
{
  static const char *const known[] = {
    "id", "profile", "observed", "reason", "expires", NULL
  };
  static const char *const required[] = { "id", "observed", "reason" };
  const char *key;
  json_t *fv;
  size_t k;
  json_object_foreach(val, key, fv) {
    if(ra_jsonpos_name_index(known, key) < 0)
      return fail_key(doc, key, "unknown field \"%s\" in baseline entry",
                      key);
    if(!json_is_string(fv) || !json_string_value(fv)[0])
      return fail_key(doc, key, "\"%s\" must be a non-empty string", key);
  }
#define GETS(name) json_string_value(json_object_get(val, name))
  for(k = 0; k < 3; k++) {
    if(!GETS(required[k]))
      return fail_here(doc, "baseline entry lacks \"%s\"", required[k]);
  }
  e->id = ra_strdup(GETS("id"));
  e->observed = ra_strdup(GETS("observed"));
  e->reason = ra_strdup(GETS("reason"));
  if(GETS("profile"))
    e->profile = ra_strdup(GETS("profile"));
  if(GETS("expires")) {
    e->expires = ra_strdup(GETS("expires"));
    if(!parse_day(e->expires, &e->expires_ms))
      return fail_key(doc, "expires", "bad date \"%s\" (expected "
                      "YYYY-MM-DD)", e->expires);
  }
#undef GETS
  return RA_OK;
}

static ra_code load_entries(struct ra_baseline *b, json_t *root,
                            struct ra_jsonpos_doc *doc)
{
  const char *key;
  json_t *arr;
  json_t *val;
  size_t i, n;
  int *lines = NULL, *cols = NULL;
  ra_code result = RA_OK;

  if(!json_is_object(root))
    return fail_here(doc, "baseline must be a JSON object");
  json_object_foreach(root, key, val) {
    if(strcmp(key, "entries"))
      return fail_key(doc, key, "unknown field \"%s\" (expected "
                      "\"entries\")", key);
  }
  arr = json_object_get(root, "entries");
  if(!json_is_array(arr))
    return fail_key(doc, "entries", "\"entries\" must be an array");
  n = json_array_size(arr);
  b->entries = ra_calloc(n ? n : 1, sizeof(*b->entries));
  /* where each entry starts, in one pass (kept in the entry) */
  lines = ra_calloc(n ? n : 1, sizeof(int));
  cols = ra_calloc(n ? n : 1, sizeof(int));
  ra_jsonpos_push_key(&doc->path, "entries");
  ra_jsonpos_find_elements(doc->text, doc->len, &doc->path, lines, cols, n);
  json_array_foreach(arr, i, val) {
    struct ra_baseline_entry *e = &b->entries[b->count];
    ra_jsonpos_push_index(&doc->path, i);
    if(!json_is_object(val))
      result = fail_here(doc, "entry %zu must be an object", i + 1);
    else {
      b->count++;
      e->line = lines[i];
      e->column = cols[i];
      result = load_entry(e, val, doc);
    }
    ra_jsonpos_pop(&doc->path);
    if(result)
      break;
  }
  ra_jsonpos_pop(&doc->path);
  ra_free(lines);
  ra_free(cols);
  return result;
}

ra_code ra_baseline_load_string(struct ra_baseline *b, const char *text,
                                const char *source, struct ra_error *err)
{
  struct ra_jsonpos_doc doc;
  json_t *root;
  ra_code result;
  ra_baseline_init(b);
  result = ra_jsonpos_load(&doc, text, strlen(text), 0, source, err,
                           RA_E_PARSE, &root);
  if(result)
    return result;
  result = load_entries(b, root, &doc);
  json_decref(root);
  if(result)
    ra_baseline_free(b);
  return result;
}

ra_code ra_baseline_load_file(struct ra_baseline *b, const char *path,
                              struct ra_error *err)
{
  struct ra_buf text;
  ra_code result;
  ra_baseline_init(b);
  ra_buf_init(&text, 16 * 1024 * 1024);
  result = ra_file_read(&text, path, err);
  if(!result)
    result = ra_baseline_load_string(b, ra_buf_str(&text), path, err);
  ra_buf_free(&text);
  return result;
}

static const struct ra_baseline_entry *find_entry(const struct ra_baseline *b,
                                                  const struct ra_verdict *v)
{
  const struct ra_baseline_entry *any = NULL;
  size_t i;
  if(!v->case_id)
    return NULL;
  for(i = 0; i < b->count; i++) {
    const struct ra_baseline_entry *e = &b->entries[i];
    if(strcmp(e->id, v->case_id))
      continue;
    if(!e->profile) {
      if(!any)
        any = e;
    }
    else if(v->profile && !strcmp(e->profile, v->profile))
      return e;
  }
  return any;
}

static void set_fmt(char **slot, const char *fmt, ...)
  __attribute__((format(printf, 2, 3)));
static void set_fmt(char **slot, const char *fmt, ...)
{
  struct ra_buf b;
  va_list ap;
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  va_start(ap, fmt);
  ra_buf_vputf(&b, fmt, ap);
  va_end(ap);
  ra_free(*slot);
  *slot = ra_buf_take(&b, NULL);
}

void ra_baseline_apply(struct ra_run *run, const struct ra_baseline *b,
                       int64_t today_ms, struct ra_baseline_result *res)
{
  size_t i;
  memset(res, 0, sizeof(*res));
  for(i = 0; i < run->count; i++) {
    struct ra_verdict *v = &run->verdicts[i];
    const struct ra_baseline_entry *e = find_entry(b, v);
    char *old;
    if(!e)
      continue;
    if(v->status == RA_STATUS_PASS) {
      res->stale++;
      set_fmt(&v->note, "stale baseline entry: the case passes now "
              "(listed as failing with \"%s\": %s)", e->observed, e->reason);
      continue;
    }
    if(v->status != RA_STATUS_FAIL)
      continue;
    old = v->reason;
    v->reason = NULL;
    if(e->expires_ms && today_ms >= e->expires_ms) {
      res->expired++;
      set_fmt(&v->reason, "baseline entry expired on %s%s%s", e->expires,
              old ? "; " : "", old ? old : "");
    }
    else if(v->observed_key && !strcmp(v->observed_key, e->observed)) {
      res->todo++;
      v->status = RA_STATUS_TODO;
      ra_verdict_set(&v->baseline_reason, e->reason);
      v->reason = old;
      old = NULL;
    }
    else {
      res->differ++;
      set_fmt(&v->reason, "fails differently from its baseline entry: "
              "listed \"%s\", observed \"%s\"%s%s", e->observed,
              v->observed_key ? v->observed_key : "(none)",
              old ? "; " : "", old ? old : "");
    }
    ra_free(old);
  }
}

ra_code ra_baseline_write(const char *path, const struct ra_run *run,
                          struct ra_error *err)
{
  json_t *root = json_object();
  json_t *arr = json_array();
  struct ra_buf doc;
  char *text;
  ra_code result = RA_OK;
  size_t i;
  json_object_set_new(root, "entries", arr);
  for(i = 0; i < run->count; i++) {
    const struct ra_verdict *v = &run->verdicts[i];
    json_t *e;
    if(v->status != RA_STATUS_FAIL && v->status != RA_STATUS_TODO)
      continue;
    e = json_object();
    json_object_set_new(e, "id", json_string(v->case_id ? v->case_id : "?"));
    if(v->profile && v->profile[0])
      json_object_set_new(e, "profile", json_string(v->profile));
    json_object_set_new(e, "observed", json_string(
                          v->observed_key && v->observed_key[0] ?
                          v->observed_key : "(none)"));
    json_object_set_new(e, "reason", json_string(
                          v->status == RA_STATUS_TODO && v->baseline_reason ?
                          v->baseline_reason :
                          "recorded by raconform: known failure"));
    json_array_append_new(arr, e);
  }
  text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
  if(!text)
    result = ra_error_set(err, RA_E_INTERNAL, path, 0, 0,
                          "cannot serialize the baseline");
  else {
    ra_buf_init(&doc, RA_BUF_UNLIMITED);
    ra_buf_putf(&doc, "%s\n", text);
    result = ra_outfile_write(path, doc.ptr, doc.len, err);
    ra_buf_free(&doc);
    free(text);
  }
  json_decref(root);
  return result;
}

int ra_run_unreachable(const struct ra_run *run)
{
  size_t i;
  if(!run->count)
    return 0;
  for(i = 0; i < run->count; i++) {
    const struct ra_verdict *v = &run->verdicts[i];
    if(v->status != RA_STATUS_ERROR || !v->error_kind ||
       strcmp(v->error_kind, "connect"))
      return 0;
  }
  return 1;
}

int ra_run_exit_code(const struct ra_run *run,
                     const struct ra_baseline_result *res)
{
  size_t i;
  if(ra_run_unreachable(run))
    return 3;
  for(i = 0; i < run->count; i++) {
    if(run->verdicts[i].status == RA_STATUS_FAIL ||
       run->verdicts[i].status == RA_STATUS_ERROR)
      return 1;
  }
  if(res && res->stale)
    return 4;
  return 0;
}
