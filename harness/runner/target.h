/* A target file (SPEC §4): where to send, which profile(s), the requesters'
 * keys, how fixtures are obtained, what the target says about itself, TLS.
 *
 * ra_target_load fills a struct ra_target the caller frees with
 * ra_target_free. "$env:NAME" in a secret, key id or control token is
 * replaced by the environment variable (a missing one is an error naming it).
 * Unknown fields are errors. The built-in server is described by the same
 * format: tool/ parses the text server/refserver_target.h gives. */
#ifndef RA_RUNNER_TARGET_H
#define RA_RUNNER_TARGET_H

#include <stddef.h>

#include "core/code.h"
#include "core/error.h"
#include "proto/request.h"
#include "proto/utf8.h"

/* One bit per ra_profile. */
#define RA_PROFILE_BIT(p) (1u << (unsigned)(p))
#define RA_PROFILE_ALL (RA_PROFILE_BIT(RA_PROFILE_LEGACY) | \
                        RA_PROFILE_BIT(RA_PROFILE_JSON))
#define RA_PROFILE_COUNT 2

typedef enum {
  RA_REQUESTER_OWNER = 0,
  RA_REQUESTER_OTHER = 1,
  RA_REQUESTER_UNKNOWN = 2 /* only as a signer: a key the target does not know */
} ra_requester;
#define RA_REQUESTER_BIT(r) (1u << (unsigned)(r))

typedef enum {
  RA_FIXTURE_NONE = 0,
  RA_FIXTURE_SUBMITTED = 1,
  RA_FIXTURE_APPROVED = 2,
  RA_FIXTURE_REJECTED = 3
} ra_fixture_state;
#define RA_FIXTURE_STATES 4

typedef enum {
  RA_PROVIDER_NONE = 0,
  RA_PROVIDER_CONTROL,  /* seeding API at control_url */
  RA_PROVIDER_MANIFEST  /* pre-made assignment IDs, state not observable */
} ra_fixture_provider;

typedef enum {
  RA_ENDPOINT_LOOPBACK = 0,
  RA_ENDPOINT_SANDBOX,
  RA_ENDPOINT_PRODUCTION,
  RA_ENDPOINT_REMOTE
} ra_endpoint_class;

struct ra_requester_keys {
  int present;
  char *access_key_id;
  char *secret_access_key; /* never print */
};

struct ra_target {
  char *file;                 /* the file it came from, or NULL */
  char *name;
  char *endpoint;             /* URL as given */
  unsigned profiles;          /* RA_PROFILE_BIT set ("all": both) */
  struct ra_requester_keys requesters[2]; /* [RA_REQUESTER_OWNER/OTHER] */
  ra_fixture_provider provider;
  char *control_url;          /* RA_PROVIDER_CONTROL; ends with '/' */
  char *control_token;        /* optional, NULL when absent; never print */
  /* RA_PROVIDER_MANIFEST: IDs per state, indexed by ra_fixture_state
   * (index 0 unused). */
  char **manifest[RA_FIXTURE_STATES];
  size_t nmanifest[RA_FIXTURE_STATES];
  int has_length_unit;        /* capabilities.feedback_length_unit given */
  ra_length_unit feedback_length_unit;
  /* capabilities.operations: the operations the target implements (set-up
   * operations other than RejectAssignment are a capability). */
  int has_operations;
  char **operations;
  size_t noperations;
  char *ca_file;              /* NULL: system store */
  int insecure;
  ra_endpoint_class endpoint_class;
  char *host;                 /* lowercase host of endpoint, no port */
};

ra_code ra_target_load(struct ra_target **out, const char *path,
                       struct ra_error *err);
/* Same from text; source names it in errors. */
ra_code ra_target_parse(struct ra_target **out, const char *text, size_t len,
                        const char *source, struct ra_error *err);
void ra_target_free(struct ra_target *t);

/* Classifies a URL's host (loopback: 127.0.0.0/8, ::1, localhost; the
 * sandbox and production MTurk hosts; anything else remote). host_out
 * (optional) receives the lowercase host, caller frees. */
ra_code ra_target_classify_endpoint(const char *url, ra_endpoint_class *out,
                                    char **host_out);
const char *ra_endpoint_class_name(ra_endpoint_class c);
/* RA_E_REFUSED (err says why) when the target is a production host and
 * allow is 0; RA_OK otherwise. */
ra_code ra_target_check_production(const struct ra_target *t, int allow,
                                   struct ra_error *err);
/* 1 when the target can report an assignment's state (control provider). */
int ra_target_can_observe(const struct ra_target *t);

const char *ra_fixture_state_name(ra_fixture_state s); /* "Submitted", ... */
const char *ra_requester_name(ra_requester r);         /* "owner", ... */
/* 1 when the target declares operations and op is not among them. */
int ra_target_lacks_operation(const struct ra_target *t, const char *op);
const char *ra_length_unit_name(ra_length_unit u);     /* "codepoint", ... */
/* "legacy-2014" / "json-2017" without needing the proto library. */
const char *ra_target_profile_name(ra_profile p);

#endif
