/*
 * json_reader_test.c — tests of src/base/json_reader.c: tokens, paths, line
 * and column, escapes and UTF-8, numbers, every kind of malformed input, the
 * limits, and that reading one byte at a time gives the same tokens as
 * reading from memory (tokens crossing chunk boundaries).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/json_reader.h"
#include "base/strbuf.h"

/* Renders every token of doc as "TYPE:value@path" lines; on error appends
 * "ERROR code where: message". */
static void render(struct json_reader *r, struct strbuf *out)
{
    static const char *const names[] = {"END", "{",   "}",    "[",     "]",   "KEY",
                                        "STR", "NUM", "TRUE", "FALSE", "NULL"};
    struct json_token tok;
    struct error e = {0};
    int rc;
    for (;;) {
        rc = json_reader_next(r, &tok, &e);
        if (rc != 0) {
            strbuf_printf(out, "ERROR %d %s: %s\n", rc, e.where, e.message);
            return;
        }
        strbuf_printf(out, "%s", names[tok.type]);
        if (tok.type == JSON_TOKEN_KEY || tok.type == JSON_TOKEN_STRING ||
            tok.type == JSON_TOKEN_NUMBER)
            strbuf_printf(out, ":%s", tok.text);
        if (tok.type == JSON_TOKEN_NUMBER && tok.is_integer)
            strbuf_printf(out, "=%lld", (long long)tok.integer);
        strbuf_printf(out, "@%s %lu:%lu\n", json_reader_path(r), tok.line, tok.column);
        if (tok.type == JSON_TOKEN_END)
            return;
    }
}

static char *render_memory(const char *doc, const struct json_reader_limits *limits)
{
    struct json_reader *r = NULL;
    struct strbuf out = STRBUF_INIT;
    r = json_reader_new_memory(doc, strlen(doc), limits);
    render(r, &out);
    json_reader_free(r);
    return strbuf_detach(&out);
}

struct trickle {
    const char *data;
    size_t len, at;
};

static ssize_t read_one_byte(void *context, char *buf, size_t cap)
{
    struct trickle *t = context;
    (void)cap;
    if (t->at == t->len)
        return 0;
    buf[0] = t->data[t->at++];
    return 1;
}

static char *render_trickle(const char *doc)
{
    struct trickle t = {doc, strlen(doc), 0};
    struct json_reader *r = NULL;
    struct strbuf out = STRBUF_INIT;
    r = json_reader_new(read_one_byte, &t, NULL);
    render(r, &out);
    json_reader_free(r);
    return strbuf_detach(&out);
}

static void expect_render(const char *doc, const char *want)
{
    char *got = render_memory(doc, NULL), *got2 = render_trickle(doc);
    if (strcmp(got, want) != 0)
        fail_msg("document %s\n--- got\n%s--- wanted\n%s", doc, got, want);
    assert_string_equal(got, got2);
    free(got);
    free(got2);
}

/* Checks that doc fails, and that the message contains part. */
static void expect_error(const char *doc, int code, const char *part)
{
    char *got = render_memory(doc, NULL), *err = strstr(got, "ERROR");
    char want[32];
    snprintf(want, sizeof want, "ERROR %d ", code);
    if (err == NULL || strncmp(err, want, strlen(want)) != 0 || strstr(err, part) == NULL)
        fail_msg("document %s: wanted error %d with '%s', got\n%s", doc, code, part, got);
    free(got);
}

static void test_tokens_and_paths(void **state)
{
    (void)state;
    expect_render("{\"a\": [1, {\"b\": true}, null],\n \"c d\": \"x\", \"e\": {}}",
                  "{@$ 1:1\n"
                  "KEY:a@$.a 1:2\n"
                  "[@$.a 1:7\n"
                  "NUM:1=1@$.a[0] 1:8\n"
                  "{@$.a[1] 1:11\n"
                  "KEY:b@$.a[1].b 1:12\n"
                  "TRUE@$.a[1].b 1:17\n"
                  "}@$.a[1] 1:21\n"
                  "NULL@$.a[2] 1:24\n"
                  "]@$.a 1:28\n"
                  "KEY:c d@$[\"c d\"] 2:2\n"
                  "STR:x@$[\"c d\"] 2:9\n"
                  "KEY:e@$.e 2:14\n"
                  "{@$.e 2:19\n"
                  "}@$.e 2:20\n"
                  "}@$ 2:21\n"
                  "END@$ 2:22\n");
    expect_render("  [ ]  ", "[@$ 1:3\n]@$ 1:5\nEND@$ 1:8\n");
    /* a byte order mark is skipped and not counted as a column */
    expect_render("\xEF\xBB\xBF\"bom\"", "STR:bom@$ 1:1\nEND@$ 1:6\n");
}

static void test_strings(void **state)
{
    (void)state;
    expect_render("[\"a\\n\\t\\\"\\\\\\/\", \"\\u00e9\\ud83d\\ude00\", \"caf\xc3\xa9\"]",
                  "[@$ 1:1\n"
                  "STR:a\n\t\"\\/@$[0] 1:2\n"
                  "STR:\xc3\xa9\xf0\x9f\x98\x80@$[1] 1:17\n"
                  "STR:caf\xc3\xa9@$[2] 1:39\n"
                  "]@$ 1:46\n"
                  "END@$ 1:47\n");
    expect_error("[\"abc", ERR_INVALID, "unterminated string");
    expect_error("[\"a\nb\"]", ERR_INVALID, "control character");
    expect_error("[\"\\x\"]", ERR_INVALID, "invalid escape");
    expect_error("[\"\\u12\"]", ERR_INVALID, "four hex digits");
    expect_error("[\"\\udc00\"]", ERR_INVALID, "lone low surrogate");
    expect_error("[\"\\ud800x\"]", ERR_INVALID, "high surrogate");
    expect_error("[\"\xc3\"]", ERR_INVALID, "invalid UTF-8");
    expect_error("[\"\xc0\xaf\"]", ERR_INVALID, "invalid UTF-8");
    expect_error("[\"\xed\xa0\x80\"]", ERR_INVALID, "invalid UTF-8");
}

static void test_numbers(void **state)
{
    (void)state;
    expect_render("[0, -7, 1.5, 2e3, 9223372036854775807, -9223372036854775808, "
                  "9223372036854775808]",
                  "[@$ 1:1\n"
                  "NUM:0=0@$[0] 1:2\n"
                  "NUM:-7=-7@$[1] 1:5\n"
                  "NUM:1.5@$[2] 1:9\n"
                  "NUM:2e3@$[3] 1:14\n"
                  "NUM:9223372036854775807=9223372036854775807@$[4] 1:19\n"
                  "NUM:-9223372036854775808=-9223372036854775808@$[5] 1:40\n"
                  "NUM:9223372036854775808@$[6] 1:62\n"
                  "]@$ 1:81\n"
                  "END@$ 1:82\n");
    expect_error("[01]", ERR_INVALID, "invalid number '01'");
    expect_error("[1.]", ERR_INVALID, "invalid number");
    expect_error("[-]", ERR_INVALID, "invalid number");
    expect_error("[.5]", ERR_INVALID, "expected a value");
    expect_error("[1e]", ERR_INVALID, "invalid number");
    expect_error("[1e999]", ERR_INVALID, "out of range");
    expect_error("[12a]", ERR_INVALID, "expected ',' or ']'");
}

static void test_malformed(void **state)
{
    (void)state;
    expect_error("", ERR_INVALID, "the document is empty");
    expect_error("   ", ERR_INVALID, "the document is empty");
    expect_error("{", ERR_INVALID, "unexpected end");
    expect_error("[1,]", ERR_INVALID, "expected a value");
    expect_error("{\"a\":1,}", ERR_INVALID, "expected a member name");
    expect_error("{\"a\" 1}", ERR_INVALID, "expected ':'");
    expect_error("{\"a\":1 \"b\":2}", ERR_INVALID, "expected ',' or '}'");
    expect_error("{1:2}", ERR_INVALID, "member name");
    expect_error("[tru]", ERR_INVALID, "invalid literal");
    expect_error("[nul", ERR_INVALID, "invalid literal");
    expect_error("{} {}", ERR_INVALID, "after the end of the document");
    expect_error("[1] x", ERR_INVALID, "after the end");
    expect_error("[1 2]", ERR_INVALID, "expected ',' or ']'");
    expect_error("]", ERR_INVALID, "expected a value");
    /* the message names the path, the line and the column */
    expect_error("{\"nodes\": [\n  {\"id\": x}]}", ERR_INVALID,
                 "$.nodes[0].id: expected a value (line 2, column 10)");
}

static void test_limits(void **state)
{
    struct json_reader_limits small = {3, 8};
    char *got;
    (void)state;
    got = render_memory("[[[1]]]", &small);
    assert_null(strstr(got, "ERROR"));
    free(got);
    got = render_memory("[[[[1]]]]", &small);
    assert_non_null(strstr(got, "ERROR -9 $[0][0][0]: nested deeper than 3 levels"));
    free(got);
    got = render_memory("[\"12345678\", \"123456789\"]", &small);
    assert_non_null(strstr(got, "STR:12345678"));
    assert_non_null(strstr(got, "ERROR -9 $[1]: string longer than 8 bytes"));
    free(got);
}

static void test_skip_and_sticky_errors(void **state)
{
    const char *doc = "{\"skip\": {\"x\": [1, [2, {\"y\": 3}]]}, \"keep\": 4, \"bad\": ]}";
    struct json_reader *r = NULL;
    struct json_token tok;
    struct error e = {0}, e2 = {0};
    (void)state;
    r = json_reader_new_memory(doc, strlen(doc), NULL);
    assert_int_equal(json_reader_next(r, &tok, &e), 0);
    assert_int_equal(json_reader_next(r, &tok, &e), 0);
    assert_string_equal(tok.text, "skip");
    assert_int_equal(json_reader_next(r, &tok, &e), 0);
    assert_int_equal(json_reader_skip(r, &tok, &e), 0);
    assert_int_equal(json_reader_next(r, &tok, &e), 0);
    assert_string_equal(tok.text, "keep");
    assert_int_equal(json_reader_next(r, &tok, &e), 0);
    assert_int_equal(tok.integer, 4);
    /* a scalar skips nothing */
    assert_int_equal(json_reader_skip(r, &tok, &e), 0);
    assert_int_equal(json_reader_next(r, &tok, &e), 0);
    assert_string_equal(tok.text, "bad");
    assert_int_equal(json_reader_next(r, &tok, &e), ERR_INVALID);
    assert_int_equal(json_reader_next(r, &tok, &e2), ERR_INVALID);
    assert_string_equal(e.message, e2.message);
    /* json_reader_fail names the last token's path and place */
    json_reader_free(r);
    r = json_reader_new_memory("{\"h\": -1}", 9, NULL);
    assert_int_equal(json_reader_next(r, &tok, &e), 0);
    assert_int_equal(json_reader_next(r, &tok, &e), 0);
    assert_int_equal(json_reader_next(r, &tok, &e), 0);
    assert_int_equal(json_reader_fail(r, &tok, &e, ERR_INVALID, "must be >= %d", 0), ERR_INVALID);
    assert_string_equal(e.where, "$.h");
    assert_string_equal(e.message, "must be >= 0 (line 1, column 7)");
    json_reader_free(r);
    json_reader_free(NULL);
}

static void test_file_and_long_tokens(void **state)
{
    /* a string and many tokens much larger than one read chunk */
    struct strbuf doc = STRBUF_INIT;
    struct json_reader *r = NULL;
    struct json_token tok;
    struct error e = {0};
    FILE *f = tmpfile();
    size_t i, count = 0, big = 3u << 20;
    (void)state;
    assert_non_null(f);
    strbuf_puts(&doc, "[\"");
    for (i = 0; i < big; i++)
        strbuf_putc(&doc, (char)('a' + i % 26));
    strbuf_puts(&doc, "\"");
    for (i = 0; i < 300000; i++)
        strbuf_printf(&doc, ", %zu", i);
    strbuf_puts(&doc, "]");
    fwrite(doc.data, 1, doc.len, f);
    rewind(f);
    {
        struct json_reader_limits limits = {0, 4u << 20};
        r = json_reader_new_file(f, &limits);
    }
    assert_int_equal(json_reader_next(r, &tok, &e), 0);
    assert_int_equal(json_reader_next(r, &tok, &e), 0);
    assert_int_equal(tok.len, big);
    assert_int_equal(tok.text[big - 1], 'a' + (big - 1) % 26);
    while (json_reader_next(r, &tok, &e) == 0 && tok.type == JSON_TOKEN_NUMBER) {
        assert_int_equal(tok.integer, (int64_t)count);
        count++;
    }
    assert_int_equal(count, 300000);
    assert_int_equal(tok.type, JSON_TOKEN_ARRAY_END);
    json_reader_free(r);
    fclose(f);
    strbuf_release(&doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tokens_and_paths),
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_skip_and_sticky_errors),
        cmocka_unit_test(test_file_and_long_tokens),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
