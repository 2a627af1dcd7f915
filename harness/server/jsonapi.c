/* json-2017: AWS JSON 1.1 with SigV4, as MTurkRequesterServiceV20170117.
 *
 * Order of checks (each documented in docs/server.md): method, SigV4
 * (missing Authorization, malformed, unknown key, scope, date, skew, signed
 * headers, payload hash, signature), X-Amz-Target, Content-Type, JSON body,
 * member validation, feedback rules, then the store transition. Nothing is
 * mutated before every check has passed. */
#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "core/alloc.h"
#include "proto/header.h"
#include "proto/signer.h"
#include "proto/sigv4.h"
#include "server/jsonapi.h"
#include "server/operation.h"
#include "server/refserver_impl.h"

#define SKEW_MS (5 * 60 * 1000)
#define TIGHT_SKEW_MS (60 * 1000) /* tight-skew-window defect */
#define VARIANT_SKEW_MS (15 * 60 * 1000) /* json-skew-15min variant */
#define NAMESPACE_PREFIX "com.amazonaws.mturk#" /* json-namespaced-type */
#define FIXED_SIGNED_HEADERS "content-type;host;x-amz-date;x-amz-target"

static void reply(struct ra_refserver *s, struct ra_refserver_response *resp,
                  int status, json_t *obj)
{
  char rid[37];
  char *text = json_dumps(obj, JSON_COMPACT);
  /* json-reply-content-type: a framework's generic JSON type */
  int generic = ra_refserver_defect_on(s, RA_DEFECT_JSON_REPLY_CONTENT_TYPE);
  ra_refserver_request_id(rid);
  ra_headers_set(&resp->headers, "x-amzn-RequestId", rid);
  ra_refserver_reply(resp, status,
                     generic ? "application/json" : RA_JSON_CONTENT_TYPE,
                     text ? text : "{}", text ? strlen(text) : 2);
  free(text);
  json_decref(obj);
}

/* {"__type","Message"[,"TurkErrorCode"]}; RequestError messages carry the
 * "(<epoch ms>)" stamp the real service appends. */
static void error(struct ra_refserver *s, struct ra_refserver_response *resp,
                  int status, const char *type, const char *turk_code,
                  const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static void error(struct ra_refserver *s, struct ra_refserver_response *resp,
                  int status, const char *type, const char *turk_code,
                  const char *fmt, ...)
{
  struct ra_buf msg;
  va_list ap;
  json_t *obj = json_object();
  ra_buf_init(&msg, RA_BUF_UNLIMITED);
  if(ra_refserver_variant_on(s, RA_VARIANT_JSON_NAMESPACED_TYPE) &&
     !ra_refserver_defect_on(s, RA_DEFECT_WRONG_ENVELOPE))
    json_object_set_new(obj, "__type", json_pack("s+", NAMESPACE_PREFIX,
                                                 type));
  else if(!ra_refserver_defect_on(s, RA_DEFECT_WRONG_ENVELOPE))
    json_object_set_new(obj, "__type", json_string(type));
  va_start(ap, fmt);
  ra_buf_vputf(&msg, fmt, ap);
  va_end(ap);
  if(turk_code)
    ra_buf_putf(&msg, " (%" PRId64 ")", ra_refserver_now(s));
  json_object_set_new(obj, "Message",
                      json_stringn(ra_buf_str(&msg), msg.len));
  if(turk_code && !ra_refserver_defect_on(s, RA_DEFECT_NO_TURK_ERROR_CODE))
    json_object_set_new(obj, "TurkErrorCode", json_string(turk_code));
  ra_buf_free(&msg);
  if(!strcmp(type, "RequestError") &&
     ra_refserver_defect_on(s, RA_DEFECT_JSON_ERROR_200))
    status = 200; /* the seeded bug: the error is in the body only */
  reply(s, resp, status, obj);
}

void ra_jsonapi_error(struct ra_refserver *s,
                      struct ra_refserver_response *resp, int status,
                      const char *type, const char *message)
{
  error(s, resp, status, type, NULL, "%s", message);
}

#define BAD_SIG(...) \
  error(s, resp, 400, "InvalidSignatureException", NULL, __VA_ARGS__)

/* Verifies SigV4. Returns 1 and sets *role when the caller is known and the
 * signature holds, else answers and returns 0. */
static int authenticate(struct ra_refserver *s,
                        const struct ra_wire_request *req,
                        struct ra_refserver_response *resp, ra_role *role,
                        const char **akid_out, struct ra_sigv4_authz *az)
{
  const char *authz = ra_headers_get(req->headers, "Authorization");
  const char *amz_date, *secret, *sent_hash = NULL;
  char expected[RA_SHA256_HEX_SIZE];
  char body_hash[RA_SHA256_HEX_SIZE];
  struct ra_sigv4_input in;
  struct ra_buf creq, sts;
  char *path = NULL, *query = NULL;
  int64_t t, now, skew;
  int ok = 0;

  if(!ra_headers_get(req->headers, "X-Amz-Date") && authz &&
     ra_refserver_defect_on(s, RA_DEFECT_MISSING_DATE_500)) {
    /* The seeded bug: the date parser dereferences the missing header and
     * the crash guard answers 500. */
    error(s, resp, 500, "InternalFailure", NULL,
          "An internal error occurred.");
    return 0;
  }
  if(!authz) {
    error(s, resp, 400, "MissingAuthenticationTokenException", NULL,
          "Missing Authentication Token");
    return 0;
  }
  if(strncmp(authz, "AWS4-HMAC-SHA256 ", 17) ||
     ra_sigv4_parse_authorization(az, authz)) {
    BAD_SIG("Authorization header requires 'Credential', 'Signature' and "
            "'SignedHeaders' parameters in the AWS4-HMAC-SHA256 form");
    return 0;
  }
  *akid_out = az->access_key_id;
  secret = ra_refserver_secret(s, az->access_key_id, role);
  if(!secret) {
    if(ra_refserver_defect_on(s, RA_DEFECT_UNKNOWN_KEY_ACCEPTED)) {
      *role = RA_ROLE_OWNER;
      *akid_out = s->keys.owner.access_key_id;
      return 1;
    }
    error(s, resp, 400, "UnrecognizedClientException", NULL,
          "The security token included in the request is invalid.");
    return 0;
  }
  if(strcmp(az->terminator, "aws4_request")) {
    BAD_SIG("Credential should be scoped with a valid terminator: "
            "'aws4_request', not '%s'.", az->terminator);
    return 0;
  }
  if(strcmp(az->service, RA_SIGV4_SERVICE) &&
     !ra_refserver_defect_on(s, RA_DEFECT_ANY_SERVICE_SCOPE)) {
    BAD_SIG("Credential should be scoped to correct service: '%s'.",
            RA_SIGV4_SERVICE);
    return 0;
  }
  if(strcmp(az->region, RA_SIGV4_REGION) &&
     !ra_refserver_defect_on(s, RA_DEFECT_ANY_REGION) &&
     !(ra_refserver_variant_on(s, RA_VARIANT_JSON_REGION_SANDBOX) &&
       !strcmp(az->region, "sandbox"))) {
    BAD_SIG("Credential should be scoped to a valid region, not '%s'.",
            az->region);
    return 0;
  }
  if((!ra_sigv4_signed_headers_has(az->signed_headers, "host") &&
      !ra_refserver_defect_on(s, RA_DEFECT_HOST_NOT_SIGNED)) ||
     !ra_sigv4_signed_headers_has(az->signed_headers, "x-amz-date")) {
    BAD_SIG("'Host' and 'X-Amz-Date' must be SignedHeaders in the AWS "
            "Authorization.");
    return 0;
  }
  amz_date = ra_headers_get(req->headers, "X-Amz-Date");
  if(!amz_date || strlen(amz_date) != 16 ||
     ra_clock_parse_iso8601(amz_date, &t)) {
    BAD_SIG("Authorization header requires existence of a valid "
            "'X-Amz-Date' header (yyyyMMdd'T'HHmmss'Z').");
    return 0;
  }
  now = ra_refserver_now(s);
  skew = ra_refserver_defect_on(s, RA_DEFECT_TIGHT_SKEW_WINDOW) ?
         TIGHT_SKEW_MS :
         ra_refserver_variant_on(s, RA_VARIANT_JSON_SKEW_15MIN) ?
         VARIANT_SKEW_MS : SKEW_MS;
  if(!ra_refserver_defect_on(s, RA_DEFECT_NO_SKEW_CHECK) &&
     (t < now - skew ||
      (t > now + skew &&
       !ra_refserver_defect_on(s, RA_DEFECT_FUTURE_TIMESTAMP_ACCEPTED)))) {
    char nowtxt[17], edge[17];
    int minutes = (int)(skew / 60000);
    ra_clock_format_amz(now, nowtxt);
    if(t < now) {
      ra_clock_format_amz(now - skew, edge);
      BAD_SIG("Signature expired: %s is now earlier than %s (%s - %d min.)",
              amz_date, edge, nowtxt, minutes);
    }
    else {
      ra_clock_format_amz(now + skew, edge);
      BAD_SIG("Signature not yet current: %s is still later than %s "
              "(%s + %d min.)", amz_date, edge, nowtxt, minutes);
    }
    return 0;
  }
  if((strncmp(az->date8, amz_date, 8) || strlen(az->date8) != 8) &&
     !ra_refserver_defect_on(s, RA_DEFECT_SCOPE_DATE_UNCHECKED)) {
    BAD_SIG("Date in Credential scope does not match YYYYMMDD from "
            "ISO-8601 version of date from HTTP: '%s' != '%.8s', from '%s'.",
            az->date8, amz_date, amz_date);
    return 0;
  }
  ra_signer_sha256_hex(body_hash, req->body, req->body_len);
  if(ra_sigv4_signed_headers_has(az->signed_headers, "x-amz-content-sha256")) {
    sent_hash = ra_headers_get(req->headers, "X-Amz-Content-Sha256");
    if(sent_hash &&
       ra_refserver_defect_on(s, RA_DEFECT_PAYLOAD_HASH_FROM_HEADER) &&
       strlen(sent_hash) < sizeof(body_hash)) {
      /* The seeded bug: the client's word taken for the body's hash. */
      strcpy(body_hash, sent_hash);
    }
    else if(sent_hash && strcmp(sent_hash, body_hash)) {
      BAD_SIG("The provided 'x-amz-content-sha256' header does not match "
              "what was computed.");
      return 0;
    }
  }
  ra_refserver_split_target(req->target, &path, &query);
  memset(&in, 0, sizeof(in));
  in.method = req->method;
  in.path = path;
  in.query = query;
  in.headers = req->headers;
  in.payload = req->body;
  in.payload_len = req->body_len;
  in.payload_hash = body_hash;
  /* fixed-signed-headers: the canonical request is rebuilt from the list
   * the server's own client signs, whatever the request says it signed. */
  in.signed_headers = ra_refserver_defect_on(s,
                                             RA_DEFECT_FIXED_SIGNED_HEADERS) ?
                      FIXED_SIGNED_HEADERS : az->signed_headers;
  in.access_key_id = az->access_key_id;
  in.secret = secret;
  in.region = az->region;
  in.service = az->service;
  in.amz_date = amz_date;
  ra_buf_init(&creq, RA_BUF_UNLIMITED);
  ra_buf_init(&sts, RA_BUF_UNLIMITED);
  if(ra_sigv4_canonical_request(&creq, &in)) {
    BAD_SIG("Every header named in SignedHeaders must be present.");
    goto done;
  }
  if(ra_refserver_defect_on(s, RA_DEFECT_SCOPE_DATE_UNCHECKED)) {
    /* The seeded bug: the scope is taken from the Credential as sent, so
     * a key derived for another day verifies. */
    char h[RA_SHA256_HEX_SIZE];
    ra_signer_sha256_hex(h, ra_buf_str(&creq), creq.len);
    ra_buf_putf(&sts, "AWS4-HMAC-SHA256\n%s\n%s/%s/%s/aws4_request\n%s",
                      amz_date, az->date8, az->region, az->service, h);
  }
  if((!sts.len && ra_sigv4_string_to_sign(&sts, amz_date, az->region,
                                          az->service, ra_buf_str(&creq))) ||
     ra_sigv4_signature(expected, secret, az->date8, az->region, az->service,
                        ra_buf_str(&sts))) {
    BAD_SIG("The request signature could not be computed.");
    goto done;
  }
  if(!ra_refserver_signature_equal(s, expected, az->signature, 0) &&
     !ra_refserver_defect_on(s, RA_DEFECT_NO_SIGNATURE_CHECK)) {
    BAD_SIG("The request signature we calculated does not match the "
            "signature you provided. Check your AWS Secret Access Key and "
            "signing method. Consult the service documentation for "
            "details.");
    goto done;
  }
  ok = 1;
done:
  ra_buf_free(&creq);
  ra_buf_free(&sts);
  ra_free(path);
  ra_free(query);
  return ok;
}

/* Member checks of one operation's input, collected AWS-style
 * ("N validation errors detected: ...; ..."). */
struct violations {
  struct ra_buf text;
  unsigned count;
};

static void violation(struct violations *v, const char *fmt, ...)
  __attribute__((format(printf, 2, 3)));

static void violation(struct violations *v, const char *fmt, ...)
{
  va_list ap;
  if(v->count++)
    ra_buf_puts(&v->text, "; ");
  va_start(ap, fmt);
  ra_buf_vputf(&v->text, fmt, ap);
  va_end(ap);
}

/* Short, JSON-ish rendering of a member value for messages. */
static char *describe_value(json_t *v)
{
  char *d;
  if(json_is_string(v))
    return ra_strdup(json_string_value(v));
  d = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
  if(!d)
    return ra_strdup("?");
  {
    char *copy = ra_strdup(d);
    free(d);
    return copy;
  }
}

/* 1 when member name is a string; otherwise its violation (absent or
 * null counts only when required) and 0. */
static int string_member(json_t *j, const char *name, int required,
                         struct violations *v)
{
  if(!j || json_is_null(j)) {
    if(required)
      violation(v, "Value null at '%s' failed to satisfy constraint: "
                "Member must not be null", name);
    return 0;
  }
  if(!json_is_string(j)) {
    char *d = describe_value(j);
    violation(v, "Value '%s' at '%s' failed to satisfy constraint: Member "
              "must be a string", d, name);
    ra_free(d);
    return 0;
  }
  return 1;
}

/* AssignmentId: EntityId {min 1, max 64, ^[A-Z0-9]+$}. *id_out is a new
 * string when the member is a string (after the lower-case defect). */
static void check_assignment_id(struct ra_refserver *s, json_t *j,
                                struct violations *v, char **id_out)
{
  char *id;
  size_t n, i;
  int pattern_ok = 1;
  *id_out = NULL;
  if(!string_member(j, "assignmentId", 1, v))
    return;
  /* Copy every byte: a "\u0000" inside the ID must fail the pattern, not
   * end the string early (ra_strndup would stop there). */
  n = json_string_length(j);
  id = ra_memdup0(json_string_value(j), n);
  if(ra_refserver_defect_on(s, RA_DEFECT_ACCEPT_LOWERCASE_ID_JSON)) {
    for(i = 0; i < n; i++)
      id[i] = (char)toupper((unsigned char)id[i]);
  }
  if(ra_refserver_defect_on(s, RA_DEFECT_TRIM_ASSIGNMENT_ID_JSON)) {
    /* The seeded bug: "cleaning" the ID before validating it. */
    size_t b = 0;
    while(b < n && isspace((unsigned char)id[b]))
      b++;
    while(n > b && isspace((unsigned char)id[n - 1]))
      n--;
    memmove(id, id + b, n - b);
    n -= b;
    id[n] = '\0';
  }
  for(i = 0; i < n; i++) {
    if(!((id[i] >= 'A' && id[i] <= 'Z') || (id[i] >= '0' && id[i] <= '9')))
      pattern_ok = 0;
  }
  if(n < 1)
    violation(v, "Value '' at 'assignmentId' failed to satisfy constraint: "
              "Member must have length greater than or equal to 1");
  if(n > (ra_refserver_defect_on(s, RA_DEFECT_ASSIGNMENT_ID_MAX_65) ? 65 : 64))
    violation(v, "Value '%s' at 'assignmentId' failed to satisfy "
              "constraint: Member must have length less than or equal to 64",
              id);
  if(!n || !pattern_ok)
    violation(v, "Value '%s' at 'assignmentId' failed to satisfy "
              "constraint: Member must satisfy regular expression pattern: "
              "^[A-Z0-9]+$", id);
  *id_out = id;
}

static void check_feedback_member(struct ra_refserver *s, json_t *j,
                                  int required, struct violations *v)
{
  if(j && json_is_null(j) &&
     ra_refserver_defect_on(s, RA_DEFECT_JSON_NULL_FEEDBACK))
    return; /* the seeded bug: "is the key there?" */
  if(!string_member(j, "requesterFeedback", required, v))
    return;
  if(!json_string_length(j) &&
     ra_refserver_defect_on(s, RA_DEFECT_EMPTY_FEEDBACK_REFUSED))
    violation(v, "Value '' at 'requesterFeedback' failed to satisfy "
              "constraint: Member must have length greater than or equal "
              "to 1");
}

/* Answers a refused feedback; returns 1 when it did. */
static int refuse_feedback(struct ra_refserver *s,
                           struct ra_refserver_response *resp,
                           ra_feedback_verdict verdict)
{
  int pve = ra_refserver_variant_on(s,
                                    RA_VARIANT_JSON_PARAMETER_VALIDATION_ERROR);
  if(verdict != RA_FEEDBACK_OK && pve) {
    /* The variant's form: no TurkErrorCode, as in the captures of
     * ParameterValidationError (notes §2.4). */
    error(s, resp, 400, "ParameterValidationError", NULL,
          "The value for RequesterFeedback is invalid. (%" PRId64 ")",
          ra_refserver_now(s));
    return 1;
  }
  switch(verdict) {
  case RA_FEEDBACK_OK:
    return 0;
  case RA_FEEDBACK_TOO_LONG:
    if(ra_refserver_defect_on(s, RA_DEFECT_FEEDBACK_TOO_LONG_500)) {
      /* The seeded bug: no length rule; the store's column refuses it. */
      error(s, resp, 500, "InternalFailure", NULL,
            "An internal error occurred.");
      return 1;
    }
    error(s, resp, 400, "RequestError",
          ra_refserver_variant_on(s, RA_VARIANT_FEEDBACK_OUT_OF_RANGE) ?
          "AWS.ParameterOutOfRange" :
          "AWS.MechanicalTurk.InvalidParameterValue",
          "The value for RequesterFeedback is invalid: it can be up to %d "
          "characters (including multi-byte characters).",
          RA_FEEDBACK_MAX_CHARS);
    return 1;
  case RA_FEEDBACK_CONTROL_CHAR:
    error(s, resp, 400, "RequestError",
          "AWS.MechanicalTurk.InvalidParameterValue",
          "The value for RequesterFeedback is invalid: it cannot contain "
          "ASCII characters 0-8, 11, 12, or 14-31.");
    return 1;
  default:
    error(s, resp, 400, "RequestError",
          "AWS.MechanicalTurk.InvalidParameterValue",
          "The value for RequesterFeedback is invalid: it is not valid "
          "UTF-8.");
    return 1;
  }
}

/* The answer to an operation's outcome other than a refused feedback. */
static void answer_outcome(struct ra_refserver *s,
                           struct ra_refserver_response *resp,
                           ra_operation_outcome outcome, const char *id,
                           const char *expected_states)
{
  switch(outcome) {
  case RA_OPERATION_FEEDBACK_REFUSED:
    break; /* refuse_feedback's answer */
  case RA_OPERATION_DONE:
    if(ra_refserver_variant_on(s, RA_VARIANT_JSON_EMPTY_SUCCESS)) {
      char rid[37];
      ra_refserver_request_id(rid);
      ra_headers_set(&resp->headers, "x-amzn-RequestId", rid);
      ra_refserver_reply(resp, 200, RA_JSON_CONTENT_TYPE, "", 0);
      break;
    }
    reply(s, resp, 200, json_object());
    break;
  case RA_OPERATION_NOT_OWNER:
    if(ra_refserver_defect_on(s, RA_DEFECT_LEAK_EXISTENCE)) {
      error(s, resp, 400, "RequestError",
            "AWS.MechanicalTurk.PermissionDenied",
            "This user is not authorized to perform the requested "
            "operation.");
      break;
    }
    /* Another requester's assignment answers exactly like a nonexistent
     * one. */
    /* fall through */
  case RA_OPERATION_NO_SUCH:
    error(s, resp, 400, "RequestError",
          "AWS.MechanicalTurk.AssignmentDoesNotExist",
          "Assignment %s does not exist.", id);
    break;
  case RA_OPERATION_BAD_STATE:
    error(s, resp, 400, "RequestError",
          "AWS.MechanicalTurk.InvalidAssignmentState",
          "This operation can be called with a status of: %s",
          expected_states);
    break;
  }
}

/* A member of the body; json-member-case-insensitive matches any case. */
static json_t *member(const struct ra_refserver *s, json_t *body,
                      const char *name)
{
  void *it;
  if(!ra_refserver_defect_on(s, RA_DEFECT_JSON_MEMBER_CASE_INSENSITIVE))
    return json_object_get(body, name);
  for(it = json_object_iter(body); it; it = json_object_iter_next(body, it)) {
    if(!strcasecmp(json_object_iter_key(it), name))
      return json_object_iter_value(it);
  }
  return NULL;
}

/* GetAssignment's success answer. */
static void assignment_answer(struct ra_refserver *s,
                              struct ra_refserver_response *resp,
                              const struct ra_assignment_view *av)
{
  json_t *a = json_pack("{s:s, s:s}", "AssignmentId", av->id,
                        "AssignmentStatus", ra_assign_status_name(av->status));
  if(av->has_feedback && ra_utf8_valid(av->feedback, av->feedback_len, NULL))
    json_object_set_new(a, "RequesterFeedback",
                        json_stringn(av->feedback, av->feedback_len));
  reply(s, resp, 200, json_pack("{s:o}", "Assignment", a));
}

/* Validates the members (AWS-style violations), then hands the operation
 * to the core and answers its result. */
static void run_operation(struct ra_refserver *s, ra_op op, json_t *body,
                          const char *akid,
                          struct ra_refserver_response *resp)
{
  struct violations v;
  struct ra_operation_request rq;
  struct ra_operation_result r;
  char *id = NULL;
  json_t *jfb = member(s, body, "RequesterFeedback");
  json_t *jid = member(s, body, "AssignmentId");
  json_t *coerced = NULL;
  json_t *jover = json_object_get(body, "OverrideRejection");

  ra_buf_init(&v.text, RA_BUF_UNLIMITED);
  v.count = 0;
  if((json_is_number(jfb) || json_is_boolean(jfb)) &&
     ra_refserver_defect_on(s, RA_DEFECT_JSON_FEEDBACK_COERCED)) {
    /* The seeded bug: loose typing, 123 becomes "123". */
    char *d = describe_value(jfb);
    coerced = json_string(d);
    ra_free(d);
    jfb = coerced;
  }

  if((!jid || json_is_null(jid)) &&
     ra_refserver_defect_on(s, RA_DEFECT_MISSING_PARAM_500)) {
    error(s, resp, 500, "InternalFailure", NULL,
          "An internal error occurred.");
    goto done;
  }
  check_assignment_id(s, jid, &v, &id);
  if(op != RA_OP_GET)
    check_feedback_member(s, jfb, op == RA_OP_REJECT, &v);
  if(op == RA_OP_APPROVE && jover && !json_is_boolean(jover) &&
     !json_is_null(jover))
    violation(&v, "Value at 'overrideRejection' failed to satisfy "
              "constraint: Member must be a boolean");
  if(v.count) {
    error(s, resp, 400, "ValidationException", NULL,
          "%u validation error%s detected: %s", v.count,
          v.count > 1 ? "s" : "", ra_buf_str(&v.text));
    goto done;
  }

  memset(&rq, 0, sizeof(rq));
  rq.op = op;
  rq.profile = RA_SERVE_JSON;
  rq.akid = akid;
  rq.id = id;
  rq.has_feedback = json_is_string(jfb);
  rq.feedback = json_string_value(jfb);
  rq.feedback_len = json_string_length(jfb);
  rq.override_rejection = json_is_true(jover);
  ra_operation_run(s, &rq, &r);
  if(op == RA_OP_GET && r.outcome == RA_OPERATION_DONE)
    assignment_answer(s, resp, &r.assignment);
  else if(op == RA_OP_GET)
    /* Unknown and another requester's assignment answer alike, even under
     * leak-existence (which is about the state-changing operations). */
    answer_outcome(s, resp, RA_OPERATION_NO_SUCH, id, "");
  else if(!refuse_feedback(s, resp, r.verdict))
    answer_outcome(s, resp, r.outcome, id, r.expected);
  ra_operation_result_free(&r);
done:
  json_decref(coerced);
  ra_free(id);
  ra_buf_free(&v.text);
}

/* The members of each operation's input shape (closed-json-shape). */
static int in_shape(ra_op op, const char *member)
{
  if(!strcmp(member, "AssignmentId"))
    return 1;
  if(op == RA_OP_GET)
    return 0;
  if(!strcmp(member, "RequesterFeedback"))
    return 1;
  return op == RA_OP_APPROVE && !strcmp(member, "OverrideRejection");
}

static int content_type_ok(const struct ra_refserver *s, const char *ct)
{
  size_t n = strlen(RA_JSON_CONTENT_TYPE);
  if(ct && ra_refserver_defect_on(s, RA_DEFECT_EXACT_CONTENT_TYPE))
    return !strcmp(ct, RA_JSON_CONTENT_TYPE); /* parameters refused */
  if(!ct || strncasecmp(ct, RA_JSON_CONTENT_TYPE, n))
    return 0;
  ct += n;
  while(*ct == ' ' || *ct == '\t')
    ct++;
  return !*ct || *ct == ';';
}

void ra_jsonapi_handle(struct ra_refserver *s,
                       const struct ra_wire_request *req,
                       struct ra_refserver_response *resp)
{
  struct ra_sigv4_authz az;
  const char *target, *opname, *akid = NULL;
  json_error_t jerr;
  json_t *body = NULL;
  ra_role role = RA_ROLE_UNKNOWN;
  ra_op op;

  memset(&az, 0, sizeof(az));
  if(strcmp(req->method, "POST") &&
     !ra_refserver_defect_on(s, RA_DEFECT_JSON_ANY_METHOD)) {
    error(s, resp, 400, "UnknownOperationException", NULL,
          "Only POST is supported by the AWS JSON 1.1 protocol.");
    goto done;
  }
  if(!authenticate(s, req, resp, &role, &akid, &az))
    goto done;
  target = ra_headers_get(req->headers, "X-Amz-Target");
  if(target && strchr(target, '.') &&
     ra_refserver_defect_on(s, RA_DEFECT_TARGET_SUFFIX_ONLY))
    opname = strrchr(target, '.') + 1; /* the seeded bug: prefix unread */
  else if(!target || strncmp(target, RA_JSON_TARGET_PREFIX,
                             strlen(RA_JSON_TARGET_PREFIX))) {
    error(s, resp, 400, "UnknownOperationException", NULL,
          "The X-Amz-Target header is missing or names another service.");
    goto done;
  }
  else
    opname = target + strlen(RA_JSON_TARGET_PREFIX);
  if(!strcmp(opname, "RejectAssignment"))
    op = RA_OP_REJECT;
  else if(!strcmp(opname, "ApproveAssignment") &&
          !ra_refserver_variant_on(s, RA_VARIANT_REJECT_ONLY))
    op = RA_OP_APPROVE;
  else if(!strcmp(opname, "GetAssignment") &&
          !ra_refserver_variant_on(s, RA_VARIANT_REJECT_ONLY))
    op = RA_OP_GET;
  else {
    error(s, resp, 400, "UnknownOperationException", NULL,
          "Operation '%s' is not supported by this server.", opname);
    goto done;
  }
  if(!content_type_ok(s, ra_headers_get(req->headers, "Content-Type"))) {
    error(s, resp, 400, "SerializationException", NULL,
          "Content-Type must be %s.", RA_JSON_CONTENT_TYPE);
    goto done;
  }
  if(!req->body_len) {
    body = json_object(); /* an empty body is an empty input structure */
  }
  else {
    /* Duplicate members are refused; unknown members are ignored. NUL
     * (\u0000) is let through so the feedback rule can refuse it. */
    body = json_loadb(req->body, req->body_len,
                      (ra_refserver_variant_on(s,
                         RA_VARIANT_JSON_DUPLICATE_LAST) ? 0 :
                       JSON_REJECT_DUPLICATES) | JSON_ALLOW_NUL, &jerr);
    if(!body) {
      error(s, resp, 400, "SerializationException", NULL,
            "The request body could not be parsed: %s", jerr.text);
      goto done;
    }
  }
  if(!json_is_object(body)) {
    error(s, resp, 400, "SerializationException", NULL,
          "The request body must be a JSON object.");
    goto done;
  }
  if(ra_refserver_defect_on(s, RA_DEFECT_CLOSED_JSON_SHAPE)) {
    /* The seeded bug: a deserializer that fails on unknown properties. */
    void *it;
    for(it = json_object_iter(body); it;
        it = json_object_iter_next(body, it)) {
      const char *key = json_object_iter_key(it);
      if(!in_shape(op, key)) {
        error(s, resp, 400, "SerializationException", NULL,
              "Unrecognized field \"%s\" (not in the %s input shape).",
              key, opname);
        goto done;
      }
    }
  }
  run_operation(s, op, body, akid, resp);
done:
  json_decref(body);
  ra_sigv4_authz_free(&az);
}
