#include "core/path.h"

#include <errno.h>
#include <sys/stat.h>

#include "core/alloc.h"
#include "core/buf.h"

char *ra_path_join(const char *dir, const char *name)
{
  struct ra_buf b;
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  ra_buf_putf(&b, "%s/%s", dir, name);
  return ra_buf_take(&b, NULL);
}

int ra_path_mkdirs(const char *path)
{
  char *p;
  char *s;
  int rc = 0;
  struct stat st;
  if(!*path) {
    errno = ENOENT;
    return -1;
  }
  p = ra_strdup(path);
  for(s = p + 1; *s; s++) {
    if(*s == '/') {
      *s = '\0';
      if(mkdir(p, 0755) && errno != EEXIST)
        rc = -1;
      *s = '/';
    }
  }
  if(mkdir(p, 0755) && errno != EEXIST)
    rc = -1;
  else if(!rc && (stat(p, &st) || !S_ISDIR(st.st_mode))) {
    /* EEXIST for a file in the way is not a directory made */
    errno = ENOTDIR;
    rc = -1;
  }
  ra_free(p);
  return rc;
}
