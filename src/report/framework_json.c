/*
 * framework_json.c — framework coverage as JSON (see report_json.h), for
 * `vitaal framework list|show --json` and GET /api/v1/framework-coverage,
 * so the command and the server answer in one shape. Writes what the
 * coverage holds; what it holds (all measures, or a reader's) is decided
 * when it is computed (domain/framework.h).
 */
#include "report/report_json.h"

#include <stdint.h>

static void write_text_or_null(struct json_writer *w, const char *key, const json_t *record)
{
    json_write_key(w, key);
    json_write_string(w, json_string_value(json_object_get(record, key)));
}

static void write_count(struct json_writer *w, const char *key, size_t n)
{
    json_write_key(w, key);
    json_write_int(w, (int64_t)n);
}

void framework_summary_write_json(struct json_writer *w, const struct framework_coverage *c)
{
    json_write_object_begin(w);
    write_text_or_null(w, "id", c->framework);
    write_text_or_null(w, "urn", c->framework);
    write_text_or_null(w, "ref_id", c->framework);
    write_text_or_null(w, "name", c->framework);
    write_count(w, "requirements", c->n);
    write_count(w, "assessable", c->assessable);
    write_count(w, "covered", c->covered);
    write_count(w, "covered_done", c->covered_done);
    json_write_object_end(w);
}

void framework_coverage_write_json(struct json_writer *w, const struct framework_coverage *c)
{
    size_t i, j;
    json_t *m;
    json_write_object_begin(w);
    json_write_key(w, "framework");
    json_write_object_begin(w);
    write_text_or_null(w, "id", c->framework);
    write_text_or_null(w, "urn", c->framework);
    write_text_or_null(w, "ref_id", c->framework);
    write_text_or_null(w, "name", c->framework);
    write_text_or_null(w, "description", c->framework);
    json_write_object_end(w);
    json_write_key(w, "requirements");
    json_write_array_begin(w);
    for (i = 0; i < c->n; i++) {
        const struct framework_node *n = &c->nodes[i];
        json_write_object_begin(w);
        write_text_or_null(w, "id", n->record);
        write_text_or_null(w, "parent", n->record);
        write_text_or_null(w, "ref_id", n->record);
        write_text_or_null(w, "name", n->record);
        write_text_or_null(w, "description", n->record);
        write_count(w, "depth", n->depth);
        json_write_key(w, "assessable");
        json_write_bool(w, json_is_true(json_object_get(n->record, "assessable")));
        json_write_key(w, "measures");
        json_write_array_begin(w);
        json_array_foreach(n->measures, j, m)
        {
            json_write_object_begin(w);
            write_text_or_null(w, "id", m);
            write_text_or_null(w, "name", m);
            write_text_or_null(w, "status", m);
            json_write_object_end(w);
        }
        json_write_array_end(w);
        json_write_key(w, "covered");
        json_write_bool(w, n->covered);
        json_write_key(w, "covered_done");
        json_write_bool(w, n->covered_done);
        json_write_object_end(w);
    }
    json_write_array_end(w);
    json_write_key(w, "coverage");
    json_write_object_begin(w);
    write_count(w, "assessable", c->assessable);
    write_count(w, "covered", c->covered);
    write_count(w, "covered_done", c->covered_done);
    json_write_object_end(w);
    json_write_object_end(w);
}
