/* The client-conformance scenario table (see scenario.h). Scripted answers
 * name a recorded fixture of vectors/responses/ where one fits; the inline
 * status/body is what the fixture holds, used only when the fixture
 * directory is not installed next to the binary. */
#include "client/scenario.h"

#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"

#define PASS_ANSWER {RA_CC_ANSWER_PASS, NULL, 0, NULL, NULL, 0}
#define SLOW_PASS_ANSWER {RA_CC_ANSWER_PASS, NULL, 0, NULL, NULL, 1500}

#define JSON_CT "application/x-amz-json-1.1"
#define XML_CT "text/xml"

/* json-2017 answers (notes §2.4) */
#define J_INVALID_STATE                                                      \
  {RA_CC_ANSWER_SCRIPT, "json-request-error-invalid-state", 400, JSON_CT,      \
   "{\"__type\":\"RequestError\",\"Message\":\"This operation can be "      \
   "called with a status of: Submitted (1624047673908)\",\"TurkErrorCode\":" \
   "\"AWS.MechanicalTurk.InvalidAssignmentState\"}", 0}
#define J_DOES_NOT_EXIST                                                     \
  {RA_CC_ANSWER_SCRIPT, NULL, 400, JSON_CT,     \
   "{\"__type\":\"RequestError\",\"Message\":\"Assignment "                 \
   "3EXAMPLEASSIGNMENTID does not exist. (1624047673969 s)\","              \
   "\"TurkErrorCode\":\"AWS.MechanicalTurk.AssignmentDoesNotExist\"}", 0}
#define J_VALIDATION                                                         \
  {RA_CC_ANSWER_SCRIPT, "json-validation-lowercase-message", 400, JSON_CT,          \
   "{\"__type\":\"ValidationException\",\"message\":\"1 validation error "  \
   "detected: Value null at 'requesterFeedback' failed to satisfy "         \
   "constraint: Member must not be null\"}", 0}
#define J_BAD_SIGNATURE                                                      \
  {RA_CC_ANSWER_SCRIPT, "json-invalid-signature", 400, JSON_CT,             \
   "{\"__type\":\"InvalidSignatureException\",\"message\":\"The request "   \
   "signature we calculated does not match the signature you provided. "    \
   "Check your AWS Secret Access Key and signing method.\"}", 0}
#define J_THROTTLED                                                          \
  {RA_CC_ANSWER_SCRIPT, "json-throttling-400", 400, JSON_CT,                    \
   "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}", 0}
#define J_UNAVAILABLE                                                        \
  {RA_CC_ANSWER_SCRIPT, "json-error-html-503-proxy", 503, "text/html",       \
   "<!DOCTYPE html>\n<html><head><title>503 Service Temporarily "          \
   "Unavailable</title></head></html>\n", 0}
#define J_TRUNCATED                                                          \
  {RA_CC_ANSWER_SCRIPT, "json-malformed-2xx-truncated", 200, JSON_CT,                 \
   "{\"Extra\":", 0}

/* legacy-2014 answers (notes §1.5, §1.6) */
#define L_INVALID_STATE                                                      \
  {RA_CC_ANSWER_SCRIPT, "legacy-result-invalid-state-duplicated-data", 200, XML_CT,     \
   "<?xml version=\"1.0\"?>\n<RejectAssignmentResponse><OperationRequest>"  \
   "<RequestId>6f2a0b1e-3c4d-4e5f-8a9b-0c1d2e3f4a5b</RequestId>"            \
   "</OperationRequest><RejectAssignmentResult><Request><IsValid>False"     \
   "</IsValid><Errors><Error><Code>AWS.MechanicalTurk.InvalidAssignmentState"\
   "</Code><Message>This operation can be called with a status of: "        \
   "Submitted (1373477231604 s)</Message><Data><Key>CurrentState</Key>"     \
   "<Value>Approved</Value></Data></Error></Errors></Request>"               \
   "</RejectAssignmentResult></RejectAssignmentResponse>", 0}
#define L_DOES_NOT_EXIST                                                     \
  {RA_CC_ANSWER_SCRIPT, "legacy-result-reject-does-not-exist", 200, XML_CT,    \
   "<?xml version=\"1.0\"?>\n<RejectAssignmentResponse><OperationRequest>"  \
   "<RequestId>d33692e5-0000-4000-8000-000000000001</RequestId>"            \
   "</OperationRequest><RejectAssignmentResult><Request><IsValid>False"     \
   "</IsValid><Errors><Error><Code>AWS.MechanicalTurk.AssignmentDoesNotExist"\
   "</Code><Message>Assignment 3EXAMPLEASSIGNMENTID does not exist. "       \
   "(1447745775170 s)</Message><Data><Key>AssignmentId</Key><Value>"        \
   "3EXAMPLEASSIGNMENTID</Value></Data></Error></Errors></Request>"         \
   "</RejectAssignmentResult></RejectAssignmentResponse>", 0}
#define L_MISSING_PARAMETERS                                                 \
  {RA_CC_ANSWER_SCRIPT, "legacy-result-missing-parameters-pretty-crlf", 200,\
   XML_CT,                                                                   \
   "<?xml version=\"1.0\"?>\n<RejectAssignmentResponse><OperationRequest>"  \
   "<RequestId>0b7c4d2a-0000-4000-8000-000000000002</RequestId>"            \
   "</OperationRequest><RejectAssignmentResult><Request><IsValid>False"     \
   "</IsValid><Errors><Error><Code>AWS.MissingParameters</Code><Message>"   \
   "Your request is missing required parameters. (1399076300389)</Message>" \
   "</Error></Errors></Request></RejectAssignmentResult>"                   \
   "</RejectAssignmentResponse>", 0}
#define L_BAD_CLAIMS                                                         \
  {RA_CC_ANSWER_SCRIPT, "legacy-operation-bad-claims", 200, XML_CT,          \
   "<?xml version=\"1.0\"?>\n<RejectAssignmentResponse><OperationRequest>"  \
   "<RequestId>5c1e7f3a-0000-4000-8000-000000000003</RequestId><Errors>"    \
   "<Error><Code>AWS.BadClaimsSupplied</Code><Message>The specified claims "\
   "are invalid.</Message></Error></Errors></OperationRequest>"             \
   "</RejectAssignmentResponse>", 0}
#define L_UNAVAILABLE                                                        \
  {RA_CC_ANSWER_SCRIPT, "legacy-front-door-throttled-503", 503, XML_CT,      \
   "<?xml version=\"1.0\"?>\n<Response><Errors><Error><Code>"               \
   "ServiceUnavailable</Code><Message>Service Unavailable</Message>"        \
   "</Error></Errors><RequestID>8e2d6b4c-0000-4000-8000-000000000004"       \
   "</RequestID></Response>", 0}
#define L_TRUNCATED                                                          \
  {RA_CC_ANSWER_SCRIPT, "legacy-malformed-truncated", 200, XML_CT,                \
   "<?xml version=\"1.0\"?>\n<RejectAssignmentResponse><OperationRequest>"  \
   "<RequestId>6f2a0b1e-3c4d", 0}

#define HTML_200(fixture)                                                    \
  {RA_CC_ANSWER_SCRIPT, fixture, 200, "text/html",                          \
   "<html><head><title>Welcome</title></head><body><h1>It works!</h1>"      \
   "<p>This page is served by a proxy, not by MTurk.</p></body></html>\n", 0}

#define GIVE_UP_TIMEOUT_S 150

static const struct ra_cc_scenario scenarios[] = {
  {"success", "plain success", RA_CC_BOTH, RA_CC_FEEDBACK_PLAIN,
   RA_CC_EXPECT_OK, 1, 1, RA_CC_RETRY_NONE, 0,
   "doc: RejectAssignment of a Submitted assignment succeeds (notes 1.5, 2.3)",
   {{PASS_ANSWER}, 1, NULL, NULL}, {{PASS_ANSWER}, 1, NULL, NULL}},
  {"unicode-feedback", "non-ASCII feedback round trip (2-, 3-, 4-byte, "
   "combining, escapes)", RA_CC_BOTH, RA_CC_FEEDBACK_UNICODE,
   RA_CC_EXPECT_OK, 1, 1, RA_CC_RETRY_NONE, 0,
   "doc: feedback can be up to 1024 characters, including multi-byte "
   "characters (notes 3)",
   {{PASS_ANSWER}, 1, NULL, NULL}, {{PASS_ANSWER}, 1, NULL, NULL}},
  {"feedback-1024", "exactly 1024 characters (1024 x U+00E9) accepted",
   RA_CC_BOTH, RA_CC_FEEDBACK_MAX, RA_CC_EXPECT_OK, 1, 1, RA_CC_RETRY_NONE, 0,
   "doc: can be up to 1024 characters (including multi-byte characters)",
   {{PASS_ANSWER}, 1, NULL, NULL}, {{PASS_ANSWER}, 1, NULL, NULL}},
  {"feedback-1025", "1025 characters: refused before sending, or sent "
   "unchanged and the server's error surfaced", RA_CC_BOTH,
   RA_CC_FEEDBACK_OVER, RA_CC_EXPECT_REFUSE_OR_ERROR, 0, 1, RA_CC_RETRY_NONE,
   0,
   "doc: can be up to 1024 characters; the service's error for more is "
   "UNCONFIRMED (notes 3), so either client behaviour is graded OK and "
   "silent truncation fails; the error is a RequestError, which is not "
   "retried (notes 2.5)",
   {{PASS_ANSWER}, 1, NULL, NULL}, {{PASS_ANSWER}, 1, NULL, NULL}},
  {"invalid-state", "InvalidAssignmentState surfaced, not retried",
   RA_CC_BOTH, RA_CC_FEEDBACK_PLAIN, RA_CC_EXPECT_ERROR, 1, 1,
   RA_CC_RETRY_NONE, 0,
   "observed: {\"__type\":\"RequestError\",...,\"TurkErrorCode\":"
   "\"AWS.MechanicalTurk.InvalidAssignmentState\"} (NRGI/resourcecontracts."
   "org#1384); botocore does not retry RequestError (notes 2.4, 2.5)",
   {{L_INVALID_STATE}, 1, "AWS.MechanicalTurk.InvalidAssignmentState", NULL},
   {{J_INVALID_STATE}, 1, "AWS.MechanicalTurk.InvalidAssignmentState",
    "RequestError"}},
  {"does-not-exist", "AssignmentDoesNotExist surfaced, not retried",
   RA_CC_BOTH, RA_CC_FEEDBACK_PLAIN, RA_CC_EXPECT_ERROR, 1, 1,
   RA_CC_RETRY_NONE, 0,
   "observed: AWS.MechanicalTurk.AssignmentDoesNotExist in both APIs "
   "(notes 1.7, 2.4)",
   {{L_DOES_NOT_EXIST}, 1, "AWS.MechanicalTurk.AssignmentDoesNotExist", NULL},
   {{J_DOES_NOT_EXIST}, 1, "AWS.MechanicalTurk.AssignmentDoesNotExist",
    "RequestError"}},
  {"validation-error", "ValidationException (legacy: MissingParameters) "
   "surfaced, not retried", RA_CC_BOTH, RA_CC_FEEDBACK_PLAIN,
   RA_CC_EXPECT_ERROR, 1, 1, RA_CC_RETRY_NONE, 0,
   "observed: ValidationException for a missing member (boto/boto3#1222); "
   "legacy AWS.MissingParameters (notes 1.7)",
   {{L_MISSING_PARAMETERS}, 1, "AWS.MissingParameters", NULL},
   {{J_VALIDATION}, 1, "ValidationException", NULL}},
  {"bad-signature", "InvalidSignatureException (legacy: BadClaimsSupplied) "
   "surfaced, not retried", RA_CC_BOTH, RA_CC_FEEDBACK_PLAIN,
   RA_CC_EXPECT_ERROR, 1, 1, RA_CC_RETRY_NONE, 0,
   "observed: InvalidSignatureException 400 (aws-sdk-go#1322); legacy "
   "AWS.BadClaimsSupplied with HTTP 200 (MTurkR#35, boto#2260)",
   {{L_BAD_CLAIMS}, 1, "AWS.BadClaimsSupplied", NULL},
   {{J_BAD_SIGNATURE}, 1, "InvalidSignatureException", NULL}},
  {"throttling", "throttled twice, then success: retried with backoff, "
   "re-signed, 3 attempts", RA_CC_BOTH, RA_CC_FEEDBACK_PLAIN,
   RA_CC_EXPECT_OK, 3, 3, RA_CC_RETRY_THEN_SUCCESS, 0,
   "observed: ThrottlingException 'Rate exceeded' retried by botocore "
   "(allenai/amti#12); every SDK's default allows 3 attempts or more "
   "(notes 2.5, 2.6); legacy: 503 on exceeding the velocity limit "
   "(2008 MakingRESTRequests page, notes 1.1)",
   {{L_UNAVAILABLE, L_UNAVAILABLE, PASS_ANSWER}, 3, NULL, NULL},
   {{J_THROTTLED, J_THROTTLED, PASS_ANSWER}, 3, NULL, NULL}},
  {"unavailable-503", "503 twice, then success: retried with backoff, "
   "re-signed, 3 attempts", RA_CC_BOTH, RA_CC_FEEDBACK_PLAIN,
   RA_CC_EXPECT_OK, 3, 3, RA_CC_RETRY_THEN_SUCCESS, 0,
   "observed: every SDK retries HTTP 503 with backoff, 3 attempts or more "
   "by default (JS SDK v3 and botocore standard mode: 3; notes 2.5, 2.6); "
   "legacy clients retried ServiceUnavailable with backoff (ruby-aws, "
   "notes 1.7)",
   {{L_UNAVAILABLE, L_UNAVAILABLE, PASS_ANSWER}, 3, NULL, NULL},
   {{J_UNAVAILABLE, J_UNAVAILABLE, PASS_ANSWER}, 3, NULL, NULL}},
  {"unavailable-gives-up", "503 on every attempt: retried with backoff, "
   "then gives up after a bounded number of attempts and surfaces the "
   "error", RA_CC_BOTH, RA_CC_FEEDBACK_PLAIN, RA_CC_EXPECT_ANY_ERROR,
   2, RA_CC_GIVE_UP_MAX_ATTEMPTS, RA_CC_RETRY_GIVE_UP, GIVE_UP_TIMEOUT_S,
   "observed: real defaults stop after 3 to 7 attempts (JS SDK v3 3, "
   "aws-sdk-go v1 and JS SDK v2 4, botocore 5 or 3, boto 2 7; notes 2.5, "
   "2.6); a client that retries forever never reports the failure",
   {{L_UNAVAILABLE}, 1, NULL, NULL}, {{J_UNAVAILABLE}, 1, NULL, NULL}},
  {"malformed-truncated", "truncated answer with HTTP 200 surfaced as an "
   "error, not as success", RA_CC_BOTH, RA_CC_FEEDBACK_PLAIN,
   RA_CC_EXPECT_ANY_ERROR, 1, RA_CC_GIVE_UP_MAX_ATTEMPTS, RA_CC_RETRY_NONE, 0,
   "inferred: a body that is not a complete answer is not a success "
   "(SPEC 7)",
   {{L_TRUNCATED}, 1, NULL, NULL}, {{J_TRUNCATED}, 1, NULL, NULL}},
  {"malformed-html", "HTML page with HTTP 200 surfaced as an error, not as "
   "success", RA_CC_BOTH, RA_CC_FEEDBACK_PLAIN, RA_CC_EXPECT_ANY_ERROR,
   1, RA_CC_GIVE_UP_MAX_ATTEMPTS, RA_CC_RETRY_NONE, 0,
   "inferred: a proxy's HTML page is not a RejectAssignment answer "
   "(SPEC 3, response fixtures)",
   {{HTML_200("legacy-malformed-html-200")}, 1, NULL, NULL},
   {{HTML_200("json-malformed-2xx-html")}, 1, NULL, NULL}},
  {"slow-answer", "answer delayed 1.5 s, within the client's timeout",
   RA_CC_BOTH, RA_CC_FEEDBACK_PLAIN, RA_CC_EXPECT_OK, 1, 1, RA_CC_RETRY_NONE,
   0, "inferred: SDK read timeouts are tens of seconds (botocore 60 s)",
   {{SLOW_PASS_ANSWER}, 1, NULL, NULL}, {{SLOW_PASS_ANSWER}, 1, NULL, NULL}},
};

const struct ra_cc_scenario *ra_cc_scenarios(size_t *count)
{
  *count = sizeof(scenarios) / sizeof(scenarios[0]);
  return scenarios;
}

const struct ra_cc_scenario *ra_cc_scenario_find(const char *name)
{
  size_t i;
  for(i = 0; i < sizeof(scenarios) / sizeof(scenarios[0]); i++) {
    if(!strcmp(scenarios[i].name, name))
      return &scenarios[i];
  }
  return NULL;
}

const struct ra_cc_script *ra_cc_scenario_script(const struct ra_cc_scenario *sc,
                                                 ra_profile profile)
{
  if(!(sc->profiles & (1u << profile)))
    return NULL;
  return profile == RA_PROFILE_LEGACY ? &sc->legacy : &sc->json;
}

char *ra_cc_feedback_make(ra_cc_feedback kind, size_t *len_out)
{
  struct ra_buf b;
  size_t i;
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  switch(kind) {
  case RA_CC_FEEDBACK_PLAIN:
    ra_buf_puts(&b, "Does not follow instructions.");
    break;
  case RA_CC_FEEDBACK_UNICODE:
    /* é (2 bytes), € and 中文 (3), 😀 (4, a surrogate pair in UTF-16 and
     * JSON \u escapes), e + U+0301 combining acute (kept decomposed), and
     * the characters form and JSON encoders must escape. */
    ra_buf_puts(&b, "Caf\xc3\xa9 \xe2\x82\xac" "5 \xe4\xb8\xad\xe6\x96\x87 "
                    "\xf0\x9f\x98\x80 e\xcc\x81 \"q\" back\\slash "
                    "a+b&c=d%20\tend");
    break;
  case RA_CC_FEEDBACK_MAX:
  case RA_CC_FEEDBACK_OVER:
    for(i = 0; i < (kind == RA_CC_FEEDBACK_MAX ? 1024u : 1025u); i++)
      ra_buf_put(&b, "\xc3\xa9", 2);
    break;
  }
  return ra_buf_take(&b, len_out);
}
