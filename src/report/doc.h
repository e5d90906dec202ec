/*
 * doc.h — a report as a tree of blocks, built once and rendered three ways:
 * PDF through cairo and pango (doc_pdf.c), one standalone HTML file with
 * inline SVG charts and no script (doc_html.c), and Markdown for editing
 * into a letter (doc_md.c). The yearly report and the per-process report
 * build a struct doc; the renderers own all layout, so a report says what
 * is on the page and never where.
 *
 * The tree holds only what the report put in it: a renderer adds nothing of
 * its own but the title page, the table of contents, page numbers, the
 * marking line (doc->marking) and the date on every page, and a chart's own
 * figures as a table (HTML: under <details>; Markdown: instead of the
 * picture). Disclosure control is the report's job before the text reaches
 * the tree.
 *
 * Determinism: the same tree renders to the same bytes. Nothing reads the
 * clock; the PDF's creation date is doc->date.
 *
 * Memory: every string and array of the tree is copied into the arena the
 * doc was initialised with and lives as long as it.
 */
#ifndef VITAAL_REPORT_DOC_H
#define VITAAL_REPORT_DOC_H

#include "base/arena.h"
#include "base/error.h"
#include "base/strbuf.h"

#include <stddef.h>

enum doc_format { DOC_FORMAT_PDF, DOC_FORMAT_HTML, DOC_FORMAT_MD };

/* "pdf", "html", "md" (also "markdown") into *out; ERR_INVALID otherwise. */
int doc_format_parse(const char *name, enum doc_format *out);
/* The media type ("application/pdf", "text/html; charset=utf-8",
 * "text/markdown; charset=utf-8") and the file extension ("pdf", ...). */
const char *doc_format_media_type(enum doc_format f);
const char *doc_format_extension(enum doc_format f);

enum doc_block_kind {
    DOC_HEADING,   /* level 1..3; numbered "1", "1.2", ... and listed in the contents */
    DOC_PARAGRAPH, /* plain text; an empty line in it starts a new paragraph */
    DOC_LIST,      /* bulleted items */
    DOC_LINK,      /* a paragraph that is a link: text and url */
    DOC_TABLE,
    DOC_CHART,
    DOC_PAGE_BREAK /* PDF: next page; HTML and Markdown: nothing */
};

struct doc_table {
    const char *caption; /* "Tabel 3. ..." is numbered by the renderer: give the words */
    size_t ncols;
    const char **head;      /* ncols */
    unsigned char *numeric; /* ncols flags: 1 = right-aligned figures */
    size_t nrows;
    const char **cells; /* nrows * ncols, row by row; never NULL (the report writes "–") */
    const char *note;   /* below the table (e.g. what a suppressed cell means); may be NULL */
    size_t cap_rows;
    struct arena *arena;
};

enum doc_chart_kind {
    DOC_CHART_BAR,     /* grouped bars: one group per category, one bar per series */
    DOC_CHART_STACKED, /* stacked bars: one bar per category, series stacked */
    DOC_CHART_LINE,    /* one line per series over the categories (years) */
    DOC_CHART_GRID     /* the risk diagram: series are rows (top first), categories columns,
                          each value written in its cell, shaded by value */
};

/* DOC_CHART_NO_VALUE in values: nothing shown (suppressed or not known); the
 * renderers draw no bar or point there and mark the gap in the legend note. */
#define DOC_CHART_NO_VALUE (-1.0)

struct doc_series {
    const char *name;
    double *values; /* one per category; >= 0, or DOC_CHART_NO_VALUE */
};

struct doc_chart {
    enum doc_chart_kind kind;
    const char *title;       /* "Figuur 2. ..." is numbered by the renderer: give the words */
    const char *x_label;     /* may be NULL */
    const char *y_label;     /* may be NULL */
    const char *description; /* text alternative: the SVG's <desc> (cairo 1.16 cannot give a
                                PDF figure alternative text); may be NULL */
    size_t ncategories;
    const char **categories;
    size_t nseries;
    struct doc_series *series;
    size_t cap_series;
    struct arena *arena;
};

struct doc_block {
    enum doc_block_kind kind;
    int level;        /* DOC_HEADING */
    const char *text; /* DOC_HEADING, DOC_PARAGRAPH, DOC_LINK */
    const char *url;  /* DOC_LINK */
    size_t nitems;    /* DOC_LIST */
    const char **items;
    struct doc_table *table; /* DOC_TABLE */
    struct doc_chart *chart; /* DOC_CHART */
};

struct doc {
    struct arena *arena;
    const char *lang;     /* "nl" or "en": the renderers' own words (contents, page, table) */
    const char *title;    /* title page and HTML <title> */
    const char *subtitle; /* may be NULL */
    const char *date;     /* YYYY-MM-DD: shown on every page; the PDF's creation date */
    const char *marking;  /* on every page, header and footer: classification or
                             "Geaggregeerd, bevat geen vertrouwelijke informatie" */
    const char *author;   /* PDF metadata and HTML meta; may be NULL */
    size_t nblocks;
    struct doc_block *blocks;
    size_t cap_blocks;
};

/* Sets up an empty document; strings are copied. Returns 0 or ERR_TOO_LARGE
 * (the arena over its limit, base/arena.h). */
int doc_init(struct doc *d, struct arena *a, const char *lang, const char *title,
             const char *subtitle, const char *date, const char *marking);

/* The author for the PDF's metadata and the HTML's meta (copied); NULL clears. */
int doc_set_author(struct doc *d, const char *author);

/* Each adds a block at the end; text is copied. Return 0 or ERR_TOO_LARGE
 * (ERR_INVALID for a level outside 1..3). */
int doc_heading(struct doc *d, int level, const char *text);
int doc_paragraph(struct doc *d, const char *text);
int doc_paragraphf(struct doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int doc_list(struct doc *d, size_t nitems, const char *const *items);
int doc_link(struct doc *d, const char *text, const char *url);
int doc_page_break(struct doc *d);

/* A table with ncols columns headed by head; rows are added with
 * doc_table_row (cells copied). numeric marks right-aligned columns (NULL:
 * none). *out belongs to the doc. */
int doc_table_add(struct doc *d, const char *caption, size_t ncols, const char *const *head,
                  const unsigned char *numeric, struct doc_table **out);
int doc_table_row(struct doc_table *t, const char *const *cells);
int doc_table_note(struct doc_table *t, const char *note);

/* A chart over ncategories categories; series are added with
 * doc_chart_series (name and values copied; values has ncategories
 * entries, each >= 0 or DOC_CHART_NO_VALUE, else ERR_INVALID). *out belongs
 * to the doc. */
int doc_chart_add(struct doc *d, enum doc_chart_kind kind, const char *title, size_t ncategories,
                  const char *const *categories, struct doc_chart **out);
int doc_chart_series(struct doc_chart *c, const char *name, const double *values);
/* The axis labels and the text alternative (each copied, each may be NULL). */
int doc_chart_labels(struct doc_chart *c, const char *x_label, const char *y_label,
                     const char *description);

/* Render the whole document, appending to out. Return 0, or ERR_TOO_LARGE, or
 * ERR_INTERNAL (cairo or pango failed) with a message in e. */
int doc_render_pdf(const struct doc *d, struct strbuf *out, struct error *e);
int doc_render_html(const struct doc *d, struct strbuf *out, struct error *e);
int doc_render_md(const struct doc *d, struct strbuf *out, struct error *e);
int doc_render(const struct doc *d, enum doc_format f, struct strbuf *out, struct error *e);

#endif
