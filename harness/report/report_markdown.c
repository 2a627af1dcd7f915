/* Comparison matrix as GitHub-flavoured Markdown. */
#include "report/report_markdown.h"

#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "report/report_save.h"
#include "proto/text.h"

#define MD_CELL_MAX 300

/* One table cell: one line, Markdown and HTML specials escaped. */
static void md_cell(struct ra_buf *b, const char *text, size_t max)
{
  char *s = ra_text_line(text ? text : "");
  size_t i, n = strlen(s);
  if(n > max) {
    while(max && ((unsigned char)s[max] & 0xC0) == 0x80)
      max--;
    n = max;
  }
  for(i = 0; i < n; i++) {
    char c = s[i];
    if(c == '<')
      ra_buf_puts(b, "&lt;");
    else if(c == '>')
      ra_buf_puts(b, "&gt;");
    else if(c == '&')
      ra_buf_puts(b, "&amp;");
    else {
      if(strchr("|\\`*_[]#", c))
        ra_buf_putc(b, '\\');
      ra_buf_putc(b, c);
    }
  }
  if(n < strlen(s))
    ra_buf_puts(b, "\xe2\x80\xa6");
  ra_free(s);
}

static void md_totals(struct ra_buf *b, const struct ra_matrix *m)
{
  size_t c;
  int k;
  ra_buf_puts(b, "| grade |");
  for(c = 0; c < m->ncols; c++) {
    ra_buf_putc(b, ' ');
    md_cell(b, m->cols[c].name, MD_CELL_MAX);
    ra_buf_puts(b, " |");
  }
  ra_buf_puts(b, "\n|---|");
  for(c = 0; c < m->ncols; c++)
    ra_buf_puts(b, "---:|");
  ra_buf_putc(b, '\n');
  for(k = 0; k < RA_CELL_COUNT; k++) {
    ra_buf_putf(b, "| %s |", ra_cell_name((ra_cell)k));
    for(c = 0; c < m->ncols; c++)
      ra_buf_putf(b, " %zu |", m->cols[c].totals[k]);
    ra_buf_putc(b, '\n');
  }
}

static void md_table_head(struct ra_buf *b, const struct ra_matrix *m)
{
  size_t c;
  ra_buf_puts(b, "| case | profile | level | title |");
  for(c = 0; c < m->ncols; c++) {
    ra_buf_putc(b, ' ');
    md_cell(b, m->cols[c].name, MD_CELL_MAX);
    ra_buf_puts(b, " |");
  }
  ra_buf_puts(b, "\n|---|---|---|---|");
  for(c = 0; c < m->ncols; c++)
    ra_buf_puts(b, "---|");
  ra_buf_putc(b, '\n');
}

static void md_row(struct ra_buf *b, const struct ra_matrix *m,
                   const struct ra_matrix_row *r)
{
  size_t c;
  ra_buf_puts(b, "| ");
  md_cell(b, r->id, MD_CELL_MAX);
  if(r->differs)
    ra_buf_puts(b, " \xe2\x9a\xa0"); /* a marker for differing rows */
  ra_buf_puts(b, " | ");
  md_cell(b, r->profile, MD_CELL_MAX);
  ra_buf_puts(b, " | ");
  md_cell(b, r->level, MD_CELL_MAX);
  ra_buf_puts(b, " | ");
  md_cell(b, r->title, MD_CELL_MAX);
  ra_buf_puts(b, " |");
  for(c = 0; c < m->ncols; c++)
    ra_buf_putf(b, " %s |", ra_cell_of(r->cells[c]) == RA_CELL_ABSENT ?
                      "\xe2\x80\x94" : ra_cell_name(ra_cell_of(r->cells[c])));
  ra_buf_putc(b, '\n');
}

static void md_differences(struct ra_buf *b, const struct ra_matrix *m)
{
  size_t i, c;
  ra_buf_puts(b, "\n## Where the targets differ\n\n");
  if(!m->ndiffer) {
    ra_buf_puts(b, "Nowhere: every row has the same grade in every "
                         "column.\n");
    return;
  }
  for(i = 0; i < m->nrows; i++) {
    const struct ra_matrix_row *r = &m->rows[i];
    if(!r->differs)
      continue;
    ra_buf_puts(b, "- **");
    md_cell(b, r->id, MD_CELL_MAX);
    ra_buf_puts(b, "** (");
    md_cell(b, r->profile, MD_CELL_MAX);
    ra_buf_puts(b, ") ");
    md_cell(b, r->title, MD_CELL_MAX);
    ra_buf_putc(b, '\n');
    for(c = 0; c < m->ncols; c++) {
      const struct ra_verdict *v = r->cells[c];
      ra_buf_puts(b, "  - ");
      md_cell(b, m->cols[c].name, MD_CELL_MAX);
      ra_buf_putf(b, ": %s", ra_cell_name(ra_cell_of(v)));
      if(v && v->observed_key && v->observed_key[0]) {
        ra_buf_puts(b, ", observed `");
        md_cell(b, v->observed_key, MD_CELL_MAX);
        ra_buf_putc(b, '`');
      }
      if(v && v->reason && v->reason[0]) {
        ra_buf_puts(b, ": ");
        md_cell(b, v->reason, MD_CELL_MAX);
      }
      ra_buf_putc(b, '\n');
    }
  }
}

char *ra_report_markdown_dumps(const struct ra_matrix *m)
{
  struct ra_buf b;
  size_t i;
  const char *area = NULL;
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  ra_buf_putf(&b, "# raconform comparison\n\n%zu rows (case × "
                    "profile), %zu where the targets differ (marked "
                    "\xe2\x9a\xa0).\n\n## Totals\n\n", m->nrows, m->ndiffer);
  md_totals(&b, m);
  for(i = 0; i < m->nrows; i++) {
    const struct ra_matrix_row *r = &m->rows[i];
    if(!area || strcmp(area, r->area)) {
      area = r->area;
      ra_buf_puts(&b, "\n## ");
      md_cell(&b, area, MD_CELL_MAX);
      ra_buf_puts(&b, "\n\n");
      md_table_head(&b, m);
    }
    md_row(&b, m, r);
  }
  md_differences(&b, m);
  return ra_buf_take(&b, NULL);
}

ra_code ra_report_markdown_write_file(const char *path,
                                      const struct ra_matrix *m,
                                      struct ra_error *err)
{
  char *text = ra_report_markdown_dumps(m);
  ra_code result = ra_report_save_text(path, text, strlen(text), err);
  ra_free(text);
  return result;
}
