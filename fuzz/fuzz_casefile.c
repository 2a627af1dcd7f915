/* libFuzzer target: the case-file loader (docs/cases.md) must never crash,
 * leak or hang on any text, and everything it accepts must be describable.
 * Uses the in-memory entry ra_case_parse (the same code ra_case_load runs
 * after reading the file). Seeds: cases/ and tests/data/cases-bad/. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "runner/casedesc.h"
#include "runner/casefile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct ra_case *c = NULL;
  struct ra_error err = RA_ERROR_INIT;
  char *text = ra_malloc(size + 1);
  ra_code result;

  /* The loader gets a NUL-terminated copy, as after reading a file, but is
   * told the real length: embedded NULs must be handled too. */
  memcpy(text, data, size);
  text[size] = '\0';
  ra_error_clear(&err);
  result = ra_case_parse(&c, text, size, "fuzz.json", &err);
  if(result == RA_OK) {
    struct ra_buf out;
    int p;
    if(!c)
      __builtin_trap();
    ra_buf_init(&out, RA_BUF_UNLIMITED);
    for(p = 0; p < RA_PROFILE_COUNT; p++) {
      (void)ra_case_describe_expect(&out, c, (ra_profile)p);
      (void)ra_case_describe_request(&out, c, (ra_profile)p);
    }
    (void)ra_case_describe_source(&out, c);
    (void)ra_case_uses_uescape(c);
    ra_buf_free(&out);
    ra_case_free(c);
  }
  else if(c || !err.text[0]) {
    /* A failed load must say why and not hand out a half-built case. */
    __builtin_trap();
  }
  ra_free(text);
  return 0;
}
