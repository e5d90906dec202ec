/*
 * doc.c — the document tree of doc.h: building it (every string and array
 * copied into the doc's arena), the output formats' names and media types,
 * the dispatch to the three renderers, and the helpers of doc_internal.h the
 * renderers share (their words, numbering, figures in Dutch or English).
 * It lays nothing out: that is the renderers' job.
 */
#include "report/doc.h"
#include "report/doc_internal.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const struct doc_words words_nl = {
    .contents = "Inhoud",
    .table = "Tabel",
    .figure = "Figuur",
    .page_of = "pagina %d van %d",
    .no_value = "Een ontbrekende staaf of punt: geen waarde (onderdrukt of niet bekend).",
    .date = "Datum",
    .continued = "(vervolg)",
    .figures_of = "De cijfers van figuur",
    .series = "Reeks",
    .decimal_sep = ",",
    .group_sep = ".",
};

static const struct doc_words words_en = {
    .contents = "Contents",
    .table = "Table",
    .figure = "Figure",
    .page_of = "page %d of %d",
    .no_value = "A missing bar or point: no value (suppressed or not known).",
    .date = "Date",
    .continued = "(continued)",
    .figures_of = "The data of figure",
    .series = "Series",
    .decimal_sep = ".",
    .group_sep = ",",
};

const struct doc_words *doc_words_for(const char *lang)
{
    return lang && strcmp(lang, "en") == 0 ? &words_en : &words_nl;
}

int doc_format_parse(const char *name, enum doc_format *out)
{
    if (!name)
        return ERR_INVALID;
    if (strcmp(name, "pdf") == 0)
        *out = DOC_FORMAT_PDF;
    else if (strcmp(name, "html") == 0)
        *out = DOC_FORMAT_HTML;
    else if (strcmp(name, "md") == 0 || strcmp(name, "markdown") == 0)
        *out = DOC_FORMAT_MD;
    else
        return ERR_INVALID;
    return 0;
}

const char *doc_format_media_type(enum doc_format f)
{
    switch (f) {
    case DOC_FORMAT_PDF:
        return "application/pdf";
    case DOC_FORMAT_HTML:
        return "text/html; charset=utf-8";
    case DOC_FORMAT_MD:
        return "text/markdown; charset=utf-8";
    }
    return "application/octet-stream";
}

const char *doc_format_extension(enum doc_format f)
{
    switch (f) {
    case DOC_FORMAT_PDF:
        return "pdf";
    case DOC_FORMAT_HTML:
        return "html";
    case DOC_FORMAT_MD:
        return "md";
    }
    return "bin";
}

/* Copies s into the arena; NULL stays NULL, any other failure is ERR_TOO_LARGE
 * (the arena's limit: base/arena.h). */
static int copy_str(struct arena *a, const char *s, const char **out)
{
    char *c = NULL;
    if (s) {
        c = arena_strdup(a, s);
        if (!c)
            return ERR_TOO_LARGE;
    }
    *out = c;
    return 0;
}

/* Makes room for one more element in an arena array of size elem, doubling
 * (the old array stays in the arena until it is released). */
static int grow(struct arena *a, void **array, size_t n, size_t *cap, size_t elem)
{
    void *bigger;
    size_t ncap;
    if (n < *cap)
        return 0;
    ncap = *cap ? *cap * 2 : 8;
    bigger = arena_alloc(a, ncap * elem);
    if (!bigger)
        return ERR_TOO_LARGE;
    if (n)
        memcpy(bigger, *array, n * elem);
    *array = bigger;
    *cap = ncap;
    return 0;
}

int doc_init(struct doc *d, struct arena *a, const char *lang, const char *title,
             const char *subtitle, const char *date, const char *marking)
{
    memset(d, 0, sizeof(*d));
    d->arena = a;
    if (copy_str(a, lang ? lang : "nl", &d->lang) || copy_str(a, title ? title : "", &d->title) ||
        copy_str(a, subtitle, &d->subtitle) || copy_str(a, date ? date : "", &d->date) ||
        copy_str(a, marking ? marking : "", &d->marking))
        return ERR_TOO_LARGE;
    return 0;
}

int doc_set_author(struct doc *d, const char *author)
{
    return copy_str(d->arena, author, &d->author);
}

static int add_block(struct doc *d, enum doc_block_kind kind, struct doc_block **out)
{
    void *blocks = d->blocks;
    int rc = grow(d->arena, &blocks, d->nblocks, &d->cap_blocks, sizeof(struct doc_block));
    if (rc)
        return rc;
    d->blocks = blocks;
    *out = &d->blocks[d->nblocks++];
    memset(*out, 0, sizeof(**out));
    (*out)->kind = kind;
    return 0;
}

int doc_heading(struct doc *d, int level, const char *text)
{
    struct doc_block *b;
    const char *copy;
    if (level < 1 || level > 3)
        return ERR_INVALID;
    if (copy_str(d->arena, text ? text : "", &copy) || add_block(d, DOC_HEADING, &b))
        return ERR_TOO_LARGE;
    b->level = level;
    b->text = copy;
    return 0;
}

int doc_paragraph(struct doc *d, const char *text)
{
    struct doc_block *b;
    const char *copy;
    if (copy_str(d->arena, text ? text : "", &copy) || add_block(d, DOC_PARAGRAPH, &b))
        return ERR_TOO_LARGE;
    b->text = copy;
    return 0;
}

int doc_paragraphf(struct doc *d, const char *fmt, ...)
{
    va_list ap;
    char *text;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return ERR_INVALID;
    text = arena_alloc(d->arena, (size_t)n + 1);
    if (!text)
        return ERR_TOO_LARGE;
    va_start(ap, fmt);
    vsnprintf(text, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return doc_paragraph(d, text);
}

int doc_list(struct doc *d, size_t nitems, const char *const *items)
{
    struct doc_block *b;
    const char **copy = NULL;
    size_t i;
    if (nitems) {
        copy = arena_alloc(d->arena, nitems * sizeof(*copy));
        if (!copy)
            return ERR_TOO_LARGE;
        for (i = 0; i < nitems; i++)
            if (copy_str(d->arena, items[i] ? items[i] : "", &copy[i]))
                return ERR_TOO_LARGE;
    }
    if (add_block(d, DOC_LIST, &b))
        return ERR_TOO_LARGE;
    b->nitems = nitems;
    b->items = copy;
    return 0;
}

int doc_link(struct doc *d, const char *text, const char *url)
{
    struct doc_block *b;
    const char *t, *u;
    if (copy_str(d->arena, text ? text : "", &t) || copy_str(d->arena, url ? url : "", &u) ||
        add_block(d, DOC_LINK, &b))
        return ERR_TOO_LARGE;
    b->text = t;
    b->url = u;
    return 0;
}

int doc_page_break(struct doc *d)
{
    struct doc_block *b;
    return add_block(d, DOC_PAGE_BREAK, &b);
}

int doc_table_add(struct doc *d, const char *caption, size_t ncols, const char *const *head,
                  const unsigned char *numeric, struct doc_table **out)
{
    struct doc_table *t;
    struct doc_block *b;
    size_t i;
    if (ncols == 0)
        return ERR_INVALID;
    t = arena_alloc(d->arena, sizeof(*t));
    if (!t)
        return ERR_TOO_LARGE;
    t->arena = d->arena;
    t->ncols = ncols;
    t->head = arena_alloc(d->arena, ncols * sizeof(*t->head));
    t->numeric = arena_alloc(d->arena, ncols);
    if (!t->head || !t->numeric || copy_str(d->arena, caption, &t->caption))
        return ERR_TOO_LARGE;
    for (i = 0; i < ncols; i++) {
        if (copy_str(d->arena, head && head[i] ? head[i] : "", &t->head[i]))
            return ERR_TOO_LARGE;
        t->numeric[i] = numeric ? (numeric[i] != 0) : 0;
    }
    if (add_block(d, DOC_TABLE, &b))
        return ERR_TOO_LARGE;
    b->table = t;
    *out = t;
    return 0;
}

int doc_table_row(struct doc_table *t, const char *const *cells)
{
    void *rows = t->cells;
    const char **row;
    size_t i;
    /* the array grows by whole rows */
    if (grow(t->arena, &rows, t->nrows, &t->cap_rows, t->ncols * sizeof(*t->cells)))
        return ERR_TOO_LARGE;
    t->cells = rows;
    row = &t->cells[t->nrows * t->ncols];
    for (i = 0; i < t->ncols; i++)
        if (copy_str(t->arena, cells && cells[i] ? cells[i] : "\xe2\x80\x93", &row[i]))
            return ERR_TOO_LARGE;
    t->nrows++;
    return 0;
}

int doc_table_note(struct doc_table *t, const char *note)
{
    return copy_str(t->arena, note, &t->note);
}

int doc_chart_add(struct doc *d, enum doc_chart_kind kind, const char *title, size_t ncategories,
                  const char *const *categories, struct doc_chart **out)
{
    struct doc_chart *c;
    struct doc_block *b;
    size_t i;
    if (ncategories == 0 || (unsigned)kind > DOC_CHART_GRID)
        return ERR_INVALID;
    c = arena_alloc(d->arena, sizeof(*c));
    if (!c)
        return ERR_TOO_LARGE;
    c->arena = d->arena;
    c->kind = kind;
    c->ncategories = ncategories;
    c->categories = arena_alloc(d->arena, ncategories * sizeof(*c->categories));
    if (!c->categories || copy_str(d->arena, title, &c->title))
        return ERR_TOO_LARGE;
    for (i = 0; i < ncategories; i++)
        if (copy_str(d->arena, categories && categories[i] ? categories[i] : "", &c->categories[i]))
            return ERR_TOO_LARGE;
    if (add_block(d, DOC_CHART, &b))
        return ERR_TOO_LARGE;
    b->chart = c;
    *out = c;
    return 0;
}

int doc_chart_series(struct doc_chart *c, const char *name, const double *values)
{
    void *series = c->series;
    struct doc_series *s;
    double *copy;
    size_t i;
    for (i = 0; i < c->ncategories; i++)
        if (!(values[i] >= 0) && values[i] != DOC_CHART_NO_VALUE)
            return ERR_INVALID; /* negative or NaN: the charts draw counts and shares */
    copy = arena_alloc(c->arena, c->ncategories * sizeof(*copy));
    if (!copy || grow(c->arena, &series, c->nseries, &c->cap_series, sizeof(*c->series)))
        return ERR_TOO_LARGE;
    memcpy(copy, values, c->ncategories * sizeof(*copy));
    c->series = series;
    s = &c->series[c->nseries];
    if (copy_str(c->arena, name ? name : "", &s->name))
        return ERR_TOO_LARGE;
    s->values = copy;
    c->nseries++;
    return 0;
}

int doc_chart_labels(struct doc_chart *c, const char *x_label, const char *y_label,
                     const char *description)
{
    if (copy_str(c->arena, x_label, &c->x_label) || copy_str(c->arena, y_label, &c->y_label) ||
        copy_str(c->arena, description, &c->description))
        return ERR_TOO_LARGE;
    return 0;
}

int doc_render(const struct doc *d, enum doc_format f, struct strbuf *out, struct error *e)
{
    switch (f) {
    case DOC_FORMAT_PDF:
        return doc_render_pdf(d, out, e);
    case DOC_FORMAT_HTML:
        return doc_render_html(d, out, e);
    case DOC_FORMAT_MD:
        return doc_render_md(d, out, e);
    }
    return error_set(e, ERR_INVALID, NULL, "unknown document format %d", (int)f);
}

/* --- shared by the renderers -------------------------------------------- */

void doc_number_heading(struct doc_numbering *n, int level, char *buf, size_t size)
{
    int i;
    if (level < 1)
        level = 1;
    if (level > 3)
        level = 3;
    n->heading[level - 1]++;
    for (i = level; i < 3; i++)
        n->heading[i] = 0;
    if (level == 1)
        snprintf(buf, size, "%d", n->heading[0]);
    else if (level == 2)
        snprintf(buf, size, "%d.%d", n->heading[0], n->heading[1]);
    else
        snprintf(buf, size, "%d.%d.%d", n->heading[0], n->heading[1], n->heading[2]);
}

void doc_value_format(const struct doc_words *w, double v, char *buf, size_t size)
{
    char digits[64], *p;
    size_t len, i, o = 0;
    double whole;
    if (v == DOC_CHART_NO_VALUE || !isfinite(v)) {
        snprintf(buf, size, "\xe2\x80\x93");
        return;
    }
    whole = round(v);
    if (fabs(v - whole) < 1e-9)
        snprintf(digits, sizeof(digits), "%.0f", whole);
    else
        snprintf(digits, sizeof(digits), "%.1f", v);
    /* the integer part gets group separators, the point becomes the language's */
    p = strchr(digits, '.');
    len = p ? (size_t)(p - digits) : strlen(digits);
    for (i = 0; i < len && o + 2 < size; i++) {
        buf[o++] = digits[i];
        if (len > 3 && i + 1 < len && (len - i - 1) % 3 == 0)
            buf[o++] = w->group_sep[0];
    }
    if (p && o + 3 < size) {
        buf[o++] = w->decimal_sep[0];
        buf[o++] = p[1];
    }
    buf[o < size ? o : size - 1] = '\0';
}

int doc_each_paragraph(const char *text, int (*fn)(void *ctx, const char *p, size_t len), void *ctx)
{
    const char *s = text ? text : "";
    while (*s) {
        const char *end = s, *next, *a, *b;
        int rc;
        /* the paragraph ends at a line holding only white space */
        for (;;) {
            const char *nl = strchr(end, '\n'), *q;
            if (!nl) {
                end += strlen(end);
                next = end;
                break;
            }
            q = nl + 1;
            while (*q == ' ' || *q == '\t' || *q == '\r')
                q++;
            if (*q == '\n' || *q == '\0') {
                next = q;
                end = nl;
                break;
            }
            end = nl + 1;
        }
        a = s;
        b = end;
        while (a < b && (*a == ' ' || *a == '\n' || *a == '\t' || *a == '\r'))
            a++;
        while (b > a && (b[-1] == ' ' || b[-1] == '\n' || b[-1] == '\t' || b[-1] == '\r'))
            b--;
        if (b > a && (rc = fn(ctx, a, (size_t)(b - a))) != 0)
            return rc;
        s = next;
        while (*s == '\n' || *s == ' ' || *s == '\t' || *s == '\r')
            s++;
    }
    return 0;
}

int doc_check(const struct doc *d, struct error *e)
{
    size_t i;
    int figure = 0;
    for (i = 0; i < d->nblocks; i++) {
        const struct doc_chart *c = d->blocks[i].chart;
        if (d->blocks[i].kind != DOC_CHART)
            continue;
        figure++;
        if (c->nseries == 0)
            return error_set(e, ERR_INVALID, NULL, "figure %d (\"%s\"): a chart needs a series",
                             figure, c->title ? c->title : "");
    }
    return 0;
}

int doc_chart_has_gap(const struct doc_chart *c)
{
    size_t i, j;
    for (i = 0; i < c->nseries; i++)
        for (j = 0; j < c->ncategories; j++)
            if (c->series[i].values[j] == DOC_CHART_NO_VALUE)
                return 1;
    return 0;
}
