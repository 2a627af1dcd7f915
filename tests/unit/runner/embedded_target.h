/* The runner's unit tests run cases against the reference server. runner/
 * does not use server/ (tool/ wires the two); these tests wire them the
 * way tool/ does: the server describes itself as a target file's text and
 * the runner parses it. The returned target is the caller's to free. */
#ifndef RA_TESTS_EMBEDDED_TARGET_H
#define RA_TESTS_EMBEDDED_TARGET_H

#include <check.h>

#include "core/buf.h"
#include "response/response.h"
#include "runner/transport.h"
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

/* Starts the reference server (seeded with `defect` unless NULL) on a
 * loopback port and returns it as a target; also sets up the transport and
 * response libraries the runner needs. Stop *server and free the target. */
static inline struct ra_target *
ra_test_start_embedded(struct ra_refserver **server, const char *defect)
{
  struct ra_refserver_config cfg;
  struct ra_error err = RA_ERROR_INIT;
  const char *defects[1];
  ra_transport_global_init();
  ra_response_global_init();
  ra_refserver_config_init(&cfg);
  if(defect) {
    defects[0] = defect;
    cfg.defects = defects;
    cfg.defect_count = 1;
  }
  ck_assert_msg(ra_refserver_start(server, &cfg, &err) == RA_OK, "%s",
                err.text);
  return ra_test_embedded_target(*server);
}

#endif
