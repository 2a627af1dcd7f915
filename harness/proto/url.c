/* The one URL parser: libcurl's curl_url(). */
#include "proto/url.h"

#include <ctype.h>
#include <string.h>

#include <curl/curl.h>

#include "core/alloc.h"
#include "core/buf.h"

void ra_url_init(struct ra_url *u)
{
  memset(u, 0, sizeof(*u));
}

void ra_url_free(struct ra_url *u)
{
  if(!u)
    return;
  ra_free(u->scheme);
  ra_free(u->host);
  ra_free(u->port);
  ra_free(u->path);
  ra_free(u->query);
  ra_url_init(u);
}

/* One part as a new ra_alloc string, NULL when absent. */
static char *part(CURLU *h, CURLUPart what)
{
  char *v = NULL;
  char *copy = NULL;
  if(!curl_url_get(h, what, &v, 0) && v)
    copy = ra_strdup(v);
  curl_free(v);
  return copy;
}

ra_code ra_url_parse(struct ra_url *out, const char *url, unsigned flags)
{
  CURLU *h;
  char *user = NULL;
  ra_code result = RA_E_INVALID;
  ra_url_free(out);
  if(!url)
    return RA_E_INVALID;
  h = curl_url();
  if(!h)
    return RA_E_INTERNAL;
  if(curl_url_set(h, CURLUPART_URL, url,
                  (flags & RA_URL_PATH_AS_IS) ? CURLU_PATH_AS_IS : 0))
    goto done;
  out->scheme = part(h, CURLUPART_SCHEME);
  out->host = part(h, CURLUPART_HOST);
  if(!out->scheme || !out->host || !out->host[0])
    goto done;
  out->port = part(h, CURLUPART_PORT);
  out->path = part(h, CURLUPART_PATH);
  if(!out->path || !out->path[0]) {
    ra_free(out->path);
    out->path = ra_strdup("/");
  }
  out->query = part(h, CURLUPART_QUERY);
  out->has_userinfo = !curl_url_get(h, CURLUPART_USER, &user, 0);
  result = RA_OK;
done:
  curl_free(user);
  curl_url_cleanup(h);
  if(result)
    ra_url_free(out);
  return result;
}

char *ra_url_hostport(const struct ra_url *u)
{
  struct ra_buf b;
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  /* cannot fail: unlimited buffer, allocation failure aborts */
  ra_buf_puts(&b, u->host ? u->host : "");
  if(u->port)
    ra_buf_putf(&b, ":%s", u->port);
  return ra_buf_take(&b, NULL);
}

char *ra_url_target(const struct ra_url *u)
{
  struct ra_buf b;
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  ra_buf_puts(&b, u->path ? u->path : "/");
  if(u->query)
    ra_buf_putf(&b, "?%s", u->query);
  return ra_buf_take(&b, NULL);
}

char *ra_url_host(const char *url)
{
  struct ra_url u;
  char *host = NULL;
  ra_url_init(&u);
  if(!ra_url_parse(&u, url, 0)) {
    host = u.host;
    u.host = NULL;
  }
  ra_url_free(&u);
  return host;
}

size_t ra_url_scheme_len(const char *url)
{
  size_t n = 0;
  if(!url || !isalpha((unsigned char)url[0]))
    return 0;
  while(isalnum((unsigned char)url[n]) || url[n] == '+' || url[n] == '-' ||
        url[n] == '.')
    n++;
  return url[n] == ':' && n < 32 ? n : 0;
}
