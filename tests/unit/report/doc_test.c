/*
 * doc_test.c — tests src/report/doc.c and its renderers: building the tree
 * (copies, growth, refusals), formats and media types, figures in Dutch and
 * English, numbering, and the Markdown output (numbered headings, escaped
 * text, right-aligned figures, charts as their data tables, the marking).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "report/doc.h"
#include "report/doc_internal.h"
#include "support/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The other kinds of chart, long labels and a table with text that wraps:
 * what the renderers must lay out without overlap. */
static void more_charts(struct doc *d)
{
    static const char *const years[] = {"2021", "2022", "2023", "2024", "2025"};
    static const double done[] = {3, 5, 8, 12, 15}, busy[] = {6, 7, DOC_CHART_NO_VALUE, 9, 8},
                        planned[] = {9, 8, 6, 5, 4};
    static const char *const quarters[] = {"K1 2024", "K2 2024", "K3 2024", "K4 2024",
                                           "K1 2025", "K2 2025", "K3 2025", "K4 2025"};
    static const double energy[] = {2, 4, 3, 6, 5, DOC_CHART_NO_VALUE, 7, 4},
                        water[] = {1, 1, 2, 2, 3, 2, 1, 2}, telecom[] = {5, 3, 4, 2, 6, 5, 4, 3};
    static const char *const impact[] = {"Beperkt", "Aanzienlijk", "Ernstig", "Zeer ernstig",
                                         "Catastrofaal"};
    static const char *const likelihood[] = {"Zeer waarschijnlijk", "Waarschijnlijk", "Mogelijk",
                                             "Onwaarschijnlijk", "Zeer onwaarschijnlijk"};
    static const double cells[5][5] = {{0, 1, 2, 0, 0},
                                       {1, 3, 5, 2, 0},
                                       {2, 6, 9, 4, 1},
                                       {0, 4, 7, 3, 2},
                                       {0, 1, DOC_CHART_NO_VALUE, 2, 1}};
    static const char *const ministries[] = {"Algemene Zaken",
                                             "Binnenlandse Zaken en Koninkrijksrelaties",
                                             "Buitenlandse Zaken",
                                             "Defensie",
                                             "Economische Zaken",
                                             "Financiën",
                                             "Infrastructuur en Waterstaat",
                                             "Justitie en Veiligheid",
                                             "Klimaat en Groene Groei",
                                             "Landbouw, Visserij, Voedselzekerheid",
                                             "Volksgezondheid, Welzijn en Sport",
                                             "Sociale Zaken en Werkgelegenheid"};
    static const double analysed[] = {1, 4, 2, 3, 6, 5, 9, 7, 4, 3, 5, 2};
    static const char *const head[] = {"Sector", "Toelichting", "Processen", "Maatregelen"};
    static const unsigned char numeric[] = {0, 0, 1, 1};
    struct doc_chart *c;
    struct doc_table *t;
    size_t i;

    assert_int_equal(doc_heading(d, 2, "Maatregelen en incidenten"), 0);
    assert_int_equal(doc_chart_add(d, DOC_CHART_STACKED, "Maatregelen naar stand", 5, years, &c),
                     0);
    assert_int_equal(doc_chart_series(c, "Gereed", done), 0);
    assert_int_equal(doc_chart_series(c, "In uitvoering", busy), 0);
    assert_int_equal(doc_chart_series(c, "Gepland", planned), 0);
    assert_int_equal(doc_chart_labels(c, NULL, "Maatregelen", "Maatregelen per jaar."), 0);
    assert_int_equal(doc_chart_add(d, DOC_CHART_LINE, "Incidenten per kwartaal", 8, quarters, &c),
                     0);
    assert_int_equal(doc_chart_series(c, "Energie", energy), 0);
    assert_int_equal(doc_chart_series(c, "Drinkwater", water), 0);
    assert_int_equal(doc_chart_series(c, "Telecommunicatie", telecom), 0);
    assert_int_equal(doc_chart_labels(c, "Kwartaal", "Incidenten", NULL), 0);
    assert_int_equal(doc_chart_add(d, DOC_CHART_BAR, "Geanalyseerde processen per ministerie", 12,
                                   ministries, &c),
                     0);
    assert_int_equal(doc_chart_series(c, "Geanalyseerd", analysed), 0);
    assert_int_equal(doc_heading(d, 1, "Risicobeeld"), 0);
    assert_int_equal(doc_chart_add(d, DOC_CHART_GRID, "Risicodiagram (inherent)", 5, impact, &c),
                     0);
    for (i = 0; i < 5; i++)
        assert_int_equal(doc_chart_series(c, likelihood[i], cells[i]), 0);
    assert_int_equal(doc_chart_labels(c, "Impact", "Waarschijnlijkheid",
                                      "Aantal risico's per cel van het risicodiagram."),
                     0);
    assert_int_equal(doc_table_add(d, "Toelichting per sector", 4, head, numeric, &t), 0);
    for (i = 0; i < 4; i++) {
        const char *row[4] = {i % 2 ? "Drinkwater" : "Elektriciteit",
                              "Een toelichting die zo lang is dat zij in de kolom moet worden "
                              "afgebroken over meer regels, zonder over de cijfers heen te lopen.",
                              "12", "1.234"};
        assert_int_equal(doc_table_row(t, row), 0);
    }
}

/* A small report with every kind of block, the same each time. */
static void sample_doc(struct doc *d, struct arena *a, const char *lang)
{
    static const char *const head[] = {"Sector", "Processen", "Achterstallig"};
    static const unsigned char numeric[] = {0, 1, 1};
    static const char *const cats[] = {"2023", "2024", "2025"};
    static const char *const items[] = {"eerste punt", "tweede <punt> & meer"};
    static const double energy[] = {4, 6, 9};
    static const double water[] = {2, DOC_CHART_NO_VALUE, 3};
    struct doc_table *t;
    struct doc_chart *c;
    char sector[32];
    int i;

    assert_int_equal(doc_init(d, a, lang, "Voortgangsbrief vitaal 2025", "Aanpak vitaal",
                              "2025-12-31", "Geaggregeerd, bevat geen vertrouwelijke informatie"),
                     0);
    assert_int_equal(doc_set_author(d, "Coördinator vitaal"), 0);
    assert_int_equal(doc_heading(d, 1, "Inleiding"), 0);
    assert_int_equal(doc_paragraph(d, "Eerste alinea met *sterren* en een | streep.\n\n"
                                      "Tweede alinea."),
                     0);
    assert_int_equal(doc_list(d, 2, items), 0);
    assert_int_equal(doc_link(d, "De methode", "https://example.org/methode (2025)"), 0);
    assert_int_equal(doc_heading(d, 2, "De cyclus"), 0);
    assert_int_equal(doc_table_add(d, "Processen per sector", 3, head, numeric, &t), 0);
    for (i = 0; i < 30; i++) {
        char n1[16], n2[16];
        const char *row[3] = {sector, n1, n2};
        snprintf(sector, sizeof(sector), "Sector %02d", i + 1);
        snprintf(n1, sizeof(n1), "%d", 1000 + i);
        snprintf(n2, sizeof(n2), "%d", i % 4);
        assert_int_equal(doc_table_row(t, row), 0);
    }
    assert_int_equal(doc_table_note(t, "– : minder dan drie processen."), 0);
    assert_int_equal(doc_page_break(d), 0);
    assert_int_equal(doc_heading(d, 1, "Trends"), 0);
    assert_int_equal(doc_chart_add(d, DOC_CHART_BAR, "Analyses per jaar", 3, cats, &c), 0);
    assert_int_equal(doc_chart_series(c, "Energie", energy), 0);
    assert_int_equal(doc_chart_series(c, "Drinkwater", water), 0);
    assert_int_equal(doc_chart_labels(c, "Jaar", "Aantal", "Analyses per jaar en sector."), 0);
    more_charts(d);
}

static void test_formats(void **state)
{
    enum doc_format f;
    (void)state;
    assert_int_equal(doc_format_parse("pdf", &f), 0);
    assert_int_equal(f, DOC_FORMAT_PDF);
    assert_int_equal(doc_format_parse("html", &f), 0);
    assert_int_equal(f, DOC_FORMAT_HTML);
    assert_int_equal(doc_format_parse("markdown", &f), 0);
    assert_int_equal(f, DOC_FORMAT_MD);
    assert_int_equal(doc_format_parse("md", &f), 0);
    assert_int_equal(doc_format_parse("docx", &f), ERR_INVALID);
    assert_int_equal(doc_format_parse(NULL, &f), ERR_INVALID);
    assert_string_equal(doc_format_media_type(DOC_FORMAT_PDF), "application/pdf");
    assert_string_equal(doc_format_media_type(DOC_FORMAT_HTML), "text/html; charset=utf-8");
    assert_string_equal(doc_format_media_type(DOC_FORMAT_MD), "text/markdown; charset=utf-8");
    assert_string_equal(doc_format_extension(DOC_FORMAT_MD), "md");
    assert_string_equal(doc_format_extension(DOC_FORMAT_PDF), "pdf");
}

static void test_tree_copies_and_refuses(void **state)
{
    struct arena a = ARENA_INIT;
    struct doc d;
    struct doc_table *t;
    struct doc_chart *c;
    char title[] = "Titel", cell[] = "cel";
    const char *row[2] = {cell, NULL};
    const char *cats[1] = {"2025"};
    double bad[1] = {-2}, ok[1] = {DOC_CHART_NO_VALUE};
    (void)state;

    assert_int_equal(doc_init(&d, &a, NULL, title, NULL, "2025-12-31", NULL), 0);
    title[0] = 'X';
    assert_string_equal(d.title, "Titel");
    assert_string_equal(d.lang, "nl");
    assert_string_equal(d.marking, "");
    assert_int_equal(doc_heading(&d, 0, "x"), ERR_INVALID);
    assert_int_equal(doc_heading(&d, 4, "x"), ERR_INVALID);
    assert_int_equal(d.nblocks, 0);
    assert_int_equal(doc_table_add(&d, "t", 0, NULL, NULL, &t), ERR_INVALID);
    assert_int_equal(doc_table_add(&d, "t", 2, NULL, NULL, &t), 0);
    assert_int_equal(doc_table_row(t, row), 0);
    cell[0] = 'X';
    assert_string_equal(t->cells[0], "cel");
    assert_string_equal(t->cells[1], "\xe2\x80\x93"); /* NULL cell: the dash */
    assert_string_equal(t->head[0], "");
    assert_int_equal(t->numeric[1], 0);
    assert_int_equal(doc_chart_add(&d, DOC_CHART_LINE, "c", 0, cats, &c), ERR_INVALID);
    assert_int_equal(doc_chart_add(&d, DOC_CHART_LINE, "c", 1, cats, &c), 0);
    assert_int_equal(doc_chart_series(c, "neg", bad), ERR_INVALID);
    assert_int_equal(c->nseries, 0);
    assert_int_equal(doc_chart_series(c, "gap", ok), 0);
    assert_true(doc_chart_has_gap(c));
    assert_int_equal(d.nblocks, 2);
    arena_release(&a);
}

static void test_growth(void **state)
{
    struct arena a = ARENA_INIT;
    struct doc d;
    struct doc_table *t;
    char buf[16];
    int i;
    (void)state;
    assert_int_equal(doc_init(&d, &a, "nl", "T", NULL, "2025-12-31", "m"), 0);
    assert_int_equal(doc_table_add(&d, "t", 3, NULL, NULL, &t), 0);
    for (i = 0; i < 1000; i++) {
        const char *row[3] = {buf, "b", "c"};
        snprintf(buf, sizeof(buf), "r%d", i);
        assert_int_equal(doc_table_row(t, row), 0);
        assert_int_equal(doc_paragraphf(&d, "alinea %d", i), 0);
    }
    assert_int_equal(t->nrows, 1000);
    assert_string_equal(t->cells[999 * 3], "r999");
    assert_string_equal(t->cells[500 * 3 + 2], "c");
    assert_int_equal(d.nblocks, 1001);
    assert_string_equal(d.blocks[1000].text, "alinea 999");
    arena_release(&a);
}

static void test_value_format(void **state)
{
    const struct doc_words *nl = doc_words_for("nl"), *en = doc_words_for("en");
    char b[64];
    (void)state;
    doc_value_format(nl, 12345, b, sizeof(b));
    assert_string_equal(b, "12.345");
    doc_value_format(en, 12345, b, sizeof(b));
    assert_string_equal(b, "12,345");
    doc_value_format(nl, 2.5, b, sizeof(b));
    assert_string_equal(b, "2,5");
    doc_value_format(en, 1234567.25, b, sizeof(b));
    assert_string_equal(b, "1,234,567.2");
    doc_value_format(nl, 999, b, sizeof(b));
    assert_string_equal(b, "999");
    doc_value_format(nl, 0, b, sizeof(b));
    assert_string_equal(b, "0");
    doc_value_format(nl, DOC_CHART_NO_VALUE, b, sizeof(b));
    assert_string_equal(b, "\xe2\x80\x93");
    assert_string_equal(doc_words_for(NULL)->contents, "Inhoud");
    assert_string_equal(en->contents, "Contents");
}

static void test_numbering(void **state)
{
    struct doc_numbering n = {{0, 0, 0}, 0, 0};
    char b[32];
    (void)state;
    doc_number_heading(&n, 1, b, sizeof(b));
    assert_string_equal(b, "1");
    doc_number_heading(&n, 2, b, sizeof(b));
    assert_string_equal(b, "1.1");
    doc_number_heading(&n, 3, b, sizeof(b));
    assert_string_equal(b, "1.1.1");
    doc_number_heading(&n, 2, b, sizeof(b));
    assert_string_equal(b, "1.2");
    doc_number_heading(&n, 1, b, sizeof(b));
    assert_string_equal(b, "2");
    doc_number_heading(&n, 3, b, sizeof(b));
    assert_string_equal(b, "2.0.1");
}

static int collect(void *ctx, const char *p, size_t len)
{
    struct strbuf *b = ctx;
    strbuf_putc(b, '[');
    strbuf_append(b, p, len);
    strbuf_putc(b, ']');
    return 0;
}

static void test_paragraphs(void **state)
{
    struct strbuf b = STRBUF_INIT;
    (void)state;
    assert_int_equal(doc_each_paragraph("  een\ntwee \n \n\ndrie\n", collect, &b), 0);
    assert_string_equal(strbuf_str(&b), "[een\ntwee][drie]");
    strbuf_reset(&b);
    assert_int_equal(doc_each_paragraph("\n\n  \n", collect, &b), 0);
    assert_string_equal(strbuf_str(&b), "");
    strbuf_release(&b);
}

static void test_markdown(void **state)
{
    struct arena a = ARENA_INIT;
    struct doc d;
    struct strbuf out = STRBUF_INIT, again = STRBUF_INIT;
    struct error e;
    const char *s;
    static const char top[] = "# Voortgangsbrief vitaal 2025\n\nAanpak vitaal\n\n"
                              "Datum: 2025-12-31\n\n"
                              "**Geaggregeerd, bevat geen vertrouwelijke informatie**\n\n## 1 ";
    (void)state;
    sample_doc(&d, &a, "nl");
    assert_int_equal(doc_render(&d, DOC_FORMAT_MD, &out, &e), 0);
    s = strbuf_str(&out);
    assert_true(strncmp(s, top, strlen(top)) == 0);
    assert_non_null(strstr(s, "\n## 1 Inleiding\n"));
    assert_non_null(strstr(s, "\n### 1.1 De cyclus\n"));
    assert_non_null(strstr(s, "\n## 2 Trends\n"));
    assert_non_null(strstr(s, "Eerste alinea met \\*sterren\\* en een \\| streep.\n\nTweede"));
    assert_non_null(strstr(s, "- tweede \\<punt\\> \\& meer\n"));
    assert_non_null(strstr(s, "[De methode](<https://example.org/methode (2025)>)"));
    assert_non_null(strstr(s, "**Tabel 1.** Processen per sector\n\n"
                              "| Sector | Processen | Achterstallig |\n"
                              "| :--- | ---: | ---: |\n"
                              "| Sector 01 | 1000 | 0 |\n"));
    assert_non_null(strstr(s, "| Sector 30 | 1029 | 1 |\n"));
    assert_non_null(strstr(s, "*– : minder dan drie processen.*"));
    assert_non_null(strstr(s, "**Figuur 1.** Analyses per jaar\n\nAnalyses per jaar en sector.\n\n"
                              "| Jaar | Energie | Drinkwater |\n| :--- | ---: | ---: |\n"
                              "| 2023 | 4 | 2 |\n| 2024 | 6 | – |\n| 2025 | 9 | 3 |\n"));
    assert_non_null(strstr(s, "geen waarde"));
    /* the marking closes the document too */
    assert_non_null(strstr(s, "---\n\n**Geaggregeerd, bevat geen vertrouwelijke informatie**\n"));
    assert_int_equal(s[out.len - 1], '\n');
    /* the same tree, the same bytes */
    assert_int_equal(doc_render_md(&d, &again, &e), 0);
    assert_int_equal(out.len, again.len);
    assert_memory_equal(out.data, again.data, out.len);
    strbuf_release(&out);
    strbuf_release(&again);
    arena_release(&a);
}

static void test_markdown_escapes_line_starts(void **state)
{
    struct arena a = ARENA_INIT;
    struct doc d;
    struct strbuf out = STRBUF_INIT;
    struct error e;
    static const char *const items[] = {"# geen kop", "1. geen lijst", "12.345 blijft"};
    (void)state;
    assert_int_equal(doc_init(&d, &a, "en", "T", NULL, "2025-12-31", ""), 0);
    assert_int_equal(doc_paragraph(&d, "- not a list\n> not a quote"), 0);
    assert_int_equal(doc_list(&d, 3, items), 0);
    assert_int_equal(doc_render_md(&d, &out, &e), 0);
    assert_non_null(strstr(out.data, "\n\\- not a list \\> not a quote\n"));
    assert_non_null(strstr(out.data, "- \\# geen kop\n- 1\\. geen lijst\n- 12.345 blijft\n"));
    assert_non_null(strstr(out.data, "Date: 2025-12-31"));
    assert_null(strstr(out.data, "**")); /* no marking: none written */
    strbuf_release(&out);
    arena_release(&a);
}

/* Runs a command and returns what it printed (malloc'd), or NULL. */
static char *run(const char *cmd)
{
    struct strbuf b = STRBUF_INIT;
    char chunk[4096];
    size_t n;
    FILE *f = popen(cmd, "r");
    if (!f)
        return NULL;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        strbuf_append(&b, chunk, n);
    if (pclose(f) != 0) {
        strbuf_release(&b);
        return NULL;
    }
    return strbuf_detach(&b);
}

static void test_pdf(void **state)
{
    struct arena a = ARENA_INIT;
    struct doc d;
    struct strbuf out = STRBUF_INIT, again = STRBUF_INIT;
    struct error e;
    (void)state;
    sample_doc(&d, &a, "nl");
    assert_int_equal(doc_render(&d, DOC_FORMAT_PDF, &out, &e), 0);
    assert_true(out.len > 1000);
    assert_memory_equal(out.data, "%PDF-1.", 7);
    /* the same tree, the same bytes (no clock in it) */
    assert_int_equal(doc_render_pdf(&d, &again, &e), 0);
    assert_int_equal(out.len, again.len);
    assert_memory_equal(out.data, again.data, out.len);
    /* metadata, a link out, targets for the contents and the outline */
    assert_non_null(memmem(out.data, out.len, "/Creator (vitaal)", 17));
    assert_non_null(memmem(out.data, out.len, "/CreationDate (20251231000000Z)", 31));
    assert_non_null(memmem(out.data, out.len, "/ModDate (20251231000000Z)", 26));
    assert_non_null(memmem(out.data, out.len, "/URI (https://example.org/methode (2025))", 41));
    assert_non_null(memmem(out.data, out.len, "/Outlines", 9));
    assert_non_null(memmem(out.data, out.len, "(h1.1)", 6));
    /* a structure tree: headings, paragraphs, tables and figures */
    assert_non_null(memmem(out.data, out.len, "/StructTreeRoot", 15));
    assert_non_null(memmem(out.data, out.len, "/S /H2", 6));
    assert_non_null(memmem(out.data, out.len, "/S /P", 5));
    assert_non_null(memmem(out.data, out.len, "/S /Table", 9));
    assert_non_null(memmem(out.data, out.len, "/S /Figure", 10));
    strbuf_release(&out);
    strbuf_release(&again);
    arena_release(&a);
}

/* What a reader sees: the text on the pages through poppler's pdftotext,
 * the page count through pdfinfo. */
static void test_pdf_text(void **state)
{
    static const char *const langs[] = {"nl", "en"};
    size_t i;
    (void)state;
    if (system("command -v pdftotext >/dev/null 2>&1 && command -v pdfinfo >/dev/null 2>&1") != 0) {
        print_message("pdftotext or pdfinfo missing (poppler-utils, scripts/deps.sh): skipped\n");
        skip();
    }
    for (i = 0; i < 2; i++) {
        struct arena a = ARENA_INIT;
        struct doc d;
        struct strbuf out = STRBUF_INIT;
        struct error e;
        const char *path = testutil_temp_path(i ? "sample-en.pdf" : "sample-nl.pdf");
        char cmd[1024], *text, *info, *page5, page2[64], last[64];
        FILE *f;
        int en = i == 1, pages;
        sample_doc(&d, &a, langs[i]);
        assert_int_equal(doc_render_pdf(&d, &out, &e), 0);
        f = fopen(path, "wb");
        assert_non_null(f);
        assert_int_equal(fwrite(out.data, 1, out.len, f), out.len);
        fclose(f);

        snprintf(cmd, sizeof(cmd), "pdfinfo '%s'", path);
        info = run(cmd);
        assert_non_null(info);
        assert_non_null(strstr(info, "Pages:"));
        pages = (int)strtol(strstr(info, "Pages:") + 6, NULL, 10);
        assert_true(pages >= 6); /* title, contents, the table over two, trends, risks */
        assert_non_null(strstr(info, " Voortgangsbrief vitaal 2025\n"));
        assert_non_null(strstr(info, "Creator:"));
        assert_non_null(strstr(strstr(info, "Creator:"), " vitaal\n"));
        assert_non_null(strstr(info, " Coördinator vitaal\n"));
        assert_non_null(strstr(info, "A4"));
        snprintf(page2, sizeof(page2), en ? "page 2 of %d" : "pagina 2 van %d", pages);
        snprintf(last, sizeof(last), en ? "page %d of %d" : "pagina %d van %d", pages, pages);

        snprintf(cmd, sizeof(cmd), "pdftotext -enc UTF-8 '%s' -", path);
        text = run(cmd);
        assert_non_null(text);
        assert_non_null(strstr(text, "Voortgangsbrief vitaal 2025"));
        assert_non_null(strstr(text, en ? "Contents" : "Inhoud"));
        assert_non_null(strstr(text, "De cyclus"));
        assert_non_null(strstr(text, en ? "Table 1. Processen per sector" : "Tabel 1. Processen"));
        assert_non_null(strstr(text, "Sector 01"));
        assert_non_null(strstr(text, "1029"));
        assert_non_null(strstr(text, en ? "(continued)" : "(vervolg)"));
        assert_non_null(strstr(text, en ? "Figure 1. Analyses per jaar" : "Figuur 1. Analyses"));
        assert_non_null(strstr(text, "Drinkwater"));
        assert_non_null(strstr(text, page2));
        assert_non_null(strstr(text, last));
        assert_non_null(strstr(text, "Geaggregeerd, bevat geen vertrouwelijke informatie"));
        assert_non_null(strstr(text, "2025-12-31"));

        /* the contents say "Trends" is on page 5, and it is */
        snprintf(cmd, sizeof(cmd), "pdftotext -layout -enc UTF-8 -f 2 -l 2 '%s' -", path);
        free(text);
        text = run(cmd);
        assert_non_null(text);
        assert_non_null(strstr(text, "Trends"));
        assert_non_null(strstr(strstr(text, "Trends"), "5\n"));
        {
            /* and "Risicobeeld", further on, is on the page the contents give */
            const char *at = strstr(text, "Risicobeeld");
            char *risks;
            int risk_page;
            assert_non_null(at);
            risk_page = (int)strtol(at + strlen("Risicobeeld"), NULL, 10);
            assert_true(risk_page > 5 && risk_page <= pages);
            snprintf(cmd, sizeof(cmd), "pdftotext -enc UTF-8 -f %d -l %d '%s' -", risk_page,
                     risk_page, path);
            risks = run(cmd);
            assert_non_null(risks);
            assert_non_null(strstr(risks, "Risicobeeld"));
            /* with the chart that follows it: a heading never ends a page */
            assert_non_null(
                strstr(risks, en ? "Figure 5. Risicodiagram" : "Figuur 5. Risicodiagram"));
            free(risks);
        }
        snprintf(cmd, sizeof(cmd), "pdftotext -enc UTF-8 -f 5 -l 5 '%s' -", path);
        page5 = run(cmd);
        assert_non_null(page5);
        assert_non_null(strstr(page5, "Trends"));
        snprintf(page2, sizeof(page2), en ? "page 5 of %d" : "pagina 5 van %d", pages);
        assert_non_null(strstr(page5, page2));

        free(info);
        free(page5);
        free(text);
        strbuf_release(&out);
        arena_release(&a);
    }
}

/* The Markdown, HTML and PDF of the same tree made again are the same bytes,
 * and a different date changes the PDF (it is not a constant). */
static void test_determinism(void **state)
{
    static const enum doc_format formats[] = {DOC_FORMAT_PDF, DOC_FORMAT_HTML, DOC_FORMAT_MD};
    size_t i;
    (void)state;
    for (i = 0; i < 3; i++) {
        struct arena a1 = ARENA_INIT, a2 = ARENA_INIT;
        struct doc d1, d2;
        struct strbuf o1 = STRBUF_INIT, o2 = STRBUF_INIT;
        struct error e;
        sample_doc(&d1, &a1, "nl");
        sample_doc(&d2, &a2, "nl");
        assert_int_equal(doc_render(&d1, formats[i], &o1, &e), 0);
        assert_int_equal(doc_render(&d2, formats[i], &o2, &e), 0);
        assert_int_equal(o1.len, o2.len);
        assert_memory_equal(o1.data, o2.data, o1.len);
        d2.date = "2026-01-15";
        strbuf_reset(&o2);
        assert_int_equal(doc_render(&d2, formats[i], &o2, &e), 0);
        assert_true(o1.len != o2.len || memcmp(o1.data, o2.data, o1.len) != 0);
        strbuf_release(&o1);
        strbuf_release(&o2);
        arena_release(&a1);
        arena_release(&a2);
    }
}

/* A chart without a series is refused by every renderer, naming it; an
 * empty document renders in every format. */
static void test_render_refusals_and_empty(void **state)
{
    static const enum doc_format formats[] = {DOC_FORMAT_PDF, DOC_FORMAT_HTML, DOC_FORMAT_MD};
    static const char *const cats[] = {"2025"};
    size_t i;
    (void)state;
    for (i = 0; i < 3; i++) {
        struct arena a = ARENA_INIT;
        struct doc d;
        struct doc_chart *c;
        struct strbuf out = STRBUF_INIT;
        struct error e;
        assert_int_equal(doc_init(&d, &a, "nl", "Leeg", NULL, "2025-12-31", "Openbaar"), 0);
        assert_int_equal(doc_render(&d, formats[i], &out, &e), 0);
        assert_true(out.len > 0);
        assert_non_null(memmem(out.data, out.len, "Leeg", 4));
        if (formats[i] == DOC_FORMAT_PDF) {
            /* a date that is not a day is left out of the metadata, not garbled */
            d.date = "later";
            strbuf_reset(&out);
            assert_int_equal(doc_render(&d, formats[i], &out, &e), 0);
            assert_null(memmem(out.data, out.len, "/CreationDate", 13));
            assert_null(memmem(out.data, out.len, "/ModDate", 8));
            d.date = "2025-12-31";
        }
        assert_int_equal(doc_chart_add(&d, DOC_CHART_BAR, "Zonder reeks", 1, cats, &c), 0);
        strbuf_reset(&out);
        error_clear(&e);
        assert_int_equal(doc_render(&d, formats[i], &out, &e), ERR_INVALID);
        assert_non_null(strstr(e.message, "figure 1 (\"Zonder reeks\")"));
        strbuf_release(&out);
        arena_release(&a);
    }
}

/* The box a text primitive covers, estimated the way the layout estimates
 * (a little wider than DejaVu Sans), so two boxes apart are apart on paper. */
static void text_box(const struct doc_prim *q, double box[4])
{
    double n = 0, w, lo, hi;
    const char *c;
    for (c = q->text; *c; c++)
        n += ((unsigned char)*c & 0xC0) != 0x80;
    w = n * q->size * 0.6;
    lo = q->anchor == DOC_ANCHOR_START ? 0 : q->anchor == DOC_ANCHOR_MIDDLE ? -w / 2 : -w;
    hi = lo + w;
    if (q->vertical) { /* runs upwards from the anchor */
        box[0] = q->x - q->size * 0.8;
        box[2] = q->x + q->size * 0.2;
        box[1] = q->y - hi;
        box[3] = q->y - lo;
    } else {
        box[0] = q->x + lo;
        box[2] = q->x + hi;
        box[1] = q->y - q->size * 0.75;
        box[3] = q->y + q->size * 0.2;
    }
}

/* No two texts of a chart overlap, and none leaves the chart's box, for
 * every sample chart and for crowded ones (many categories, long names). */
static void test_chart_labels_apart(void **state)
{
    struct arena a = ARENA_INIT;
    struct doc d;
    struct doc_chart *crowded[3];
    static const double widths[] = {480, 453.5, 300};
    char names[60][48];
    const char *cats[60];
    double v[60];
    size_t i, j, k, b;
    (void)state;
    sample_doc(&d, &a, "nl");
    for (i = 0; i < 60; i++) {
        snprintf(names[i], sizeof(names[i]), i % 3 ? "Categorie %zu" : "Een lange naam %zu", i);
        cats[i] = names[i];
        v[i] = (double)(i * 7 % 13);
    }
    assert_int_equal(doc_chart_add(&d, DOC_CHART_BAR, "60", 60, cats, &crowded[0]), 0);
    assert_int_equal(doc_chart_series(crowded[0], "Een", v), 0);
    assert_int_equal(doc_chart_add(&d, DOC_CHART_STACKED, "14", 14, cats, &crowded[1]), 0);
    assert_int_equal(doc_chart_series(crowded[1], "Een", v), 0);
    assert_int_equal(doc_chart_series(crowded[1], "Twee", v + 14), 0);
    assert_int_equal(doc_chart_add(&d, DOC_CHART_LINE, "25", 25, cats, &crowded[2]), 0);
    assert_int_equal(doc_chart_series(crowded[2], "Een", v), 0);
    assert_int_equal(doc_chart_series(crowded[2], "Twee", v + 25), 0);
    for (b = 0; b < d.nblocks; b++) {
        if (d.blocks[b].kind != DOC_CHART)
            continue;
        for (k = 0; k < 3; k++) {
            struct doc_chart_layout l;
            size_t ntext = 0;
            assert_int_equal(
                doc_chart_layout(d.blocks[b].chart, doc_words_for("nl"), widths[k], &a, &l), 0);
            for (i = 0; i < l.nprims; i++) {
                double bi[4];
                if (l.prims[i].kind != DOC_PRIM_TEXT)
                    continue;
                ntext++;
                text_box(&l.prims[i], bi);
                if (bi[0] < -0.5 || bi[1] < -0.5 || bi[2] > l.width + 0.5 || bi[3] > l.height + 0.5)
                    fail_msg("chart \"%s\" at %.0f: \"%s\" leaves the chart",
                             d.blocks[b].chart->title, widths[k], l.prims[i].text);
                for (j = i + 1; j < l.nprims; j++) {
                    double bj[4];
                    if (l.prims[j].kind != DOC_PRIM_TEXT)
                        continue;
                    text_box(&l.prims[j], bj);
                    if (bi[0] < bj[2] && bj[0] < bi[2] && bi[1] < bj[3] && bj[1] < bi[3])
                        fail_msg("chart \"%s\" at %.0f: \"%s\" overlaps \"%s\"",
                                 d.blocks[b].chart->title, widths[k], l.prims[i].text,
                                 l.prims[j].text);
                }
            }
            assert_true(ntext > 0);
        }
    }
    arena_release(&a);
}

/* Writes the sample in every format into $VITAAL_DOC_SAMPLE (a folder), for
 * the browser's axe check and for looking at; nothing when it is not set. */
static void write_samples(const struct doc *d)
{
    static const enum doc_format formats[] = {DOC_FORMAT_PDF, DOC_FORMAT_HTML, DOC_FORMAT_MD};
    const char *dir = getenv("VITAAL_DOC_SAMPLE");
    size_t i;
    if (!dir)
        return;
    for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
        struct strbuf out = STRBUF_INIT;
        struct error e;
        char path[512];
        FILE *f;
        assert_int_equal(doc_render(d, formats[i], &out, &e), 0);
        snprintf(path, sizeof(path), "%s/sample-%s.%s", dir, d->lang,
                 doc_format_extension(formats[i]));
        f = fopen(path, "wb");
        assert_non_null(f);
        assert_int_equal(fwrite(out.data, 1, out.len, f), out.len);
        fclose(f);
        strbuf_release(&out);
    }
}

static void test_html(void **state)
{
    struct arena a = ARENA_INIT;
    struct doc d;
    struct strbuf out = STRBUF_INIT, again = STRBUF_INIT;
    struct error e;
    const char *s;
    (void)state;
    sample_doc(&d, &a, "nl");
    assert_int_equal(doc_render(&d, DOC_FORMAT_HTML, &out, &e), 0);
    s = strbuf_str(&out);
    assert_true(strncmp(s, "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">",
                        61) == 0);
    assert_non_null(strstr(s, "<title>Voortgangsbrief vitaal 2025</title>"));
    assert_non_null(strstr(s, "<meta name=\"author\" content=\"Coördinator vitaal\">"));
    assert_non_null(strstr(s, "<style>"));
    /* standalone: no script, nothing fetched */
    assert_null(strstr(s, "<script"));
    assert_null(strstr(s, "<link"));
    assert_null(strstr(s, " src="));
    assert_null(strstr(s, "url("));
    assert_null(strstr(s, "@import"));
    /* the marking and the date in the header and the footer */
    assert_non_null(strstr(s, "<header class=\"bar\"><p>Geaggregeerd, bevat geen vertrouwelijke "
                              "informatie</p><p>Datum: 2025-12-31</p></header>"));
    assert_non_null(strstr(s, "<footer class=\"bar\"><p>Geaggregeerd, bevat geen vertrouwelijke "
                              "informatie</p><p>Datum: 2025-12-31</p></footer>"));
    assert_non_null(strstr(s, "<h1 id=\"title\">Voortgangsbrief vitaal 2025</h1>"));
    /* the contents link to the numbered headings */
    assert_non_null(strstr(s, "<h2 id=\"toc\">Inhoud</h2>"));
    assert_non_null(strstr(s, "<li class=\"l2\"><a href=\"#h1.1\"><span class=\"num\">1.1</span> "
                              "De cyclus</a></li>"));
    assert_non_null(strstr(s, "<h3 id=\"h1.1\"><span class=\"num\">1.1</span> De cyclus</h3>"));
    assert_non_null(strstr(s, "<h2 id=\"h2\"><span class=\"num\">2</span> Trends</h2>"));
    /* escaped text, two paragraphs */
    assert_non_null(strstr(s, "<p>Eerste alinea met *sterren* en een | streep.</p>\n"
                              "<p>Tweede alinea.</p>"));
    assert_non_null(strstr(s, "<li>tweede &lt;punt&gt; &amp; meer</li>"));
    assert_non_null(strstr(s, "<a href=\"https://example.org/methode (2025)\">De methode</a>"));
    /* the table: caption, scoped header cells, right-aligned figures */
    assert_non_null(strstr(s, "<caption><span class=\"num\">Tabel 1.</span> Processen per "
                              "sector</caption>"));
    assert_non_null(strstr(s, "<th scope=\"col\" class=\"n\">Processen</th>"));
    assert_non_null(strstr(s, "<tr><th scope=\"row\">Sector 01</th><td class=\"n\">1000</td>"));
    assert_non_null(strstr(s, "<p class=\"note\">– : minder dan drie processen.</p>"));
    /* the chart: an image with a name and a description, axes, legend, values */
    assert_non_null(strstr(s, "role=\"img\" aria-labelledby=\"fig1-t\" "
                              "aria-describedby=\"fig1-d\">"));
    assert_non_null(strstr(s, "<title id=\"fig1-t\">Figuur 1. Analyses per jaar</title>"));
    /* the caption once, above the picture */
    assert_non_null(strstr(s, "<figure id=\"fig1\">\n<figcaption><span class=\"num\">Figuur "
                              "1.</span> Analyses per jaar</figcaption>\n<svg "));
    assert_true(strstr(strstr(s, "<figcaption>") + 1, "<figcaption>") > strstr(s, "</figure>"));
    assert_non_null(strstr(s, "<desc id=\"fig1-d\">Analyses per jaar en sector.</desc>"));
    assert_non_null(strstr(s, ">Energie</text>"));
    assert_non_null(strstr(s, ">Aantal</text>"));
    assert_non_null(strstr(s, ">2024</text>"));
    assert_non_null(strstr(s, ">9</text>"));
    assert_non_null(strstr(s, "<rect "));
    assert_non_null(strstr(s, "<p class=\"note\">Een ontbrekende staaf"));
    assert_non_null(strstr(s, "<summary>De cijfers van figuur 1</summary>"));
    assert_non_null(strstr(s, "<tr><th scope=\"row\">2024</th><td class=\"n\">6</td><td "
                              "class=\"n\">–</td></tr>"));
    assert_int_equal(doc_render_html(&d, &again, &e), 0);
    assert_int_equal(out.len, again.len);
    assert_memory_equal(out.data, again.data, out.len);
    strbuf_release(&out);
    strbuf_release(&again);
    arena_release(&a);
}

/* The sample in Dutch and English into $VITAAL_DOC_SAMPLE, when it is set. */
static void test_samples(void **state)
{
    static const char *const langs[] = {"nl", "en"};
    size_t i;
    (void)state;
    for (i = 0; i < 2; i++) {
        struct arena a = ARENA_INIT;
        struct doc d;
        sample_doc(&d, &a, langs[i]);
        write_samples(&d);
        arena_release(&a);
    }
}

static void test_html_escapes_everything(void **state)
{
    struct arena a = ARENA_INIT;
    struct doc d;
    struct strbuf out = STRBUF_INIT;
    struct error e;
    struct doc_table *t;
    struct doc_chart *c;
    static const char evil[] = "<script>alert('x')</script> & \"q\"";
    const char *head[1] = {evil}, *cats[1] = {evil};
    double v[1] = {1};
    (void)state;
    assert_int_equal(doc_init(&d, &a, "en\"><script>", evil, evil, evil, evil), 0);
    assert_int_equal(doc_set_author(&d, evil), 0);
    assert_int_equal(doc_heading(&d, 1, evil), 0);
    assert_int_equal(doc_paragraph(&d, evil), 0);
    assert_int_equal(doc_list(&d, 1, head), 0);
    assert_int_equal(doc_link(&d, evil, "javascript:alert(1)"), 0);
    assert_int_equal(doc_link(&d, "x", "https://e.org/?a=\"><script>"), 0);
    assert_int_equal(doc_table_add(&d, evil, 1, head, NULL, &t), 0);
    assert_int_equal(doc_table_row(t, head), 0);
    assert_int_equal(doc_table_note(t, evil), 0);
    assert_int_equal(doc_chart_add(&d, DOC_CHART_GRID, evil, 1, cats, &c), 0);
    assert_int_equal(doc_chart_series(c, evil, v), 0);
    assert_int_equal(doc_chart_labels(c, evil, evil, evil), 0);
    assert_int_equal(doc_render_html(&d, &out, &e), 0);
    assert_null(strstr(out.data, "<script"));
    assert_null(strstr(out.data, "'x'"));
    assert_null(strstr(out.data, "\"q\""));
    assert_null(strstr(out.data, "href=\"javascript"));
    assert_non_null(strstr(out.data, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; "
                                     "&quot;q&quot;"));
    assert_non_null(strstr(out.data, ": javascript:alert(1)</p>"));
    assert_non_null(strstr(out.data, "href=\"https://e.org/?a=&quot;&gt;&lt;script&gt;\""));
    strbuf_release(&out);
    arena_release(&a);
}

/* Another process renders the same bytes: this program run again writes
 * its samples, and each equals what this process renders (nothing from the
 * process — addresses, the font cache's state, the clock — gets in). */
static void test_other_process(void **state)
{
    static const enum doc_format formats[] = {DOC_FORMAT_PDF, DOC_FORMAT_HTML, DOC_FORMAT_MD};
    const char *dir = testutil_temp_path("other-process");
    char cmd[2048], self[512];
    ssize_t n;
    size_t i;
    (void)state;
    if (getenv("VITAAL_DOC_SAMPLE"))
        skip(); /* this is the other process */
    assert_int_equal(mkdir(dir, 0700), 0);
    n = readlink("/proc/self/exe", self, sizeof(self) - 1);
    assert_true(n > 0);
    self[n] = '\0';
    snprintf(cmd, sizeof(cmd), "VITAAL_DOC_SAMPLE='%s' '%s' >/dev/null 2>&1", dir, self);
    assert_int_equal(system(cmd), 0);
    for (i = 0; i < 3; i++) {
        struct arena a = ARENA_INIT;
        struct doc d;
        struct strbuf out = STRBUF_INIT;
        struct error e;
        char path[1024], *theirs;
        size_t len = 0;
        sample_doc(&d, &a, "nl");
        assert_int_equal(doc_render(&d, formats[i], &out, &e), 0);
        snprintf(path, sizeof(path), "%s/sample-nl.%s", dir, doc_format_extension(formats[i]));
        theirs = testutil_read_file(path, &len);
        assert_non_null(theirs);
        assert_int_equal(len, out.len);
        assert_memory_equal(theirs, out.data, len);
        free(theirs);
        strbuf_release(&out);
        arena_release(&a);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_formats),
        cmocka_unit_test(test_tree_copies_and_refuses),
        cmocka_unit_test(test_growth),
        cmocka_unit_test(test_value_format),
        cmocka_unit_test(test_numbering),
        cmocka_unit_test(test_paragraphs),
        cmocka_unit_test(test_markdown),
        cmocka_unit_test(test_markdown_escapes_line_starts),
        cmocka_unit_test(test_html),
        cmocka_unit_test(test_html_escapes_everything),
        cmocka_unit_test(test_pdf),
        cmocka_unit_test(test_pdf_text),
        cmocka_unit_test(test_determinism),
        cmocka_unit_test(test_render_refusals_and_empty),
        cmocka_unit_test(test_chart_labels_apart),
        cmocka_unit_test(test_samples),
        cmocka_unit_test(test_other_process),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
