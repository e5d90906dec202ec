/*
 * engine_bench.c — benchmarks of the analysis engine, driven by
 * scripts/run-bench.sh, which writes docs/benchmarks.md. Each mode runs in
 * its own process so its peak RSS is its own:
 *
 *   engine_bench gen N FILE          a deterministic graph of N nodes as a file
 *   engine_bench gen-regional N FILE the same with 2.5 inputs a node and local
 *                                    supplier choices (the regional blackout)
 *   engine_bench cascade FILE H      load through the streaming reader, then one
 *                                    cascade (the 10 hubs fail for 24 h) over H h
 *   engine_bench cascade FILE H FIRST COUNT
 *                                    the same with nodes FIRST .. FIRST+COUNT-1
 *   engine_bench cascade-old FILE H FIRST COUNT
 *                                    the same with the engine before the
 *                                    change-driven rework (tests/support/cascade_dred.c)
 *   engine_bench criticality FILE H SAMPLE
 *                                    the ranking over H h for every node, or for
 *                                    SAMPLE evenly spaced nodes when SAMPLE > 0
 *   engine_bench reference N H       criticality of the engine against the naive
 *                                    reference on the same N-node graph
 *   engine_bench run PROGRAM ARGS... runs a program (output to /dev/null) and
 *                                    reports its wall time and peak RSS
 *
 * Each prints one line of "key=value" figures. Timings are measured, never
 * asserted: the tests check correctness, this only reports.
 */
#include "base/json_reader.h"
#include "engine/cascade.h"
#include "engine/criticality.h"
#include "engine/graph.h"
#include "engine/graph_read.h"
#include "support/cascade_dred.h"
#include "support/cascade_reference.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define HUBS      10  /* the cascade benchmark fails the first HUBS nodes */
#define HUBS_POOL 100 /* the first nodes are hubs, suppliers of many */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double peak_rss_mb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_maxrss / 1024.0;
}

/* About 1.5 inputs a node; a quarter with two alternative suppliers; 30 % of
 * suppliers are among the first 1 % of nodes (the hubs: power, telecom, ...),
 * the rest anywhere, so there are cycles; buffers, fallbacks and recovery as
 * a mix of the short and the long. */
static void generate(struct ref_graph *g, int n, uint64_t seed)
{
    uint64_t st = seed;
    int i, k, hubs = n < 10 * HUBS_POOL ? (n + 9) / 10 : HUBS_POOL;
    g->n_nodes = n;
    g->recovery_h = calloc((size_t)n, sizeof(int));
    g->inputs = calloc((size_t)n * 3, sizeof *g->inputs);
    g->n_inputs = 0;
    if (!g->recovery_h || !g->inputs) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    for (i = 0; i < n; i++) {
        uint64_t r = ref_rand(&st) % 100;
        int n_in = r < 5 ? 0 : r < 55 ? 1 : r < 90 ? 2 : 3;
        if (ref_rand(&st) % 100 < 20)
            g->recovery_h[i] = 1 + (int)(ref_rand(&st) % 6);
        for (k = 0; k < n_in; k++) {
            struct ref_input *in = &g->inputs[g->n_inputs++];
            int s;
            in->node = i;
            in->n_suppliers = ref_rand(&st) % 4 == 0 ? 2 : 1;
            for (s = 0; s < in->n_suppliers; s++)
                in->suppliers[s] = ref_rand(&st) % 100 < 30 ? (int)(ref_rand(&st) % (uint64_t)hubs)
                                                            : (int)(ref_rand(&st) % (uint64_t)n);
            in->buffer_h = ref_rand(&st) % 100 < 40 ? 0 : 1 + (int)(ref_rand(&st) % 48);
            if (ref_rand(&st) % 100 < 15) {
                in->has_fallback = 1;
                in->activation_h = (int)(ref_rand(&st) % 7);
                in->duration_h = 6 + (int)(ref_rand(&st) % 67);
            }
        }
    }
}

/* The regional graph: about 2.5 inputs a node, an eighth of them with two
 * alternative suppliers; supplier choices have locality: 60 % within 500
 * places of the node (its neighbourhood), 25 % among the ten regional hubs
 * of its block of 10,000 nodes, 15 % anywhere (so a regional failure can
 * spread, and there are cycles at every scale). Buffers, fallbacks and
 * recovery as in generate(). */
static void generate_regional(struct ref_graph *g, int n, uint64_t seed)
{
    uint64_t st = seed;
    int i, k;
    g->n_nodes = n;
    g->recovery_h = calloc((size_t)n, sizeof(int));
    g->inputs = calloc((size_t)n * 4, sizeof *g->inputs);
    g->n_inputs = 0;
    if (!g->recovery_h || !g->inputs) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    for (i = 0; i < n; i++) {
        uint64_t r = ref_rand(&st) % 100;
        int n_in = r < 5 ? 0 : r < 15 ? 1 : r < 45 ? 2 : r < 80 ? 3 : 4;
        if (ref_rand(&st) % 100 < 20)
            g->recovery_h[i] = 1 + (int)(ref_rand(&st) % 6);
        for (k = 0; k < n_in; k++) {
            struct ref_input *in = &g->inputs[g->n_inputs++];
            int s;
            in->node = i;
            in->n_suppliers = ref_rand(&st) % 8 == 0 ? 2 : 1;
            for (s = 0; s < in->n_suppliers; s++) {
                uint64_t c = ref_rand(&st) % 100;
                int64_t v;
                if (c < 60)
                    v = (int64_t)i - 500 + (int64_t)(ref_rand(&st) % 1001);
                else if (c < 85)
                    v = (int64_t)(i / 10000) * 10000 + (int64_t)(ref_rand(&st) % 10);
                else
                    v = (int64_t)(ref_rand(&st) % (uint64_t)n);
                in->suppliers[s] = (int)(((v % n) + n) % n);
            }
            in->buffer_h = ref_rand(&st) % 100 < 40 ? 0 : 1 + (int)(ref_rand(&st) % 48);
            if (ref_rand(&st) % 100 < 15) {
                in->has_fallback = 1;
                in->activation_h = (int)(ref_rand(&st) % 7);
                in->duration_h = 6 + (int)(ref_rand(&st) % 67);
            }
        }
    }
}

static int mode_gen(int n, const char *path, int regional)
{
    struct ref_graph g;
    FILE *f = fopen(path, "w");
    int i, s;
    if (f == NULL) {
        perror(path);
        return 1;
    }
    if (regional)
        generate_regional(&g, n, 20261206);
    else
        generate(&g, n, 20240501);
    fputs("{\"nodes\":[", f);
    for (i = 0; i < n; i++) {
        fprintf(f, "%s{\"id\":\"n%d\"", i ? "," : "", i);
        if (g.recovery_h[i])
            fprintf(f, ",\"recovery_h\":%d", g.recovery_h[i]);
        fputs("}\n", f);
    }
    fputs("],\"inputs\":[", f);
    for (i = 0; i < g.n_inputs; i++) {
        const struct ref_input *in = &g.inputs[i];
        fprintf(f, "%s{\"node\":\"n%d\",\"suppliers\":[", i ? "," : "", in->node);
        for (s = 0; s < in->n_suppliers; s++)
            fprintf(f, "%s\"n%d\"", s ? "," : "", in->suppliers[s]);
        fputc(']', f);
        if (in->buffer_h)
            fprintf(f, ",\"buffer_h\":%d", in->buffer_h);
        if (in->has_fallback)
            fprintf(f, ",\"fallback\":{\"activation_h\":%d,\"duration_h\":%d}", in->activation_h,
                    in->duration_h);
        fputs("}\n", f);
    }
    fputs("]}\n", f);
    printf("nodes=%d inputs=%d bytes=%ld\n", g.n_nodes, g.n_inputs, ftell(f));
    fclose(f);
    ref_graph_free(&g);
    return 0;
}

static struct graph *load(const char *path, double *seconds)
{
    FILE *f = fopen(path, "rb");
    struct json_reader *r = NULL;
    struct graph *g = NULL;
    struct error e = {0};
    double t0 = now();
    if (f != NULL)
        r = json_reader_new_file(f, NULL);
    if (f == NULL || graph_read_json(r, &g, &e) != 0) {
        fprintf(stderr, "%s: %s: %s\n", path, e.where, e.message);
        exit(1);
    }
    *seconds = now() - t0;
    json_reader_free(r);
    fclose(f);
    return g;
}

static int mode_cascade(const char *path, int horizon_h, uint32_t first, uint32_t count, int old)
{
    double load_s, t0, sim_s;
    struct graph *g = load(path, &load_s);
    uint32_t *failed = malloc(count * sizeof *failed), i;
    struct cascade_event ev = {failed, count, 24, horizon_h, NULL};
    struct cascade_result *r = NULL;
    struct error e = {0};
    if (failed == NULL || first + count > graph_node_count(g)) {
        fprintf(stderr, "bad failed range\n");
        return 1;
    }
    for (i = 0; i < count; i++)
        failed[i] = first + i; /* nodes are numbered in file order */
    t0 = now();
    if ((old ? dred_cascade_run(g, &ev, &r, &e) : cascade_run(g, &ev, &r, &e)) != 0) {
        fprintf(stderr, "%s\n", e.message);
        return 1;
    }
    sim_s = now() - t0;
    printf("load_s=%.3f simulate_s=%.3f affected=%u node_hours=%lld rss_mb=%.0f\n", load_s, sim_s,
           r->n_affected, (long long)r->down_node_hours, peak_rss_mb());
    cascade_result_free(r);
    free(failed);
    graph_free(g);
    return 0;
}

static int mode_criticality(const char *path, int horizon_h, int sample)
{
    double load_s, t0, s;
    struct graph *g = load(path, &load_s);
    uint32_t n = graph_node_count(g), *nodes = NULL, i;
    struct criticality_options o = {24, horizon_h, 0, NULL, 0, NULL, NULL};
    struct criticality_ranking *r = NULL;
    struct error e = {0};
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    if (sample > 0 && (uint32_t)sample < n) {
        nodes = malloc((size_t)sample * sizeof *nodes);
        for (i = 0; i < (uint32_t)sample; i++)
            nodes[i] = (uint32_t)((uint64_t)i * n / (uint32_t)sample);
        o.nodes = nodes;
        o.n_nodes = (size_t)sample;
    }
    t0 = now();
    if (criticality_rank(g, &o, &r, &e) != 0) {
        fprintf(stderr, "%s\n", e.message);
        return 1;
    }
    s = now() - t0;
    printf("load_s=%.3f events=%zu rank_s=%.3f per_event_us=%.1f all_nodes_s=%.1f cores=%ld "
           "top_affected=%u rss_mb=%.0f\n",
           load_s, r->n, s, s / (double)r->n * 1e6 * (double)cores, s / (double)r->n * (double)n,
           cores, r->n ? r->entries[0].affected : 0, peak_rss_mb());
    criticality_ranking_free(r);
    free(nodes);
    graph_free(g);
    return 0;
}

static int mode_reference(int n, int horizon_h)
{
    struct ref_graph rg;
    struct graph *g;
    struct ref_rank *want = malloc((size_t)n * sizeof *want);
    struct criticality_ranking *one = NULL, *all = NULL;
    struct criticality_options o = {24, horizon_h, 1, NULL, 0, NULL, NULL};
    struct error e = {0};
    double t0, ref_s, one_s, all_s;
    char id[16];
    int i, same = 1;
    generate(&rg, n, 7);
    g = ref_graph_to_engine(&rg, 0);
    t0 = now();
    if (ref_criticality(&rg, 24, horizon_h, want) != 0)
        return 1;
    ref_s = now() - t0;
    /* the engine's runs are short: the best of five of each */
    one_s = all_s = 1e9;
    for (i = 0; i < 5; i++) {
        criticality_ranking_free(one);
        criticality_ranking_free(all);
        o.threads = 1;
        t0 = now();
        if (criticality_rank(g, &o, &one, &e) != 0)
            return 1;
        one_s = now() - t0 < one_s ? now() - t0 : one_s;
        o.threads = 0;
        t0 = now();
        if (criticality_rank(g, &o, &all, &e) != 0)
            return 1;
        all_s = now() - t0 < all_s ? now() - t0 : all_s;
    }
    for (i = 0; i < n; i++)
        if (strcmp(graph_node_id(g, all->entries[i].node), ref_node_id(want[i].node, id)) != 0 ||
            all->entries[i].affected != (uint32_t)want[i].affected ||
            all->entries[i].down_node_hours != want[i].down_node_hours)
            same = 0;
    printf("nodes=%d reference_s=%.2f engine_1_thread_s=%.4f engine_all_cores_s=%.4f "
           "speedup_1_thread=%.0f speedup_all_cores=%.0f same_ranking=%s\n",
           n, ref_s, one_s, all_s, ref_s / one_s, ref_s / all_s, same ? "yes" : "NO");
    criticality_ranking_free(one);
    criticality_ranking_free(all);
    graph_free(g);
    ref_graph_free(&rg);
    free(want);
    return same ? 0 : 1;
}

static int mode_run(char **argv)
{
    double t0 = now(), s;
    struct rusage ru;
    int status;
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        execv(argv[0], argv);
        _exit(127);
    }
    if (pid < 0 || wait4(pid, &status, 0, &ru) < 0)
        return 1;
    s = now() - t0;
    printf("wall_s=%.2f rss_mb=%.0f status=%d\n", s, (double)ru.ru_maxrss / 1024.0,
           WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "gen") == 0)
        return mode_gen(atoi(argv[2]), argv[3], 0);
    if (argc == 4 && strcmp(argv[1], "gen-regional") == 0)
        return mode_gen(atoi(argv[2]), argv[3], 1);
    if (argc == 4 && strcmp(argv[1], "cascade") == 0)
        return mode_cascade(argv[2], atoi(argv[3]), 0, HUBS, 0);
    if (argc == 6 && (strcmp(argv[1], "cascade") == 0 || strcmp(argv[1], "cascade-old") == 0))
        return mode_cascade(argv[2], atoi(argv[3]), (uint32_t)atoi(argv[4]),
                            (uint32_t)atoi(argv[5]), strcmp(argv[1], "cascade-old") == 0);
    if (argc == 5 && strcmp(argv[1], "criticality") == 0)
        return mode_criticality(argv[2], atoi(argv[3]), atoi(argv[4]));
    if (argc == 4 && strcmp(argv[1], "reference") == 0)
        return mode_reference(atoi(argv[2]), atoi(argv[3]));
    if (argc >= 3 && strcmp(argv[1], "run") == 0)
        return mode_run(argv + 2);
    fprintf(stderr, "usage: see the comment at the top of bench/engine_bench.c\n");
    return 2;
}
