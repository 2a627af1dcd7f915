#include "report/report_tap.h"

#include <string.h>

#include "core/alloc.h"
#include "core/outfile.h"
#include "proto/text.h"

/* "ID title" on one line with '\' and '#' escaped (TAP 14 §Test Point;
 * TAP::Parser also honours "\#"), so a title cannot start a directive. */
/* "ID [profile] title": the profile tells a two-profile run's two lines
 * of one case apart. */
static void put_description(FILE *out, const struct ra_verdict *v)
{
  char *id = ra_text_line(v->case_id);
  char *prof = ra_text_line(v->profile);
  char *title = ra_text_line(v->title);
  const char *parts[3];
  size_t i;
  parts[0] = id;
  parts[1] = prof;
  parts[2] = title;
  for(i = 0; i < 3; i++) {
    const char *p;
    if(!parts[i][0])
      continue;
    if(i > 0)
      fputs(i == 1 ? " [" : " ", out);
    for(p = parts[i]; *p; p++) {
      if(*p == '#' || *p == '\\')
        fputc('\\', out);
      fputc(*p, out);
    }
    if(i == 1)
      fputc(']', out);
  }
  ra_free(id);
  ra_free(prof);
  ra_free(title);
}

/* Directive explanation: one line; a '#' is harmless after the directive. */
static void put_reason(FILE *out, const char *prefix, const char *reason)
{
  char *r = ra_text_line(reason);
  fprintf(out, "%s%s", prefix, r);
  ra_free(r);
}

static void put_quoted(FILE *out, const char *s)
{
  const char *p;
  fputc('"', out);
  for(p = s; *p; p++) {
    switch(*p) {
    case '"': fputs("\\\"", out); break;
    case '\\': fputs("\\\\", out); break;
    case '\n': fputs("\\n", out); break;
    case '\t': fputs("\\t", out); break;
    default: fputc(*p, out);
    }
  }
  fputc('"', out);
}

/* A literal block scalar is used only where Perl's YAMLish reader (which
 * knows plain "|" and nothing else: no chomping or indentation indicators)
 * and a full YAML parser read the same text: no empty or blank lines, no
 * leading whitespace on the first line, no tab indentation, no line that a
 * TAP parser could take for the end of the block. */
static int block_safe(const char *s)
{
  const char *line = s;
  int first = 1;
  if(!strchr(s, '\n'))
    return 0;
  while(line) {
    const char *nl = strchr(line, '\n');
    size_t len = nl ? (size_t)(nl - line) : strlen(line);
    size_t i = 0;
    while(i < len && line[i] == ' ')
      i++;
    if(i == len || line[i] == '\t' || (first && i > 0))
      return 0;
    if(len - i >= 3 && (!strncmp(line + i, "...", 3) ||
                        !strncmp(line + i, "---", 3))) {
      size_t j = i + 3;
      while(j < len && line[j] == ' ')
        j++;
      if(j == len)
        return 0;
    }
    first = 0;
    line = nl ? nl + 1 : NULL;
  }
  return 1;
}

static void yaml_field(FILE *out, const char *key, const char *value)
{
  char *s;
  size_t len;
  if(!value)
    return;
  s = ra_text_clean(value, RA_TEXT_KEEP_NEWLINES | RA_TEXT_KEEP_TABS);
  len = strlen(s);
  while(len > 0 && s[len - 1] == '\n')
    s[--len] = '\0';
  fprintf(out, "  %s: ", key);
  if(block_safe(s)) {
    const char *line = s;
    fputs("|\n", out);
    while(line) {
      const char *nl = strchr(line, '\n');
      size_t n = nl ? (size_t)(nl - line) : strlen(line);
      fprintf(out, "    %.*s\n", (int)n, line);
      line = nl ? nl + 1 : NULL;
    }
  }
  else {
    put_quoted(out, s);
    fputc('\n', out);
  }
  ra_free(s);
}

static void header_line(FILE *out, const char *label, const char *value)
{
  char *s = ra_text_line(value ? value : "unknown");
  fprintf(out, "# %s: %s\n", label, s);
  ra_free(s);
}

void ra_report_tap_begin(FILE *out, const struct ra_run *run, size_t planned,
                         int tap_version)
{
  fprintf(out, "TAP version %d\n", tap_version == 14 ? 14 : 13);
  header_line(out, "raconform", run->suite_version);
  header_line(out, "target", run->target_name);
  header_line(out, "endpoint", run->endpoint);
  header_line(out, "endpoint class", run->endpoint_class);
  header_line(out, "profile", run->profile);
  fprintf(out, "# strict: %s\n", run->strict ? "yes" : "no");
  if(planned)
    fprintf(out, "1..%zu\n", planned);
  fflush(out);
}

static void yaml_facts(FILE *out, const struct ra_verdict *v,
                       const char *rerun)
{
  yaml_field(out, "profile", v->profile);
  yaml_field(out, "expected", v->expected);
  yaml_field(out, "actual", v->actual);
  yaml_field(out, "source", v->source);
  yaml_field(out, "request", v->request);
  yaml_field(out, "response", v->response);
  yaml_field(out, "curl", v->curl);
  yaml_field(out, "rerun", rerun);
}

/* "ok 3 - description[ # DIRECTIVE text]" and its newline. */
static void test_line(FILE *out, const char *ok, size_t n,
                      const struct ra_verdict *v, const char *directive,
                      const char *text)
{
  fprintf(out, "%s %zu - ", ok, n);
  put_description(out, v);
  if(directive)
    put_reason(out, directive, text);
  fputc('\n', out);
}

/* Opens the YAML block, with its severity field when there is one. */
static void open_yaml(FILE *out, const char *severity)
{
  fputs("  ---\n", out);
  if(severity)
    yaml_field(out, "severity", severity);
}

void ra_report_tap_case(FILE *out, size_t n, const struct ra_run *run,
                        const struct ra_verdict *v)
{
  int yaml = 0;
  char *rerun = run ? ra_verdict_rerun(run, v) : NULL;
  switch(v->status) {
  case RA_STATUS_PASS:
    test_line(out, "ok", n, v, NULL, NULL);
    yaml = v->grade != RA_GRADE_OK || v->note;
    if(yaml) {
      open_yaml(out, NULL);
      yaml_field(out, "grade", ra_grade_name(v->grade));
      if(v->grade != RA_GRADE_OK) {
        yaml_field(out, "profile", v->profile);
        yaml_field(out, "expected", v->expected);
        yaml_field(out, "actual", v->actual);
        yaml_field(out, "source", v->source);
      }
    }
    break;
  case RA_STATUS_FAIL:
    test_line(out, "not ok", n, v, NULL, NULL);
    yaml = 1;
    open_yaml(out, "fail");
    yaml_field(out, "grade", ra_grade_name(v->grade));
    yaml_field(out, "reason", v->reason);
    yaml_field(out, "observed", v->observed_key);
    yaml_facts(out, v, rerun);
    break;
  case RA_STATUS_ERROR:
    test_line(out, "not ok", n, v, NULL, NULL);
    yaml = 1;
    open_yaml(out, "error");
    yaml_field(out, "kind", v->error_kind ? v->error_kind : "harness");
    yaml_field(out, "reason", v->reason);
    yaml_facts(out, v, rerun);
    break;
  case RA_STATUS_SKIP:
    test_line(out, "ok", n, v, " # SKIP ",
              v->reason ? v->reason : "skipped");
    break;
  case RA_STATUS_TODO:
    test_line(out, "not ok", n, v, " # TODO baseline: ",
              v->baseline_reason ? v->baseline_reason : "listed");
    yaml = 1;
    open_yaml(out, "todo");
    yaml_field(out, "grade", ra_grade_name(v->grade));
    yaml_field(out, "observed", v->observed_key);
    yaml_facts(out, v, rerun);
    break;
  }
  if(v->note) {
    if(!yaml) {
      open_yaml(out, NULL);
      yaml = 1;
    }
    yaml_field(out, "note", v->note);
  }
  if(yaml)
    fputs("  ...\n", out);
  fflush(out);
  ra_free(rerun);
}

void ra_report_tap_bail(FILE *out, const char *reason)
{
  char *s = ra_text_line(reason);
  fprintf(out, "Bail out! %s\n", s);
  fflush(out);
  ra_free(s);
}

ra_code ra_report_tap_end(FILE *out, const struct ra_run *run, size_t planned,
                          size_t emitted)
{
  struct ra_run_counts c;
  if(!planned)
    fprintf(out, "1..%zu\n", emitted);
  ra_run_count(run, &c);
  fprintf(out, "# pass %zu, fail %zu, error %zu, skip %zu, todo %zu\n",
          c.by_status[RA_STATUS_PASS], c.by_status[RA_STATUS_FAIL],
          c.by_status[RA_STATUS_ERROR], c.by_status[RA_STATUS_SKIP],
          c.by_status[RA_STATUS_TODO]);
  fflush(out);
  return ferror(out) ? RA_E_IO : RA_OK;
}

ra_code ra_report_tap_write(FILE *out, const struct ra_run *run,
                            int tap_version)
{
  size_t i;
  ra_report_tap_begin(out, run, run->count, tap_version);
  for(i = 0; i < run->count; i++)
    ra_report_tap_case(out, i + 1, run, &run->verdicts[i]);
  return ra_report_tap_end(out, run, run->count, run->count);
}

ra_code ra_report_tap_write_file(const char *path, const struct ra_run *run,
                                 int tap_version, const char *bail,
                                 struct ra_error *err)
{
  struct ra_outfile of;
  ra_code result = ra_outfile_open(&of, path, err);
  if(result)
    return result;
  (void)ra_report_tap_write(of.fp, run, tap_version);
  if(bail)
    ra_report_tap_bail(of.fp, bail);
  /* a failed write shows in the commit, with its errno */
  return ra_outfile_commit(&of, err);
}
