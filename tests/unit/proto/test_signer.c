/* Unit tests of proto/signer: the legacy-2014 signers and the hash
 * primitives against known vectors (protocol-notes §1.4, §2.2) and tables
 * of edge cases. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "proto/signer.h"
#include "check_run.h"

#define SECRET "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"

START_TEST(test_signer__mturk_vectors)
{
  static const struct {
    const char *secret;
    const char *service;
    const char *operation;
    const char *timestamp;
    const char *expect;
  } cases[] = {
    {SECRET, NULL, "RejectAssignment", "2015-08-30T12:36:00Z",
     "+1iJ5CE5LG28u2UYxtHgwa836X8="},
    {SECRET, NULL, "RejectAssignment", "2015-08-30T12:36:00.000Z",
     "rIwjg+EJDgi84pq8upfINttO23U="},
    {"zzT2CTVVfFeXw/OrwezR8inI5WwiO/mlfGEXxvP1", "ServiceA", "OperationB",
     "TimestampC", "ahetR4WykYR8lA1oNA6G7oOn0Sg="},
  };
  size_t i;
  for(i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    char sig[RA_SIG_SHA1_B64_SIZE];
    ck_assert_int_eq(ra_signer_mturk(sig, cases[i].secret, cases[i].service,
                                     cases[i].operation, cases[i].timestamp),
                     RA_OK);
    ck_assert_str_eq(sig, cases[i].expect);
  }
}
END_TEST

START_TEST(test_signer__mturk_string)
{
  struct ra_buf b;
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  ck_assert_int_eq(ra_signer_mturk_string(&b, NULL, "RejectAssignment",
                                          "2015-08-30T12:36:00Z"), RA_OK);
  ck_assert_str_eq(ra_buf_str(&b),
                   "AWSMechanicalTurkRequesterRejectAssignment"
                   "2015-08-30T12:36:00Z");
  ra_buf_free(&b);
}
END_TEST

START_TEST(test_signer__sigv1_vector)
{
  struct ra_params p;
  struct ra_buf b;
  char sig[RA_SIG_SHA1_B64_SIZE];
  ra_params_init(&p);
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  ra_params_adds(&p, "AWSAccessKeyId", "AKIDEXAMPLE");
  ra_params_adds(&p, "Operation", "RejectAssignment");
  ra_params_adds(&p, "Version", "2014-08-15");
  ra_params_adds(&p, "SignatureVersion", "1");
  ra_params_adds(&p, "Timestamp", "2015-08-30T12:36:00Z");
  ra_params_adds(&p, "AssignmentId", "3EXAMPLEASSIGNMENTID");
  ra_params_adds(&p, "RequesterFeedback", "Does not follow instructions.");
  ra_params_adds(&p, "Signature", "ignored");
  ck_assert_int_eq(ra_signer_sigv1_string(&b, &p), RA_OK);
  ck_assert_str_eq(ra_buf_str(&b),
                   "AssignmentId3EXAMPLEASSIGNMENTIDAWSAccessKeyIdAKIDEXAMPLE"
                   "OperationRejectAssignmentRequesterFeedbackDoes not follow "
                   "instructions.SignatureVersion1Timestamp2015-08-30T12:36:"
                   "00ZVersion2014-08-15");
  ck_assert_int_eq(ra_signer_sigv1(sig, SECRET, &p), RA_OK);
  ck_assert_str_eq(sig, "iqQJwSVrYDxWrUqgOzLn1ydmTek=");
  ra_params_free(&p);
  ra_buf_free(&b);
}
END_TEST

START_TEST(test_signer__sigv1_order)
{
  /* Case-insensitive, stable, prefixes first; '_' (0x5F) sorts before
   * letters once lowercased (Python's str.lower order). */
  static const struct {
    const char *names[4];
    const char *expect;
  } cases[] = {
    {{"b", "A", "c", NULL}, "A1b1c1"},
    {{"Ab", "A", "a", NULL}, "A1a1Ab1"},
    {{"ab", "a_b", "AB", NULL}, "a_b1ab1AB1"},
    {{"Zeta", "alpha", "ALPHA2", NULL}, "alpha1ALPHA21Zeta1"},
  };
  size_t i;
  for(i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    struct ra_params p;
    struct ra_buf b;
    size_t j;
    ra_params_init(&p);
    ra_buf_init(&b, RA_BUF_UNLIMITED);
    for(j = 0; cases[i].names[j]; j++)
      ra_params_adds(&p, cases[i].names[j], "1");
    ck_assert_int_eq(ra_signer_sigv1_string(&b, &p), RA_OK);
    ck_assert_str_eq(ra_buf_str(&b), cases[i].expect);
    ra_params_free(&p);
    ra_buf_free(&b);
  }
}
END_TEST

START_TEST(test_signer__equal)
{
  ck_assert(ra_signer_equal("abc", "abc"));
  ck_assert(!ra_signer_equal("abc", "abd"));
  ck_assert(!ra_signer_equal("abc", "ab"));
  ck_assert(ra_signer_equal("", ""));
}
END_TEST

START_TEST(test_signer__sha256)
{
  char hex[RA_SHA256_HEX_SIZE];
  ra_signer_sha256_hex(hex, "", 0);
  ck_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495"
                        "991b7852b855");
}
END_TEST

START_TEST(test_signer__hex)
{
  static const unsigned char in[] = {0x00, 0x0f, 0xa5, 0xff};
  char out[9];
  ra_signer_hex(out, in, sizeof(in));
  ck_assert_str_eq(out, "000fa5ff");
  ra_signer_hex(out, in, 0);
  ck_assert_str_eq(out, "");
}
END_TEST

int main(void)
{
  Suite *s = suite_create("signer");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_signer__mturk_vectors);
  tcase_add_test(tc, test_signer__mturk_string);
  tcase_add_test(tc, test_signer__sigv1_vector);
  tcase_add_test(tc, test_signer__sigv1_order);
  tcase_add_test(tc, test_signer__equal);
  tcase_add_test(tc, test_signer__sha256);
  tcase_add_test(tc, test_signer__hex);
  suite_add_tcase(s, tc);
  return ra_check_run(s);
}
