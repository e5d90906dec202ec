/*
 * report_schema_test.c — tests the writers' schemas (report/schema.c): every
 * writer declares the components of its documents, the writers' documents
 * match them, and a document with a field its writer's schema does not
 * declare fails — in the check itself and as the API writes it
 * (report_doc_run), shown with a test writer that adds one field to the
 * cascade's document rather than by breaking a real writer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "domain/access.h"
#include "report/report_json.h"
#include "report/report_schema.h"
#include "support/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* the cascade of power failing in the worked example, as written */
struct cascade_fixture {
    struct graph *g;
    struct cascade_result *r;
    json_t *services;
    const char *failed[1];
    struct cascade_doc d;
};

static void cascade_fixture(struct cascade_fixture *x)
{
    struct error err = {0};
    uint32_t power;
    memset(x, 0, sizeof *x);
    x->g = worked_example();
    x->services = json_pack("{s:b}", "telecom", 1);
    x->failed[0] = "power";
    assert_int_equal(graph_node_find(x->g, "power", &power), 0);
    {
        struct cascade_event ev = {&power, 1, 24, 48, NULL};
        assert_int_equal(cascade_run(x->g, &ev, &x->r, &err), 0);
    }
    x->d = (struct cascade_doc){x->g, x->r, x->failed, 1, x->services};
}

static void cascade_fixture_release(struct cascade_fixture *x)
{
    json_decref(x->services);
    cascade_result_free(x->r);
    graph_free(x->g);
}

/* v written through the json writer, as a writer writes */
static void write_value(struct json_writer *w, const json_t *v)
{
    const char *key;
    json_t *sub;
    size_t i;
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        json_write_object_begin(w);
        json_object_foreach((json_t *)v, key, sub)
        {
            json_write_key(w, key);
            write_value(w, sub);
        }
        json_write_object_end(w);
        break;
    case JSON_ARRAY:
        json_write_array_begin(w);
        json_array_foreach(v, i, sub)
        {
            write_value(w, sub);
        }
        json_write_array_end(w);
        break;
    case JSON_STRING:
        json_write_string(w, json_string_value(v));
        break;
    case JSON_INTEGER:
        json_write_int(w, json_integer_value(v));
        break;
    case JSON_REAL:
        json_write_real(w, json_real_value(v));
        break;
    case JSON_TRUE:
    case JSON_FALSE:
        json_write_bool(w, json_is_true(v));
        break;
    default:
        json_write_null(w);
    }
}

/* The test writer: the cascade's document with one field more ("owner"), at
 * the top (extra_where NULL) or in the first item of the array extra_where. */
static const char *extra_where;

static void cascade_with_extra_field(struct json_writer *w, const struct cascade_doc *d,
                                     const struct report_filter *f)
{
    struct strbuf buf = STRBUF_INIT;
    struct json_writer inner;
    json_t *doc, *at;
    json_writer_init_buf(&inner, &buf, 0);
    cascade_write_json(&inner, d, f);
    assert_int_equal(json_writer_finish(&inner), 0);
    doc = json_loads(buf.data, 0, NULL);
    at = extra_where ? json_array_get(json_object_get(doc, extra_where), 0) : doc;
    assert_non_null(at);
    json_object_set_new(at, "owner", json_string("ezk"));
    write_value(w, doc);
    json_decref(doc);
    strbuf_release(&buf);
}

static int check_text(const char *schema, const char *text, struct error *e)
{
    return report_schema_check(schema, text, strlen(text), e);
}

static int check_written(const char *schema, struct strbuf *buf, struct error *e)
{
    int rc = report_schema_check(schema, buf->data, buf->len, e);
    strbuf_reset(buf);
    return rc;
}

static void test_every_writer_declares_its_schemas(void **state)
{
    static const char *const names[] = {"CascadeResult",
                                        "CascadeNode",
                                        "CriticalityResult",
                                        "RankedNode",
                                        "Status",
                                        "ReviewStatus",
                                        "IncidentDeadlines",
                                        "FallbackNeed",
                                        "WhatifResult",
                                        "WhatifDown",
                                        "WhatifState",
                                        "AssessResult",
                                        "RiskPicture",
                                        "RiskGrid",
                                        "Resilience",
                                        "RiskScored",
                                        "QuickscanResult",
                                        "ComplianceCounts",
                                        "ComplianceTable",
                                        "FrameworkTree",
                                        "FrameworkSummary",
                                        NULL};
    struct error e = {0};
    json_t *all = NULL;
    size_t i;
    (void)state;
    assert_int_equal(report_schemas(&all, &e), 0);
    for (i = 0; names[i]; i++) {
        if (!json_is_object(json_object_get(all, names[i])))
            fail_msg("no writer declares %s", names[i]);
    }
    assert_int_equal(json_object_size(all), i);
    /* the closed ones are closed */
    assert_true(json_is_false(
        json_object_get(json_object_get(all, "CascadeResult"), "additionalProperties")));
    json_decref(all);
    assert_int_equal(check_text("NoSuchDocument", "{}", &e), ERR_INTERNAL);
    assert_non_null(strstr(e.message, "NoSuchDocument"));
}

static void test_the_writers_match_their_schemas(void **state)
{
    struct cascade_fixture x;
    struct criticality_entry all[4];
    const char *order[] = {"power", "telecom", "water", "payments"};
    struct strbuf buf = STRBUF_INIT;
    struct json_writer w;
    struct error e = {0};
    size_t i;
    (void)state;
    cascade_fixture(&x);
    json_writer_init_buf(&w, &buf, 0);
    cascade_write_json(&w, &x.d, NULL);
    assert_int_equal(json_writer_finish(&w), 0);
    if (check_written("CascadeResult", &buf, &e) != 0)
        fail_msg("%s", e.message);
    for (i = 0; i < 4; i++) {
        assert_int_equal(graph_node_find(x.g, order[i], &all[i].node), 0);
        all[i].affected = (uint32_t)(4 - i);
        all[i].down_node_hours = 10;
    }
    {
        struct criticality_doc d = {x.g, all, 4, 24, 48, 0, x.services};
        json_writer_init_buf(&w, &buf, 0);
        criticality_write_json(&w, &d, NULL);
        assert_int_equal(json_writer_finish(&w), 0);
        if (check_written("CriticalityResult", &buf, &e) != 0)
            fail_msg("%s", e.message);
    }
    /* the cascade's document is not the ranking's */
    json_writer_init_buf(&w, &buf, 0);
    cascade_write_json(&w, &x.d, NULL);
    assert_int_equal(json_writer_finish(&w), 0);
    assert_int_equal(check_written("CriticalityResult", &buf, &e), ERR_INTERNAL);
    assert_non_null(strstr(e.message, "\"processes\" is missing"));
    strbuf_release(&buf);
    cascade_fixture_release(&x);
}

static void test_a_field_not_declared_fails(void **state)
{
    struct cascade_fixture x;
    struct strbuf buf = STRBUF_INIT;
    struct json_writer w;
    struct error e = {0};
    (void)state;
    cascade_fixture(&x);
    /* at the top */
    extra_where = NULL;
    json_writer_init_buf(&w, &buf, 0);
    cascade_with_extra_field(&w, &x.d, NULL);
    assert_int_equal(json_writer_finish(&w), 0);
    assert_int_equal(check_written("CascadeResult", &buf, &e), ERR_INTERNAL);
    assert_string_equal(e.message, "the document does not match its schema CascadeResult: "
                                   "(the document): the field \"owner\" is not declared");
    /* in a node: found through the $ref to CascadeNode, and where */
    extra_where = "nodes";
    json_writer_init_buf(&w, &buf, 0);
    cascade_with_extra_field(&w, &x.d, NULL);
    assert_int_equal(json_writer_finish(&w), 0);
    assert_int_equal(check_written("CascadeResult", &buf, &e), ERR_INTERNAL);
    assert_string_equal(e.where, "/nodes/0");
    assert_non_null(strstr(e.message, "the field \"owner\" is not declared"));
    /* a wrong type, a value outside an enum, a missing required field */
    assert_int_equal(check_text("RankedNode",
                                "{\"id\":\"a\",\"type\":\"process\",\"affected\":\"3\","
                                "\"down_node_hours\":1}",
                                &e),
                     ERR_INTERNAL);
    assert_non_null(strstr(e.message, "/affected: is string, not of the declared type"));
    assert_int_equal(check_text("RankedNode",
                                "{\"id\":\"a\",\"type\":\"sector\",\"affected\":3,"
                                "\"down_node_hours\":1}",
                                &e),
                     ERR_INTERNAL);
    assert_non_null(strstr(e.message, "/type: is not one of the values of its enum"));
    assert_int_equal(check_text("RankedNode", "{\"id\":\"a\",\"type\":\"process\"}", &e),
                     ERR_INTERNAL);
    assert_non_null(strstr(e.message, "the required field \"affected\" is missing"));
    /* oneOf: null or the object; a field more in the object is named */
    assert_int_equal(check_text("WhatifDown", "null", &e), 0);
    assert_int_equal(check_text("WhatifDown", "{\"first_down_h\":1,\"down_h\":2}", &e), 0);
    assert_int_equal(check_text("WhatifDown", "{\"first_down_h\":1,\"down_h\":2,\"x\":0}", &e),
                     ERR_INTERNAL);
    assert_non_null(strstr(e.message, "the field \"x\" is not declared"));
    strbuf_release(&buf);
    cascade_fixture_release(&x);
}

/* report_doc's write over the cascade fixture: the real writer, or the
 * test writer with a field more */
struct doc_ctx {
    struct cascade_fixture *x;
    int extra;
};

static void doc_write(void *ctx, struct json_writer *w, const struct report_filter *f)
{
    struct doc_ctx *c = ctx;
    (void)f; /* the worked example's nodes are no records: written unfiltered */
    if (c->extra)
        cascade_with_extra_field(w, &c->x->d, NULL);
    else
        cascade_write_json(w, &c->x->d, NULL);
}

static void test_the_api_writes_no_undeclared_field(void **state)
{
    struct store *s = testutil_store_from_fixture("full.json");
    struct cascade_fixture x;
    struct doc_ctx c = {&x, 0};
    struct report_doc d = {NULL, doc_write, NULL, &c, "CascadeResult"};
    struct store_user u;
    struct access *a = NULL;
    struct visible v;
    struct strbuf out = STRBUF_INIT;
    struct error e = {0};
    (void)state;
    memset(&u, 0, sizeof u);
    snprintf(u.id, sizeof u.id, "coord-user");
    snprintf(u.role, sizeof u.role, "coordinator");
    snprintf(u.org, sizeof u.org, "nctv");
    snprintf(u.clearance, sizeof u.clearance, "secret");
    assert_int_equal(access_new(s, &u, &a, &e), 0);
    cascade_fixture(&x);
    visible_init(&v, s, a);
    if (report_doc_run(&d, &v, s, NULL, u.id, "127.0.0.1", "test", &out, &e) != 0)
        fail_msg("%s", e.message);
    assert_non_null(strstr(out.data, "\"not_visible\":0"));
    visible_release(&v);
#ifndef NDEBUG
    /* the test writer's field: the answer fails instead of going out */
    c.extra = 1;
    extra_where = "nodes";
    visible_init(&v, s, a);
    assert_int_equal(report_doc_run(&d, &v, s, NULL, u.id, "127.0.0.1", "test", &out, &e),
                     ERR_INTERNAL);
    assert_non_null(strstr(e.message, "CascadeResult: /nodes/0: the field \"owner\""));
    visible_release(&v);
#endif
    strbuf_release(&out);
    cascade_fixture_release(&x);
    access_free(a);
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_writer_declares_its_schemas),
        cmocka_unit_test(test_the_writers_match_their_schemas),
        cmocka_unit_test(test_a_field_not_declared_fails),
        cmocka_unit_test(test_the_api_writes_no_undeclared_field),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
