/* The reference RejectAssignment server (legacy-2014 and json-2017 on one
 * port), the target `raconform run` uses by default and the base of the
 * client examiner.
 *
 * Ownership: ra_refserver_start/_new return a server the caller releases with
 * ra_refserver_stop. Strings in the config are copied at start. URLs returned
 * are borrowed from the server. Responses filled by ra_refserver_handle are
 * owned by the caller (ra_refserver_response_free). */
#ifndef RA_SERVER_REFSERVER_H
#define RA_SERVER_REFSERVER_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/code.h"
#include "core/error.h"
#include "proto/header.h"
#include "proto/request.h"

#define RA_REFSERVER_OWNER_KEY_ID "AKIDRACONFORMOWNER01"
#define RA_REFSERVER_OWNER_SECRET "raconformOwnerSecretKey/ForTestsOnly+0001"
#define RA_REFSERVER_OTHER_KEY_ID "AKIDRACONFORMOTHER02"
#define RA_REFSERVER_OTHER_SECRET "raconformOtherSecretKey/ForTestsOnly+0002"

/* Path prefix of the control (seeding) API. */
#define RA_REFSERVER_CONTROL_PREFIX "/_raconform/"
/* Request bodies above this are answered 413. */
#define RA_REFSERVER_BODY_MAX (64 * 1024)
/* Requests with more headers / parameters than this are refused (400). */
#define RA_REFSERVER_HEADERS_MAX 100
#define RA_REFSERVER_PARAMS_MAX 100

typedef enum {
  RA_SERVE_LEGACY = 1,
  RA_SERVE_JSON = 2,
  RA_SERVE_ALL = 3
} ra_serve_profiles;

/* "legacy-2014", "json-2017", "all"; RA_E_INVALID on anything else. */
ra_code ra_serve_profiles_parse(const char *name, ra_serve_profiles *out);
const char *ra_serve_profiles_name(ra_serve_profiles p);

struct ra_refserver;

struct ra_refserver_response {
  int status;
  struct ra_headers headers;
  struct ra_buf body;
};

void ra_refserver_response_init(struct ra_refserver_response *resp);
void ra_refserver_response_free(struct ra_refserver_response *resp);

/* Called for every request before normal handling. Return 1 after filling
 * resp to answer with it (sleep inside the hook for a delayed answer), 0 to
 * let the server answer normally. Called from server threads concurrently. */
typedef int (*ra_refserver_hook)(void *ctx,
                                 const struct ra_wire_request *req,
                                 struct ra_refserver_response *resp);

struct ra_refserver_config {
  ra_serve_profiles profiles;      /* default RA_SERVE_ALL */
  const char *listen;              /* "ADDR:PORT"; NULL: "127.0.0.1:0" */
  const char *const *defects;      /* defect names (see defect.h) */
  size_t defect_count;
  const char *const *variants;     /* variant names (see variant.h) */
  size_t variant_count;
  const char *owner_key_id;        /* NULL: the documented test keys */
  const char *owner_secret;
  const char *other_key_id;
  const char *other_secret;
  const char *control_token;       /* NULL: control API needs no auth */
  struct ra_clock clock;           /* now_ms NULL: the system clock */
  unsigned threads;                /* MHD worker threads; 0: 2 */
  ra_refserver_hook hook;
  void *hook_ctx;
  /* Added: seed of the assignment-ID generator (0: from the OS). */
  uint64_t seed;
  /* Added: per-connection idle timeout in seconds (0: 10). */
  unsigned connection_timeout;
  /* Overall bound in seconds on each request of a connection, from its
   * opening or the previous answer, however the peer trickles (0: 10). */
  unsigned request_deadline;
  /* Listening on an address outside 127.0.0.0/8 exposes the control API,
   * which has no authentication: refused (RA_E_CONFIG) unless set. */
  int allow_remote;
};

void ra_refserver_config_init(struct ra_refserver_config *cfg);

/* Starts listening. RA_E_CONFIG for a bad listen address, profile or defect
 * name (err says which), RA_E_IO when the socket cannot be bound. */
ra_code ra_refserver_start(struct ra_refserver **out,
                           const struct ra_refserver_config *cfg,
                           struct ra_error *err);
/* Same server without any socket (fuzzers, unit tests): only
 * ra_refserver_handle and the store functions are usable; URLs are NULL. */
ra_code ra_refserver_new(struct ra_refserver **out,
                         const struct ra_refserver_config *cfg,
                         struct ra_error *err);
const char *ra_refserver_url(const struct ra_refserver *s);
const char *ra_refserver_control_url(const struct ra_refserver *s);
/* The address actually listened on, "ADDR:PORT" (e.g. "0.0.0.0:8080",
 * where the URL says 127.0.0.1); NULL without a socket. */
const char *ra_refserver_listen_address(const struct ra_refserver *s);
/* 1 when it listens outside loopback (allow_remote was needed). */
int ra_refserver_is_remote(const struct ra_refserver *s);
/* Stops (if listening) and frees. NULL is fine. */
void ra_refserver_stop(struct ra_refserver *s);

/* Pure request handling without sockets; resp must be initialized. */
void ra_refserver_handle(struct ra_refserver *s,
                         const struct ra_wire_request *req,
                         struct ra_refserver_response *resp);

/* Store access for in-process users. status: "Submitted", "Approved",
 * "Rejected". *assignment_id_out is a new string (ra_free). */
ra_code ra_refserver_seed(struct ra_refserver *s, const char *owner_key_id,
                          const char *status, char **assignment_id_out);
/* Looks an assignment up by exact ID: status is a static string, feedback
 * a new string or NULL when none. RA_E_NOT_FOUND when unknown. */
ra_code ra_refserver_lookup(struct ra_refserver *s, const char *assignment_id,
                            const char **status_out, char **feedback_out,
                            size_t *feedback_len_out, char **owner_out);

/* The server's description of itself (name, operations, target file):
 * server/refserver_target.h. */

#endif
