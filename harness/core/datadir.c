#include "core/datadir.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/version.h"

static int is_dir(const char *path)
{
  struct stat st;
  return !stat(path, &st) && S_ISDIR(st.st_mode);
}

/* root/sub when it is a folder (*out set, 1), else notes it in tried. */
static int try_root(char **out, const char *root, const char *sub,
                    struct ra_buf *tried)
{
  struct ra_buf b;
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  ra_buf_putf(&b, "%s/%s", root, sub);
  if(is_dir(ra_buf_str(&b))) {
    *out = ra_buf_take(&b, NULL);
    return 1;
  }
  ra_buf_putf(tried, "%s'%s'", tried->len ? ", " : "",
                    ra_buf_str(&b));
  ra_buf_free(&b);
  return 0;
}

/* <dir of the running binary>/../share/raconform, or NULL. */
static char *exe_datadir(void)
{
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
  char *slash;
  struct ra_buf b;
  if(n <= 0)
    return NULL;
  exe[n] = '\0';
  slash = strrchr(exe, '/');
  if(!slash)
    return NULL;
  *slash = '\0';
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  ra_buf_putf(&b, "%s/../share/raconform", exe);
  return ra_buf_take(&b, NULL);
}

ra_code ra_datadir_find(char **out, const char *sub, struct ra_error *err)
{
  const char *env = getenv("RACONFORM_DATA");
  struct ra_buf tried;
  char *exe_dir = NULL;
  ra_code result = RA_OK;
  *out = NULL;
  ra_buf_init(&tried, RA_BUF_UNLIMITED);
  if(env && env[0]) {
    if(!try_root(out, env, sub, &tried))
      result = ra_error_set(err, RA_E_CONFIG, "RACONFORM_DATA", 0, 0,
                            "no data folder %s (RACONFORM_DATA names the "
                            "data root, holding cases/ and vectors/)",
                            ra_buf_str(&tried));
    goto done;
  }
  exe_dir = exe_datadir();
  if(exe_dir && try_root(out, exe_dir, sub, &tried))
    goto done;
  if(try_root(out, RA_INSTALL_DATADIR, sub, &tried))
    goto done;
  if(try_root(out, RA_SOURCE_DIR, sub, &tried))
    goto done;
  result = ra_error_set(err, RA_E_CONFIG, sub, 0, 0, "no data folder found; "
                        "tried %s (give --cases DIR or set RACONFORM_DATA)",
                        ra_buf_str(&tried));
done:
  ra_free(exe_dir);
  ra_buf_free(&tried);
  return result;
}
