#include "report/report_save.h"

#include <stdio.h>
#include <unistd.h>

#include "core/buf.h"

ra_code ra_report_save_text(const char *path, const char *text, size_t len,
                            struct ra_error *err)
{
  struct ra_buf tmp;
  ra_code result = RA_OK;
  FILE *fp;
  ra_buf_init(&tmp, RA_BUF_UNLIMITED);
  ra_buf_addf(&tmp, "%s.tmp.%ld", path, (long)getpid());
  fp = fopen(ra_buf_str(&tmp), "wb");
  if(!fp) {
    result = ra_error_set(err, RA_E_IO, path, 0, 0, "cannot create \"%s\"",
                          ra_buf_str(&tmp));
    goto done;
  }
  if(fwrite(text, 1, len, fp) != len || fflush(fp) || ferror(fp)) {
    fclose(fp);
    result = ra_error_set(err, RA_E_IO, path, 0, 0, "cannot write \"%s\"",
                          ra_buf_str(&tmp));
    goto fail;
  }
  if(fclose(fp)) {
    result = ra_error_set(err, RA_E_IO, path, 0, 0, "cannot write \"%s\"",
                          ra_buf_str(&tmp));
    goto fail;
  }
  if(rename(ra_buf_str(&tmp), path)) {
    result = ra_error_set(err, RA_E_IO, path, 0, 0,
                          "cannot rename \"%s\" to \"%s\"", ra_buf_str(&tmp),
                          path);
    goto fail;
  }
  goto done;
fail:
  unlink(ra_buf_str(&tmp));
done:
  ra_buf_free(&tmp);
  return result;
}
