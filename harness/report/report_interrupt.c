#include "report/report_interrupt.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "proto/verdict.h"

static struct {
  int armed;
  volatile int disarming;
  pthread_t thread;
  sigset_t old_mask;
  void (*on_signal)(int sig, void *arg);
  void *arg;
} watch;

static void *watcher(void *unused)
{
  sigset_t set;
  int sig = 0;
  (void)unused;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  if(sigwait(&set, &sig) || watch.disarming)
    return NULL;
  ra_run_lock();
  watch.on_signal(sig, watch.arg);
  fflush(NULL);
  _exit(RA_EXIT_SIGNAL_BASE + sig);
  return NULL;
}

ra_code ra_report_interrupt_arm(void (*on_signal)(int sig, void *arg),
                                void *arg)
{
  sigset_t set;
  if(watch.armed)
    return RA_E_STATE;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  if(pthread_sigmask(SIG_BLOCK, &set, &watch.old_mask))
    return RA_E_INTERNAL;
  watch.on_signal = on_signal;
  watch.arg = arg;
  watch.disarming = 0;
  if(pthread_create(&watch.thread, NULL, watcher, NULL)) {
    pthread_sigmask(SIG_SETMASK, &watch.old_mask, NULL);
    return RA_E_INTERNAL;
  }
  watch.armed = 1;
  return RA_OK;
}

void ra_report_interrupt_disarm(void)
{
  if(!watch.armed)
    return;
  /* wake the watcher with a signal aimed at it alone */
  watch.disarming = 1;
  pthread_kill(watch.thread, SIGTERM);
  pthread_join(watch.thread, NULL);
  pthread_sigmask(SIG_SETMASK, &watch.old_mask, NULL);
  watch.on_signal = NULL;
  watch.arg = NULL;
  watch.armed = 0;
}
