/* Writing an output file (a report, a baseline, a wire log, a target file)
 * so that it is either written completely or reported as lost, and so that
 * a path naming something other than a regular file is never replaced
 * (SPEC §5, §8).
 *
 * The data goes to a temporary file beside the target ("<path>.tmp.<pid>.<n>",
 * opened O_CREAT|O_EXCL|O_NOFOLLOW), every write is checked, the file is
 * fsync'ed and then renamed over the target. A target that exists and is
 * not a regular file (device, FIFO, socket, directory, symlink: lstat, the
 * link itself is never followed) is refused, as is a target whose folder is
 * not writable. Errors name the path and say why (strerror).
 *
 * Ownership: a struct ra_outfile belongs to its caller; open fills it, and
 * exactly one of commit or abort releases it; it must not move in between
 * (fp writes through it). fp is borrowed from the outfile until then.
 * Thread-safe for distinct files. */
#ifndef RA_CORE_OUTFILE_H
#define RA_CORE_OUTFILE_H

#include <stddef.h>
#include <stdio.h>

#include "core/code.h"
#include "core/error.h"

struct ra_outfile {
  char *path;        /* the target (copy) */
  char *tmp;         /* the temporary file beside it (copy) */
  int fd;
  FILE *fp;          /* write through this; every write is checked */
  int write_errno;   /* errno of the first failed write (0: none) */
  int borrowed;      /* fd is the caller's (ra_outfile_open_fd) */
};

/* Whether path may be written: RA_E_REFUSED when it exists and is not a
 * regular file, RA_E_IO when its folder is missing or not writable. Nothing
 * is created. For the start of a run, before any work is done. */
ra_code ra_outfile_check(const char *path, struct ra_error *err);
/* Whether files can be created in dir (which must exist). */
ra_code ra_outfile_check_dir(const char *dir, struct ra_error *err);

/* Checks path, then creates the temporary file. On failure of is cleared
 * and err says why. */
ra_code ra_outfile_open(struct ra_outfile *of, const char *path,
                        struct ra_error *err);
/* Flushes, checks that every write succeeded, fsyncs, closes and renames
 * over the target (checked again just before). On any failure the
 * temporary file is removed and the target left as it was. Releases of. */
ra_code ra_outfile_commit(struct ra_outfile *of, struct ra_error *err);
/* Removes the temporary file and releases of (fine on a cleared one). */
void ra_outfile_abort(struct ra_outfile *of);

/* open + one write of len bytes + commit. */
ra_code ra_outfile_write(const char *path, const void *data, size_t len,
                         struct ra_error *err);

/* A checked stream over a descriptor the caller keeps (stdout for
 * `--tap -`): writes go straight to fd, and commit flushes and reports
 * RA_E_IO, naming `name` with the errno of the first failed write (a full
 * device included), without closing, syncing or renaming anything. */
void ra_outfile_open_fd(struct ra_outfile *of, int fd, const char *name);

#endif
