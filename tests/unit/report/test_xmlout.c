/* Unit tests of report/xmlout: elements, cleaned attributes and text, the
 * full end tag HTML needs, the cut of long text on a character boundary. */
#include <check.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "report/xmlout.h"
#include "check_run.h"

/* Runs write on a fresh writer into memory; returns the text (static). */
static const char *written(int full_end, void (*write)(struct ra_xmlout *))
{
  static char out[1024];
  xmlBufferPtr buf = xmlBufferCreate();
  struct ra_xmlout x;
  memset(&x, 0, sizeof(x));
  x.full_end = full_end;
  x.w = xmlNewTextWriterMemory(buf, 0);
  ck_assert_ptr_nonnull(x.w);
  write(&x);
  ck_assert_int_eq(xmlTextWriterFlush(x.w) >= 0, 1);
  ck_assert_int_eq(x.bad, 0);
  xmlFreeTextWriter(x.w);
  snprintf(out, sizeof(out), "%s", (const char *)xmlBufferContent(buf));
  xmlBufferFree(buf);
  return out;
}

static void empty_cell(struct ra_xmlout *x)
{
  ra_xmlout_start(x, "td");
  ra_xmlout_end(x);
}

static void attrs_and_text(struct ra_xmlout *x)
{
  ra_xmlout_start(x, "p");
  ra_xmlout_attr(x, "title", "two\nlines <&>");
  ra_xmlout_attr(x, "empty", NULL);
  ra_xmlout_attrf(x, "n", "%d/%s", 7, "x");
  ra_xmlout_text(x, "a\tb\nc <d>");
  ra_xmlout_elem(x, "i", NULL);
  ra_xmlout_end(x);
}

static void cut(struct ra_xmlout *x)
{
  /* "é" is two bytes: a cut at 2 would split it, so it falls back to 1 */
  ra_xmlout_text_max(x, "a\xc3\xa9z", 2);
  ra_xmlout_text_max(x, "short", 5);
}

START_TEST(test_xmlout__end_tags)
{
  ck_assert_str_eq(written(0, empty_cell), "<td/>");
  ck_assert_str_eq(written(1, empty_cell), "<td></td>");
}
END_TEST

START_TEST(test_xmlout__cleaned_attributes_and_text)
{
  const char *s = written(0, attrs_and_text);
  ck_assert_ptr_null(strstr(s, "two\n"));   /* attributes on one line */
  ck_assert_ptr_nonnull(strstr(s, "&lt;&amp;&gt;"));
  ck_assert_ptr_nonnull(strstr(s, " empty=\"\""));
  ck_assert_ptr_nonnull(strstr(s, " n=\"7/x\""));
  ck_assert_ptr_nonnull(strstr(s, ">a\tb\nc &lt;d&gt;")); /* text keeps them */
  ck_assert_ptr_nonnull(strstr(s, "<i"));
}
END_TEST

START_TEST(test_xmlout__cut_on_a_character)
{
  ck_assert_str_eq(written(0, cut), "a\xe2\x80\xa6 (cut)short");
}
END_TEST

START_TEST(test_xmlout__failure_noted)
{
  struct ra_xmlout x;
  memset(&x, 0, sizeof(x));
  ra_xmlout_check(&x, 0);
  ck_assert_int_eq(x.bad, 0);
  ra_xmlout_check(&x, -1);
  ck_assert_int_eq(x.bad, 1);
  ra_xmlout_check(&x, 5);
  ck_assert_int_eq(x.bad, 1); /* stays */
}
END_TEST

static Suite *suite(void)
{
  Suite *s = suite_create("xmlout");
  TCase *tc = tcase_create("xmlout");
  tcase_add_test(tc, test_xmlout__end_tags);
  tcase_add_test(tc, test_xmlout__cleaned_attributes_and_text);
  tcase_add_test(tc, test_xmlout__cut_on_a_character);
  tcase_add_test(tc, test_xmlout__failure_noted);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  return ra_check_run(suite());
}
