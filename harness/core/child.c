/* A child process run to completion (see child.h). */
#include "core/child.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/clock.h"

extern char **environ;

/* How long one poll() waits at most: the child's exit is noticed by
 * polling waitid. Once no pipe is open the wait starts at 1 ms and doubles,
 * since a child usually exits right after closing its output. */
#define SLICE_MS 50
#define CHUNK 16384

void ra_child_result_init(struct ra_child_result *res)
{
  memset(res, 0, sizeof(*res));
  ra_buf_init(&res->out, RA_BUF_UNLIMITED);
  ra_buf_init(&res->err, RA_BUF_UNLIMITED);
}

void ra_child_result_free(struct ra_child_result *res)
{
  ra_buf_free(&res->out);
  ra_buf_free(&res->err);
}

static void result_reset(struct ra_child_result *res)
{
  ra_buf_reset(&res->out);
  ra_buf_reset(&res->err);
  res->status = 0;
  res->exited = 0;
  res->timed_out = 0;
  res->cancelled = 0;
  res->leftovers = 0;
  res->exec_failed = 0;
  res->out_truncated = 0;
  res->err_truncated = 0;
  res->duration_ms = 0;
}

static void close_fd(int *fd)
{
  if(*fd >= 0) {
    close(*fd);
    *fd = -1;
  }
}

/* Both ends close-on-exec (only the child's dup2'ed copies survive exec, so
 * no other child inherits them) and above 2, so the child's dup2 onto
 * 0, 1, 2 never overwrites another end when the caller's stdio is closed. */
static int make_pipe(int fds[2])
{
  int i;
  if(pipe(fds))
    return -1;
  for(i = 0; i < 2; i++) {
    if(fds[i] <= 2) {
      int moved = fcntl(fds[i], F_DUPFD_CLOEXEC, 3);
      if(moved < 0) {
        close(fds[0]);
        close(fds[1]);
        fds[0] = fds[1] = -1;
        return -1;
      }
      close(fds[i]);
      fds[i] = moved;
    }
    else
      fcntl(fds[i], F_SETFD, FD_CLOEXEC);
  }
  return 0;
}

/* In the child of a possibly threaded process: async-signal-safe calls
 * only. An exec failure sends errno through exec_w (close-on-exec, so a
 * successful exec sends EOF). */
static void child_exec(const struct ra_child_spec *spec, int in_r, int out_w,
                       int err_w, int exec_w)
{
  int e;
  ssize_t w;
  setpgid(0, 0);
  if(in_r >= 0)
    dup2(in_r, 0);
  else {
    int devnull = open("/dev/null", O_RDONLY);
    if(devnull > 0) {
      dup2(devnull, 0);
      close(devnull);
    }
  }
  dup2(out_w, 1);
  dup2(err_w, 2);
  if(spec->env)
    environ = (char **)spec->env;
  execvp(spec->argv[0], spec->argv);
  e = errno;
  w = write(exec_w, &e, sizeof(e));
  (void)w;
  _exit(127);
}

/* 1 once the child has exited; it stays a zombie (WNOWAIT) so its pid, and
 * with it the process group ID, cannot be reused before the group is
 * killed. */
static int child_gone(pid_t pid)
{
  siginfo_t info;
  memset(&info, 0, sizeof(info));
  if(waitid(P_PID, (id_t)pid, &info, WEXITED | WNOHANG | WNOWAIT))
    return errno != EINTR;      /* ECHILD: reaped by someone else */
  return info.si_pid == pid;
}

/* Processes in process group pgid other than its leader, from /proc (0
 * where /proc cannot be read). */
static unsigned group_members(pid_t pgid)
{
  DIR *d = opendir("/proc");
  struct dirent *e;
  unsigned n = 0;
  if(!d)
    return 0;
  while((e = readdir(d)) != NULL) {
    char path[64], line[512];
    const char *close_paren;
    long pid, pgrp;
    FILE *fp;
    size_t got;
    char *end;
    pid = strtol(e->d_name, &end, 10);
    if(*end || pid <= 0 || pid == (long)pgid)
      continue;
    snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
    fp = fopen(path, "r");
    if(!fp)
      continue;
    got = fread(line, 1, sizeof(line) - 1, fp);
    fclose(fp);
    line[got] = '\0';
    /* "pid (comm) state ppid pgrp ...": comm may hold anything, so parse
     * after its last ')'. */
    close_paren = strrchr(line, ')');
    if(close_paren &&
       sscanf(close_paren + 1, " %*c %*d %ld", &pgrp) == 1 &&
       pgrp == (long)pgid)
      n++;
  }
  closedir(d);
  return n;
}

static void keep(struct ra_buf *buf, int *truncated, size_t max,
                 const char *data, size_t n)
{
  if(max && buf->len + n > max) {
    *truncated = 1;
    n = buf->len < max ? max - buf->len : 0;
  }
  if(n)
    ra_buf_put(buf, data, n);
}

static void drain(int *fd, struct ra_buf *buf, int *truncated, size_t max)
{
  char chunk[CHUNK];
  ssize_t n = read(*fd, chunk, sizeof(chunk));
  if(n > 0)
    keep(buf, truncated, max, chunk, (size_t)n);
  else if(n == 0 || (errno != EINTR && errno != EAGAIN))
    close_fd(fd);
}

static void feed(int *fd, const struct ra_child_spec *spec, size_t *off)
{
  size_t n = spec->stdin_len - *off;
  ssize_t w;
  if(n > CHUNK * 4)
    n = CHUNK * 4;
  w = write(*fd, spec->stdin_data + *off, n);
  if(w > 0)
    *off += (size_t)w;
  else if(w < 0 && errno != EINTR && errno != EAGAIN)
    close_fd(fd);               /* EPIPE: the child stopped reading */
  if(*off >= spec->stdin_len)
    close_fd(fd);
}

ra_code ra_child_run(struct ra_child_result *out,
                     const struct ra_child_spec *spec)
{
  int in[2] = {-1, -1}, outp[2] = {-1, -1}, errp[2] = {-1, -1};
  int execp[2] = {-1, -1};
  int exec_errno = 0, gone = 0, sigpipe_blocked = 0, sigpipe_was_pending = 0;
  sigset_t pipe_set, old_mask;
  size_t in_off = 0;
  int64_t start = ra_clock_monotonic_ms();
  int64_t deadline = spec->timeout_ms > 0 ? start + spec->timeout_ms
                                          : INT64_MAX;
  int64_t gone_at = 0;
  int64_t idle_ms = 1;
  pid_t pid;
  ra_code result = RA_OK;

  result_reset(out);
  if(!spec->argv || !spec->argv[0])
    return RA_E_INVALID;
  if((spec->stdin_data && make_pipe(in)) || make_pipe(outp) ||
     make_pipe(errp) || make_pipe(execp)) {
    ra_buf_putf(&out->err, "pipe: %s", strerror(errno));
    out->exec_failed = 1;
    result = RA_E_IO;
    goto done;
  }
  pid = fork();
  if(pid < 0) {
    ra_buf_putf(&out->err, "fork: %s", strerror(errno));
    out->exec_failed = 1;
    result = RA_E_IO;
    goto done;
  }
  if(pid == 0)
    child_exec(spec, in[0], outp[1], errp[1], execp[1]);
  /* Both sides set the group, whichever runs first, so a kill never misses
   * it. */
  setpgid(pid, pid);
  close_fd(&in[0]);
  close_fd(&outp[1]);
  close_fd(&errp[1]);
  close_fd(&execp[1]);
  for(;;) {
    ssize_t n = read(execp[0], &exec_errno, sizeof(exec_errno));
    if(n >= 0 || errno != EINTR) {
      if(n != (ssize_t)sizeof(exec_errno))
        exec_errno = 0;
      break;
    }
  }
  close_fd(&execp[0]);

  if(in[1] >= 0) {
    /* A write to a child that closed its stdin raises SIGPIPE in this
     * thread: block it here (not process-wide, others may be running) and
     * consume what we caused before unblocking. */
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    if(!pthread_sigmask(SIG_BLOCK, &pipe_set, &old_mask) &&
       !sigismember(&old_mask, SIGPIPE)) {
      sigset_t pending;
      sigpipe_blocked = 1;
      sigemptyset(&pending);
      sigpending(&pending);
      sigpipe_was_pending = sigismember(&pending, SIGPIPE);
    }
    fcntl(in[1], F_SETFL, fcntl(in[1], F_GETFL) | O_NONBLOCK);
    if(!spec->stdin_len || exec_errno)
      close_fd(&in[1]);
  }

  for(;;) {
    struct pollfd pfd[3];
    nfds_t nfds = 0, i;
    int64_t now = ra_clock_monotonic_ms();
    int64_t until;
    if(!gone && child_gone(pid)) {
      gone = 1;
      gone_at = now;
      close_fd(&in[1]);
    }
    if(gone && outp[0] < 0 && errp[0] < 0)
      break;
    /* Pipes kept open by a grandchild: give them a moment, then stop. */
    if(gone && now - gone_at >= RA_CHILD_GRACE_MS)
      break;
    if(!gone && now >= deadline) {
      out->timed_out = 1;
      break;
    }
    if(!gone && spec->cancel && __atomic_load_n(spec->cancel,
                                                __ATOMIC_ACQUIRE)) {
      out->cancelled = 1;
      break;
    }
    if(in[1] >= 0) {
      pfd[nfds].fd = in[1];
      pfd[nfds++].events = POLLOUT;
    }
    if(outp[0] >= 0) {
      pfd[nfds].fd = outp[0];
      pfd[nfds++].events = POLLIN;
    }
    if(errp[0] >= 0) {
      pfd[nfds].fd = errp[0];
      pfd[nfds++].events = POLLIN;
    }
    if(nfds)
      until = now + SLICE_MS;
    else {
      until = now + idle_ms;
      if(idle_ms < SLICE_MS)
        idle_ms *= 2;
    }
    if(gone && gone_at + RA_CHILD_GRACE_MS < until)
      until = gone_at + RA_CHILD_GRACE_MS;
    if(!gone && deadline < until)
      until = deadline;
    if(poll(pfd, nfds, (int)(until - now)) <= 0)
      continue;
    for(i = 0; i < nfds; i++) {
      if(!pfd[i].revents)
        continue;
      if(pfd[i].fd == in[1]) {
        if(pfd[i].revents & POLLOUT)
          feed(&in[1], spec, &in_off);
        else
          close_fd(&in[1]);     /* POLLERR: the child closed its end */
      }
      else if(pfd[i].fd == outp[0])
        drain(&outp[0], &out->out, &out->out_truncated, spec->output_max);
      else
        drain(&errp[0], &out->err, &out->err_truncated, spec->output_max);
    }
  }

  /* The whole group, while the child (alive or a zombie) still holds its
   * ID: a timeout, or leftovers such as a grandchild holding the pipes. */
  if(gone)
    out->leftovers = group_members(pid);
  kill(-pid, SIGKILL);
  if(!gone)
    kill(pid, SIGKILL);
  for(;;) {
    pid_t w = waitpid(pid, &out->status, 0);
    if(w == pid)
      out->exited = 1;
    if(w >= 0 || errno != EINTR)
      break;
  }
  if(exec_errno) {
    out->exec_failed = 1;
    ra_buf_putf(&out->err, "cannot execute '%s': %s", spec->argv[0],
                strerror(exec_errno));
  }
done:
  close_fd(&in[0]);
  close_fd(&in[1]);
  close_fd(&outp[0]);
  close_fd(&outp[1]);
  close_fd(&errp[0]);
  close_fd(&errp[1]);
  close_fd(&execp[0]);
  close_fd(&execp[1]);
  if(sigpipe_blocked) {
    if(!sigpipe_was_pending) {
      sigset_t pending;
      sigemptyset(&pending);
      if(!sigpending(&pending) && sigismember(&pending, SIGPIPE)) {
        struct timespec zero = {0, 0};
        while(sigtimedwait(&pipe_set, NULL, &zero) < 0 && errno == EINTR)
          ;
      }
    }
    pthread_sigmask(SIG_SETMASK, &old_mask, NULL);
  }
  out->duration_ms = (double)(ra_clock_monotonic_ms() - start);
  return result;
}
