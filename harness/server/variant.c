/* The variant table (one row per ra_variant_id, same order). "why" cites
 * ../shared/reference/protocol-notes.md by section. */
#include <string.h>

#include "server/variant.h"

static const struct ra_variant_info variants[RA_VARIANT_COUNT] = {
  {"legacy-duplicate-first", "legacy-2014",
   "a parameter given twice: the first value wins (Java servlet "
   "getParameter)",
   "§1.1 documents repeated parameters only as Name.N; a plain duplicate is "
   "undocumented (silent)"},
  {"legacy-duplicate-last", "legacy-2014",
   "a parameter given twice: the last value wins (PHP, Rack)",
   "§1.1: a plain duplicate is undocumented (silent)"},
  {"json-duplicate-last", "json-2017",
   "a JSON member given twice: the last one wins (most JSON parsers)",
   "§2.2: the body is JSON; RFC 8259 §4 leaves duplicate names to the "
   "parser (silent)"},
  {"service-required", "legacy-2014",
   "refuses a request without Service (AWS.MissingParameters)",
   "§1.2: the doc says Required; that the service did not enforce it is "
   "INFERRED from boto 2"},
  {"count-utf16", "all",
   "counts RequesterFeedback in UTF-16 code units and declares "
   "feedback_length_unit utf16",
   "§3: the counting unit is UNCONFIRMED; §5 item 5"},
  {"reject-only", "all",
   "implements RejectAssignment only (no ApproveAssignment, "
   "ApproveRejectedAssignment or GetAssignment)",
   "SPEC §4: other operations are a capability; a mock of one operation "
   "is correct for it"},
  {"legacy-skew-5min", "legacy-2014",
   "legacy clock-skew window of 5 minutes (default 15)",
   "§1.3: the legacy skew window is UNCONFIRMED"},
  {"json-skew-15min", "json-2017",
   "json-2017 clock-skew window of 15 minutes (default 5)",
   "§2.5: the SigV4 skew window for MTurk is UNCONFIRMED (AWS common "
   "errors: 15 minutes)"},
  {"feedback-out-of-range", "all",
   "an over-long RequesterFeedback answers AWS.ParameterOutOfRange",
   "§1.7, §2.4: the code for RequesterFeedback > 1024 is UNCONFIRMED"},
  {"request-element-on-request", "legacy-2014",
   "the success answer has <Request><IsValid> only when ResponseGroup="
   "Request is sent",
   "§1.5: the documented rule; the default-present element is observed for "
   "other operations only, the RejectAssignment body is UNCONFIRMED"},
  {"json-empty-success", "json-2017",
   "a json-2017 success answers an empty body instead of {}",
   "§2.3: whether a success body is empty or {} is UNCONFIRMED"},
  {"bad-secret-not-authorized", "legacy-2014",
   "a signature by the wrong secret answers AWS.NotAuthorized",
   "§1.7: bogus secret -> NotAuthorized vs BadClaimsSupplied, sources "
   "conflict (UNCONFIRMED)"},
  {"expired-in-operation", "legacy-2014",
   "RequestExpired in the HTTP 200 OperationRequest envelope instead of the "
   "front door",
   "§1.3, §1.6: the RequestExpired envelope is INFERRED, UNCONFIRMED"},
  {"json-namespaced-type", "json-2017",
   "json-2017 error __type carries a namespace prefix "
   "(com.amazonaws.mturk#RequestError)",
   "§2.4: botocore strips anything before '#', so both forms are read "
   "alike; the service's exact __type spelling is not captured for every "
   "error"},
  {"json-parameter-validation-error", "json-2017",
   "an invalid RequesterFeedback answers ParameterValidationError (400)",
   "§2.4: 'likely arrives as RequestError/ParameterValidationError' "
   "(UNCONFIRMED)"},
  {"legacy-action-alias", "legacy-2014",
   "accepts Action=<op> where Operation is absent",
   "§1.2: whether Action was a full alias of Operation is UNCONFIRMED"},
  {"json-region-sandbox", "json-2017",
   "also accepts the SigV4 scope region 'sandbox' (botocore's sandbox "
   "configuration)",
   "§2.1: whether the service accepts scope region sandbox is UNCONFIRMED"},
};

size_t ra_variant_count(void)
{
  return RA_VARIANT_COUNT;
}

const struct ra_variant_info *ra_variant_at(size_t i)
{
  if(i >= RA_VARIANT_COUNT)
    return NULL;
  return &variants[i];
}

ra_code ra_variant_lookup(const char *name, ra_variant_id *out)
{
  size_t i;
  for(i = 0; i < RA_VARIANT_COUNT; i++) {
    if(!strcmp(variants[i].name, name)) {
      *out = (ra_variant_id)i;
      return RA_OK;
    }
  }
  return RA_E_NOT_FOUND;
}
