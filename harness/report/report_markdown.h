/* The comparison matrix as Markdown (GitHub-flavoured tables) for a README
 * or a wiki: per-column totals, one table per area, then the reasons of
 * every row where the columns differ. Cell text is escaped for tables
 * (| \ ` * _ < > [ ] and newlines). */
#ifndef RA_REPORT_MARKDOWN_H
#define RA_REPORT_MARKDOWN_H

#include "core/code.h"
#include "core/error.h"
#include "report/report_matrix.h"

char *ra_report_markdown_dumps(const struct ra_matrix *m);
ra_code ra_report_markdown_write_file(const char *path,
                                      const struct ra_matrix *m,
                                      struct ra_error *err);

#endif
