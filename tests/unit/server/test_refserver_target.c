/* Unit tests of the reference server's description of itself
 * (server/refserver_target): the target file `serve --target-out` writes
 * and `run`'s embedded mode loads, its fields, the seeded names, and the
 * file written being exactly the description. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/file.h"
#include "server/refserver.h"
#include "server/refserver_target.h"
#include "check_run.h"

static struct ra_refserver *start(const char *const *defects, size_t nd,
                                  const char *const *variants, size_t nv,
                                  const char *token)
{
  struct ra_refserver_config cfg;
  struct ra_refserver *s = NULL;
  struct ra_error err = RA_ERROR_INIT;
  ra_refserver_config_init(&cfg);
  cfg.defects = defects;
  cfg.defect_count = nd;
  cfg.variants = variants;
  cfg.variant_count = nv;
  cfg.control_token = token;
  cfg.threads = 1;
  ck_assert_int_eq(ra_refserver_start(&s, &cfg, &err), RA_OK);
  return s;
}

static json_t *describe(const struct ra_refserver *s)
{
  struct ra_buf text;
  struct ra_error err = RA_ERROR_INIT;
  json_error_t jerr;
  json_t *root;
  ra_buf_init(&text, RA_BUF_UNLIMITED);
  ck_assert_int_eq(ra_refserver_target_describe(s, &text, "t", &err), RA_OK);
  root = json_loadb(ra_buf_str(&text), text.len, 0, &jerr);
  ck_assert_msg(root != NULL, "%s", jerr.text);
  ra_buf_free(&text);
  return root;
}

static const char *str_at(json_t *root, const char *a, const char *b)
{
  json_t *j = json_object_get(root, a);
  if(b)
    j = json_object_get(j, b);
  ck_assert_msg(json_is_string(j), "%s.%s", a, b ? b : "");
  return json_string_value(j);
}

START_TEST(test_refserver_target__clean_server)
{
  struct ra_refserver *s = start(NULL, 0, NULL, 0, NULL);
  json_t *root = describe(s);
  json_t *ops = json_object_get(json_object_get(root, "capabilities"),
                                "operations");
  ck_assert_str_eq(str_at(root, "name", NULL), "raconform-refserver");
  ck_assert_str_eq(str_at(root, "endpoint", NULL), ra_refserver_url(s));
  ck_assert_str_eq(str_at(root, "profile", NULL), "all");
  ck_assert_str_eq(str_at(root, "fixtures", "control"),
                   ra_refserver_control_url(s));
  ck_assert_str_eq(str_at(root, "capabilities", "feedback_length_unit"),
                   "codepoint");
  ck_assert_uint_eq(json_array_size(ops), 4);
  ck_assert_str_eq(json_string_value(json_array_get(ops, 0)),
                   "RejectAssignment");
  ck_assert_str_eq(str_at(json_object_get(root, "requesters"), "owner",
                          "access_key_id"), RA_REFSERVER_OWNER_KEY_ID);
  ck_assert_str_eq(str_at(json_object_get(root, "requesters"), "other",
                          "secret_access_key"), RA_REFSERVER_OTHER_SECRET);
  ck_assert_ptr_null(json_object_get(root, "control_token"));
  ck_assert(json_is_false(json_object_get(json_object_get(root, "tls"),
                                          "insecure")));
  json_decref(root);
  ra_refserver_stop(s);
}
END_TEST

START_TEST(test_refserver_target__seeded_server)
{
  static const char *const defects[] = {"feedback-off-by-one"};
  static const char *const variants[] = {"count-utf16", "reject-only"};
  struct ra_refserver *s = start(defects, 1, variants, 2, "tok");
  json_t *root = describe(s);
  json_t *ops = json_object_get(json_object_get(root, "capabilities"),
                                "operations");
  ck_assert_str_eq(str_at(root, "name", NULL), "raconform-refserver "
                   "(defects: feedback-off-by-one) (variants: count-utf16, "
                   "reject-only)");
  ck_assert_str_eq(str_at(root, "capabilities", "feedback_length_unit"),
                   "utf16");
  ck_assert_uint_eq(json_array_size(ops), 1);
  ck_assert_str_eq(str_at(root, "control_token", NULL), "tok");
  json_decref(root);
  ra_refserver_stop(s);
}
END_TEST

START_TEST(test_refserver_target__file_is_the_description)
{
  struct ra_refserver *s = start(NULL, 0, NULL, 0, NULL);
  char path[] = "/tmp/ra-target-XXXXXX";
  struct ra_buf text, file;
  struct ra_error err = RA_ERROR_INIT;
  int fd = mkstemp(path);
  ck_assert_int_ge(fd, 0);
  close(fd);
  ra_buf_init(&text, RA_BUF_UNLIMITED);
  ra_buf_init(&file, RA_BUF_UNLIMITED);
  ck_assert_int_eq(ra_refserver_target_describe(s, &text, "t", &err), RA_OK);
  ck_assert_int_eq(ra_refserver_write_target(s, path, &err), RA_OK);
  ck_assert_int_eq(ra_file_read(&file, path, &err), RA_OK);
  ck_assert_uint_eq(file.len, text.len);
  ck_assert(!memcmp(ra_buf_str(&file), ra_buf_str(&text), text.len));
  unlink(path);
  ra_buf_free(&text);
  ra_buf_free(&file);
  ra_refserver_stop(s);
}
END_TEST

START_TEST(test_refserver_target__needs_a_socket)
{
  struct ra_refserver_config cfg;
  struct ra_refserver *s = NULL;
  struct ra_buf text;
  struct ra_error err = RA_ERROR_INIT;
  ra_refserver_config_init(&cfg);
  ck_assert_int_eq(ra_refserver_new(&s, &cfg, &err), RA_OK);
  ra_buf_init(&text, RA_BUF_UNLIMITED);
  ra_error_clear(&err);
  ck_assert_int_eq(ra_refserver_target_describe(s, &text, "here", &err),
                   RA_E_USAGE);
  ck_assert_str_eq(err.source, "here");
  ck_assert_uint_eq(text.len, 0);
  ra_buf_free(&text);
  ra_refserver_stop(s);
}
END_TEST

static Suite *suite(void)
{
  Suite *s = suite_create("refserver_target");
  TCase *tc = tcase_create("refserver_target");
  tcase_add_test(tc, test_refserver_target__clean_server);
  tcase_add_test(tc, test_refserver_target__seeded_server);
  tcase_add_test(tc, test_refserver_target__file_is_the_description);
  tcase_add_test(tc, test_refserver_target__needs_a_socket);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  return ra_check_run(suite());
}
