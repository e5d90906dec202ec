/*
 * doc_pdf.c — a document as PDF, drawn with cairo and laid out with pango:
 * A4, DejaVu Serif for the text and DejaVu Sans for headings, tables and
 * charts, Dutch (or English) line breaking, a title page, the contents with
 * page numbers, numbered headings (link targets and the PDF outline), the
 * marking and the date in the header and the footer of every page with
 * "pagina X van Y", links tagged for the viewer, and the metadata.
 *
 * Two passes: the first draws into nothing and learns each heading's page
 * and the number of pages, the second draws for real with those known. The
 * output depends only on the tree: no clock (the creation and modification
 * dates are doc->date), a font map of its own (no state shared with other
 * threads or earlier calls), hinting off so metrics do not depend on the
 * screen.
 */
#include "report/doc_pdf_internal.h"

#include <cairo-pdf.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#if defined(__SANITIZE_ADDRESS__)
/* fontconfig keeps its configuration for the life of the process and never
 * frees it (FcFini would, but not while server threads may render): that is
 * not our leak, so the SAN build's leak check is told to pass over it. The
 * sanitizer runtime calls this hook by name in every binary that renders PDF. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libfontconfig.so\n";
}
/* and says nothing about it on standard error, which the tests read */
const char *__lsan_default_options(void);
const char *__lsan_default_options(void)
{
    return "print_suppressions=0";
}
#endif

#define BODY_SIZE 10.0
#define LEADING   4.0 /* points between the lines of a paragraph */

void pdf_color(struct pdf *p, uint32_t rgb)
{
    cairo_set_source_rgb(p->cr, ((rgb >> 16) & 255) / 255.0, ((rgb >> 8) & 255) / 255.0,
                         (rgb & 255) / 255.0);
}

PangoLayout *pdf_layout(struct pdf *p, const char *family, double size, int bold, int italic,
                        double width, const char *text)
{
    PangoLayout *l = pango_layout_new(p->pango);
    PangoFontDescription *f = pango_font_description_new();
    pango_font_description_set_family(f, family);
    pango_font_description_set_absolute_size(f, size * PANGO_SCALE);
    pango_font_description_set_weight(f, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_style(f, italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
    pango_layout_set_font_description(l, f);
    pango_font_description_free(f);
    if (width > 0) {
        pango_layout_set_width(l, (int)(width * PANGO_SCALE));
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    }
    pango_layout_set_text(l, text, -1);
    return l;
}

void pdf_layout_size(PangoLayout *l, double *width, double *height)
{
    PangoRectangle r;
    pango_layout_get_extents(l, NULL, &r);
    if (width)
        *width = (double)r.width / PANGO_SCALE;
    if (height)
        *height = (double)r.height / PANGO_SCALE;
}

void pdf_show(struct pdf *p, PangoLayout *l, double x, double y, uint32_t rgb)
{
    pdf_color(p, rgb);
    cairo_move_to(p->cr, x, y);
    pango_cairo_show_layout(p->cr, l);
}

/* One line of small sans text, aligned left or right at x. */
static void furniture_text(struct pdf *p, const char *text, double x, double y, int right)
{
    PangoLayout *l = pdf_layout(p, PDF_SANS, 7.5, 0, 0, 0, text);
    double w;
    pdf_layout_size(l, &w, NULL);
    pdf_show(p, l, right ? x - w : x, y, PDF_MUTED);
    g_object_unref(l);
}

/* The header (marking and date) and the footer (marking, date, page). */
static void furniture(struct pdf *p)
{
    char page[96], foot[160];
    pdf_color(p, PDF_BLUE);
    cairo_set_line_width(p->cr, 0.6);
    cairo_move_to(p->cr, PDF_MARGIN, 52);
    cairo_line_to(p->cr, PDF_PAGE_W - PDF_MARGIN, 52);
    cairo_move_to(p->cr, PDF_MARGIN, PDF_PAGE_H - 56);
    cairo_line_to(p->cr, PDF_PAGE_W - PDF_MARGIN, PDF_PAGE_H - 56);
    cairo_stroke(p->cr);
    furniture_text(p, p->d->marking, PDF_MARGIN, 40, 0);
    furniture_text(p, p->d->date, PDF_PAGE_W - PDF_MARGIN, 40, 1);
    furniture_text(p, p->d->marking, PDF_MARGIN, PDF_PAGE_H - 50, 0);
    snprintf(page, sizeof(page), p->w->page_of, p->page, p->pass == 2 ? p->total : 0);
    snprintf(foot, sizeof(foot), "%s \xc2\xb7 %s", p->d->date, page);
    furniture_text(p, foot, PDF_PAGE_W - PDF_MARGIN, PDF_PAGE_H - 50, 1);
}

void pdf_struct_begin(struct pdf *p, const char *tag)
{
    cairo_tag_begin(p->cr, tag, NULL);
    p->structure = tag;
}

void pdf_struct_end(struct pdf *p)
{
    cairo_tag_end(p->cr, p->structure);
    p->structure = NULL;
}

void pdf_new_page(struct pdf *p)
{
    /* the header and footer stay outside the structure: a paragraph or a
     * table going over is closed here and opened again under the header */
    const char *open = p->structure;
    if (open)
        pdf_struct_end(p);
    if (p->page > 0)
        cairo_show_page(p->cr);
    p->page++;
    furniture(p);
    p->y = PDF_TOP;
    if (open)
        pdf_struct_begin(p, open);
}

void pdf_ensure(struct pdf *p, double height)
{
    if (p->y + height > PDF_BOTTOM && p->y > PDF_TOP)
        pdf_new_page(p);
}

/* Draws a layout line by line from the cursor at x, going on to the next
 * page where a line does not fit; each line wrapped in a link to target
 * (a cairo link attribute string) when it is not NULL. */
static void flow(struct pdf *p, PangoLayout *l, double x, uint32_t rgb, const char *target)
{
    PangoLayoutIter *it = pango_layout_get_iter(l);
    do {
        PangoRectangle r;
        double top, h, base;
        pango_layout_iter_get_line_extents(it, NULL, &r);
        top = (double)r.y / PANGO_SCALE;
        h = (double)r.height / PANGO_SCALE;
        base = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE - top;
        pdf_ensure(p, h);
        if (target)
            cairo_tag_begin(p->cr, CAIRO_TAG_LINK, target);
        pdf_color(p, rgb);
        cairo_move_to(p->cr, x + (double)r.x / PANGO_SCALE, p->y + base);
        pango_cairo_show_layout_line(p->cr, pango_layout_iter_get_line_readonly(it));
        if (target)
            cairo_tag_end(p->cr, CAIRO_TAG_LINK);
        p->y += h + LEADING * 0.5;
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
}

static int paragraph(void *ctx, const char *text, size_t len)
{
    struct pdf *p = ctx;
    PangoLayout *l = pdf_layout(p, PDF_SERIF, BODY_SIZE, 0, 0, PDF_COLUMN, "");
    pango_layout_set_text(l, text, (int)len);
    pdf_ensure(p, 2 * (BODY_SIZE + LEADING)); /* no single line left at the foot */
    pdf_struct_begin(p, "P");
    flow(p, l, PDF_MARGIN, PDF_INK, NULL);
    pdf_struct_end(p);
    p->y += BODY_SIZE * 0.6;
    g_object_unref(l);
    return 0;
}

/* A cairo attribute string: the value between single quotes, with quote
 * and backslash escaped. */
static char *tag_attr(const char *name, const char *value)
{
    GString *s = g_string_new(name);
    g_string_append(s, "='");
    for (; *value; value++) {
        if (*value == '\'' || *value == '\\')
            g_string_append_c(s, '\\');
        g_string_append_c(s, *value);
    }
    g_string_append_c(s, '\'');
    return g_string_free(s, FALSE);
}

static void link_block(struct pdf *p, const struct doc_block *b)
{
    int safe = strncmp(b->url, "https://", 8) == 0 || strncmp(b->url, "http://", 7) == 0 ||
               strncmp(b->url, "mailto:", 7) == 0;
    char *text = g_strdup_printf("%s (%s)", b->text, b->url);
    char *attr = safe ? tag_attr("uri", b->url) : NULL;
    PangoLayout *l = pdf_layout(p, PDF_SERIF, BODY_SIZE, 0, 0, PDF_COLUMN, safe ? b->text : text);
    if (safe) {
        PangoAttrList *attrs = pango_attr_list_new();
        pango_attr_list_insert(attrs, pango_attr_underline_new(PANGO_UNDERLINE_SINGLE));
        pango_layout_set_attributes(l, attrs);
        pango_attr_list_unref(attrs);
    }
    pdf_struct_begin(p, "P");
    flow(p, l, PDF_MARGIN, safe ? PDF_BLUE : PDF_INK, attr);
    pdf_struct_end(p);
    p->y += BODY_SIZE * 0.6;
    g_object_unref(l);
    g_free(attr);
    g_free(text);
}

static void list_block(struct pdf *p, const struct doc_block *b)
{
    size_t i;
    for (i = 0; i < b->nitems; i++) {
        PangoLayout *l = pdf_layout(p, PDF_SERIF, BODY_SIZE, 0, 0, PDF_COLUMN - 16, b->items[i]);
        PangoLayout *bullet = pdf_layout(p, PDF_SERIF, BODY_SIZE, 0, 0, 0, "\xe2\x80\xa2");
        pdf_ensure(p, BODY_SIZE + LEADING);
        pdf_struct_begin(p, "LI");
        pdf_show(p, bullet, PDF_MARGIN + 4, p->y, PDF_BLUE);
        flow(p, l, PDF_MARGIN + 16, PDF_INK, NULL);
        pdf_struct_end(p);
        g_object_unref(l);
        g_object_unref(bullet);
    }
    p->y += BODY_SIZE * 0.6;
}

static const double heading_size[3] = {16, 13, 11};
static const char *const heading_tag[3] = {"H1", "H2", "H3"};

/* A heading never ends a page: it keeps with it a few lines of text, or
 * the start of the table or chart that follows (next, numbered next_number;
 * NULL at the end). */
static void heading(struct pdf *p, const struct doc_block *b, const char *number,
                    const struct doc_block *next, int next_number)
{
    double keep = 4 * (BODY_SIZE + LEADING),
           start = next ? pdf_block_start(p, next, next_number) : 0;
    char *text = g_strdup_printf("%s  %s", number, b->text);
    double size = heading_size[b->level - 1], h;
    double below = size * 0.5 + (b->level == 1 ? 6 : 0); /* the space (and rule) under it */
    PangoLayout *l = pdf_layout(p, PDF_SANS, size, 1, 0, PDF_COLUMN, text);
    char *dest = g_strdup_printf("name='h%s'", number);
    pdf_layout_size(l, NULL, &h);
    p->y += p->y > PDF_TOP ? size * (b->level == 1 ? 1.4 : 1.0) : 0;
    /* (a table or chart taller than a page is let go: it breaks or starts anyway) */
    if (start > keep && h + below + start < PDF_BOTTOM - PDF_TOP)
        keep = start;
    pdf_ensure(p, h + below + keep);
    if (p->pass == 1) {
        p->heading_page[p->nheadings] = p->page;
    } else {
        char *link = g_strdup_printf("dest='h%s'", number);
        /* under the nearest heading above it (a level may be skipped) */
        int parent = b->level > 2 && p->outline[2]   ? p->outline[2]
                     : b->level > 1 && p->outline[1] ? p->outline[1]
                                                     : CAIRO_PDF_OUTLINE_ROOT;
        int lv;
        p->outline[b->level] = cairo_pdf_surface_add_outline(p->surface, parent, text, link, 0);
        for (lv = b->level + 1; lv <= 3; lv++)
            p->outline[lv] = 0;
        g_free(link);
    }
    p->nheadings++;
    cairo_tag_begin(p->cr, heading_tag[b->level - 1], NULL);
    cairo_tag_begin(p->cr, CAIRO_TAG_DEST, dest);
    pdf_show(p, l, PDF_MARGIN, p->y, PDF_BLUE);
    cairo_tag_end(p->cr, CAIRO_TAG_DEST);
    cairo_tag_end(p->cr, heading_tag[b->level - 1]);
    p->y += h;
    if (b->level == 1) {
        pdf_color(p, PDF_BLUE);
        cairo_set_line_width(p->cr, 1.2);
        cairo_move_to(p->cr, PDF_MARGIN, p->y + 2);
        cairo_line_to(p->cr, PDF_PAGE_W - PDF_MARGIN, p->y + 2);
        cairo_stroke(p->cr);
        p->y += 6;
    }
    p->y += size * 0.5;
    g_object_unref(l);
    g_free(dest);
    g_free(text);
}

/* One block of the title page at y, tagged as tag; returns its height. */
static double title_text(struct pdf *p, const char *tag, const char *text, double size, int bold,
                         uint32_t rgb, double y)
{
    PangoLayout *l = pdf_layout(p, PDF_SANS, size, bold, 0, PDF_COLUMN - 30, text);
    double h;
    cairo_tag_begin(p->cr, tag, NULL);
    pdf_show(p, l, PDF_MARGIN + 26, y, rgb);
    cairo_tag_end(p->cr, tag);
    pdf_layout_size(l, NULL, &h);
    g_object_unref(l);
    return h;
}

static void title_page(struct pdf *p)
{
    const struct doc *d = p->d;
    double top = 250, y = top;
    char *date = g_strdup_printf("%s: %s", p->w->date, d->date);

    pdf_new_page(p);
    y += title_text(p, "H", d->title, 26, 1, PDF_BLUE, y) + 14;
    if (d->subtitle && *d->subtitle)
        y += title_text(p, "P", d->subtitle, 15, 0, PDF_INK, y) + 24;
    y += title_text(p, "P", date, 11, 0, PDF_INK, y) + 6;
    if (d->author)
        y += title_text(p, "P", d->author, 11, 0, PDF_INK, y) + 6;
    y += 12 + title_text(p, "P", d->marking, 11, 1, PDF_INK, y + 12);
    /* the bar beside it reaches as far as the text does */
    pdf_color(p, PDF_BLUE);
    cairo_rectangle(p->cr, PDF_MARGIN, top - 20, 8, fmax(230, y - top + 40));
    cairo_fill(p->cr);
    g_free(date);
}

/* The contents: each heading, indented by level, with its page at the
 * right, the whole line a link to the heading. Pass 1 writes no page
 * numbers it does not know yet; the lines are as many either way. */
static void contents(struct pdf *p)
{
    struct doc_numbering n = {{0, 0, 0}, 0, 0};
    PangoLayout *l;
    size_t i, k = 0;
    double h;
    char number[32];

    pdf_new_page(p);
    l = pdf_layout(p, PDF_SANS, 16, 1, 0, PDF_COLUMN, p->w->contents);
    pdf_show(p, l, PDF_MARGIN, p->y, PDF_BLUE);
    pdf_layout_size(l, NULL, &h);
    g_object_unref(l);
    p->y += h + 14;
    pdf_struct_begin(p, "TOC");
    for (i = 0; i < p->d->nblocks; i++) {
        const struct doc_block *b = &p->d->blocks[i];
        double indent, size, pw, th;
        char *text, *link, pagenum[16];
        PangoLayout *pl;
        if (b->kind != DOC_HEADING)
            continue;
        doc_number_heading(&n, b->level, number, sizeof(number));
        indent = (b->level - 1) * 18.0;
        size = b->level == 1 ? 10.5 : 10;
        snprintf(pagenum, sizeof(pagenum), "%d", p->pass == 2 ? p->heading_page[k] : 0);
        k++;
        text = g_strdup_printf("%s  %s", number, b->text);
        l = pdf_layout(p, PDF_SANS, size, b->level == 1, 0, PDF_COLUMN - indent - 40, text);
        pl = pdf_layout(p, PDF_SANS, size, b->level == 1, 0, 0, pagenum);
        pdf_layout_size(l, NULL, &th);
        pdf_layout_size(pl, &pw, NULL);
        p->y += b->level == 1 ? 5 : 0;
        pdf_ensure(p, th);
        link = g_strdup_printf("dest='h%s'", number);
        cairo_tag_begin(p->cr, "TOCI", NULL);
        cairo_tag_begin(p->cr, CAIRO_TAG_LINK, link);
        pdf_show(p, l, PDF_MARGIN + indent, p->y, PDF_INK);
        pdf_show(p, pl, PDF_PAGE_W - PDF_MARGIN - pw, p->y, PDF_INK); /* on the first line */
        cairo_tag_end(p->cr, CAIRO_TAG_LINK);
        cairo_tag_end(p->cr, "TOCI");
        p->y += th + 3;
        g_free(link);
        g_free(text);
        g_object_unref(l);
        g_object_unref(pl);
    }
    pdf_struct_end(p);
}

static int body(struct pdf *p)
{
    struct doc_numbering n = {{0, 0, 0}, 0, 0};
    size_t i;
    char number[32];
    int rc = 0;
    const struct doc_block *next;

    pdf_new_page(p);
    for (i = 0; i < p->d->nblocks && rc == 0; i++) {
        const struct doc_block *b = &p->d->blocks[i];
        switch (b->kind) {
        case DOC_HEADING:
            doc_number_heading(&n, b->level, number, sizeof(number));
            next = i + 1 < p->d->nblocks ? &p->d->blocks[i + 1] : NULL;
            heading(p, b, number, next,
                    next && next->kind == DOC_TABLE   ? n.tables + 1
                    : next && next->kind == DOC_CHART ? n.figures + 1
                                                      : 0);
            break;
        case DOC_PARAGRAPH:
            doc_each_paragraph(b->text, paragraph, p);
            break;
        case DOC_LIST:
            list_block(p, b);
            break;
        case DOC_LINK:
            link_block(p, b);
            break;
        case DOC_TABLE:
            rc = pdf_table(p, b->table, ++n.tables);
            break;
        case DOC_CHART:
            rc = pdf_chart(p, b->chart, ++n.figures);
            break;
        case DOC_PAGE_BREAK:
            if (p->y > PDF_TOP)
                pdf_new_page(p);
            break;
        }
    }
    return rc;
}

static cairo_status_t write_out(void *closure, const unsigned char *data, unsigned int length)
{
    struct strbuf *out = closure;
    if (out)
        strbuf_append(out, (const char *)data, length);
    return CAIRO_STATUS_SUCCESS;
}

/* Whether s is YYYY-MM-DD (digits where digits go). */
static int is_day(const char *s)
{
    int i;
    for (i = 0; i < 10; i++)
        if (i == 4 || i == 7 ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
            return 0;
    return s[10] == '\0';
}

/* One pass over the document into out (NULL: nowhere). */
static int render_pass(struct pdf *p, struct strbuf *out, struct error *e)
{
    cairo_font_options_t *fo;
    cairo_status_t st;
    int rc;

    p->surface = cairo_pdf_surface_create_for_stream(write_out, out, PDF_PAGE_W, PDF_PAGE_H);
    p->cr = cairo_create(p->surface);
    p->page = 0;
    p->nheadings = 0;
    memset(p->outline, 0, sizeof(p->outline));
    if (p->pass == 2) {
        char date[40];
        snprintf(date, sizeof(date), "%.10sT00:00:00Z", p->d->date);
        cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_TITLE, p->d->title);
        if (p->d->author)
            cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_AUTHOR, p->d->author);
        cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_CREATOR, "vitaal");
        /* not a day: no date at all. Left unset cairo writes the clock's
         * time; a string it cannot read as a date makes it write none. */
        if (!is_day(p->d->date))
            snprintf(date, sizeof(date), "none");
        cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
        cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_MOD_DATE, date);
    }
    p->pango = pango_font_map_create_context(p->fontmap);
    pango_context_set_language(p->pango, pango_language_from_string(p->d->lang));
    fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(p->pango, fo);
    cairo_font_options_destroy(fo);
    pango_cairo_update_context(p->cr, p->pango);

    title_page(p);
    contents(p);
    rc = body(p);
    cairo_show_page(p->cr);
    st = cairo_status(p->cr);
    cairo_destroy(p->cr);
    cairo_surface_finish(p->surface);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(p->surface);
    cairo_surface_destroy(p->surface);
    g_object_unref(p->pango);
    p->cr = NULL;
    p->surface = NULL;
    p->pango = NULL;
    if (rc)
        return error_set(e, rc, NULL, "the PDF is over its memory limit");
    if (st != CAIRO_STATUS_SUCCESS)
        return error_set(e, ERR_INTERNAL, NULL, "cairo: %s", cairo_status_to_string(st));
    return 0;
}

int doc_render_pdf(const struct doc *d, struct strbuf *out, struct error *e)
{
    struct pdf p;
    size_t i, nheadings = 0;
    int rc;

    if ((rc = doc_check(d, e)) != 0)
        return rc;
    memset(&p, 0, sizeof(p));
    p.d = d;
    p.w = doc_words_for(d->lang);
    for (i = 0; i < d->nblocks; i++)
        nheadings += d->blocks[i].kind == DOC_HEADING;
    p.heading_page = g_new0(int, nheadings + 1);
    p.fontmap = pango_cairo_font_map_new();
    pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(p.fontmap), 72);

    p.pass = 1;
    rc = render_pass(&p, NULL, e);
    if (rc == 0) {
        p.total = p.page;
        p.pass = 2;
        rc = render_pass(&p, out, e);
    }
    g_object_unref(p.fontmap);
    g_free(p.heading_page);
    return rc;
}
