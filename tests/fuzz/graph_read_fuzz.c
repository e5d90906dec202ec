/*
 * graph_read_fuzz.c — fuzzes engine/graph_read: a graph document read
 * from memory; when it is accepted, the cascade of its first node is
 * computed too (the graph must hold together), with a small horizon.
 */
#include "fuzz.h"

#include "base/json_reader.h"
#include "engine/cascade.h"
#include "engine/graph.h"
#include "engine/graph_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct json_reader *r = NULL;
    struct graph *g = NULL;
    struct error e = {0};
    r = json_reader_new_memory((const char *)data, size, NULL);
    if (graph_read_json(r, &g, &e) == 0) {
        FUZZ_CHECK(g != NULL);
        FUZZ_CHECK(e.code == 0);
        if (graph_node_count(g) > 0) {
            uint32_t first = 0;
            struct cascade_event ev = {
                .failed = &first, .n_failed = 1, .outage_h = 4, .horizon_h = 48};
            struct cascade_result *res = NULL;
            if (cascade_run(g, &ev, &res, &e) == 0) {
                FUZZ_CHECK(res->n_affected >= 1 && res->n_affected <= graph_node_count(g));
                cascade_result_free(res);
            }
        }
    } else {
        FUZZ_CHECK(g == NULL);
        FUZZ_CHECK(e.code != 0);
    }
    graph_free(g);
    json_reader_free(r);
    return 0;
}
