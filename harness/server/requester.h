/* The two requesters the reference server knows (owner and other): access
 * key IDs and secrets, the documented test keys unless overridden by flags
 * or a requesters file. Strings are owned by the struct. */
#ifndef RA_SERVER_REQUESTER_H
#define RA_SERVER_REQUESTER_H

#include "core/code.h"
#include "core/error.h"

struct ra_requester {
  char *access_key_id;
  char *secret;
};

struct ra_requester_pair {
  struct ra_requester owner;
  struct ra_requester other;
};

void ra_requester_pair_free(struct ra_requester_pair *p);
/* Loads {"owner": {"access_key_id", "secret_access_key"}, "other": {...}}
 * or a SPEC §4 target file (its "requesters" object). A secret written
 * "$env:NAME" is read from the environment. A role missing from the file is
 * left as it was (NULL members stay NULL). RA_E_CONFIG with err filled on
 * any problem. */
ra_code ra_requester_pair_load(struct ra_requester_pair *p, const char *path,
                               struct ra_error *err);

#endif
