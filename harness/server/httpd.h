/* The reference server's HTTP/1.1 listener: libmicrohttpd on an IPv4
 * address, the framing refusals made before a request is read (ambiguous
 * Content-Length + Transfer-Encoding, bodies over RA_REFSERVER_BODY_MAX,
 * too many header fields), each in the envelope of what the request is for,
 * and the connection guard (server/connguard.h). Every complete request
 * goes to ra_refserver_handle. Internal to server/ (refserver.c starts and
 * stops it).
 *
 * Ownership: ra_httpd_start fills the server's daemon, guard, host, port
 * and URL strings; ra_refserver_stop frees the strings, ra_httpd_stop the
 * rest. */
#ifndef RA_SERVER_HTTPD_H
#define RA_SERVER_HTTPD_H

#include "core/code.h"
#include "core/error.h"
#include "server/refserver.h"

/* Listens on listen ("ADDR:PORT"; NULL: "127.0.0.1:0"). RA_E_CONFIG for a
 * bad address, or one outside 127.0.0.0/8 without allow_remote; RA_E_IO
 * when the socket cannot be bound. */
ra_code ra_httpd_start(struct ra_refserver *s, const char *listen,
                       int allow_remote, struct ra_error *err);
/* Stops listening (waits for the server threads) and frees the guard. */
void ra_httpd_stop(struct ra_refserver *s);

#endif
