/* Child processes: stdin fed while stdout and stderr drain, exit status,
 * exec failure, output cap, timeout of a whole process group, environment,
 * and nothing left behind (no zombie, no SIGPIPE, the signal mask as it
 * was). */
#include <check.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/child.h"
#include "check_run.h"

#define MB (1024 * 1024)

/* argv and env are char *const * as execvp takes them; nothing writes
 * through them, so literals can be passed. */
#define LIT(s) ((char *)(s))

static ra_code run_sh(struct ra_child_result *res, const char *script,
                      const char *in, size_t in_len, long timeout_ms)
{
  char *argv[] = {LIT("/bin/sh"), LIT("-c"), NULL, NULL};
  struct ra_child_spec spec;
  argv[2] = (char *)script;
  memset(&spec, 0, sizeof(spec));
  spec.argv = argv;
  spec.stdin_data = in;
  spec.stdin_len = in_len;
  spec.timeout_ms = timeout_ms;
  return ra_child_run(res, &spec);
}

static int exit_status(const struct ra_child_result *res)
{
  return res->exited && WIFEXITED(res->status) ? WEXITSTATUS(res->status)
                                               : -1;
}

/* No child of ours is left, not even a zombie. */
static void assert_no_children(void)
{
  pid_t w = waitpid(-1, NULL, WNOHANG);
  ck_assert_int_eq(w, -1);
  ck_assert_int_eq(errno, ECHILD);
}

/* A process is gone once it no longer exists or is a zombie waiting for
 * whoever adopted it. Waits up to 2 s for the kill to land. */
static int process_gone(long pid)
{
  int tries;
  for(tries = 0; tries < 200; tries++) {
    char path[64], state = '?';
    FILE *f;
    struct timespec ts = {0, 10 * 1000000L};
    snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
    f = fopen(path, "r");
    if(!f)
      return 1;
    /* "pid (comm) S ...": the state follows the last ')'. */
    {
      char line[512];
      size_t n = fread(line, 1, sizeof(line) - 1, f);
      char *close_paren;
      line[n] = '\0';
      close_paren = strrchr(line, ')');
      if(close_paren && close_paren[1] == ' ')
        state = close_paren[2];
    }
    fclose(f);
    if(state == 'Z' || state == 'X')
      return 1;
    nanosleep(&ts, NULL);
  }
  return 0;
}

static int sigpipe_blocked(void)
{
  sigset_t now;
  sigemptyset(&now);
  pthread_sigmask(SIG_BLOCK, NULL, &now);
  return sigismember(&now, SIGPIPE);
}

static int sigpipe_pending(void)
{
  sigset_t pending;
  sigemptyset(&pending);
  sigpending(&pending);
  return sigismember(&pending, SIGPIPE);
}

START_TEST(test_child__stdin_to_stdout)
{
  struct ra_child_result res;
  static const char in[] = "hello\0world\n";
  ra_child_result_init(&res);
  ck_assert_int_eq(run_sh(&res, "cat", in, sizeof(in) - 1, 10000), RA_OK);
  ck_assert_int_eq(exit_status(&res), 0);
  ck_assert(!res.timed_out && !res.exec_failed);
  ck_assert_uint_eq(res.out.len, sizeof(in) - 1);
  ck_assert(!memcmp(res.out.ptr, in, sizeof(in) - 1));
  ck_assert_uint_eq(res.err.len, 0);
  ra_child_result_free(&res);
  assert_no_children();
}
END_TEST

START_TEST(test_child__large_stdin_echoed)
{
  struct ra_child_result res;
  char *in = ra_malloc(MB);
  size_t i;
  for(i = 0; i < MB; i++)
    in[i] = (char)('a' + i % 26);
  ra_child_result_init(&res);
  ck_assert_int_eq(run_sh(&res, "cat", in, MB, 20000), RA_OK);
  ck_assert_int_eq(exit_status(&res), 0);
  ck_assert(!res.timed_out);
  ck_assert_uint_eq(res.out.len, MB);
  ck_assert(!memcmp(res.out.ptr, in, MB));
  ra_child_result_free(&res);
  ra_free(in);
}
END_TEST

/* A child that fills its stdout pipe before reading anything: writing all
 * of stdin first, then reading, would deadlock. */
START_TEST(test_child__writes_before_reading)
{
  struct ra_child_result res;
  char *in = ra_malloc(MB);
  memset(in, 'x', MB);
  ra_child_result_init(&res);
  ck_assert_int_eq(run_sh(&res, "yes | head -c 2000000; wc -c", in, MB,
                          20000), RA_OK);
  ck_assert(!res.timed_out);
  ck_assert_int_eq(exit_status(&res), 0);
  /* 2000000 bytes of "y\n", then wc's count of the stdin it got. */
  ck_assert_uint_gt(res.out.len, 2000000);
  ck_assert(!memcmp(res.out.ptr + 1999998, "y\n", 2));
  ck_assert_int_eq(atol(res.out.ptr + 2000000), MB);
  ra_child_result_free(&res);
  ra_free(in);
  assert_no_children();
}
END_TEST

/* The child closes its stdin and never reads: the write gets EPIPE, the
 * caller gets no SIGPIPE (it would die of it), and the mask is restored. */
START_TEST(test_child__child_that_does_not_read)
{
  struct ra_child_result res;
  char *in = ra_malloc(MB);
  memset(in, 'x', MB);
  ck_assert(!sigpipe_blocked());
  ra_child_result_init(&res);
  ck_assert_int_eq(run_sh(&res, "exec 0<&-; sleep 0.3; echo done", in, MB,
                          10000), RA_OK);
  ck_assert_int_eq(exit_status(&res), 0);
  ck_assert_str_eq(ra_buf_str(&res.out), "done\n");
  ck_assert(!sigpipe_pending());
  ck_assert(!sigpipe_blocked());
  ra_child_result_free(&res);
  ra_free(in);
  assert_no_children();
}
END_TEST

static volatile sig_atomic_t sigpipes_caught;

static void count_sigpipe(int sig)
{
  (void)sig;
  sigpipes_caught++;
}

/* Whether the write comes after the child closed its stdin is a race (the
 * child must win it while the pipe has room); over 50 runs it is won many
 * times on a typical machine. A SIGPIPE that reached the caller, at once or
 * left pending until the mask is restored, would hit the handler. */
START_TEST(test_child__no_sigpipe_reaches_the_caller)
{
  struct ra_child_result res;
  struct sigaction sa, old;
  char *in = ra_malloc(MB);
  int i;
  memset(in, 'x', MB);
  memset(&sa, 0, sizeof(sa));
  sa.sa_handler = count_sigpipe;
  sigemptyset(&sa.sa_mask);
  ck_assert_int_eq(sigaction(SIGPIPE, &sa, &old), 0);
  sigpipes_caught = 0;
  ra_child_result_init(&res);
  for(i = 0; i < 50; i++) {
    ck_assert_int_eq(run_sh(&res, "exec 0<&-; sleep 0.01", in, MB, 10000),
                     RA_OK);
    ck_assert_int_eq(exit_status(&res), 0);
  }
  ck_assert_int_eq(sigpipes_caught, 0);
  ck_assert(!sigpipe_pending());
  ck_assert(!sigpipe_blocked());
  sigaction(SIGPIPE, &old, NULL);
  ra_child_result_free(&res);
  ra_free(in);
  assert_no_children();
}
END_TEST

/* SIGPIPE is blocked only in the caller: the child is born without it
 * blocked, so `yes | head` ends as it does in a shell. */
START_TEST(test_child__child_signal_mask_untouched)
{
  struct ra_child_result res;
  unsigned long long blocked = ~0ULL;
  const char *line;
  ra_child_result_init(&res);
  ck_assert_int_eq(run_sh(&res, "cat >/dev/null; grep SigBlk "
                          "/proc/self/status", "input", 5, 10000), RA_OK);
  ck_assert_int_eq(exit_status(&res), 0);
  line = strstr(ra_buf_str(&res.out), "SigBlk:");
  ck_assert_ptr_nonnull(line);
  blocked = strtoull(line + 7, NULL, 16);
  ck_assert_uint_eq(blocked & (1ULL << (SIGPIPE - 1)), 0);
  ra_child_result_free(&res);
}
END_TEST

START_TEST(test_child__stderr_and_exit_status)
{
  struct ra_child_result res;
  ra_child_result_init(&res);
  ck_assert_int_eq(run_sh(&res, "echo out; echo err >&2; exit 3", NULL, 0,
                          10000), RA_OK);
  ck_assert_int_eq(exit_status(&res), 3);
  ck_assert_str_eq(ra_buf_str(&res.out), "out\n");
  ck_assert_str_eq(ra_buf_str(&res.err), "err\n");
  ck_assert(!res.exec_failed && !res.timed_out);
  /* The result is reusable: a second run empties it first. */
  ck_assert_int_eq(run_sh(&res, "echo again", NULL, 0, 10000), RA_OK);
  ck_assert_int_eq(exit_status(&res), 0);
  ck_assert_str_eq(ra_buf_str(&res.out), "again\n");
  ck_assert_str_eq(ra_buf_str(&res.err), "");
  ra_child_result_free(&res);
}
END_TEST

/* No stdin_data: the child reads /dev/null, not the caller's stdin. */
START_TEST(test_child__no_stdin_is_dev_null)
{
  struct ra_child_result res;
  ra_child_result_init(&res);
  ck_assert_int_eq(run_sh(&res, "wc -c; readlink /proc/self/fd/0", NULL, 0,
                          5000), RA_OK);
  ck_assert(!res.timed_out);
  ck_assert_int_eq(exit_status(&res), 0);
  ck_assert_str_eq(ra_buf_str(&res.out), "0\n/dev/null\n");
  ra_child_result_free(&res);
}
END_TEST

START_TEST(test_child__exec_failure)
{
  struct ra_child_result res;
  char *missing[] = {LIT("/nonexistent/raconform-no-such-program"), NULL};
  char *not_in_path[] = {LIT("raconform-no-such-program-in-path"), NULL};
  struct ra_child_spec spec;
  memset(&spec, 0, sizeof(spec));
  spec.argv = missing;
  spec.timeout_ms = 5000;
  ra_child_result_init(&res);
  ck_assert_int_eq(ra_child_run(&res, &spec), RA_OK);
  ck_assert(res.exec_failed);
  ck_assert(!res.timed_out);
  ck_assert_int_eq(exit_status(&res), 127);
  ck_assert_str_eq(ra_buf_str(&res.err), "cannot execute "
                   "'/nonexistent/raconform-no-such-program': No such file "
                   "or directory");
  spec.argv = not_in_path;
  ck_assert_int_eq(ra_child_run(&res, &spec), RA_OK);
  ck_assert(res.exec_failed);
  ck_assert_ptr_nonnull(strstr(ra_buf_str(&res.err),
                               "'raconform-no-such-program-in-path'"));
  /* A program that runs and exits 127 itself is not an exec failure. */
  ck_assert_int_eq(run_sh(&res, "exit 127", NULL, 0, 5000), RA_OK);
  ck_assert(!res.exec_failed);
  ck_assert_int_eq(exit_status(&res), 127);
  ra_child_result_free(&res);
  assert_no_children();
}
END_TEST

START_TEST(test_child__invalid_spec)
{
  struct ra_child_result res;
  char *empty[] = {NULL};
  struct ra_child_spec spec;
  memset(&spec, 0, sizeof(spec));
  ra_child_result_init(&res);
  ck_assert_int_eq(ra_child_run(&res, &spec), RA_E_INVALID);
  spec.argv = empty;
  ck_assert_int_eq(ra_child_run(&res, &spec), RA_E_INVALID);
  ck_assert(!res.exited);
  ra_child_result_free(&res);
}
END_TEST

/* Past the cap the bytes are read and dropped (the child is not blocked on
 * a full pipe) and the result says so. */
START_TEST(test_child__output_cap)
{
  struct ra_child_result res;
  char *argv[] = {LIT("/bin/sh"), LIT("-c"),
                  LIT("yes | head -c 300000; yes e | head -c 5000 >&2"),
                  NULL};
  struct ra_child_spec spec;
  memset(&spec, 0, sizeof(spec));
  spec.argv = argv;
  spec.timeout_ms = 10000;
  spec.output_max = 1000;
  ra_child_result_init(&res);
  ck_assert_int_eq(ra_child_run(&res, &spec), RA_OK);
  ck_assert(!res.timed_out);
  ck_assert_int_eq(exit_status(&res), 0);
  ck_assert_uint_eq(res.out.len, 1000);
  ck_assert_uint_eq(res.err.len, 1000);
  ck_assert(res.out_truncated && res.err_truncated);
  ck_assert(!memcmp(res.out.ptr, "y\ny\n", 4));
  ck_assert(!memcmp(res.err.ptr, "e\ne\n", 4));
  spec.output_max = 0;
  ck_assert_int_eq(ra_child_run(&res, &spec), RA_OK);
  ck_assert_uint_eq(res.out.len, 300000);
  ck_assert(!res.out_truncated);
  ra_child_result_free(&res);
}
END_TEST

/* The timeout kills the child and its grandchild (the process group),
 * promptly, and reaps the child. */
START_TEST(test_child__timeout_kills_the_group)
{
  struct ra_child_result res;
  long grandchild;
  ra_child_result_init(&res);
  /* 1 s leaves a loaded CI machine time to start sh and print $!. */
  ck_assert_int_eq(run_sh(&res, "sleep 30 & echo $!; sleep 30", NULL, 0,
                          1000), RA_OK);
  ck_assert(res.timed_out);
  ck_assert(res.exited);
  ck_assert(WIFSIGNALED(res.status));
  ck_assert_int_eq(WTERMSIG(res.status), SIGKILL);
  ck_assert_double_ge(res.duration_ms, 990);
  ck_assert_double_lt(res.duration_ms, 6000);
  grandchild = atol(ra_buf_str(&res.out));
  ck_assert_int_gt(grandchild, 1);
  ck_assert(process_gone(grandchild));
  ra_child_result_free(&res);
  assert_no_children();
}
END_TEST

/* The child exits while a grandchild holds its stdout: the run ends after
 * the grace period, not at the timeout, and the grandchild is killed; a
 * background process that holds no pipe is killed as well. */
START_TEST(test_child__grandchild_holding_pipes)
{
  struct ra_child_result res;
  long grandchild;
  ra_child_result_init(&res);
  ck_assert_int_eq(run_sh(&res, "sleep 30 & echo $!; exit 4", NULL, 0,
                          20000), RA_OK);
  ck_assert(!res.timed_out);
  ck_assert_int_eq(exit_status(&res), 4);
  ck_assert_double_ge(res.duration_ms, RA_CHILD_GRACE_MS - 10);
  ck_assert_double_lt(res.duration_ms, 5000);
  grandchild = atol(ra_buf_str(&res.out));
  ck_assert_int_gt(grandchild, 1);
  ck_assert(process_gone(grandchild));
  /* The left-over process was counted before the group was killed. */
  ck_assert_uint_eq(res.leftovers, 1);

  /* No pipe held: no grace wait. Best of three, so one slow start on a
   * loaded machine does not count as a wait. */
  {
    double best = 1e9;
    int k;
    for(k = 0; k < 3; k++) {
      ck_assert_int_eq(run_sh(&res, "sleep 30 >/dev/null 2>&1 & echo $!",
                              NULL, 0, 20000), RA_OK);
      ck_assert_int_eq(exit_status(&res), 0);
      if(res.duration_ms < best)
        best = res.duration_ms;
      grandchild = atol(ra_buf_str(&res.out));
      ck_assert_int_gt(grandchild, 1);
      ck_assert(process_gone(grandchild));
    }
    ck_assert_double_lt(best, RA_CHILD_GRACE_MS);
  }
  ra_child_result_free(&res);
  assert_no_children();
}
END_TEST

static int cancel_flag;

static void *cancel_later(void *arg)
{
  (void)arg;
  usleep(300 * 1000);
  __atomic_store_n(&cancel_flag, 1, __ATOMIC_RELEASE);
  return NULL;
}

START_TEST(test_child__cancel_from_another_thread)
{
  struct ra_child_result res;
  struct ra_child_spec spec;
  char *argv[] = {LIT("/bin/sh"), LIT("-c"), LIT("sleep 30"), NULL};
  pthread_t t;
  ra_child_result_init(&res);
  memset(&spec, 0, sizeof(spec));
  spec.argv = argv;
  spec.timeout_ms = 20000;
  spec.cancel = &cancel_flag;
  cancel_flag = 0;
  ck_assert_int_eq(pthread_create(&t, NULL, cancel_later, NULL), 0);
  ck_assert_int_eq(ra_child_run(&res, &spec), RA_OK);
  pthread_join(t, NULL);
  ck_assert(res.cancelled);
  ck_assert(!res.timed_out);
  ck_assert_double_lt(res.duration_ms, 5000);
  ck_assert_uint_eq(res.leftovers, 0);
  ra_child_result_free(&res);
  assert_no_children();
}
END_TEST

START_TEST(test_child__environment)
{
  struct ra_child_result res;
  char *argv[] = {LIT("sh"), LIT("-c"),
                  LIT("echo \"$RA_CHILD_A|$RA_CHILD_INHERITED\""), NULL};
  char *env[] = {LIT("RA_CHILD_A=given value"), LIT("PATH=/usr/bin:/bin"),
                 NULL};
  struct ra_child_spec spec;
  memset(&spec, 0, sizeof(spec));
  spec.argv = argv;
  spec.env = env;
  spec.timeout_ms = 10000;
  ck_assert_int_eq(setenv("RA_CHILD_INHERITED", "from parent", 1), 0);
  ra_child_result_init(&res);
  /* Given: exactly that environment, nothing inherited. */
  ck_assert_int_eq(ra_child_run(&res, &spec), RA_OK);
  ck_assert_int_eq(exit_status(&res), 0);
  ck_assert_str_eq(ra_buf_str(&res.out), "given value|\n");
  /* NULL: the caller's environment. */
  spec.env = NULL;
  ck_assert_int_eq(ra_child_run(&res, &spec), RA_OK);
  ck_assert_str_eq(ra_buf_str(&res.out), "|from parent\n");
  ra_child_result_free(&res);
  unsetenv("RA_CHILD_INHERITED");
}
END_TEST

int main(void)
{
  Suite *s = suite_create("child");
  TCase *tc = tcase_create("core");
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, test_child__stdin_to_stdout);
  tcase_add_test(tc, test_child__large_stdin_echoed);
  tcase_add_test(tc, test_child__writes_before_reading);
  tcase_add_test(tc, test_child__child_that_does_not_read);
  tcase_add_test(tc, test_child__no_sigpipe_reaches_the_caller);
  tcase_add_test(tc, test_child__child_signal_mask_untouched);
  tcase_add_test(tc, test_child__stderr_and_exit_status);
  tcase_add_test(tc, test_child__no_stdin_is_dev_null);
  tcase_add_test(tc, test_child__exec_failure);
  tcase_add_test(tc, test_child__invalid_spec);
  tcase_add_test(tc, test_child__output_cap);
  tcase_add_test(tc, test_child__timeout_kills_the_group);
  tcase_add_test(tc, test_child__grandchild_holding_pipes);
  tcase_add_test(tc, test_child__environment);
  tcase_add_test(tc, test_child__cancel_from_another_thread);
  suite_add_tcase(s, tc);
  return ra_check_run(s);
}
