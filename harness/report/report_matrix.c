/* Cases x runs, for comparison reports. */
#include "report/report_matrix.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"

const char *ra_cell_name(ra_cell c)
{
  static const char *const names[RA_CELL_COUNT] = {
    "OK", "NON-STRICT", "INFORMATIONAL", "FAILED", "error", "skip", "todo",
    "absent"
  };
  return (unsigned)c < RA_CELL_COUNT ? names[c] : "absent";
}

ra_cell ra_cell_of(const struct ra_verdict *v)
{
  if(!v)
    return RA_CELL_ABSENT;
  switch(v->status) {
  case RA_STATUS_PASS:
    if(v->grade == RA_GRADE_NON_STRICT)
      return RA_CELL_NON_STRICT;
    if(v->grade == RA_GRADE_INFORMATIONAL)
      return RA_CELL_INFORMATIONAL;
    return RA_CELL_OK;
  case RA_STATUS_FAIL: return RA_CELL_FAILED;
  case RA_STATUS_ERROR: return RA_CELL_ERROR;
  case RA_STATUS_SKIP: return RA_CELL_SKIP;
  case RA_STATUS_TODO: return RA_CELL_TODO;
  }
  return RA_CELL_ERROR;
}

const char *ra_matrix_area(const struct ra_verdict *v)
{
  const char *dot = v->group ? strchr(v->group, '.') : NULL;
  if(dot && dot[1])
    return dot + 1;
  return v->group && v->group[0] ? v->group : "other";
}

static const char *nz(const char *s)
{
  return s ? s : "";
}

static int cmp_rows(const void *a, const void *b)
{
  const struct ra_matrix_row *x = a, *y = b;
  int c = strcmp(x->area, y->area);
  if(!c)
    c = strcmp(x->id, y->id);
  if(!c)
    c = strcmp(y->profile, x->profile); /* legacy-2014 before json-2017 */
  return c;
}

static struct ra_matrix_row *find_row(struct ra_matrix *m,
                                      const struct ra_verdict *v)
{
  size_t i;
  for(i = 0; i < m->nrows; i++) {
    if(!strcmp(m->rows[i].id, v->case_id) &&
       !strcmp(m->rows[i].profile, nz(v->profile)))
      return &m->rows[i];
  }
  return NULL;
}

void ra_matrix_build(struct ra_matrix *m, const struct ra_run *runs,
                     const char *const *sources, size_t n)
{
  size_t c, i, cap = 0;
  memset(m, 0, sizeof(*m));
  m->ncols = n;
  m->cols = ra_calloc(n ? n : 1, sizeof(*m->cols));
  for(c = 0; c < n; c++) {
    const char *base = runs[c].target_name ? runs[c].target_name : "target";
    size_t k, same = 0;
    char *name;
    for(k = 0; k < c; k++)
      if(!strcmp(runs[k].target_name ? runs[k].target_name : "target", base))
        same++;
    name = ra_malloc(strlen(base) + 24);
    if(same)
      sprintf(name, "%s (%zu)", base, same + 1);
    else
      strcpy(name, base);
    m->cols[c].name = name;
    m->cols[c].run = &runs[c];
    m->cols[c].source = sources ? sources[c] : NULL;
  }
  /* Rows: the union of (id, profile) over the runs. */
  for(c = 0; c < n; c++) {
    for(i = 0; i < runs[c].count; i++) {
      const struct ra_verdict *v = &runs[c].verdicts[i];
      struct ra_matrix_row *r;
      if(!v->case_id || find_row(m, v))
        continue;
      if(m->nrows == cap) {
        cap = cap ? cap * 2 : 64;
        m->rows = ra_realloc(m->rows, cap * sizeof(*m->rows));
      }
      r = &m->rows[m->nrows++];
      memset(r, 0, sizeof(*r));
      r->id = v->case_id;
      r->profile = nz(v->profile);
      r->title = nz(v->title);
      r->area = ra_matrix_area(v);
      r->level = nz(v->level);
    }
  }
  if(m->nrows > 1)
    qsort(m->rows, m->nrows, sizeof(*m->rows), cmp_rows);
  for(i = 0; i < m->nrows; i++)
    m->rows[i].cells = ra_calloc(n ? n : 1, sizeof(*m->rows[i].cells));
  for(c = 0; c < n; c++) {
    for(i = 0; i < runs[c].count; i++) {
      const struct ra_verdict *v = &runs[c].verdicts[i];
      struct ra_matrix_row *r = v->case_id ? find_row(m, v) : NULL;
      if(r && !r->cells[c])
        r->cells[c] = v;
    }
  }
  for(i = 0; i < m->nrows; i++) {
    struct ra_matrix_row *r = &m->rows[i];
    for(c = 0; c < n; c++) {
      ra_cell cell = ra_cell_of(r->cells[c]);
      m->cols[c].totals[cell]++;
      if(c && cell != ra_cell_of(r->cells[0]))
        r->differs = 1;
    }
    if(r->differs)
      m->ndiffer++;
  }
}

void ra_matrix_free(struct ra_matrix *m)
{
  size_t i;
  for(i = 0; i < m->ncols; i++)
    ra_free(m->cols[i].name);
  for(i = 0; i < m->nrows; i++)
    ra_free(m->rows[i].cells);
  ra_free(m->cols);
  ra_free(m->rows);
  memset(m, 0, sizeof(*m));
}
