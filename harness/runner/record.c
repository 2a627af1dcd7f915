/* run --record DIR and rejudge DIR. */
#include "proto/redact.h"
#include "runner/record.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>
#include <openssl/evp.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/file.h"
#include "core/outfile.h"
#include "core/path.h"
#include "runner/exec.h"
#include "runner/runner.h"

#define RECORD_MAX_FILE (64u << 20) /* a case file: request + capped answer */

struct ra_recorder {
  char *dir;
  json_t *target;        /* described without secrets */
  json_t *runs;          /* [{"id", "profile", "file"}] */
  json_t *hashes;        /* {"ID": {"file": sha256, "request": sha256}} */
  char *suite_version;
  int strict;
  pthread_mutex_t lock;
  int failed;
  struct ra_error err;   /* the first failure */
};

/* --- bytes in JSON: a string when it is UTF-8 without NUL, else base64 -- */

static json_t *bytes_json(const char *p, size_t len)
{
  json_t *s;
  unsigned char *b64;
  if(!p)
    return json_null();
  if(!memchr(p, '\0', len)) {
    s = json_stringn(p, len);
    if(s)
      return s;
  }
  b64 = ra_malloc(4 * ((len + 2) / 3) + 1);
  EVP_EncodeBlock(b64, (const unsigned char *)p, (int)len);
  s = json_pack("{s:s}", "base64", (const char *)b64);
  ra_free(b64);
  return s;
}

/* New NUL-terminated copy in *out (length in *len); -1 when v is neither
 * a string nor {"base64": ...}; *out NULL for null. */
int ra_record_bytes(json_t *v, char **out, size_t *len)
{
  json_t *b = json_is_object(v) ? json_object_get(v, "base64") : NULL;
  *out = NULL;
  *len = 0;
  if(!v || json_is_null(v))
    return 0;
  if(json_is_string(v)) {
    *len = json_string_length(v);
    *out = ra_memdup0(json_string_value(v), *len);
    return 0;
  }
  if(json_is_string(b)) {
    const char *s = json_string_value(b);
    size_t n = strlen(s);
    unsigned char *buf = ra_malloc(n / 4 * 3 + 4);
    int got = EVP_DecodeBlock(buf, (const unsigned char *)s, (int)n);
    if(got < 0 || n % 4) {
      ra_free(buf);
      return -1;
    }
    /* EVP_DecodeBlock counts padding bytes as data: take them off. */
    if(n && s[n - 1] == '=')
      got--;
    if(n > 1 && s[n - 2] == '=')
      got--;
    *len = (size_t)got;
    *out = ra_memdup0(buf, *len);
    ra_free(buf);
    return 0;
  }
  return -1;
}

static void sha256_hex(const void *p, size_t len, char out[65])
{
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0, i;
  EVP_Digest(p, len, md, &n, EVP_sha256(), NULL);
  for(i = 0; i < n && i < 32; i++)
    snprintf(out + 2 * i, 3, "%02x", md[i]);
  out[64] = '\0';
}

ra_code ra_record_case_hashes(const struct ra_case *c, char file_hex[65],
                              char request_hex[65])
{
  struct ra_buf text;
  struct ra_error err = RA_ERROR_INIT;
  json_t *doc, *part;
  char *canon;
  static const char *const keys[] = {"needs", "request", "profiles"};
  size_t i;
  ra_buf_init(&text, RECORD_MAX_FILE);
  if(!c->file || ra_file_read(&text, c->file, &err))
    return RA_E_IO;
  sha256_hex(text.ptr ? text.ptr : "", text.len, file_hex);
  doc = json_loadb(ra_buf_str(&text), text.len, 0, NULL);
  ra_buf_free(&text);
  if(!doc)
    return RA_E_IO;
  part = json_object();
  for(i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
    json_t *v = json_object_get(doc, keys[i]);
    if(v)
      json_object_set(part, keys[i], v);
  }
  canon = json_dumps(part, JSON_SORT_KEYS | JSON_COMPACT);
  sha256_hex(canon ? canon : "", canon ? strlen(canon) : 0, request_hex);
  free(canon);
  json_decref(part);
  json_decref(doc);
  return RA_OK;
}

/* --- writing ------------------------------------------------------------ */

static json_t *target_json(const struct ra_target *t)
{
  json_t *o = json_object(), *req = json_object(), *fx = json_object();
  json_t *caps = json_object();
  int r;
  json_object_set_new(o, "name", json_string(t->name ? t->name : "target"));
  json_object_set_new(o, "endpoint", json_string(t->endpoint ?
                                                 t->endpoint : ""));
  json_object_set_new(o, "profile", json_string(
    t->profiles == RA_PROFILE_ALL ? "all" :
    t->profiles == RA_PROFILE_BIT(RA_PROFILE_LEGACY) ? "legacy-2014" :
    "json-2017"));
  for(r = 0; r < 2; r++) {
    if(!t->requesters[r].present)
      continue;
    /* The key id says whose request it was; the secret stays home. */
    json_object_set_new(req, ra_requester_name((ra_requester)r), json_pack(
      "{s:s, s:s}", "access_key_id", t->requesters[r].access_key_id ?
      t->requesters[r].access_key_id : "", "secret_access_key",
      "[REDACTED]"));
  }
  json_object_set_new(o, "requesters", req);
  if(t->provider == RA_PROVIDER_CONTROL && t->control_url)
    json_object_set_new(fx, "control", json_string(t->control_url));
  else if(t->provider == RA_PROVIDER_MANIFEST) {
    json_t *m = json_object();
    int s;
    size_t i;
    for(s = 1; s < RA_FIXTURE_STATES; s++) {
      json_t *ids = json_array();
      for(i = 0; i < t->nmanifest[s]; i++)
        json_array_append_new(ids, json_string(t->manifest[s][i]));
      json_object_set_new(m, ra_fixture_state_name((ra_fixture_state)s), ids);
    }
    json_object_set_new(fx, "manifest", m);
  }
  json_object_set_new(o, "fixtures", fx);
  if(t->has_length_unit)
    json_object_set_new(caps, "feedback_length_unit", json_string(
      ra_length_unit_name(t->feedback_length_unit)));
  if(t->has_operations) {
    json_t *ops = json_array();
    size_t i;
    for(i = 0; i < t->noperations; i++)
      json_array_append_new(ops, json_string(t->operations[i]));
    json_object_set_new(caps, "operations", ops);
  }
  json_object_set_new(o, "capabilities", caps);
  return o;
}

static int write_json(struct ra_recorder *r, const char *path, json_t *doc)
{
  struct ra_error err = RA_ERROR_INIT;
  char *text = json_dumps(doc, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
  int rc = 0;
  ra_error_clear(&err);
  /* core/outfile: a recording is a report like the others (regular files
   * only, checked writes, fsync, rename). */
  if(!text || ra_outfile_write(path, text, strlen(text), &err)) {
    pthread_mutex_lock(&r->lock);
    if(!r->failed) {
      r->failed = 1;
      if(text)
        r->err = err;
      else
        ra_error_set(&r->err, RA_E_IO, path, 0, 0,
                     "cannot write the recording: out of memory");
    }
    pthread_mutex_unlock(&r->lock);
    rc = -1;
  }
  free(text);
  return rc;
}

ra_code ra_recorder_open(struct ra_recorder **out, const char *dir,
                         const struct ra_target *target,
                         const char *suite_version, int strict,
                         struct ra_error *err)
{
  struct ra_recorder *r;
  char *cases, *manifest;
  DIR *d;
  ra_code result = RA_OK;
  *out = NULL;
  manifest = ra_path_join(dir, "recording.json");
  cases = ra_path_join(dir, "cases");
  d = opendir(dir);
  if(d) {
    struct dirent *e;
    int other = 0;
    struct stat st;
    while((e = readdir(d)))
      if(strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
         strcmp(e->d_name, "cases") && strcmp(e->d_name, "recording.json"))
        other = 1;
    closedir(d);
    if(other || (stat(cases, &st) == 0 && stat(manifest, &st) != 0)) {
      result = ra_error_set(err, RA_E_CONFIG, dir, 0, 0,
                            "--record: '%s' holds other files than a "
                            "recording: give a new or empty folder", dir);
      goto done;
    }
  }
  if(ra_path_mkdirs(cases)) {
    result = ra_error_set(err, RA_E_IO, dir, 0, 0,
                          "--record: cannot create '%s'", cases);
    goto done;
  }
  r = ra_calloc(1, sizeof(*r));
  r->dir = ra_strdup(dir);
  r->target = target_json(target);
  r->runs = json_array();
  r->hashes = json_object();
  r->suite_version = ra_strdup(suite_version ? suite_version : "");
  r->strict = strict;
  pthread_mutex_init(&r->lock, NULL);
  ra_error_clear(&r->err);
  *out = r;
done:
  ra_free(cases);
  ra_free(manifest);
  return result;
}

static json_t *observation_json(const struct ra_observation *o)
{
  if(!o)
    return json_null();
  return json_pack("{s:s?, s:b, s:o}", "status", o->status, "has_feedback",
                   o->has_feedback, "feedback", o->has_feedback ?
                   bytes_json(o->feedback, o->feedback_len) : json_null());
}

/* A redacted copy of text (ra_redact: the wire logs' redactor). */
static char *redact(const char *text, size_t len, const struct ra_exec_out *s)
{
  return ra_redact(text, len, (const char *const *)s->secrets,
                        s->nsecrets, NULL);
}

static json_t *request_json(const struct ra_exec_out *sent)
{
  const struct ra_http_request *q = &sent->req;
  json_t *o = json_object(), *headers = json_array(), *fb = json_array();
  char *s;
  size_t i;
  s = redact(q->method ? q->method : "", q->method ? strlen(q->method) : 0,
             sent);
  json_object_set_new(o, "method", json_string(s));
  ra_free(s);
  s = redact(q->target ? q->target : "", q->target ? strlen(q->target) : 0,
             sent);
  json_object_set_new(o, "target", bytes_json(s, strlen(s)));
  ra_free(s);
  json_object_set_new(o, "host", json_string(q->host ? q->host : ""));
  for(i = 0; i < q->headers.count; i++) {
    /* As a header line, so the "Authorization:" rule applies. */
    struct ra_buf line;
    char *colon;
    ra_buf_init(&line, RA_BUF_UNLIMITED);
    ra_buf_putf(&line, "%s: %s", q->headers.items[i].name,
                      q->headers.items[i].value);
    s = redact(ra_buf_str(&line), line.len, sent);
    colon = strstr(s, ": ");
    if(colon) {
      *colon = '\0';
      json_array_append_new(headers, json_pack("[o, o]",
        bytes_json(s, strlen(s)), bytes_json(colon + 2, strlen(colon + 2))));
    }
    ra_free(s);
    ra_buf_free(&line);
  }
  json_object_set_new(o, "headers", headers);
  if(q->body && !memchr(q->body, '\0', q->body_len)) {
    s = redact(q->body, q->body_len, sent);
    json_object_set_new(o, "body", bytes_json(s, strlen(s)));
    ra_free(s);
  }
  else
    json_object_set_new(o, "body", bytes_json(q->body, q->body_len));
  for(i = 0; i < sent->nfeedback; i++)
    json_array_append_new(fb, bytes_json(sent->feedback[i],
                                         sent->feedback_len[i]));
  json_object_set_new(o, "feedback_sent", fb);
  json_object_set_new(o, "feedback_known",
                      json_boolean(sent->feedback_known));
  return o;
}

static int contains(const char *p, size_t len, const char *needle)
{
  size_t n = strlen(needle), i;
  for(i = 0; n && i + n <= len; i++)
    if(p[i] == needle[0] && !memcmp(p + i, needle, n))
      return 1;
  return 0;
}

/* Holds a secret of the request (a signature echoed back)? */
static int has_secret(const char *p, size_t len, const struct ra_exec_out *s)
{
  size_t i;
  for(i = 0; i < s->nsecrets; i++)
    if(s->secrets[i] && contains(p, len, s->secrets[i]))
      return 1;
  return 0;
}

static json_t *response_json(const struct ra_http_response *resp,
                             const struct ra_exec_out *sent)
{
  json_t *o = json_object(), *headers = json_array();
  size_t i;
  json_object_set_new(o, "status", json_integer(resp->status));
  json_object_set_new(o, "status_line", bytes_json(resp->status_line,
    resp->status_line ? strlen(resp->status_line) : 0));
  for(i = 0; i < resp->headers.count; i++) {
    const char *v = resp->headers.items[i].value;
    json_array_append_new(headers, json_pack("[o, o]",
      bytes_json(resp->headers.items[i].name,
                 strlen(resp->headers.items[i].name)),
      bytes_json(v, strlen(v))));
  }
  json_object_set_new(o, "headers", headers);
  if(resp->body && has_secret(resp->body, resp->body_len, sent) &&
     !memchr(resp->body, '\0', resp->body_len)) {
    char *s = redact(resp->body, resp->body_len, sent);
    json_object_set_new(o, "body", bytes_json(s, strlen(s)));
    ra_free(s);
  }
  else
    json_object_set_new(o, "body", bytes_json(resp->body ? resp->body : "",
                                              resp->body_len));
  json_object_set_new(o, "error", json_string(ra_xfer_error_name(
    resp->error)));
  json_object_set_new(o, "error_code", json_integer(resp->error));
  json_object_set_new(o, "error_text", bytes_json(resp->error_text,
    strlen(resp->error_text)));
  json_object_set_new(o, "elapsed_ms", json_real(resp->elapsed_ms));
  return o;
}

static json_t *verdict_json(const struct ra_verdict *v)
{
  json_t *o = json_pack("{s:s, s:s}", "status", ra_status_name(v->status),
                        "grade", ra_grade_name(v->grade));
  const char *const names[] = {"reason", "error_kind", "observed", "actual",
                               "expected", "request", "response", "curl"};
  const char *const values[] = {v->reason, v->error_kind, v->observed_key,
                                v->actual, v->expected, v->request,
                                v->response, v->curl};
  size_t i;
  /* Already redacted: the judge redacts every string it stores. */
  for(i = 0; i < sizeof(names) / sizeof(names[0]); i++)
    json_object_set_new(o, names[i], bytes_json(values[i], values[i] ?
                                                strlen(values[i]) : 0));
  return o;
}

void ra_recorder_case(struct ra_recorder *r, const struct ra_case *c,
                      ra_profile p, const struct ra_judge_in *in,
                      const struct ra_verdict *v, const char *wire)
{
  char file_hex[65] = "", req_hex[65] = "";
  const char *pname = ra_target_profile_name(p);
  json_t *doc;
  struct ra_buf rel;
  char *dir, *path;
  if(!r)
    return;
  ra_record_case_hashes(c, file_hex, req_hex);
  doc = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o}", "id", c->id,
                  "profile", pname, "case_file_sha256", file_hex,
                  "request_sha256", req_hex, "recorded_with",
                  r->suite_version, "verdict", verdict_json(v));
  if(in) {
    json_t *j = json_object();
    json_object_set_new(j, "request", request_json(in->sent));
    json_object_set_new(j, "response", response_json(in->resp, in->sent));
    json_object_set_new(j, "check_post", json_boolean(in->check_post));
    json_object_set_new(j, "before", observation_json(in->before));
    json_object_set_new(j, "after", observation_json(in->after));
    json_object_set_new(j, "observe_why", in->observe_why &&
                        in->observe_why[0] ? bytes_json(in->observe_why,
                        strlen(in->observe_why)) : json_null());
    json_object_set_new(doc, "judged", j);
  }
  else
    json_object_set_new(doc, "judged", json_null());
  json_object_set_new(doc, "exchanges", wire && wire[0] ?
                      bytes_json(wire, strlen(wire)) : json_null());

  ra_buf_init(&rel, RA_BUF_UNLIMITED);
  ra_buf_putf(&rel, "cases/%s", pname);
  dir = ra_path_join(r->dir, ra_buf_str(&rel));
  ra_path_mkdirs(dir);
  ra_buf_putf(&rel, "/%s.json", c->id);
  path = ra_path_join(r->dir, ra_buf_str(&rel));
  if(!write_json(r, path, doc)) {
    pthread_mutex_lock(&r->lock);
    json_array_append_new(r->runs, json_pack("{s:s, s:s, s:s}", "id", c->id,
                                             "profile", pname, "file",
                                             ra_buf_str(&rel)));
    json_object_set_new(r->hashes, c->id, json_pack("{s:s, s:s}", "file",
                        file_hex, "request", req_hex));
    pthread_mutex_unlock(&r->lock);
  }
  json_decref(doc);
  ra_free(dir);
  ra_free(path);
  ra_buf_free(&rel);
}

ra_code ra_recorder_close(struct ra_recorder *r, struct ra_error *err)
{
  json_t *doc;
  char *path;
  char stamp[21];
  struct ra_clock sys = ra_clock_system();
  ra_code result = RA_OK;
  if(!r)
    return RA_OK;
  ra_clock_format_iso8601(ra_clock_now_ms(&sys), stamp);
  doc = json_pack("{s:s, s:s, s:s, s:s, s:b, s:O, s:O, s:O}",
                  "format", RA_RECORD_FORMAT, "format_version", "1.0",
                  "suite_version", r->suite_version, "recorded", stamp,
                  "strict", r->strict, "target", r->target, "case_files",
                  r->hashes, "runs", r->runs);
  path = ra_path_join(r->dir, "recording.json");
  write_json(r, path, doc);
  if(r->failed) {
    *err = r->err;
    result = RA_E_IO;
  }
  json_decref(doc);
  ra_free(path);
  json_decref(r->target);
  json_decref(r->runs);
  json_decref(r->hashes);
  pthread_mutex_destroy(&r->lock);
  ra_free(r->suite_version);
  ra_free(r->dir);
  ra_free(r);
  return result;
}
