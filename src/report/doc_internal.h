/*
 * doc_internal.h — private to the document renderers (doc*.c): the
 * renderers' own words in each language, the numbering of headings, tables
 * and figures they all share, figures written the Dutch or English way, and
 * the chart layout that the SVG (doc_html.c) and the PDF (doc_pdf.c) both
 * draw, so a chart looks the same in both. Nothing outside src/report/doc*.c
 * includes it.
 */
#ifndef VITAAL_REPORT_DOC_INTERNAL_H
#define VITAAL_REPORT_DOC_INTERNAL_H

#include "report/doc.h"

#include <stdint.h>

/* The few words a renderer writes itself. */
struct doc_words {
    const char *contents;    /* "Inhoud" */
    const char *table;       /* "Tabel" */
    const char *figure;      /* "Figuur" */
    const char *page_of;     /* "pagina %d van %d" */
    const char *no_value;    /* the legend note under a chart with a gap */
    const char *date;        /* "Datum" */
    const char *continued;   /* "(vervolg)": a table's caption on its next page */
    const char *figures_of;  /* "De cijfers van figuur": the data table under a chart */
    const char *series;      /* first column of a chart's data table when x_label is NULL */
    const char *decimal_sep; /* "," */
    const char *group_sep;   /* "." */
};

/* The words for doc->lang ("en" gives English, anything else Dutch). */
const struct doc_words *doc_words_for(const char *lang);

/* Counters walked through the blocks in order, the same way by every
 * renderer, so "Tabel 3" and "2.1" mean the same in all formats. */
struct doc_numbering {
    int heading[3];
    int tables;
    int figures;
};

/* Advances the heading counters for a heading of level (1..3) and writes
 * its number ("2", "2.1", "2.1.3") into buf. */
void doc_number_heading(struct doc_numbering *n, int level, char *buf, size_t size);

/* A chart value as the report's language writes it: whole numbers with
 * group separators ("12.345"), others with one decimal ("2,5"); the dash
 * "–" for DOC_CHART_NO_VALUE. */
void doc_value_format(const struct doc_words *w, double v, char *buf, size_t size);

/* Splits text at empty lines: calls fn for each non-empty paragraph with its
 * start and length (leading and trailing white space trimmed). Returns the
 * first non-zero fn result, or 0. */
int doc_each_paragraph(const char *text, int (*fn)(void *ctx, const char *p, size_t len),
                       void *ctx);

/* What a renderer needs of the tree that building it does not ensure: every
 * chart has a series. ERR_INVALID with the figure named in e otherwise. */
int doc_check(const struct doc *d, struct error *e);

/* Whether a chart has any DOC_CHART_NO_VALUE. */
int doc_chart_has_gap(const struct doc_chart *c);

/* --- chart layout (doc_chart.c) -------------------------------------------
 * A chart laid out as drawing primitives in points (1/72 inch), origin top
 * left, y down. Text widths are estimated (not measured), so SVG and PDF
 * place labels identically. */

enum doc_prim_kind { DOC_PRIM_RECT, DOC_PRIM_LINE, DOC_PRIM_TEXT, DOC_PRIM_DOT };
enum doc_anchor { DOC_ANCHOR_START, DOC_ANCHOR_MIDDLE, DOC_ANCHOR_END };

struct doc_prim {
    enum doc_prim_kind kind;
    double x, y;     /* RECT: top left; LINE: start; TEXT: baseline at anchor; DOT: centre */
    double x2, y2;   /* RECT: width and height; LINE: end; DOT: x2 is the radius */
    uint32_t fill;   /* 0xRRGGBB; RECT, DOT, TEXT (the text's colour) */
    uint32_t stroke; /* 0xRRGGBB for LINE and for a RECT's outline */
    int has_stroke;  /* RECT: draw the outline too */
    double line_width;
    int dashed;             /* LINE: grid lines */
    const char *text;       /* TEXT */
    double size;            /* TEXT: font size */
    int bold;               /* TEXT */
    int vertical;           /* TEXT: rotated a quarter turn anticlockwise (the y label) */
    enum doc_anchor anchor; /* TEXT */
};

struct doc_chart_layout {
    double width, height;
    size_t nprims;
    struct doc_prim *prims;
    size_t cap;
    int has_gap; /* a value is DOC_CHART_NO_VALUE: say so under the chart */
};

/* Lays chart c out in a box width points wide (the height follows from the
 * content); the primitives and their strings live in arena a. Returns 0,
 * ERR_TOO_LARGE, or ERR_INVALID for a chart with no category or no series. */
int doc_chart_layout(const struct doc_chart *c, const struct doc_words *w, double width,
                     struct arena *a, struct doc_chart_layout *out);

#endif
