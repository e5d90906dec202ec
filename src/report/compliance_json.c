/*
 * compliance_json.c — compliance per entity as JSON (see report_json.h),
 * for `vitaal compliance --json` and GET /api/v1/compliance, so the command
 * and the server answer in one shape. Writes what the table holds; what it
 * holds (everything, or what a reader may see) is decided when it is
 * computed (domain/compliance.h).
 */
#include "report/report_json.h"

static json_t *percent(double p)
{
    /* whole percents, rounded half up; null when there is nothing to divide by */
    return p < 0 ? json_null() : json_integer((json_int_t)(p + 0.5));
}

json_t *compliance_counts_json(const struct compliance_counts *c)
{
    json_t *o = json_object();
    size_t i;
    json_object_set_new(o, "entities", json_integer((json_int_t)c->entities));
    json_object_set_new(o, "total", json_integer((json_int_t)c->total));
    for (i = 0; i < COMPLIANCE_RESULT_COUNT; i++)
        json_object_set_new(o, compliance_result_names[i],
                            json_integer((json_int_t)c->by_result[i]));
    json_object_set_new(o, "assessed", json_integer((json_int_t)compliance_assessed(c)));
    json_object_set_new(o, "percent_assessed", percent(compliance_percent_assessed(c)));
    json_object_set_new(o, "percent_compliant", percent(compliance_percent_compliant(c)));
    return o;
}

json_t *compliance_table_json(const struct compliance_table *t, enum compliance_group group,
                              const char *lang)
{
    static const char *const groups[] = {"entity", "sector", "process"};
    const char *library = json_string_value(json_object_get(t->framework, "language"));
    const char *name = compliance_text(t->framework, "name", lang, library);
    json_t *rows = json_array(), *row, *doc;
    struct compliance_counts sum = {0};
    size_t i, j;

    for (i = 0; i < t->n; i++) {
        const json_t *r = t->rows[i].record;
        json_t *counts = compliance_counts_json(&t->rows[i].counts);
        row = json_pack("{sO sO}", "id", json_object_get(r, "id"), "name",
                        json_object_get(r, "name"));
        json_object_update(row, counts);
        json_decref(counts);
        json_array_append_new(rows, row);
        if (group == COMPLIANCE_BY_ENTITY) { /* an entity is in one row only */
            sum.entities += t->rows[i].counts.entities;
            sum.total += t->rows[i].counts.total;
            for (j = 0; j < COMPLIANCE_RESULT_COUNT; j++)
                sum.by_result[j] += t->rows[i].counts.by_result[j];
        }
    }
    doc = json_pack(
        "{s{sO sO ss* sO} ss so}", "framework", "id", json_object_get(t->framework, "id"), "ref_id",
        json_object_get(t->framework, "ref_id") ? json_object_get(t->framework, "ref_id")
                                                : json_null(),
        "name", name, "language", json_object_get(t->framework, "language"), "group", groups[group],
        "rows", rows);
    if (group == COMPLIANCE_BY_ENTITY)
        json_object_set_new(doc, "total", compliance_counts_json(&sum));
    return doc;
}
