/* A last word from a crashing process. ra_crash_install() sets handlers for
 * SIGSEGV, SIGBUS, SIGFPE, SIGILL and SIGABRT that write the signal and a
 * raw backtrace (module+offset per frame, resolvable with addr2line against
 * the same build) to stderr, then re-raise the signal with its default
 * action, so the exit status is unchanged. A suite that is pointed at
 * hostile endpoints should never crash; when it does, the log says where.
 *
 * Not installed under AddressSanitizer, whose own report is better. */
#ifndef RA_CORE_CRASH_H
#define RA_CORE_CRASH_H

/* Call once, early in main(); returns 1 when handlers were installed. */
int ra_crash_install(void);

#endif
