#include "core/clock.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static int64_t system_now(void *ctx)
{
  struct timespec ts;
  (void)ctx;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t fixed_now(void *ctx)
{
  return *(int64_t *)ctx;
}

int ra_clock_cond_wait_ms(pthread_cond_t *cond, pthread_mutex_t *lock,
                          long ms)
{
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  ts.tv_sec += ms / 1000;
  ts.tv_nsec += (ms % 1000) * 1000000L;
  if(ts.tv_nsec >= 1000000000L) {
    ts.tv_sec++;
    ts.tv_nsec -= 1000000000L;
  }
  return pthread_cond_timedwait(cond, lock, &ts) == ETIMEDOUT;
}

struct ra_clock ra_clock_system(void)
{
  struct ra_clock c = {system_now, NULL};
  return c;
}

struct ra_clock ra_clock_fixed(int64_t *fixed_ms)
{
  struct ra_clock c = {fixed_now, fixed_ms};
  return c;
}

int64_t ra_clock_now_ms(const struct ra_clock *clock)
{
  return clock->now_ms(clock->ctx);
}

int64_t ra_clock_monotonic_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void ra_clock_sleep_ms(long ms)
{
  struct timespec ts;
  if(ms <= 0)
    return;
  ts.tv_sec = ms / 1000;
  ts.tv_nsec = (ms % 1000) * 1000000L;
  while(nanosleep(&ts, &ts) && errno == EINTR)
    ;
}

/* Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
  int64_t era;
  unsigned yoe, doy, doe;
  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = (unsigned)(y - era * 400);
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (int64_t)doe - 719468;
}

static int digits(const char *p, int n, int *out)
{
  int v = 0;
  int i;
  for(i = 0; i < n; i++) {
    if(!isdigit((unsigned char)p[i]))
      return 0;
    v = v * 10 + (p[i] - '0');
  }
  *out = v;
  return 1;
}

static int days_in_month(int y, int m)
{
  static const int dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if(m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
    return 29;
  return dim[m - 1];
}

ra_code ra_clock_parse_iso8601(const char *text, int64_t *ms_out)
{
  int y, mo, d, h, mi, s, ms = 0, off = 0;
  const char *p = text;
  size_t len = strlen(text);
  if(len == 16 && text[8] == 'T' && text[15] == 'Z') {
    /* basic: YYYYMMDDTHHMMSSZ */
    if(!digits(p, 4, &y) || !digits(p + 4, 2, &mo) || !digits(p + 6, 2, &d) ||
       !digits(p + 9, 2, &h) || !digits(p + 11, 2, &mi) ||
       !digits(p + 13, 2, &s))
      return RA_E_PARSE;
    p += 16;
  }
  else {
    if(len < 20)
      return RA_E_PARSE;
    if(!digits(p, 4, &y) || p[4] != '-' || !digits(p + 5, 2, &mo) ||
       p[7] != '-' || !digits(p + 8, 2, &d) || p[10] != 'T' ||
       !digits(p + 11, 2, &h) || p[13] != ':' || !digits(p + 14, 2, &mi) ||
       p[16] != ':' || !digits(p + 17, 2, &s))
      return RA_E_PARSE;
    p += 19;
    if(*p == '.') {
      int n = 0;
      int scale = 100;
      p++;
      while(isdigit((unsigned char)p[n])) {
        if(scale) {
          ms += (p[n] - '0') * scale;
          scale /= 10;
        }
        n++;
      }
      if(n == 0 || n > 9)
        return RA_E_PARSE;
      p += n;
    }
    if(*p == 'Z') {
      p++;
    }
    else if(*p == '+' || *p == '-') {
      int oh, om;
      if(!digits(p + 1, 2, &oh) || p[3] != ':' || !digits(p + 4, 2, &om) ||
         oh > 23 || om > 59)
        return RA_E_PARSE;
      off = (oh * 60 + om) * (*p == '+' ? 1 : -1);
      p += 6;
    }
    else {
      return RA_E_PARSE;
    }
  }
  if(*p)
    return RA_E_PARSE;
  if(mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 ||
     mi > 59 || s > 60)
    return RA_E_PARSE;
  *ms_out = ((days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 +
              h * 3600 + mi * 60 + s) - (int64_t)off * 60) * 1000 + ms;
  return RA_OK;
}

static void split(int64_t ms, struct tm *tm)
{
  time_t t = (time_t)(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
  gmtime_r(&t, tm);
}

void ra_clock_format_iso8601(int64_t ms, char out[21])
{
  struct tm tm;
  split(ms, &tm);
  strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void ra_clock_format_amz(int64_t ms, char out[17])
{
  struct tm tm;
  split(ms, &tm);
  strftime(out, 17, "%Y%m%dT%H%M%SZ", &tm);
}
