/*
 * framework_test.c — tests src/domain/framework.c: CISO Assistant's YAML
 * framework format mapped to frameworks and requirements records (order,
 * parents that come later, ids), every refusal with the file and line or
 * YAML path named and nothing added, the caps, a generated framework of
 * several hundred nodes written and laid out as a tree, coverage by
 * measures (also over one process and a reader's records), and CISO Assistant's real CER and NIS2
 * files when
 * ../shared/data/external is present.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "domain/framework.h"
#include "support/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char small[] = "urn: urn:test:library:small\n"
                            "objects:\n"
                            "  framework:\n"
                            "    urn: urn:test:framework:small\n"
                            "    ref_id: SMALL\n"
                            "    name: Small framework\n"
                            "    requirement_nodes:\n"
                            "    - urn: urn:test:req:b.1\n"
                            "      parent_urn: urn:test:req:b\n" /* the parent comes later */
                            "      assessable: true\n"
                            "      ref_id: '1.1'\n"
                            "      description: first\n"
                            "      translations: {fr: {name: null, description: premier}}\n"
                            "    - urn: urn:test:req:b\n"
                            "      assessable: false\n"
                            "      name: Article B\n"
                            "    - urn: urn:test:req:has space\n"
                            "      parent_urn: urn:test:req:b\n"
                            "      assessable: True\n"
                            "      name: ~\n";

/* Adds text as a YAML file and returns the code; the batch is left for the caller. */
static int add_text(struct import_batch *b, const char *text, struct error *e)
{
    return framework_batch_add_yaml(b, "f.yaml", text, strlen(text), "nctv", e);
}

static void expect_refused(const char *text, int code, const char *where, const char *message)
{
    struct import_batch b = IMPORT_BATCH_INIT;
    struct error e = {0};
    assert_int_equal(add_text(&b, text, &e), code);
    assert_int_equal(b.n, 0);
    if (strstr(e.where, where) == NULL)
        fail_msg("where '%s' lacks '%s'", e.where, where);
    if (strstr(e.message, message) == NULL)
        fail_msg("message '%s' lacks '%s'", e.message, message);
    assert_non_null(strstr(e.where, "f.yaml"));
    import_batch_release(&b);
}

static json_t *field(struct import_batch *b, size_t i, const char *name)
{
    return json_object_get(b->items[i].record, name);
}

static void test_maps_nodes_to_records(void **state)
{
    struct import_batch b = IMPORT_BATCH_INIT;
    struct error e = {0};
    char id[FRAMEWORK_ID_SIZE];
    (void)state;
    assert_int_equal(add_text(&b, small, &e), 0);
    assert_int_equal(b.n, 4);
    assert_string_equal(b.items[0].kind->name, "frameworks");
    assert_string_equal(json_string_value(field(&b, 0, "id")), "urn:test:framework:small");
    assert_string_equal(json_string_value(field(&b, 0, "ref_id")), "SMALL");
    assert_string_equal(json_string_value(field(&b, 0, "classification")), "public");
    assert_string_equal(json_string_value(field(&b, 0, "owner")), "nctv");
    assert_null(field(&b, 0, "description"));
    assert_string_equal(b.items[1].kind->name, "requirements");
    assert_string_equal(json_string_value(field(&b, 1, "id")), "urn:test:req:b.1");
    assert_string_equal(json_string_value(field(&b, 1, "parent")), "urn:test:req:b");
    assert_string_equal(json_string_value(field(&b, 1, "framework")), "urn:test:framework:small");
    assert_string_equal(json_string_value(field(&b, 1, "ref_id")), "1.1");
    assert_string_equal(json_string_value(field(&b, 1, "description")), "first");
    assert_true(json_is_true(field(&b, 1, "assessable")));
    assert_int_equal(json_integer_value(field(&b, 1, "position")), 1);
    assert_null(field(&b, 2, "parent"));
    assert_true(json_is_false(field(&b, 2, "assessable")));
    assert_int_equal(json_integer_value(field(&b, 2, "position")), 2);
    framework_id_from_urn("urn:test:req:has space", id);
    assert_string_equal(json_string_value(field(&b, 3, "id")), id);
    assert_null(field(&b, 3, "name")); /* ~ is null */
    assert_true(json_is_true(field(&b, 3, "assessable")));
    assert_string_equal(b.items[3].where, "$.objects.framework.requirement_nodes[2]");
    assert_string_equal(b.items[3].source, "f.yaml");
    import_batch_release(&b);
}

static void test_ids_from_urns(void **state)
{
    char id[FRAMEWORK_ID_SIZE], other[FRAMEWORK_ID_SIZE], urn[400];
    (void)state;
    framework_id_from_urn("urn:intuitem:risk:req_node:nis2-directive:21.2.a", id);
    assert_string_equal(id, "urn:intuitem:risk:req_node:nis2-directive:21.2.a");
    framework_id_from_urn("urn:x:a b/c", id);
    assert_int_equal(strncmp(id, "urn:x:a-b-c-", 12), 0);
    assert_int_equal(strlen(id), 20);
    framework_id_from_urn("urn:x:a-b/c", other); /* cleans up to the same text, differs */
    assert_string_not_equal(id, other);
    framework_id_from_urn("::é", id);
    assert_true(id[0] == 'x' && id[1] == '-');
    memset(urn, 'a', sizeof urn - 1);
    urn[sizeof urn - 1] = '\0';
    framework_id_from_urn(urn, id);
    assert_int_equal(strlen(id), 128);
    urn[200] = 'b';
    framework_id_from_urn(urn, other);
    assert_string_not_equal(id, other);
}

static void test_refusals_name_the_place(void **state)
{
    (void)state;
    expect_refused("x: [a, b\n", ERR_INVALID, "line 2, column 1",
                   "not valid YAML: did not find expected ',' or ']' (while parsing a flow "
                   "sequence started at line 1, column 4)");
    expect_refused("a: b\n  c: d\n", ERR_INVALID, "line 2", "not valid YAML");
    expect_refused("urn: x\nname: y\n", ERR_INVALID, "f.yaml", "objects.framework: missing");
    expect_refused("objects:\n  threats: []\n", ERR_INVALID, "line 2",
                   "objects.framework: missing");
    expect_refused("- a\n- b\n", ERR_INVALID, "f.yaml", "objects.framework: missing");
    expect_refused("", ERR_INVALID, "f.yaml", "objects.framework: missing");
    expect_refused("objects:\n  framework:\n    name: n\n    requirement_nodes: []\n", ERR_INVALID,
                   "line 3", "objects.framework.urn: missing");
    expect_refused("objects:\n  framework:\n    urn: u\n    name: n\n", ERR_INVALID, "line 3",
                   "objects.framework.requirement_nodes: missing");
    expect_refused("objects:\n  framework:\n    urn: u\n    name: n\n    requirement_nodes:\n"
                   "    - urn: a\n    - ref_id: '2'\n      name: no urn\n",
                   ERR_INVALID, "line 7", "requirement_nodes[1]: has no urn");
    expect_refused("objects:\n  framework:\n    urn: u\n    name: n\n    requirement_nodes:\n"
                   "    - urn: a\n    - urn: b\n      parent_urn: c\n",
                   ERR_INVALID, "line 7",
                   "requirement_nodes[1].parent_urn: no node has the urn 'c'");
    expect_refused("objects:\n  framework:\n    urn: u\n    name: n\n    requirement_nodes:\n"
                   "    - urn: a\n    - urn: a\n",
                   ERR_INVALID, "line 7", "also the urn of the node at line 6");
    expect_refused("objects:\n  framework:\n    urn: u\n    name: n\n    requirement_nodes:\n"
                   "    - {urn: a, parent_urn: b}\n    - {urn: b, parent_urn: a}\n",
                   ERR_INVALID, "line 6", "go round in a circle");
    expect_refused("objects:\n  framework:\n    urn: u\n    name: n\n    requirement_nodes:\n"
                   "    - {urn: a, parent_urn: a}\n",
                   ERR_INVALID, "line 6", "go round in a circle");
    expect_refused("objects:\n  framework:\n    urn: u\n    urn: v\n    name: n\n", ERR_INVALID,
                   "line 4", "objects.framework.urn: key given twice");
    expect_refused("objects:\n  framework:\n    urn: [u]\n    name: n\n", ERR_INVALID, "line 3",
                   "objects.framework.urn: must be a text");
    expect_refused("objects:\n  framework:\n    urn: u\n    name: n\n    requirement_nodes: x\n",
                   ERR_INVALID, "line 5", "must be a list");
    expect_refused("objects:\n  framework:\n    urn: u\n    name: n\n    requirement_nodes:\n"
                   "    - urn: a\n      assessable: maybe\n",
                   ERR_INVALID, "line 7", "requirement_nodes[0].assessable: must be true or false");
    expect_refused("x: &u urn:a\nobjects:\n  framework:\n    urn: *u\n    name: n\n", ERR_INVALID,
                   "line 4", "an alias (*u) is not accepted");
    expect_refused("objects:\n  framework: {urn: u, name: n, requirement_nodes: []}\n---\nb: c\n",
                   ERR_INVALID, "line 3", "a second YAML document");
}

static void test_caps(void **state)
{
    char deep[200];
    size_t i;
    (void)state;
    for (i = 0; i < 40; i++)
        deep[i] = '[';
    deep[40] = '\0';
    expect_refused(deep, ERR_TOO_LARGE, "line 1", "nested deeper than 32 levels");
    {
        struct import_batch b = IMPORT_BATCH_INIT;
        struct error e = {0};
        assert_int_equal(
            framework_batch_add_yaml(&b, "big.yaml", "a", FRAMEWORK_MAX_FILE_BYTES + 1, "nctv", &e),
            ERR_TOO_LARGE);
        assert_int_equal(framework_batch_add_yaml_file(&b, "/nonexistent/x.yaml", "nctv", &e),
                         ERR_IO);
        assert_int_equal(b.n, 0);
        import_batch_release(&b);
    }
}

/* A framework of FRAMEWORK_MAX_NODES nodes: a chain, each the child of the
 * one before (CHAIN); the same with the last two each other's parent
 * (CIRCLE); or a star, every node the child of the first (STAR: as much
 * text, no long chain). */
enum shape { CHAIN, CIRCLE, STAR };

static char *many_nodes(enum shape shape, size_t *len)
{
    size_t n = FRAMEWORK_MAX_NODES, i, cap = n * 48 + 256, used;
    char *text = malloc(cap);
    assert_non_null(text);
    used = (size_t)snprintf(text, cap,
                            "objects:\n  framework:\n    urn: u\n    name: n\n"
                            "    requirement_nodes:\n    - {urn: n0}\n");
    for (i = 1; i < n; i++) {
        size_t parent = shape == STAR ? 0 : shape == CIRCLE && i == n - 2 ? n - 1 : i - 1;
        used += (size_t)snprintf(text + used, cap - used, "    - {urn: n%zu, parent_urn: n%zu}\n",
                                 i, parent);
    }
    *len = used;
    return text;
}

/* Reads a framework of the shape; returns the seconds it took, the result
 * in *rc and the error in e. */
static double read_nodes(enum shape shape, int *rc, struct error *e)
{
    struct import_batch b = IMPORT_BATCH_INIT;
    struct timespec t0, t1;
    size_t len;
    char *text = many_nodes(shape, &len);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    *rc = framework_batch_add_yaml(&b, "f.yaml", text, len, "nctv", e);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    assert_int_equal(b.n, *rc == 0 ? FRAMEWORK_MAX_NODES + 1 : 0);
    import_batch_release(&b);
    free(text);
    return (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
}

/* The circle check is linear: 100,000 nodes in one chain took 10.5 s when
 * every node walked its whole chain of parents. Timed against a star of
 * as many nodes (reading the YAML, which is linear either way), so that a
 * slow or busy machine or a sanitizer build does not matter: the chain
 * was 30 times the star and more; it is now about the same. */
static void test_long_chain_of_parents(void **state)
{
    struct error e = {0};
    double star, chain, circle;
    int rc;
    (void)state;
    star = read_nodes(STAR, &rc, &e);
    assert_int_equal(rc, 0);
    chain = read_nodes(CHAIN, &rc, &e);
    assert_int_equal(rc, 0);
    circle = read_nodes(CIRCLE, &rc, &e);
    assert_int_equal(rc, ERR_INVALID);
    /* the first node whose parents go round: all before it reach n0 */
    if (strstr(e.message, "requirement_nodes[99998].parent_urn: the parents of 'n99998' go "
                          "round in a circle") == NULL)
        fail_msg("message '%s'", e.message);
    if (chain > 4 * star + 0.5 || circle > 4 * star + 0.5)
        fail_msg("a chain took %.2f s and a circle %.2f s, a star %.2f s", chain, circle, star);
}

/* What is not read may hold anything YAML allows: anchors and aliases,
 * complex keys, other objects, long texts. */
static void test_ignores_the_rest(void **state)
{
    struct import_batch b = IMPORT_BATCH_INIT;
    struct error e = {0};
    static const char text[] = "defaults: &d {a: 1}\n"
                               "objects:\n"
                               "  reference_controls: [{urn: x}]\n"
                               "  ? [complex, key]\n"
                               "  : value\n"
                               "  framework:\n"
                               "    urn: urn:t:f\n"
                               "    name: \"N\\u00e9e\"\n"
                               "    other: *d\n"
                               "    requirement_nodes:\n"
                               "    - urn: urn:t:a\n"
                               "      depth: 1\n"
                               "      extra: {<<: *d, deeper: [[[1]]]}\n";
    (void)state;
    assert_int_equal(add_text(&b, text, &e), 0);
    assert_int_equal(b.n, 2);
    assert_string_equal(json_string_value(field(&b, 0, "name")), "N\xc3\xa9"
                                                                 "e");
    import_batch_release(&b);
}

/* A store with the coordinator, for writing batches. */
static struct store *open_store(const char *name)
{
    struct import_batch b = IMPORT_BATCH_INIT;
    struct import_stats stats;
    struct store *s = NULL;
    struct error e = {0};
    const char *doc = testutil_temp_path("orgs.json");
    assert_int_equal(store_open(testutil_db_path(name), STORE_CREATE, &s, &e), 0);
    assert_int_equal(
        testutil_write_file(doc, "{\"format\": \"vitaal\", \"version\": 2, \"organisations\": ["
                                 "{\"id\": \"nctv\", \"name\": \"NCTV\", \"kind\": \"coordinator\","
                                 " \"classification\": \"public\", \"owner\": \"nctv\"}]}"),
        0);
    assert_int_equal(import_batch_add_json_file(&b, doc, &e), 0);
    assert_int_equal(import_batch_apply(&b, s, 0, &testutil_change, NULL, &stats, &e), 0);
    import_batch_release(&b);
    return s;
}

/* n nodes: node i's parent is node (i - 1) / 4, written last node first so
 * every parent comes after its children in the file; every third is assessable. */
static char *generate(size_t n)
{
    size_t cap = n * 160 + 256, used = 0, i;
    char *text = malloc(cap);
    used += (size_t)snprintf(text, cap,
                             "objects:\n  framework:\n    urn: urn:gen:f\n    name: Generated\n"
                             "    requirement_nodes:\n");
    for (i = n; i-- > 0;) {
        used += (size_t)snprintf(text + used, cap - used,
                                 "    - urn: urn:gen:n%zu\n      assessable: %s\n"
                                 "      ref_id: 'n%zu'\n",
                                 i, i % 3 == 0 ? "true" : "false", i);
        if (i > 0)
            used += (size_t)snprintf(text + used, cap - used, "      parent_urn: urn:gen:n%zu\n",
                                     (i - 1) / 4);
    }
    return text;
}

static void test_generated_framework(void **state)
{
    struct import_batch b = IMPORT_BATCH_INIT;
    struct import_stats stats;
    struct framework_coverage c;
    struct error e = {0};
    struct store *s = open_store("gen.db");
    char *text = generate(600);
    size_t i, j;
    (void)state;
    assert_int_equal(add_text(&b, text, &e), 0);
    assert_int_equal(b.n, 601);
    assert_int_equal(import_batch_apply(&b, s, 0, &testutil_change, NULL, &stats, &e), 0);
    assert_int_equal(stats.inserted, 601);
    import_batch_release(&b);
    assert_int_equal(framework_coverage_compute(s, "urn:gen:f", &c, &e), 0);
    assert_int_equal(c.n, 600);
    assert_int_equal(c.assessable, 200);
    assert_int_equal(c.covered, 0);
    assert_string_equal(json_string_value(json_object_get(c.nodes[0].record, "id")), "urn:gen:n0");
    assert_int_equal(c.nodes[0].depth, 0);
    /* depth first: every node's parent stands before it, one level up */
    for (i = 1; i < c.n; i++) {
        const char *parent = json_string_value(json_object_get(c.nodes[i].record, "parent"));
        for (j = i; j-- > 0;) {
            if (strcmp(json_string_value(json_object_get(c.nodes[j].record, "id")), parent) == 0)
                break;
        }
        assert_true(j < i);
        assert_int_equal(c.nodes[j].depth + 1, c.nodes[i].depth);
    }
    framework_coverage_release(&c);
    /* re-importing the same file finds every record as it is: no new version */
    assert_int_equal(add_text(&b, text, &e), 0);
    assert_int_equal(import_batch_apply(&b, s, 0, &testutil_change, NULL, &stats, &e), 0);
    assert_int_equal(stats.inserted, 0);
    assert_int_equal(stats.updated, 0);
    assert_int_equal(stats.unchanged, 601);
    import_batch_release(&b);
    free(text);
    store_close(s);
}

static void test_coverage_and_owner(void **state)
{
    struct import_batch b = IMPORT_BATCH_INIT;
    struct import_stats stats;
    struct framework_coverage c;
    struct error e = {0};
    struct store *s = open_store("cov.db");
    const char *doc = testutil_temp_path("measures.json");
    char owner[FRAMEWORK_ID_SIZE], id[FRAMEWORK_ID_SIZE], text[2048];
    (void)state;
    assert_int_equal(framework_owner_default(s, owner, sizeof owner, &e), 0);
    assert_string_equal(owner, "nctv");
    assert_int_equal(add_text(&b, small, &e), 0);
    framework_id_from_urn("urn:test:req:has space", id); /* the cleaned-up id */
    snprintf(text, sizeof text,
             "{\"format\": \"vitaal\", \"version\": 2, \"measures\": ["
             "{\"id\": \"m-done\", \"name\": \"D\", \"kind\": \"other\", \"scope\": "
             "\"sectoral\", \"status\": \"done\", \"requirements\": [\"urn:test:req:b.1\"],"
             " \"classification\": \"internal\", \"owner\": \"nctv\"},"
             "{\"id\": \"m-plan\", \"name\": \"P\", \"kind\": \"other\", \"scope\": "
             "\"sectoral\", \"status\": \"planned\", \"requirements\": [\"urn:test:req:b.1\","
             " \"urn:test:req:b\"], \"classification\": \"internal\", \"owner\": \"nctv\"},"
             "{\"id\": \"m-gone\", \"name\": \"C\", \"kind\": \"other\", \"scope\": "
             "\"sectoral\", \"status\": \"cancelled\", \"requirements\": [\"%s\"],"
             " \"classification\": \"internal\", \"owner\": \"nctv\"}]}",
             id);
    assert_int_equal(testutil_write_file(doc, text), 0);
    assert_int_equal(import_batch_add_json_file(&b, doc, &e), 0);
    assert_int_equal(import_batch_apply(&b, s, 0, &testutil_change, NULL, &stats, &e), 0);
    import_batch_release(&b);

    assert_int_equal(framework_resolve(s, "small", id, sizeof id, &e), 0);
    assert_string_equal(id, "urn:test:framework:small");
    assert_int_equal(framework_resolve(s, "urn:test:framework:small", id, sizeof id, &e), 0);
    assert_int_equal(framework_resolve(s, "nope", id, sizeof id, &e), ERR_NOTFOUND);
    assert_int_equal(framework_coverage_compute(s, "nope", &c, &e), ERR_NOTFOUND);
    framework_coverage_release(&c);

    assert_int_equal(framework_coverage_compute(s, "urn:test:framework:small", &c, &e), 0);
    assert_int_equal(c.n, 3);
    /* the tree: b first (the only top node), then its children by position */
    assert_string_equal(json_string_value(json_object_get(c.nodes[0].record, "id")),
                        "urn:test:req:b");
    assert_string_equal(json_string_value(json_object_get(c.nodes[1].record, "id")),
                        "urn:test:req:b.1");
    assert_int_equal(c.nodes[1].depth, 1);
    assert_int_equal(json_array_size(c.nodes[1].measures), 2);
    assert_true(c.nodes[1].covered && c.nodes[1].covered_done);
    assert_int_equal(json_array_size(c.nodes[2].measures), 1); /* cancelled: listed ... */
    assert_false(c.nodes[2].covered);                          /* ... but covers nothing */
    assert_int_equal(c.assessable, 2);
    assert_int_equal(c.covered, 1);
    assert_int_equal(c.covered_done, 1);
    framework_coverage_release(&c);
    framework_coverage_release(&c); /* idempotent */
    assert_null(c.nodes);
    store_close(s);
}

/* keep() of the scope test: leaves out m-hidden and, when ctx says so, the
 * heading b; fails on demand. */
static int keep_test(void *ctx, enum kind_id kind, const json_t *record, struct error *e)
{
    const char *id = json_string_value(json_object_get(record, "id"));
    int mode = *(int *)ctx;
    if (mode == 2)
        return error_set(e, ERR_STORE, id, "the filter failed");
    if (kind == KIND_MEASURE)
        return strcmp(id, "m-hidden") != 0;
    return !(mode == 1 && strcmp(id, "urn:test:req:b") == 0);
}

static void test_coverage_scoped(void **state)
{
    struct import_batch b = IMPORT_BATCH_INIT;
    struct import_stats stats;
    struct framework_coverage c;
    struct error e = {0};
    struct store *s = open_store("scope.db");
    const char *doc = testutil_temp_path("scoped.json");
    int mode = 0;
    struct framework_scope scope = {"p1", keep_test, &mode};
    char id[FRAMEWORK_ID_SIZE], text[4096];
    (void)state;
    assert_int_equal(add_text(&b, small, &e), 0);
    framework_id_from_urn("urn:test:req:has space", id);
    snprintf(text, sizeof text,
             "{\"format\": \"vitaal\", \"version\": 2,"
             " \"sectors\": [{\"id\": \"s1\", \"name\": \"S\", \"classification\": "
             "\"public\", \"owner\": \"nctv\"}],"
             " \"processes\": [{\"id\": \"p1\", \"name\": \"P\", \"sector\": \"s1\","
             " \"ministry\": \"nctv\", \"category\": \"A\", \"classification\": \"public\","
             " \"owner\": \"nctv\"}],"
             " \"measures\": ["
             "{\"id\": \"m-p1\", \"name\": \"A\", \"kind\": \"other\", \"scope\": "
             "\"sectoral\", \"status\": \"planned\", \"processes\": [\"p1\"], \"requirements\":"
             " [\"urn:test:req:b.1\", \"%s\"], \"classification\": \"internal\", \"owner\": "
             "\"nctv\"},"
             "{\"id\": \"m-hidden\", \"name\": \"H\", \"kind\": \"other\", \"scope\": "
             "\"sectoral\", \"status\": \"done\", \"processes\": [\"p1\"], \"requirements\":"
             " [\"urn:test:req:b.1\"], \"classification\": \"internal\", \"owner\": \"nctv\"},"
             "{\"id\": \"m-other\", \"name\": \"O\", \"kind\": \"other\", \"scope\": "
             "\"sectoral\", \"status\": \"done\", \"requirements\": [\"%s\"],"
             " \"classification\": \"internal\", \"owner\": \"nctv\"}]}",
             id, id);
    assert_int_equal(testutil_write_file(doc, text), 0);
    assert_int_equal(import_batch_add_json_file(&b, doc, &e), 0);
    if (import_batch_apply(&b, s, 0, &testutil_change, NULL, &stats, &e) != 0)
        fail_msg("%s: %s", e.where, e.message);
    import_batch_release(&b);

    /* unscoped: all three count */
    assert_int_equal(framework_coverage_compute(s, "urn:test:framework:small", &c, &e), 0);
    assert_int_equal(c.covered, 2);
    assert_int_equal(c.covered_done, 2);
    framework_coverage_release(&c);

    /* p1's measures that keep() lets through: only m-p1, planned */
    assert_int_equal(
        framework_coverage_compute_scoped(s, "urn:test:framework:small", &scope, &c, &e), 0);
    assert_int_equal(c.n, 3);
    assert_int_equal(json_array_size(c.nodes[1].measures), 1);
    assert_string_equal(
        json_string_value(json_object_get(json_array_get(c.nodes[1].measures, 0), "id")), "m-p1");
    assert_int_equal(json_array_size(c.nodes[2].measures), 1); /* m-other protects no p1 */
    assert_int_equal(c.assessable, 2);
    assert_int_equal(c.covered, 2);
    assert_int_equal(c.covered_done, 0);
    framework_coverage_release(&c);

    /* a requirement left out: its children become top nodes */
    mode = 1;
    assert_int_equal(
        framework_coverage_compute_scoped(s, "urn:test:framework:small", &scope, &c, &e), 0);
    assert_int_equal(c.n, 2);
    assert_int_equal(c.nodes[0].depth, 0);
    assert_int_equal(c.nodes[1].depth, 0);
    framework_coverage_release(&c);

    /* a failing keep() stops the computation with its code */
    mode = 2;
    assert_int_equal(
        framework_coverage_compute_scoped(s, "urn:test:framework:small", &scope, &c, &e),
        ERR_STORE);
    assert_non_null(strstr(e.message, "the filter failed"));
    framework_coverage_release(&c);
    store_close(s);
}

static void test_owner_needs_a_coordinator(void **state)
{
    struct store *s = NULL;
    struct error e = {0};
    char owner[FRAMEWORK_ID_SIZE];
    (void)state;
    assert_int_equal(store_open(testutil_db_path("empty.db"), STORE_CREATE, &s, &e), 0);
    assert_int_equal(framework_owner_default(s, owner, sizeof owner, &e), ERR_INVALID);
    assert_non_null(strstr(e.message, "--owner"));
    store_close(s);
}

static void count_nodes(const char *file, size_t *nodes, size_t *assessable)
{
    struct import_batch b = IMPORT_BATCH_INIT;
    struct error e = {0};
    size_t i;
    *nodes = *assessable = 0;
    if (framework_batch_add_yaml_file(&b, file, "nctv", &e) != 0)
        fail_msg("%s: %s", e.where, e.message);
    assert_string_equal(b.items[0].kind->name, "frameworks");
    for (i = 1; i < b.n; i++) {
        assert_string_equal(b.items[i].kind->name, "requirements");
        (*nodes)++;
        *assessable += json_is_true(field(&b, i, "assessable"));
    }
    import_batch_release(&b);
}

static void test_ciso_assistant_files(void **state)
{
    const char *root = getenv("VITAAL_ROOT");
    char dir[512], path[600];
    size_t nodes, assessable;
    (void)state;
    snprintf(dir, sizeof dir, "%s/../shared/data/external", root && *root ? root : ".");
    if (access(dir, R_OK) != 0) {
        skip();
        return;
    }
    snprintf(path, sizeof path, "%s/ciso-assistant-cer-directive.yaml", dir);
    count_nodes(path, &nodes, &assessable);
    assert_int_equal(nodes, 31);
    assert_int_equal(assessable, 14);
    snprintf(path, sizeof path, "%s/ciso-assistant-nis2-directive.yaml", dir);
    count_nodes(path, &nodes, &assessable);
    assert_int_equal(nodes, 17);
    assert_int_equal(assessable, 13);
}

static void test_shipped_frameworks(void **state)
{
    size_t nodes, assessable;
    char path[600];
    const char *root = getenv("VITAAL_ROOT");
    (void)state;
    snprintf(path, sizeof path, "%s/data/frameworks/nis2-art21.yaml", root && *root ? root : ".");
    count_nodes(path, &nodes, &assessable);
    assert_int_equal(nodes, 17); /* art. 21 + (a)-(j), art. 23 + 23(1), 23(4)(a)-(d) */
    assert_int_equal(assessable, 15);
    snprintf(path, sizeof path, "%s/data/frameworks/cer-art13.yaml", root && *root ? root : ".");
    count_nodes(path, &nodes, &assessable);
    assert_int_equal(nodes, 12); /* art. 12 + 12(1), art. 13 + (a)-(f), art. 15 + 2 */
    assert_int_equal(assessable, 9);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_maps_nodes_to_records),
        cmocka_unit_test(test_ids_from_urns),
        cmocka_unit_test(test_refusals_name_the_place),
        cmocka_unit_test(test_caps),
        cmocka_unit_test(test_long_chain_of_parents),
        cmocka_unit_test(test_ignores_the_rest),
        cmocka_unit_test(test_generated_framework),
        cmocka_unit_test(test_coverage_and_owner),
        cmocka_unit_test(test_coverage_scoped),
        cmocka_unit_test(test_owner_needs_a_coordinator),
        cmocka_unit_test(test_ciso_assistant_files),
        cmocka_unit_test(test_shipped_frameworks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
