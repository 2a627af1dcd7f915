/* Loader, lister and checker for vectors/responses (docs/responses.md). */
#include "response/fixture.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <jansson.h>

#include "core/alloc.h"
#include "core/path.h"
#include "core/file.h"
#include "core/jsonpos.h"

void ra_response_fixture_init(struct ra_response_fixture *f)
{
  memset(f, 0, sizeof(*f));
  ra_headers_init(&f->headers);
  f->expect.kind = RA_ANSWER_MALFORMED;
  f->expect.is_valid = -1;
}

static void expect_free(struct ra_response_expect *e)
{
  size_t i;
  ra_free(e->error_type.value);
  ra_free(e->error_code.value);
  ra_free(e->request_id.value);
  ra_free(e->message_prefix.value);
  ra_free(e->detail_contains.value);
  for(i = 0; i < e->data_count; i++) {
    ra_free(e->data[i].key);
    ra_free(e->data[i].value);
  }
  ra_free(e->data);
}

void ra_response_fixture_free(struct ra_response_fixture *f)
{
  if(!f)
    return;
  ra_free(f->name);
  ra_free(f->dir);
  ra_free(f->profile);
  ra_free(f->source);
  ra_free(f->reason);
  ra_headers_free(&f->headers);
  ra_free(f->body);
  ra_free(f->wire);
  expect_free(&f->expect);
  ra_response_fixture_init(f);
}

/* Parses the raw response: status line, headers, CRLF CRLF, body. Lines of
 * the head must end in CRLF (the file is wire bytes). */
static ra_code parse_http(struct ra_response_fixture *f, const char *path,
                          const char *raw, size_t len, struct ra_error *err)
{
  size_t pos = 0;
  int line = 1;
  size_t head_end = 0;   /* offset of the CRLF ending the last header */
  const char *cl = NULL;
  int cl_count = 0;
  int cl_line = 0;
  size_t i;

  /* Status line. */
  {
    const char *eol = memchr(raw, '\n', len);
    size_t l;
    const char *p;
    char *end;
    long status;
    if(!eol || eol == raw || eol[-1] != '\r')
      return ra_error_set(err, RA_E_PARSE, path, 1, 1,
                          "status line must end in CRLF");
    l = (size_t)(eol - raw) - 1;
    if(l < 12 || (memcmp(raw, "HTTP/1.1 ", 9) && memcmp(raw, "HTTP/1.0 ", 9)))
      return ra_error_set(err, RA_E_PARSE, path, 1, 1,
                          "status line must start with \"HTTP/1.1 \"");
    p = raw + 9;
    if(p[0] < '1' || p[0] > '5' || p[1] < '0' || p[1] > '9' || p[2] < '0' ||
       p[2] > '9' || (l > 12 && p[3] != ' '))
      return ra_error_set(err, RA_E_PARSE, path, 1, 10,
                          "status code must be three digits (100-599)");
    status = strtol(p, &end, 10);
    f->http_status = (int)status;
    f->reason = l > 13 ? ra_strndup(raw + 13, l - 13) : ra_strdup("");
    pos = (size_t)(eol - raw) + 1;
    line = 2;
  }
  /* Headers. */
  for(;;) {
    const char *start = raw + pos;
    const char *eol = memchr(start, '\n', len - pos);
    const char *colon;
    const char *v;
    const char *vend;
    char *name;
    char *value;
    if(!eol)
      return ra_error_set(err, RA_E_PARSE, path, line, 1,
                          "headers not ended by an empty line");
    if(eol == start || eol[-1] != '\r')
      return ra_error_set(err, RA_E_PARSE, path, line,
                          (int)(eol - start) + 1,
                          "header line must end in CRLF");
    if(eol - start == 1) {     /* the empty line */
      head_end = pos;
      pos += 2;
      break;
    }
    if(*start == ' ' || *start == '\t')
      return ra_error_set(err, RA_E_PARSE, path, line, 1,
                          "folded header lines are not supported");
    colon = memchr(start, ':', (size_t)(eol - start));
    if(!colon || colon == start)
      return ra_error_set(err, RA_E_PARSE, path, line, 1,
                          "header line without \"name:\"");
    v = colon + 1;
    vend = eol - 1;
    while(v < vend && (*v == ' ' || *v == '\t'))
      v++;
    while(vend > v && (vend[-1] == ' ' || vend[-1] == '\t'))
      vend--;
    name = ra_strndup(start, (size_t)(colon - start));
    value = ra_strndup(v, (size_t)(vend - v));
    ra_headers_add(&f->headers, name, value);
    ra_free(name);
    ra_free(value);
    pos = (size_t)(eol - raw) + 1;
    line++;
  }
  f->body_len = len - pos;
  f->body = ra_memdup0(raw + pos, f->body_len);

  /* header i is on line i + 2 (one header per line, no folding) */
  for(i = 0; i < f->headers.count; i++) {
    if(!strcasecmp(f->headers.items[i].name, "Transfer-Encoding"))
      return ra_error_set(err, RA_E_PARSE, path, (int)i + 2, 1,
                          "Transfer-Encoding is not supported (give the "
                          "body as is)");
    if(!strcasecmp(f->headers.items[i].name, "Content-Length")) {
      if(cl_count++)
        return ra_error_set(err, RA_E_PARSE, path, (int)i + 2, 1,
                            "more than one Content-Length");
      cl = f->headers.items[i].value;
      cl_line = (int)i + 2;
    }
  }
  if(cl) {
    char *end;
    unsigned long long n;
    errno = 0;
    n = strtoull(cl, &end, 10);
    if(!*cl || *end || errno || cl[0] == '-' || cl[0] == '+')
      return ra_error_set(err, RA_E_PARSE, path, cl_line, 1,
                          "Content-Length \"%s\" is not a number", cl);
    if(n != f->body_len)
      return ra_error_set(err, RA_E_PARSE, path, cl_line, 1,
                          "Content-Length says %llu, body has %zu bytes", n,
                          f->body_len);
    f->wire = ra_memdup0(raw, len);
    f->wire_len = len;
  }
  else {
    struct ra_buf b;
    char num[32];
    snprintf(num, sizeof(num), "%zu", f->body_len);
    ra_headers_add(&f->headers, "Content-Length", num);
    ra_buf_init(&b, RA_BUF_UNLIMITED);
    ra_buf_put(&b, raw, head_end);
    ra_buf_putf(&b, "Content-Length: %s\r\n", num);
    ra_buf_put(&b, raw + head_end, len - head_end);
    f->wire = ra_buf_take(&b, &f->wire_len);
    f->content_length_added = 1;
  }
  return RA_OK;
}

/* Errors in expect.json at a member's key (unknown fields), at a member's
 * value, or at the document (key NULL). */
#define fail_key(doc, key, ...) \
  ra_jsonpos_fail((doc), (key), RA_JSONPOS_KEY, __VA_ARGS__)
#define fail_val(doc, key, ...) \
  ra_jsonpos_fail((doc), (key), RA_JSONPOS_VALUE, __VA_ARGS__)

static ra_code expect_str(struct ra_expect_str *dst, json_t *v,
                          struct ra_jsonpos_doc *doc, const char *key)
{
  dst->checked = 1;
  if(json_is_null(v))
    return RA_OK;
  if(!json_is_string(v))
    return fail_val(doc, key, "\"%s\" must be a string or null", key);
  dst->value = ra_strdup(json_string_value(v));
  return RA_OK;
}

static ra_code expect_data(struct ra_response_expect *e, json_t *v,
                           struct ra_jsonpos_doc *doc)
{
  size_t i;
  json_t *pair;
  ra_code result = RA_OK;
  if(!json_is_array(v))
    return fail_val(doc, "data", "\"data\" must be an array of [key, value]");
  e->data_checked = 1;
  e->data = ra_calloc(json_array_size(v) + 1, sizeof(*e->data));
  ra_jsonpos_push_key(&doc->path, "data");
  json_array_foreach(v, i, pair) {
    const char *k = json_string_value(json_array_get(pair, 0));
    const char *val = json_string_value(json_array_get(pair, 1));
    if(!json_is_array(pair) || json_array_size(pair) != 2 || !k || !val) {
      ra_jsonpos_push_index(&doc->path, i);
      result = fail_val(doc, NULL, "\"data\"[%zu] must be [key, value] "
                        "strings", i);
      ra_jsonpos_pop(&doc->path);
      break;
    }
    e->data[i].key = ra_strdup(k);
    e->data[i].value = ra_strdup(val);
    e->data_count++;
  }
  ra_jsonpos_pop(&doc->path);
  return result;
}

/* One of the string members "profile", "source", "kind", "envelope". */
static ra_code expect_named(struct ra_response_fixture *f, const char *key,
                            json_t *v, struct ra_jsonpos_doc *doc,
                            int *have_kind)
{
  struct ra_response_expect *e = &f->expect;
  const char *s = json_string_value(v);
  int n;
  if(!s)
    return fail_val(doc, key, "\"%s\" must be a string", key);
  if(!strcmp(key, "profile")) {
    if(strcmp(s, "legacy-2014") && strcmp(s, "json-2017"))
      return fail_val(doc, key, "unknown profile \"%s\"", s);
    f->profile = ra_strdup(s);
  }
  else if(!strcmp(key, "source")) {
    if(strncmp(s, "observed: ", 10) && strncmp(s, "doc: ", 5) &&
       strncmp(s, "inferred: ", 10))
      return fail_val(doc, key, "\"source\" must start with \"observed: \", "
                      "\"doc: \" or \"inferred: \"");
    f->source = ra_strdup(s);
  }
  else if(!strcmp(key, "kind")) {
    for(n = RA_ANSWER_SUCCESS; n <= RA_ANSWER_MALFORMED; n++)
      if(!strcmp(s, ra_answer_kind_name((ra_answer_kind)n)))
        break;
    if(n > RA_ANSWER_MALFORMED)
      return fail_val(doc, key, "unknown kind \"%s\"", s);
    e->kind = (ra_answer_kind)n;
    *have_kind = 1;
  }
  else {
    for(n = RA_ENVELOPE_NONE; n <= RA_ENVELOPE_JSON; n++)
      if(!strcmp(s, ra_envelope_name((ra_envelope)n)))
        break;
    if(n > RA_ENVELOPE_JSON)
      return fail_val(doc, key, "unknown envelope \"%s\"", s);
    e->envelope = (ra_envelope)n;
    e->envelope_checked = 1;
  }
  return RA_OK;
}

static ra_code expect_member(struct ra_response_fixture *f, const char *key,
                             json_t *v, struct ra_jsonpos_doc *doc,
                             int *have_kind)
{
  struct ra_response_expect *e = &f->expect;
  if(!strcmp(key, "profile") || !strcmp(key, "source") ||
     !strcmp(key, "kind") || !strcmp(key, "envelope"))
    return expect_named(f, key, v, doc, have_kind);
  if(!strcmp(key, "error_type"))
    return expect_str(&e->error_type, v, doc, key);
  if(!strcmp(key, "error_code"))
    return expect_str(&e->error_code, v, doc, key);
  if(!strcmp(key, "request_id"))
    return expect_str(&e->request_id, v, doc, key);
  if(!strcmp(key, "message_prefix"))
    return expect_str(&e->message_prefix, v, doc, key);
  if(!strcmp(key, "detail_contains"))
    return expect_str(&e->detail_contains, v, doc, key);
  if(!strcmp(key, "is_valid")) {
    e->is_valid_checked = 1;
    if(json_is_null(v))
      e->is_valid = -1;
    else if(json_is_boolean(v))
      e->is_valid = json_is_true(v) ? 1 : 0;
    else
      return fail_val(doc, key, "\"is_valid\" must be true, false or null");
    return RA_OK;
  }
  if(!strcmp(key, "data"))
    return expect_data(e, v, doc);
  if(!strcmp(key, "note"))
    return RA_OK;   /* free text for humans */
  return fail_key(doc, key, "unknown field \"%s\"", key);
}

/* expect.json: every error at its exact line:column (core/jsonpos). */
static ra_code parse_expect(struct ra_response_fixture *f, const char *path,
                            struct ra_error *err)
{
  struct ra_jsonpos_doc doc;
  struct ra_buf text;
  json_t *root = NULL;
  const char *key;
  json_t *v;
  int have_kind = 0;
  ra_code result;

  ra_buf_init(&text, RA_RESPONSE_FIXTURE_MAX);
  result = ra_file_read(&text, path, err);
  if(!result)
    result = ra_jsonpos_load(&doc, ra_buf_str(&text), text.len, 0, path, err,
                             RA_E_PARSE, &root);
  if(result)
    goto done;
  if(!json_is_object(root)) {
    result = fail_val(&doc, NULL, "expect.json must hold an object");
    goto done;
  }
  json_object_foreach(root, key, v) {
    result = expect_member(f, key, v, &doc, &have_kind);
    if(result)
      goto done;
  }
  if(!f->profile || !f->source || !have_kind)
    result = fail_val(&doc, NULL, "\"profile\", \"kind\" and \"source\" are "
                      "required");
done:
  json_decref(root);
  ra_buf_free(&text);
  return result;
}

ra_code ra_response_fixture_load(const char *dir,
                                 struct ra_response_fixture *out,
                                 struct ra_error *err)
{
  char *http_path = ra_path_join(dir, "response.http");
  char *expect_path = ra_path_join(dir, "expect.json");
  struct ra_buf raw;
  const char *base;
  ra_code result;

  ra_response_fixture_init(out);
  ra_buf_init(&raw, RA_RESPONSE_FIXTURE_MAX);
  out->dir = ra_strdup(dir);
  base = strrchr(dir, '/');
  base = base ? base + 1 : dir;
  if(!*base) {   /* "dir/" */
    size_t n = strlen(dir);
    while(n && dir[n - 1] == '/')
      n--;
    {
      char *tmp = ra_strndup(dir, n);
      const char *b2 = strrchr(tmp, '/');
      out->name = ra_strdup(b2 ? b2 + 1 : tmp);
      ra_free(tmp);
    }
  }
  else
    out->name = ra_strdup(base);

  result = ra_file_read(&raw, http_path, err);
  if(!result)
    result = parse_http(out, http_path, ra_buf_str(&raw), raw.len, err);
  if(!result)
    result = parse_expect(out, expect_path, err);
  ra_buf_free(&raw);
  ra_free(http_path);
  ra_free(expect_path);
  if(result)
    ra_response_fixture_free(out);
  return result;
}

ra_code ra_response_fixture_list(const char *root, char ***dirs_out,
                                 size_t *count_out, struct ra_error *err)
{
  size_t i;
  if(ra_path_list(root, "response.http", dirs_out, count_out))
    return ra_error_set(err, RA_E_IO, root, 0, 0, "cannot open: %s",
                        strerror(errno));
  for(i = 0; i < *count_out; i++) {
    char *full = ra_path_join(root, (*dirs_out)[i]);
    ra_free((*dirs_out)[i]);
    (*dirs_out)[i] = full;
  }
  return RA_OK;
}

void ra_response_fixture_list_free(char **dirs, size_t count)
{
  ra_path_list_free(dirs, count);
}

ra_code ra_response_fixture_parse(const struct ra_response_fixture *f,
                                  struct ra_answer *out)
{
  return ra_response_parse(out, f->profile, f->http_status,
                           ra_headers_get(&f->headers, "Content-Type"),
                           ra_headers_get(&f->headers, "X-Amzn-ErrorType"),
                           ra_headers_get(&f->headers, "x-amzn-RequestId"),
                           f->body, f->body_len);
}

static const char *show(const char *s)
{
  return s ? s : "(null)";
}

static size_t check_str(struct ra_buf *why, const char *field,
                        const struct ra_expect_str *want, const char *got,
                        int mode)
{
  int ok;
  if(!want->checked)
    return 0;
  if(!want->value)
    ok = got == NULL;
  else if(!got)
    ok = 0;
  else if(mode == 0)
    ok = !strcmp(want->value, got);
  else if(mode == 1)
    ok = !strncmp(want->value, got, strlen(want->value));
  else
    ok = strstr(got, want->value) != NULL;
  if(ok)
    return 0;
  if(why)
    ra_buf_putf(why, "%s: expected %s\"%s\", got \"%s\"\n", field,
                mode == 1 ? "prefix " : mode == 2 ? "to contain " : "",
                show(want->value), show(got));
  return 1;
}

size_t ra_response_fixture_check(const struct ra_response_fixture *f,
                                 const struct ra_answer *a,
                                 struct ra_buf *why)
{
  const struct ra_response_expect *e = &f->expect;
  size_t bad = 0;
  if(a->kind != e->kind) {
    bad++;
    if(why)
      ra_buf_putf(why, "kind: expected %s, got %s (detail: %s)\n",
                  ra_answer_kind_name(e->kind), ra_answer_kind_name(a->kind),
                  show(a->detail));
  }
  if(a->http_status != f->http_status) {
    bad++;
    if(why)
      ra_buf_putf(why, "http_status: expected %d, got %d\n", f->http_status,
                  a->http_status);
  }
  if(e->envelope_checked && a->envelope != e->envelope) {
    bad++;
    if(why)
      ra_buf_putf(why, "envelope: expected %s, got %s\n",
                  ra_envelope_name(e->envelope),
                  ra_envelope_name(a->envelope));
  }
  bad += check_str(why, "error_type", &e->error_type, a->error_type, 0);
  bad += check_str(why, "error_code", &e->error_code, a->error_code, 0);
  bad += check_str(why, "request_id", &e->request_id, a->request_id, 0);
  bad += check_str(why, "message_prefix", &e->message_prefix, a->message, 1);
  bad += check_str(why, "detail_contains", &e->detail_contains, a->detail,
                   2);
  if(e->is_valid_checked && a->is_valid != e->is_valid) {
    bad++;
    if(why)
      ra_buf_putf(why, "is_valid: expected %d, got %d\n", e->is_valid,
                  a->is_valid);
  }
  if(e->data_checked) {
    size_t i;
    int same = e->data_count == a->data_count;
    for(i = 0; same && i < e->data_count; i++)
      same = !strcmp(e->data[i].key, a->data[i].key) &&
             !strcmp(e->data[i].value, a->data[i].value);
    if(!same) {
      bad++;
      if(why) {
        ra_buf_putf(why, "data: expected %zu pair(s), got %zu:",
                    e->data_count, a->data_count);
        for(i = 0; i < a->data_count; i++)
          ra_buf_putf(why, " [%s=%s]", a->data[i].key, a->data[i].value);
        ra_buf_puts(why, "\n");
      }
    }
  }
  return bad;
}
