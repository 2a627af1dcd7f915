/* The catalogue: recursive loading in id order, duplicate ids, the shipped
 * cases/ folder, selection globs and @files, skip reasons. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/alloc.h"
#include "runner/caseset.h"
#include "check_run.h"

static char tmpdir[64];

static void write_case(const char *rel, const char *id, const char *area,
                       const char *tags)
{
  char path[300];
  FILE *f;
  snprintf(path, sizeof(path), "%s/%s", tmpdir, rel);
  f = fopen(path, "w");
  ck_assert_ptr_nonnull(f);
  fprintf(f, "{\"id\": \"%s\", \"title\": \"t\", \"area\": \"%s\", "
          "\"tags\": [%s], \"level\": \"MUST\", \"source\": {\"kind\": "
          "\"doc\", \"quote\": \"q\"}, \"needs\": {\"fixture\": "
          "\"Submitted\"}, \"request\": {}, \"expect\": {\"json-2017\": "
          "[{\"grade\": \"OK\", \"outcome\": \"error\"}], \"legacy-2014\": "
          "[{\"grade\": \"OK\", \"outcome\": \"error\"}]}}\n", id, area, tags);
  fclose(f);
}

static void make_tree(void)
{
  char path[300];
  snprintf(tmpdir, sizeof(tmpdir), "/tmp/ra_caseset_XXXXXX");
  ck_assert_ptr_nonnull(mkdtemp(tmpdir));
  snprintf(path, sizeof(path), "%s/b", tmpdir);
  mkdir(path, 0700);
  snprintf(path, sizeof(path), "%s/a", tmpdir);
  mkdir(path, 0700);
  snprintf(path, sizeof(path), "%s/a/deep", tmpdir);
  mkdir(path, 0700);
  write_case("b/RA-AUTH-0002.json", "RA-AUTH-0002", "auth", "\"sig\"");
  write_case("a/RA-FB-0001.json", "RA-FB-0001", "feedback", "\"length\"");
  write_case("a/deep/RA-AUTH-0001.json", "RA-AUTH-0001", "auth",
             "\"sig\", \"clock\"");
  /* not a case: other extensions and hidden files are ignored */
  snprintf(path, sizeof(path), "%s/a/README.md", tmpdir);
  fclose(fopen(path, "w"));
  snprintf(path, sizeof(path), "%s/.hidden.json", tmpdir);
  fclose(fopen(path, "w"));
}

static void remove_tree(void)
{
  char cmd[200];
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
  ck_assert_int_eq(system(cmd), 0);
}

START_TEST(test_caseset__load_sorted)
{
  struct ra_caseset set;
  struct ra_error err = RA_ERROR_INIT;
  make_tree();
  ra_caseset_init(&set);
  ck_assert_int_eq(ra_caseset_load_dir(&set, tmpdir, &err), RA_OK);
  ck_assert_uint_eq(set.count, 3);
  ck_assert_str_eq(set.cases[0]->id, "RA-AUTH-0001");
  ck_assert_str_eq(set.cases[1]->id, "RA-AUTH-0002");
  ck_assert_str_eq(set.cases[2]->id, "RA-FB-0001");
  ck_assert_ptr_nonnull(strstr(set.cases[0]->file, "/a/deep/RA-AUTH-0001.json"));
  ck_assert_ptr_eq(ra_caseset_find(&set, "RA-AUTH-0002"), set.cases[1]);
  ck_assert_ptr_null(ra_caseset_find(&set, "RA-AUTH-0003"));
  ra_caseset_free(&set);
  remove_tree();
}
END_TEST

START_TEST(test_caseset__duplicate)
{
  struct ra_caseset set;
  struct ra_error err = RA_ERROR_INIT;
  char want[400];
  make_tree();
  mkdir(strcat(strcpy(want, tmpdir), "/c"), 0700);
  /* same id under another folder (file name matches, so only the id clash
   * is wrong) */
  write_case("c/RA-FB-0001.json", "RA-FB-0001", "feedback", "");
  ra_caseset_init(&set);
  ck_assert_int_eq(ra_caseset_load_dir(&set, tmpdir, &err), RA_E_INVALID);
  snprintf(want, sizeof(want), "%s/c/RA-FB-0001.json", tmpdir);
  ck_assert_str_eq(err.source, want);
  snprintf(want, sizeof(want), "duplicate id 'RA-FB-0001' (also in "
           "'%s/a/RA-FB-0001.json')", tmpdir);
  ck_assert_str_eq(err.text, want);
  ra_caseset_free(&set);
  remove_tree();
}
END_TEST

START_TEST(test_caseset__bad_file_stops)
{
  struct ra_caseset set;
  struct ra_error err = RA_ERROR_INIT;
  char path[300];
  FILE *f;
  make_tree();
  snprintf(path, sizeof(path), "%s/b/RA-AUTH-0003.json", tmpdir);
  f = fopen(path, "w");
  fputs("{\n  \"id\": 3\n}\n", f);
  fclose(f);
  ra_caseset_init(&set);
  ck_assert_int_ne(ra_caseset_load_dir(&set, tmpdir, &err), RA_OK);
  ck_assert_str_eq(err.source, path);
  ck_assert_int_eq(err.line, 2);
  ck_assert_int_eq(err.column, 9);
  ck_assert_str_eq(err.text, "'id' must be a string, not an integer");
  ra_caseset_free(&set);
  remove_tree();
  ra_caseset_init(&set);
  ck_assert_int_eq(ra_caseset_load_dir(&set, "/nonexistent/ra", &err),
                   RA_E_CONFIG);
  ra_caseset_free(&set);
}
END_TEST

/* Enough files for the loader's second thread: whatever order the threads
 * finish in, the error reported is the first one in walk order (here a
 * file whose id is wrong before two malformed files, then the first
 * malformed file once that one is fixed). */
START_TEST(test_caseset__parallel_first_error)
{
  struct ra_caseset set;
  struct ra_error err = RA_ERROR_INIT;
  char path[300], id[32], want[400];
  FILE *f;
  int i;
  make_tree();
  snprintf(path, sizeof(path), "%s/m", tmpdir);
  mkdir(path, 0700);
  for(i = 0; i < 80; i++) {
    snprintf(id, sizeof(id), "RA-STATE-%04d", i);
    snprintf(path, sizeof(path), "m/%s.json", id);
    write_case(path, id, "state", "");
  }
  snprintf(path, sizeof(path), "%s/m/RA-STATE-0070.json", tmpdir);
  f = fopen(path, "w");
  fputs("{\n  \"id\": 70\n}\n", f);
  fclose(f);
  snprintf(path, sizeof(path), "%s/m/RA-STATE-0040.json", tmpdir);
  f = fopen(path, "w");
  fputs("{\n  \"id\": [\n}\n", f);
  fclose(f);
  write_case("m/RA-STATE-0020.json", "RA-STATE-0005", "state", "");
  ra_caseset_init(&set);
  ck_assert_int_eq(ra_caseset_load_dir(&set, tmpdir, &err), RA_E_INVALID);
  snprintf(want, sizeof(want), "%s/m/RA-STATE-0020.json", tmpdir);
  ck_assert_str_eq(err.source, want);
  ra_caseset_free(&set);
  write_case("m/RA-STATE-0020.json", "RA-STATE-0020", "state", "");
  ra_caseset_init(&set);
  ck_assert_int_ne(ra_caseset_load_dir(&set, tmpdir, &err), RA_OK);
  ck_assert_str_eq(err.source, path);
  ck_assert_int_eq(err.line, 3);
  ra_caseset_free(&set);
  remove_tree();
}
END_TEST

START_TEST(test_caseset__shipped_catalogue)
{
  struct ra_caseset set;
  struct ra_error err = RA_ERROR_INIT;
  char msg[1200];
  ra_caseset_init(&set);
  ra_error_clear(&err);
  ra_caseset_load_dir(&set, "cases", &err);
  ra_error_format(&err, msg, sizeof(msg));
  ck_assert_msg(err.text[0] == '\0', "%s", msg);
  ck_assert_ptr_nonnull(ra_caseset_find(&set, "RA-STATE-0001"));
  ck_assert_ptr_nonnull(ra_caseset_find(&set, "RA-ID-0001"));
  ck_assert_ptr_nonnull(ra_caseset_find(&set, "RA-FB-0001"));
  ck_assert_ptr_nonnull(ra_caseset_find(&set, "RA-FB-0002"));
  ck_assert_ptr_nonnull(ra_caseset_find(&set, "RA-REQ-0001"));
  ck_assert_ptr_nonnull(ra_caseset_find(&set, "RA-AUTH-0001"));
  ra_caseset_free(&set);
}
END_TEST

START_TEST(test_caseset__selection)
{
  struct ra_caseset set;
  struct ra_selection sel;
  struct ra_error err = RA_ERROR_INIT;
  char path[300];
  FILE *f;
  make_tree();
  ra_caseset_init(&set);
  ck_assert_int_eq(ra_caseset_load_dir(&set, tmpdir, &err), RA_OK);

  ra_selection_init(&sel);
  /* empty selection: everything */
  ck_assert_int_eq(ra_selection_match(&sel, set.cases[0]), 1);
  /* by area */
  ck_assert_int_eq(ra_selection_add(&sel, 0, "auth", &err), RA_OK);
  ck_assert_int_eq(ra_selection_match(&sel, set.cases[0]), 1);
  ck_assert_int_eq(ra_selection_match(&sel, set.cases[2]), 0);
  /* skip by tag */
  ck_assert_int_eq(ra_selection_add(&sel, 1, "clo*", &err), RA_OK);
  ck_assert_int_eq(ra_selection_match(&sel, set.cases[0]), 0);
  ck_assert_int_eq(ra_selection_match(&sel, set.cases[1]), 1);
  ra_selection_free(&sel);

  /* @file, with comments and blank lines; id globs */
  snprintf(path, sizeof(path), "%s/patterns", tmpdir);
  f = fopen(path, "w");
  fputs("# comment\n\n  RA-FB-*  \r\n", f);
  fclose(f);
  snprintf(path, sizeof(path), "@%s/patterns", tmpdir);
  ra_selection_init(&sel);
  ck_assert_int_eq(ra_selection_add(&sel, 0, path, &err), RA_OK);
  ck_assert_uint_eq(sel.nrun, 1);
  ck_assert_str_eq(sel.run[0], "RA-FB-*");
  ck_assert_int_eq(ra_selection_match(&sel, set.cases[2]), 1);
  ck_assert_int_eq(ra_selection_match(&sel, set.cases[1]), 0);
  ck_assert_int_eq(ra_selection_add(&sel, 0, "@/nonexistent/p", &err),
                   RA_E_IO);
  ra_selection_free(&sel);
  ra_caseset_free(&set);
  remove_tree();
}
END_TEST

START_TEST(test_caseset__skip_reasons)
{
  static const char text[] =
    "{\"id\": \"RA-REQ-0001\", \"title\": \"t\", \"area\": \"requester\", "
    "\"level\": \"MUST\", \"source\": {\"kind\": \"doc\", \"quote\": \"q\"}, "
    "\"needs\": {\"fixture\": \"Submitted\"}, \"request\": {\"signer\": "
    "\"other\", \"params\": {\"F\": {\"uescape\": \"\\\\ud800\"}}}, "
    "\"expect\": {\"legacy-2014\": [{\"grade\": \"OK\", \"outcome\": "
    "\"error\"}], \"json-2017\": [{\"grade\": \"OK\", \"outcome\": "
    "\"error\"}]}}";
  struct ra_case *c;
  struct ra_error err = RA_ERROR_INIT;
  struct ra_target t;
  struct ra_buf why;
  ck_assert_int_eq(ra_case_parse(&c, text, strlen(text), "x", &err), RA_OK);
  memset(&t, 0, sizeof(t));
  t.profiles = RA_PROFILE_ALL;
  t.requesters[RA_REQUESTER_OWNER].present = 1;
  ra_buf_init(&why, RA_BUF_UNLIMITED);
  /* the built-in server has everything; uescape still skips legacy */
  ck_assert_int_eq(ra_case_skip_reason(c, RA_PROFILE_JSON, NULL, &why), 0);
  ck_assert_int_eq(ra_case_skip_reason(c, RA_PROFILE_LEGACY, NULL, &why), 1);
  ck_assert_str_eq(ra_buf_str(&why), "uescape values are json-2017 only and "
                   "the case gives no legacy raw_query/raw_body");
  ra_buf_reset(&why);
  ck_assert_int_eq(ra_case_skip_reason(c, RA_PROFILE_JSON, &t, &why), 1);
  ck_assert_str_eq(ra_buf_str(&why), "the target describes no 'other' "
                   "requester");
  ra_buf_reset(&why);
  t.requesters[RA_REQUESTER_OTHER].present = 1;
  ck_assert_int_eq(ra_case_skip_reason(c, RA_PROFILE_JSON, &t, &why), 1);
  ck_assert_str_eq(ra_buf_str(&why), "needs a Submitted assignment and the "
                   "target has no fixture provider");
  ra_buf_reset(&why);
  t.provider = RA_PROVIDER_MANIFEST;
  ck_assert_int_eq(ra_case_skip_reason(c, RA_PROFILE_JSON, &t, &why), 0);
  t.profiles = RA_PROFILE_BIT(RA_PROFILE_LEGACY);
  ck_assert_int_eq(ra_case_skip_reason(c, RA_PROFILE_JSON, &t, &why), 1);
  ck_assert_str_eq(ra_buf_str(&why), "the target does not speak json-2017");
  ra_buf_free(&why);
  ra_case_free(c);
}
END_TEST

int main(void)
{
  Suite *s = suite_create("caseset");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_caseset__load_sorted);
  tcase_add_test(tc, test_caseset__duplicate);
  tcase_add_test(tc, test_caseset__bad_file_stops);
  tcase_add_test(tc, test_caseset__parallel_first_error);
  tcase_add_test(tc, test_caseset__shipped_catalogue);
  tcase_add_test(tc, test_caseset__selection);
  tcase_add_test(tc, test_caseset__skip_reasons);
  suite_add_tcase(s, tc);
  return ra_check_run(s);
}
