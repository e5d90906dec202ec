/*
 * cmd_whatif.c — `vitaal whatif`: measures as what-if (domain/whatif.h).
 * Shows the cascade of a failure, the criticality top 10 and the classes
 * and score of the risks the measures change, before and after. Reads only.
 */
#include "cli/cli.h"

#include "base/json_writer.h"
#include "base/progress.h"
#include "cli/engine_output.h"
#include "cli/table.h"
#include "domain/whatif.h"
#include "engine/cascade.h"
#include "engine/criticality.h"
#include "engine/graph.h"
#include "report/report_json.h"
#include "store/store.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TOP 10 /* criticality entries shown */

static const char whatif_usage[] =
    "usage: vitaal whatif --measures ID[,ID...] [--fail ID[,ID...]] [--outage-h T]\n"
    "                     [--horizon-h H] [--json]\n\n"
    "Applies the what-if effects of measures, in the order given, to a copy of the\n"
    "process graph and the risks (nothing is written) and shows before and after:\n"
    "the cascade when the --fail processes fail for T hours (default: the\n"
    "processes that supply most others), the criticality ranking top 10, and the\n"
    "likelihood, impact classes and aggregated impact of every risk a measure\n"
    "changes. Effects: add_supplier, add_buffer, add_fallback (replaces a fallback\n"
    "that bridges less of a loss as long as the horizon), likelihood, impact.\n\n"
    "  --measures IDS  the measures, comma-separated (repeatable)\n"
    "  --fail IDS      the failed processes (default: those that supply most others)\n"
    "  --outage-h T    outage length (default: setting whatif_outage_h)\n"
    "  --horizon-h H   hours simulated (default: setting whatif_horizon_h)\n"
    "  --json          machine-readable output\n";

static void print_json(const struct whatif_result *r)
{
    struct json_writer w;
    json_writer_init_file(&w, stdout, 2);
    whatif_write_json(&w, r, TOP, NULL);
    json_writer_finish(&w);
}

static void print_changes(const struct whatif_result *r)
{
    static const char *const header[] = {"measure", "effect", "on", "before", "after"};
    struct table t;
    size_t i;
    table_init(&t, 5, 60);
    table_add_row(&t, header);
    for (i = 0; i < r->n_changes; i++) {
        const struct whatif_change *c = &r->changes[i];
        char after[300];
        const char *row[5];
        snprintf(after, sizeof after, "%s%s", c->after, c->changed ? "" : " (no change)");
        row[0] = c->measure;
        row[1] = c->effect;
        row[2] = c->target;
        row[3] = c->before;
        row[4] = after;
        table_add_row(&t, row);
    }
    table_print(&t, stdout);
    table_release(&t);
}

static void print_cascade(const struct whatif_result *r)
{
    static const char *const header[] = {
        "node", "first down before", "after", "hours before", "after", "change"};
    struct table t;
    uint32_t v;
    size_t i;
    printf("\ncascade when ");
    for (i = 0; i < r->n_failed; i++)
        printf("%s%s", i ? ", " : "", r->failed[i]);
    printf(" fail%s for %ld h", r->n_failed == 1 ? "s" : "", (long)r->outage_h);
    if (r->failed_default)
        printf(" (supplies the most other processes: %zu)", r->failed_supplies);
    printf(
        ": %lu nodes affected, %lld node-hours down before; %lu and %lld after\n\n",
        (unsigned long)r->cascade_before->n_affected, (long long)r->cascade_before->down_node_hours,
        (unsigned long)r->cascade_after->n_affected, (long long)r->cascade_after->down_node_hours);
    table_init(&t, 6, 40);
    t.right_align = 1u << 1 | 1u << 2 | 1u << 3 | 1u << 4;
    table_add_row(&t, header);
    for (v = 0; v < graph_node_count(r->graph); v++) {
        const struct cascade_node *b = cascade_result_find(r->cascade_before, v);
        const struct cascade_node *a = cascade_result_find(r->cascade_after, v);
        char fb[16] = "-", fa[16] = "-", hb[16] = "0", ha[16] = "0";
        const char *row[6];
        if (a == NULL && b == NULL)
            continue;
        if (b) {
            snprintf(fb, sizeof fb, "%ld", (long)b->first_down_h);
            snprintf(hb, sizeof hb, "%ld", (long)b->down_h);
        }
        if (a) {
            snprintf(fa, sizeof fa, "%ld", (long)a->first_down_h);
            snprintf(ha, sizeof ha, "%ld", (long)a->down_h);
        }
        row[0] = graph_node_id(r->graph, v);
        row[1] = fb;
        row[2] = fa;
        row[3] = hb;
        row[4] = ha;
        row[5] = strcmp(fb, fa) || strcmp(hb, ha) ? "changed" : "same";
        table_add_row(&t, row);
    }
    table_print(&t, stdout);
    table_release(&t);
}

static void print_ranking(const struct whatif_result *r)
{
    static const char *const header[] = {"rank",  "before",   "affected",  "node-hours",
                                         "after", "affected", "node-hours"};
    struct table t;
    size_t i;
    printf("\ncriticality top %d (each process failing alone for %ld h, horizon %ld h)\n\n", TOP,
           (long)r->outage_h, (long)r->horizon_h);
    table_init(&t, 7, 32);
    t.right_align = 1u << 0 | 1u << 2 | 1u << 3 | 1u << 5 | 1u << 6;
    table_add_row(&t, header);
    for (i = 0; i < TOP && (i < r->ranking_before->n || i < r->ranking_after->n); i++) {
        char rank[16], ab[16] = "", hb[24] = "", aa[16] = "", ha[24] = "";
        const char *row[7] = {rank, "", ab, hb, "", aa, ha};
        snprintf(rank, sizeof rank, "%zu", i + 1);
        if (i < r->ranking_before->n) {
            const struct criticality_entry *x = &r->ranking_before->entries[i];
            row[1] = graph_node_id(r->graph, x->node);
            snprintf(ab, sizeof ab, "%lu", (unsigned long)x->affected);
            snprintf(hb, sizeof hb, "%lld", (long long)x->down_node_hours);
        }
        if (i < r->ranking_after->n) {
            const struct criticality_entry *x = &r->ranking_after->entries[i];
            row[4] = graph_node_id(r->graph, x->node);
            snprintf(aa, sizeof aa, "%lu", (unsigned long)x->affected);
            snprintf(ha, sizeof ha, "%lld", (long long)x->down_node_hours);
        }
        table_add_row(&t, row);
    }
    table_print(&t, stdout);
    table_release(&t);
}

static void print_risks(const struct whatif_result *r)
{
    static const char *const header[] = {"risk", "likelihood", "impact classes before",
                                         "impact classes after", "aggregated impact"};
    struct table t;
    size_t i;
    if (r->n_risks == 0)
        return;
    printf("\nrisks the measures change\n\n");
    table_init(&t, 5, 60);
    table_add_row(&t, header);
    for (i = 0; i < r->n_risks; i++) {
        const struct whatif_risk *k = &r->risks[i];
        char lik[16], ib[256] = "", ia[256] = "", agg[96] = "-";
        const char *row[5] = {k->id, lik, ib, ia, agg};
        json_t *maps[2] = {k->impacts_before, k->impacts_after};
        char *bufs[2] = {ib, ia};
        int side;
        snprintf(lik, sizeof lik, "%s -> %s", k->likelihood_before, k->likelihood_after);
        for (side = 0; side < 2; side++) {
            const char *key;
            json_t *v;
            size_t len = 0;
            json_object_foreach(maps[side], key, v)
            {
                int n = snprintf(bufs[side] + len, 256 - len, "%s%s:%s", len ? " " : "", key,
                                 json_string_value(v));
                if (n < 0 || (size_t)n >= 256 - len)
                    break;
                len += (size_t)n;
            }
        }
        if (k->has_score)
            snprintf(agg, sizeof agg, "%g (%s) -> %g (%s)", k->aggregate_before,
                     k->impact_class_before[0] ? k->impact_class_before : "-", k->aggregate_after,
                     k->impact_class_after[0] ? k->impact_class_after : "-");
        table_add_row(&t, row);
    }
    table_print(&t, stdout);
    table_release(&t);
    if (r->score_note[0])
        printf("no aggregated impact: %s\n", r->score_note);
}

int cmd_whatif(struct cli *cli, int argc, char **argv)
{
    enum { OPT_MEASURES = 1100, OPT_FAIL, OPT_OUTAGE, OPT_HORIZON };
    static const struct option options[] = {CLI_COMMON_LONG_OPTIONS,
                                            {"json", no_argument, NULL, CLI_OPT_JSON},
                                            {"measures", required_argument, NULL, OPT_MEASURES},
                                            {"fail", required_argument, NULL, OPT_FAIL},
                                            {"outage-h", required_argument, NULL, OPT_OUTAGE},
                                            {"horizon-h", required_argument, NULL, OPT_HORIZON},
                                            {NULL, 0, NULL, 0}};
    struct id_list measures = {0}, fail = {0};
    struct whatif_options o = {NULL, 0, NULL, 0, -1, -1, 0, NULL, NULL, NULL};
    struct whatif_result r;
    struct progress_meter *meter = NULL;
    struct progress_sink progress;
    struct store *s = NULL;
    struct error e = {0};
    int json = 0, c, rc = 0;

    memset(&r, 0, sizeof r);
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
        switch (c) {
        case CLI_OPT_HELP:
            fputs(whatif_usage, stdout);
            goto cleanup;
        case CLI_OPT_DB:
            cli->db_path = optarg;
            break;
        case CLI_OPT_JSON:
            json = 1;
            break;
        case OPT_MEASURES:
        case OPT_FAIL:
            id_list_add(c == OPT_FAIL ? &fail : &measures, optarg);
            break;
        case OPT_OUTAGE:
            if ((rc = engine_parse_hours("whatif", "--outage-h", optarg, 0, INT32_MAX,
                                         &o.outage_h)) != 0)
                goto cleanup;
            break;
        case OPT_HORIZON:
            if ((rc = engine_parse_hours("whatif", "--horizon-h", optarg, 1, CASCADE_MAX_HORIZON_H,
                                         &o.horizon_h)) != 0)
                goto cleanup;
            break;
        default:
            rc = engine_option_error("whatif", c, argv);
            goto cleanup;
        }
    }
    if (optind < argc) {
        rc = cli_usage_error("whatif", "unexpected argument '%s'", argv[optind]);
        goto cleanup;
    }
    if (measures.n == 0) {
        rc = cli_usage_error("whatif", "--measures is required (the ids of the measures)");
        goto cleanup;
    }
    if ((rc = cli_open_store(cli, STORE_READONLY, &s)) != 0)
        goto cleanup;
    o.measures = (const char *const *)measures.ids;
    o.n_measures = measures.n;
    o.fail = (const char *const *)fail.ids;
    o.n_fail = fail.n;
    /* progress on standard error only when it is a terminal */
    meter = progress_meter_new(stderr, 0);
    progress = progress_meter_sink(meter);
    o.progress = &progress;
    if (whatif_run(s, &o, &r, &e) != 0) {
        rc = cli_report(&e);
        goto cleanup;
    }
    progress_meter_free(meter); /* erases its line before the output */
    meter = NULL;
    if (json) {
        print_json(&r);
    } else {
        printf("what-if of %zu measure%s (outage %ld h, horizon %ld h)\n\n", r.n_changes,
               r.n_changes == 1 ? "" : "s", (long)r.outage_h, (long)r.horizon_h);
        print_changes(&r);
        print_cascade(&r);
        print_ranking(&r);
        print_risks(&r);
    }
    if (fflush(stdout) != 0 || ferror(stdout))
        rc = cli_report(&(struct error){.code = ERR_IO, .message = "writing the output failed"});
cleanup:
    progress_meter_free(meter);
    whatif_result_release(&r);
    store_close(s);
    id_list_release(&measures);
    id_list_release(&fail);
    return rc;
}
