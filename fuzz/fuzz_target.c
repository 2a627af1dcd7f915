/* libFuzzer target: the target-file loader (SPEC §4) must never crash, leak
 * or hang on any text. Uses the in-memory entry ra_target_parse (the same
 * code ra_target_load runs after reading the file), then the checks `run`
 * does on a loaded target. Seeds: tests/data/targets/ and examples. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/error.h"
#include "runner/target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
  (void)argc;
  (void)argv;
  /* "$env:" references in seeds resolve to something; others stay unset so
   * the missing-variable path is exercised too. */
  setenv("RA_FUZZ_SECRET", "fuzzsecret", 1);
  setenv("OWNER_SECRET", "ownersecret", 1);
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct ra_target *t = NULL;
  struct ra_error err = RA_ERROR_INIT;
  char *text = ra_malloc(size + 1);
  ra_code result;

  memcpy(text, data, size);
  text[size] = '\0';
  ra_error_clear(&err);
  result = ra_target_parse(&t, text, size, "fuzz-target.json", &err);
  if(result == RA_OK) {
    struct ra_error perr = RA_ERROR_INIT;
    ra_endpoint_class cls;
    char *host = NULL;
    if(!t || !t->endpoint)
      __builtin_trap();
    ra_error_clear(&perr);
    (void)ra_target_check_production(t, 0, &perr);
    (void)ra_target_can_observe(t);
    (void)ra_endpoint_class_name(t->endpoint_class);
    if(ra_target_classify_endpoint(t->endpoint, &cls, &host) == RA_OK &&
       cls != t->endpoint_class)
      __builtin_trap();
    ra_free(host);
    ra_target_free(t);
  }
  else if(t || !err.text[0]) {
    __builtin_trap();
  }
  ra_free(text);
  return 0;
}
