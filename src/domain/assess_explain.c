/*
 * assess_explain.c — the engine's explanation of a vitaalbeoordeling (see
 * assess.h): one paragraph in English that says the category, the
 * estimates that decided it, the cascade count in its unit, the estimates
 * that are missing, how a threshold counts, and which thresholds are not
 * yet verified against a primary source. Only reads the result.
 */
#include "domain/assess.h"

#include "base/strbuf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *assess_format_number(double v, char buf[32])
{
    int precision;
    char *e;
    if (fabs(v) < 1e6) {
        if (v == floor(v)) {
            snprintf(buf, 32, "%.0f", v);
            return buf;
        }
        for (precision = 1; precision < 17; precision++) {
            snprintf(buf, 32, "%.*g", precision, v);
            if (strtod(buf, NULL) == v)
                break;
        }
        return buf;
    }
    /* the shortest mantissa that reads back exactly, at least one decimal */
    for (precision = 1; precision < 17; precision++) {
        snprintf(buf, 32, "%.*e", precision, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    if ((e = strchr(buf, 'e')) != NULL) {
        /* "6.0e+10" -> "6.0e10" */
        char *src = e + 1, *dst = e + 1;
        if (*src == '+')
            src++;
        else if (*src == '-')
            *dst++ = *src++;
        while (*src == '0' && src[1] != '\0')
            src++;
        memmove(dst, src, strlen(src) + 1);
    }
    return buf;
}

static void put_name(struct strbuf *b, const char *id)
{
    for (; *id; id++)
        strbuf_putc(b, *id == '_' ? ' ' : *id);
}

/* "a", "a and b", "a, b and c" of the criteria names picked by want. */
static void put_names(struct strbuf *b, const struct assess_result *r,
                      int (*want)(const struct assess_criterion *c, const void *ctx),
                      const void *ctx)
{
    size_t i, n = 0, said = 0;
    for (i = 0; i < r->n_criteria; i++)
        n += want(&r->criteria[i], ctx) != 0;
    for (i = 0; i < r->n_criteria; i++) {
        if (!want(&r->criteria[i], ctx))
            continue;
        if (said > 0)
            strbuf_puts(b, said + 1 == n ? " and " : ", ");
        put_name(b, r->criteria[i].id);
        said++;
    }
}

static void put_estimate(struct strbuf *b, const struct assess_criterion *c)
{
    char num[32];
    size_t unit_len = strcspn(c->unit, "(");
    while (unit_len > 0 && c->unit[unit_len - 1] == ' ')
        unit_len--;
    put_name(b, c->id);
    assess_format_number(c->value, num);
    if (strcmp(c->unit, "EUR") == 0) {
        strbuf_printf(b, " EUR %s", num);
    } else {
        strbuf_printf(b, " %s", num);
        /* "people affected 7.0e6", not "... people" twice */
        if (unit_len > 0 && !memmem(c->id, strlen(c->id), c->unit, unit_len)) {
            strbuf_putc(b, ' ');
            strbuf_append(b, c->unit, unit_len);
        }
    }
}

static const char *compared(const struct assess_criterion *c)
{
    return c->comparator == ASSESS_AT_LEAST ? "at least" : "more than";
}

static void put_cascade(struct strbuf *b, const struct assess_result *r,
                        const struct assess_criterion *c, int capital)
{
    char num[32];
    strbuf_printf(b, "%cts failure for %ld h takes down ", capital ? 'I' : 'i', (long)r->outage_h);
    if (r->unit == ASSESS_UNIT_SECTORS)
        strbuf_printf(b, "vital processes in %lu other sector%s", (unsigned long)r->cascade,
                      r->cascade == 1 ? "" : "s");
    else
        strbuf_printf(b, "%lu other vital process%s", (unsigned long)r->cascade,
                      r->cascade == 1 ? "" : "es");
    strbuf_printf(b, " (down at least %ld h within %ld h", (long)r->min_down_h, (long)r->horizon_h);
    if (c == NULL) {
        strbuf_puts(b, "; no vitaal criterion 'cascade': not counted)");
        return;
    }
    strbuf_puts(b, "; cascade threshold A: ");
    if (c->has_a)
        strbuf_printf(b, "%s %s", compared(c), assess_format_number(c->a_above, num));
    else
        strbuf_puts(b, "none");
    strbuf_puts(b, c->has_b ? "; B: " : "; no B threshold");
    if (c->has_b)
        strbuf_printf(b, "%s %s", compared(c), assess_format_number(c->b_above, num));
    strbuf_putc(b, ')');
}

static int missing(const struct assess_criterion *c, const void *ctx)
{
    (void)ctx;
    return !c->has_value && strcmp(c->id, ASSESS_CASCADE_CRITERION) != 0;
}

static int at_least(const struct assess_criterion *c, const void *ctx)
{
    (void)ctx;
    return c->comparator == ASSESS_AT_LEAST;
}

static int unverified(const struct assess_criterion *c, const void *ctx)
{
    return *(const char *)ctx == 'A' ? c->has_a && !c->a_verified : c->has_b && !c->b_verified;
}

static size_t count(const struct assess_result *r,
                    int (*want)(const struct assess_criterion *c, const void *ctx), const void *ctx)
{
    size_t i, n = 0;
    for (i = 0; i < r->n_criteria; i++)
        n += want(&r->criteria[i], ctx) != 0;
    return n;
}

/* "Not yet verified against a primary source: the A threshold of cascade;
 * the B thresholds of ..." — nothing when every threshold is verified. */
static void put_unverified(struct strbuf *b, const struct assess_result *r,
                           const struct assess_criterion *cascade)
{
    static const char a = 'A', bee = 'B';
    size_t na = count(r, unverified, &a), nb = count(r, unverified, &bee);
    if (na + nb == 0)
        return;
    strbuf_puts(b, " Not yet verified against a primary source: ");
    if (na > 0) {
        strbuf_printf(b, "the A threshold%s of ", na == 1 ? "" : "s");
        put_names(b, r, unverified, &a);
    }
    if (nb > 0) {
        strbuf_printf(b, "%sthe B threshold%s of ", na > 0 ? "; " : "", nb == 1 ? "" : "s");
        put_names(b, r, unverified, &bee);
    }
    if (cascade && (unverified(cascade, &a) || unverified(cascade, &bee)))
        strbuf_puts(b, "; with the cascade rule its settings too (what it counts, the outage, "
                       "the horizon and the minimum hours down)");
    strbuf_putc(b, '.');
}

char *assess_explain(const struct assess_result *r)
{
    struct strbuf b = STRBUF_INIT;
    const struct assess_criterion *cascade = NULL;
    char num[32];
    size_t i, said = 0;
    int cascade_decides = 0;
    const char *cat = assess_category_name(r->category);

    for (i = 0; i < r->n_criteria; i++) {
        if (strcmp(r->criteria[i].id, ASSESS_CASCADE_CRITERION) == 0)
            cascade = &r->criteria[i];
    }
    if (r->category == ASSESS_NONE)
        strbuf_printf(&b,
                      "%s is not vital (category none): no estimate meets a threshold of "
                      "category A or B",
                      r->process_name);
    else if (r->category == ASSESS_B)
        strbuf_printf(&b, "%s is category B (no estimate meets an A threshold): ", r->process_name);
    else
        strbuf_printf(&b, "%s is category A: ", r->process_name);
    /* the estimates first, then the computed cascade */
    for (i = 0; i < r->n_decided_by; i++) {
        const struct assess_criterion *c = &r->criteria[r->decided_by[i]];
        if (c == cascade) {
            cascade_decides = 1;
            continue;
        }
        if (said++ > 0)
            strbuf_puts(&b, "; ");
        put_estimate(&b, c);
        strbuf_printf(&b, " %s the %s threshold %s",
                      c->comparator == ASSESS_AT_LEAST ? "reaches" : "exceeds", cat,
                      assess_format_number(r->category == ASSESS_A ? c->a_above : c->b_above, num));
    }
    if (cascade_decides) {
        if (said > 0)
            strbuf_puts(&b, "; ");
        put_cascade(&b, r, cascade, 0);
        strbuf_puts(&b, ". ");
    } else {
        strbuf_puts(&b, ". ");
        put_cascade(&b, r, cascade, 1);
        strbuf_puts(&b, ". ");
    }
    if (count(r, missing, NULL) > 0) {
        strbuf_puts(&b, "No estimate for ");
        put_names(&b, r, missing, NULL);
        strbuf_puts(&b, " (not counted). ");
    }
    strbuf_puts(&b, "A threshold counts when the estimate is strictly greater than it");
    if (count(r, at_least, NULL) > 0) {
        strbuf_puts(&b, "; for ");
        put_names(&b, r, at_least, NULL);
        strbuf_puts(&b, " when it is at least equal to it");
    }
    strbuf_putc(&b, '.');
    put_unverified(&b, r, cascade);
    return strbuf_detach(&b);
}
