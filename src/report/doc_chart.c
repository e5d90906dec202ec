/*
 * doc_chart.c — lays a chart out as drawing primitives (doc_internal.h) that
 * the SVG of doc_html.c and the cairo drawing of doc_pdf.c both follow, so a
 * figure is the same in both formats: axes with round ticks, grid lines,
 * bars (grouped or stacked), lines with dots, the risk diagram as shaded
 * cells, the values written on the chart where they fit, category labels
 * that step aside (two rows, or turned) instead of overlapping, and a
 * legend. A DOC_CHART_NO_VALUE gets no bar or point but a dash.
 *
 * Text widths are estimated from the number of characters, generously for
 * DejaVu Sans, so no renderer has to measure.
 */
#include "report/doc_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define FONT        8.0   /* labels */
#define FONT_VALUE  7.0   /* values on bars and cells */
#define PLOT_HEIGHT 170.0 /* the value axis of bars and lines */
#define INK         0x1a1a1aU
#define GRID_INK    0xd4d4d4U
#define MUTED_INK   0x595959U /* 7:1 on white */

/* Series colours: the Rijkshuisstijl's dark blue first, then colours that
 * stay apart for the common colour-vision deficiencies and in grey print. */
static const uint32_t palette[] = {0x154273, 0xe17000, 0x39870c, 0xa90061,
                                   0x8fcae7, 0x673327, 0xffb612, 0x42145f};

static double text_width(const char *s, double size)
{
    double n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n * size * 0.6;
}

static int add(struct doc_chart_layout *l, struct arena *a, struct doc_prim **out)
{
    if (l->nprims == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        struct doc_prim *p = arena_alloc(a, cap * sizeof(*p));
        if (!p)
            return ERR_TOO_LARGE;
        if (l->nprims)
            memcpy(p, l->prims, l->nprims * sizeof(*p));
        l->prims = p;
        l->cap = cap;
    }
    *out = &l->prims[l->nprims++];
    memset(*out, 0, sizeof(**out));
    return 0;
}

static int rect(struct doc_chart_layout *l, struct arena *a, double x, double y, double w, double h,
                uint32_t fill)
{
    struct doc_prim *p;
    if (add(l, a, &p))
        return ERR_TOO_LARGE;
    p->kind = DOC_PRIM_RECT;
    p->x = x;
    p->y = y;
    p->x2 = w;
    p->y2 = h;
    p->fill = fill;
    return 0;
}

static int line(struct doc_chart_layout *l, struct arena *a, double x, double y, double x2,
                double y2, uint32_t stroke, double width)
{
    struct doc_prim *p;
    if (add(l, a, &p))
        return ERR_TOO_LARGE;
    p->kind = DOC_PRIM_LINE;
    p->x = x;
    p->y = y;
    p->x2 = x2;
    p->y2 = y2;
    p->stroke = stroke;
    p->line_width = width;
    return 0;
}

static int text(struct doc_chart_layout *l, struct arena *a, double x, double y, const char *s,
                double size, enum doc_anchor anchor, uint32_t ink, struct doc_prim **out)
{
    struct doc_prim *p;
    if (add(l, a, &p) || !(p->text = arena_strdup(a, s)))
        return ERR_TOO_LARGE;
    p->kind = DOC_PRIM_TEXT;
    p->x = x;
    p->y = y;
    p->size = size;
    p->anchor = anchor;
    p->fill = ink;
    if (out)
        *out = p;
    return 0;
}

/* Round steps: 1, 2, 2.5 or 5 times a power of ten, at least 1 when every
 * value is whole (no "0,5 processes"). */
static void nice_scale(double max, int whole, double *top, double *step)
{
    double raw, mag, f;
    if (max <= 0)
        max = 1;
    raw = max / 5;
    mag = pow(10, floor(log10(raw)));
    f = raw / mag;
    *step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * mag;
    if (whole && *step < 1)
        *step = 1;
    if (whole && *step == 2.5)
        *step = 2;
    *top = ceil(max / *step - 1e-9) * *step;
}

/* White or near-black, whichever reads on the fill. */
static uint32_t ink_on(uint32_t fill)
{
    double r = (fill >> 16) & 255, g = (fill >> 8) & 255, b = fill & 255;
    return 0.299 * r + 0.587 * g + 0.114 * b < 150 ? 0xffffffU : INK;
}

/* The legend from y on: a swatch and the name per series, flowing in lines. */
static int legend(struct doc_chart_layout *l, struct arena *a, const struct doc_chart *c, double x0,
                  double y, double width, double *bottom)
{
    double x = x0;
    size_t i;
    for (i = 0; i < c->nseries; i++) {
        double w = 12 + text_width(c->series[i].name, FONT) + 14;
        if (x > x0 && x + w > x0 + width) {
            x = x0;
            y += 13;
        }
        if (c->kind == DOC_CHART_LINE) {
            if (line(l, a, x, y - 3, x + 9, y - 3, palette[i % 8], 2))
                return ERR_TOO_LARGE;
        } else if (rect(l, a, x, y - 7, 8, 8, palette[i % 8])) {
            return ERR_TOO_LARGE;
        }
        if (text(l, a, x + 12, y, c->series[i].name, FONT, DOC_ANCHOR_START, INK, NULL))
            return ERR_TOO_LARGE;
        x += w;
    }
    *bottom = y + 6;
    return 0;
}

/* Category labels under a band each: in one row when they fit, in two
 * staggered rows when they fit that way, turned a quarter otherwise.
 * Returns through *bottom where the labels end. */
static int category_labels(struct doc_chart_layout *l, struct arena *a, const struct doc_chart *c,
                           double x0, double band, double y, double *bottom)
{
    double widest = 0;
    int mode;
    size_t i, step;
    for (i = 0; i < c->ncategories; i++) {
        double w = text_width(c->categories[i], FONT);
        widest = w > widest ? w : widest;
    }
    mode = widest <= band * 0.95 ? 0 : widest <= band * 1.9 ? 1 : 2;
    /* turned labels need a line's height each: with more categories than
     * that, every second (third, ...) one is written */
    step = mode == 2 && band < FONT * 1.25 ? (size_t)ceil(FONT * 1.25 / band) : 1;
    for (i = 0; i < c->ncategories; i++) {
        double x = x0 + band * ((double)i + 0.5);
        struct doc_prim *p;
        if (i % step)
            continue;
        if (mode == 2) {
            /* turned, the text runs upwards and ends just under the axis */
            if (text(l, a, x + 3, y + 6, c->categories[i], FONT, DOC_ANCHOR_END, INK, &p))
                return ERR_TOO_LARGE;
            p->vertical = 1;
        } else {
            /* the outer labels stay inside the chart's box */
            double half = text_width(c->categories[i], FONT) / 2;
            if (x + half > l->width)
                x = l->width - half;
            if (x - half < 0)
                x = half;
            if (text(l, a, x, y + 10 + (mode == 1 && i % 2 ? 10 : 0), c->categories[i], FONT,
                     DOC_ANCHOR_MIDDLE, INK, NULL))
                return ERR_TOO_LARGE;
        }
    }
    *bottom = y + (mode == 0 ? 14 : mode == 1 ? 24 : widest + 8);
    return 0;
}

static int axes_chart(const struct doc_chart *c, const struct doc_words *w, double width,
                      struct arena *a, struct doc_chart_layout *l)
{
    double max = 0, top, step, tick, left, plot_w, band, y0 = 14, y1 = y0 + PLOT_HEIGHT, bottom;
    int whole = 1;
    char label[64];
    size_t i, k;

    for (k = 0; k < c->ncategories; k++) {
        double sum = 0;
        for (i = 0; i < c->nseries; i++) {
            double v = c->series[i].values[k];
            if (v == DOC_CHART_NO_VALUE)
                continue;
            whole &= fabs(v - round(v)) < 1e-9;
            sum = c->kind == DOC_CHART_STACKED ? sum + v : (v > sum ? v : sum);
        }
        max = sum > max ? sum : max;
    }
    nice_scale(max, whole, &top, &step);

    /* the widest tick label decides where the plot starts */
    left = c->y_label ? 16 : 0;
    doc_value_format(w, top, label, sizeof(label));
    left += text_width(label, FONT) + 8;
    plot_w = width - left - 4;
    band = plot_w / (double)c->ncategories;

    if (c->y_label) {
        struct doc_prim *p;
        if (text(l, a, 9, y0 + PLOT_HEIGHT / 2, c->y_label, FONT, DOC_ANCHOR_MIDDLE, INK, &p))
            return ERR_TOO_LARGE;
        p->vertical = 1;
    }
    for (tick = 0; tick <= top + 1e-9; tick += step) {
        double y = y1 - tick / top * PLOT_HEIGHT;
        doc_value_format(w, tick, label, sizeof(label));
        if (text(l, a, left - 5, y + 3, label, FONT, DOC_ANCHOR_END, INK, NULL) ||
            (tick > 0 && line(l, a, left, y, left + plot_w, y, GRID_INK, 0.5)))
            return ERR_TOO_LARGE;
    }

    for (k = 0; k < c->ncategories; k++) {
        double gx = left + band * (double)k, stack = 0;
        double bar_w = c->kind == DOC_CHART_BAR ? band * 0.8 / (double)c->nseries : band * 0.6;
        int any = 0;
        for (i = 0; i < c->nseries; i++) {
            double v = c->series[i].values[k], x, h;
            if (c->kind == DOC_CHART_LINE)
                break;
            x = c->kind == DOC_CHART_BAR ? gx + band * 0.1 + bar_w * (double)i : gx + band * 0.2;
            if (v == DOC_CHART_NO_VALUE) {
                if (c->kind == DOC_CHART_BAR && text(l, a, x + bar_w / 2, y1 - 3, "\xe2\x80\x93",
                                                     FONT, DOC_ANCHOR_MIDDLE, MUTED_INK, NULL))
                    return ERR_TOO_LARGE;
                continue;
            }
            any = 1;
            h = v / top * PLOT_HEIGHT;
            if (c->kind == DOC_CHART_STACKED) {
                double y = y1 - (stack + v) / top * PLOT_HEIGHT;
                if (v > 0 && rect(l, a, x, y, bar_w, h, palette[i % 8]))
                    return ERR_TOO_LARGE;
                doc_value_format(w, v, label, sizeof(label));
                if (h >= FONT_VALUE + 3 && text_width(label, FONT_VALUE) <= bar_w - 2 &&
                    text(l, a, x + bar_w / 2, y + h / 2 + FONT_VALUE * 0.35, label, FONT_VALUE,
                         DOC_ANCHOR_MIDDLE, ink_on(palette[i % 8]), NULL))
                    return ERR_TOO_LARGE;
                stack += v;
            } else {
                if (v > 0 && rect(l, a, x, y1 - h, bar_w, h, palette[i % 8]))
                    return ERR_TOO_LARGE;
                doc_value_format(w, v, label, sizeof(label));
                if (text_width(label, FONT_VALUE) <= bar_w + band * 0.1 &&
                    text(l, a, x + bar_w / 2, y1 - h - 2, label, FONT_VALUE, DOC_ANCHOR_MIDDLE, INK,
                         NULL))
                    return ERR_TOO_LARGE;
            }
        }
        if (c->kind == DOC_CHART_STACKED) {
            doc_value_format(w, stack, label, sizeof(label));
            if (text(l, a, gx + band / 2, y1 - stack / top * PLOT_HEIGHT - 2,
                     any ? label : "\xe2\x80\x93", FONT_VALUE, DOC_ANCHOR_MIDDLE,
                     any ? INK : MUTED_INK, NULL))
                return ERR_TOO_LARGE;
        }
    }

    if (c->kind == DOC_CHART_LINE) {
        for (i = 0; i < c->nseries; i++) {
            double px = 0, py = 0;
            int have = 0;
            for (k = 0; k < c->ncategories; k++) {
                double v = c->series[i].values[k];
                double x = left + band * ((double)k + 0.5), y = y1 - v / top * PLOT_HEIGHT;
                struct doc_prim *p;
                if (v == DOC_CHART_NO_VALUE) {
                    have = 0; /* the line breaks at a gap */
                    continue;
                }
                if (have && line(l, a, px, py, x, y, palette[i % 8], 2))
                    return ERR_TOO_LARGE;
                if (add(l, a, &p))
                    return ERR_TOO_LARGE;
                p->kind = DOC_PRIM_DOT;
                p->x = x;
                p->y = y;
                p->x2 = 2.8;
                p->fill = palette[i % 8];
                doc_value_format(w, v, label, sizeof(label));
                /* values only where they cannot collide: a single line; with
                 * more the figures are in the table beside the chart */
                if (c->nseries == 1 && text_width(label, FONT_VALUE) < band &&
                    text(l, a, x, y - 5, label, FONT_VALUE, DOC_ANCHOR_MIDDLE, INK, NULL))
                    return ERR_TOO_LARGE;
                px = x;
                py = y;
                have = 1;
            }
        }
    }

    if (line(l, a, left, y1, left + plot_w, y1, INK, 0.8) ||
        category_labels(l, a, c, left, band, y1, &bottom))
        return ERR_TOO_LARGE;
    if (c->x_label) {
        bottom += 11;
        if (text(l, a, left + plot_w / 2, bottom, c->x_label, FONT, DOC_ANCHOR_MIDDLE, INK, NULL))
            return ERR_TOO_LARGE;
        bottom += 4;
    }
    if (legend(l, a, c, left, bottom + 14, plot_w, &bottom))
        return ERR_TOO_LARGE;
    l->height = bottom + 2;
    return 0;
}

/* The risk diagram: a row per series (top first), a column per category,
 * each cell shaded by its value and the value written in it. */
static int grid_chart(const struct doc_chart *c, const struct doc_words *w, double width,
                      struct arena *a, struct doc_chart_layout *l)
{
    double max = 0, left = c->y_label ? 16 : 0, label_w = 0, cell_w, cell_h = 24, y0 = 4, bottom;
    char label[64];
    size_t i, k;
    for (i = 0; i < c->nseries; i++) {
        double tw = text_width(c->series[i].name, FONT);
        label_w = tw > label_w ? tw : label_w;
        for (k = 0; k < c->ncategories; k++)
            max = c->series[i].values[k] > max ? c->series[i].values[k] : max;
    }
    left += label_w + 6;
    cell_w = (width - left - 4) / (double)c->ncategories;
    if (cell_w > 64)
        cell_w = 64;
    if (cell_w < 24) /* long row names leave no room: the cells keep room for a figure */
        cell_w = 24;
    if (c->y_label) {
        struct doc_prim *p;
        if (text(l, a, 9, y0 + cell_h * (double)c->nseries / 2, c->y_label, FONT, DOC_ANCHOR_MIDDLE,
                 INK, &p))
            return ERR_TOO_LARGE;
        p->vertical = 1;
    }
    for (i = 0; i < c->nseries; i++) {
        double y = y0 + cell_h * (double)i;
        if (text(l, a, left - 6, y + cell_h / 2 + 3, c->series[i].name, FONT, DOC_ANCHOR_END, INK,
                 NULL))
            return ERR_TOO_LARGE;
        for (k = 0; k < c->ncategories; k++) {
            double v = c->series[i].values[k], x = left + cell_w * (double)k;
            uint32_t fill = 0xf0f0f0U;
            struct doc_prim *cell;
            if (v != DOC_CHART_NO_VALUE && max > 0) {
                /* from white to the dark blue, by the share of the largest value */
                double t = 0.08 + 0.92 * v / max;
                uint32_t r = (uint32_t)lround(255 - t * (255 - 0x15));
                uint32_t g = (uint32_t)lround(255 - t * (255 - 0x42));
                uint32_t b = (uint32_t)lround(255 - t * (255 - 0x73));
                fill = v > 0 ? (r << 16 | g << 8 | b) : 0xffffffU;
            }
            if (rect(l, a, x, y, cell_w, cell_h, fill))
                return ERR_TOO_LARGE;
            cell = &l->prims[l->nprims - 1];
            cell->has_stroke = 1;
            cell->stroke = 0x8c8c8cU;
            cell->line_width = 0.5;
            doc_value_format(w, v, label, sizeof(label));
            if (text(l, a, x + cell_w / 2, y + cell_h / 2 + 3, label, FONT, DOC_ANCHOR_MIDDLE,
                     v == DOC_CHART_NO_VALUE ? MUTED_INK : ink_on(fill), NULL))
                return ERR_TOO_LARGE;
        }
    }
    if (category_labels(l, a, c, left, cell_w, y0 + cell_h * (double)c->nseries, &bottom))
        return ERR_TOO_LARGE;
    if (c->x_label) {
        bottom += 11;
        if (text(l, a, left + cell_w * (double)c->ncategories / 2, bottom, c->x_label, FONT,
                 DOC_ANCHOR_MIDDLE, INK, NULL))
            return ERR_TOO_LARGE;
    }
    l->height = bottom + 6;
    return 0;
}

int doc_chart_layout(const struct doc_chart *c, const struct doc_words *w, double width,
                     struct arena *a, struct doc_chart_layout *out)
{
    memset(out, 0, sizeof(*out));
    if (c->ncategories == 0 || c->nseries == 0)
        return ERR_INVALID;
    out->width = width;
    out->has_gap = doc_chart_has_gap(c);
    return c->kind == DOC_CHART_GRID ? grid_chart(c, w, width, a, out)
                                     : axes_chart(c, w, width, a, out);
}
