#define _GNU_SOURCE /* fopencookie */
#include "core/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/buf.h"

/* The folder part of path ("." when there is none). New string. */
static char *folder_of(const char *path)
{
  const char *slash = strrchr(path, '/');
  if(!slash)
    return ra_strdup(".");
  if(slash == path)
    return ra_strdup("/");
  return ra_strndup(path, (size_t)(slash - path));
}

static ra_code check_target(const char *path, struct ra_error *err)
{
  struct stat st;
  if(!lstat(path, &st)) {
    if(S_ISREG(st.st_mode))
      return RA_OK;
    return ra_error_set(err, RA_E_REFUSED, path, 0, 0,
                        "refused: exists and is not a regular file (%s); "
                        "left untouched",
                        S_ISLNK(st.st_mode) ? "a symbolic link" :
                        S_ISDIR(st.st_mode) ? "a directory" :
                        S_ISFIFO(st.st_mode) ? "a FIFO" :
                        S_ISCHR(st.st_mode) ? "a character device" :
                        S_ISBLK(st.st_mode) ? "a block device" :
                        S_ISSOCK(st.st_mode) ? "a socket" : "not a file");
  }
  if(errno != ENOENT)
    return ra_error_set(err, RA_E_IO, path, 0, 0, "cannot write: %s",
                        strerror(errno));
  return RA_OK;
}

/* Why files cannot be created in dir (errno value), or 0. */
static int dir_unwritable(const char *dir)
{
  struct stat st;
  if(stat(dir, &st))
    return errno;
  if(!S_ISDIR(st.st_mode))
    return ENOTDIR;
  /* access() also says EROFS for a read-only file system, even to root */
  if(access(dir, W_OK | X_OK))
    return errno;
  return 0;
}

ra_code ra_outfile_check_dir(const char *dir, struct ra_error *err)
{
  int e = dir_unwritable(dir);
  if(e)
    return ra_error_set(err, RA_E_IO, dir, 0, 0, "cannot write into: %s",
                        strerror(e));
  return RA_OK;
}

ra_code ra_outfile_check(const char *path, struct ra_error *err)
{
  ra_code result;
  char *dir;
  int e;
  if(!path || !*path)
    return ra_error_set(err, RA_E_USAGE, "(empty)", 0, 0,
                        "an output path is empty");
  result = check_target(path, err);
  if(result)
    return result;
  dir = folder_of(path);
  e = dir_unwritable(dir);
  if(e)
    result = ra_error_set(err, RA_E_IO, path, 0, 0,
                          "cannot write into its folder \"%s\": %s", dir,
                          strerror(e));
  ra_free(dir);
  return result;
}

/* stdio writes through here, so the first failing write(2) keeps its
 * errno for the message. */
static ssize_t cookie_write(void *cookie, const char *buf, size_t size)
{
  struct ra_outfile *of = cookie;
  size_t done = 0;
  while(done < size) {
    ssize_t n = write(of->fd, buf + done, size - done);
    if(n < 0 && errno == EINTR)
      continue;
    if(n <= 0) {
      if(!of->write_errno)
        of->write_errno = n < 0 ? errno : EIO;
      return -1;
    }
    done += (size_t)n;
  }
  return (ssize_t)size;
}

static void outfile_clear(struct ra_outfile *of)
{
  of->path = NULL;
  of->tmp = NULL;
  of->fd = -1;
  of->fp = NULL;
  of->write_errno = 0;
  of->borrowed = 0;
}

ra_code ra_outfile_open(struct ra_outfile *of, const char *path,
                        struct ra_error *err)
{
  static atomic_uint counter;
  cookie_io_functions_t io = {NULL, cookie_write, NULL, NULL};
  struct ra_buf tmp;
  ra_code result;

  outfile_clear(of);
  result = ra_outfile_check(path, err);
  if(result)
    return result;
  ra_buf_init(&tmp, RA_BUF_UNLIMITED);
  ra_buf_putf(&tmp, "%s.tmp.%ld.%u", path, (long)getpid(),
                    atomic_fetch_add(&counter, 1));
  of->fd = open(ra_buf_str(&tmp),
                O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if(of->fd < 0) {
    result = ra_error_set(err, RA_E_IO, path, 0, 0, "cannot create \"%s\": %s",
                          ra_buf_str(&tmp), strerror(errno));
    ra_buf_free(&tmp);
    return result;
  }
  of->path = ra_strdup(path);
  of->tmp = ra_buf_take(&tmp, NULL);
  of->fp = fopencookie(of, "w", io);
  if(!of->fp) {
    result = ra_error_set(err, RA_E_IO, path, 0, 0, "cannot write: %s",
                          strerror(errno));
    ra_outfile_abort(of);
  }
  return result;
}

void ra_outfile_abort(struct ra_outfile *of)
{
  if(of->fp)
    fclose(of->fp);
  if(of->fd >= 0 && !of->borrowed)
    close(of->fd);
  if(of->tmp)
    unlink(of->tmp);
  ra_free(of->path);
  ra_free(of->tmp);
  outfile_clear(of);
}

ra_code ra_outfile_commit(struct ra_outfile *of, struct ra_error *err)
{
  ra_code result = RA_OK;
  int failed = fflush(of->fp) == EOF || ferror(of->fp);
  if(fclose(of->fp))
    failed = 1;
  of->fp = NULL;
  if(failed || of->write_errno) {
    result = ra_error_set(err, RA_E_IO, of->path, 0, 0, "cannot write: %s",
                          strerror(of->write_errno ? of->write_errno : EIO));
    goto done;
  }
  if(of->borrowed)
    goto done;
  if(fsync(of->fd)) {
    result = ra_error_set(err, RA_E_IO, of->path, 0, 0, "cannot write: %s",
                          strerror(errno));
    goto done;
  }
  if(close(of->fd)) {
    of->fd = -1;
    result = ra_error_set(err, RA_E_IO, of->path, 0, 0, "cannot write: %s",
                          strerror(errno));
    goto done;
  }
  of->fd = -1;
  /* again, just before: the target may have changed during the run */
  result = check_target(of->path, err);
  if(result)
    goto done;
  if(rename(of->tmp, of->path))
    result = ra_error_set(err, RA_E_IO, of->path, 0, 0,
                          "cannot rename \"%s\" over it: %s", of->tmp,
                          strerror(errno));
  else {
    ra_free(of->tmp);
    of->tmp = NULL;
  }
done:
  ra_outfile_abort(of);
  return result;
}

ra_code ra_outfile_write(const char *path, const void *data, size_t len,
                         struct ra_error *err)
{
  struct ra_outfile of;
  ra_code result = ra_outfile_open(&of, path, err);
  if(result)
    return result;
  if(len && fwrite(data, 1, len, of.fp) != len && !of.write_errno)
    of.write_errno = EIO;
  return ra_outfile_commit(&of, err);
}

void ra_outfile_open_fd(struct ra_outfile *of, int fd, const char *name)
{
  cookie_io_functions_t io = {NULL, cookie_write, NULL, NULL};
  outfile_clear(of);
  of->borrowed = 1;
  of->fd = fd;
  of->path = ra_strdup(name);
  of->fp = fopencookie(of, "w", io);
  if(!of->fp) {
    fprintf(stderr, "raconform: out of memory\n");
    abort();
  }
}
