/*
 * csv_test.c — tests src/base/csv.c: quoting, doubled quotes, line breaks
 * inside fields, CRLF, a byte order mark, blank lines, and the errors for
 * broken quoting, each with the line it happened on.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/csv.h"

#include <string.h>

static void test_plain_and_quoted_fields(void **state)
{
    const char *text = "\xEF\xBB\xBF"
                       "id,name\r\n"
                       "a,\"x, \"\"y\"\"\"\r\n"
                       "\n"
                       "b,\"two\nlines\"\n"
                       "c,\n";
    struct csv_reader r;
    struct error e = {0};
    (void)state;
    csv_reader_init(&r, text, strlen(text));
    assert_int_equal(csv_reader_next(&r, &e), 1);
    assert_int_equal(r.n_fields, 2);
    assert_string_equal(r.fields[0], "id"); /* the BOM is not part of the first name */
    assert_int_equal(csv_reader_next(&r, &e), 1);
    assert_string_equal(r.fields[1], "x, \"y\"");
    assert_int_equal(r.record_line, 2);
    assert_int_equal(csv_reader_next(&r, &e), 1);
    assert_string_equal(r.fields[1], "two\nlines");
    assert_int_equal(r.record_line, 4); /* the blank line 3 is skipped */
    assert_int_equal(csv_reader_next(&r, &e), 1);
    assert_int_equal(r.record_line, 6);
    assert_int_equal(r.n_fields, 2);
    assert_string_equal(r.fields[1], "");
    assert_int_equal(csv_reader_next(&r, &e), 0);
    csv_reader_release(&r);
}

static void expect_error(const char *text, const char *where, const char *message)
{
    struct csv_reader r;
    struct error e = {0};
    int rc;
    csv_reader_init(&r, text, strlen(text));
    while ((rc = csv_reader_next(&r, &e)) == 1)
        ;
    assert_int_equal(rc, ERR_INVALID);
    assert_string_equal(e.where, where);
    assert_non_null(strstr(e.message, message));
    csv_reader_release(&r);
}

/* A lone CR (an old Mac line end) ends a record and a line: found by the
 * fuzzer, when two records were both said to start on line 1. */
static void test_lone_cr_counts_as_a_line(void **state)
{
    const char *text = "id,name\ra,b\r\rc,d\r\n";
    struct csv_reader r;
    struct error e = {0};
    (void)state;
    csv_reader_init(&r, text, strlen(text));
    assert_int_equal(csv_reader_next(&r, &e), 1);
    assert_int_equal(r.record_line, 1);
    assert_int_equal(csv_reader_next(&r, &e), 1);
    assert_string_equal(r.fields[1], "b");
    assert_int_equal(r.record_line, 2);
    assert_int_equal(csv_reader_next(&r, &e), 1);
    assert_string_equal(r.fields[0], "c");
    assert_int_equal(r.record_line, 4); /* the blank line 3 is skipped */
    assert_int_equal(csv_reader_next(&r, &e), 0);
    csv_reader_release(&r);
    expect_error("a,b\rx\"y\r", "line 2", "quote inside an unquoted field");
}

static void test_broken_quoting(void **state)
{
    (void)state;
    expect_error("a,b\n\"open,c\n", "line 2", "never closed");
    expect_error("a,b\n\"x\"y,c\n", "line 2", "after the closing quote");
    expect_error("a,b\nx\"y,c\n", "line 2", "quote inside an unquoted field");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_and_quoted_fields),
        cmocka_unit_test(test_broken_quoting),
        cmocka_unit_test(test_lone_cr_counts_as_a_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
