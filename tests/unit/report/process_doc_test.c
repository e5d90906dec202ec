/*
 * process_doc_test.c — tests src/report/process_doc.c on the database of
 * tests/data/report/process.json (see domain/process_report_test.c): the
 * document's title, marking and sections in both languages, that a text
 * the gather left out does not reach the document, the cascade chart's
 * figures, the same bytes twice, a bad language, and the file names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/timefmt.h"
#include "report/process_doc.h"
#include "store/store.h"
#include "support/testutil.h"

#include <string.h>

static int not_secret(void *ctx, const struct kind *k, const json_t *record, struct error *e)
{
    const char *c = json_string_value(json_object_get(record, "classification"));
    (void)ctx;
    (void)k;
    (void)e;
    return strcmp(c, "secret") == 0 ? ERR_NOTFOUND : 0;
}

static void render(struct store *s, process_report_visible_fn visible, const char *lang,
                   struct strbuf *out, char classification[16])
{
    struct process_report_options o = {.process = "power", .visible = visible, .ctx = NULL};
    struct error e = {0};
    assert_int_equal(timefmt_parse_date("2024-12-01", &o.today), 0);
    if (process_doc_render(s, &o, lang, DOC_FORMAT_MD, out, classification, &e) != 0)
        fail_msg("%s: %s", e.where, e.message);
}

static void test_document(void **state)
{
    struct store *s = testutil_store_from_fixture("report/process.json");
    struct strbuf a = STRBUF_INIT, b = STRBUF_INIT, en = STRBUF_INIT, conf = STRBUF_INIT;
    char c1[16], c2[16];
    (void)state;
    render(s, NULL, "nl", &a, c1);
    render(s, NULL, "nl", &b, c2);
    assert_string_equal(c1, "secret");
    assert_true(a.len == b.len && memcmp(a.data, b.data, a.len) == 0);
    assert_non_null(strstr(a.data, "# Weerbaarheidsanalyse: Stroom\n"));
    assert_non_null(strstr(a.data, "Datum: 2024-12-01"));
    assert_non_null(strstr(
        a.data, "**GEHEIM · TLP:RED — alleen voor wie het moet weten**\n\n## 1 Samenvatting"));
    assert_non_null(strstr(a.data, "## 4 Cascade bij uitval"));
    assert_non_null(strstr(a.data, "## 8 Vaststelling en goedkeuring"));
    /* hour 2: power and dist down in Energie, water elsewhere */
    assert_non_null(strstr(a.data, "| 2 | 2 | 1 |\n"));
    assert_non_null(strstr(a.data, "| Drinkwater | Water | 2 | 4 |"));
    assert_non_null(strstr(a.data, "SECRET-SCENARIO"));
    assert_non_null(strstr(a.data,
                           "| Noodstroom | redundantie | gereed | 1 januari 2024 | getoetst "
                           "| bijstelling nodig (uiterlijk 1 september 2024) |"));

    render(s, not_secret, "nl", &conf, c1);
    assert_string_equal(c1, "confidential");
    assert_null(strstr(conf.data, "SECRET-SCENARIO"));
    assert_null(strstr(conf.data, "SECRET-MEASURE"));
    assert_null(strstr(conf.data, "GEHEIM"));
    assert_non_null(strstr(conf.data, "CONF-SCENARIO"));
    assert_non_null(
        strstr(conf.data, "**VERTROUWELIJK · TLP:AMBER — alleen voor wie het moet weten**"));

    render(s, NULL, "en", &en, c1);
    assert_non_null(strstr(en.data, "# Resilience analysis: Stroom\n"));
    assert_non_null(strstr(en.data, "**SECRET · TLP:RED — need to know only**"));
    assert_non_null(strstr(en.data, "## 5 Risks"));
    strbuf_release(&a);
    strbuf_release(&b);
    strbuf_release(&en);
    strbuf_release(&conf);
    store_close(s);
}

static void test_errors_and_names(void **state)
{
    struct store *s = testutil_store_from_fixture("report/process.json");
    struct process_report_options o = {.process = "power", .visible = NULL, .ctx = NULL};
    struct strbuf out = STRBUF_INIT;
    struct error e = {0};
    char c[16], name[128];
    (void)state;
    assert_int_equal(process_doc_render(s, &o, "de", DOC_FORMAT_MD, &out, c, &e), ERR_INVALID);
    assert_string_equal(e.where, "lang");
    process_doc_filename("power", "nl", DOC_FORMAT_PDF, name, sizeof name);
    assert_string_equal(name, "weerbaarheidsanalyse-power.pdf");
    process_doc_filename("power", "en", DOC_FORMAT_HTML, name, sizeof name);
    assert_string_equal(name, "resilience-analysis-power.html");
    assert_string_equal(process_doc_marking("internal", "nl"), "INTERN");
    assert_string_equal(process_doc_marking("confidential", "en"), "CONFIDENTIAL");
    assert_string_equal(process_doc_marking("bogus", "nl"), "GEHEIM");
    strbuf_release(&out);
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_document),
        cmocka_unit_test(test_errors_and_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
