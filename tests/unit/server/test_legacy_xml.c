/* Unit tests of legacy-2014's XML answers (server/legacy_xml): escaping of
 * echoed values, the three error envelopes, the success envelope and the
 * service's message stamp. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "server/legacy_xml.h"
#include "server/refserver.h"
#include "check_run.h"

static int64_t fixed_now = 1440938160000LL;
static struct ra_refserver_response resp;

static void setup(void)
{
  ra_refserver_response_init(&resp);
}

static void teardown(void)
{
  ra_refserver_response_free(&resp);
}

static int has(const char *needle)
{
  return strstr(ra_buf_str(&resp.body), needle) != NULL;
}

static struct ra_refserver *make(const char *defect)
{
  struct ra_refserver_config cfg;
  struct ra_refserver *s = NULL;
  struct ra_error err = RA_ERROR_INIT;
  ra_refserver_config_init(&cfg);
  cfg.clock = ra_clock_fixed(&fixed_now);
  if(defect) {
    cfg.defects = &defect;
    cfg.defect_count = 1;
  }
  ck_assert_int_eq(ra_refserver_new(&s, &cfg, &err), RA_OK);
  return s;
}

START_TEST(test_legacy_xml__text_escapes_and_scrubs)
{
  struct ra_buf b;
  static const char in[] = "<a href=\"x\">&</a>\x01\t\xC3\xA9\xFF\xF0\x9F";
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  ra_legacy_xml_text(&b, in, sizeof(in) - 1);
  ck_assert_str_eq(ra_buf_str(&b), "&lt;a href=&quot;x&quot;&gt;&amp;"
                   "&lt;/a&gt;?\t\xC3\xA9???");
  ra_buf_reset(&b);
  ra_legacy_xml_texts(&b, "plain");
  ck_assert_str_eq(ra_buf_str(&b), "plain");
  ra_buf_free(&b);
}
END_TEST

START_TEST(test_legacy_xml__envelopes)
{
  struct ra_refserver *s = make(NULL);
  struct ra_legacy_kv data[1] = {{"AssignmentId", "A<1"}};

  ra_legacy_xml_auth_error(&resp, "RejectAssignment", "AWS.NotAuthorized",
                           "no", NULL, 0);
  ck_assert_int_eq(resp.status, 200);
  ck_assert(has(RA_LEGACY_XML_DECL "<RejectAssignmentResponse>"
                "<OperationRequest><RequestId>"));
  ck_assert(has("<Errors><Error><Code>AWS.NotAuthorized</Code>"));
  ck_assert(has("</OperationRequest></RejectAssignmentResponse>"));
  ck_assert_str_eq(ra_headers_get(&resp.headers, "Content-Type"),
                   "text/xml");
  ck_assert_str_eq(ra_headers_get(&resp.headers, "Server"), "MTurk");

  ra_legacy_xml_op_error(s, &resp, "RejectAssignment", "AWS.X", "m", data,
                         1);
  ck_assert_int_eq(resp.status, 200);
  ck_assert(has("<RejectAssignmentResult><Request><IsValid>False</IsValid>"
                "<Errors>"));
  ck_assert(has("<Data><Key>AssignmentId</Key><Value>A&lt;1</Value>"
                "</Data>"));

  ra_legacy_xml_success(&resp, "GetAssignment", "<Assignment/>", 1);
  ck_assert(has("<GetAssignmentResult><Request><IsValid>True</IsValid>"
                "</Request><Assignment/></GetAssignmentResult>"));
  ra_legacy_xml_success(&resp, "RejectAssignment", NULL, 0);
  ck_assert(has("<RejectAssignmentResult></RejectAssignmentResult>"));
  ra_refserver_stop(s);

  /* wrong-envelope: operation errors in the front-door envelope */
  s = make("wrong-envelope");
  ra_legacy_xml_op_error(s, &resp, "RejectAssignment", "AWS.X", "m", NULL,
                         0);
  ck_assert_int_eq(resp.status, 400);
  ck_assert(has("<Response><Errors><Error><Code>AWS.X</Code>"));
  ck_assert(has("<RequestID>"));
  ra_refserver_stop(s);
}
END_TEST

START_TEST(test_legacy_xml__stamp)
{
  struct ra_refserver *s = make(NULL);
  char *m = ra_legacy_xml_stamped(s, "Assignment %s does not exist.", "X");
  ck_assert_str_eq(m, "Assignment X does not exist. (1440938160000 s)");
  ra_free(m);
  ra_refserver_stop(s);
}
END_TEST

static Suite *suite(void)
{
  Suite *s = suite_create("legacy_xml");
  TCase *tc = tcase_create("legacy_xml");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, test_legacy_xml__text_escapes_and_scrubs);
  tcase_add_test(tc, test_legacy_xml__envelopes);
  tcase_add_test(tc, test_legacy_xml__stamp);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  return ra_check_run(suite());
}
