/* Comparison page: xmlTextWriter into a memory buffer, HTML5 syntax. */
#include "report/report_html.h"

#include <stdio.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "report/report_save.h"
#include "report/xmlout.h"
#include "proto/text.h"

#define X(s) ((const xmlChar *)(s))
#define FACT_MAX 4000   /* bytes of one fact shown in a cell */

/* Constant page furniture (no data in it, written raw). */
static const char page_css[] =
  "body{font:14px/1.4 system-ui,sans-serif;margin:1em;color:#222}"
  "table{border-collapse:collapse}"
  "th,td{border:1px solid #ccc;padding:2px 6px;vertical-align:top;"
  "text-align:left}"
  "thead th{position:sticky;top:0;background:#eee}"
  "tbody.area>tr.area-head>th{background:#dde;font-weight:bold}"
  "tr.case>td.id,tr.case>td.profile{white-space:nowrap}"
  "td.cell summary{cursor:pointer;font-weight:bold}"
  "td.cell dl{margin:.3em 0;max-width:40em;white-space:pre-wrap;"
  "word-break:break-word;font-size:12px}"
  "td.cell dt{font-weight:bold}td.cell dd{margin:0 0 .3em 1em}"
  ".g-OK{background:#cfc}.g-NON-STRICT{background:#efc}"
  ".g-INFORMATIONAL{background:#cef}.g-FAILED{background:#fbb}"
  ".g-error{background:#fd9}.g-skip{background:#eee;color:#666}"
  ".g-todo{background:#fdd}.g-absent{color:#999}"
  "tr.case[data-differs=\"1\"]>td.id{border-left:4px solid #c00}"
  "#only-differ:checked~table tr.case[data-differs=\"0\"]{display:none}"
  "tfoot th,tfoot td{background:#f6f6f6}"
  "span.endpoint{font-weight:normal;font-size:11px;color:#555}";

static const char page_script[] =
  "(function(){"
  "var box=document.getElementById('only-differ');"
  "var shown=document.getElementById('shown');"
  "function apply(){"
  "var only=box.checked,n=0,bodies=document.querySelectorAll('tbody.area');"
  "for(var b=0;b!==bodies.length;b++){"
  "var rows=bodies[b].querySelectorAll('tr.case'),vis=0;"
  "for(var i=0;i!==rows.length;i++){"
  "var r=rows[i];"
  "if(only&&r.getAttribute('data-differs')!=='1'){r.hidden=true;}"
  "else{r.hidden=false;vis++;}}"
  "bodies[b].hidden=(vis===0);n+=vis;}"
  "shown.textContent=String(n);"
  "document.body.setAttribute('data-filter',only?'differ':'all');}"
  "box.addEventListener('change',apply);"
  "if(location.hash==='#differ'){box.checked=true;}"
  "apply();})();";

static void hw_fact(struct ra_xmlout *h, const char *label, const char *value)
{
  if(!value || !value[0])
    return;
  ra_xmlout_elem(h, "dt", label);
  ra_xmlout_start(h, "dd");
  ra_xmlout_text_max(h, value, FACT_MAX);
  ra_xmlout_end(h);
}

static void write_head(struct ra_xmlout *h, const struct ra_matrix *m)
{
  ra_xmlout_start(h, "head");
  ra_xmlout_start(h, "meta");
  ra_xmlout_attr(h, "charset", "utf-8");
  ra_xmlout_check(h, xmlTextWriterEndElement(h->w));
  ra_xmlout_elem(h, "title", "raconform comparison");
  ra_xmlout_start(h, "style");
  ra_xmlout_check(h, xmlTextWriterWriteRaw(h->w, X(page_css)));
  ra_xmlout_end(h);
  ra_xmlout_end(h);
  (void)m;
}

static void write_thead(struct ra_xmlout *h, const struct ra_matrix *m)
{
  size_t c;
  ra_xmlout_start(h, "thead");
  ra_xmlout_start(h, "tr");
  ra_xmlout_elem(h, "th", "case");
  ra_xmlout_elem(h, "th", "profile");
  ra_xmlout_elem(h, "th", "level");
  ra_xmlout_elem(h, "th", "title");
  for(c = 0; c < m->ncols; c++) {
    const struct ra_run *r = m->cols[c].run;
    struct ra_buf b;
    ra_buf_init(&b, RA_BUF_UNLIMITED);
    ra_xmlout_start(h, "th");
    ra_xmlout_attr(h, "class", "target");
    ra_xmlout_attrf(h, "data-col", "%zu", c);
    ra_xmlout_text(h, m->cols[c].name);
    ra_xmlout_start(h, "br");
    ra_xmlout_check(h, xmlTextWriterEndElement(h->w));
    ra_xmlout_start(h, "span");
    ra_xmlout_attr(h, "class", "endpoint");
    ra_buf_putf(&b, "%s (%s) · %s · raconform %s%s",
                      r->endpoint ? r->endpoint : "?",
                      r->endpoint_class ? r->endpoint_class : "?",
                      r->profile ? r->profile : "?",
                      r->suite_version ? r->suite_version : "?",
                      r->strict ? " · strict" : "");
    if(m->cols[c].source) {
      const char *base = strrchr(m->cols[c].source, '/');
      ra_buf_putf(&b, " · %s", base ? base + 1 : m->cols[c].source);
    }
    ra_xmlout_text(h, ra_buf_str(&b));
    ra_xmlout_end(h);
    ra_xmlout_end(h);
    ra_buf_free(&b);
  }
  ra_xmlout_end(h);
  ra_xmlout_end(h);
}

static void write_cell(struct ra_xmlout *h, size_t col, const struct ra_verdict *v)
{
  ra_cell cell = ra_cell_of(v);
  struct ra_buf cls;
  ra_buf_init(&cls, RA_BUF_UNLIMITED);
  ra_buf_putf(&cls, "cell g-%s", ra_cell_name(cell));
  ra_xmlout_start(h, "td");
  ra_xmlout_attr(h, "class", ra_buf_str(&cls));
  ra_xmlout_attrf(h, "data-col", "%zu", col);
  ra_xmlout_attr(h, "data-cell", ra_cell_name(cell));
  if(!v) {
    ra_xmlout_attr(h, "title", "not in this run");
    ra_xmlout_text(h, "\xe2\x80\x94");
    ra_xmlout_end(h);
    ra_buf_free(&cls);
    return;
  }
  if(v->reason && v->reason[0])
    ra_xmlout_attr(h, "title", v->reason);
  ra_xmlout_start(h, "details");
  ra_xmlout_elem(h, "summary", ra_cell_name(cell));
  ra_xmlout_start(h, "dl");
  hw_fact(h, "reason", v->reason);
  hw_fact(h, "error kind", v->error_kind);
  hw_fact(h, "observed", v->observed_key);
  hw_fact(h, "actual", v->actual);
  hw_fact(h, "expected", v->expected);
  hw_fact(h, "baseline", v->baseline_reason);
  hw_fact(h, "note", v->note);
  ra_xmlout_end(h);
  ra_xmlout_end(h);
  ra_xmlout_end(h);
  ra_buf_free(&cls);
}

static void write_rows(struct ra_xmlout *h, const struct ra_matrix *m)
{
  size_t i, c;
  const char *area = NULL;
  for(i = 0; i < m->nrows; i++) {
    const struct ra_matrix_row *r = &m->rows[i];
    if(!area || strcmp(area, r->area)) {
      if(area)
        ra_xmlout_end(h); /* tbody */
      area = r->area;
      ra_xmlout_start(h, "tbody");
      ra_xmlout_attr(h, "class", "area");
      ra_xmlout_attr(h, "data-area", area);
      ra_xmlout_start(h, "tr");
      ra_xmlout_attr(h, "class", "area-head");
      ra_xmlout_start(h, "th");
      ra_xmlout_attrf(h, "colspan", "%zu", m->ncols + 4);
      ra_xmlout_text(h, area);
      ra_xmlout_end(h);
      ra_xmlout_end(h);
    }
    ra_xmlout_start(h, "tr");
    ra_xmlout_attr(h, "class", "case");
    ra_xmlout_attr(h, "data-id", r->id);
    ra_xmlout_attr(h, "data-profile", r->profile);
    ra_xmlout_attr(h, "data-differs", r->differs ? "1" : "0");
    ra_xmlout_start(h, "td");
    ra_xmlout_attr(h, "class", "id");
    ra_xmlout_text(h, r->id);
    ra_xmlout_end(h);
    ra_xmlout_start(h, "td");
    ra_xmlout_attr(h, "class", "profile");
    ra_xmlout_text(h, r->profile);
    ra_xmlout_end(h);
    ra_xmlout_elem(h, "td", r->level);
    ra_xmlout_elem(h, "td", r->title);
    for(c = 0; c < m->ncols; c++)
      write_cell(h, c, r->cells[c]);
    ra_xmlout_end(h);
  }
  if(area)
    ra_xmlout_end(h);
}

static void write_tfoot(struct ra_xmlout *h, const struct ra_matrix *m)
{
  size_t c;
  int k;
  ra_xmlout_start(h, "tfoot");
  for(k = 0; k < RA_CELL_COUNT; k++) {
    ra_xmlout_start(h, "tr");
    ra_xmlout_attr(h, "class", "total");
    ra_xmlout_attr(h, "data-cell", ra_cell_name((ra_cell)k));
    ra_xmlout_start(h, "th");
    ra_xmlout_attr(h, "colspan", "4");
    ra_xmlout_text(h, ra_cell_name((ra_cell)k));
    ra_xmlout_end(h);
    for(c = 0; c < m->ncols; c++) {
      char n[32];
      snprintf(n, sizeof(n), "%zu", m->cols[c].totals[k]);
      ra_xmlout_start(h, "td");
      ra_xmlout_attrf(h, "data-col", "%zu", c);
      if(m->cols[c].totals[k])
        ra_xmlout_attrf(h, "class", "total g-%s", ra_cell_name((ra_cell)k));
      else
        ra_xmlout_attr(h, "class", "total");
      ra_xmlout_text(h, n);
      ra_xmlout_end(h);
    }
    ra_xmlout_end(h);
  }
  ra_xmlout_end(h);
}

static void write_body(struct ra_xmlout *h, const struct ra_matrix *m)
{
  char n[32];
  ra_xmlout_start(h, "body");
  ra_xmlout_attr(h, "data-filter", "all");
  ra_xmlout_elem(h, "h1", "raconform comparison");
  ra_xmlout_start(h, "p");
  ra_xmlout_attr(h, "id", "counts");
  snprintf(n, sizeof(n), "%zu", m->nrows);
  ra_xmlout_text(h, n);
  ra_xmlout_text(h, " rows (case × profile), ");
  snprintf(n, sizeof(n), "%zu", m->ndiffer);
  ra_xmlout_start(h, "span");
  ra_xmlout_attr(h, "id", "differ-count");
  ra_xmlout_text(h, n);
  ra_xmlout_end(h);
  ra_xmlout_text(h, " where the targets differ; showing ");
  ra_xmlout_start(h, "span");
  ra_xmlout_attr(h, "id", "shown");
  snprintf(n, sizeof(n), "%zu", m->nrows);
  ra_xmlout_text(h, n);
  ra_xmlout_end(h);
  ra_xmlout_text(h, ". Click a cell for the observed answer and the reason.");
  ra_xmlout_end(h);
  /* The checkbox is the table's sibling so the CSS rule filters without
   * script too. */
  ra_xmlout_start(h, "input");
  ra_xmlout_attr(h, "type", "checkbox");
  ra_xmlout_attr(h, "id", "only-differ");
  ra_xmlout_check(h, xmlTextWriterEndElement(h->w));
  ra_xmlout_start(h, "label");
  ra_xmlout_attr(h, "for", "only-differ");
  ra_xmlout_text(h, " show only rows where targets differ");
  ra_xmlout_end(h);
  ra_xmlout_start(h, "table");
  ra_xmlout_attr(h, "id", "matrix");
  write_thead(h, m);
  write_rows(h, m);
  write_tfoot(h, m);
  ra_xmlout_end(h);
  ra_xmlout_start(h, "script");
  ra_xmlout_check(h, xmlTextWriterWriteRaw(h->w, X(page_script)));
  ra_xmlout_end(h);
  ra_xmlout_end(h);
}

char *ra_report_html_dumps(const struct ra_matrix *m)
{
  xmlBufferPtr buf = xmlBufferCreate();
  struct ra_xmlout h;
  char *out;
  memset(&h, 0, sizeof(h));
  h.full_end = 1; /* "<td/>" is no empty cell in HTML */
  h.w = xmlNewTextWriterMemory(buf, 0);
  if(!h.w) {
    xmlBufferFree(buf);
    return ra_strdup("");
  }
  ra_xmlout_check(&h, xmlTextWriterWriteRaw(h.w, X("<!DOCTYPE html>\n")));
  ra_xmlout_start(&h, "html");
  ra_xmlout_attr(&h, "lang", "en");
  write_head(&h, m);
  write_body(&h, m);
  ra_xmlout_end(&h);
  ra_xmlout_check(&h, xmlTextWriterEndDocument(h.w));
  xmlFreeTextWriter(h.w);
  out = ra_strdup(h.bad ? "" : (const char *)xmlBufferContent(buf));
  xmlBufferFree(buf);
  return out;
}

ra_code ra_report_html_write_file(const char *path, const struct ra_matrix *m,
                                  struct ra_error *err)
{
  char *text = ra_report_html_dumps(m);
  ra_code result;
  if(!text[0])
    result = ra_error_set(err, RA_E_INTERNAL, path, 0, 0,
                          "the HTML writer failed");
  else
    result = ra_report_save_text(path, text, strlen(text), err);
  ra_free(text);
  return result;
}
