/* Unit tests of proto/vector over the checked-in vectors/ tree (listing,
 * loading, recomputing each output and comparing it with the expected file)
 * and over small bad vectors written to a temporary root (errors with
 * file:line:column). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "proto/vector.h"
#include "check_run.h"

static const char *root(void)
{
  static char path[1024];
  const char *src = getenv("RACONFORM_SOURCE_DIR");
  snprintf(path, sizeof(path), "%s/vectors", src ? src : ".");
  return path;
}

START_TEST(test_vector__list_is_sorted_and_complete)
{
  char **names = NULL;
  size_t n = 0, i;
  struct ra_error err = RA_ERROR_INIT;
  int legacy = 0, sigv4 = 0;
  ck_assert_int_eq(ra_vector_list(root(), &names, &n, &err), RA_OK);
  ck_assert_uint_gt(n, 20);
  for(i = 0; i < n; i++) {
    legacy += !strncmp(names[i], "legacy/", 7);
    sigv4 += !strncmp(names[i], "sigv4/", 6);
    if(i)
      ck_assert_int_lt(strcmp(names[i - 1], names[i]), 0);
    ck_assert_ptr_null(strstr(names[i], "responses"));
  }
  ck_assert_int_gt(legacy, 0);
  ck_assert_int_gt(sigv4, 0);
  ck_assert_uint_eq((size_t)(legacy + sigv4), n);
  ra_vector_names_free(names, n);
  ck_assert_int_eq(ra_vector_list("/nonexistent-ra-root", &names, &n, &err),
                   RA_E_NOT_FOUND);
}
END_TEST

/* Every vector's computed outputs equal its expected files. */
START_TEST(test_vector__every_vector_recomputes)
{
  char **names = NULL;
  size_t n = 0, i, k, checked = 0;
  struct ra_error err = RA_ERROR_INIT;
  ck_assert_int_eq(ra_vector_list(root(), &names, &n, &err), RA_OK);
  for(i = 0; i < n; i++) {
    struct ra_vector v;
    struct ra_vector_result r;
    ck_assert_msg(ra_vector_load(&v, root(), names[i], &err) == RA_OK,
                  "%s: %s", names[i], err.text);
    ra_vector_result_init(&r);
    ck_assert_int_eq(ra_vector_compute(&r, &v, &err), RA_OK);
    ck_assert_uint_gt(r.count, 0);
    for(k = 0; k < r.count; k++) {
      struct ra_buf want;
      ra_buf_init(&want, RA_BUF_UNLIMITED);
      if(ra_vector_read_expected(&want, &v, r.items[k].file, &err) ==
         RA_OK) {
        /* files may end in one newline */
        size_t wl = want.len;
        if(wl && want.ptr[wl - 1] == '\n' && r.items[k].data.len < wl)
          wl--;
        ck_assert_msg(wl == r.items[k].data.len &&
                      !memcmp(ra_buf_str(&want),
                              ra_buf_str(&r.items[k].data), wl),
                      "%s/%s differs", names[i], r.items[k].file);
        checked++;
      }
      ra_buf_free(&want);
    }
    ra_vector_result_free(&r);
    ra_vector_free(&v);
  }
  ck_assert_uint_ge(checked, n); /* at least one output file each */
  ra_vector_names_free(names, n);
}
END_TEST

START_TEST(test_vector__scheme_answer_file_and_inputs)
{
  struct ra_vector v;
  struct ra_error err = RA_ERROR_INIT;
  struct ra_buf in;
  ck_assert_int_eq(ra_vector_load(&v, root(), "legacy/mturk-reject", &err),
                   RA_OK);
  ck_assert_int_eq(v.scheme, RA_VECTOR_MTURK);
  ck_assert_str_eq(v.name, "legacy/mturk-reject");
  ck_assert_str_eq(ra_vector_answer_file(&v), "signature.txt");
  ra_buf_init(&in, RA_BUF_UNLIMITED);
  ck_assert_int_eq(ra_vector_inputs_json(&in, &v, &err), RA_OK);
  ck_assert_ptr_nonnull(strstr(ra_buf_str(&in), "RejectAssignment"));
  ck_assert_ptr_nonnull(strstr(ra_buf_str(&in), "2015-08-30T12:36:00Z"));
  ck_assert_ptr_null(strchr(ra_buf_str(&in), '\n')); /* compact */
  ra_buf_free(&in);
  ra_vector_free(&v);
  ck_assert_int_eq(ra_vector_load(&v, root(), "sigv4/get-vanilla", &err),
                   RA_OK);
  ck_assert_int_eq(v.scheme, RA_VECTOR_SIGV4);
  ck_assert_str_eq(ra_vector_answer_file(&v), "authorization.txt");
  ra_vector_free(&v);
}
END_TEST

static char tmp[64];

static void write_vector(const char *name, const char *json)
{
  char path[256];
  FILE *f;
  snprintf(path, sizeof(path), "%s/legacy", tmp);
  mkdir(path, 0755);
  snprintf(path, sizeof(path), "%s/legacy/%s", tmp, name);
  ck_assert_int_eq(mkdir(path, 0755), 0);
  snprintf(path, sizeof(path), "%s/legacy/%s/vector.json", tmp, name);
  f = fopen(path, "w");
  ck_assert_ptr_nonnull(f);
  fputs(json, f);
  fclose(f);
}

START_TEST(test_vector__bad_vectors_say_where)
{
  struct ra_vector v;
  struct ra_error err = RA_ERROR_INIT;
  char cmd[128];
  snprintf(tmp, sizeof(tmp), "/tmp/ra-vector-XXXXXX");
  ck_assert_ptr_nonnull(mkdtemp(tmp));
  write_vector("syntax", "{\n  \"scheme\": \"mturk\",\n  oops\n}\n");
  write_vector("scheme", "{\n  \"operation\": \"X\",\n  \"scheme\": \"md5\"\n}\n");
  write_vector("array", "[1]\n");
  ra_error_clear(&err);
  ck_assert_int_eq(ra_vector_load(&v, tmp, "legacy/syntax", &err),
                   RA_E_PARSE);
  ck_assert_ptr_nonnull(strstr(err.source, "legacy/syntax/vector.json"));
  ck_assert_int_eq(err.line, 3);
  ra_error_clear(&err);
  ck_assert_int_eq(ra_vector_load(&v, tmp, "legacy/scheme", &err),
                   RA_E_PARSE);
  ck_assert_int_eq(err.line, 3);   /* at the "scheme" key */
  ck_assert_int_eq(err.column, 3);
  ck_assert_ptr_nonnull(strstr(err.text, "'scheme' must be"));
  ra_error_clear(&err);
  ck_assert_int_eq(ra_vector_load(&v, tmp, "legacy/array", &err),
                   RA_E_PARSE);
  ck_assert_ptr_nonnull(strstr(err.text, "JSON object"));
  ck_assert_int_ne(ra_vector_load(&v, tmp, "legacy/missing", &err), RA_OK);
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
  ck_assert_int_eq(system(cmd), 0);
}
END_TEST

static Suite *suite(void)
{
  Suite *s = suite_create("vector");
  TCase *tc = tcase_create("vector");
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, test_vector__list_is_sorted_and_complete);
  tcase_add_test(tc, test_vector__every_vector_recomputes);
  tcase_add_test(tc, test_vector__scheme_answer_file_and_inputs);
  tcase_add_test(tc, test_vector__bad_vectors_say_where);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  return ra_check_run(suite());
}
