/* Re-judging a recording: no network, the runner's judge. */
#include "runner/rejudge.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/path.h"
#include "core/version.h"
#include "runner/exec.h"
#include "runner/fixture.h"
#include "runner/judge.h"
#include "runner/record.h"
#include "runner/runner.h"
#include "runner/target.h"
#include "runner/transport.h"

static const char *str_of(json_t *o, const char *key)
{
  json_t *v = json_object_get(o, key);
  return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Bytes member, "" when absent (never NULL). */
static char *bytes_of(json_t *o, const char *key, size_t *len)
{
  char *s = NULL;
  size_t n = 0;
  if(ra_record_bytes(json_object_get(o, key), &s, &n) || !s) {
    s = ra_strdup("");
    n = 0;
  }
  if(len)
    *len = n;
  return s;
}

static void headers_from(struct ra_headers *h, json_t *arr)
{
  size_t i;
  json_t *pair;
  json_array_foreach(arr, i, pair) {
    char *name = NULL, *value = NULL;
    size_t n;
    if(json_array_size(pair) == 2 &&
       !ra_record_bytes(json_array_get(pair, 0), &name, &n) &&
       !ra_record_bytes(json_array_get(pair, 1), &value, &n) && name &&
       value)
      ra_headers_add(h, name, value);
    ra_free(name);
    ra_free(value);
  }
}

static void sent_from(struct ra_exec_out *out, json_t *q)
{
  json_t *fb = json_object_get(q, "feedback_sent"), *one;
  size_t i, n;
  ra_exec_out_init(out);
  out->req.method = ra_strdup(str_of(q, "method") ? str_of(q, "method") :
                              "POST");
  out->req.target = bytes_of(q, "target", NULL);
  out->req.host = ra_strdup(str_of(q, "host") ? str_of(q, "host") : "");
  headers_from(&out->req.headers, json_object_get(q, "headers"));
  out->req.body = bytes_of(q, "body", &n);
  out->req.body_len = n;
  out->nfeedback = json_array_size(fb);
  out->feedback = ra_calloc(out->nfeedback + 1, sizeof(*out->feedback));
  out->feedback_len = ra_calloc(out->nfeedback + 1,
                                sizeof(*out->feedback_len));
  json_array_foreach(fb, i, one) {
    if(ra_record_bytes(one, &out->feedback[i], &out->feedback_len[i]) ||
       !out->feedback[i])
      out->feedback[i] = ra_strdup("");
  }
  out->feedback_known = json_is_true(json_object_get(q, "feedback_known"));
}

static void response_from(struct ra_http_response *r, json_t *a)
{
  json_t *code = json_object_get(a, "error_code");
  char *text;
  size_t n;
  ra_http_response_init(r);
  r->status = (int)json_integer_value(json_object_get(a, "status"));
  if(json_object_get(a, "status_line") &&
     !json_is_null(json_object_get(a, "status_line")))
    r->status_line = bytes_of(a, "status_line", NULL);
  headers_from(&r->headers, json_object_get(a, "headers"));
  {
    const char *ct = ra_headers_get(&r->headers, "Content-Type");
    const char *et = ra_headers_get(&r->headers, "X-Amzn-ErrorType");
    const char *rid = ra_headers_get(&r->headers, "x-amzn-RequestId");
    const char *loc = ra_headers_get(&r->headers, "Location");
    r->content_type = ct ? ra_strdup(ct) : NULL;
    r->error_type = et ? ra_strdup(et) : NULL;
    r->request_id = rid ? ra_strdup(rid) : NULL;
    r->location = loc ? ra_strdup(loc) : NULL;
  }
  r->body = bytes_of(a, "body", &n);
  r->body_len = n;
  r->error = json_is_integer(code) ? (ra_xfer_error)json_integer_value(code) :
             RA_XFER_OK;
  text = bytes_of(a, "error_text", NULL);
  snprintf(r->error_text, sizeof(r->error_text), "%s", text);
  ra_free(text);
  r->elapsed_ms = json_number_value(json_object_get(a, "elapsed_ms"));
}

/* 1 when o holds an observation (filled into *out), 0 for null. */
static int observation_from(struct ra_observation *out, json_t *o)
{
  ra_observation_init(out);
  if(!json_is_object(o))
    return 0;
  if(str_of(o, "status"))
    out->status = ra_strdup(str_of(o, "status"));
  out->has_feedback = json_is_true(json_object_get(o, "has_feedback"));
  if(out->has_feedback)
    out->feedback = bytes_of(o, "feedback", &out->feedback_len);
  return 1;
}

static void set_skip(struct ra_verdict *v, const char *reason)
{
  v->status = RA_STATUS_SKIP;
  v->grade = RA_GRADE_NONE;
  ra_verdict_set(&v->reason, reason);
}

/* The recorded verdict, for a case that never reached the judge. */
static void replay_verdict(struct ra_verdict *v, json_t *rec)
{
  json_t *vj = json_object_get(rec, "verdict");
  ra_status st = RA_STATUS_ERROR;
  ra_grade gr = RA_GRADE_NONE;
  char *s;
  ra_status_parse(str_of(vj, "status"), &st);
  ra_grade_parse(str_of(vj, "grade"), &gr);
  v->status = st;
  v->grade = gr;
  {
    const char *const names[] = {"reason", "error_kind", "observed",
                                 "actual", "expected", "request", "response",
                                 "curl"};
    char **const slots[] = {&v->reason, &v->error_kind, &v->observed_key,
                            &v->actual, &v->expected, &v->request,
                            &v->response, &v->curl};
    size_t i;
    for(i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
      s = bytes_of(vj, names[i], NULL);
      ra_verdict_set(slots[i], s[0] ? s : NULL);
      ra_free(s);
    }
  }
  ra_verdict_set(&v->note, "not re-judged: the recording holds this case's "
                 "verdict, not a judged exchange");
}

static void rejudge_one(struct ra_verdict *v, json_t *rec,
                        const struct ra_case *c, ra_profile p,
                        const struct ra_target *target, int strict)
{
  json_t *j = json_object_get(rec, "judged");
  struct ra_exec_out sent;
  struct ra_http_response resp;
  struct ra_observation before, after;
  struct ra_judge_in in;
  int have_before, have_after;
  char *why;
  if(!json_is_object(j)) {
    replay_verdict(v, rec);
    return;
  }
  sent_from(&sent, json_object_get(j, "request"));
  response_from(&resp, json_object_get(j, "response"));
  have_before = observation_from(&before, json_object_get(j, "before"));
  have_after = observation_from(&after, json_object_get(j, "after"));
  why = bytes_of(j, "observe_why", NULL);
  memset(&in, 0, sizeof(in));
  in.c = c;
  in.profile = p;
  in.target = target;
  in.strict = strict;
  in.base_url = target->endpoint;
  in.sent = &sent;
  in.resp = &resp;
  in.check_post = json_is_true(json_object_get(j, "check_post"));
  in.before = have_before ? &before : NULL;
  in.after = have_after ? &after : NULL;
  in.observe_why = why;
  ra_judge_verdict(v, &in);
  ra_free(why);
  ra_observation_free(&before);
  ra_observation_free(&after);
  ra_http_response_free(&resp);
  ra_exec_out_free(&sent);
}

static ra_code load_json(json_t **out, const char *path, struct ra_error *err)
{
  json_error_t jerr;
  *out = json_load_file(path, 0, &jerr);
  if(!*out)
    return ra_error_set(err, jerr.line > 0 ? RA_E_PARSE : RA_E_IO, path,
                        jerr.line > 0 ? jerr.line : 0,
                        jerr.column > 0 ? jerr.column : 0, "%s",
                        jerr.line > 0 ? jerr.text : "cannot read the "
                        "recording");
  return RA_OK;
}

static ra_code check_format(json_t *doc, const char *path,
                            struct ra_error *err)
{
  const char *f = str_of(doc, "format");
  const char *prefix = "raconform-recording/";
  if(!f || strncmp(f, prefix, strlen(prefix)))
    return ra_error_set(err, RA_E_PARSE, path, 0, 0,
                        "not a raconform recording (no \"format\": "
                        "\"%s\")", RA_RECORD_FORMAT);
  if(strcmp(f, RA_RECORD_FORMAT))
    return ra_error_set(err, RA_E_UNSUPPORTED, path, 0, 0,
                        "recording format '%s' is not supported: this "
                        "raconform reads %s", f, RA_RECORD_FORMAT);
  return RA_OK;
}

/* One recorded case run into v. */
static ra_code rejudge_entry(struct ra_verdict *v, const char *dir,
                             json_t *entry, const struct ra_caseset *set,
                             const struct ra_target *target, int strict,
                             struct ra_error *err)
{
  const char *id = str_of(entry, "id"), *pname = str_of(entry, "profile");
  const char *file = str_of(entry, "file");
  const struct ra_case *c;
  ra_profile p;
  json_t *rec = NULL;
  char *path;
  char file_hex[65], req_hex[65];
  struct ra_buf why;
  ra_code result = RA_OK;

  if(!id || !pname || !file || ra_profile_parse(pname, &p) ||
     strstr(file, ".."))
    return ra_error_set(err, RA_E_PARSE, dir, 0, 0, "recording.json: a run "
                        "needs \"id\", a known \"profile\" and a \"file\" "
                        "inside the recording");
  path = ra_path_join(dir, file);
  result = load_json(&rec, path, err);
  ra_free(path);
  if(result)
    return result;
  ra_buf_init(&why, RA_BUF_UNLIMITED);
  c = ra_caseset_find(set, id);
  if(!c) {
    ra_verdict_set(&v->case_id, id);
    ra_verdict_set(&v->profile, pname);
    ra_buf_putf(&why, "%s.unknown", pname);
    ra_verdict_set(&v->group, ra_buf_str(&why));
    ra_buf_reset(&why);
    set_skip(v, "not re-judged: the case is no longer in the catalogue");
    goto done;
  }
  ra_runner_verdict_identity(v, c, p);
  if(ra_record_case_hashes(c, file_hex, req_hex)) {
    set_skip(v, "not re-judged: the case file cannot be read");
    goto done;
  }
  if(!str_of(rec, "request_sha256") ||
     strcmp(str_of(rec, "request_sha256"), req_hex)) {
    ra_buf_putf(&why, "not re-judged: the case's request has changed since "
                "the recording (request sha256 %.12s recorded, %.12s now)",
                str_of(rec, "request_sha256") ?
                str_of(rec, "request_sha256") : "none", req_hex);
    set_skip(v, ra_buf_str(&why));
    goto done;
  }
  if(!(c->profiles & RA_PROFILE_BIT(p))) {
    set_skip(v, "not re-judged: the case no longer applies to this "
             "profile");
    goto done;
  }
  rejudge_one(v, rec, c, p, target, strict);
done:
  ra_buf_free(&why);
  json_decref(rec);
  return RA_OK;
}

ra_code ra_rejudge_run(struct ra_run *run, const char *dir,
                       const struct ra_caseset *set, int strict,
                       struct ra_error *err)
{
  json_t *doc = NULL, *runs, *entry, *tj;
  struct ra_target *target = NULL;
  char *path = ra_path_join(dir, "recording.json");
  char *ttext = NULL;
  struct ra_buf profiles;
  size_t i;
  ra_code result;

  ra_run_init(run);
  ra_buf_init(&profiles, RA_BUF_UNLIMITED);
  result = load_json(&doc, path, err);
  if(result)
    goto done;
  result = check_format(doc, path, err);
  if(result)
    goto done;
  tj = json_object_get(doc, "target");
  ttext = json_is_object(tj) ? json_dumps(tj, 0) : NULL;
  if(!ttext) {
    result = ra_error_set(err, RA_E_PARSE, path, 0, 0, "no \"target\"");
    goto done;
  }
  result = ra_target_parse(&target, ttext, strlen(ttext), path, err);
  if(result)
    goto done;
  runs = json_object_get(doc, "runs");
  json_array_foreach(runs, i, entry) {
    struct ra_verdict *v = ra_run_add(run);
    const char *pname = str_of(entry, "profile");
    result = rejudge_entry(v, dir, entry, set, target, strict, err);
    if(result)
      goto done;
    if(pname && !strstr(ra_buf_str(&profiles), pname))
      ra_buf_putf(&profiles, "%s%s", profiles.len ? "," : "", pname);
  }
  ra_verdict_set(&run->suite_version, RA_VERSION);
  ra_verdict_set(&run->target_name, target->name);
  ra_verdict_set(&run->endpoint, target->endpoint);
  ra_verdict_set(&run->endpoint_class,
                 ra_endpoint_class_name(target->endpoint_class));
  /* The runner's profile order: legacy-2014 first. */
  {
    struct ra_buf ordered;
    ra_buf_init(&ordered, RA_BUF_UNLIMITED);
    if(strstr(ra_buf_str(&profiles), "legacy-2014"))
      ra_buf_puts(&ordered, "legacy-2014");
    if(strstr(ra_buf_str(&profiles), "json-2017"))
      ra_buf_putf(&ordered, "%sjson-2017", ordered.len ? "," : "");
    ra_verdict_set(&run->profile, ra_buf_str(&ordered));
    ra_buf_free(&ordered);
  }
  run->strict = strict;
  ra_run_sort(run);
done:
  if(result)
    ra_run_free(run);
  free(ttext);
  ra_target_free(target);
  json_decref(doc);
  ra_buf_free(&profiles);
  ra_free(path);
  return result;
}
