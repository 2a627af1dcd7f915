/* The comparison matrix of several runs (targets or clients): rows are
 * (case, profile) pairs grouped by area, columns are runs, each cell the
 * verdict's class. The matrix borrows the runs and their verdicts; they
 * must outlive it. Shared by report_html and report_markdown. */
#ifndef RA_REPORT_MATRIX_H
#define RA_REPORT_MATRIX_H

#include <stddef.h>

#include "proto/verdict.h"

typedef enum {
  RA_CELL_OK = 0,
  RA_CELL_NON_STRICT,
  RA_CELL_INFORMATIONAL,
  RA_CELL_FAILED,
  RA_CELL_ERROR,
  RA_CELL_SKIP,
  RA_CELL_TODO,         /* failure listed in the run's baseline */
  RA_CELL_ABSENT,       /* the case was not in that run */
  RA_CELL_COUNT
} ra_cell;

/* "OK", "NON-STRICT", "INFORMATIONAL", "FAILED", "error", "skip", "todo",
 * "absent". */
const char *ra_cell_name(ra_cell c);
/* A pass is its grade; fail FAILED; the other statuses themselves. */
ra_cell ra_cell_of(const struct ra_verdict *v);

struct ra_matrix_col {
  const struct ra_run *run;
  char *name;                       /* target name, made unique */
  const char *source;               /* the report file, or NULL (borrowed) */
  size_t totals[RA_CELL_COUNT];
};

struct ra_matrix_row {
  const char *id, *profile, *title, *area, *level; /* borrowed */
  const struct ra_verdict **cells;  /* one per column; NULL: absent */
  int differs;                      /* the columns' classes differ */
};

struct ra_matrix {
  struct ra_matrix_col *cols;
  size_t ncols;
  struct ra_matrix_row *rows;       /* sorted by area, id, profile */
  size_t nrows;
  size_t ndiffer;
};

/* Builds the matrix of runs[0..n) (each a run, or merged shards of one).
 * sources (NULL, or n entries that may be NULL) name the report files;
 * they must outlive the matrix. */
void ra_matrix_build(struct ra_matrix *m, const struct ra_run *runs,
                     const char *const *sources, size_t n);
void ra_matrix_free(struct ra_matrix *m);

/* The area of a verdict: its group after the profile ("json-2017.feedback"
 * gives "feedback"); "other" when unknown. Borrowed from v. */
const char *ra_matrix_area(const struct ra_verdict *v);

#endif
