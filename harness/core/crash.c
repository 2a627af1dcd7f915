#include "core/crash.h"

#include <execinfo.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define RA_CRASH_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RA_CRASH_UNDER_ASAN 1
#endif
#endif

#ifndef RA_CRASH_UNDER_ASAN
static const int fatal_signals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};

static const char *signal_name(int sig)
{
  switch(sig) {
  case SIGSEGV:
    return "SIGSEGV";
  case SIGBUS:
    return "SIGBUS";
  case SIGFPE:
    return "SIGFPE";
  case SIGILL:
    return "SIGILL";
  case SIGABRT:
    return "SIGABRT";
  default:
    return "signal";
  }
}

/* write(2) only: the heap may be what broke. */
static void say(const char *s)
{
  size_t n = strlen(s);
  while(n) {
    ssize_t w = write(2, s, n);
    if(w <= 0)
      return;
    s += w;
    n -= (size_t)w;
  }
}

static void on_fatal(int sig)
{
  void *frames[64];
  int n;
  char num[12];
  int i = (int)sizeof(num) - 1;
  unsigned v = (unsigned)sig;
  num[i] = '\0';
  do {
    num[--i] = (char)('0' + v % 10);
    v /= 10;
  } while(v && i);
  say("raconform: fatal signal ");
  say(num + i);
  say(" (");
  say(signal_name(sig));
  say("); backtrace:\n");
  n = backtrace(frames, (int)(sizeof(frames) / sizeof(frames[0])));
  backtrace_symbols_fd(frames, n, 2);
  /* SA_RESETHAND already restored the default action: die of sig. */
  raise(sig);
}

#endif

int ra_crash_install(void)
{
#ifdef RA_CRASH_UNDER_ASAN
  return 0;
#else
  struct sigaction sa;
  size_t i;
  void *warm[1];
  /* backtrace() loads libgcc on first use: do it now, not in the handler. */
  (void)backtrace(warm, 1);
  memset(&sa, 0, sizeof(sa));
  sa.sa_handler = on_fatal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESETHAND | SA_NODEFER;
  for(i = 0; i < sizeof(fatal_signals) / sizeof(fatal_signals[0]); i++)
    sigaction(fatal_signals[i], &sa, NULL);
  return 1;
#endif
}
