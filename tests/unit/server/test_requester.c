/* Unit tests of server/requester: loading the owner/other key pairs from a
 * requesters file or a target file's "requesters", "$env:NAME" secrets,
 * roles left as they were when absent, and the refusals. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/alloc.h"
#include "server/requester.h"
#include "check_run.h"

static char path[64];

static void setup(void)
{
  int fd;
  snprintf(path, sizeof(path), "/tmp/ra-requester-XXXXXX");
  fd = mkstemp(path);
  ck_assert_int_ge(fd, 0);
  close(fd);
}

static void teardown(void)
{
  unlink(path);
}

static ra_code load(struct ra_requester_pair *p, const char *json,
                    struct ra_error *err)
{
  FILE *f = fopen(path, "w");
  ck_assert_ptr_nonnull(f);
  fputs(json, f);
  fclose(f);
  ra_error_clear(err);
  return ra_requester_pair_load(p, path, err);
}

START_TEST(test_requester__both_roles)
{
  struct ra_requester_pair p;
  struct ra_error err = RA_ERROR_INIT;
  memset(&p, 0, sizeof(p));
  ck_assert_int_eq(load(&p, "{\"owner\": {\"access_key_id\": \"AK1\", "
                            "\"secret_access_key\": \"S1\"}, "
                            "\"other\": {\"access_key_id\": \"AK2\", "
                            "\"secret_access_key\": \"S2\"}}", &err), RA_OK);
  ck_assert_str_eq(p.owner.access_key_id, "AK1");
  ck_assert_str_eq(p.owner.secret, "S1");
  ck_assert_str_eq(p.other.access_key_id, "AK2");
  ck_assert_str_eq(p.other.secret, "S2");
  ra_requester_pair_free(&p);
  ck_assert_ptr_null(p.owner.secret);
}
END_TEST

START_TEST(test_requester__target_file_env_and_missing_role)
{
  struct ra_requester_pair p;
  struct ra_error err = RA_ERROR_INIT;
  memset(&p, 0, sizeof(p));
  p.other.access_key_id = ra_strdup("KEEP");
  p.other.secret = ra_strdup("KEEPSECRET");
  setenv("RA_TEST_REQUESTER_SECRET", "from-env", 1);
  ck_assert_int_eq(load(&p, "{\"endpoint\": \"http://x/\", \"requesters\": "
                            "{\"owner\": {\"access_key_id\": \"AK1\", "
                            "\"secret_access_key\": "
                            "\"$env:RA_TEST_REQUESTER_SECRET\"}}}", &err),
                   RA_OK);
  ck_assert_str_eq(p.owner.secret, "from-env");
  ck_assert_str_eq(p.other.access_key_id, "KEEP"); /* left as it was */
  ck_assert_str_eq(p.other.secret, "KEEPSECRET");
  ra_requester_pair_free(&p);
}
END_TEST

START_TEST(test_requester__refusals)
{
  struct ra_requester_pair p;
  struct ra_error err = RA_ERROR_INIT;
  memset(&p, 0, sizeof(p));
  unsetenv("RA_TEST_REQUESTER_UNSET");
  ck_assert_int_eq(load(&p, "{\"owner\": {\"access_key_id\": \"AK\", "
                            "\"secret_access_key\": "
                            "\"$env:RA_TEST_REQUESTER_UNSET\"}}", &err),
                   RA_E_CONFIG);
  ck_assert_ptr_nonnull(strstr(err.text, "RA_TEST_REQUESTER_UNSET"));
  ck_assert_str_eq(err.source, path);
  ck_assert_int_eq(load(&p, "{\"owner\": {\"access_key_id\": \"\", "
                            "\"secret_access_key\": \"S\"}}", &err),
                   RA_E_CONFIG);
  ck_assert_ptr_nonnull(strstr(err.text, "'owner'"));
  ck_assert_int_eq(load(&p, "{\"other\": {\"access_key_id\": \"A\"}}", &err),
                   RA_E_CONFIG);
  ck_assert_ptr_nonnull(strstr(err.text, "'other'"));
  ck_assert_int_eq(load(&p, "{\"requesters\": []}", &err), RA_E_CONFIG);
  ck_assert_int_eq(load(&p, "{\n\"owner\": ,}", &err), RA_E_CONFIG);
  ck_assert_int_eq(err.line, 2);
  ck_assert_int_eq(load(&p, "{\"owner\": {\"access_key_id\": \"A\", "
                            "\"secret_access_key\": \"B\", "
                            "\"owner\": 1}, \"owner\": {}}", &err),
                   RA_E_CONFIG); /* duplicate keys */
  ra_requester_pair_free(&p);
  unlink(path);
  ck_assert_int_eq(ra_requester_pair_load(&p, path, &err), RA_E_CONFIG);
}
END_TEST

static Suite *suite(void)
{
  Suite *s = suite_create("requester");
  TCase *tc = tcase_create("requester");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, test_requester__both_roles);
  tcase_add_test(tc, test_requester__target_file_env_and_missing_role);
  tcase_add_test(tc, test_requester__refusals);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  return ra_check_run(suite());
}
