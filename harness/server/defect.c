/* The seeded-defect table (one row per ra_defect_id, same order). */
#include <string.h>

#include "server/defect.h"

static const struct ra_defect_info defects[RA_DEFECT_COUNT] = {
  {"feedback-off-by-one", "MUST", "feedback,length",
   "accepts RequesterFeedback of 1025 code points (limit checked with >)"},
  {"feedback-count-bytes", "MUST", "feedback,length,unicode",
   "counts feedback length in UTF-8 bytes (refuses 1024 x U+00E9)"},
  {"feedback-count-utf16", "SHOULD", "feedback,length,unicode",
   "counts feedback length in UTF-16 code units (refuses 513 astral characters)"},
  {"no-owner-check", "MUST", "requester,state",
   "lets another requester reject the owner's assignment"},
  {"leak-existence", "SHOULD", "requester",
   "answers AWS.MechanicalTurk.PermissionDenied for another requester's "
   "assignment (leaks that it exists)"},
  {"no-signature-check", "MUST", "auth,signature",
   "accepts any signature from a known access key"},
  {"no-skew-check", "MUST", "auth,timestamp",
   "accepts stale and future timestamps"},
  {"reject-approved", "MUST", "state",
   "lets an Approved assignment be rejected"},
  {"reject-rejected", "MUST", "state",
   "lets a Rejected assignment be rejected again (feedback overwritten)"},
  {"state-before-validate", "MUST", "state,feedback",
   "rejects the assignment before validating the feedback, then reports the "
   "validation error"},
  {"truncate-feedback", "MUST", "feedback,length",
   "silently truncates feedback over 1024 code points and accepts it"},
  {"normalize-feedback", "MUST", "feedback,roundtrip",
   "trims leading and trailing whitespace from the stored feedback"},
  {"no-control-char-check", "MUST", "feedback,control",
   "accepts ASCII control characters 0-8, 11, 12, 14-31 in feedback"},
  {"missing-param-500", "SHOULD", "params,errors",
   "answers a missing AssignmentId with HTTP 500 instead of a client error"},
  {"wrong-envelope", "SHOULD", "errors,envelope",
   "legacy operation errors in the front-door envelope; json errors without "
   "__type"},
  {"check-then-set-race", "MUST", "state,concurrency",
   "checks the state, then sets it without holding the lock (concurrent "
   "rejects can all succeed)"},
  {"any-region", "MUST", "auth,sigv4",
   "accepts a SigV4 credential scope with any region"},
  {"accept-lowercase-id-json", "SHOULD", "params,assignmentid",
   "json-2017 upper-cases a lower-case AssignmentId instead of refusing it"},
  {"empty-feedback-refused", "SHOULD", "feedback,params",
   "json-2017 refuses an empty RequesterFeedback"},
  {"accept-invalid-utf8", "MUST", "feedback,unicode",
   "accepts and stores feedback that is not valid UTF-8"},
  {"refuse-tab-newline", "MUST", "feedback,control",
   "refuses TAB, LF and CR in feedback (the docs allow them)"},
  {"unknown-key-accepted", "MUST", "auth,requester",
   "treats an unknown access key as the owner without checking the signature"},
  {"legacy-case-sensitive-id", "SHOULD", "params,assignmentid",
   "legacy-2014 looks AssignmentId up without upper-casing it"},
  {"plus-not-space", "MUST", "feedback,urlencode",
   "legacy-2014 keeps a literal '+' in the query or form body as '+' "
   "instead of a space"},
  {"plus-after-decode", "MUST", "feedback,urlencode",
   "legacy-2014 turns '+' in RequesterFeedback into a space after "
   "percent-decoding (an encoded %2B becomes a space)"},
  {"double-decode", "MUST", "feedback,urlencode",
   "legacy-2014 percent-decodes RequesterFeedback a second time "
   "(%25C3%25A9 is stored as U+00E9)"},
  {"upper-hex-only", "MUST", "params,urlencode",
   "legacy-2014 refuses lower-case hex digits in percent escapes (%c3)"},
  {"html-escape-feedback", "MUST", "feedback,roundtrip",
   "stores feedback HTML-escaped (& < > \" ' become entities)"},
  {"feedback-limit-exclusive", "MUST", "feedback,length",
   "refuses feedback of exactly 1024 code points (limit checked with >=)"},
  {"tight-skew-window", "SHOULD", "auth,timestamp",
   "allows only 1 minute of clock skew (legacy Timestamp and SigV4 "
   "X-Amz-Date)"},
  {"no-sigv1", "MUST", "auth,signature",
   "legacy-2014 refuses SignatureVersion=1"},
  {"accept-missing-signature", "MUST", "auth,signature",
   "legacy-2014 skips the signature check when Signature is missing or "
   "empty"},
  {"timestamp-seconds-only", "SHOULD", "auth,timestamp",
   "legacy-2014 refuses Timestamps with fractions or a numeric offset "
   "(only yyyy-MM-ddTHH:mm:ssZ)"},
  {"ignore-version", "MUST", "protocol,version",
   "legacy-2014 accepts any Version"},
  {"ignore-service", "MUST", "protocol,service",
   "legacy-2014 accepts any Service (the signature covers the one sent)"},
  {"default-operation", "MUST", "protocol,operation",
   "legacy-2014 runs RejectAssignment for a missing or unknown Operation "
   "(the signature covers the one sent)"},
  {"json-any-method", "MUST", "protocol,method",
   "json-2017 accepts any HTTP method, not only POST"},
  {"cesu8-surrogates", "MUST", "feedback,unicode",
   "json-2017 stores characters outside the BMP as two 3-byte UTF-8 "
   "surrogates (CESU-8)"},
  {"normalize-nfc", "MUST", "feedback,roundtrip,unicode",
   "stores feedback in Unicode NFC (e + U+0301 comes back as U+00E9)"},
  {"fixed-signed-headers", "MUST", "auth,sigv4",
   "json-2017 ignores SignedHeaders and always signs "
   "content-type;host;x-amz-date;x-amz-target (other sets do not verify)"},
  {"closed-json-shape", "SHOULD", "protocol,extra-members",
   "json-2017 refuses members that are not in the operation's input shape"},
  {"exact-content-type", "SHOULD", "protocol,content-type",
   "json-2017 compares Content-Type byte for byte (refuses "
   "'; charset=utf-8')"},
  {"require-version", "MUST", "protocol,version",
   "legacy-2014 refuses a request without Version"},
  {"refuse-unknown-params", "MUST", "protocol,params",
   "legacy-2014 refuses parameters it does not read (ResponseGroup, "
   "Validate)"},
  {"widen-control-check", "SHOULD", "feedback,control",
   "refuses DEL, C1 controls and U+2028/U+2029 in feedback (a Unicode "
   "control class instead of the documented list)"},
  {"legacy-get-only", "MUST", "protocol,method",
   "legacy-2014 answers POST with 405 (only GET query strings)"},
  {"signature-prefix-match", "MUST", "auth,signature",
   "accepts a signature that is a prefix of the expected one (compares "
   "only as many bytes as were sent)"},
  {"signature-case-insensitive", "MUST", "auth,signature",
   "legacy-2014 compares the Base64 Signature case-insensitively"},
  {"scope-date-unchecked", "MUST", "auth,sigv4",
   "json-2017 does not compare the credential-scope date with X-Amz-Date"},
  {"host-not-signed", "MUST", "auth,sigv4",
   "json-2017 does not require host in SignedHeaders"},
  {"payload-hash-from-header", "MUST", "auth,sigv4",
   "json-2017 takes the payload hash from X-Amz-Content-Sha256 without "
   "comparing it with the body"},
  {"any-service-scope", "MUST", "auth,sigv4",
   "json-2017 accepts a SigV4 credential scope naming any service"},
  {"future-timestamp-accepted", "MUST", "auth,timestamp",
   "checks only the past side of the skew window (future Timestamp and "
   "X-Amz-Date accepted)"},
  {"sigv1-case-sensitive-sort", "MUST", "auth,signature",
   "legacy-2014 sorts SigV1 parameter names byte-wise, not "
   "case-insensitively"},
  {"missing-date-500", "SHOULD", "auth,timestamp,errors",
   "answers a missing legacy Timestamp or json X-Amz-Date with HTTP 500"},
  {"legacy-auth-error-403", "SHOULD", "auth,errors",
   "legacy-2014 answers auth errors (BadClaimsSupplied, NotAuthorized, "
   "MissingParameters) with HTTP 403 instead of 200"},
  {"state-before-auth", "SHOULD", "auth,state,requester",
   "legacy-2014 looks the assignment up before checking the signature "
   "(a badly signed request learns existence and state)"},
  {"form-body-ignored-with-query", "MUST", "protocol,params",
   "legacy-2014 does not read the form body of a POST whose URL has a "
   "query string"},
  {"duplicate-feedback-split", "MUST", "protocol,params,feedback",
   "legacy-2014 accepts a repeated RequesterFeedback, validates the first "
   "value and stores the last"},
  {"target-suffix-only", "MUST", "protocol,operation",
   "json-2017 dispatches on the text after the last '.' of X-Amz-Target"},
  /* Designed MUST; graded SHOULD by the catalogue: JSON names are
   * case-sensitive (RFC 8259), but no capture shows what the service does
   * with assignmentId, and acting on it harms no one (RA-PROTO-0038). */
  {"json-member-case-insensitive", "SHOULD", "protocol,params",
   "json-2017 matches member names case-insensitively (assignmentId)"},
  {"json-feedback-coerced", "MUST", "feedback,params",
   "json-2017 coerces a number or boolean RequesterFeedback to text"},
  {"json-null-feedback", "MUST", "feedback,params",
   "json-2017 accepts a null RequesterFeedback"},
  {"json-reply-content-type", "SHOULD", "protocol,errors",
   "json-2017 answers with Content-Type application/json"},
  {"json-error-200", "SHOULD", "errors,envelope",
   "json-2017 answers RequestError (operation errors) with HTTP 200"},
  {"no-turk-error-code", "SHOULD", "errors,envelope",
   "json-2017 RequestError bodies carry no TurkErrorCode"},
  {"legacy-bare-result", "SHOULD", "errors,envelope",
   "legacy-2014 success body is a bare <RejectAssignmentResult> (no "
   "RejectAssignmentResponse/OperationRequest wrapper)"},
  {"xml-unescaped-echo", "SHOULD", "errors,envelope,assignmentid",
   "legacy-2014 echoes AssignmentId into error answers without XML "
   "escaping"},
  {"trim-assignment-id-json", "MUST", "assignmentid",
   "json-2017 strips whitespace around AssignmentId before validating it"},
  {"assignment-id-max-65", "SHOULD", "assignmentid",
   "json-2017 lets a 65-character AssignmentId through validation (> 65)"},
  {"assignment-id-prefix-match", "MUST", "assignmentid,state",
   "looks the assignment up by prefix (a truncated ID acts on it)"},
  {"state-before-owner", "SHOULD", "requester,state",
   "checks the state before the owner (another requester's Approved "
   "assignment answers InvalidAssignmentState)"},
  {"feedback-before-checks", "MUST", "state,feedback,requester",
   "writes RequesterFeedback before the owner and state checks (a refused "
   "reject replaces the stored feedback)"},
  {"astral-not-counted", "MUST", "feedback,length,unicode",
   "counts characters outside the BMP as 0 (1025 x U+1F600 accepted)"},
  {"astral-refused", "MUST", "feedback,unicode",
   "refuses feedback with characters outside the BMP (a utf8mb3 column)"},
  {"nul-ends-control-check", "MUST", "feedback,control",
   "the control-character check stops at the first NUL (C string)"},
  {"control-check-first-line", "MUST", "feedback,control",
   "checks only the first line of the feedback for control characters"},
  {"control-range-off-by-one", "MUST", "feedback,control",
   "forbidden range written 14 <= c < 31 (U+001F accepted)"},
  {"isspace-allows-vt-ff", "MUST", "feedback,control",
   "allows whitespace by isspace(), so VT (11) and FF (12) are accepted"},
  {"crlf-to-lf", "MUST", "feedback,roundtrip",
   "stores CR LF in the feedback as LF"},
  {"feedback-too-long-500", "SHOULD", "feedback,length,errors",
   "answers over-long feedback with HTTP 500 InternalFailure (json) / "
   "AWS.ServiceUnavailable (legacy)"},
};

size_t ra_defect_count(void)
{
  return RA_DEFECT_COUNT;
}

const struct ra_defect_info *ra_defect_at(size_t i)
{
  if(i >= RA_DEFECT_COUNT)
    return NULL;
  return &defects[i];
}

ra_code ra_defect_lookup(const char *name, ra_defect_id *out)
{
  size_t i;
  for(i = 0; i < RA_DEFECT_COUNT; i++) {
    if(!strcmp(defects[i].name, name)) {
      *out = (ra_defect_id)i;
      return RA_OK;
    }
  }
  return RA_E_NOT_FOUND;
}

void ra_defect_set_add(struct ra_defect_set *set, ra_defect_id id)
{
  if((unsigned)id < RA_DEFECT_COUNT)
    set->words[(unsigned)id / 64] |= (uint64_t)1 << ((unsigned)id % 64);
}

int ra_defect_set_has(const struct ra_defect_set *set, ra_defect_id id)
{
  if((unsigned)id >= RA_DEFECT_COUNT)
    return 0;
  return (set->words[(unsigned)id / 64] >> ((unsigned)id % 64)) & 1;
}

int ra_defect_set_empty(const struct ra_defect_set *set)
{
  size_t i;
  for(i = 0; i < RA_DEFECT_SET_WORDS; i++) {
    if(set->words[i])
      return 0;
  }
  return 1;
}

int ra_defect_set_intersects(const struct ra_defect_set *a,
                             const struct ra_defect_set *b)
{
  size_t i;
  for(i = 0; i < RA_DEFECT_SET_WORDS; i++) {
    if(a->words[i] & b->words[i])
      return 1;
  }
  return 0;
}
