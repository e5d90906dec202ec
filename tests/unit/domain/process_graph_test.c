/*
 * process_graph_test.c — tests src/domain/process_graph.c with services
 * (issue 20 part 4) and src/domain/service.c: services are nodes without
 * inputs, a dependency's suppliers are its processes and then its
 * services, ids are unique among both kinds, the criticality ranking
 * includes services, and the common causes count sectors. The property
 * test builds random databases of processes, services and dependencies and
 * checks the engine's cascade and ranking on the stored graph against the
 * naive reference (tests/support/cascade_reference.c), where a service is
 * simply a node with no inputs: docs/method.md, "Services in the cascade".
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "domain/process_graph.h"
#include "domain/service.h"
#include "domain/validate.h"
#include "engine/cascade.h"
#include "engine/criticality.h"
#include "engine/graph.h"
#include "store/store.h"
#include "support/cascade_reference.h"
#include "support/testutil.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct store *new_db(void)
{
    static int n;
    struct store *s = NULL;
    struct error e = {0};
    char name[32];
    snprintf(name, sizeof name, "pg%d.db", n++);
    assert_int_equal(store_open(testutil_db_path(name), STORE_CREATE, &s, &e), 0);
    return s;
}

/* Validates and writes one record (classification and owner added). */
static int put(struct store *s, const char *kind, json_t *record, struct error *e)
{
    const struct kind *k = model_kind_find(kind);
    int rc;
    json_object_set_new(record, "classification", json_string("public"));
    json_object_set_new(record, "owner", json_string("o"));
    rc = validate_record(k, record, "$", e);
    if (rc == 0)
        rc = store_record_put(s, k, record, &testutil_change, NULL, e);
    json_decref(record);
    return rc;
}

static void put_ok(struct store *s, const char *kind, json_t *record)
{
    struct error e = {0};
    if (put(s, kind, record, &e) != 0)
        fail_msg("%s: %s: %s", kind, e.where, e.message);
}

static void put_base(struct store *s)
{
    put_ok(s, "organisations",
           json_pack("{s:s,s:s,s:s}", "id", "o", "name", "O", "kind", "coordinator"));
    put_ok(s, "sectors", json_pack("{s:s,s:s}", "id", "s1", "name", "S1"));
    put_ok(s, "sectors", json_pack("{s:s,s:s}", "id", "s2", "name", "S2"));
}

static void put_process(struct store *s, const char *id, const char *sector, int recovery_h)
{
    put_ok(s, "processes",
           json_pack("{s:s,s:s,s:s,s:s,s:s,s:i}", "id", id, "name", id, "sector", sector,
                     "ministry", "o", "category", "B", "recovery_h", recovery_h));
}

static void put_service(struct store *s, const char *id, int recovery_h)
{
    put_ok(s, "services",
           json_pack("{s:s,s:s,s:s,s:i}", "id", id, "name", id, "kind", "cloud", "recovery_h",
                     recovery_h));
}

/* suppliers and services: JSON arrays (stolen) */
static void put_dependency(struct store *s, const char *id, const char *process, json_t *suppliers,
                           json_t *services, int buffer_h)
{
    put_ok(s, "dependencies",
           json_pack("{s:s,s:s,s:o,s:o,s:i}", "id", id, "process", process, "suppliers", suppliers,
                     "supplier_services", services, "buffer_h", buffer_h));
}

/*
 * The small graph of the worked example in docs/method.md ("Services in
 * the cascade"): processes pay (s1) and gov (s2), back (s1); services
 * cloud (recovery 6) and time.
 *   pay  <- cloud (buffer 2)
 *   gov  <- cloud (buffer 0)
 *   back <- pay or time (buffer 0): an alternative supplier of each kind
 * cloud fails 10 h over 30 h: cloud [0,10); gov [0,10); pay loss hours
 * 3..10 -> [2,10); back keeps time: up. 3 affected, 28 node-hours.
 */
static struct store *small_db(void)
{
    struct store *s = new_db();
    struct error e = {0};
    assert_int_equal(store_begin(s, &e), 0);
    put_base(s);
    put_ok(s, "settings", json_pack("{s:s,s:s}", "id", "assess_outage_h", "value", "10"));
    put_ok(s, "settings", json_pack("{s:s,s:s}", "id", "assess_horizon_h", "value", "30"));
    put_process(s, "pay", "s1", 0);
    put_process(s, "gov", "s2", 0);
    put_process(s, "back", "s1", 0);
    put_service(s, "cloud", 6);
    put_service(s, "time", 0);
    put_dependency(s, "d-pay", "pay", json_array(), json_pack("[s]", "cloud"), 2);
    put_dependency(s, "d-gov", "gov", json_array(), json_pack("[s]", "cloud"), 0);
    put_dependency(s, "d-back", "back", json_pack("[s]", "pay"), json_pack("[s]", "time"), 0);
    assert_int_equal(store_commit(s, &e), 0);
    return s;
}

static uint32_t node(const struct graph *g, const char *id)
{
    uint32_t i;
    if (graph_node_find(g, id, &i) != 0)
        fail_msg("no node %s", id);
    return i;
}

static const struct cascade_node *down(const struct cascade_result *r, const struct graph *g,
                                       const char *id)
{
    uint32_t k;
    for (k = 0; k < r->n_affected; k++) {
        if (strcmp(graph_node_id(g, r->nodes[k].node), id) == 0)
            return &r->nodes[k];
    }
    return NULL;
}

static void test_services_are_nodes(void **state)
{
    struct store *s = small_db();
    struct graph *g = NULL;
    struct cascade_result *r = NULL;
    struct graph_input in;
    json_t *services = NULL;
    struct error e = {0};
    uint32_t first, count, cloud;
    (void)state;

    assert_int_equal(process_graph_build(s, &g, &e), 0);
    assert_int_equal(graph_node_count(g), 5);
    /* processes first (id order), then the services */
    assert_string_equal(graph_node_id(g, 0), "back");
    assert_string_equal(graph_node_id(g, 3), "cloud");
    assert_string_equal(graph_node_id(g, 4), "time");
    assert_int_equal(graph_node_recovery_h(g, node(g, "cloud")), 6);
    /* a service has no inputs; back's input has a process and a service */
    graph_node_inputs(g, node(g, "cloud"), &first, &count);
    assert_int_equal(count, 0);
    graph_node_inputs(g, node(g, "back"), &first, &count);
    assert_int_equal(count, 1);
    graph_input_get(g, first, &in);
    assert_int_equal(in.n_suppliers, 2);
    assert_string_equal(graph_node_id(g, in.suppliers[0]), "pay");
    assert_string_equal(graph_node_id(g, in.suppliers[1]), "time");

    assert_int_equal(process_graph_service_ids(s, &services, &e), 0);
    assert_int_equal(json_object_size(services), 2);
    assert_string_equal(process_graph_node_type(services, "cloud"), "service");
    assert_string_equal(process_graph_node_type(services, "pay"), "process");

    cloud = node(g, "cloud");
    {
        struct cascade_event ev = {&cloud, 1, 10, 30, NULL};
        assert_int_equal(cascade_run(g, &ev, &r, &e), 0);
    }
    assert_int_equal(r->n_affected, 3);
    assert_int_equal(r->down_node_hours, 28);
    /* the failed service is down exactly its outage: its recovery_h counts
     * only after lost inputs return, and it has none */
    assert_int_equal(down(r, g, "cloud")->first_down_h, 0);
    assert_int_equal(down(r, g, "cloud")->down_h, 10);
    assert_int_equal(down(r, g, "gov")->down_h, 10);
    assert_int_equal(down(r, g, "pay")->first_down_h, 2);
    assert_int_equal(down(r, g, "pay")->down_h, 8);
    assert_null(down(r, g, "back")); /* time still supplies it */

    cascade_result_free(r);
    json_decref(services);
    graph_free(g);
    store_close(s);
}

static void test_criticality_includes_services(void **state)
{
    struct store *s = small_db();
    struct graph *g = NULL;
    struct criticality_ranking *r = NULL;
    struct criticality_options o = {10, 30, 1, NULL, 0, NULL, NULL};
    struct error e = {0};
    (void)state;
    assert_int_equal(process_graph_build(s, &g, &e), 0);
    assert_int_equal(criticality_rank(g, &o, &r, &e), 0);
    assert_int_equal(r->n, 5);
    /* cloud: 3 affected, 28 h; then pay (pay, and back? no: time) ... */
    assert_string_equal(graph_node_id(g, r->entries[0].node), "cloud");
    assert_int_equal(r->entries[0].affected, 3);
    assert_int_equal(r->entries[0].down_node_hours, 28);
    /* time fails: back keeps pay; only time itself */
    {
        size_t i;
        for (i = 0; i < r->n; i++) {
            if (strcmp(graph_node_id(g, r->entries[i].node), "time") == 0) {
                assert_int_equal(r->entries[i].affected, 1);
                assert_int_equal(r->entries[i].down_node_hours, 10);
            }
        }
    }
    criticality_ranking_free(r);
    graph_free(g);
    store_close(s);
}

static void test_common_causes(void **state)
{
    struct store *s = small_db();
    struct service_common_causes c;
    struct error e = {0};
    (void)state;
    assert_int_equal(service_common_causes_compute(s, &c, &e), 0);
    assert_int_equal(c.outage_h, 10);
    assert_int_equal(c.horizon_h, 30);
    assert_int_equal(c.n_services, 2);
    /* cloud takes down pay (s1) and gov (s2): two sectors; time none */
    assert_int_equal(c.n, 1);
    assert_string_equal(c.causes[0].service, "cloud");
    assert_int_equal(c.causes[0].sectors_down, 2);
    assert_int_equal(c.causes[0].n_processes, 2);
    assert_string_equal(c.causes[0].processes[0], "gov");
    assert_string_equal(c.causes[0].processes[1], "pay");
    assert_string_equal(c.causes[0].sectors[0], "s1");
    assert_string_equal(c.causes[0].sectors[1], "s2");
    assert_int_equal(c.causes[0].down_node_hours, 18);
    service_common_causes_release(&c);
    store_close(s);
}

static void test_one_sector_is_no_common_cause(void **state)
{
    struct store *s = new_db();
    struct service_common_causes c;
    struct error e = {0};
    (void)state;
    assert_int_equal(store_begin(s, &e), 0);
    put_base(s);
    put_process(s, "a", "s1", 0);
    put_process(s, "b", "s1", 0);
    put_service(s, "sv", 0);
    put_dependency(s, "d-a", "a", json_array(), json_pack("[s]", "sv"), 0);
    put_dependency(s, "d-b", "b", json_array(), json_pack("[s]", "sv"), 0);
    assert_int_equal(store_commit(s, &e), 0);
    assert_int_equal(service_common_causes_compute(s, &c, &e), 0);
    assert_int_equal(c.n_services, 1);
    assert_int_equal(c.n, 0); /* two processes, one sector */
    service_common_causes_release(&c);
    store_close(s);
}

static void test_ids_unique_and_a_supplier_needed(void **state)
{
    struct store *s = small_db();
    struct error e = {0};
    json_t *dep;
    (void)state;
    assert_int_equal(store_begin(s, &e), 0);
    /* one namespace for the graph: a service may not take a process's id,
     * nor a process a service's */
    assert_int_not_equal(put(s, "services",
                             json_pack("{s:s,s:s,s:s}", "id", "pay", "name", "x", "kind", "fuel"),
                             &e),
                         0);
    assert_non_null(strstr(e.message, "a process has this id"));
    error_clear(&e);
    assert_int_not_equal(put(s, "processes",
                             json_pack("{s:s,s:s,s:s,s:s,s:s}", "id", "cloud", "name", "x",
                                       "sector", "s1", "ministry", "o", "category", "B"),
                             &e),
                         0);
    assert_non_null(strstr(e.message, "a service has this id"));
    store_rollback(s);
    error_clear(&e);
    /* a dependency with neither a process nor a service is refused */
    dep = json_pack("{s:s,s:s,s:[],s:[],s:s,s:s}", "id", "d-x", "process", "pay", "suppliers",
                    "supplier_services", "classification", "public", "owner", "o");
    assert_int_equal(validate_record(model_kind_find("dependencies"), dep, "$", &e), ERR_INVALID);
    assert_string_equal(e.id, "dependency_needs_supplier");
    json_decref(dep);
    store_close(s);
}

/* --- the property test: the stored graph against the reference ---------- */

struct random_db {
    struct store *s;
    struct ref_graph rg; /* nodes 0 .. n_processes-1 processes "p<i>", then services "s<i>" */
    int n_processes, n_services;
};

static void node_id(const struct random_db *d, int i, char buf[16])
{
    if (i < d->n_processes)
        snprintf(buf, 16, "p%d", i);
    else
        snprintf(buf, 16, "s%d", i - d->n_processes);
}

/* A random database and its reference graph: services have no inputs,
 * dependencies draw suppliers from both kinds (processes in suppliers,
 * services in supplier_services). */
static void random_db(struct random_db *d, uint64_t seed)
{
    uint64_t st = seed * 2654435761u + 1;
    struct error e = {0};
    char id[16], did[32];
    int i, k, j, n;
    memset(d, 0, sizeof *d);
    d->s = new_db();
    d->n_processes = 3 + (int)(ref_rand(&st) % 10);
    d->n_services = 1 + (int)(ref_rand(&st) % 4);
    n = d->n_processes + d->n_services;
    d->rg.n_nodes = n;
    d->rg.recovery_h = calloc((size_t)n, sizeof *d->rg.recovery_h);
    d->rg.inputs = calloc((size_t)d->n_processes * 3 + 1, sizeof *d->rg.inputs);
    assert_int_equal(store_begin(d->s, &e), 0);
    put_base(d->s);
    for (i = 0; i < n; i++) {
        node_id(d, i, id);
        d->rg.recovery_h[i] = ref_rand(&st) % 3 == 0 ? (int)(ref_rand(&st) % 4) : 0;
        if (i < d->n_processes)
            put_process(d->s, id, ref_rand(&st) % 2 ? "s1" : "s2", d->rg.recovery_h[i]);
        else
            put_service(d->s, id, d->rg.recovery_h[i]);
    }
    for (i = 0; i < d->n_processes; i++) {
        int n_inputs = (int)(ref_rand(&st) % 4);
        for (k = 0; k < n_inputs; k++) {
            struct ref_input *in = &d->rg.inputs[d->rg.n_inputs];
            json_t *procs = json_array(), *svcs = json_array();
            int want = 1 + (int)(ref_rand(&st) % 3);
            in->node = i;
            in->buffer_h = ref_rand(&st) % 2 ? (int)(ref_rand(&st) % 5) : 0;
            for (j = 0; j < want; j++) {
                int sup = ref_rand(&st) % 2
                              ? d->n_processes + (int)(ref_rand(&st) % (uint64_t)d->n_services)
                              : (int)(ref_rand(&st) % (uint64_t)d->n_processes);
                int dup = 0, m;
                for (m = 0; m < in->n_suppliers; m++)
                    dup |= in->suppliers[m] == sup;
                if (dup) /* a REF_LIST holds distinct ids */
                    continue;
                in->suppliers[in->n_suppliers++] = sup;
                node_id(d, sup, id);
                json_array_append_new(sup < d->n_processes ? procs : svcs, json_string(id));
            }
            node_id(d, i, id);
            snprintf(did, sizeof did, "d-%d-%d", i, k);
            put_dependency(d->s, did, id, procs, svcs, in->buffer_h);
            d->rg.n_inputs++;
        }
    }
    assert_int_equal(store_commit(d->s, &e), 0);
}

static void random_db_free(struct random_db *d)
{
    store_close(d->s);
    free(d->rg.recovery_h);
    free(d->rg.inputs);
}

/* The engine's result as a node x hour matrix in the reference's numbering. */
static unsigned char *matrix(const struct random_db *d, const struct graph *g,
                             const struct cascade_result *r, int horizon_h)
{
    unsigned char *m = calloc((size_t)d->rg.n_nodes * (size_t)horizon_h + 1, 1);
    char id[16];
    int i;
    for (i = 0; i < d->rg.n_nodes; i++) {
        const struct cascade_node *cn;
        uint32_t j;
        int32_t t;
        node_id(d, i, id);
        if ((cn = down(r, g, id)) == NULL)
            continue;
        for (j = 0; j < cn->n_intervals; j++)
            for (t = cn->intervals[2 * j]; t < cn->intervals[2 * j + 1]; t++)
                m[(size_t)i * horizon_h + t] = 1;
    }
    return m;
}

static void test_property_services_against_reference(void **state)
{
    int round;
    (void)state;
    for (round = 0; round < 150; round++) {
        struct random_db d;
        struct graph *g = NULL;
        struct criticality_ranking *rank = NULL;
        struct error e = {0};
        uint64_t st = 77 + (uint64_t)round;
        int failed[4], nf, k, outage_h, horizon_h, i, t, any_service = 0;
        uint32_t idx[4];
        char id[16];
        unsigned char *want, *got;
        struct cascade_result *r = NULL;

        random_db(&d, 1000 + (uint64_t)round);
        assert_int_equal(process_graph_build(d.s, &g, &e), 0);
        assert_int_equal(graph_node_count(g), (uint32_t)d.rg.n_nodes);
        nf = 1 + (int)(ref_rand(&st) % 3);
        for (k = 0; k < nf; k++) {
            /* every other round a service among the failed */
            failed[k] = k == 0 && round % 2
                            ? d.n_processes + (int)(ref_rand(&st) % (uint64_t)d.n_services)
                            : (int)(ref_rand(&st) % (uint64_t)d.rg.n_nodes);
            node_id(&d, failed[k], id);
            idx[k] = node(g, id);
        }
        outage_h = (int)(ref_rand(&st) % 10);
        horizon_h = 1 + (int)(ref_rand(&st) % 30);
        want = malloc((size_t)d.rg.n_nodes * (size_t)horizon_h + 1);
        assert_int_equal(ref_cascade(&d.rg, failed, nf, outage_h, horizon_h, want), 0);
        {
            struct cascade_event ev = {idx, (size_t)nf, outage_h, horizon_h, NULL};
            if (cascade_run(g, &ev, &r, &e) != 0)
                fail_msg("%s", e.message);
        }
        got = matrix(&d, g, r, horizon_h);
        for (i = 0; i < d.rg.n_nodes; i++) {
            int is_failed = 0;
            for (k = 0; k < nf; k++)
                is_failed |= failed[k] == i;
            for (t = 0; t < horizon_h; t++) {
                size_t at = (size_t)i * (size_t)horizon_h + (size_t)t;
                if (got[at] != want[at])
                    fail_msg("db %d: node %d hour %d: engine %d, reference %d", round, i, t,
                             got[at], want[at]);
                /* a service is down exactly while it is failed: no inputs */
                if (i >= d.n_processes)
                    assert_int_equal(got[at], is_failed && t < outage_h);
            }
            any_service |= i >= d.n_processes && is_failed;
        }
        (void)any_service;
        free(want);
        free(got);
        cascade_result_free(r);

        /* the ranking: every node, services included, with the reference's counts */
        if (round % 5 == 0) {
            struct criticality_options o = {outage_h, horizon_h, 1, NULL, 0, NULL, NULL};
            size_t j;
            assert_int_equal(criticality_rank(g, &o, &rank, &e), 0);
            assert_int_equal(rank->n, (size_t)d.rg.n_nodes);
            for (j = 0; j < rank->n; j++) {
                unsigned char *m = malloc((size_t)d.rg.n_nodes * (size_t)horizon_h + 1);
                int ref = -1, affected = 0;
                long hours = 0;
                for (i = 0; i < d.rg.n_nodes; i++) {
                    node_id(&d, i, id);
                    if (strcmp(id, graph_node_id(g, rank->entries[j].node)) == 0)
                        ref = i;
                }
                assert_true(ref >= 0);
                assert_int_equal(ref_cascade(&d.rg, &ref, 1, outage_h, horizon_h, m), 0);
                for (i = 0; i < d.rg.n_nodes; i++) {
                    int any = 0;
                    for (t = 0; t < horizon_h; t++) {
                        any |= m[(size_t)i * horizon_h + t];
                        hours += m[(size_t)i * horizon_h + t];
                    }
                    affected += any;
                }
                assert_int_equal(rank->entries[j].affected, affected);
                assert_int_equal(rank->entries[j].down_node_hours, hours);
                if (j > 0)
                    assert_true(
                        criticality_entry_compare(g, &rank->entries[j - 1], &rank->entries[j]) < 0);
                free(m);
            }
            criticality_ranking_free(rank);
        }
        graph_free(g);
        random_db_free(&d);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_services_are_nodes),
        cmocka_unit_test(test_criticality_includes_services),
        cmocka_unit_test(test_common_causes),
        cmocka_unit_test(test_one_sector_is_no_common_cause),
        cmocka_unit_test(test_ids_unique_and_a_supplier_needed),
        cmocka_unit_test(test_property_services_against_reference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
