/* legacy-2014: REST/query (GET query string or POST form body), MTurk
 * HMAC-SHA1 or SigV1 signatures, XML answers in the three envelopes of
 * protocol-notes §1.6 (server/legacy_xml.c); the operation itself is
 * server/operation.c.
 * Order of checks: parameters (parse, duplicates, Service, Version,
 * Operation), auth (required parameters, access key, Timestamp, skew,
 * signature), operation parameters, feedback, then the store. */
#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>
#include <strings.h>

#include "core/alloc.h"
#include "proto/header.h"
#include "proto/signer.h"
#include "proto/urlenc.h"
#include "server/legacy.h"
#include "server/legacy_xml.h"
#include "server/operation.h"
#include "server/refserver_impl.h"

#define SKEW_MS (15 * 60 * 1000)
#define TIGHT_SKEW_MS (60 * 1000) /* tight-skew-window defect */
#define VARIANT_SKEW_MS (5 * 60 * 1000) /* legacy-skew-5min variant */
#define VERSION "2014-08-15"

/* Whether a success answer carries <Request>: always, unless the
 * request-element-on-request variant is on and no ResponseGroup parameter
 * (ResponseGroup or ResponseGroup.N) names Request. */
static int with_request_element(const struct ra_refserver *s,
                                const struct ra_params *params)
{
  size_t i;
  if(!ra_refserver_variant_on(s, RA_VARIANT_REQUEST_ELEMENT_ON_REQUEST))
    return 1;
  for(i = 0; i < params->count; i++) {
    const struct ra_param *p = &params->items[i];
    if(!strncmp(p->name, "ResponseGroup", 13) &&
       (!p->name[13] || p->name[13] == '.') && strstr(p->value, "Request"))
      return 1;
  }
  return 0;
}

static const char *param(const struct ra_params *p, const char *name)
{
  const struct ra_param *x = ra_params_get(p, name);
  return x ? x->value : NULL;
}

static int content_type_is_form(const char *ct)
{
  static const char form[] = "application/x-www-form-urlencoded";
  size_t n = sizeof(form) - 1;
  if(strncasecmp(ct, form, n))
    return 0;
  ct += n;
  while(*ct == ' ')
    ct++;
  return !*ct || *ct == ';';
}

/* The upper-hex-only defect: a decoder that only knows "%[0-9A-F]{2}". */
static int has_lower_hex_escape(const char *bytes, size_t len)
{
  size_t i;
  for(i = 0; i + 2 < len; i++) {
    if(bytes[i] == '%' && isxdigit((unsigned char)bytes[i + 1]) &&
       isxdigit((unsigned char)bytes[i + 2]) &&
       (islower((unsigned char)bytes[i + 1]) ||
        islower((unsigned char)bytes[i + 2])))
      return 1;
  }
  return 0;
}

/* The duplicate variants: keep only the first (or last) value of each
 * name, in order. */
static void keep_one_of_each(struct ra_params *params, int keep_first)
{
  struct ra_params kept;
  size_t i, j;
  ra_params_init(&kept);
  for(i = 0; i < params->count; i++) {
    int other = 0;
    if(keep_first) {
      for(j = 0; j < i && !other; j++)
        other = !strcmp(params->items[i].name, params->items[j].name);
    }
    else {
      for(j = i + 1; j < params->count && !other; j++)
        other = !strcmp(params->items[i].name, params->items[j].name);
    }
    if(!other)
      ra_params_add(&kept, params->items[i].name, params->items[i].value,
                    params->items[i].value_len);
  }
  ra_params_free(params);
  *params = kept;
}

/* Parses query and form body into params; answers and returns 0 on error. */
static int gather_params(const struct ra_refserver *s,
                         const struct ra_wire_request *req,
                         struct ra_params *params,
                         struct ra_refserver_response *resp)
{
  const char *q = strchr(req->target, '?');
  const char *ct = ra_headers_get(req->headers, "Content-Type");
  /* plus-not-space: the form rule ('+' is a space) is forgotten */
  ra_urlenc_mode mode = ra_refserver_defect_on(s, RA_DEFECT_PLUS_NOT_SPACE) ?
                        RA_URLENC_STRICT : RA_URLENC_FORM;
  ra_code result = RA_OK;
  size_t i, j;

  if(ra_refserver_defect_on(s, RA_DEFECT_UPPER_HEX_ONLY) &&
     ((q && has_lower_hex_escape(q + 1, strlen(q + 1))) ||
      has_lower_hex_escape(req->body, req->body_len)))
    result = RA_E_PARSE;
  if(q && !result)
    result = ra_urlenc_parse_query(params, q + 1, strlen(q + 1),
                                   mode, RA_REFSERVER_PARAMS_MAX);
  /* form-body-ignored-with-query: "query string, else body" */
  if(!result && req->body_len &&
     !(q && ra_refserver_defect_on(s,
                                   RA_DEFECT_FORM_BODY_IGNORED_WITH_QUERY))) {
    struct ra_params body;
    if(ct && !content_type_is_form(ct)) {
      ra_legacy_front_door(resp, 400, "InvalidParameterValue",
                 "Content-Type must be application/x-www-form-urlencoded.");
      return 0;
    }
    ra_params_init(&body);
    result = ra_urlenc_parse_query(&body, req->body, req->body_len,
                                   mode, RA_REFSERVER_PARAMS_MAX);
    for(i = 0; !result && i < body.count; i++) {
      if(params->count >= RA_REFSERVER_PARAMS_MAX)
        result = RA_E_TOO_LARGE;
      else
        ra_params_add(params, body.items[i].name, body.items[i].value,
                      body.items[i].value_len);
    }
    ra_params_free(&body);
  }
  if(result == RA_E_TOO_LARGE) {
    ra_legacy_front_door(resp, 400, "InvalidParameterValue",
               "Too many parameters.");
    return 0;
  }
  if(result) {
    ra_legacy_front_door(resp, 400, "InvalidParameterValue",
               "The request parameters could not be decoded.");
    return 0;
  }
  if(ra_refserver_variant_on(s, RA_VARIANT_LEGACY_DUPLICATE_FIRST) ||
     ra_refserver_variant_on(s, RA_VARIANT_LEGACY_DUPLICATE_LAST)) {
    keep_one_of_each(params, ra_refserver_variant_on(
                       s, RA_VARIANT_LEGACY_DUPLICATE_FIRST));
    return 1;
  }
  for(i = 0; i < params->count; i++) {
    for(j = i + 1; j < params->count; j++) {
      if(!strcmp(params->items[i].name, params->items[j].name) &&
         !(ra_refserver_defect_on(s, RA_DEFECT_DUPLICATE_FEEDBACK_SPLIT) &&
           !strcmp(params->items[i].name, "RequesterFeedback"))) {
        struct ra_buf m;
        ra_buf_init(&m, RA_BUF_UNLIMITED);
        ra_buf_putf(&m, "Parameter %s is specified more than once.",
                          params->items[i].name);
        ra_legacy_front_door(resp, 400, "InvalidParameterValue", ra_buf_str(&m));
        ra_buf_free(&m);
        return 0;
      }
    }
  }
  return 1;
}

/* The parameters this server reads. The refuse-unknown-params defect takes
 * it for the allow-list and forgets the common ones it ignores
 * (ResponseGroup, Validate). */
static int read_param(const char *name)
{
  static const char *const names[] = {
    "Service", "Version", "Operation", "AWSAccessKeyId", "Timestamp",
    "Signature", "SignatureVersion", "AssignmentId", "RequesterFeedback",
    NULL
  };
  size_t i;
  for(i = 0; names[i]; i++) {
    if(!strcmp(names[i], name))
      return 1;
  }
  return 0;
}

static int known_operation(const struct ra_refserver *s, const char *op)
{
  if(ra_refserver_variant_on(s, RA_VARIANT_REJECT_ONLY))
    return !strcmp(op, "RejectAssignment");
  return !strcmp(op, "RejectAssignment") ||
         !strcmp(op, "ApproveAssignment") ||
         !strcmp(op, "ApproveRejectedAssignment") ||
         !strcmp(op, "GetAssignment");
}

/* The sigv1-case-sensitive-sort defect: the SigV1 string with parameter
 * names sorted byte-wise (strcmp) instead of case-insensitively. */
static void sigv1_bytewise(struct ra_buf *sts, char out[RA_SIG_SHA1_B64_SIZE],
                           const char *secret, const struct ra_params *params)
{
  size_t *order = ra_malloc((params->count + 1) * sizeof(*order));
  size_t n = 0;
  size_t i, j;
  for(i = 0; i < params->count; i++) {
    if(!strcmp(params->items[i].name, "Signature"))
      continue;
    for(j = n; j > 0 && strcmp(params->items[order[j - 1]].name,
                               params->items[i].name) > 0; j--)
      order[j] = order[j - 1];
    order[j] = i;
    n++;
  }
  for(i = 0; i < n; i++) {
    ra_buf_puts(sts, params->items[order[i]].name);
    ra_buf_put(sts, params->items[order[i]].value,
                     params->items[order[i]].value_len);
  }
  ra_buf_put(sts, "", 0);
  ra_signer_hmac_sha1_b64(out, secret, strlen(secret), ra_buf_str(sts),
                          sts->len);
  ra_free(order);
}

/* Returns the caller's access key (borrowed) or NULL after answering. */
static const char *authenticate(struct ra_refserver *s,
                                const struct ra_params *params,
                                const char *op, const char *sign_service,
                                const char *sign_op,
                                struct ra_refserver_response *resp)
{
  const char *akid = param(params, "AWSAccessKeyId");
  const char *ts = param(params, "Timestamp");
  const char *sig = param(params, "Signature");
  const char *sv = param(params, "SignatureVersion");
  const char *secret;
  int unsigned_ok = ra_refserver_defect_on(s,
                                           RA_DEFECT_ACCEPT_MISSING_SIGNATURE);
  int64_t skew = ra_refserver_defect_on(s, RA_DEFECT_TIGHT_SKEW_WINDOW) ?
                 TIGHT_SKEW_MS :
                 ra_refserver_variant_on(s, RA_VARIANT_LEGACY_SKEW_5MIN) ?
                 VARIANT_SKEW_MS : SKEW_MS;
  char expected[RA_SIG_SHA1_B64_SIZE];
  struct ra_buf sts;
  int64_t t, now;
  char nowtxt[21];
  char *msg;

  if((!ts || !*ts) && ra_refserver_defect_on(s, RA_DEFECT_MISSING_DATE_500)) {
    /* The seeded bug: the parser dereferences the missing Timestamp and
     * the crash guard answers 500. */
    ra_legacy_front_door(resp, 500, "InternalError",
               "We encountered an internal error. Please try again.");
    return NULL;
  }
  if(!akid || !*akid || !ts || !*ts || ((!sig || !*sig) && !unsigned_ok)) {
    msg = ra_legacy_xml_stamped(s, "Your request is missing required "
                                "parameters. Required parameters include "
                                "%s.", !akid || !*akid ? "AWSAccessKeyId" :
                                !ts || !*ts ? "Timestamp" : "Signature");
    ra_legacy_xml_auth_error(resp, op, "AWS.MissingParameters", msg, NULL, 0);
    ra_free(msg);
    return NULL;
  }
  secret = ra_refserver_secret(s, akid, NULL);
  if(!secret) {
    if(ra_refserver_defect_on(s, RA_DEFECT_UNKNOWN_KEY_ACCEPTED))
      return s->keys.owner.access_key_id;
    msg = ra_legacy_xml_stamped(s, "The identity contained in the request "
                                "is not authorized to use this "
                                "AWSAccessKeyId");
    ra_legacy_xml_auth_error(resp, op, "AWS.NotAuthorized", msg, NULL, 0);
    ra_free(msg);
    return NULL;
  }
  if(sv && strcmp(sv, "0") &&
     (strcmp(sv, "1") || ra_refserver_defect_on(s, RA_DEFECT_NO_SIGV1))) {
    ra_legacy_front_door(resp, 400, "InvalidParameterValue",
               "Value for parameter SignatureVersion is invalid: only 0 "
               "(MTurk) and 1 are supported.");
    return NULL;
  }
  if(ra_clock_parse_iso8601(ts, &t) || strchr(ts, 'T') == NULL ||
     strlen(ts) == 16 ||
     (ra_refserver_defect_on(s, RA_DEFECT_TIMESTAMP_SECONDS_ONLY) &&
      (strlen(ts) != 20 || ts[19] != 'Z'))) {
    struct ra_buf m;
    ra_buf_init(&m, RA_BUF_UNLIMITED);
    ra_buf_puts(&m, "Value (");
    ra_buf_puts(&m, ts);
    ra_buf_puts(&m, ") for parameter Timestamp is invalid. Must be "
                      "an xs:dateTime, such as 2005-01-31T23:59:59Z.");
    ra_legacy_front_door(resp, 400, "InvalidParameterValue", ra_buf_str(&m));
    ra_buf_free(&m);
    return NULL;
  }
  now = ra_refserver_now(s);
  ra_clock_format_iso8601(now, nowtxt);
  if(!ra_refserver_defect_on(s, RA_DEFECT_NO_SKEW_CHECK) &&
     (t < now - skew ||
      (t > now + skew &&
       !ra_refserver_defect_on(s, RA_DEFECT_FUTURE_TIMESTAMP_ACCEPTED)))) {
    struct ra_buf m;
    ra_buf_init(&m, RA_BUF_UNLIMITED);
    ra_buf_putf(&m, "Request has expired. Timestamp date is %s", ts);
    if(ra_refserver_variant_on(s, RA_VARIANT_EXPIRED_IN_OPERATION))
      ra_legacy_xml_auth_error(resp, op, "RequestExpired", ra_buf_str(&m),
                               NULL, 0);
    else
      ra_legacy_front_door(resp, 400, "RequestExpired", ra_buf_str(&m));
    ra_buf_free(&m);
    return NULL;
  }
  if(!sig || !*sig)
    return akid; /* accept-missing-signature: nothing to compare */
  ra_buf_init(&sts, RA_BUF_UNLIMITED);
  if(sv && !strcmp(sv, "1") &&
     ra_refserver_defect_on(s, RA_DEFECT_SIGV1_CASE_SENSITIVE_SORT))
    sigv1_bytewise(&sts, expected, secret, params);
  else if(sv && !strcmp(sv, "1")) {
    (void)ra_signer_sigv1_string(&sts, params);
    (void)ra_signer_sigv1(expected, secret, params);
  }
  else {
    (void)ra_signer_mturk_string(&sts, sign_service, sign_op, ts);
    (void)ra_signer_mturk(expected, secret, sign_service, sign_op, ts);
  }
  if(!ra_refserver_signature_equal(s, expected, sig, 1) &&
     !ra_refserver_defect_on(s, RA_DEFECT_NO_SIGNATURE_CHECK)) {
    struct ra_legacy_kv data[2];
    msg = ra_legacy_xml_stamped(s, "The specified claims are invalid.   "
                                "Based on your request, your signature "
                                "should be generated using the following "
                                "string: %s.  Check to make sure your system "
                                "clock and timezone is not incorrect.  Our "
                                "current system time: %s.", ra_buf_str(&sts),
                                nowtxt);
    data[0].key = "StringToSign";
    data[0].value = ra_buf_str(&sts);
    data[1].key = "SystemTime";
    data[1].value = nowtxt;
    ra_legacy_xml_auth_error(resp, op,
                             ra_refserver_variant_on(
                               s, RA_VARIANT_BAD_SECRET_NOT_AUTHORIZED) ?
                             "AWS.NotAuthorized" : "AWS.BadClaimsSupplied",
                             msg, data, 2);
    ra_free(msg);
    ra_buf_free(&sts);
    return NULL;
  }
  ra_buf_free(&sts);
  return akid;
}

/* The answer to an operation's outcome other than a refused feedback. */
static void answer_outcome(struct ra_refserver *s,
                           struct ra_refserver_response *resp,
                           const char *op, ra_operation_outcome outcome,
                           const char *id, ra_assign_status current,
                           const char *expected, int with_request)
{
  struct ra_legacy_kv data[3];
  char *msg;
  switch(outcome) {
  case RA_OPERATION_DONE:
    if(ra_refserver_defect_on(s, RA_DEFECT_LEGACY_BARE_RESULT) &&
       !strcmp(op, "RejectAssignment")) {
      /* The seeded bug: the RA page's sample answer copied verbatim. */
      struct ra_buf b;
      ra_buf_init(&b, RA_BUF_UNLIMITED);
      ra_buf_puts(&b, RA_LEGACY_XML_DECL "<RejectAssignmentResult>"
                        "<Request><IsValid>True</IsValid></Request>"
                        "</RejectAssignmentResult>");
      ra_legacy_xml_send(resp, 200, &b);
      return;
    }
    ra_legacy_xml_success(resp, op, NULL, with_request);
    return;
  case RA_OPERATION_NOT_OWNER:
    if(ra_refserver_defect_on(s, RA_DEFECT_LEAK_EXISTENCE)) {
      msg = ra_legacy_xml_stamped(s, "This user is not authorized to "
                                  "perform the requested operation.");
      ra_legacy_xml_op_error(s, resp, op,
                             "AWS.MechanicalTurk.PermissionDenied", msg,
                             NULL, 0);
      ra_free(msg);
      return;
    }
    /* Another requester's assignment answers exactly like a nonexistent
     * one. */
    /* fall through */
  case RA_OPERATION_NO_SUCH:
    if(ra_refserver_defect_on(s, RA_DEFECT_XML_UNESCAPED_ECHO)) {
      /* The seeded bug: the ID pasted into the XML as it came. */
      struct ra_buf b;
      char rid[37];
      ra_refserver_request_id(rid);
      ra_buf_init(&b, RA_BUF_UNLIMITED);
      ra_buf_putf(&b, RA_LEGACY_XML_DECL "<%sResponse><OperationRequest>"
                        "<RequestId>%s</RequestId></OperationRequest><%s"
                        "Result><Request><IsValid>False</IsValid><Errors>"
                        "<Error><Code>AWS.MechanicalTurk."
                        "AssignmentDoesNotExist</Code><Message>Assignment "
                        "%s does not exist. (%" PRId64 " s)</Message><Data>"
                        "<Key>AssignmentId</Key><Value>%s</Value></Data>"
                        "</Error></Errors></Request></%sResult></%s"
                        "Response>", op, rid, op, id, ra_refserver_now(s),
                        id, op, op);
      ra_legacy_xml_send(resp, 200, &b);
      return;
    }
    msg = ra_legacy_xml_stamped(s, "Assignment %s does not exist.", id);
    data[0].key = "AssignmentId";
    data[0].value = id;
    ra_legacy_xml_op_error(s, resp, op,
                           "AWS.MechanicalTurk.AssignmentDoesNotExist", msg,
                           data, 1);
    ra_free(msg);
    return;
  case RA_OPERATION_FEEDBACK_REFUSED:
    return; /* refuse_feedback's answer */
  case RA_OPERATION_BAD_STATE:
    msg = ra_legacy_xml_stamped(s, "This operation can be called with a "
                                "status of: %s", expected);
    data[0].key = "AssignmentId";
    data[0].value = id;
    data[1].key = "CurrentState";
    data[1].value = ra_assign_status_name(current);
    data[2].key = "ExpectedStates";
    data[2].value = expected;
    ra_legacy_xml_op_error(s, resp, op,
                           "AWS.MechanicalTurk.InvalidAssignmentState", msg,
                           data, 3);
    ra_free(msg);
    return;
  }
}

static void refuse_feedback(struct ra_refserver *s,
                            struct ra_refserver_response *resp,
                            const char *op, ra_feedback_verdict v)
{
  struct ra_legacy_kv data[1];
  char *msg;
  if(v == RA_FEEDBACK_TOO_LONG &&
     ra_refserver_defect_on(s, RA_DEFECT_FEEDBACK_TOO_LONG_500)) {
    /* The seeded bug: no length rule; the store's column refuses it. */
    msg = ra_legacy_xml_stamped(s, "There was an error with this request. "
                                "(System error code: 1001)");
    ra_legacy_xml_op_error(s, resp, op, "AWS.ServiceUnavailable", msg,
                           NULL, 0);
    ra_free(msg);
    return;
  }
  if(v == RA_FEEDBACK_TOO_LONG)
    msg = ra_legacy_xml_stamped(s, "The value for RequesterFeedback is "
                                "invalid: it can be up to %d characters "
                                "(including multi-byte characters).",
                                RA_FEEDBACK_MAX_CHARS);
  else if(v == RA_FEEDBACK_CONTROL_CHAR)
    msg = ra_legacy_xml_stamped(s, "The value for RequesterFeedback is "
                                "invalid: it cannot contain ASCII "
                                "characters 0-8, 11, 12, or 14-31.");
  else
    msg = ra_legacy_xml_stamped(s, "The value for RequesterFeedback is "
                                "invalid: it is not valid UTF-8.");
  data[0].key = "RequesterFeedback";
  data[0].value = "(not echoed)";
  ra_legacy_xml_op_error(s, resp, op, v == RA_FEEDBACK_TOO_LONG &&
                         ra_refserver_variant_on(
                           s, RA_VARIANT_FEEDBACK_OUT_OF_RANGE) ?
                         "AWS.ParameterOutOfRange" :
                         "AWS.MechanicalTurk.InvalidParameterValue", msg,
                         data, 1);
  ra_free(msg);
}

/* GetAssignment's success answer. */
static void assignment_answer(struct ra_refserver_response *resp,
                              const struct ra_assignment_view *av)
{
  struct ra_buf x;
  ra_buf_init(&x, RA_BUF_UNLIMITED);
  ra_buf_puts(&x, "<Assignment><AssignmentId>");
  ra_legacy_xml_texts(&x, av->id);
  ra_buf_putf(&x, "</AssignmentId><AssignmentStatus>%s"
                    "</AssignmentStatus>", ra_assign_status_name(av->status));
  if(av->has_feedback) {
    ra_buf_puts(&x, "<RequesterFeedback>");
    ra_legacy_xml_text(&x, av->feedback, av->feedback_len);
    ra_buf_puts(&x, "</RequesterFeedback>");
  }
  ra_buf_puts(&x, "</Assignment>");
  ra_legacy_xml_success(resp, "GetAssignment", ra_buf_str(&x), 1);
  ra_buf_free(&x);
}

/* The feedback handler's own (wrong) decoding of the already decoded
 * value: plus-after-decode turns every '+' into a space (so an encoded %2B
 * is lost), double-decode percent-decodes once more, leaving a '%' without
 * two hex digits as it is (like PHP's urldecode). */
static void misdecode_feedback(const struct ra_refserver *s,
                               struct ra_buf *out, const char *fb, size_t len)
{
  size_t i;
  for(i = 0; i < len; i++) {
    char c = fb[i];
    if(c == '+' && ra_refserver_defect_on(s, RA_DEFECT_PLUS_AFTER_DECODE))
      c = ' ';
    else if(c == '%' && i + 2 < len &&
            isxdigit((unsigned char)fb[i + 1]) &&
            isxdigit((unsigned char)fb[i + 2]) &&
            ra_refserver_defect_on(s, RA_DEFECT_DOUBLE_DECODE)) {
      (void)ra_urlenc_decode(out, fb + i, 3, RA_URLENC_STRICT);
      i += 2;
      continue;
    }
    ra_buf_putc(out, c);
  }
  if(!len)
    ra_buf_put(out, "", 0);
}

static ra_op op_of(const char *op)
{
  if(!strcmp(op, "RejectAssignment"))
    return RA_OP_REJECT;
  if(!strcmp(op, "ApproveAssignment"))
    return RA_OP_APPROVE;
  if(!strcmp(op, "ApproveRejectedAssignment"))
    return RA_OP_APPROVE_REJECTED;
  return RA_OP_GET;
}

/* The RequesterFeedback value as this front door hands it to the core:
 * after the feedback handler's own decoding defects, and with the last of
 * repeated values to store under duplicate-feedback-split. */
static void feedback_of(const struct ra_refserver *s,
                        const struct ra_params *params,
                        const struct ra_param *pfb, struct ra_buf *redecoded,
                        struct ra_operation_request *rq)
{
  size_t i;
  rq->has_feedback = 1;
  rq->feedback = pfb->value;
  rq->feedback_len = pfb->value_len;
  if(ra_refserver_defect_on(s, RA_DEFECT_PLUS_AFTER_DECODE) ||
     ra_refserver_defect_on(s, RA_DEFECT_DOUBLE_DECODE)) {
    misdecode_feedback(s, redecoded, pfb->value, pfb->value_len);
    rq->feedback = ra_buf_str(redecoded);
    rq->feedback_len = redecoded->len;
  }
  if(ra_refserver_defect_on(s, RA_DEFECT_DUPLICATE_FEEDBACK_SPLIT)) {
    for(i = 0; i < params->count; i++) {
      if(!strcmp(params->items[i].name, "RequesterFeedback"))
        pfb = &params->items[i];
    }
    rq->store_instead = pfb->value;
    rq->store_instead_len = pfb->value_len;
  }
}

static void run_operation(struct ra_refserver *s,
                          const struct ra_params *params, const char *op,
                          const char *akid,
                          struct ra_refserver_response *resp)
{
  const struct ra_param *pid = ra_params_get(params, "AssignmentId");
  const struct ra_param *pfb = ra_params_get(params, "RequesterFeedback");
  struct ra_operation_request rq;
  struct ra_operation_result r;
  struct ra_buf redecoded;
  char *id = NULL;
  size_t i;

  ra_buf_init(&redecoded, RA_BUF_UNLIMITED);
  if(!pid || !pid->value_len) {
    char *msg;
    if(ra_refserver_defect_on(s, RA_DEFECT_MISSING_PARAM_500)) {
      ra_legacy_front_door(resp, 500, "InternalError",
                 "We encountered an internal error. Please try again.");
      goto done;
    }
    msg = ra_legacy_xml_stamped(s, "Your request is missing required "
                                "parameters. Required parameters include "
                                "AssignmentId.");
    ra_legacy_xml_op_error(s, resp, op, "AWS.MissingParameters", msg, NULL, 0);
    ra_free(msg);
    goto done;
  }
  if(memchr(pid->value, '\0', pid->value_len)) {
    /* No ID holds a NUL byte; looking up the bytes before it would act on
     * another assignment (C-string truncation). */
    char *msg = ra_legacy_xml_stamped(s, "The value for AssignmentId is "
                                      "invalid.");
    ra_legacy_xml_op_error(s, resp, op,
                           "AWS.MechanicalTurk.InvalidParameterValue", msg,
                           NULL, 0);
    ra_free(msg);
    goto done;
  }
  /* Observed: the service upper-cases the ID ("alpha" -> "ALPHA"). */
  id = ra_strndup(pid->value, pid->value_len);
  if(!ra_refserver_defect_on(s, RA_DEFECT_LEGACY_CASE_SENSITIVE_ID)) {
    for(i = 0; id[i]; i++)
      id[i] = (char)toupper((unsigned char)id[i]);
  }
  memset(&rq, 0, sizeof(rq));
  rq.op = op_of(op);
  rq.profile = RA_SERVE_LEGACY;
  rq.akid = akid;
  rq.id = id;
  if(pfb && rq.op != RA_OP_GET)
    feedback_of(s, params, pfb, &redecoded, &rq);
  ra_operation_run(s, &rq, &r);
  if(r.outcome == RA_OPERATION_FEEDBACK_REFUSED)
    refuse_feedback(s, resp, op, r.verdict);
  else if(rq.op == RA_OP_GET && r.outcome == RA_OPERATION_DONE)
    assignment_answer(resp, &r.assignment);
  else
    answer_outcome(s, resp, op, r.outcome, id, r.current, r.expected,
                   rq.op == RA_OP_GET || with_request_element(s, params));
  ra_operation_result_free(&r);
done:
  ra_free(id);
  ra_buf_free(&redecoded);
}

/* The state-before-auth defect: the assignment is looked up (existence,
 * state) before the caller is authenticated. Returns 1 after answering. */
static int lookup_before_auth(struct ra_refserver *s,
                              const struct ra_params *params, const char *op,
                              struct ra_refserver_response *resp)
{
  const char *raw = param(params, "AssignmentId");
  ra_assign_status current = RA_ASSIGN_SUBMITTED;
  ra_operation_outcome outcome;
  char *id;
  size_t i;
  if(!raw || !*raw || strcmp(op, "RejectAssignment"))
    return 0;
  id = ra_strdup(raw);
  for(i = 0; id[i]; i++)
    id[i] = (char)toupper((unsigned char)id[i]);
  outcome = ra_operation_peek(s, id, &current);
  if(outcome != RA_OPERATION_DONE)
    answer_outcome(s, resp, op, outcome, id, current, "Submitted", 1);
  ra_free(id);
  return outcome != RA_OPERATION_DONE;
}

void ra_legacy_handle(struct ra_refserver *s,
                      const struct ra_wire_request *req,
                      struct ra_refserver_response *resp)
{
  struct ra_params params;
  const char *service, *version, *op, *sign_op, *akid;

  ra_params_init(&params);
  if(strcmp(req->method, "GET") && strcmp(req->method, "POST")) {
    ra_legacy_front_door(resp, 405, "InvalidHttpRequest",
               "Only GET and POST are supported.");
    goto done;
  }
  if(strcmp(req->method, "GET") &&
     ra_refserver_defect_on(s, RA_DEFECT_LEGACY_GET_ONLY)) {
    /* The seeded bug: a front end written for query strings only. */
    ra_legacy_front_door(resp, 405, "InvalidHttpRequest",
               "Only GET is supported.");
    goto done;
  }
  if(!gather_params(s, req, &params, resp))
    goto done;
  if(ra_refserver_defect_on(s, RA_DEFECT_REFUSE_UNKNOWN_PARAMS)) {
    size_t i;
    for(i = 0; i < params.count; i++) {
      if(!read_param(params.items[i].name)) {
        struct ra_buf m;
        ra_buf_init(&m, RA_BUF_UNLIMITED);
        ra_buf_putf(&m, "Parameter %s is not recognized.",
                          params.items[i].name);
        ra_legacy_front_door(resp, 400, "InvalidParameterValue",
                             ra_buf_str(&m));
        ra_buf_free(&m);
        goto done;
      }
    }
  }
  service = param(&params, "Service");
  version = param(&params, "Version");
  op = param(&params, "Operation");
  if(!op && ra_refserver_variant_on(s, RA_VARIANT_LEGACY_ACTION_ALIAS))
    op = param(&params, "Action");
  if(!service && ra_refserver_variant_on(s, RA_VARIANT_SERVICE_REQUIRED)) {
    ra_legacy_front_door(resp, 400, "AWS.MissingParameters",
               "Your request is missing required parameters. Required "
               "parameters include Service.");
    goto done;
  }
  if(service && strcmp(service, RA_MTURK_SERVICE) &&
     !ra_refserver_defect_on(s, RA_DEFECT_IGNORE_SERVICE)) {
    ra_legacy_front_door(resp, 400, "InvalidParameterValue",
               "Value for parameter Service is invalid: expected "
               RA_MTURK_SERVICE ".");
    goto done;
  }
  if(!version && ra_refserver_defect_on(s, RA_DEFECT_REQUIRE_VERSION)) {
    /* The seeded bug: Version treated as required, not "the latest". */
    ra_legacy_front_door(resp, 400, "AWS.MissingParameters",
               "Your request is missing required parameters. Required "
               "parameters include Version.");
    goto done;
  }
  if(version && strcmp(version, VERSION) &&
     !ra_refserver_defect_on(s, RA_DEFECT_IGNORE_VERSION)) {
    ra_legacy_front_door(resp, 400, "NoSuchVersion",
               "The requested version of AWSMechanicalTurkRequester does "
               "not exist: this server implements " VERSION ".");
    goto done;
  }
  sign_op = op;
  if(ra_refserver_defect_on(s, RA_DEFECT_DEFAULT_OPERATION) &&
     (!op || !known_operation(s, op))) {
    /* The seeded bug: a dispatch whose default branch is the reject. The
     * signature is still checked over the Operation sent. */
    sign_op = op ? op : "";
    op = "RejectAssignment";
  }
  if(!op || !*op) {
    ra_legacy_front_door(resp, 400, "AWS.MissingParameters",
               "Your request is missing required parameters. Required "
               "parameters include Operation.");
    goto done;
  }
  if(!known_operation(s, op)) {
    ra_legacy_front_door(resp, 400, "InvalidAction",
               "The operation requested is not supported by this server.");
    goto done;
  }
  if(ra_refserver_defect_on(s, RA_DEFECT_STATE_BEFORE_AUTH) &&
     lookup_before_auth(s, &params, op, resp))
    goto done;
  akid = authenticate(s, &params, op,
                      ra_refserver_defect_on(s, RA_DEFECT_IGNORE_SERVICE) ?
                      service : NULL, sign_op, resp);
  if(!akid) {
    if(resp->status == 200 &&
       ra_refserver_defect_on(s, RA_DEFECT_LEGACY_AUTH_ERROR_403))
      resp->status = 403; /* the seeded bug: auth errors as HTTP 403 */
    goto done;
  }
  run_operation(s, &params, op, akid, resp);
done:
  ra_params_free(&params);
}
