/*
 * graph_test.c — tests of src/engine/graph.c and graph_read.c: the builder's
 * arrays and lookups, and every kind of bad graph document, each reported
 * with the JSON path of the problem.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/json_reader.h"
#include "base/strbuf.h"
#include "engine/graph.h"
#include "engine/graph_read.h"

static int read_doc(const char *doc, struct graph **g, struct error *e)
{
    struct json_reader *r = NULL;
    int rc;
    r = json_reader_new_memory(doc, strlen(doc), NULL);
    rc = graph_read_json(r, g, e);
    json_reader_free(r);
    return rc;
}

/* Reading doc fails with ERR_INVALID at where, the message containing part. */
static void expect_bad(const char *doc, const char *where, const char *part)
{
    struct graph *g = NULL;
    struct error e = {0};
    int rc = read_doc(doc, &g, &e);
    assert_null(g);
    if (rc != ERR_INVALID || strcmp(e.where, where) != 0 || strstr(e.message, part) == NULL)
        fail_msg("%s\n  got %d '%s: %s'\n  wanted '%s: ...%s...'", doc, rc, e.where, e.message,
                 where, part);
}

static void test_builder_arrays(void **state)
{
    struct graph_builder *b = NULL;
    struct graph *g = NULL;
    struct error e = {0};
    struct graph_input in;
    const char *s1[] = {"a", "b", "a"}, *s2[] = {"c"}, *s3[] = {"c"};
    const uint32_t *dep;
    uint32_t first, count, idx, n;
    (void)state;
    b = graph_builder_new();
    /* inputs may name nodes added later */
    assert_int_equal(graph_builder_add_input(b, "c", s1, 3, 2, 1, 1, 4, &e), 0);
    assert_int_equal(graph_builder_add_input(b, "a", s2, 1, 0, 0, 0, 0, &e), 0);
    assert_int_equal(graph_builder_add_input(b, "c", s3, 1, 5, 0, 0, 0, &e), 0);
    assert_int_equal(graph_builder_add_node(b, "a", 0, &e), 0);
    assert_int_equal(graph_builder_add_node(b, "b", 0, &e), 0);
    assert_int_equal(graph_builder_add_node(b, "c", 7, &e), 0);
    assert_int_equal(graph_builder_finish(b, &g, &e), 0);
    graph_builder_free(b);

    assert_int_equal(graph_node_count(g), 3);
    assert_int_equal(graph_input_count(g), 3);
    assert_string_equal(graph_node_id(g, 2), "c");
    assert_int_equal(graph_node_find(g, "b", &idx), 0);
    assert_int_equal(idx, 1);
    assert_int_equal(graph_node_find(g, "zz", &idx), ERR_NOTFOUND);
    assert_int_equal(graph_node_recovery_h(g, 2), 7);
    /* a's one input, then c's two in the order added */
    graph_node_inputs(g, 0, &first, &count);
    assert_int_equal(count, 1);
    graph_input_get(g, first, &in);
    assert_int_equal(in.node, 0);
    assert_int_equal(in.suppliers[0], 2);
    graph_node_inputs(g, 1, &first, &count);
    assert_int_equal(count, 0);
    graph_node_inputs(g, 2, &first, &count);
    assert_int_equal(count, 2);
    graph_input_get(g, first, &in);
    assert_int_equal(in.n_suppliers, 2); /* "a" twice counts once */
    assert_int_equal(in.buffer_h, 2);
    assert_true(in.has_fallback);
    assert_int_equal(in.activation_h, 1);
    assert_int_equal(in.duration_h, 4);
    graph_input_get(g, first + 1, &in);
    assert_int_equal(in.buffer_h, 5);
    assert_false(in.has_fallback);
    /* supplier -> dependent inputs */
    dep = graph_node_dependents(g, 2, &n);
    assert_int_equal(n, 2);
    graph_input_get(g, dep[0], &in);
    assert_int_equal(in.node, 0);
    dep = graph_node_dependents(g, 0, &n);
    assert_int_equal(n, 1);
    graph_free(g);
    graph_free(NULL);
    graph_builder_free(NULL);
}

static void test_builder_errors(void **state)
{
    struct graph_builder *b = NULL;
    struct graph *g = NULL;
    struct error e = {0};
    const char *none[] = {NULL}, *x[] = {"x"}, *a[] = {"a"};
    (void)state;
    b = graph_builder_new();
    assert_int_equal(graph_builder_add_node(b, "a", 0, &e), 0);
    assert_int_equal(graph_builder_add_node(b, "a", 0, &e), ERR_INVALID);
    assert_string_equal(e.where, "$.nodes[1].id");
    assert_string_equal(e.message, "duplicate node id 'a' (also $.nodes[0])");
    assert_int_equal(graph_builder_add_node(b, "", 0, &e), ERR_INVALID);
    assert_int_equal(graph_builder_add_node(b, "b", -1, &e), ERR_INVALID);
    assert_int_equal(graph_builder_add_input(b, "a", none, 0, 0, 0, 0, 0, &e), ERR_INVALID);
    assert_string_equal(e.where, "$.inputs[0].suppliers");
    assert_int_equal(graph_builder_add_input(b, "a", a, 1, -2, 0, 0, 0, &e), ERR_INVALID);
    assert_int_equal(graph_builder_add_input(b, "a", a, 1, 0, 1, 0, 0, &e), ERR_INVALID);
    assert_int_equal(graph_builder_add_input(b, "a", a, 1, 0, 1, -1, 3, &e), ERR_INVALID);
    assert_int_equal(graph_builder_add_input(b, "a", a, 1, 0, 0, 0, 0, &e), 0);
    assert_int_equal(graph_builder_add_input(b, "a", x, 1, 0, 0, 0, 0, &e), 0);
    assert_int_equal(graph_builder_finish(b, &g, &e), ERR_INVALID);
    assert_null(g);
    assert_string_equal(e.where, "$.inputs[1].suppliers[0]");
    assert_string_equal(e.message, "unknown node 'x'");
    graph_builder_free(b);
}

static void test_reader_ok(void **state)
{
    struct graph *g = NULL;
    struct error e = {0};
    uint32_t idx, first, count;
    struct graph_input in;
    (void)state;
    assert_int_equal(read_doc("{\"inputs\": [{\"fallback\": {\"duration_h\": 3, \"activation_h\": "
                              "1}, \"buffer_h\": 2, \"suppliers\": [\"p\"], \"node\": \"q\"}],"
                              " \"nodes\": [{\"id\": \"q\", \"recovery_h\": 4}, {\"id\": \"p\"}]}",
                              &g, &e),
                     0);
    assert_int_equal(graph_node_find(g, "q", &idx), 0);
    assert_int_equal(graph_node_recovery_h(g, idx), 4);
    graph_node_inputs(g, idx, &first, &count);
    assert_int_equal(count, 1);
    graph_input_get(g, first, &in);
    assert_int_equal(in.buffer_h, 2);
    assert_int_equal(in.activation_h, 1);
    assert_int_equal(in.duration_h, 3);
    graph_free(g);
    /* empty graph, and null for "no fallback" */
    assert_int_equal(read_doc("{}", &g, &e), 0);
    assert_int_equal(graph_node_count(g), 0);
    graph_free(g);
    assert_int_equal(read_doc("{\"nodes\":[{\"id\":\"a\"}],\"inputs\":[{\"node\":\"a\","
                              "\"suppliers\":[\"a\"],\"fallback\":null}]}",
                              &g, &e),
                     0);
    graph_free(g);
}

static void test_reader_bad(void **state)
{
    (void)state;
    expect_bad("{\"nodes\": [{\"id\": \"a\"}, {\"id\": \"b\"}],\n \"inputs\": [{\"node\": \"a\", "
               "\"suppliers\": [\"b\"]}, {\"node\": \"b\", \"suppliers\": [\"a\", \"x\"]}]}",
               "$.inputs[1].suppliers[1]", "unknown node 'x'");
    expect_bad("{\"nodes\": [{\"id\": \"a\"}], \"inputs\": [{\"node\": \"zz\", \"suppliers\": "
               "[\"a\"]}]}",
               "$.inputs[0].node", "unknown node 'zz'");
    expect_bad("{\"nodes\": [{\"id\": \"a\"}, {\"id\": \"a\"}]}", "$.nodes[1].id",
               "duplicate node id 'a'");
    expect_bad("{\"nodes\": [{\"id\": \"a\", \"recovery_h\": -1}]}", "$.nodes[0].recovery_h",
               "whole number of hours >= 0");
    expect_bad("{\"nodes\": [{\"id\": \"a\", \"recovery_h\": 1.5}]}", "$.nodes[0].recovery_h",
               "whole number");
    expect_bad("{\"nodes\": [{\"id\": \"a\", \"recovery_h\": \"2\"}]}", "$.nodes[0].recovery_h",
               "whole number");
    expect_bad("{\"nodes\": [{\"id\": \"a\", \"recovery_h\": 1e1}]}", "$.nodes[0].recovery_h",
               "whole number");
    expect_bad("{\"nodes\": [{\"id\": \"a\", \"recovery_h\": 3000000000}]}",
               "$.nodes[0].recovery_h", "at most");
    expect_bad("{\"inputs\": [{\"node\": \"a\", \"suppliers\": []}]}", "$.inputs[0].suppliers",
               "at least one supplier");
    expect_bad("{\"inputs\": [{\"node\": \"a\", \"suppliers\": [\"a\"], \"buffer_h\": -3}]}",
               "$.inputs[0].buffer_h", ">= 0");
    expect_bad("{\"inputs\": [{\"node\": \"a\", \"suppliers\": [\"a\"], \"fallback\": "
               "{\"activation_h\": 0, \"duration_h\": 0}}]}",
               "$.inputs[0].fallback.duration_h", ">= 1");
    expect_bad("{\"inputs\": [{\"node\": \"a\", \"suppliers\": [\"a\"], \"fallback\": "
               "{\"activation_h\": 2}}]}",
               "$.inputs[0].fallback", "needs both");
    expect_bad("{\"inputs\": [{\"node\": \"a\", \"suppliers\": [\"a\"], \"fallback\": 3}]}",
               "$.inputs[0].fallback", "must be an object");
    expect_bad("{\"inputs\": [{\"node\": \"a\", \"suppliers\": [1]}]}", "$.inputs[0].suppliers[0]",
               "must be a node id");
    expect_bad("{\"inputs\": [{\"node\": \"a\", \"suppliers\": \"a\"}]}", "$.inputs[0].suppliers",
               "must be an array");
    expect_bad("{\"inputs\": [{\"suppliers\": [\"a\"]}]}", "$.inputs[0]", "needs a \"node\"");
    expect_bad("{\"inputs\": [{\"node\": \"a\"}]}", "$.inputs[0]", "needs \"suppliers\"");
    expect_bad("{\"nodes\": [{\"recovery_h\": 1}]}", "$.nodes[0]", "needs an \"id\"");
    expect_bad("{\"nodes\": [{\"id\": \"\"}]}", "$.nodes[0].id", "must not be empty");
    expect_bad("{\"nodes\": [{\"id\": \"a\", \"recovery\": 1}]}", "$.nodes[0].recovery",
               "unknown key 'recovery'");
    expect_bad("{\"nodes\": [{\"id\": \"a\", \"id\": \"b\"}]}", "$.nodes[0].id", "twice");
    expect_bad("{\"nodes\": [], \"nodes\": []}", "$.nodes", "twice");
    expect_bad("{\"edges\": []}", "$.edges", "unknown key");
    expect_bad("{\"nodes\": {}}", "$.nodes", "must be an array");
    expect_bad("{\"nodes\": [1]}", "$.nodes[0]", "must be an object");
    expect_bad("[]", "$", "must be an object");
    /* malformed JSON: the reader's path and position */
    expect_bad("{\"nodes\": [{\"id\": \"a\",}]}", "$.nodes[0]", "expected a member name");
    expect_bad("{\"nodes\": [{\"id\": \"a\"}]", "$.nodes", "unexpected end");
    expect_bad("{\"nodes\": [{\"id\": \"a\"}]} x", "$", "after the end");
}

/* A document of 40000 nodes and inputs: many batches of the reader. With
 * dup, node 30000 repeats the id of node 5. */
static void large_document(struct strbuf *doc, int dup)
{
    int i;
    strbuf_reset(doc);
    strbuf_puts(doc, "{\"nodes\": [");
    for (i = 0; i < 40000; i++)
        strbuf_printf(doc, "%s{\"id\": \"n%d\"}", i ? "," : "", dup && i == 30000 ? 5 : i);
    strbuf_puts(doc, "], \"inputs\": [");
    for (i = 0; i < 40000; i++)
        strbuf_printf(doc, "%s{\"node\": \"n%d\", \"suppliers\": [\"n%d\"]}", i ? "," : "", i,
                      (i * 7) % 40000);
    strbuf_puts(doc, "]}");
}

/* The first problem in the file is reported, whether the builder or the
 * reader finds it, and nothing leaks when reading stops half way. */
static void test_reader_large_documents(void **state)
{
    struct strbuf doc = STRBUF_INIT;
    struct graph *g = NULL;
    struct error e = {0};
    (void)state;
    large_document(&doc, 1);
    assert_int_equal(read_doc(doc.data, &g, &e), ERR_INVALID);
    assert_string_equal(e.where, "$.nodes[30000].id");
    /* a syntax error later: the duplicate still comes first */
    doc.data[doc.len - 2] = ',';
    assert_int_equal(read_doc(doc.data, &g, &e), ERR_INVALID);
    assert_string_equal(e.where, "$.nodes[30000].id");
    /* without the duplicate, the syntax error at the very end */
    large_document(&doc, 0);
    doc.data[doc.len - 2] = ',';
    assert_int_equal(read_doc(doc.data, &g, &e), ERR_INVALID);
    assert_string_equal(e.where, "$.inputs[40000]");
    assert_non_null(strstr(e.message, "expected a value"));
    doc.data[doc.len - 2] = ']';
    assert_int_equal(read_doc(doc.data, &g, &e), 0);
    assert_int_equal(graph_node_count(g), 40000);
    assert_int_equal(graph_input_count(g), 40000);
    graph_free(g);
    strbuf_release(&doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_builder_arrays),
        cmocka_unit_test(test_builder_errors),
        cmocka_unit_test(test_reader_ok),
        cmocka_unit_test(test_reader_bad),
        cmocka_unit_test(test_reader_large_documents),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
