/*
 * cmd_criticality.c — `vitaal criticality`: ranks every node of the process
 * graph by the cascade its failure alone causes (the criticality ranking of
 * the cascade model), using every core.
 */
#include "cli/cli.h"

#include "base/json_writer.h"
#include "base/progress.h"
#include "cli/engine_output.h"
#include "domain/process_graph.h"
#include "engine/cascade.h"
#include "engine/criticality.h"
#include "engine/graph.h"
#include "report/report_json.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char criticality_usage[] =
    "usage: vitaal criticality (--graph FILE | --db PATH) --outage-h T --horizon-h H\n"
    "                          [--top K] [--json]\n\n"
    "For every node, simulates its failure alone for T hours over H hours\n"
    "(docs/method.md) and ranks the nodes by how many nodes are affected, then\n"
    "by the hours down summed over all nodes, then by id. From the database the\n"
    "nodes are the processes and the services (suppliers that are not vital\n"
    "processes), each marked with its type.\n\n"
    "  --graph FILE     a graph document (\"-\" for standard input); without it,\n"
    "                   the process graph of the database (--db PATH or default)\n"
    "  --outage-h T     hours each node stays down (whole number >= 0)\n"
    "  --horizon-h H    hours to simulate (1 .. 1000000)\n"
    "  --top K          only the first K of the ranking\n"
    "  --json           machine-readable output\n";

static void print_json(const struct graph *g, const struct criticality_ranking *r, size_t shown,
                       int32_t outage_h, int32_t horizon_h, const json_t *services)
{
    struct criticality_doc d = {g, r->entries, r->n, outage_h, horizon_h, shown, services};
    struct json_writer w;
    json_writer_init_file(&w, stdout, 0);
    criticality_write_json(&w, &d, NULL); /* the operator: everything */
    if (json_writer_finish(&w) == 0)
        fputc('\n', stdout);
}

static void print_text(const struct graph *g, const struct criticality_ranking *r, size_t shown,
                       int32_t outage_h, int32_t horizon_h, const json_t *services)
{
    size_t i;
    int idw = 4;
    for (i = 0; i < shown; i++) {
        int len = (int)strlen(graph_node_id(g, r->entries[i].node));
        if (len > idw)
            idw = len > 40 ? 40 : len;
    }
    printf("criticality of %zu nodes, each failing alone for %d h (horizon %d h)\n\n", r->n,
           outage_h, horizon_h);
    if (services)
        printf("%5s  %-*s  %-7s  %8s  %10s\n", "rank", idw, "node", "type", "affected",
               "node-hours");
    else
        printf("%5s  %-*s  %8s  %10s\n", "rank", idw, "node", "affected", "node-hours");
    for (i = 0; i < shown; i++) {
        const char *id = graph_node_id(g, r->entries[i].node);
        if (services) /* from the database: a process or a service */
            printf("%5zu  %-*.*s  %-7s  %8u  %10lld\n", i + 1, idw, idw, id,
                   process_graph_node_type(services, id), r->entries[i].affected,
                   (long long)r->entries[i].down_node_hours);
        else
            printf("%5zu  %-*.*s  %8u  %10lld\n", i + 1, idw, idw, id, r->entries[i].affected,
                   (long long)r->entries[i].down_node_hours);
    }
    if (shown < r->n)
        printf("\n(the first %zu of %zu)\n", shown, r->n);
}

int cmd_criticality(struct cli *cli, int argc, char **argv)
{
    enum { OPT_GRAPH = 1100, OPT_OUTAGE, OPT_HORIZON, OPT_TOP };
    static const struct option options[] = {CLI_COMMON_LONG_OPTIONS,
                                            {"json", no_argument, NULL, CLI_OPT_JSON},
                                            {"graph", required_argument, NULL, OPT_GRAPH},
                                            {"outage-h", required_argument, NULL, OPT_OUTAGE},
                                            {"horizon-h", required_argument, NULL, OPT_HORIZON},
                                            {"top", required_argument, NULL, OPT_TOP},
                                            {NULL, 0, NULL, 0}};
    const char *graph_path = NULL, *db_path = NULL;
    struct graph *g = NULL;
    json_t *services = NULL;
    struct criticality_ranking *r = NULL;
    struct error e = {0};
    struct progress_meter *meter = NULL;
    struct progress_sink progress;
    int32_t outage_h = -1, horizon_h = -1, top = -1;
    int json = 0, c, rc = 0;
    size_t shown;

    opterr = 0;
    while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
        switch (c) {
        case CLI_OPT_HELP:
            fputs(criticality_usage, stdout);
            return 0;
        case CLI_OPT_DB:
            db_path = optarg;
            break;
        case CLI_OPT_JSON:
            json = 1;
            break;
        case OPT_GRAPH:
            graph_path = optarg;
            break;
        case OPT_OUTAGE:
            if ((rc = engine_parse_hours("criticality", "--outage-h", optarg, 0, INT32_MAX,
                                         &outage_h)) != 0)
                return rc;
            break;
        case OPT_HORIZON:
            if ((rc = engine_parse_hours("criticality", "--horizon-h", optarg, 1,
                                         CASCADE_MAX_HORIZON_H, &horizon_h)) != 0)
                return rc;
            break;
        case OPT_TOP: {
            char *end = NULL;
            long v = strtol(optarg, &end, 10);
            if (optarg[0] == '\0' || *end != '\0' || v < 1 || v > INT32_MAX)
                return cli_usage_error("criticality", "--top needs a whole number >= 1, not '%s'",
                                       optarg);
            top = (int32_t)v;
            break;
        }
        default:
            return engine_option_error("criticality", c, argv);
        }
    }
    if (optind < argc)
        return cli_usage_error("criticality", "unexpected argument '%s'", argv[optind]);
    if (graph_path && db_path)
        return cli_usage_error("criticality", "give --graph or --db, not both");
    if (outage_h < 0)
        return cli_usage_error("criticality", "--outage-h is required");
    if (horizon_h < 0)
        return cli_usage_error("criticality", "--horizon-h is required");

    /* progress on standard error only when it is a terminal */
    meter = progress_meter_new(stderr, 0);
    progress = progress_meter_sink(meter);
    if (engine_load_graph(graph_path, db_path ? db_path : cli->db_path, &progress, &g, &services,
                          &e) != 0) {
        rc = cli_report(&e);
        goto cleanup;
    }
    {
        struct criticality_options o = {outage_h, horizon_h, 0, NULL, 0, &progress, NULL};
        if (criticality_rank(g, &o, &r, &e) != 0) {
            rc = cli_report(&e);
            goto cleanup;
        }
    }
    progress_meter_free(meter); /* erases its line before the output */
    meter = NULL;
    shown = top > 0 && (size_t)top < r->n ? (size_t)top : r->n;
    if (json)
        print_json(g, r, shown, outage_h, horizon_h, services);
    else
        print_text(g, r, shown, outage_h, horizon_h, services);
    if (fflush(stdout) != 0 || ferror(stdout))
        rc = cli_report(&(struct error){.code = ERR_IO, .message = "writing the output failed"});
cleanup:
    progress_meter_free(meter);
    criticality_ranking_free(r);
    graph_free(g);
    json_decref(services);
    return rc;
}
