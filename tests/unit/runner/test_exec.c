/* Executor: the request each auth mutation and transport option produces,
 * with a fixed clock (2015-08-30T12:36:00Z) so every byte is known. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto/redact.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "proto/header.h"
#include "proto/signer.h"
#include "runner/exec.h"
#include "check_run.h"

#define T0 1440938160000LL /* 2015-08-30T12:36:00Z */
#define OWNER_SECRET "ownerSecretKey/ForUnitTests+0000000000001"

static const char *const target_text =
  "{\"name\": \"t\", \"endpoint\": \"http://127.0.0.1:8080/\","
  " \"profile\": \"all\", \"requesters\": {"
  "\"owner\": {\"access_key_id\": \"AKIDOWNER\", \"secret_access_key\": \""
  OWNER_SECRET "\"},"
  "\"other\": {\"access_key_id\": \"AKIDOTHER\", \"secret_access_key\": "
  "\"otherSecret\"}}}";

static struct ra_target *target;
static struct ra_case *kase;
static int64_t now_ms;

static void setup(void)
{
  struct ra_error err = RA_ERROR_INIT;
  ra_error_clear(&err);
  now_ms = T0;
  ck_assert_int_eq(ra_target_parse(&target, target_text, strlen(target_text),
                                   "t.json", &err), RA_OK);
}

static void teardown(void)
{
  ra_target_free(target);
  ra_case_free(kase);
  target = NULL;
  kase = NULL;
}

/* Builds `request` (the JSON of the case's "request") for profile p. */
static ra_code build(struct ra_exec_out *out, const char *request,
                     ra_profile p)
{
  struct ra_buf text, why;
  struct ra_error err = RA_ERROR_INIT;
  struct ra_exec_ctx ctx;
  ra_code result;
  char msg[1000];
  ra_buf_init(&text, RA_BUF_UNLIMITED);
  ra_buf_init(&why, RA_BUF_UNLIMITED);
  ra_error_clear(&err);
  ra_buf_putf(&text, "{\"id\": \"RA-AUTH-0001\", \"title\": \"t\", "
              "\"area\": \"auth\", \"level\": \"MUST\", \"source\": "
              "{\"kind\": \"inferred\", \"reasoning\": \"r\"}, "
              "\"needs\": {\"fixture\": \"Submitted\"}, "
              "\"request\": %s, \"expect\": {\"%s\": [{\"grade\": \"OK\", "
              "\"outcome\": \"any\"}]}}", request,
              p == RA_PROFILE_JSON ? "json-2017" : "legacy-2014");
  ra_case_free(kase);
  kase = NULL;
  result = ra_case_parse(&kase, ra_buf_str(&text), text.len, "c.json", &err);
  ra_error_format(&err, msg, sizeof(msg));
  ck_assert_msg(result == RA_OK, "case: %s", msg);
  memset(&ctx, 0, sizeof(ctx));
  ctx.target = target;
  ctx.clock = ra_clock_fixed(&now_ms);
  ctx.assignment_id = "ASSIGNMENT0000000000000000000000000001";
  ra_exec_out_init(out);
  result = ra_exec_build(out, &kase->request, p, &ctx, &why);
  ra_buf_free(&text);
  ra_buf_free(&why);
  return result;
}

static void build_ok(struct ra_exec_out *out, const char *request,
                     ra_profile p)
{
  ck_assert_int_eq(build(out, request, p), RA_OK);
}

static const char *hdr(const struct ra_exec_out *o, const char *name)
{
  return ra_headers_get(&o->req.headers, name);
}

#define PARAMS "\"params\": {\"AssignmentId\": {\"ref\": \"assignment\"}, " \
               "\"RequesterFeedback\": \"Bad work.\"}"

START_TEST(test_exec__json_default)
{
  struct ra_exec_out o;
  build_ok(&o, "{" PARAMS "}", RA_PROFILE_JSON);
  ck_assert_str_eq(o.req.method, "POST");
  ck_assert_str_eq(o.req.target, "/");
  ck_assert_str_eq(hdr(&o, "X-Amz-Date"), "20150830T123600Z");
  ck_assert_str_eq(hdr(&o, "X-Amz-Target"),
                   "MTurkRequesterServiceV20170117.RejectAssignment");
  ck_assert_str_eq(hdr(&o, "Content-Type"), "application/x-amz-json-1.1");
  ck_assert_ptr_nonnull(strstr(hdr(&o, "Authorization"),
    "Credential=AKIDOWNER/20150830/us-east-1/mturk-requester/aws4_request")
  );
  ck_assert_ptr_nonnull(strstr(hdr(&o, "Authorization"),
    "SignedHeaders=content-type;host;x-amz-date;x-amz-target,"));
  ck_assert_str_eq(o.req.body, "{\"AssignmentId\":\"ASSIGNMENT000000000000"
                   "0000000000000001\",\"RequesterFeedback\":\"Bad work.\"}");
  ck_assert_int_eq((int)o.nfeedback, 1);
  ck_assert_str_eq(o.feedback[0], "Bad work.");
  ck_assert_int_eq(o.feedback_known, 1);
  /* the secret is listed for redaction */
  {
    size_t i;
    int found = 0;
    for(i = 0; i < o.nsecrets; i++)
      found |= !strcmp(o.secrets[i], OWNER_SECRET);
    ck_assert(found);
  }
  ra_exec_out_free(&o);
}
END_TEST

START_TEST(test_exec__omit_signature)
{
  struct ra_exec_out o;
  build_ok(&o, "{" PARAMS ", \"auth\": {\"mutation\": \"omit-signature\"}}",
           RA_PROFILE_JSON);
  ck_assert_ptr_null(hdr(&o, "Authorization"));
  ra_exec_out_free(&o);
  build_ok(&o, "{" PARAMS ", \"auth\": {\"mutation\": \"omit-signature\"}}",
           RA_PROFILE_LEGACY);
  ck_assert_ptr_null(strstr(o.req.target, "Signature"));
  ck_assert_ptr_nonnull(strstr(o.req.target, "AWSAccessKeyId=AKIDOWNER"));
  ra_exec_out_free(&o);
}
END_TEST

START_TEST(test_exec__scope_mutations)
{
  struct ra_exec_out o;
  build_ok(&o, "{" PARAMS ", \"auth\": {\"mutation\": \"wrong-region\"}}",
           RA_PROFILE_JSON);
  ck_assert_ptr_nonnull(strstr(hdr(&o, "Authorization"),
                               "/20150830/us-west-1/mturk-requester/"));
  ra_exec_out_free(&o);
  build_ok(&o, "{" PARAMS ", \"auth\": {\"mutation\": \"wrong-region\", "
           "\"value\": \"eu-west-1\"}}", RA_PROFILE_JSON);
  ck_assert_ptr_nonnull(strstr(hdr(&o, "Authorization"), "/eu-west-1/"));
  ra_exec_out_free(&o);
  build_ok(&o, "{" PARAMS ", \"auth\": {\"mutation\": \"wrong-service\"}}",
           RA_PROFILE_JSON);
  ck_assert_ptr_nonnull(strstr(hdr(&o, "Authorization"),
                               "/us-east-1/sqs/aws4_request"));
  ra_exec_out_free(&o);
  build_ok(&o, "{" PARAMS ", \"auth\": {\"mutation\": \"wrong-scope-date\"}}",
           RA_PROFILE_JSON);
  ck_assert_ptr_nonnull(strstr(hdr(&o, "Authorization"), "/20150829/"));
  ck_assert_str_eq(hdr(&o, "X-Amz-Date"), "20150830T123600Z");
  ra_exec_out_free(&o);
}
END_TEST

START_TEST(test_exec__content_sha256)
{
  struct ra_exec_out o;
  char sha[RA_SHA256_HEX_SIZE];
  build_ok(&o, "{" PARAMS ", \"json\": {\"content_sha256\": true}}",
           RA_PROFILE_JSON);
  ra_signer_sha256_hex(sha, o.req.body, o.req.body_len);
  ck_assert_str_eq(hdr(&o, "x-amz-content-sha256"), sha);
  ck_assert_ptr_nonnull(strstr(hdr(&o, "Authorization"),
                               "x-amz-content-sha256"));
  ra_exec_out_free(&o);
  build_ok(&o, "{" PARAMS ", \"auth\": {\"mutation\": "
           "\"content-sha256-mismatch\"}}", RA_PROFILE_JSON);
  ra_signer_sha256_hex(sha, o.req.body, o.req.body_len);
  ck_assert_ptr_nonnull(hdr(&o, "x-amz-content-sha256"));
  ck_assert_str_ne(hdr(&o, "x-amz-content-sha256"), sha);
  ck_assert_int_eq((int)strlen(hdr(&o, "x-amz-content-sha256")), 64);
  ck_assert_ptr_nonnull(strstr(hdr(&o, "Authorization"),
                               "x-amz-content-sha256"));
  ra_exec_out_free(&o);
}
END_TEST

START_TEST(test_exec__time_offset)
{
  struct ra_exec_out o;
  build_ok(&o, "{" PARAMS ", \"auth\": {\"mutation\": \"time-offset\", "
           "\"seconds\": -900}}", RA_PROFILE_JSON);
  ck_assert_str_eq(hdr(&o, "X-Amz-Date"), "20150830T122100Z");
  ra_exec_out_free(&o);
  build_ok(&o, "{" PARAMS ", \"auth\": {\"mutation\": \"time-offset\", "
           "\"seconds\": 86400}}", RA_PROFILE_LEGACY);
  ck_assert_ptr_nonnull(strstr(o.req.target,
                               "Timestamp=2015-08-31T12%3A36%3A00Z"));
  ra_exec_out_free(&o);
}
END_TEST

START_TEST(test_exec__signature_mutations_json)
{
  struct ra_exec_out plain, o;
  const char *sig_plain, *sig;
  build_ok(&plain, "{" PARAMS "}", RA_PROFILE_JSON);
  sig_plain = strstr(hdr(&plain, "Authorization"), "Signature=");
  build_ok(&o, "{" PARAMS ", \"auth\": {\"mutation\": \"garble-signature\"}}",
           RA_PROFILE_JSON);
  sig = strstr(hdr(&o, "Authorization"), "Signature=");
  ck_assert_int_eq((int)strlen(sig), (int)strlen(sig_plain));
  ck_assert_str_ne(sig, sig_plain);
  ra_exec_out_free(&o);
  build_ok(&o, "{" PARAMS ", \"auth\": {\"mutation\": \"wrong-secret\"}}",
           RA_PROFILE_JSON);
  ck_assert_str_ne(strstr(hdr(&o, "Authorization"), "Signature="),
                   sig_plain);
  ra_exec_out_free(&o);
  build_ok(&o, "{" PARAMS ", \"auth\": {\"mutation\": "
           "\"tamper-signed-header\"}}", RA_PROFILE_JSON);
  ck_assert_str_eq(hdr(&o, "X-Amz-Target"),
                   "MTurkRequesterServiceV20170117.RejectAssignmentX");
  ck_assert_str_eq(strstr(hdr(&o, "Authorization"), "Signature="),
                   sig_plain);
  ra_exec_out_free(&o);
  build_ok(&o, "{" PARAMS ", \"auth\": {\"mutation\": "
           "\"add-unsigned-header\"}}", RA_PROFILE_JSON);
  ck_assert_ptr_nonnull(hdr(&o, "X-Amz-Target"));
  ck_assert_ptr_nonnull(strstr(hdr(&o, "Authorization"),
                               "SignedHeaders=content-type;host;x-amz-date,"));
  ra_exec_out_free(&o);
  build_ok(&o, "{" PARAMS ", \"auth\": {\"mutation\": \"tamper-body\"}}",
           RA_PROFILE_JSON);
  ck_assert_int_eq((int)o.req.body_len, (int)plain.req.body_len + 1);
  ck_assert_str_eq(strstr(hdr(&o, "Authorization"), "Signature="),
                   sig_plain);
  ra_exec_out_free(&o);
  ra_exec_out_free(&plain);
}
END_TEST

START_TEST(test_exec__escape_and_padding)
{
  struct ra_exec_out o;
  build_ok(&o, "{\"params\": {\"AssignmentId\": \"A\", \"RequesterFeedback\":"
           " \"\\u00e9\\u20ac\"}}", RA_PROFILE_JSON);
  ck_assert_ptr_nonnull(strstr(o.req.body, "\"\\u00e9\\u20ac\""));
  ck_assert_str_eq(o.feedback[0], "\xc3\xa9\xe2\x82\xac");
  ra_exec_out_free(&o);
  build_ok(&o, "{\"params\": {\"AssignmentId\": \"A\", \"RequesterFeedback\":"
           " \"\\u00e9\\u20ac\"}, \"json\": {\"escape\": \"utf8\"}}",
           RA_PROFILE_JSON);
  ck_assert_ptr_nonnull(strstr(o.req.body, "\"\xc3\xa9\xe2\x82\xac\""));
  ck_assert_str_eq(o.feedback[0], "\xc3\xa9\xe2\x82\xac");
  ra_exec_out_free(&o);
  build_ok(&o, "{" PARAMS ", \"json\": {\"pad_to\": 300}}", RA_PROFILE_JSON);
  ck_assert_int_eq((int)o.req.body_len, 300);
  ck_assert_int_eq(o.req.body[299], ' ');
  ck_assert_int_eq(o.req.body[0], '{');
  ra_exec_out_free(&o);
}
END_TEST

START_TEST(test_exec__raw_body_placeholders)
{
  struct ra_exec_out o;
  build_ok(&o, "{\"json\": {\"raw_body\": \"{\\\"AssignmentId\\\": "
           "\\\"${assignment}\\\", \\\"k\\\": \\\"${access_key_id}\\\", "
           "\\\"d\\\": \\\"${amz_date}\\\", \\\"x\\\": \\\"${nope}\\\"}\"}}",
           RA_PROFILE_JSON);
  ck_assert_str_eq(o.req.body, "{\"AssignmentId\": \"ASSIGNMENT00000000000"
                   "00000000000000001\", \"k\": \"AKIDOWNER\", \"d\": "
                   "\"20150830T123600Z\", \"x\": \"${nope}\"}");
  ck_assert_int_eq(o.feedback_known, 0);
  ra_exec_out_free(&o);
  build_ok(&o, "{\"legacy\": {\"method\": \"POST\", \"raw_body\": "
           "\"AssignmentId=${assignment}&Timestamp=${timestamp}&"
           "Signature=${signature}\"}}", RA_PROFILE_LEGACY);
  ck_assert_ptr_nonnull(strstr(o.req.body, "AssignmentId=ASSIGNMENT0"));
  ck_assert_ptr_nonnull(strstr(o.req.body,
                               "Timestamp=2015-08-30T12:36:00Z&"));
  ck_assert_ptr_null(strstr(o.req.body, "${signature}"));
  /* the signature is percent-encoded and listed as a secret */
  {
    char *red = ra_redact(o.req.body, o.req.body_len,
                               (const char *const *)o.secrets, o.nsecrets, NULL);
    ck_assert_ptr_nonnull(strstr(red, "Signature=[REDACTED]"));
    ra_free(red);
  }
  ra_exec_out_free(&o);
}
END_TEST

START_TEST(test_exec__legacy_get_and_post)
{
  struct ra_exec_out o;
  build_ok(&o, "{" PARAMS "}", RA_PROFILE_LEGACY);
  ck_assert_str_eq(o.req.method, "GET");
  ck_assert_ptr_null(o.req.body);
  ck_assert_ptr_nonnull(strstr(o.req.target, "/?Service="
                               "AWSMechanicalTurkRequester&AWSAccessKeyId="
                               "AKIDOWNER&Version=2014-08-15&Operation="
                               "RejectAssignment&Timestamp="));
  ck_assert_ptr_nonnull(strstr(o.req.target,
                               "RequesterFeedback=Bad%20work.&Signature="));
  ck_assert_ptr_null(hdr(&o, "Content-Type"));
  ra_exec_out_free(&o);
  build_ok(&o, "{" PARAMS ", \"legacy\": {\"method\": \"POST\"}}",
           RA_PROFILE_LEGACY);
  ck_assert_str_eq(o.req.method, "POST");
  ck_assert_str_eq(o.req.target, "/");
  ck_assert_ptr_nonnull(strstr(o.req.body, "Operation=RejectAssignment"));
  ck_assert_ptr_nonnull(strstr(o.req.body, "&Signature="));
  ck_assert_str_eq(hdr(&o, "Content-Type"),
                   "application/x-www-form-urlencoded; charset=UTF-8");
  ra_exec_out_free(&o);
  build_ok(&o, "{" PARAMS ", \"legacy\": {\"version\": null, "
           "\"signature\": \"sigv1\"}}", RA_PROFILE_LEGACY);
  ck_assert_ptr_null(strstr(o.req.target, "&Version="));
  ck_assert_ptr_nonnull(strstr(o.req.target, "SignatureVersion=1"));
  ra_exec_out_free(&o);
}
END_TEST

START_TEST(test_exec__legacy_tamper_and_signers)
{
  struct ra_exec_out o;
  build_ok(&o, "{" PARAMS ", \"auth\": {\"mutation\": \"tamper-param\"}}",
           RA_PROFILE_LEGACY);
  ck_assert_ptr_nonnull(strstr(o.req.target,
                               "RequesterFeedback=Bad%20work.%20%28tampered"));
  ck_assert_str_eq(o.feedback[0], "Bad work. (tampered)");
  ra_exec_out_free(&o);
  build_ok(&o, "{\"signer\": \"unknown\", " PARAMS "}", RA_PROFILE_LEGACY);
  ck_assert_ptr_nonnull(strstr(o.req.target,
                               "AWSAccessKeyId=" RA_EXEC_UNKNOWN_KEY_ID));
  ra_exec_out_free(&o);
  build_ok(&o, "{\"signer\": \"other\", " PARAMS "}", RA_PROFILE_JSON);
  ck_assert_ptr_nonnull(strstr(hdr(&o, "Authorization"),
                               "Credential=AKIDOTHER/"));
  ra_exec_out_free(&o);
}
END_TEST

START_TEST(test_exec__legacy_timestamp_formats)
{
  struct ra_exec_out a, b, c;
  now_ms = T0 + 123;
  build_ok(&a, "{" PARAMS "}", RA_PROFILE_LEGACY);
  ck_assert_ptr_nonnull(strstr(a.req.target,
                               "&Timestamp=2015-08-30T12%3A36%3A00Z&"));
  build_ok(&b, "{" PARAMS ", \"legacy\": {\"timestamp_format\": "
           "\"millis\"}}", RA_PROFILE_LEGACY);
  ck_assert_ptr_nonnull(strstr(b.req.target,
                               "&Timestamp=2015-08-30T12%3A36%3A00.123Z&"));
  build_ok(&c, "{" PARAMS ", \"legacy\": {\"timestamp_format\": "
           "\"offset\"}}", RA_PROFILE_LEGACY);
  ck_assert_ptr_nonnull(strstr(c.req.target,
                               "&Timestamp=2015-08-30T07%3A36%3A00-05%3A00&"));
  /* the signature covers the timestamp text: all three differ */
  ck_assert_str_ne(strstr(a.req.target, "Signature="),
                   strstr(b.req.target, "Signature="));
  ck_assert_str_ne(strstr(a.req.target, "Signature="),
                   strstr(c.req.target, "Signature="));
  ra_exec_out_free(&a);
  ra_exec_out_free(&b);
  ra_exec_out_free(&c);
  /* raw strings get the same text */
  build_ok(&a, "{\"legacy\": {\"timestamp_format\": \"offset\", "
           "\"raw_query\": \"T=${timestamp}\"}}", RA_PROFILE_LEGACY);
  ck_assert_str_eq(a.req.target, "/?T=2015-08-30T07:36:00-05:00");
  ra_exec_out_free(&a);
}
END_TEST

START_TEST(test_exec__timestamp_format_loader_rejects_unknown)
{
  struct ra_case *c = NULL;
  struct ra_error err = RA_ERROR_INIT;
  char msg[600];
  const char *text =
    "{\"id\": \"RA-AUTH-0001\", \"title\": \"t\", \"area\": \"auth\",\n"
    "\"level\": \"MUST\", \"source\": {\"kind\": \"inferred\", "
    "\"reasoning\": \"r\"},\n\"request\": {\"legacy\": "
    "{\"timestamp_format\": \"micros\"}},\n\"expect\": {\"legacy-2014\": "
    "[{\"grade\": \"OK\", \"outcome\": \"any\"}]}}";
  ra_error_clear(&err);
  ck_assert_int_ne(ra_case_parse(&c, text, strlen(text), "c.json", &err),
                   RA_OK);
  ra_error_format(&err, msg, sizeof(msg));
  ck_assert_msg(strstr(msg, "c.json:3:") != NULL, "%s", msg);
  ck_assert_msg(strstr(msg, "'timestamp_format' must be 'seconds', "
                       "'millis' or 'offset'") != NULL ||
                strstr(msg, "timestamp_format") != NULL, "%s", msg);
  ck_assert_msg(strstr(msg, "micros") != NULL, "%s", msg);
}
END_TEST

START_TEST(test_exec__uescape_not_legacy)
{
  struct ra_exec_out o;
  ck_assert_int_eq(build(&o, "{\"params\": {\"AssignmentId\": \"A\", "
                         "\"RequesterFeedback\": {\"uescape\": "
                         "\"\\\\ud83d\"}}}", RA_PROFILE_LEGACY),
                   RA_E_UNSUPPORTED);
  ra_exec_out_free(&o);
  build_ok(&o, "{\"params\": {\"AssignmentId\": \"A\", "
           "\"RequesterFeedback\": {\"uescape\": \"\\\\u00e9\"}}}",
           RA_PROFILE_JSON);
  ck_assert_ptr_nonnull(strstr(o.req.body, "\"\\u00e9\""));
  ra_exec_out_free(&o);
}
END_TEST

START_TEST(test_exec__redact)
{
  const char *secrets[] = {"s3cr3t"};
  const char *text = "GET /?a=1&Signature=abc%2Bdef&b=s3cr3t HTTP/1.1\r\n"
                     "Authorization: AWS4-HMAC-SHA256 Credential=x\r\n"
                     "X-Amz-Security-Token: tok\r\n";
  char *r = ra_redact(text, strlen(text), secrets, 1, NULL);
  ck_assert_ptr_null(strstr(r, "s3cr3t"));
  ck_assert_ptr_null(strstr(r, "abc"));
  ck_assert_ptr_null(strstr(r, "Credential"));
  ck_assert_ptr_null(strstr(r, "tok"));
  ck_assert_ptr_nonnull(strstr(r, "Signature=[REDACTED]&b=[REDACTED]"));
  ck_assert_ptr_nonnull(strstr(r, "Authorization: [REDACTED]\r\n"));
  ra_free(r);
}
END_TEST

static Suite *exec_suite(void)
{
  Suite *s = suite_create("exec");
  TCase *tc = tcase_create("core");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, test_exec__json_default);
  tcase_add_test(tc, test_exec__omit_signature);
  tcase_add_test(tc, test_exec__scope_mutations);
  tcase_add_test(tc, test_exec__content_sha256);
  tcase_add_test(tc, test_exec__time_offset);
  tcase_add_test(tc, test_exec__signature_mutations_json);
  tcase_add_test(tc, test_exec__escape_and_padding);
  tcase_add_test(tc, test_exec__raw_body_placeholders);
  tcase_add_test(tc, test_exec__legacy_get_and_post);
  tcase_add_test(tc, test_exec__legacy_tamper_and_signers);
  tcase_add_test(tc, test_exec__legacy_timestamp_formats);
  tcase_add_test(tc, test_exec__timestamp_format_loader_rejects_unknown);
  tcase_add_test(tc, test_exec__uescape_not_legacy);
  tcase_add_test(tc, test_exec__redact);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  return ra_check_run(exec_suite());
}
