/* Comparison page: xmlTextWriter into a memory buffer, HTML5 syntax. */
#include "report/report_html.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "report/report_save.h"
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

struct hw {
  xmlTextWriterPtr w;
  int bad;
};

static void hw_check(struct hw *h, int rc)
{
  if(rc < 0)
    h->bad = 1;
}

static void hw_start(struct hw *h, const char *name)
{
  hw_check(h, xmlTextWriterStartElement(h->w, X(name)));
}

/* Always a full end tag: "<td/>" is no empty cell in HTML. */
static void hw_end(struct hw *h)
{
  hw_check(h, xmlTextWriterFullEndElement(h->w));
}

static void hw_attr(struct hw *h, const char *name, const char *value)
{
  char *s = ra_text_line(value ? value : "");
  hw_check(h, xmlTextWriterWriteAttribute(h->w, X(name), X(s)));
  ra_free(s);
}

static void hw_attrf(struct hw *h, const char *name, const char *fmt, ...)
  __attribute__((format(printf, 3, 4)));
static void hw_attrf(struct hw *h, const char *name, const char *fmt, ...)
{
  char tmp[256];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(tmp, sizeof(tmp), fmt, ap);
  va_end(ap);
  hw_attr(h, name, tmp);
}

/* Text, cleaned, at most max bytes (cut on a character boundary). */
static void hw_text_max(struct hw *h, const char *text, size_t max)
{
  char *s = ra_text_clean(text ? text : "", RA_TEXT_KEEP_NEWLINES |
                                                   RA_TEXT_KEEP_TABS);
  if(strlen(s) > max) {
    struct ra_buf b;
    while(max && ((unsigned char)s[max] & 0xC0) == 0x80)
      max--;
    ra_buf_init(&b, RA_BUF_UNLIMITED);
    ra_buf_put(&b, s, max);
    ra_buf_puts(&b, "\xe2\x80\xa6 (cut)");
    hw_check(h, xmlTextWriterWriteString(h->w, X(ra_buf_str(&b))));
    ra_buf_free(&b);
  }
  else
    hw_check(h, xmlTextWriterWriteString(h->w, X(s)));
  ra_free(s);
}

static void hw_text(struct hw *h, const char *text)
{
  hw_text_max(h, text, (size_t)-1);
}

static void hw_elem(struct hw *h, const char *name, const char *text)
{
  hw_start(h, name);
  hw_text(h, text);
  hw_end(h);
}

static void hw_fact(struct hw *h, const char *label, const char *value)
{
  if(!value || !value[0])
    return;
  hw_elem(h, "dt", label);
  hw_start(h, "dd");
  hw_text_max(h, value, FACT_MAX);
  hw_end(h);
}

static void write_head(struct hw *h, const struct ra_matrix *m)
{
  hw_start(h, "head");
  hw_start(h, "meta");
  hw_attr(h, "charset", "utf-8");
  hw_check(h, xmlTextWriterEndElement(h->w));
  hw_elem(h, "title", "raconform comparison");
  hw_start(h, "style");
  hw_check(h, xmlTextWriterWriteRaw(h->w, X(page_css)));
  hw_end(h);
  hw_end(h);
  (void)m;
}

static void write_thead(struct hw *h, const struct ra_matrix *m)
{
  size_t c;
  hw_start(h, "thead");
  hw_start(h, "tr");
  hw_elem(h, "th", "case");
  hw_elem(h, "th", "profile");
  hw_elem(h, "th", "level");
  hw_elem(h, "th", "title");
  for(c = 0; c < m->ncols; c++) {
    const struct ra_run *r = m->cols[c].run;
    struct ra_buf b;
    ra_buf_init(&b, RA_BUF_UNLIMITED);
    hw_start(h, "th");
    hw_attr(h, "class", "target");
    hw_attrf(h, "data-col", "%zu", c);
    hw_text(h, m->cols[c].name);
    hw_start(h, "br");
    hw_check(h, xmlTextWriterEndElement(h->w));
    hw_start(h, "span");
    hw_attr(h, "class", "endpoint");
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
    hw_text(h, ra_buf_str(&b));
    hw_end(h);
    hw_end(h);
    ra_buf_free(&b);
  }
  hw_end(h);
  hw_end(h);
}

static void write_cell(struct hw *h, size_t col, const struct ra_verdict *v)
{
  ra_cell cell = ra_cell_of(v);
  struct ra_buf cls;
  ra_buf_init(&cls, RA_BUF_UNLIMITED);
  ra_buf_putf(&cls, "cell g-%s", ra_cell_name(cell));
  hw_start(h, "td");
  hw_attr(h, "class", ra_buf_str(&cls));
  hw_attrf(h, "data-col", "%zu", col);
  hw_attr(h, "data-cell", ra_cell_name(cell));
  if(!v) {
    hw_attr(h, "title", "not in this run");
    hw_text(h, "\xe2\x80\x94");
    hw_end(h);
    ra_buf_free(&cls);
    return;
  }
  if(v->reason && v->reason[0])
    hw_attr(h, "title", v->reason);
  hw_start(h, "details");
  hw_elem(h, "summary", ra_cell_name(cell));
  hw_start(h, "dl");
  hw_fact(h, "reason", v->reason);
  hw_fact(h, "error kind", v->error_kind);
  hw_fact(h, "observed", v->observed_key);
  hw_fact(h, "actual", v->actual);
  hw_fact(h, "expected", v->expected);
  hw_fact(h, "baseline", v->baseline_reason);
  hw_fact(h, "note", v->note);
  hw_end(h);
  hw_end(h);
  hw_end(h);
  ra_buf_free(&cls);
}

static void write_rows(struct hw *h, const struct ra_matrix *m)
{
  size_t i, c;
  const char *area = NULL;
  for(i = 0; i < m->nrows; i++) {
    const struct ra_matrix_row *r = &m->rows[i];
    if(!area || strcmp(area, r->area)) {
      if(area)
        hw_end(h); /* tbody */
      area = r->area;
      hw_start(h, "tbody");
      hw_attr(h, "class", "area");
      hw_attr(h, "data-area", area);
      hw_start(h, "tr");
      hw_attr(h, "class", "area-head");
      hw_start(h, "th");
      hw_attrf(h, "colspan", "%zu", m->ncols + 4);
      hw_text(h, area);
      hw_end(h);
      hw_end(h);
    }
    hw_start(h, "tr");
    hw_attr(h, "class", "case");
    hw_attr(h, "data-id", r->id);
    hw_attr(h, "data-profile", r->profile);
    hw_attr(h, "data-differs", r->differs ? "1" : "0");
    hw_start(h, "td");
    hw_attr(h, "class", "id");
    hw_text(h, r->id);
    hw_end(h);
    hw_start(h, "td");
    hw_attr(h, "class", "profile");
    hw_text(h, r->profile);
    hw_end(h);
    hw_elem(h, "td", r->level);
    hw_elem(h, "td", r->title);
    for(c = 0; c < m->ncols; c++)
      write_cell(h, c, r->cells[c]);
    hw_end(h);
  }
  if(area)
    hw_end(h);
}

static void write_tfoot(struct hw *h, const struct ra_matrix *m)
{
  size_t c;
  int k;
  hw_start(h, "tfoot");
  for(k = 0; k < RA_CELL_COUNT; k++) {
    hw_start(h, "tr");
    hw_attr(h, "class", "total");
    hw_attr(h, "data-cell", ra_cell_name((ra_cell)k));
    hw_start(h, "th");
    hw_attr(h, "colspan", "4");
    hw_text(h, ra_cell_name((ra_cell)k));
    hw_end(h);
    for(c = 0; c < m->ncols; c++) {
      char n[32];
      snprintf(n, sizeof(n), "%zu", m->cols[c].totals[k]);
      hw_start(h, "td");
      hw_attrf(h, "data-col", "%zu", c);
      if(m->cols[c].totals[k])
        hw_attrf(h, "class", "total g-%s", ra_cell_name((ra_cell)k));
      else
        hw_attr(h, "class", "total");
      hw_text(h, n);
      hw_end(h);
    }
    hw_end(h);
  }
  hw_end(h);
}

static void write_body(struct hw *h, const struct ra_matrix *m)
{
  char n[32];
  hw_start(h, "body");
  hw_attr(h, "data-filter", "all");
  hw_elem(h, "h1", "raconform comparison");
  hw_start(h, "p");
  hw_attr(h, "id", "counts");
  snprintf(n, sizeof(n), "%zu", m->nrows);
  hw_text(h, n);
  hw_text(h, " rows (case × profile), ");
  snprintf(n, sizeof(n), "%zu", m->ndiffer);
  hw_start(h, "span");
  hw_attr(h, "id", "differ-count");
  hw_text(h, n);
  hw_end(h);
  hw_text(h, " where the targets differ; showing ");
  hw_start(h, "span");
  hw_attr(h, "id", "shown");
  snprintf(n, sizeof(n), "%zu", m->nrows);
  hw_text(h, n);
  hw_end(h);
  hw_text(h, ". Click a cell for the observed answer and the reason.");
  hw_end(h);
  /* The checkbox is the table's sibling so the CSS rule filters without
   * script too. */
  hw_start(h, "input");
  hw_attr(h, "type", "checkbox");
  hw_attr(h, "id", "only-differ");
  hw_check(h, xmlTextWriterEndElement(h->w));
  hw_start(h, "label");
  hw_attr(h, "for", "only-differ");
  hw_text(h, " show only rows where targets differ");
  hw_end(h);
  hw_start(h, "table");
  hw_attr(h, "id", "matrix");
  write_thead(h, m);
  write_rows(h, m);
  write_tfoot(h, m);
  hw_end(h);
  hw_start(h, "script");
  hw_check(h, xmlTextWriterWriteRaw(h->w, X(page_script)));
  hw_end(h);
  hw_end(h);
}

char *ra_report_html_dumps(const struct ra_matrix *m)
{
  xmlBufferPtr buf = xmlBufferCreate();
  struct hw h;
  char *out;
  memset(&h, 0, sizeof(h));
  h.w = xmlNewTextWriterMemory(buf, 0);
  if(!h.w) {
    xmlBufferFree(buf);
    return ra_strdup("");
  }
  hw_check(&h, xmlTextWriterWriteRaw(h.w, X("<!DOCTYPE html>\n")));
  hw_start(&h, "html");
  hw_attr(&h, "lang", "en");
  write_head(&h, m);
  write_body(&h, m);
  hw_end(&h);
  hw_check(&h, xmlTextWriterEndDocument(h.w));
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
