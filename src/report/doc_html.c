/*
 * doc_html.c — a document as one standalone HTML5 file: inline CSS, no
 * script, nothing loaded from anywhere (it opens from a mail attachment and
 * passes the same axe-core checks as the UI). The marking and the date in a
 * header and a footer, a title page, the contents with links to numbered
 * headings, tables with a caption and scoped header cells, and every chart
 * as inline SVG (role="img" with <title> and <desc>) followed by its figures
 * in a table under <details>, so nothing is only in a picture. All text is
 * escaped; a link goes out only to http(s) or mailto.
 */
#include "report/doc.h"
#include "report/doc_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define CHART_WIDTH 480.0 /* points: the SVG's viewBox, the PDF's column */

static const char css[] =
    "*{box-sizing:border-box}"
    "html{background:#fff;color:#1a1a1a}"
    "body{margin:0;font:16px/1.55 'DejaVu Serif',Georgia,serif}"
    "main{max-width:46rem;margin:0 auto;padding:0 1.25rem 2rem}"
    "h1,h2,h3,h4,table,figcaption,nav,.bar,.titlepage p{"
    "font-family:'DejaVu Sans',Verdana,sans-serif}"
    "h1,h2,h3,h4{color:#154273;line-height:1.25}"
    "h2{font-size:1.45rem;margin:2.2rem 0 .6rem;border-bottom:2px solid #154273;"
    "padding-bottom:.2rem}"
    "h3{font-size:1.2rem;margin:1.6rem 0 .4rem}h4{font-size:1.05rem;margin:1.2rem 0 .3rem}"
    ".bar{background:#154273;color:#fff;font-size:.85rem;padding:.45rem 1.25rem;"
    "display:flex;justify-content:space-between;gap:1rem;flex-wrap:wrap}"
    ".bar p{margin:0}"
    ".titlepage{border-left:.5rem solid #154273;padding:3rem 0 3rem 1.5rem;margin:2rem 0}"
    ".titlepage h1{font-size:2.1rem;margin:0 0 .75rem}"
    ".titlepage p{margin:.3rem 0;color:#333}.titlepage .subtitle{font-size:1.25rem}"
    "nav ol{list-style:none;padding-left:0}nav .l2{padding-left:1.5rem}nav .l3{padding-left:3rem}"
    "nav li{margin:.2rem 0}nav .num{display:inline-block;min-width:3rem}"
    "a{color:#154273}a:focus{outline:3px solid #e17000;outline-offset:2px}"
    ".scroll{overflow-x:auto;margin:1rem 0}"
    ".scroll:focus{outline:3px solid #e17000}"
    "table{border-collapse:collapse;font-size:.9rem;min-width:60%}"
    "caption{text-align:left;font-weight:bold;padding:.3rem 0;color:#1a1a1a}"
    "th,td{padding:.3rem .6rem;border-bottom:1px solid #b4b4b4;vertical-align:top}"
    "thead th{border-bottom:2px solid #154273;text-align:left;background:#eef2f7}"
    "tbody th{text-align:left;font-weight:normal}"
    ".n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
    ".note{font-size:.875rem;color:#404040;margin:.3rem 0 1rem}"
    "figure{margin:1.5rem 0}figcaption{font-weight:bold;margin:.4rem 0}"
    "svg{width:100%;height:auto;max-width:40rem;display:block}"
    "svg text{font-family:'DejaVu Sans',Verdana,sans-serif}"
    "details{margin:.4rem 0}summary{cursor:pointer;color:#154273}"
    ".num{font-weight:bold}"
    "h1,h2,h3,h4,p,li,figcaption{overflow-wrap:break-word;hyphens:auto}"
    "@media (max-width:30rem){.titlepage{padding:1.5rem 0 1.5rem 1rem}"
    ".titlepage h1{font-size:1.6rem}main{padding:0 .75rem 2rem}}"
    "@media print{.bar{background:none;color:#1a1a1a;border-bottom:1px solid #1a1a1a}"
    "a{color:inherit}h2{break-after:avoid}figure,table{break-inside:avoid}}"
    "@page{size:A4;margin:2cm}";

/* Text for element content and attribute values alike. */
static void esc_n(struct strbuf *out, const char *s, size_t len)
{
    const char *end = s + len;
    for (; s < end; s++) {
        switch (*s) {
        case '&':
            strbuf_puts(out, "&amp;");
            break;
        case '<':
            strbuf_puts(out, "&lt;");
            break;
        case '>':
            strbuf_puts(out, "&gt;");
            break;
        case '"':
            strbuf_puts(out, "&quot;");
            break;
        case '\'':
            strbuf_puts(out, "&#39;");
            break;
        case '\r':
            break;
        default:
            strbuf_putc(out, *s);
        }
    }
}

static void esc(struct strbuf *out, const char *s)
{
    esc_n(out, s, strlen(s));
}

static int html_paragraph(void *ctx, const char *p, size_t len)
{
    struct strbuf *out = ctx;
    strbuf_puts(out, "<p>");
    esc_n(out, p, len);
    strbuf_puts(out, "</p>\n");
    return 0;
}

/* Only links a reader can follow without surprise; anything else (a
 * javascript: URL above all) is shown as text. */
static int safe_url(const char *url)
{
    return strncmp(url, "https://", 8) == 0 || strncmp(url, "http://", 7) == 0 ||
           strncmp(url, "mailto:", 7) == 0 || url[0] == '#';
}

static void bar(struct strbuf *out, const struct doc *d, const struct doc_words *w, const char *tag)
{
    strbuf_printf(out, "<%s class=\"bar\"><p>", tag);
    esc(out, d->marking);
    strbuf_printf(out, "</p><p>%s: ", w->date);
    esc(out, d->date);
    strbuf_printf(out, "</p></%s>\n", tag);
}

/* The contents as one list, indented by level with CSS (a flat list reads
 * the same to a screen reader and never nests wrongly when a level is
 * skipped). */
static void contents(struct strbuf *out, const struct doc *d, const struct doc_words *w)
{
    struct doc_numbering n = {{0, 0, 0}, 0, 0};
    size_t i;
    char number[32];

    strbuf_printf(out, "<nav aria-labelledby=\"toc\">\n<h2 id=\"toc\">%s</h2>\n<ol>\n",
                  w->contents);
    for (i = 0; i < d->nblocks; i++) {
        const struct doc_block *b = &d->blocks[i];
        if (b->kind != DOC_HEADING)
            continue;
        doc_number_heading(&n, b->level, number, sizeof(number));
        strbuf_printf(out, "<li class=\"l%d\"><a href=\"#h%s\"><span class=\"num\">%s</span> ",
                      b->level, number, number);
        esc(out, b->text);
        strbuf_puts(out, "</a></li>\n");
    }
    strbuf_puts(out, "</ol>\n</nav>\n");
}

/* A table in a scroll region a keyboard can reach (wide tables on a phone). */
static void table_open(struct strbuf *out, const char *word, int number, const char *caption)
{
    strbuf_printf(out,
                  "<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-label=\"%s %d\">\n"
                  "<table>\n<caption><span class=\"num\">%s %d.</span> ",
                  word, number, word, number);
    esc(out, caption ? caption : "");
    strbuf_puts(out, "</caption>\n");
}

static void table(struct strbuf *out, const struct doc_table *t, int number,
                  const struct doc_words *w)
{
    size_t r, k;
    table_open(out, w->table, number, t->caption);
    strbuf_puts(out, "<thead><tr>");
    for (k = 0; k < t->ncols; k++) {
        strbuf_printf(out, "<th scope=\"col\"%s>", t->numeric[k] ? " class=\"n\"" : "");
        esc(out, t->head[k]);
        strbuf_puts(out, "</th>");
    }
    strbuf_puts(out, "</tr></thead>\n<tbody>\n");
    for (r = 0; r < t->nrows; r++) {
        strbuf_puts(out, "<tr>");
        for (k = 0; k < t->ncols; k++) {
            /* the first column names the row unless it holds figures */
            int row_head = k == 0 && !t->numeric[0];
            strbuf_printf(out, "<%s%s%s>", row_head ? "th" : "td", row_head ? " scope=\"row\"" : "",
                          t->numeric[k] ? " class=\"n\"" : "");
            esc(out, t->cells[r * t->ncols + k]);
            strbuf_printf(out, "</%s>", row_head ? "th" : "td");
        }
        strbuf_puts(out, "</tr>\n");
    }
    strbuf_puts(out, "</tbody>\n</table>\n</div>\n");
    if (t->note) {
        strbuf_puts(out, "<p class=\"note\">");
        esc(out, t->note);
        strbuf_puts(out, "</p>\n");
    }
}

/* The figures of a chart as a table, the same shape as in Markdown. */
static void chart_table(struct strbuf *out, const struct doc_chart *c, int number,
                        const struct doc_words *w)
{
    int grid = c->kind == DOC_CHART_GRID;
    size_t nrows = grid ? c->nseries : c->ncategories;
    size_t ncols = grid ? c->ncategories : c->nseries;
    const char *corner = grid ? c->y_label : c->x_label;
    size_t r, k;
    char value[64];

    table_open(out, w->figure, number, c->title);
    strbuf_puts(out, "<thead><tr><th scope=\"col\">");
    esc(out, corner ? corner : w->series);
    strbuf_puts(out, "</th>");
    for (k = 0; k < ncols; k++) {
        strbuf_puts(out, "<th scope=\"col\" class=\"n\">");
        esc(out, grid ? c->categories[k] : c->series[k].name);
        strbuf_puts(out, "</th>");
    }
    strbuf_puts(out, "</tr></thead>\n<tbody>\n");
    for (r = 0; r < nrows; r++) {
        strbuf_puts(out, "<tr><th scope=\"row\">");
        esc(out, grid ? c->series[r].name : c->categories[r]);
        strbuf_puts(out, "</th>");
        for (k = 0; k < ncols; k++) {
            doc_value_format(w, grid ? c->series[r].values[k] : c->series[k].values[r], value,
                             sizeof(value));
            strbuf_printf(out, "<td class=\"n\">%s</td>", value);
        }
        strbuf_puts(out, "</tr>\n");
    }
    strbuf_puts(out, "</tbody>\n</table>\n</div>\n");
}

static void svg_prim(struct strbuf *out, const struct doc_prim *p)
{
    static const char *const anchors[] = {"start", "middle", "end"};
    switch (p->kind) {
    case DOC_PRIM_RECT:
        strbuf_printf(out,
                      "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"#%06x\"",
                      p->x, p->y, p->x2, p->y2, (unsigned)p->fill);
        if (p->has_stroke)
            strbuf_printf(out, " stroke=\"#%06x\" stroke-width=\"%.2f\"", (unsigned)p->stroke,
                          p->line_width);
        strbuf_puts(out, "/>\n");
        break;
    case DOC_PRIM_LINE:
        strbuf_printf(out,
                      "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"#%06x\" "
                      "stroke-width=\"%.2f\"/>\n",
                      p->x, p->y, p->x2, p->y2, (unsigned)p->stroke, p->line_width);
        break;
    case DOC_PRIM_DOT:
        strbuf_printf(out, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"%.2f\" fill=\"#%06x\"/>\n", p->x,
                      p->y, p->x2, (unsigned)p->fill);
        break;
    case DOC_PRIM_TEXT:
        strbuf_printf(out, "<text x=\"%.2f\" y=\"%.2f\" font-size=\"%.1f\" fill=\"#%06x\"", p->x,
                      p->y, p->size, (unsigned)p->fill);
        if (p->anchor != DOC_ANCHOR_START)
            strbuf_printf(out, " text-anchor=\"%s\"", anchors[p->anchor]);
        if (p->vertical)
            strbuf_printf(out, " transform=\"rotate(-90 %.2f %.2f)\"", p->x, p->y);
        if (p->bold)
            strbuf_puts(out, " font-weight=\"bold\"");
        strbuf_putc(out, '>');
        esc(out, p->text);
        strbuf_puts(out, "</text>\n");
        break;
    }
}

static int chart(struct strbuf *out, const struct doc_chart *c, int number,
                 const struct doc_words *w, struct error *e)
{
    struct arena a = ARENA_INIT;
    struct doc_chart_layout l;
    size_t i;
    int rc = doc_chart_layout(c, w, CHART_WIDTH, &a, &l);
    if (rc) {
        error_set(e, rc, NULL, "%s %d: %s", w->figure, number,
                  rc == ERR_INVALID ? "a chart needs a category and a series"
                                    : "over the memory limit");
        goto cleanup;
    }
    strbuf_printf(out, "<figure id=\"fig%d\">\n<figcaption><span class=\"num\">%s %d.</span> ",
                  number, w->figure, number);
    esc(out, c->title ? c->title : "");
    strbuf_puts(out, "</figcaption>\n");
    strbuf_printf(out,
                  "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                  "viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-labelledby=\"fig%d-t\"",
                  l.width, ceil(l.height), number);
    if (c->description)
        strbuf_printf(out, " aria-describedby=\"fig%d-d\"", number);
    strbuf_printf(out, ">\n<title id=\"fig%d-t\">%s %d. ", number, w->figure, number);
    esc(out, c->title ? c->title : "");
    strbuf_puts(out, "</title>\n");
    if (c->description) {
        strbuf_printf(out, "<desc id=\"fig%d-d\">", number);
        esc(out, c->description);
        strbuf_puts(out, "</desc>\n");
    }
    for (i = 0; i < l.nprims; i++)
        svg_prim(out, &l.prims[i]);
    strbuf_puts(out, "</svg>\n");
    if (l.has_gap) {
        strbuf_puts(out, "<p class=\"note\">");
        esc(out, w->no_value);
        strbuf_puts(out, "</p>\n");
    }
    strbuf_printf(out, "<details><summary>%s %d</summary>\n", w->figures_of, number);
    chart_table(out, c, number, w);
    strbuf_puts(out, "</details>\n</figure>\n");
cleanup:
    arena_release(&a);
    return rc;
}

int doc_render_html(const struct doc *d, struct strbuf *out, struct error *e)
{
    const struct doc_words *w = doc_words_for(d->lang);
    struct doc_numbering num = {{0, 0, 0}, 0, 0};
    size_t i, k;
    char number[32];
    int rc;

    if ((rc = doc_check(d, e)) != 0)
        return rc;
    strbuf_puts(out, "<!DOCTYPE html>\n<html lang=\"");
    esc(out, d->lang);
    strbuf_puts(out,
                "\">\n<head>\n<meta charset=\"utf-8\">\n"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                "<meta name=\"generator\" content=\"vitaal\">\n<meta name=\"date\" content=\"");
    esc(out, d->date);
    strbuf_puts(out, "\">\n");
    if (d->author) {
        strbuf_puts(out, "<meta name=\"author\" content=\"");
        esc(out, d->author);
        strbuf_puts(out, "\">\n");
    }
    strbuf_puts(out, "<title>");
    esc(out, d->title);
    strbuf_printf(out, "</title>\n<style>%s</style>\n</head>\n<body>\n", css);
    bar(out, d, w, "header");
    strbuf_puts(out, "<main>\n<section class=\"titlepage\" aria-labelledby=\"title\">\n"
                     "<h1 id=\"title\">");
    esc(out, d->title);
    strbuf_puts(out, "</h1>\n");
    if (d->subtitle && *d->subtitle) {
        strbuf_puts(out, "<p class=\"subtitle\">");
        esc(out, d->subtitle);
        strbuf_puts(out, "</p>\n");
    }
    strbuf_printf(out, "<p>%s: ", w->date);
    esc(out, d->date);
    strbuf_puts(out, "</p>\n<p>");
    esc(out, d->marking);
    strbuf_puts(out, "</p>\n</section>\n");
    contents(out, d, w);

    for (i = 0; i < d->nblocks; i++) {
        const struct doc_block *b = &d->blocks[i];
        switch (b->kind) {
        case DOC_HEADING:
            doc_number_heading(&num, b->level, number, sizeof(number));
            strbuf_printf(out, "<h%d id=\"h%s\"><span class=\"num\">%s</span> ", b->level + 1,
                          number, number);
            esc(out, b->text);
            strbuf_printf(out, "</h%d>\n", b->level + 1);
            break;
        case DOC_PARAGRAPH:
            doc_each_paragraph(b->text, html_paragraph, out);
            break;
        case DOC_LIST:
            strbuf_puts(out, "<ul>\n");
            for (k = 0; k < b->nitems; k++) {
                strbuf_puts(out, "<li>");
                esc(out, b->items[k]);
                strbuf_puts(out, "</li>\n");
            }
            strbuf_puts(out, "</ul>\n");
            break;
        case DOC_LINK:
            if (safe_url(b->url)) {
                strbuf_puts(out, "<p><a href=\"");
                esc(out, b->url);
                strbuf_puts(out, "\">");
                esc(out, b->text);
                strbuf_puts(out, "</a></p>\n");
            } else {
                strbuf_puts(out, "<p>");
                esc(out, b->text);
                strbuf_puts(out, ": ");
                esc(out, b->url);
                strbuf_puts(out, "</p>\n");
            }
            break;
        case DOC_TABLE:
            table(out, b->table, ++num.tables, w);
            break;
        case DOC_CHART:
            if ((rc = chart(out, b->chart, ++num.figures, w, e)) != 0)
                return rc;
            break;
        case DOC_PAGE_BREAK:
            break;
        }
    }
    strbuf_puts(out, "</main>\n");
    bar(out, d, w, "footer");
    strbuf_puts(out, "</body>\n</html>\n");
    (void)e;
    return 0;
}
