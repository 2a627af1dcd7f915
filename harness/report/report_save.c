#include "report/report_save.h"

#include "core/outfile.h"

/* Through core/outfile: temporary file with O_EXCL|O_NOFOLLOW, checked
 * writes, fsync, rename; a path that is not a regular file is refused. */
ra_code ra_report_save_text(const char *path, const char *text, size_t len,
                            struct ra_error *err)
{
  return ra_outfile_write(path, text, len, err);
}
