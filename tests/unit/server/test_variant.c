/* Unit tests of server/variant: the table is complete and well-formed, and
 * a server built with variants describes itself by them (length unit,
 * operations, name). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/error.h"
#include "server/refserver.h"
#include "server/refserver_target.h"
#include "server/variant.h"
#include "check_run.h"

START_TEST(test_variant__table)
{
  size_t i, j;
  ck_assert_uint_ge(ra_variant_count(), 12);
  ck_assert_uint_eq(ra_variant_count(), RA_VARIANT_COUNT);
  /* every id has its bit in ra_variant_set */
  ck_assert_uint_le(ra_variant_count(), sizeof(ra_variant_set) * 8);
  ck_assert_ptr_null(ra_variant_at(ra_variant_count()));
  for(i = 0; i < ra_variant_count(); i++) {
    const struct ra_variant_info *v = ra_variant_at(i);
    ra_variant_id id;
    ck_assert_ptr_nonnull(v);
    ck_assert_ptr_nonnull(v->name);
    ck_assert_ptr_nonnull(v->profiles);
    ck_assert_ptr_nonnull(v->description);
    ck_assert_ptr_nonnull(v->why);
    ck_assert_uint_eq(strspn(v->name, "abcdefghijklmnopqrstuvwxyz0123456789-"),
                      strlen(v->name));
    ck_assert(!strcmp(v->profiles, "all") ||
              !strcmp(v->profiles, "legacy-2014") ||
              !strcmp(v->profiles, "json-2017"));
    /* each cites the note (or SPEC section) that leaves it open */
    ck_assert_ptr_nonnull(strstr(v->why, "\xc2\xa7"));
    ck_assert_int_eq(ra_variant_lookup(v->name, &id), RA_OK);
    ck_assert_uint_eq((size_t)id, i);
    for(j = i + 1; j < ra_variant_count(); j++)
      ck_assert_str_ne(v->name, ra_variant_at(j)->name);
  }
}
END_TEST

START_TEST(test_variant__lookup_unknown)
{
  ra_variant_id id;
  ck_assert_int_eq(ra_variant_lookup("no-such-variant", &id), RA_E_NOT_FOUND);
  ck_assert_int_eq(ra_variant_lookup("", &id), RA_E_NOT_FOUND);
}
END_TEST

static struct ra_refserver *server_with(const char *const *names, size_t n,
                                        ra_code *result)
{
  struct ra_refserver_config cfg;
  struct ra_refserver *s = NULL;
  struct ra_error err = RA_ERROR_INIT;
  ra_refserver_config_init(&cfg);
  ra_error_clear(&err);
  cfg.variants = names;
  cfg.variant_count = n;
  *result = ra_refserver_new(&s, &cfg, &err);
  return s;
}

START_TEST(test_variant__server_describes_itself)
{
  static const char *const none[] = {NULL};
  static const char *const two[] = {"count-utf16", "reject-only"};
  static const char *const bad[] = {"no-such-variant"};
  struct ra_refserver *s;
  const char *const *ops;
  struct ra_buf name;
  ra_code result;

  s = server_with(none, 0, &result);
  ck_assert_int_eq(result, RA_OK);
  ck_assert_str_eq(ra_refserver_length_unit(s), "codepoint");
  ops = ra_refserver_operations(s);
  ck_assert_str_eq(ops[0], "RejectAssignment");
  ck_assert_ptr_nonnull(ops[1]);
  ra_refserver_stop(s);

  s = server_with(two, 2, &result);
  ck_assert_int_eq(result, RA_OK);
  ck_assert_str_eq(ra_refserver_length_unit(s), "utf16");
  ops = ra_refserver_operations(s);
  ck_assert_str_eq(ops[0], "RejectAssignment");
  ck_assert_ptr_null(ops[1]);
  ra_buf_init(&name, RA_BUF_UNLIMITED);
  ra_refserver_name(s, &name);
  ck_assert_str_eq(ra_buf_str(&name), "raconform-refserver (variants: "
                   "count-utf16, reject-only)");
  ra_buf_free(&name);
  ra_refserver_stop(s);

  s = server_with(bad, 1, &result);
  ck_assert_int_eq(result, RA_E_CONFIG);
  ck_assert_ptr_null(s);
}
END_TEST

static Suite *suite(void)
{
  Suite *s = suite_create("variant");
  TCase *tc = tcase_create("variant");
  tcase_add_test(tc, test_variant__table);
  tcase_add_test(tc, test_variant__lookup_unknown);
  tcase_add_test(tc, test_variant__server_describes_itself);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  return ra_check_run(suite());
}
