/* The runner's unit tests run cases against the reference server. runner/
 * does not use server/ (tool/ wires the two); these tests wire them the
 * way tool/ does: the server describes itself as a target file's text and
 * the runner parses it. The returned target is the caller's to free. */
#ifndef RA_TESTS_EMBEDDED_TARGET_H
#define RA_TESTS_EMBEDDED_TARGET_H

#include <check.h>

#include "core/buf.h"
#include "runner/target.h"
#include "server/refserver_target.h"

static inline struct ra_target *
ra_test_embedded_target(const struct ra_refserver *s)
{
  struct ra_target *t = NULL;
  struct ra_error err = RA_ERROR_INIT;
  struct ra_buf text;
  ra_buf_init(&text, RA_BUF_UNLIMITED);
  if(ra_refserver_target_describe(s, &text, "embedded", &err) ||
     ra_target_parse(&t, ra_buf_str(&text), text.len, "embedded", &err))
    ck_abort_msg("%s", err.text);
  ra_buf_free(&text);
  return t;
}

#endif
