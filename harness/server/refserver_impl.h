/* Internals shared by the reference server's modules (refserver.c, the
 * operation core, the profile handlers, the control API and the target
 * description). Not for use outside server/. */
#ifndef RA_SERVER_REFSERVER_IMPL_H
#define RA_SERVER_REFSERVER_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "proto/utf8.h"
#include "server/defect.h"
#include "server/refserver.h"
#include "server/requester.h"
#include "server/store.h"
#include "server/variant.h"

struct MHD_Daemon;
struct ra_connguard;

struct ra_refserver {
  ra_serve_profiles profiles;
  struct ra_defect_set defects;
  ra_variant_set variants;
  struct ra_requester_pair keys;
  char *control_token;
  struct ra_clock clock;
  ra_refserver_hook hook;
  void *hook_ctx;
  struct ra_store *store;
  unsigned threads;
  unsigned connection_timeout;
  unsigned deadline;          /* seconds a request may take (connguard) */
  struct ra_connguard *guard;
  struct MHD_Daemon *daemon;
  char *host;                 /* as listened on, for URLs */
  unsigned port;
  char *url;
  char *control_url;
  char *listen_address;       /* as bound: "ADDR:PORT" */
  int remote;                 /* bound outside 127.0.0.0/8 */
};

/* Which requester an access key belongs to. */
typedef enum {
  RA_ROLE_UNKNOWN = 0,
  RA_ROLE_OWNER,
  RA_ROLE_OTHER
} ra_role;

int ra_refserver_defect_on(const struct ra_refserver *s, ra_defect_id id);
int ra_refserver_variant_on(const struct ra_refserver *s, ra_variant_id id);
int64_t ra_refserver_now(const struct ra_refserver *s);
/* Secret of a known access key (NULL when unknown); *role_out may be NULL. */
const char *ra_refserver_secret(const struct ra_refserver *s,
                                const char *access_key_id, ra_role *role_out);
/* A random RFC 4122 v4 UUID string. */
void ra_refserver_request_id(char out[37]);
/* Replaces status, Content-Type and body. */
void ra_refserver_reply(struct ra_refserver_response *resp, int status,
                        const char *content_type, const char *body,
                        size_t len);
/* Splits a raw target at '?': new strings (query NULL when no '?'). */
void ra_refserver_split_target(const char *target, char **path,
                               char **query);

/* Signature comparison with the active defects applied (prefix match;
 * case-insensitive when legacy is set). Constant-time when clean. */
int ra_refserver_signature_equal(const struct ra_refserver *s,
                                 const char *expected, const char *sent,
                                 int legacy);

#endif
