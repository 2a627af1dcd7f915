/* The judge: answer -> grade, post-conditions, report texts. */
#include "proto/redact.h"
#include "runner/judge.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/alloc.h"
#include "runner/casedesc.h"
#include "proto/url.h"

/* A refusal whose body is no envelope still says "refused" by its status:
 * keep it as an error known only by that status (see judge.h). */
static void mark_bare(struct ra_answer *a)
{
  if(a->kind != RA_ANSWER_MALFORMED || a->http_status < 400 ||
     a->http_status > 599)
    return;
  a->kind = RA_ANSWER_ERROR;
  a->bare = 1;
  a->envelope = RA_ENVELOPE_NONE;
  ra_free(a->error_type);
  ra_free(a->error_code);
  a->error_type = NULL;
  a->error_code = NULL;
  if(!a->detail)
    a->detail = ra_strdup("not a recognisable answer");
}

void ra_judge_parse(struct ra_answer *out, ra_profile p,
                    const struct ra_http_response *resp)
{
  const char *body = resp->body ? resp->body : "";
  ra_code result;

  ra_answer_init(out);
  if(resp->error != RA_XFER_OK)
    return;
  if(p == RA_PROFILE_JSON)
    result = ra_response_parse_json(out, resp->status, resp->error_type,
                                    resp->request_id, body, resp->body_len);
  else
    result = ra_response_parse_legacy(out, resp->status, resp->content_type,
                                      body, resp->body_len);
  if(result) {
    /* The parser itself failed: whatever it filled in is not an answer. */
    ra_answer_free(out);
    out->detail = ra_strdup("the answer could not be parsed");
  }
  out->http_status = resp->status;
  if(resp->content_type)
    out->content_type = ra_strdup(resp->content_type);
  mark_bare(out);
}

/* Whether the media type of a Content-Type value (before any ';'
 * parameter, blanks trimmed, case-insensitive) is one of the list. */
static int media_type_in(char *const *list, size_t n, const char *ct)
{
  size_t i, len;
  if(!ct)
    return 0;
  while(*ct == ' ' || *ct == '\t')
    ct++;
  len = strcspn(ct, ";");
  while(len && (ct[len - 1] == ' ' || ct[len - 1] == '\t'))
    len--;
  for(i = 0; i < n; i++)
    if(strlen(list[i]) == len && !strncasecmp(list[i], ct, len))
      return 1;
  return 0;
}

/* Whether the legacy envelope a case asks for is the one the answer came
 * in. The two enums differ on purpose (a case cannot ask for json, an
 * answer cannot be "any"), so they are mapped value by value, never by
 * their numbering. */
static int envelope_matches(ra_case_envelope want, ra_envelope got)
{
  switch(want) {
  case RA_CASE_ENVELOPE_ANY:
    return 1;
  case RA_CASE_ENVELOPE_RESULT:
    return got == RA_ENVELOPE_RESULT;
  case RA_CASE_ENVELOPE_OPERATION:
    return got == RA_ENVELOPE_OPERATION;
  case RA_CASE_ENVELOPE_FRONT_DOOR:
    return got == RA_ENVELOPE_FRONT_DOOR;
  }
  return 0;
}

/* The legacy envelope of an answer in the spelling of the case files
 * ("result", "operation", "front-door"), or NULL for none and json. */
static const char *legacy_envelope_name(ra_envelope e)
{
  switch(e) {
  case RA_ENVELOPE_RESULT:
    return ra_case_envelope_name(RA_CASE_ENVELOPE_RESULT);
  case RA_ENVELOPE_OPERATION:
    return ra_case_envelope_name(RA_CASE_ENVELOPE_OPERATION);
  case RA_ENVELOPE_FRONT_DOOR:
    return ra_case_envelope_name(RA_CASE_ENVELOPE_FRONT_DOOR);
  case RA_ENVELOPE_NONE:
  case RA_ENVELOPE_JSON:
    break;
  }
  return NULL;
}

static int in_list(char *const *list, size_t n, const char *s)
{
  size_t i;
  if(!n)
    return 1;
  if(!s)
    return 0;
  for(i = 0; i < n; i++)
    if(!strcmp(list[i], s))
      return 1;
  return 0;
}

static int outcome_matches(const struct ra_outcome *o,
                           const struct ra_answer *a,
                           const struct ra_target *t)
{
  size_t i;
  if(o->has_when &&
     (!t || !t->has_length_unit ||
      t->feedback_length_unit != o->when_length_unit))
    return 0;
  if(a->kind == RA_ANSWER_MALFORMED)
    return 0;
  /* A bare error is known by its status only: it never satisfies an
   * outcome that asks for a type, code or envelope, nor one that does not
   * name its status (so `{"outcome": "error"}` alone still rejects a
   * proxy's plain-text page). */
  if(a->bare && (!o->nstatuses || o->ntypes || o->ncodes ||
                 o->envelope != RA_CASE_ENVELOPE_ANY))
    return 0;
  if(o->kind == RA_OUTCOME_SUCCESS && a->kind != RA_ANSWER_SUCCESS)
    return 0;
  if(o->kind == RA_OUTCOME_ERROR && a->kind != RA_ANSWER_ERROR)
    return 0;
  /* A 5xx is a server fault, never a graceful refusal: it satisfies an
   * error outcome only where the case names that status itself (e.g. 503
   * throttling under load). */
  if(a->kind == RA_ANSWER_ERROR && a->http_status >= 500 && !o->nstatuses)
    return 0;
  if(o->nstatuses) {
    int hit = 0;
    for(i = 0; i < o->nstatuses; i++)
      hit |= o->statuses[i] == a->http_status;
    if(!hit)
      return 0;
  }
  if(!in_list(o->types, o->ntypes, a->error_type))
    return 0;
  if(!in_list(o->codes, o->ncodes, a->error_code))
    return 0;
  if(!envelope_matches(o->envelope, a->envelope))
    return 0;
  if(o->nroots && !in_list(o->roots, o->nroots, a->root))
    return 0;
  if(o->ncontent_types &&
     !media_type_in(o->content_types, o->ncontent_types, a->content_type))
    return 0;
  return 1;
}

int ra_judge_match(const struct ra_case_expect *e, const struct ra_answer *a,
                   const struct ra_target *target)
{
  size_t i;
  for(i = 0; i < e->count; i++)
    if(outcome_matches(&e->items[i], a, target))
      return (int)i;
  return -1;
}

int ra_judge_infer_unit(const struct ra_case_expect *e,
                        const struct ra_answer *a,
                        const struct ra_target *target, ra_length_unit *unit)
{
  static const ra_length_unit units[] = {
    RA_LENGTH_CODEPOINTS, RA_LENGTH_UTF16, RA_LENGTH_BYTES
  };
  struct ra_target assumed;
  size_t i, k;
  int depends = 0;
  if(!target || target->has_length_unit)
    return -1;
  for(i = 0; i < e->count; i++)
    depends |= e->items[i].has_when;
  if(!depends)
    return -1;
  /* A shallow copy that declares one unit at a time: read only. */
  assumed = *target;
  assumed.has_length_unit = 1;
  for(k = 0; k < sizeof(units) / sizeof(units[0]); k++) {
    assumed.feedback_length_unit = units[k];
    for(i = 0; i < e->count; i++) {
      if(e->items[i].has_when && outcome_matches(&e->items[i], a, &assumed)) {
        *unit = units[k];
        return (int)i;
      }
    }
  }
  return -1;
}

void ra_judge_observed_key(struct ra_buf *out,
                           const struct ra_http_response *resp,
                           const struct ra_answer *a)
{
  const char *envelope;
  if(resp->error != RA_XFER_OK) {
    ra_buf_putf(out, "transport %s", ra_xfer_error_name(resp->error));
    return;
  }
  if(resp->status >= 300 && resp->status < 400) {
    ra_buf_putf(out, "%d redirect", resp->status);
    return;
  }
  /* A bare error keeps the key "NNN malformed" (what it always was). */
  if(!a || a->kind == RA_ANSWER_MALFORMED || a->bare) {
    ra_buf_putf(out, "%d malformed", resp->status);
    return;
  }
  if(a->kind == RA_ANSWER_SUCCESS) {
    ra_buf_puts(out, "success");
    return;
  }
  ra_buf_putf(out, "%d", a->http_status);
  /* json-2017 answers are told apart by type, legacy ones by envelope. */
  envelope = legacy_envelope_name(a->envelope);
  if(a->error_type)
    ra_buf_putf(out, " %s", a->error_type);
  else if(envelope)
    ra_buf_putf(out, " %s", envelope);
  if(a->error_code)
    ra_buf_putf(out, " %s", a->error_code);
}

int ra_judge_is_transient(const struct ra_http_response *resp,
                          const struct ra_answer *a)
{
  static const char *const codes[] = {
    "ThrottlingException", "Throttling", "ServiceUnavailable",
    "AWS.ServiceUnavailable"
  };
  size_t i;
  /* A connection reset before any answer is retried; once part of an
   * answer arrived the request reached the target and may have moved the
   * assignment, so sending it again would judge a different request. */
  if(resp->error == RA_XFER_RESET)
    return resp->status == 0 && !resp->status_line;
  if(resp->error != RA_XFER_OK)
    return 0;
  if(resp->status == 503 || resp->status == 429)
    return 1;
  if(a && a->kind == RA_ANSWER_ERROR) {
    for(i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
      if((a->error_code && !strcmp(a->error_code, codes[i])) ||
         (a->error_type && !strcmp(a->error_type, codes[i])))
        return 1;
    }
  }
  return 0;
}

/* Single-quoted for a POSIX shell. */
static void shell_quote(struct ra_buf *out, const char *s, size_t n)
{
  size_t i;
  ra_buf_putc(out, '\'');
  for(i = 0; i < n; i++) {
    if(s[i] == '\'')
      ra_buf_puts(out, "'\\''");
    else
      ra_buf_putc(out, s[i]);
  }
  ra_buf_putc(out, '\'');
}

static int printable(const char *s, size_t n)
{
  size_t i;
  for(i = 0; i < n; i++)
    if((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
      return 0;
  return 1;
}

#define CURL_BODY_MAX 8192

char *ra_judge_curl(const char *base_url, const struct ra_http_request *req,
                    const char *const *secrets, size_t nsecrets)
{
  struct ra_buf b, url;
  struct ra_url base;
  size_t i;
  char *text;
  size_t blen = req->body_len < CURL_BODY_MAX ? req->body_len : CURL_BODY_MAX;
  int binary = req->body && !printable(req->body, blen);

  ra_buf_init(&b, RA_BUF_UNLIMITED);
  ra_buf_init(&url, RA_BUF_UNLIMITED);
  ra_url_init(&base);
  ra_buf_puts(&url, ra_url_parse(&base, base_url, 0) ? "http" : base.scheme);
  ra_url_free(&base);
  ra_buf_putf(&url, "://%s%s", req->host ? req->host : "",
              req->target ? req->target : "/");
  if(binary) {
    /* Bytes a shell cannot quote (controls, invalid UTF-8): printf them. */
    ra_buf_puts(&b, "printf '");
    for(i = 0; i < blen; i++) {
      unsigned char c = (unsigned char)req->body[i];
      if(c >= 0x20 && c < 0x7f && c != '\'' && c != '\\' && c != '%')
        ra_buf_putc(&b, (char)c);
      else
        ra_buf_putf(&b, "\\%03o", c);
    }
    ra_buf_puts(&b, "' | ");
  }
  ra_buf_putf(&b, "curl -sS -X %s ", req->method ? req->method : "GET");
  shell_quote(&b, ra_buf_str(&url), url.len);
  for(i = 0; i < req->headers.count; i++) {
    const struct ra_header *h = &req->headers.items[i];
    struct ra_buf line;
    if(!strcasecmp(h->name, "Host"))
      continue;
    ra_buf_init(&line, RA_BUF_UNLIMITED);
    /* Authorization and the like are masked by ra_redact below, with
     * every other secret: one redactor. */
    if(h->value && *h->value)
      ra_buf_putf(&line, "%s: %s", h->name, h->value);
    else
      ra_buf_putf(&line, "%s;", h->name);
    ra_buf_puts(&b, " -H ");
    shell_quote(&b, ra_buf_str(&line), line.len);
    ra_buf_free(&line);
  }
  if(req->body && req->body_len) {
    if(binary)
      ra_buf_puts(&b, " --data-binary @-");
    else {
      ra_buf_puts(&b, " --data-binary ");
      shell_quote(&b, req->body, blen);
    }
    if(blen < req->body_len)
      ra_buf_putf(&b, "  # body cut at %d of %zu bytes", CURL_BODY_MAX,
                  req->body_len);
  }
  text = ra_redact(ra_buf_str(&b), b.len, secrets, nsecrets, NULL);
  ra_buf_free(&b);
  ra_buf_free(&url);
  return text;
}

/* The first max bytes of s (n of them here, of total in all). */
static void add_excerpt(struct ra_buf *out, const char *s, size_t n,
                        size_t max, size_t total)
{
  ra_buf_put(out, s, n < max ? n : max);
  if(total > max)
    ra_buf_putf(out, "\n[... %zu more bytes]", total - max);
}

char *ra_judge_request_text(const struct ra_exec_out *sent, size_t max)
{
  struct ra_buf b, full;
  struct ra_http_request head = sent->req;
  char *text, *clean;
  size_t clean_len, dropped = 0;
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  ra_buf_init(&full, RA_BUF_UNLIMITED);
  /* The excerpt of ra_http_request_format(..., 1). A body longer than the
   * excerpt that no redaction rule touches (the header block ends in a
   * blank line, which ends every masked value) is formatted only as far as
   * the excerpt reaches: a megabyte body is not copied twice for 16 KiB. */
  if(head.body && head.body_len > max &&
     !ra_redact_touches(head.body, head.body_len, NULL, 0)) {
    dropped = head.body_len - max;
    head.body_len = max;
  }
  if(ra_http_request_format(&full, &head, 0))
    ra_buf_puts(&full, "(request could not be formatted)");
  clean = ra_redact(ra_buf_str(&full), full.len, NULL, 0, &clean_len);
  ra_buf_free(&full);
  add_excerpt(&b, clean, clean_len, max, clean_len + dropped);
  ra_free(clean);
  text = ra_redact(ra_buf_str(&b), b.len,
                        (const char *const *)sent->secrets, sent->nsecrets, NULL);
  ra_buf_free(&b);
  return text;
}

char *ra_judge_response_text(const struct ra_http_response *resp,
                             const struct ra_exec_out *sent, size_t max)
{
  struct ra_buf b;
  size_t i;
  char *text;
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  if(resp->error != RA_XFER_OK)
    ra_buf_putf(&b, "(no complete answer: %s: %s)\n",
                ra_xfer_error_name(resp->error), resp->error_text);
  if(resp->status_line)
    ra_buf_putf(&b, "%s\n", resp->status_line);
  for(i = 0; i < resp->headers.count; i++)
    ra_buf_putf(&b, "%s: %s\n", resp->headers.items[i].name,
                resp->headers.items[i].value);
  if(resp->status_line)
    ra_buf_putc(&b, '\n');
  if(resp->body)
    add_excerpt(&b, resp->body, resp->body_len, max, resp->body_len);
  text = ra_redact(ra_buf_str(&b), b.len,
                        sent ? (const char *const *)sent->secrets : NULL,
                        sent ? sent->nsecrets : 0, NULL);
  ra_buf_free(&b);
  return text;
}

/* Empty feedback and no feedback are treated alike: targets differ in
 * whether RequesterFeedback="" is stored as "" or as none. */
static int feedback_equal(int has_a, const char *a, size_t alen, int has_b,
                          const char *b, size_t blen)
{
  if(!has_a || !alen)
    return !has_b || !blen;
  if(!has_b)
    return 0;
  return alen == blen && !memcmp(a, b, alen);
}

static void describe_feedback(struct ra_buf *out, int has, const char *s,
                              size_t n)
{
  size_t i, shown = n < 40 ? n : 40;
  if(!has) {
    ra_buf_puts(out, "none");
    return;
  }
  ra_buf_putf(out, "%zu bytes '", n);
  for(i = 0; i < shown; i++) {
    unsigned char c = (unsigned char)s[i];
    if(c < 0x20 || c == 0x7f || c == '\'')
      ra_buf_putf(out, "\\x%02x", c);
    else
      ra_buf_putc(out, (char)c);
  }
  ra_buf_putf(out, "'%s", n > shown ? "..." : "");
}

char *ra_judge_post(const struct ra_outcome *o, ra_answer_kind kind,
                    const struct ra_exec_out *sent,
                    const struct ra_observation *before,
                    const struct ra_observation *after)
{
  struct ra_buf why;
  const char *want_state;
  ra_post_feedback fb = o ? o->post.feedback : RA_POST_FEEDBACK_DEFAULT;
  int success = kind == RA_ANSWER_SUCCESS;

  ra_buf_init(&why, RA_BUF_UNLIMITED);
  if(o && o->post.has_state)
    want_state = ra_fixture_state_name(o->post.state);
  else if(success)
    want_state = "Rejected";
  else
    want_state = before ? before->status : NULL;
  if(want_state && (!after->status || strcmp(after->status, want_state)))
    ra_buf_putf(&why, "post-condition: state is %s, expected %s%s",
                after->status ? after->status : "unknown", want_state,
                success || (o && o->post.has_state) ? "" : " (unchanged)");

  if(fb == RA_POST_FEEDBACK_DEFAULT)
    fb = success ? RA_POST_FEEDBACK_SENT : RA_POST_FEEDBACK_UNCHANGED;
  if(!why.len && (fb == RA_POST_FEEDBACK_SENT ||
                   fb == RA_POST_FEEDBACK_FIRST_SENT ||
                   fb == RA_POST_FEEDBACK_LAST_SENT) && sent->feedback_known) {
    /* "sent" takes any of the values sent; first-/last-sent only that one
     * (a duplicated feedback where one copy is invalid). */
    size_t lo = 0, hi = sent->nfeedback, i;
    int ok = 0;
    if(fb == RA_POST_FEEDBACK_FIRST_SENT && hi)
      hi = 1;
    if(fb == RA_POST_FEEDBACK_LAST_SENT && hi)
      lo = hi - 1;
    if(!sent->nfeedback)
      ok = feedback_equal(0, NULL, 0, after->has_feedback, after->feedback,
                          after->feedback_len);
    for(i = lo; i < hi && !ok; i++)
      ok = feedback_equal(1, sent->feedback[i], sent->feedback_len[i],
                          after->has_feedback, after->feedback,
                          after->feedback_len);
    if(!ok) {
      ra_buf_puts(&why, "post-condition: stored feedback is ");
      describe_feedback(&why, after->has_feedback, after->feedback,
                        after->feedback_len);
      ra_buf_putf(&why, ", expected the %sbytes sent (",
                  fb == RA_POST_FEEDBACK_FIRST_SENT ? "first " :
                  fb == RA_POST_FEEDBACK_LAST_SENT ? "last " : "");
      if(sent->nfeedback)
        describe_feedback(&why, 1, sent->feedback[lo], sent->feedback_len[lo]);
      else
        ra_buf_puts(&why, "none");
      ra_buf_putc(&why, ')');
    }
  }
  else if(!why.len && fb == RA_POST_FEEDBACK_UNCHANGED && before &&
          !feedback_equal(before->has_feedback, before->feedback,
                          before->feedback_len, after->has_feedback,
                          after->feedback, after->feedback_len)) {
    ra_buf_puts(&why, "post-condition: stored feedback changed to ");
    describe_feedback(&why, after->has_feedback, after->feedback,
                      after->feedback_len);
    ra_buf_puts(&why, " (was ");
    describe_feedback(&why, before->has_feedback, before->feedback,
                      before->feedback_len);
    ra_buf_putc(&why, ')');
  }
  else if(!why.len && fb == RA_POST_FEEDBACK_NONE && after->has_feedback &&
          after->feedback_len) {
    ra_buf_puts(&why, "post-condition: stored feedback is ");
    describe_feedback(&why, 1, after->feedback, after->feedback_len);
    ra_buf_puts(&why, ", expected none");
  }
  if(!why.len) {
    ra_buf_free(&why);
    return NULL;
  }
  return ra_buf_take(&why, NULL);
}

static void actual_text(struct ra_buf *out, const struct ra_http_response *resp,
                        const struct ra_answer *a)
{
  const char *envelope = legacy_envelope_name(a->envelope);
  if(resp->error != RA_XFER_OK) {
    ra_buf_putf(out, "no answer: %s (%s)", resp->error_text,
                ra_xfer_error_name(resp->error));
    return;
  }
  ra_buf_putf(out, "HTTP %d, %s", resp->status, a->bare ?
              "error without a recognisable envelope" :
              ra_answer_kind_name(a->kind));
  if(envelope)
    ra_buf_putf(out, ", envelope %s", envelope);
  if(a->error_type)
    ra_buf_putf(out, ", type %s", a->error_type);
  if(a->error_code)
    ra_buf_putf(out, ", code %s", a->error_code);
  if(a->message)
    ra_buf_putf(out, ", message '%.200s'", a->message);
  if(a->detail)
    ra_buf_putf(out, " (%s)", a->detail);
}

static void set_redacted(char **slot, const char *text,
                         const struct ra_exec_out *sent)
{
  char *clean = ra_redact(text, strlen(text),
                               (const char *const *)sent->secrets,
                               sent->nsecrets, NULL);
  ra_verdict_set(slot, clean);
  ra_free(clean);
}

void ra_judge_verdict(struct ra_verdict *v, const struct ra_judge_in *in)
{
  const struct ra_http_response *resp = in->resp;
  const struct ra_case_expect *e = &in->c->expect[in->profile];
  struct ra_answer answer;
  struct ra_buf b;
  char *text;
  int idx = -1;

  ra_buf_init(&b, RA_BUF_UNLIMITED);

  ra_case_describe_expect(&b, in->c, in->profile);
  ra_verdict_set(&v->expected, ra_buf_str(&b));
  ra_buf_reset(&b);

  text = ra_judge_request_text(in->sent, 2048);
  ra_verdict_set(&v->request, text);
  ra_free(text);
  text = ra_judge_response_text(resp, in->sent, 2048);
  ra_verdict_set(&v->response, text);
  ra_free(text);
  text = ra_judge_curl(in->base_url, &in->sent->req,
                       (const char *const *)in->sent->secrets,
                       in->sent->nsecrets);
  ra_verdict_set(&v->curl, text);
  ra_free(text);

  ra_judge_parse(&answer, in->profile, resp);
  actual_text(&b, resp, &answer);
  set_redacted(&v->actual, ra_buf_str(&b), in->sent);
  ra_buf_reset(&b);
  ra_judge_observed_key(&b, resp, &answer);
  set_redacted(&v->observed_key, ra_buf_str(&b), in->sent);
  ra_buf_reset(&b);
  v->grade = RA_GRADE_NONE;

  if(resp->error != RA_XFER_OK && resp->error != RA_XFER_TOO_LARGE) {
    /* No answer: inconclusive, not a conformance failure. */
    v->status = RA_STATUS_ERROR;
    ra_verdict_set(&v->error_kind, ra_xfer_error_name(resp->error));
    ra_verdict_set(&v->reason, resp->error_text);
    goto done;
  }
  if(resp->error == RA_XFER_TOO_LARGE) {
    v->status = RA_STATUS_FAIL;
    ra_verdict_set(&v->reason, resp->error_text);
    goto done;
  }
  if(resp->status >= 300 && resp->status < 400) {
    char *host = resp->location ? ra_url_host(resp->location) : NULL;
    size_t scheme = resp->location ? ra_url_scheme_len(resp->location) : 0;
    v->status = RA_STATUS_FAIL;
    if(!host && scheme)
      /* file:, ftp:, javascript:, ...: not somewhere a request could go */
      ra_buf_putf(&b, "off-scheme redirect to a %.*s: URL (HTTP %d; only "
                  "http and https are spoken, and redirects are never "
                  "followed)", (int)scheme, resp->location, resp->status);
    else
      ra_buf_putf(&b, "redirect to %s (HTTP %d; redirects are never "
                  "followed)", host ? host : (resp->location ?
                  "a relative location" : "nowhere (no Location)"),
                  resp->status);
    set_redacted(&v->reason, ra_buf_str(&b), in->sent);
    ra_free(host);
    goto done;
  }

  idx = ra_judge_match(e, &answer, in->target);
  if(idx < 0) {
    ra_length_unit unit;
    idx = ra_judge_infer_unit(e, &answer, in->target, &unit);
    if(idx >= 0) {
      /* A capability the target did not declare is never a reason to
       * fail (SPEC §4): the answer is what one unit predicts, so record
       * the unit it reveals. Post-conditions still apply. */
      v->grade = RA_GRADE_INFORMATIONAL;
      v->status = RA_STATUS_PASS;
      ra_buf_putf(&b, "inferred feedback_length_unit %s from the answer "
                  "(declare capabilities.feedback_length_unit in the target "
                  "file to judge this case)", ra_length_unit_name(unit));
      ra_verdict_set(&v->reason, ra_buf_str(&b));
      ra_buf_reset(&b);
      goto post;
    }
  }
  if(idx < 0) {
    v->status = RA_STATUS_FAIL;
    if(answer.kind == RA_ANSWER_MALFORMED)
      ra_buf_putf(&b, "malformed answer: %s",
                  answer.detail ? answer.detail : "not a recognisable answer");
    else if(answer.bare)
      ra_buf_putf(&b, "malformed answer: HTTP %d with %s (no outcome accepts "
                  "this status without a type, code or envelope)",
                  answer.http_status, answer.detail);
    else {
      ra_buf_puts(&b, "no acceptable outcome matches: got ");
      ra_judge_observed_key(&b, resp, &answer);
      /* e.g. the <title> of a 5xx HTML page, where frameworks put the
       * exception */
      if(answer.detail)
        ra_buf_putf(&b, " (%s)", answer.detail);
    }
    set_redacted(&v->reason, ra_buf_str(&b), in->sent);
    goto done;
  }
  v->grade = e->items[idx].grade;
  v->status = RA_STATUS_PASS;
  if(v->grade == RA_GRADE_NON_STRICT && in->strict) {
    v->status = RA_STATUS_FAIL;
    ra_buf_puts(&b, "NON-STRICT outcome under --strict");
    if(e->items[idx].note)
      ra_buf_putf(&b, " (%s)", e->items[idx].note);
    set_redacted(&v->reason, ra_buf_str(&b), in->sent);
    ra_buf_reset(&b);
  }
post:
  if(in->check_post) {
    if(!in->after) {
      if(in->observe_why)
        ra_verdict_set(&v->reason, in->observe_why);
    }
    else {
      char *why = ra_judge_post(&e->items[idx], answer.kind, in->sent,
                                in->before, in->after);
      if(why) {
        /* The MUST part: fails whatever the grade. */
        v->status = RA_STATUS_FAIL;
        set_redacted(&v->reason, why, in->sent);
        ra_buf_putf(&b, "%s (post-condition)", v->observed_key);
        ra_verdict_set(&v->observed_key, ra_buf_str(&b));
        ra_free(why);
      }
    }
  }

done:
  ra_answer_free(&answer);
  ra_buf_free(&b);
}
