/*
 * annual_doc_test.c — tests src/report/annual_doc.c on tests/data/full.json
 * (as in tests/unit/domain/annual_test.c: loaded on 2025-03-01, the report
 * of 2026 made on 2026-06-15): the document's title, date and marking in
 * Dutch and English; with k = 3 the cycle table prints "×" for the
 * withheld 1 and 2 and their totals, never the figures, and explains the
 * sign below it; no record id, provider name or record text reaches the
 * document; the same report renders to the same bytes twice; a language
 * other than nl or en is refused naming it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/timefmt.h"
#include "report/annual_doc.h"
#include "store/store.h"
#include "support/testutil.h"

#include <stdlib.h>
#include <string.h>

static struct store *s;

static int setup(void **state)
{
    (void)state;
    setenv("VITAAL_NOW", "2025-03-01T10:00:00Z", 1);
    s = testutil_store_from_fixture("full.json");
    setenv("VITAAL_NOW", "2026-06-15T10:00:00Z", 1);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    store_close(s);
    unsetenv("VITAAL_NOW");
    return 0;
}

/* The report of 2026 as Markdown in lang; the caller frees it. */
static char *render(const char *lang)
{
    struct annual_options o = {2026, -1, timefmt_today(), NULL};
    struct strbuf out = STRBUF_INIT;
    struct error e = {0};
    char as_of[11];
    if (annual_doc_render(s, &o, lang, DOC_FORMAT_MD, &out, as_of, &e) != 0)
        fail_msg("annual_doc_render: %s: %s", e.where, e.message);
    assert_string_equal(as_of, "2026-06-15");
    return strbuf_detach(&out);
}

/* The table row that starts with "| label |" (a static copy). */
static const char *row(const char *md, const char *label)
{
    static char buf[512];
    char want[128];
    const char *p, *end;
    snprintf(want, sizeof want, "\n| %s |", label);
    p = strstr(md, want);
    if (!p)
        return "";
    end = strchr(p + 1, '\n');
    snprintf(buf, sizeof buf, "%.*s", (int)(end - p - 1), p + 1);
    return buf;
}

static void test_dutch(void **state)
{
    char *md;
    (void)state;
    md = render("nl");
    assert_non_null(strstr(md, "# Voortgangsbrief Aanpak vitaal 2026\n"));
    assert_non_null(strstr(md, "Stand per 15 juni 2026"));
    assert_non_null(strstr(md, ANNUAL_DOC_MARKING_NL));
    /* three processes: overdue 1 and never 2 are withheld with their totals */
    assert_string_equal(row(md, "Energie"), "| Energie | 0 | × | × | 3 |");
    assert_non_null(strstr(md, "× = afgeschermd: het aantal betreft minder dan 3 processen"));
    assert_non_null(strstr(md, "waren er een klein aantal (afgeschermd) te laat"));
    /* nothing of the records but counts and public names */
    assert_null(strstr(md, "power"));
    assert_null(strstr(md, "m-batteries"));
    assert_null(strstr(md, "Grid Co"));
    assert_null(strstr(md, "ransomware"));
    assert_null(strstr(md, "more cells"));
    assert_null(strstr(md, "Kabelsabotage"));
    free(md);
}

static void test_english_and_same_bytes(void **state)
{
    char *a, *b;
    (void)state;
    a = render("en");
    b = render("en");
    assert_string_equal(a, b);
    assert_non_null(strstr(a, "# Progress report on vital infrastructure 2026\n"));
    assert_non_null(strstr(a, ANNUAL_DOC_MARKING_EN));
    assert_non_null(strstr(a, "As the records stood on 15 June 2026"));
    assert_string_equal(row(a, "Energie"), "| Energie | 0 | × | × | 3 |");
    free(a);
    free(b);
}

static void test_bad_language(void **state)
{
    struct annual_options o = {2026, -1, 0, NULL};
    struct strbuf out = STRBUF_INIT;
    struct error e = {0};
    char as_of[11], name[64];
    (void)state;
    o.today = timefmt_today();
    assert_int_equal(annual_doc_render(s, &o, "de", DOC_FORMAT_MD, &out, as_of, &e), ERR_INVALID);
    assert_string_equal(e.where, "lang");
    assert_int_equal(out.len, 0);
    strbuf_release(&out);
    annual_doc_filename(2025, "nl", DOC_FORMAT_PDF, name, sizeof name);
    assert_string_equal(name, "voortgangsbrief-2025.pdf");
    annual_doc_filename(2025, "en", DOC_FORMAT_MD, name, sizeof name);
    assert_string_equal(name, "annual-report-2025.md");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dutch),
        cmocka_unit_test(test_english_and_same_bytes),
        cmocka_unit_test(test_bad_language),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
