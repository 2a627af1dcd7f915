#include "core/path.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
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

static int cmp_name(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int ra_path_list(const char *dir, const char *marker, char ***names,
                 size_t *count)
{
  DIR *d = opendir(dir);
  struct dirent *e;
  char **list = NULL;
  size_t n = 0, cap = 0;
  struct ra_buf path;
  *names = NULL;
  *count = 0;
  if(!d)
    return -1;
  ra_buf_init(&path, RA_BUF_UNLIMITED);
  while((e = readdir(d)) != NULL) {
    struct stat st;
    if(e->d_name[0] == '.')
      continue;
    if(marker) {
      ra_buf_reset(&path);
      ra_buf_putf(&path, "%s/%s/%s", dir, e->d_name, marker);
      if(stat(ra_buf_str(&path), &st) || !S_ISREG(st.st_mode))
        continue;
    }
    if(n == cap) {
      cap = cap ? cap * 2 : 64;
      list = ra_realloc(list, cap * sizeof(*list));
    }
    list[n++] = ra_strdup(e->d_name);
  }
  closedir(d);
  ra_buf_free(&path);
  if(n)
    qsort(list, n, sizeof(*list), cmp_name);
  *names = list;
  *count = n;
  return 0;
}

void ra_path_list_free(char **names, size_t count)
{
  size_t i;
  for(i = 0; i < count; i++)
    ra_free(names[i]);
  ra_free(names);
}
