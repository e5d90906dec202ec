/*
 * cmd_cascade.c — `vitaal cascade`: simulates the failure of some nodes of
 * the process graph (a graph file or the database) hour by hour with the
 * cascade model and prints who is down when.
 */
#include "base/xmalloc.h"
#include "cli/cli.h"

#include "base/json_writer.h"
#include "base/progress.h"
#include "cli/engine_output.h"
#include "domain/process_graph.h"
#include "engine/cascade.h"
#include "engine/graph.h"
#include "report/report_json.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEXT_LIMIT 200 /* nodes shown in text without --all */

static const char cascade_usage[] =
    "usage: vitaal cascade (--graph FILE | --db PATH) --fail ID[,ID...] --outage-h T\n"
    "                      --horizon-h H [--json] [--all]\n\n"
    "Simulates the cascade model (docs/method.md): the named nodes fail for T\n"
    "hours; hour by hour over H hours, every node whose input is lost beyond its\n"
    "buffer and fallback goes down too, and comes back recovery_h hours after\n"
    "its inputs return. Prints every node that was down, with its intervals.\n\n"
    "  --graph FILE     a graph document (\"-\" for standard input); without it,\n"
    "                   the process graph of the database (--db PATH or default)\n"
    "  --fail IDS       the initially failed nodes, comma-separated (repeatable)\n"
    "  --outage-h T     hours they stay down (whole number >= 0)\n"
    "  --horizon-h H    hours to simulate (1 .. 1000000)\n"
    "  --json           machine-readable output\n"
    "  --all            in text, every affected node (default: the first 200)\n";

static void print_json(const struct graph *g, const struct cascade_result *r,
                       const struct id_list *failed, const json_t *services)
{
    struct cascade_doc d = {g, r, (const char *const *)failed->ids, failed->n, services};
    struct json_writer w;
    /* compact: a national cascade has hundreds of thousands of nodes */
    json_writer_init_file(&w, stdout, 0);
    cascade_write_json(&w, &d, NULL); /* the operator: everything */
    if (json_writer_finish(&w) == 0)
        fputc('\n', stdout);
}

int cmd_cascade(struct cli *cli, int argc, char **argv)
{
    enum { OPT_GRAPH = 1100, OPT_FAIL, OPT_OUTAGE, OPT_HORIZON, OPT_ALL };
    static const struct option options[] = {CLI_COMMON_LONG_OPTIONS,
                                            {"json", no_argument, NULL, CLI_OPT_JSON},
                                            {"graph", required_argument, NULL, OPT_GRAPH},
                                            {"fail", required_argument, NULL, OPT_FAIL},
                                            {"outage-h", required_argument, NULL, OPT_OUTAGE},
                                            {"horizon-h", required_argument, NULL, OPT_HORIZON},
                                            {"all", no_argument, NULL, OPT_ALL},
                                            {NULL, 0, NULL, 0}};
    const char *graph_path = NULL, *db_path = NULL;
    struct id_list failed = {0};
    struct graph *g = NULL;
    json_t *services = NULL;
    struct cascade_result *r = NULL;
    struct error e = {0};
    struct progress_meter *meter = NULL;
    struct progress_sink progress;
    uint32_t *idx = NULL;
    int32_t outage_h = -1, horizon_h = -1;
    int json = 0, all = 0, c, rc = 0;
    size_t i;

    opterr = 0;
    while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
        switch (c) {
        case CLI_OPT_HELP:
            fputs(cascade_usage, stdout);
            goto cleanup;
        case CLI_OPT_DB:
            db_path = optarg;
            break;
        case CLI_OPT_JSON:
            json = 1;
            break;
        case OPT_ALL:
            all = 1;
            break;
        case OPT_GRAPH:
            graph_path = optarg;
            break;
        case OPT_FAIL:
            id_list_add(&failed, optarg);
            break;
        case OPT_OUTAGE:
            if ((rc = engine_parse_hours("cascade", "--outage-h", optarg, 0, INT32_MAX,
                                         &outage_h)) != 0)
                goto cleanup;
            break;
        case OPT_HORIZON:
            if ((rc = engine_parse_hours("cascade", "--horizon-h", optarg, 1, CASCADE_MAX_HORIZON_H,
                                         &horizon_h)) != 0)
                goto cleanup;
            break;
        default:
            rc = engine_option_error("cascade", c, argv);
            goto cleanup;
        }
    }
    if (optind < argc)
        rc = cli_usage_error("cascade", "unexpected argument '%s'", argv[optind]);
    else if (graph_path && db_path)
        rc = cli_usage_error("cascade", "give --graph or --db, not both");
    else if (failed.n == 0)
        rc = cli_usage_error("cascade", "--fail is required (the ids of the failed nodes)");
    else if (outage_h < 0)
        rc = cli_usage_error("cascade", "--outage-h is required");
    else if (horizon_h < 0)
        rc = cli_usage_error("cascade", "--horizon-h is required");
    if (rc != 0)
        goto cleanup;

    /* progress on standard error only when it is a terminal */
    meter = progress_meter_new(stderr, 0);
    progress = progress_meter_sink(meter);
    if (engine_load_graph(graph_path, db_path ? db_path : cli->db_path, &progress, &g, &services,
                          &e) != 0) {
        rc = cli_report(&e);
        goto cleanup;
    }
    idx = xmalloc(failed.n * sizeof *idx);
    for (i = 0; i < failed.n; i++) {
        if (graph_node_find(g, failed.ids[i], &idx[i]) != 0) {
            error_set(&e, ERR_INVALID, "--fail", "unknown node '%s'", failed.ids[i]);
            rc = cli_report(&e);
            goto cleanup;
        }
    }
    {
        struct cascade_event ev = {idx, failed.n, outage_h, horizon_h, &progress};
        if (cascade_run(g, &ev, &r, &e) != 0) {
            rc = cli_report(&e);
            goto cleanup;
        }
    }
    progress_meter_free(meter); /* erases its line before the output */
    meter = NULL;
    if (json)
        print_json(g, r, &failed, services);
    else
        engine_print_cascade(stdout, g, r, all ? 0 : TEXT_LIMIT);
    if (fflush(stdout) != 0 || ferror(stdout))
        rc = cli_report(&(struct error){.code = ERR_IO, .message = "writing the output failed"});
cleanup:
    progress_meter_free(meter);
    cascade_result_free(r);
    graph_free(g);
    json_decref(services);
    free(idx);
    id_list_release(&failed);
    return rc;
}
