/* Interrupted runs (SIGINT, SIGTERM) leave their reports complete for the
 * cases judged. Call ra_report_interrupt_arm() from the main thread BEFORE
 * starting any worker thread: it blocks SIGINT and SIGTERM in the calling
 * thread (new threads inherit that mask) and starts a watcher thread
 * waiting in sigwait(). On either signal the watcher takes ra_run_lock(),
 * calls on_signal(sig, arg) (which writes whatever reports the caller
 * asked for, from the verdicts completed so far), flushes stdio and exits
 * with 128 + signal: 130 for SIGINT, 143 for SIGTERM, as a shell reports a
 * process killed by them. No code runs in signal context.
 * ra_report_interrupt_disarm() stops the watcher and restores the caller's
 * signal mask. Only one arm at a time (RA_E_STATE otherwise). */
#ifndef RA_REPORT_INTERRUPT_H
#define RA_REPORT_INTERRUPT_H

#include "core/code.h"

#define RA_EXIT_SIGNAL_BASE 128

ra_code ra_report_interrupt_arm(void (*on_signal)(int sig, void *arg),
                                void *arg);
void ra_report_interrupt_disarm(void);

#endif
