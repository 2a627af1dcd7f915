/* Connection guard of the reference server: peers that trickle bytes (or
 * open connections and send nothing) cannot hold it (SPEC §7).
 *
 * libmicrohttpd's idle timeout restarts on every byte received, so a peer
 * that sends one header line every few seconds keeps a connection forever,
 * and enough of them fill the connection limit. The guard tracks every
 * connection with the time it was opened or last finished a request and:
 *   - closes (shutdown(2), libmicrohttpd then sees the end of the stream)
 *     any connection that has not finished a request within the deadline,
 *     an overall bound whatever the peer trickles;
 *   - when the server holds more than soft_total connections, or a peer
 *     address more than soft_per_ip, closes the stalled ones (no request
 *     finished for stall_ms, none being answered), oldest first, so a
 *     new peer always finds room under libmicrohttpd's hard limits.
 * A connection whose request is being answered is never closed by the
 * guard (slow answers are the handler's choice, e.g. client-check's).
 *
 * Ownership: the guard owns its records; ra_connguard_opened returns a
 * borrowed record valid until ra_connguard_closed. The fd stays the
 * caller's: the guard only shuts it down, and never after _closed.
 * Thread-safe. */
#ifndef RA_SERVER_CONNGUARD_H
#define RA_SERVER_CONNGUARD_H

#include <stddef.h>
#include <stdint.h>

#include "core/code.h"

struct ra_connguard;
struct ra_connguard_conn;

struct ra_connguard_limits {
  unsigned deadline_ms;   /* per request, from open or the last answer */
  unsigned stall_ms;      /* a connection this quiet may be evicted */
  size_t soft_total;      /* evict stalled connections above this */
  size_t soft_per_ip;     /* ... and above this many from one address */
  unsigned tick_ms;       /* how often the reaper looks */
};

/* The reaper thread starts here; RA_E_INTERNAL when it cannot. */
ra_code ra_connguard_new(struct ra_connguard **out,
                         const struct ra_connguard_limits *limits);
/* Stops the reaper and frees; call after the server stopped. NULL fine. */
void ra_connguard_free(struct ra_connguard *g);

/* A new connection on fd from IPv4 address ip (network order). May evict
 * stalled connections of the same address (soft_per_ip). */
struct ra_connguard_conn *ra_connguard_opened(struct ra_connguard *g, int fd,
                                              uint32_t ip);
void ra_connguard_closed(struct ra_connguard *g,
                         struct ra_connguard_conn *c);
/* The request on c is being answered (1) or was answered (0: restarts the
 * deadline). */
void ra_connguard_busy(struct ra_connguard *g, struct ra_connguard_conn *c,
                       int busy);

/* Connections closed by the guard so far (deadline, eviction). */
size_t ra_connguard_closed_count(struct ra_connguard *g);

#endif
