/* A child process run to completion: fork/exec with stdin fed from memory,
 * stdout and stderr captured, a timeout, and nothing left behind.
 *
 * Contract:
 * - the child runs in its own process group; when the run ends (exit,
 *   timeout or grace expired) that whole group gets SIGKILL, so a child's
 *   background processes do not outlive it, and the child is always reaped
 *   (no zombie);
 * - stdin is written with non-blocking writes in the same poll() loop that
 *   drains stdout and stderr, so a child that writes a lot before reading
 *   (or never reads) cannot deadlock the run; stdin is closed once written;
 *   a child that exits without reading costs an EPIPE, never a SIGPIPE
 *   (SIGPIPE is blocked in the calling thread during the run and a pending
 *   one it caused is consumed; process-wide signal state is not touched);
 * - after the child exits, grandchildren still holding its stdout/stderr get
 *   RA_CHILD_GRACE_MS to let go before the group is killed; how many
 *   processes of the group were still there then is reported (leftovers:
 *   a process that leaves its group with setsid() escapes this count and
 *   the kill);
 * - another thread can end the run early through spec->cancel (noticed
 *   within 50 ms; the group is killed as on a timeout);
 * - the caller owns the spec (borrowed for the call) and the result
 *   (ra_child_result_init before, ra_child_result_free after, whatever
 *   ra_child_run returns). */
#ifndef RA_CORE_CHILD_H
#define RA_CORE_CHILD_H

#include <stddef.h>

#include "core/buf.h"
#include "core/code.h"

#define RA_CHILD_GRACE_MS 500

struct ra_child_spec {
  /* argv[0] is looked up in PATH (the PATH of env when env is given). */
  char *const *argv;
  /* The child's whole environment; NULL inherits the caller's. */
  char *const *env;
  /* Written to the child's stdin, then EOF; NULL gives it /dev/null. */
  const char *stdin_data;
  size_t stdin_len;
  /* From the fork to SIGKILL of the group; 0 or less: no timeout. */
  long timeout_ms;
  /* Per stream; bytes past it are read and dropped. 0: no cap. */
  size_t output_max;
  /* When not NULL: the run ends as soon as *cancel is non-zero (set by
   * another thread with __atomic_store_n). */
  const int *cancel;
};

struct ra_child_result {
  struct ra_buf out;            /* the child's stdout */
  struct ra_buf err;            /* its stderr; on exec_failed, the reason */
  int status;                   /* waitpid status, when exited */
  int exited;                   /* 1 once reaped (also after a kill) */
  int timed_out;                /* 1 when the timeout killed the child */
  int cancelled;                /* 1 when spec->cancel ended the run */
  unsigned leftovers;           /* processes of the child's group still
                                   running after it exited (then killed) */
  int exec_failed;              /* 1 when COMMAND could not be executed */
  int out_truncated;            /* 1 when output_max dropped stdout bytes */
  int err_truncated;            /* same for stderr */
  double duration_ms;           /* fork to reap */
};

void ra_child_result_init(struct ra_child_result *res);
void ra_child_result_free(struct ra_child_result *res);

/* Runs spec->argv to completion and fills *out (emptied first). Returns
 * RA_OK when the child ran, whatever its exit status (see out->status,
 * out->timed_out, out->exec_failed: the exec failed, the reason is in
 * out->err); RA_E_INVALID for an empty argv; RA_E_IO when no pipe or
 * process could be made (exec_failed is then set too, the reason in
 * out->err). */
ra_code ra_child_run(struct ra_child_result *out,
                     const struct ra_child_spec *spec);

#endif
