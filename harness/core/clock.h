/* Injectable time. Everything that needs "now" takes a struct ra_clock so
 * vectors and tests run on a fixed clock. Times are UTC epoch milliseconds. */
#ifndef RA_CORE_CLOCK_H
#define RA_CORE_CLOCK_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "core/code.h"

struct ra_clock {
  int64_t (*now_ms)(void *ctx);
  void *ctx;
};

/* The system clock (CLOCK_REALTIME). */
struct ra_clock ra_clock_system(void);
/* A clock that always answers *fixed_ms (ctx points at the caller's value). */
struct ra_clock ra_clock_fixed(int64_t *fixed_ms);
int64_t ra_clock_now_ms(const struct ra_clock *clock);
/* Monotonic milliseconds for measuring durations (not injectable). */
int64_t ra_clock_monotonic_ms(void);
/* Sleeps ms milliseconds (nothing for ms <= 0), resuming after a signal. */
void ra_clock_sleep_ms(long ms);
/* Waits on cond (lock held, as pthread_cond_timedwait wants) for at most
 * ms milliseconds. 1 when the time ran out, 0 when woken (or on a spurious
 * wake-up: callers re-check their condition). */
int ra_clock_cond_wait_ms(pthread_cond_t *cond, pthread_mutex_t *lock,
                          long ms);

/* Parses an xs:dateTime as sent in legacy Timestamps
 * ("2015-08-30T12:36:00Z", "...00.123Z", "...00-07:00") or the SigV4 basic
 * form "20150830T123600Z". Returns RA_E_PARSE on anything else. */
ra_code ra_clock_parse_iso8601(const char *text, int64_t *ms_out);
/* "2015-08-30T12:36:00Z" (out must hold 21 bytes). */
void ra_clock_format_iso8601(int64_t ms, char out[21]);
/* "20150830T123600Z" (out must hold 17 bytes). */
void ra_clock_format_amz(int64_t ms, char out[17]);

#endif
