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
