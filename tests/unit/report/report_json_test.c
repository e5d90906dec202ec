/*
 * report_json_test.c — tests the documents of src/report that the CLI and
 * the API share (cascade_json.c, review_json.c, incident_json.c): without a
 * filter they name everything; with one they leave out what it hides,
 * count it where the document says so, and name (so note for the audit)
 * only what they write, never what they only count.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "report/report_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A filter hiding the ids listed in hidden and counting what it was asked:
 * named (shown) and counted only (readable). */
struct spy {
    const char *const *hidden;
    json_t *named;   /* ids shown was asked of */
    json_t *counted; /* ids readable was asked of */
};

static int spy_hides(const struct spy *s, const char *id)
{
    size_t i;
    for (i = 0; s->hidden && s->hidden[i]; i++)
        if (strcmp(s->hidden[i], id) == 0)
            return 1;
    return 0;
}

static int spy_shown(void *ctx, enum kind_id kind, const char *id)
{
    struct spy *s = ctx;
    (void)kind;
    json_object_set_new(s->named, id, json_true());
    return !spy_hides(s, id);
}

static int spy_readable(void *ctx, enum kind_id kind, const char *id)
{
    struct spy *s = ctx;
    (void)kind;
    json_object_set_new(s->counted, id, json_true());
    return !spy_hides(s, id);
}

static void spy_init(struct spy *s, const char *const *hidden, struct report_filter *f)
{
    s->hidden = hidden;
    s->named = json_object();
    s->counted = json_object();
    f->shown = spy_shown;
    f->readable = spy_readable;
    f->ctx = s;
}

static void spy_release(struct spy *s)
{
    json_decref(s->named);
    json_decref(s->counted);
}

/* The document w wrote into buf, parsed (the writer must have finished). */
static json_t *parsed(struct json_writer *w, struct strbuf *buf)
{
    json_t *doc;
    assert_int_equal(json_writer_finish(w), 0);
    doc = json_loads(buf->data, 0, NULL);
    assert_non_null(doc);
    strbuf_release(buf);
    return doc;
}

static struct graph *worked_example(void)
{
    struct graph_builder *b = NULL;
    struct graph *g = NULL;
    struct error err = {0};
    const char *power[] = {"power"}, *telecom[] = {"telecom"};
    b = graph_builder_new();
    assert_int_equal(graph_builder_add_node(b, "power", 0, &err), 0);
    assert_int_equal(graph_builder_add_node(b, "telecom", 0, &err), 0);
    assert_int_equal(graph_builder_add_input(b, "telecom", power, 1, 4, 0, 0, 0, &err), 0);
    assert_int_equal(graph_builder_add_node(b, "water", 0, &err), 0);
    assert_int_equal(graph_builder_add_input(b, "water", power, 1, 0, 1, 2, 10, &err), 0);
    assert_int_equal(graph_builder_add_input(b, "payments", telecom, 1, 0, 0, 0, 0, &err), 0);
    assert_int_equal(graph_builder_add_node(b, "payments", 3, &err), 0);
    assert_int_equal(graph_builder_finish(b, &g, &err), 0);
    graph_builder_free(b);
    return g;
}

static const char *str(const json_t *doc, const char *path_key, size_t i, const char *key)
{
    return json_string_value(
        json_object_get(json_array_get(json_object_get(doc, path_key), i), key));
}

static void test_cascade(void **state)
{
    static const char *const hidden[] = {"water", NULL};
    const char *failed[] = {"power"};
    struct graph *g = worked_example();
    struct cascade_result *r = NULL;
    struct error err = {0};
    struct strbuf buf = STRBUF_INIT;
    struct json_writer w;
    struct report_filter f;
    struct spy s;
    uint32_t power, water;
    json_t *doc, *services = json_pack("{s:b}", "telecom", 1);
    (void)state;
    assert_int_equal(graph_node_find(g, "power", &power), 0);
    assert_int_equal(graph_node_find(g, "water", &water), 0);
    {
        struct cascade_event ev = {&power, 1, 24, 48, NULL};
        assert_int_equal(cascade_run(g, &ev, &r, &err), 0);
    }
    assert_non_null(cascade_result_find(r, water));
    assert_int_equal(cascade_result_find(r, water)->down_h, 14);
    {
        struct cascade_doc d = {g, r, failed, 1, services};
        /* no filter: everything, each node with its type */
        json_writer_init_buf(&w, &buf, 0);
        cascade_write_json(&w, &d, NULL);
        doc = parsed(&w, &buf);
        assert_int_equal(json_integer_value(json_object_get(doc, "affected")), 4);
        assert_int_equal(json_integer_value(json_object_get(doc, "not_visible")), 0);
        assert_int_equal(json_array_size(json_object_get(doc, "nodes")), 4);
        assert_string_equal(str(doc, "nodes", 3, "id"), "telecom");
        assert_string_equal(str(doc, "nodes", 3, "type"), "service");
        assert_string_equal(str(doc, "nodes", 1, "type"), "process");
        json_decref(doc);
        /* water hidden: left out, counted as not visible */
        spy_init(&s, hidden, &f);
        json_writer_init_buf(&w, &buf, 0);
        cascade_write_json(&w, &d, &f);
        doc = parsed(&w, &buf);
        assert_int_equal(json_integer_value(json_object_get(doc, "affected")), 3);
        assert_int_equal(json_integer_value(json_object_get(doc, "not_visible")), 1);
        assert_int_equal(json_array_size(json_object_get(doc, "nodes")), 3);
        assert_string_equal(str(doc, "nodes", 1, "id"), "payments");
        {
            char *text = json_dumps(doc, 0);
            assert_null(strstr(text, "water")); /* named nowhere in the answer */
            free(text);
        }
        json_decref(doc);
        spy_release(&s);
    }
    /* a graph file: no types */
    {
        struct cascade_doc d = {g, r, failed, 1, NULL};
        json_writer_init_buf(&w, &buf, 0);
        cascade_write_json(&w, &d, NULL);
        doc = parsed(&w, &buf);
        assert_null(json_object_get(json_array_get(json_object_get(doc, "nodes"), 0), "type"));
        json_decref(doc);
    }
    json_decref(services);
    cascade_result_free(r);
    graph_free(g);
}

static void test_criticality_names_only_what_it_shows(void **state)
{
    static const char *const hidden[] = {"telecom", NULL};
    struct graph *g = worked_example();
    struct criticality_entry all[4];
    const char *order[] = {"power", "telecom", "water", "payments"};
    struct strbuf buf = STRBUF_INIT;
    struct json_writer w;
    struct report_filter f;
    struct spy s;
    json_t *doc, *services = json_object();
    size_t i;
    (void)state;
    for (i = 0; i < 4; i++) {
        assert_int_equal(graph_node_find(g, order[i], &all[i].node), 0);
        all[i].affected = (uint32_t)(4 - i);
        all[i].down_node_hours = 10;
    }
    {
        struct criticality_doc d = {g, all, 4, 24, 48, 2, services};
        spy_init(&s, hidden, &f);
        json_writer_init_buf(&w, &buf, 0);
        criticality_write_json(&w, &d, &f);
        doc = parsed(&w, &buf);
    }
    /* the top 2 of what the user may see: power and water; telecom counted */
    assert_int_equal(json_array_size(json_object_get(doc, "ranking")), 2);
    assert_string_equal(str(doc, "ranking", 0, "id"), "power");
    assert_string_equal(str(doc, "ranking", 1, "id"), "water");
    assert_int_equal(json_integer_value(json_object_get(doc, "processes")), 3);
    assert_int_equal(json_integer_value(json_object_get(doc, "services")), 0);
    assert_int_equal(json_integer_value(json_object_get(doc, "not_visible")), 1);
    /* every node counted; payments, beyond the top, never named (no audit) */
    assert_int_equal(json_object_size(s.counted), 4);
    assert_null(json_object_get(s.named, "payments"));
    assert_non_null(json_object_get(s.named, "water"));
    json_decref(doc);
    spy_release(&s);
    json_decref(services);
    graph_free(g);
}

static void test_reviews(void **state)
{
    static const char *const hidden[] = {"m-hidden", "rv-secret", "ri-secret", NULL};
    struct toetsing_measure m[3];
    struct toetsing_report r = {.measures = m, .n = 3, .today = "2026-11-16", .due_soon_days = 30};
    struct strbuf buf = STRBUF_INIT;
    struct json_writer w;
    struct report_filter f;
    struct spy s;
    json_t *doc, *x;
    (void)state;
    memset(m, 0, sizeof m);
    m[0].id = "m-a";
    m[0].name = "A";
    snprintf(m[0].status, sizeof m[0].status, "done");
    m[0].active = 1;
    m[0].n_reviews = 2;
    snprintf(m[0].last_review_id, sizeof m[0].last_review_id, "rv-secret");
    snprintf(m[0].last_review, sizeof m[0].last_review, "2026-10-01");
    snprintf(m[0].result, sizeof m[0].result, "effective");
    snprintf(m[0].effect, sizeof m[0].effect, "likelihood");
    m[0].effect_risk = "ri-secret";
    m[1] = m[0];
    m[1].id = "m-hidden";
    m[2].id = "m-planned";
    m[2].name = "P";
    snprintf(m[2].status, sizeof m[2].status, "planned");
    json_writer_init_buf(&w, &buf, 0);
    review_status_write_json(&w, &r, 0, NULL);
    doc = parsed(&w, &buf);
    assert_int_equal(json_array_size(json_object_get(doc, "measures")), 3);
    assert_int_equal(json_integer_value(json_object_get(doc, "not_active")), 1);
    x = json_array_get(json_object_get(doc, "measures"), 0);
    assert_string_equal(json_string_value(json_object_get(json_object_get(x, "last_review"), "id")),
                        "rv-secret");
    assert_string_equal(json_string_value(json_object_get(x, "effect_risk")), "ri-secret");
    assert_int_equal(json_integer_value(json_object_get(x, "reviews")), 2);
    json_decref(doc);

    spy_init(&s, hidden, &f);
    json_writer_init_buf(&w, &buf, 0);
    review_status_write_json(&w, &r, 0, &f);
    doc = parsed(&w, &buf);
    assert_int_equal(json_array_size(json_object_get(doc, "measures")), 2);
    x = json_array_get(json_object_get(doc, "measures"), 0);
    assert_true(json_is_null(json_object_get(x, "last_review")));
    assert_true(json_is_null(json_object_get(x, "effect_risk")));
    assert_string_equal(str(doc, "measures", 1, "id"), "m-planned");
    json_decref(doc);
    /* --due: only the active ones that need a review; not_active still counted */
    m[0].needs_review = 1;
    json_writer_init_buf(&w, &buf, 0);
    review_status_write_json(&w, &r, 1, &f);
    doc = parsed(&w, &buf);
    assert_int_equal(json_array_size(json_object_get(doc, "measures")), 1);
    assert_int_equal(json_integer_value(json_object_get(doc, "not_active")), 1);
    json_decref(doc);
    spy_release(&s);
}

static void test_incidents(void **state)
{
    static const char *const hidden[] = {"org-hidden", "inc-hidden", NULL};
    struct notification_incident inc[2];
    struct notification_report r;
    struct strbuf buf = STRBUF_INIT;
    struct json_writer w;
    struct report_filter f;
    struct spy s;
    json_t *doc, *x;
    (void)state;
    memset(inc, 0, sizeof inc);
    memset(&r, 0, sizeof r);
    inc[0].record = json_pack("{s:s,s:s,s:s,s:s,s:b}", "id", "inc-1", "title", "Storing", "process",
                              "p-1", "provider", "org-hidden", "significant", 1);
    inc[0].n_deadlines = 2;
    inc[0].deadlines[0] = (struct notification_deadline){
        "NIS2", "early_warning", 1000, "early_warning_at", 1, 900, NOTIFICATION_MET, 100};
    inc[0].deadlines[1] = (struct notification_deadline){
        "NIS2", "notification", 2000, "notification_at", 0, 0, NOTIFICATION_OVERDUE, 50};
    inc[1].record = json_pack("{s:s,s:s,s:s}", "id", "inc-hidden", "title", "X", "process", "p-1");
    r.incidents = inc;
    r.n = 2;
    r.now = 2050;
    spy_init(&s, hidden, &f);
    json_writer_init_buf(&w, &buf, 0);
    incident_deadlines_write_json(&w, &r, 0, &f);
    doc = parsed(&w, &buf);
    assert_int_equal(json_array_size(json_object_get(doc, "incidents")), 1);
    x = json_array_get(json_object_get(doc, "incidents"), 0);
    assert_string_equal(json_string_value(json_object_get(x, "title")), "Storing");
    assert_string_equal(json_string_value(json_object_get(x, "process")), "p-1");
    assert_true(json_is_null(json_object_get(x, "provider")));
    assert_int_equal(json_integer_value(json_object_get(
                         json_array_get(json_object_get(x, "deadlines"), 1), "seconds_left")),
                     -50);
    json_decref(doc);
    /* --overdue: only the missed deadline */
    json_writer_init_buf(&w, &buf, 0);
    incident_deadlines_write_json(&w, &r, 1, NULL);
    doc = parsed(&w, &buf);
    x = json_array_get(json_object_get(doc, "incidents"), 0);
    assert_int_equal(json_array_size(json_object_get(doc, "incidents")), 1);
    assert_int_equal(json_array_size(json_object_get(x, "deadlines")), 1);
    assert_string_equal(json_string_value(json_object_get(x, "provider")), "org-hidden");
    json_decref(doc);
    spy_release(&s);
    json_decref(inc[0].record);
    json_decref(inc[1].record);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cascade),
        cmocka_unit_test(test_criticality_names_only_what_it_shows),
        cmocka_unit_test(test_reviews),
        cmocka_unit_test(test_incidents),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
