#include "core/file.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

ra_code ra_file_read(struct ra_buf *out, const char *path,
                     struct ra_error *err)
{
  char chunk[16384];
  size_t n;
  ra_code result = RA_OK;
  FILE *f = fopen(path, "rb");
  if(!f)
    return ra_error_set(err, errno == ENOENT ? RA_E_NOT_FOUND : RA_E_IO,
                        path, 0, 0, "cannot open: %s", strerror(errno));
  /* An empty file still yields a NUL-terminated (empty) buffer. */
  result = ra_buf_add(out, "", 0);
  while(!result && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
    result = ra_buf_add(out, chunk, n);
  if(result == RA_E_TOO_LARGE)
    result = ra_error_set(err, result, path, 0, 0, "larger than %zu bytes",
                          out->max);
  else if(!result && ferror(f))
    result = ra_error_set(err, RA_E_IO, path, 0, 0, "read error");
  fclose(f);
  return result;
}
