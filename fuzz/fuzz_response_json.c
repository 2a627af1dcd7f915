/* libFuzzer target: the json-2017 answer parser must never crash, leak or
 * hang. The first byte picks the status and whether an X-Amzn-ErrorType
 * header is given; the rest is the body. Built with -DRA_FUZZ=ON and
 * CC=clang. Seeds: the bodies of vectors/responses/json-*. */
#include <stddef.h>
#include <stdint.h>

#include "response/response.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static const int statuses[] = {200, 400, 500, 503};
  struct ra_answer a;
  int status = 400;
  const char *header = NULL;
  if(size) {
    status = statuses[data[0] & 3];
    if(data[0] & 4)
      header = "com.amazon.coral.service#ThrottlingException:http://x/";
    data++;
    size--;
  }
  ra_response_parse_json(&a, status, header, "req-id", (const char *)data,
                         size);
  if(a.kind > RA_ANSWER_MALFORMED || (a.kind == RA_ANSWER_MALFORMED &&
                                      !a.detail) ||
     (a.kind == RA_ANSWER_ERROR && status < 400))
    __builtin_trap();
  ra_answer_free(&a);
  return 0;
}
