/*
 * doc_pdf_blocks.c — the PDF's tables and charts. A table is as wide as the
 * column: figures keep their natural width, text columns share the rest and
 * wrap; a table that does not fit breaks between rows, and the next page
 * repeats its caption (marked as continued) and its header row. A chart is
 * drawn with cairo from the layout doc_chart.c makes for the SVG too, so
 * both show the same picture: vectors, text in DejaVu Sans.
 */
#include "report/doc_pdf_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define CELL_SIZE  8.5 /* table text */
#define CELL_PAD_X 5.0
#define CELL_PAD_Y 3.2

static void caption(struct pdf *p, const char *word, int number, const char *text, int continued,
                    double *height, int draw)
{
    char *s = g_strdup_printf("%s %d. %s%s%s", word, number, text ? text : "", continued ? " " : "",
                              continued ? p->w->continued : "");
    PangoLayout *l = pdf_layout(p, PDF_SANS, 9, 1, 0, PDF_COLUMN, s);
    pdf_layout_size(l, NULL, height);
    *height += 4;
    if (draw)
        pdf_show(p, l, PDF_MARGIN, p->y, PDF_INK);
    g_object_unref(l);
    g_free(s);
}

/* Shares room among the text columns: when they fit, each widens in
 * proportion; when not, a column narrower than an equal share keeps its
 * natural width and the wide ones (the explanations) split the rest and
 * wrap, so a short label never breaks for a long text beside it. */
static void fit_text_columns(const struct doc_table *t, double *w, double room, double text_sum)
{
    double share;
    size_t k, open = 0, settled;
    unsigned char *fixed;
    if (text_sum <= room) {
        for (k = 0; k < t->ncols; k++)
            if (!t->numeric[k])
                w[k] = w[k] * room / text_sum;
        return;
    }
    fixed = g_new0(unsigned char, t->ncols);
    for (k = 0; k < t->ncols; k++)
        open += !t->numeric[k];
    do {
        settled = 0;
        share = room / (double)open;
        for (k = 0; k < t->ncols; k++) {
            if (t->numeric[k] || fixed[k] || w[k] > share)
                continue;
            fixed[k] = 1;
            room -= w[k];
            open--;
            settled++;
        }
    } while (settled && open);
    for (k = 0; k < t->ncols; k++)
        if (!t->numeric[k] && !fixed[k])
            w[k] = open ? room / (double)open : w[k];
    g_free(fixed);
}

/* The widths of the columns: natural widths, figures kept whole, text
 * columns shrunk to fit or widened to fill the column. */
static void column_widths(struct pdf *p, const struct doc_table *t, double *w)
{
    double sum = 0, text_sum = 0, fixed = 0;
    size_t k, r;
    for (k = 0; k < t->ncols; k++) {
        PangoLayout *l = pdf_layout(p, PDF_SANS, CELL_SIZE, 1, 0, 0, t->head[k]);
        double cw;
        pdf_layout_size(l, &cw, NULL);
        g_object_unref(l);
        w[k] = cw;
        for (r = 0; r < t->nrows; r++) {
            l = pdf_layout(p, PDF_SANS, CELL_SIZE, 0, 0, 0, t->cells[r * t->ncols + k]);
            pdf_layout_size(l, &cw, NULL);
            g_object_unref(l);
            w[k] = cw > w[k] ? cw : w[k];
        }
        w[k] += 2 * CELL_PAD_X + 1;
        sum += w[k];
        if (t->numeric[k])
            fixed += w[k];
        else
            text_sum += w[k];
    }
    if (text_sum == 0) { /* figures only: spread them evenly */
        for (k = 0; k < t->ncols; k++)
            w[k] = sum < PDF_COLUMN ? w[k] + (PDF_COLUMN - sum) / (double)t->ncols
                                    : w[k] * PDF_COLUMN / sum;
        return;
    }
    if (fixed > PDF_COLUMN * 0.7) { /* too many figures: everything shrinks */
        for (k = 0; k < t->ncols; k++)
            w[k] = w[k] * PDF_COLUMN / sum;
        return;
    }
    fit_text_columns(t, w, PDF_COLUMN - fixed, text_sum);
}

/* Lays out (and with draw, draws) one row at the cursor; returns its height. */
static double row(struct pdf *p, const struct doc_table *t, const double *w,
                  const char *const *cells, int head, int draw)
{
    PangoLayout **ls = g_new0(PangoLayout *, t->ncols);
    double h = 0, x = PDF_MARGIN, ch;
    size_t k, n = t->ncols;
    for (k = 0; k < n; k++) {
        ls[k] = pdf_layout(p, PDF_SANS, CELL_SIZE, head, 0, w[k] - 2 * CELL_PAD_X, cells[k]);
        if (t->numeric[k])
            pango_layout_set_alignment(ls[k], PANGO_ALIGN_RIGHT);
        pdf_layout_size(ls[k], NULL, &ch);
        h = ch > h ? ch : h;
    }
    h += 2 * CELL_PAD_Y;
    if (draw) {
        if (head) {
            pdf_color(p, 0xeef2f7U);
            cairo_rectangle(p->cr, PDF_MARGIN, p->y, PDF_COLUMN, h);
            cairo_fill(p->cr);
        }
        for (k = 0; k < n; k++) {
            pdf_show(p, ls[k], x + CELL_PAD_X, p->y + CELL_PAD_Y, PDF_INK);
            x += w[k];
        }
        pdf_color(p, head ? PDF_BLUE : 0xb4b4b4U);
        cairo_set_line_width(p->cr, head ? 1.0 : 0.4);
        cairo_move_to(p->cr, PDF_MARGIN, p->y + h);
        cairo_line_to(p->cr, PDF_MARGIN + PDF_COLUMN, p->y + h);
        cairo_stroke(p->cr);
    }
    for (k = 0; k < n; k++)
        g_object_unref(ls[k]);
    g_free(ls);
    return h;
}

/* Caption and header row at the cursor (on a new page: marked continued). */
static void table_top(struct pdf *p, const struct doc_table *t, const double *w, int number,
                      int continued)
{
    double h;
    caption(p, p->w->table, number, t->caption, continued, &h, 1);
    p->y += h;
    p->y += row(p, t, w, t->head, 1, 1);
}

/* What must fit for a table to start on this page: the caption and the
 * header row never stand alone, up to three rows go with them. */
static double table_start(struct pdf *p, const struct doc_table *t, const double *w, int number)
{
    double cap_h, h;
    size_t r, keep = t->nrows < 3 ? t->nrows : 3;
    caption(p, p->w->table, number, t->caption, 0, &cap_h, 0);
    h = cap_h + row(p, t, w, t->head, 1, 0);
    for (r = 0; r < keep; r++)
        h += row(p, t, w, t->cells + r * t->ncols, 0, 0);
    return h;
}

double pdf_block_start(struct pdf *p, const struct doc_block *b, int number)
{
    double h = 0;
    if (b->kind == DOC_TABLE) {
        double *w = g_new0(double, b->table->ncols);
        column_widths(p, b->table, w);
        h = 6 + table_start(p, b->table, w, number);
        g_free(w);
    } else if (b->kind == DOC_CHART) {
        struct arena a = ARENA_INIT;
        struct doc_chart_layout l;
        if (doc_chart_layout(b->chart, p->w, PDF_COLUMN, &a, &l) == 0) {
            caption(p, p->w->figure, number, b->chart->title, 0, &h, 0);
            h += 6 + l.height + (l.has_gap ? 14 : 0);
        }
        arena_release(&a);
    }
    return h;
}

int pdf_table(struct pdf *p, const struct doc_table *t, int number)
{
    double *w = g_new0(double, t->ncols), h;
    size_t r;
    column_widths(p, t, w);
    h = table_start(p, t, w, number);
    p->y += 6;
    pdf_ensure(p, h);
    pdf_struct_begin(p, "Table");
    table_top(p, t, w, number, 0);
    for (r = 0; r < t->nrows; r++) {
        h = row(p, t, w, t->cells + r * t->ncols, 0, 0);
        /* the last row never goes over alone: the one before goes with it */
        if (r + 2 == t->nrows && r > 0)
            h += row(p, t, w, t->cells + (r + 1) * t->ncols, 0, 0);
        if (p->y + h > PDF_BOTTOM) {
            pdf_new_page(p);
            table_top(p, t, w, number, 1);
        }
        p->y += row(p, t, w, t->cells + r * t->ncols, 0, 1);
    }
    pdf_struct_end(p);
    if (t->note) {
        PangoLayout *l = pdf_layout(p, PDF_SANS, 7.5, 0, 1, PDF_COLUMN, t->note);
        pdf_layout_size(l, NULL, &h);
        pdf_ensure(p, h + 4);
        pdf_show(p, l, PDF_MARGIN, p->y + 4, PDF_MUTED);
        p->y += h + 4;
        g_object_unref(l);
    }
    p->y += 12;
    g_free(w);
    return 0;
}

static void chart_text(struct pdf *p, const struct doc_prim *q, double x0, double y0)
{
    PangoLayout *l = pdf_layout(p, PDF_SANS, q->size, q->bold, 0, 0, q->text);
    double w, base = (double)pango_layout_get_baseline(l) / PANGO_SCALE;
    double dx;
    pdf_layout_size(l, &w, NULL);
    dx = q->anchor == DOC_ANCHOR_MIDDLE ? -w / 2 : q->anchor == DOC_ANCHOR_END ? -w : 0;
    cairo_save(p->cr);
    cairo_translate(p->cr, x0 + q->x, y0 + q->y);
    if (q->vertical)
        cairo_rotate(p->cr, -M_PI / 2);
    pdf_show(p, l, dx, -base, q->fill);
    cairo_restore(p->cr);
    g_object_unref(l);
}

int pdf_chart(struct pdf *p, const struct doc_chart *c, int number)
{
    struct arena a = ARENA_INIT;
    struct doc_chart_layout l;
    double cap_h, x0 = PDF_MARGIN, y0;
    size_t i;
    int rc = doc_chart_layout(c, p->w, PDF_COLUMN, &a, &l);
    if (rc)
        goto cleanup;
    caption(p, p->w->figure, number, c->title, 0, &cap_h, 0);
    p->y += 6;
    pdf_ensure(p, cap_h + l.height + (l.has_gap ? 14 : 0));
    pdf_struct_begin(p, "Figure");
    caption(p, p->w->figure, number, c->title, 0, &cap_h, 1);
    p->y += cap_h + 2;
    y0 = p->y;
    for (i = 0; i < l.nprims; i++) {
        const struct doc_prim *q = &l.prims[i];
        switch (q->kind) {
        case DOC_PRIM_RECT:
            cairo_rectangle(p->cr, x0 + q->x, y0 + q->y, q->x2, q->y2);
            pdf_color(p, q->fill);
            if (q->has_stroke) {
                cairo_fill_preserve(p->cr);
                pdf_color(p, q->stroke);
                cairo_set_line_width(p->cr, q->line_width);
                cairo_stroke(p->cr);
            } else {
                cairo_fill(p->cr);
            }
            break;
        case DOC_PRIM_LINE:
            pdf_color(p, q->stroke);
            cairo_set_line_width(p->cr, q->line_width);
            cairo_set_line_cap(p->cr, CAIRO_LINE_CAP_ROUND);
            cairo_move_to(p->cr, x0 + q->x, y0 + q->y);
            cairo_line_to(p->cr, x0 + q->x2, y0 + q->y2);
            cairo_stroke(p->cr);
            break;
        case DOC_PRIM_DOT:
            pdf_color(p, q->fill);
            cairo_new_sub_path(p->cr);
            cairo_arc(p->cr, x0 + q->x, y0 + q->y, q->x2, 0, 2 * M_PI);
            cairo_fill(p->cr);
            break;
        case DOC_PRIM_TEXT:
            chart_text(p, q, x0, y0);
            break;
        }
    }
    p->y = y0 + l.height;
    pdf_struct_end(p);
    if (l.has_gap) {
        PangoLayout *note = pdf_layout(p, PDF_SANS, 7.5, 0, 1, PDF_COLUMN, p->w->no_value);
        double h;
        pdf_layout_size(note, NULL, &h);
        pdf_show(p, note, PDF_MARGIN, p->y + 2, PDF_MUTED);
        p->y += h + 2;
        g_object_unref(note);
    }
    p->y += 14;
cleanup:
    arena_release(&a);
    return rc;
}
