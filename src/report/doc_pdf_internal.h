/*
 * doc_pdf_internal.h — private to the PDF renderer's two files: doc_pdf.c
 * (the two passes, pages with their header and footer, title page,
 * contents, headings, text) and doc_pdf_blocks.c (tables that break across
 * pages with their header row repeated, and charts drawn from the shared
 * layout of doc_chart.c). The page is A4 in points, y down from the top.
 */
#ifndef VITAAL_REPORT_DOC_PDF_INTERNAL_H
#define VITAAL_REPORT_DOC_PDF_INTERNAL_H

#include "report/doc_internal.h"

#include <cairo.h>
#include <pango/pangocairo.h>

#define PDF_PAGE_W 595.276
#define PDF_PAGE_H 841.890
#define PDF_MARGIN 70.866 /* 25 mm left and right */
#define PDF_TOP    82.0   /* the body starts under the header */
#define PDF_BOTTOM (PDF_PAGE_H - 78.0)
#define PDF_COLUMN (PDF_PAGE_W - 2 * PDF_MARGIN)
#define PDF_SANS   "DejaVu Sans"
#define PDF_SERIF  "DejaVu Serif"
#define PDF_INK    0x1a1a1aU
#define PDF_BLUE   0x154273U
#define PDF_MUTED  0x404040U

struct pdf {
    const struct doc *d;
    const struct doc_words *w;
    cairo_surface_t *surface;
    cairo_t *cr;
    PangoFontMap *fontmap;
    PangoContext *pango;
    int pass;              /* 1: learn the pages; 2: the real thing */
    int page;              /* the page being drawn, from 1; 0 before the first */
    int total;             /* pass 2: the number of pages pass 1 counted */
    double y;              /* where the next block starts on the page */
    int *heading_page;     /* per heading in order: its page (pass 1 writes, pass 2 reads) */
    size_t nheadings;      /* headings seen so far in this pass */
    int outline[4];        /* pass 2: the outline item of the last heading per level */
    const char *structure; /* the structure tag now open ("P", "Table", ...), or NULL */
};

/* Sets the source colour from 0xRRGGBB. */
void pdf_color(struct pdf *p, uint32_t rgb);

/* A layout of text in family at size points, wrapped at width (<= 0: one
 * line), in the document's language. Free with g_object_unref. */
PangoLayout *pdf_layout(struct pdf *p, const char *family, double size, int bold, int italic,
                        double width, const char *text);

/* Its size in points. */
void pdf_layout_size(PangoLayout *l, double *width, double *height);

/* Draws a layout with its top left at (x, y) on the current page. */
void pdf_show(struct pdf *p, PangoLayout *l, double x, double y, uint32_t rgb);

/* Starts a new page (ending the current one): header and footer drawn, the
 * cursor at the top of the body. */
void pdf_new_page(struct pdf *p);

/* Opens and closes a structure element of the tagged PDF (one at a time
 * through these; pdf_new_page closes it and opens it again on the next page
 * so the header and footer stay outside). */
void pdf_struct_begin(struct pdf *p, const char *tag);
void pdf_struct_end(struct pdf *p);

/* Makes sure height points fit on this page below the cursor; a new page
 * otherwise. */
void pdf_ensure(struct pdf *p, double height);

/* The height a table or chart (block b, numbered number) needs at the foot
 * of a page to start there, so a heading can keep it company; 0 for other
 * blocks. */
double pdf_block_start(struct pdf *p, const struct doc_block *b, int number);

/* Blocks of doc_pdf_blocks.c. Return 0 or ERR_TOO_LARGE. */
int pdf_table(struct pdf *p, const struct doc_table *t, int number);
int pdf_chart(struct pdf *p, const struct doc_chart *c, int number);

#endif
