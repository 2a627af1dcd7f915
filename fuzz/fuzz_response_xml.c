/* libFuzzer target: the legacy-2014 XML answer parser must never crash,
 * leak or hang, whatever the body and status. Built with -DRA_FUZZ=ON and
 * CC=clang. Seeds: the bodies of vectors/responses/legacy-*. */
#include <stddef.h>
#include <stdint.h>

#include "response/response.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static const int statuses[] = {200, 403, 503};
  size_t i;
  for(i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++) {
    struct ra_answer a;
    ra_response_parse_legacy(&a, statuses[i], i ? "text/xml" : NULL,
                             (const char *)data, size);
    /* Every field the parser set must be a readable string. */
    if(a.kind > RA_ANSWER_MALFORMED || (a.kind == RA_ANSWER_MALFORMED &&
                                        !a.detail))
      __builtin_trap();
    ra_answer_free(&a);
  }
  return 0;
}
