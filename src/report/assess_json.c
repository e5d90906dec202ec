/*
 * assess_json.c — the vitaalbeoordeling as JSON (see report_json.h), for
 * `vitaal assess --json` and POST /api/v1/assess; and report_shows, the
 * filter test every writer here uses.
 */
#include "report/report_json.h"

#include <string.h>

int report_shows(const struct report_filter *f, enum kind_id kind, const char *id)
{
    return f == NULL || f->shown == NULL || f->shown(f->ctx, kind, id);
}

int report_counts(const struct report_filter *f, enum kind_id kind, const char *id)
{
    if (f != NULL && f->readable != NULL)
        return f->readable(f->ctx, kind, id);
    return report_shows(f, kind, id);
}

static int visible_shown(void *ctx, enum kind_id kind, const char *id)
{
    return visible_shows(ctx, kind, id);
}

/* visible_check without noting; a failure is kept in v->rc, as visible_shows does. */
static int visible_readable(void *ctx, enum kind_id kind, const char *id)
{
    struct visible *v = ctx;
    int shown = 0, rc = visible_check(v, kind, id, 0, &shown);
    if (rc != 0 && v->rc == 0)
        v->rc = rc;
    return rc == 0 && shown;
}

struct report_filter report_filter_visible(struct visible *v)
{
    struct report_filter f = {visible_shown, v, visible_readable};
    return f;
}

static void write_number_or_null(struct json_writer *w, int has, double v)
{
    if (has)
        json_write_real(w, v);
    else
        json_write_null(w);
}

static void write_criteria(struct json_writer *w, const struct assess_result *r)
{
    size_t i;
    json_write_array_begin(w);
    for (i = 0; i < r->n_criteria; i++) {
        const struct assess_criterion *c = &r->criteria[i];
        json_write_object_begin(w);
        json_write_key(w, "id");
        json_write_string(w, c->id);
        json_write_key(w, "unit");
        json_write_string(w, c->unit);
        json_write_key(w, "estimate");
        write_number_or_null(w, c->has_value, c->value);
        json_write_key(w, "category_a_above");
        write_number_or_null(w, c->has_a, c->a_above);
        json_write_key(w, "category_b_above");
        write_number_or_null(w, c->has_b, c->b_above);
        json_write_key(w, "comparator");
        json_write_string(w, assess_comparator_name(c->comparator));
        json_write_key(w, "category_a_verified");
        json_write_bool(w, c->a_verified);
        json_write_key(w, "category_b_verified");
        json_write_bool(w, c->b_verified);
        json_write_key(w, "exceeds");
        json_write_string(w, assess_meets_name(c));
        json_write_object_end(w);
    }
    json_write_array_end(w);
}

/* The thresholds not yet verified against a primary source. */
static void write_unverified(struct json_writer *w, const struct assess_result *r)
{
    size_t i;
    int cat;
    json_write_array_begin(w);
    for (i = 0; i < r->n_criteria; i++) {
        const struct assess_criterion *c = &r->criteria[i];
        for (cat = 0; cat < 2; cat++) {
            if (!(cat == 0 ? c->has_a && !c->a_verified : c->has_b && !c->b_verified))
                continue;
            json_write_object_begin(w);
            json_write_key(w, "criterion");
            json_write_string(w, c->id);
            json_write_key(w, "category");
            json_write_string(w, cat == 0 ? "A" : "B");
            json_write_key(w, "threshold");
            json_write_real(w, cat == 0 ? c->a_above : c->b_above);
            json_write_key(w, "comparator");
            json_write_string(w, assess_comparator_name(c->comparator));
            json_write_object_end(w);
        }
    }
    json_write_array_end(w);
}

static void write_id_or_null(struct json_writer *w, const char *id)
{
    if (id[0])
        json_write_string(w, id);
    else
        json_write_null(w);
}

void assess_write_json(struct json_writer *w, const struct assess_result *r,
                       const struct report_filter *f)
{
    size_t i, not_visible = 0;
    json_write_object_begin(w);
    json_write_key(w, "process");
    json_write_string(w, r->process);
    json_write_key(w, "name");
    json_write_string(w, r->process_name);
    json_write_key(w, "sector");
    json_write_string(w, r->process_sector);
    json_write_key(w, "assessment");
    write_id_or_null(w, r->assessment);
    json_write_key(w, "date");
    write_id_or_null(w, r->assessment_date);
    json_write_key(w, "category");
    json_write_string(w, assess_category_name(r->category));
    json_write_key(w, "previous_category");
    write_id_or_null(w, r->previous_category);
    json_write_key(w, "process_category");
    json_write_string(w, r->process_category);
    json_write_key(w, "differs_from_process");
    json_write_bool(w, strcmp(r->process_category, assess_category_name(r->category)) != 0);
    json_write_key(w, "outage_h");
    json_write_int(w, r->outage_h);
    json_write_key(w, "horizon_h");
    json_write_int(w, r->horizon_h);
    json_write_key(w, "cascade");
    json_write_object_begin(w);
    json_write_key(w, "count");
    json_write_int(w, r->cascade);
    json_write_key(w, "unit");
    json_write_string(w, assess_unit_name(r->unit));
    json_write_key(w, "min_down_h");
    json_write_int(w, r->min_down_h);
    json_write_key(w, "processes");
    json_write_array_begin(w);
    for (i = 0; i < r->n_cascade_ids; i++) {
        if (report_shows(f, KIND_PROCESS, r->cascade_ids[i]))
            json_write_string(w, r->cascade_ids[i]);
        else
            not_visible++;
    }
    json_write_array_end(w);
    /* count is the decision's number (hidden processes included, as the
     * criterion counts them); this says how many of them are not named */
    json_write_key(w, "not_visible");
    json_write_int(w, (int64_t)not_visible);
    json_write_key(w, "sectors");
    json_write_array_begin(w);
    for (i = 0; r->cascade_sectors && r->cascade_sectors[i]; i++) {
        if (report_shows(f, KIND_SECTOR, r->cascade_sectors[i]))
            json_write_string(w, r->cascade_sectors[i]);
    }
    json_write_array_end(w);
    json_write_object_end(w);
    json_write_key(w, "criteria");
    write_criteria(w, r);
    json_write_key(w, "decided_by");
    json_write_array_begin(w);
    for (i = 0; i < r->n_decided_by; i++)
        json_write_string(w, r->criteria[r->decided_by[i]].id);
    json_write_array_end(w);
    json_write_key(w, "unverified");
    write_unverified(w, r);
    json_write_key(w, "engine_explanation");
    json_write_string(w, r->explanation);
    json_write_key(w, "written");
    json_write_bool(w, r->written);
    json_write_key(w, "recorded");
    write_id_or_null(w, r->recorded);
    json_write_key(w, "recorded_date");
    write_id_or_null(w, r->recorded_date);
    json_write_object_end(w);
}
