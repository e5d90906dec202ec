/*
 * doc_md.c — a document as Markdown (CommonMark with pipe tables), for
 * editing into a letter: the title, the date and the marking at the top, the
 * marking again at the end, numbered headings, paragraphs, lists, links,
 * tables (numeric columns right-aligned) and every chart as its data table
 * under its title. Text is escaped so that nothing in it turns into markup.
 */
#include "report/doc.h"
#include "report/doc_internal.h"

#include <stdio.h>
#include <string.h>

/* Writes text inline: newlines become spaces, markup characters get a
 * backslash, and at the start of a line what would open a heading, a list
 * or a quote is escaped too. */
static void md_text(struct strbuf *out, const char *s, size_t len)
{
    size_t i = 0;
    if (len && (s[0] == '#' || s[0] == '>' ||
                (strchr("+-=", s[0]) && (len == 1 || s[1] == ' ' || s[1] == s[0])))) {
        strbuf_putc(out, '\\');
    } else {
        /* "1. " or "1) " at the start would open an ordered list */
        while (i < len && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i > 0 && i < len && (s[i] == '.' || s[i] == ')') && (i + 1 == len || s[i + 1] == ' ')) {
            strbuf_append(out, s, i);
            strbuf_putc(out, '\\');
            s += i;
            len -= i;
        }
    }
    for (i = 0; i < len; i++) {
        char c = s[i];
        if (c == '\r')
            continue;
        if (c == '\n' || c == '\t') {
            strbuf_putc(out, ' ');
            continue;
        }
        if (strchr("\\`*_[]<>|&!~", c))
            strbuf_putc(out, '\\');
        strbuf_putc(out, c);
    }
}

static void md_puts(struct strbuf *out, const char *s)
{
    md_text(out, s, strlen(s));
}

static int md_paragraph(void *ctx, const char *p, size_t len)
{
    struct strbuf *out = ctx;
    md_text(out, p, len);
    strbuf_puts(out, "\n\n");
    return 0;
}

/* A URL between angle brackets, so spaces and parentheses need no escape;
 * the brackets themselves and line breaks cannot occur in it. */
static void md_url(struct strbuf *out, const char *url)
{
    const char *s;
    strbuf_putc(out, '<');
    for (s = url; *s; s++) {
        if (*s == '<' || *s == '>' || *s == '\n' || *s == '\r')
            strbuf_printf(out, "%%%02X", (unsigned char)*s);
        else if (*s == '\\')
            strbuf_puts(out, "\\\\");
        else
            strbuf_putc(out, *s);
    }
    strbuf_putc(out, '>');
}

static void md_row(struct strbuf *out, size_t n, const char *const *cells)
{
    size_t i;
    strbuf_putc(out, '|');
    for (i = 0; i < n; i++) {
        strbuf_putc(out, ' ');
        md_puts(out, cells[i]);
        strbuf_puts(out, " |");
    }
    strbuf_putc(out, '\n');
}

static void md_rule(struct strbuf *out, size_t n, const unsigned char *numeric)
{
    size_t i;
    strbuf_putc(out, '|');
    for (i = 0; i < n; i++)
        strbuf_puts(out, numeric && numeric[i] ? " ---: |" : " :--- |");
    strbuf_putc(out, '\n');
}

static void md_caption(struct strbuf *out, const char *word, int number, const char *text)
{
    strbuf_printf(out, "**%s %d.** ", word, number);
    md_puts(out, text ? text : "");
    strbuf_puts(out, "\n\n");
}

static void md_table(struct strbuf *out, const struct doc_table *t, int number,
                     const struct doc_words *w)
{
    size_t r;
    md_caption(out, w->table, number, t->caption);
    md_row(out, t->ncols, t->head);
    md_rule(out, t->ncols, t->numeric);
    for (r = 0; r < t->nrows; r++)
        md_row(out, t->ncols, t->cells + r * t->ncols);
    strbuf_putc(out, '\n');
    if (t->note) {
        strbuf_putc(out, '*');
        md_puts(out, t->note);
        strbuf_puts(out, "*\n\n");
    }
}

/* A chart's figures as a table: a row per category and a column per series,
 * or for the risk diagram the diagram itself (series are its rows). */
static void md_chart(struct strbuf *out, const struct doc_chart *c, int number,
                     const struct doc_words *w)
{
    int grid = c->kind == DOC_CHART_GRID;
    size_t nrows = grid ? c->nseries : c->ncategories;
    size_t ncols = grid ? c->ncategories : c->nseries;
    size_t r, k;
    char value[64];

    md_caption(out, w->figure, number, c->title);
    if (c->description)
        doc_each_paragraph(c->description, md_paragraph, out);
    strbuf_puts(out, "| ");
    md_puts(out, (grid ? c->y_label : c->x_label) ? (grid ? c->y_label : c->x_label) : "");
    strbuf_puts(out, " |");
    for (k = 0; k < ncols; k++) {
        strbuf_putc(out, ' ');
        md_puts(out, grid ? c->categories[k] : c->series[k].name);
        strbuf_puts(out, " |");
    }
    strbuf_puts(out, "\n| :--- |");
    for (k = 0; k < ncols; k++)
        strbuf_puts(out, " ---: |");
    strbuf_putc(out, '\n');
    for (r = 0; r < nrows; r++) {
        strbuf_puts(out, "| ");
        md_puts(out, grid ? c->series[r].name : c->categories[r]);
        strbuf_puts(out, " |");
        for (k = 0; k < ncols; k++) {
            double v = grid ? c->series[r].values[k] : c->series[k].values[r];
            doc_value_format(w, v, value, sizeof(value));
            strbuf_printf(out, " %s |", value);
        }
        strbuf_putc(out, '\n');
    }
    strbuf_putc(out, '\n');
    if (doc_chart_has_gap(c)) {
        strbuf_putc(out, '*');
        md_puts(out, w->no_value);
        strbuf_puts(out, "*\n\n");
    }
}

int doc_render_md(const struct doc *d, struct strbuf *out, struct error *e)
{
    const struct doc_words *w = doc_words_for(d->lang);
    struct doc_numbering num = {{0, 0, 0}, 0, 0};
    size_t i, k;
    char number[32];

    int rc = doc_check(d, e);
    if (rc)
        return rc;
    strbuf_puts(out, "# ");
    md_puts(out, d->title);
    strbuf_puts(out, "\n\n");
    if (d->subtitle && *d->subtitle)
        doc_each_paragraph(d->subtitle, md_paragraph, out);
    strbuf_printf(out, "%s: ", w->date);
    md_puts(out, d->date);
    strbuf_puts(out, "\n\n");
    if (*d->marking) {
        strbuf_puts(out, "**");
        md_puts(out, d->marking);
        strbuf_puts(out, "**\n\n");
    }

    for (i = 0; i < d->nblocks; i++) {
        const struct doc_block *b = &d->blocks[i];
        switch (b->kind) {
        case DOC_HEADING:
            doc_number_heading(&num, b->level, number, sizeof(number));
            strbuf_printf(out, "%.*s %s ", b->level + 1, "####", number);
            md_puts(out, b->text);
            strbuf_puts(out, "\n\n");
            break;
        case DOC_PARAGRAPH:
            doc_each_paragraph(b->text, md_paragraph, out);
            break;
        case DOC_LIST:
            for (k = 0; k < b->nitems; k++) {
                strbuf_puts(out, "- ");
                md_puts(out, b->items[k]);
                strbuf_putc(out, '\n');
            }
            strbuf_putc(out, '\n');
            break;
        case DOC_LINK:
            strbuf_putc(out, '[');
            md_puts(out, b->text);
            strbuf_puts(out, "](");
            md_url(out, b->url);
            strbuf_puts(out, ")\n\n");
            break;
        case DOC_TABLE:
            md_table(out, b->table, ++num.tables, w);
            break;
        case DOC_CHART:
            md_chart(out, b->chart, ++num.figures, w);
            break;
        case DOC_PAGE_BREAK:
            break;
        }
    }
    if (*d->marking) {
        strbuf_puts(out, "---\n\n**");
        md_puts(out, d->marking);
        strbuf_puts(out, "**\n");
    }
    (void)e;
    return 0;
}
