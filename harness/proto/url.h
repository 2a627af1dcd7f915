/* The one URL parser: libcurl's curl_url(), for every URL the suite splits
 * (target endpoints, the transport's request URL, redirect Locations).
 *
 * struct ra_url owns its strings (ra_url_free); the strings returned by
 * ra_url_hostport, ra_url_target and ra_url_host are new (ra_free). */
#ifndef RA_PROTO_URL_H
#define RA_PROTO_URL_H

#include <stddef.h>

#include "core/code.h"

/* Keep "." and ".." segments of the path as written (a target's path is
 * sent byte for byte). */
#define RA_URL_PATH_AS_IS (1u << 0)

struct ra_url {
  char *scheme;     /* lowercase, e.g. "https" */
  char *host;       /* as written; an IPv6 address keeps its brackets */
  char *port;       /* as written, NULL when the URL names none */
  char *path;       /* "/" at least */
  char *query;      /* without the '?', NULL when absent */
  int has_userinfo; /* "user[:password]@" present */
};

void ra_url_init(struct ra_url *u);
void ra_url_free(struct ra_url *u);

/* Parses an absolute URL with a host (any scheme libcurl knows). The
 * fragment is dropped. RA_E_INVALID for anything libcurl refuses (no scheme,
 * no host, a space in the path, a scheme libcurl does not know). */
ra_code ra_url_parse(struct ra_url *out, const char *url, unsigned flags);

/* "host[:port]" as written, for the Host header. */
char *ra_url_hostport(const struct ra_url *u);
/* The request target: path, then "?query" when there is one. */
char *ra_url_target(const struct ra_url *u);

/* The host of a URL ("http://a.b:8/x" -> "a.b"), or NULL when it has none
 * or does not parse. */
char *ra_url_host(const char *url);

/* Length of url's scheme ("javascript" in "javascript:x"), 0 when it has
 * none (a relative reference). RFC 3986: ALPHA *( ALPHA / DIGIT / "+" / "-"
 * / "." ) ":". Written here because libcurl refuses, rather than splits,
 * a URL whose scheme is not followed by "//" (javascript:, data:, mailto:),
 * and the judge names those schemes. */
size_t ra_url_scheme_len(const char *url);

#endif
