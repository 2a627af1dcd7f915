/* The comparison matrix as one self-contained HTML page (inline CSS, a
 * little inline script for the "only rows where targets differ" filter,
 * nothing fetched from the network). Written with libxml2's xmlTextWriter,
 * so every string from a report is escaped; the page reads without script
 * (cells are <details>, the filter also works as a CSS-only checkbox).
 * Opening the page with "#differ" starts it filtered.
 *
 * Page structure, relied on by tests and documented in docs/reports.md:
 * table#matrix; th.target[data-col] per column; tbody.area[data-area] per
 * area; tr.case[data-id][data-profile][data-differs="0|1"] per row;
 * td.cell[data-col][data-cell="OK|NON-STRICT|..."] per cell; in tfoot,
 * tr.total[data-cell] with td[data-col] holding the column's count;
 * span#shown the number of rows shown. */
#ifndef RA_REPORT_HTML_H
#define RA_REPORT_HTML_H

#include "core/code.h"
#include "core/error.h"
#include "report/report_matrix.h"

/* The page as a new string (ra_free). */
char *ra_report_html_dumps(const struct ra_matrix *m);
/* Temp file + rename, like the other reporters. */
ra_code ra_report_html_write_file(const char *path, const struct ra_matrix *m,
                                  struct ra_error *err);

#endif
