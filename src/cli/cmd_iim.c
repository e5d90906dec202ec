/*
 * cmd_iim.c — `vitaal iim FILE`: the inoperability input-output model,
 * static or dynamic, from an interdependency matrix A* or an input-output
 * table. IIM files are small (sectors, not processes), so they are read
 * whole with jansson and checked here, each problem named by its JSON path.
 */
#include "base/xmalloc.h"
#include "cli/cli.h"

#include "cli/engine_output.h"
#include "domain/access.h"
#include "domain/iim_input.h"
#include "domain/iim_table.h"
#include "domain/process_graph.h"
#include "engine/cascade.h"
#include "store/store.h"

#include "base/json_writer.h"
#include "engine/iim.h"

#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char iim_usage[] =
    "usage: vitaal iim FILE [--json]\n"
    "       vitaal iim --table ID --c-star LIST [--json]\n"
    "       vitaal iim --table ID --fail IDS --outage-h T --horizon-h H [--recovery-h R]\n"
    "                  [--json]\n\n"
    "The inoperability input-output model (docs/method.md). FILE holds\n"
    "  {\"sectors\": [names],\n"
    "   \"a_star\": [[...], ...]  or  \"io_table\": {\"transactions\": [[...]], \"output\": "
    "[...]},\n"
    "   \"c_star\": [...],\n"
    "   \"dynamic\": {\"k\": [...] or \"recovery_steps\": [...], \"steps\": N,\n"
    "               \"q0\": [...], \"perturbations\": [{\"from\": t, \"to\": t, \"c_star\": "
    "[...]}]}}\n"
    "Without \"dynamic\": the static model, q = (I - A*)^-1 c* (and the economic\n"
    "loss x_i q_i when an io_table gives the outputs). With it: the dynamic\n"
    "model step by step; without perturbations c* applies at every step.\n\n"
    "With --table: the interdependency table stored as that iim_tables record\n"
    "(its source and year are shown), and either c* given (--c-star, one number\n"
    "0..1 per sector, comma-separated) or the perturbation of a cascade on the\n"
    "stored graph (--fail, --outage-h, --horizon-h as in 'vitaal cascade'): the\n"
    "share of the hours of the processes mapped onto each sector (the table's\n"
    "sector_map) that they are down. --recovery-h R runs the dynamic model hour\n"
    "by hour instead, every sector recovering in R hours.\n\n"
    "  --json   machine-readable output\n";

static void write_vector(struct json_writer *w, const char *key, const double *v, size_t n)
{
    size_t i;
    json_write_key(w, key);
    json_write_array_begin(w);
    for (i = 0; i < n; i++)
        json_write_real(w, v[i]);
    json_write_array_end(w);
}

/* What a run on a stored table says besides the model's answer. */
struct table_run {
    const json_t *record; /* the iim_tables record */
    json_t *counts;       /* processes per sector, from a cascade; or NULL */
};

static void print_json(const struct iim_input *in, const double *q, const double *series,
                       const double *impact, const struct table_run *t)
{
    struct json_writer w;
    size_t n = in->n, i;
    json_writer_init_file(&w, stdout, 2);
    json_write_object_begin(&w);
    if (t) {
        static const char *const keys[] = {"id", "name", "source", "year", "unit", "illustrative"};
        json_write_key(&w, "table");
        json_write_object_begin(&w);
        for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
            json_t *v = json_object_get(t->record, keys[i]);
            json_write_key(&w, keys[i]);
            if (json_is_string(v))
                json_write_string(&w, json_string_value(v));
            else if (json_is_integer(v))
                json_write_int(&w, json_integer_value(v));
            else if (json_is_boolean(v))
                json_write_bool(&w, json_is_true(v));
            else
                json_write_null(&w);
        }
        json_write_object_end(&w);
        json_write_key(&w, "sectors");
        json_write_array_begin(&w);
        for (i = 0; i < n; i++)
            json_write_string(&w, json_string_value(json_array_get(in->sectors, i)));
        json_write_array_end(&w);
        write_vector(&w, "c_star", in->c_star, n);
        if (t->counts) {
            json_write_key(&w, "processes");
            json_write_array_begin(&w);
            for (i = 0; i < n; i++)
                json_write_int(&w, json_integer_value(json_array_get(t->counts, i)));
            json_write_array_end(&w);
        }
    }
    if (!in->dynamic) {
        write_vector(&w, "q", q, n);
        if (in->output) {
            json_write_key(&w, "loss");
            json_write_array_begin(&w);
            for (i = 0; i < n; i++)
                json_write_real(&w, in->output[i] * q[i]);
            json_write_array_end(&w);
        }
    } else {
        write_vector(&w, "q", series + (in->steps - 1) * n, n);
        write_vector(&w, "impact", impact, n);
        json_write_key(&w, "series");
        json_write_array_begin(&w);
        for (i = 0; i < in->steps; i++) {
            size_t j;
            json_write_array_begin(&w);
            for (j = 0; j < n; j++)
                json_write_real(&w, series[i * n + j]);
            json_write_array_end(&w);
        }
        json_write_array_end(&w);
    }
    json_write_object_end(&w);
    json_writer_finish(&w);
}

static void print_text(const struct iim_input *in, const double *q, const double *series,
                       const double *impact, const struct table_run *run)
{
    size_t n = in->n, i, w = 6;
    for (i = 0; i < n; i++) {
        size_t len = strlen(json_string_value(json_array_get(in->sectors, i)));
        if (len > w)
            w = len > 40 ? 40 : len;
    }
    if (run) {
        const char *unit = json_string_value(json_object_get(run->record, "unit"));
        printf("table %s: %s (%lld%s%s)\n", json_string_value(json_object_get(run->record, "id")),
               json_string_value(json_object_get(run->record, "name")),
               (long long)json_integer_value(json_object_get(run->record, "year")),
               unit ? ", " : "", unit ? unit : "");
        printf("source: %s\n", json_string_value(json_object_get(run->record, "source")));
        if (json_is_true(json_object_get(run->record, "illustrative")))
            printf("ILLUSTRATIVE numbers, not a publication's\n");
        printf("\n%-*s  %9s  %10s\n", (int)w, "sector", "processes", "c*");
        for (i = 0; i < n; i++) {
            printf("%-*.*s  ", (int)w, (int)w, json_string_value(json_array_get(in->sectors, i)));
            if (run->counts)
                printf("%9lld", (long long)json_integer_value(json_array_get(run->counts, i)));
            else
                printf("%9s", "-");
            printf("  %10.6f\n", in->c_star[i]);
        }
        putchar('\n');
    }
    if (!in->dynamic) {
        printf("static IIM, %zu sectors: q = (I - A*)^-1 c*\n\n", n);
        printf("%-*s  %12s%s\n", (int)w, "sector", "q", in->output ? "          loss" : "");
        for (i = 0; i < n; i++) {
            printf("%-*.*s  %12.6f", (int)w, (int)w,
                   json_string_value(json_array_get(in->sectors, i)), q[i]);
            if (in->output)
                printf("  %12.6g", in->output[i] * q[i]);
            putchar('\n');
        }
        return;
    }
    printf("dynamic IIM, %zu sectors, %zu steps\n\n", n, in->steps);
    printf("%-*s  %10s  %10s  %12s\n", (int)w, "sector", "k", "final q", "impact");
    for (i = 0; i < n; i++)
        printf("%-*.*s  %10.6f  %10.6f  %12.6f\n", (int)w, (int)w,
               json_string_value(json_array_get(in->sectors, i)), in->k[i],
               series[(in->steps - 1) * n + i], impact[i]);
    if (n <= 6) {
        /* the path of q for a handful of sectors; at most 25 rows */
        size_t every = (in->steps + 24) / 25, t;
        printf("\n%6s", "step");
        for (i = 0; i < n; i++)
            printf("  %10.10s", json_string_value(json_array_get(in->sectors, i)));
        putchar('\n');
        for (t = 0; t < in->steps; t += every) {
            printf("%6zu", t);
            for (i = 0; i < n; i++)
                printf("  %10.6f", series[t * n + i]);
            putchar('\n');
        }
    }
}

/* Solves in and prints the answer (t: a stored table's run, or NULL). */
static int run_and_print(const struct iim_input *in, const char *where, int json,
                         const struct table_run *t)
{
    struct error e = {0};
    double *q = NULL, *series = NULL, *impact = NULL;
    int rc;
    if (!in->dynamic) {
        q = xcalloc(in->n, sizeof *q);
        rc = iim_static(in->n, in->a_star, in->c_star, q, &e);
        if (rc == ERR_INVALID && in->output)
            snprintf(e.where, sizeof e.where, "$.io_table");
    } else {
        struct iim_dynamic d = {in->n, in->a_star, in->k, in->q0, in->steps, in->pert, in->n_pert};
        series = xcalloc(in->steps * in->n, sizeof *series);
        impact = xcalloc(in->n, sizeof *impact);
        rc = iim_dynamic_run(&d, series, impact, &e);
    }
    if (rc != 0) {
        error_prefix_where(&e, where);
        rc = cli_report(&e);
        goto cleanup;
    }
    if (json)
        print_json(in, q, series, impact, t);
    else
        print_text(in, q, series, impact, t);
cleanup:
    free(q);
    free(series);
    free(impact);
    return rc;
}

/* "0.1,0,0.25" into a JSON array of numbers, or NULL when it is not one. */
static json_t *parse_numbers(const char *text)
{
    json_t *a = json_array();
    const char *p = text;
    while (a && *p) {
        char *end;
        double d = strtod(p, &end);
        if (end == p || (*end != ',' && *end != '\0')) {
            json_decref(a);
            return NULL;
        }
        json_array_append_new(a, json_real(d));
        p = *end == ',' ? end + 1 : end;
    }
    return a;
}

/* `vitaal iim --table ID ...`: the table from the database, c* given or
 * from a cascade on the stored graph. */
static int iim_on_table(struct cli *cli, const char *table, const char *c_star,
                        const struct id_list *failed, int32_t outage_h, int32_t horizon_h,
                        int32_t recovery_h, int json)
{
    struct iim_input in;
    struct table_run run = {NULL, NULL};
    struct store *s = NULL;
    struct graph *g = NULL;
    struct cascade_result *r = NULL;
    struct error e = {0};
    json_t *record = NULL, *doc = NULL;
    uint32_t *idx = NULL;
    size_t i;
    int rc;
    memset(&in, 0, sizeof in);
    if ((rc = cli_open_store(cli, STORE_READONLY, &s)) != 0)
        return rc;
    if ((rc = store_record_get(s, model_kind(KIND_IIM_TABLE), table, &record, &e)) != 0)
        goto fail;
    run.record = record;
    if (c_star) {
        json_t *c = parse_numbers(c_star);
        if (c == NULL) {
            rc = cli_usage_error("iim", "--c-star needs numbers separated by commas, not '%s'",
                                 c_star);
            goto cleanup;
        }
        if ((rc = iim_table_document(record, &doc, &e)) != 0) {
            json_decref(c);
            goto fail;
        }
        json_object_set_new(doc, "c_star", c);
    } else {
        if ((rc = process_graph_build(s, &g, &e)) != 0)
            goto fail;
        idx = xcalloc(failed->n + 1, sizeof *idx);
        for (i = 0; i < failed->n; i++) {
            if (graph_node_find(g, failed->ids[i], &idx[i]) != 0) {
                rc = error_set(&e, ERR_NOTFOUND, "--fail", "unknown process or service '%s'",
                               failed->ids[i]);
                goto fail;
            }
        }
        {
            struct cascade_event ev = {idx, failed->n, outage_h, horizon_h, NULL};
            if ((rc = cascade_run(g, &ev, &r, &e)) != 0)
                goto fail;
        }
        if ((rc = iim_table_cascade_document(s, NULL, record, g, r, recovery_h, &doc, &run.counts,
                                             &e)) != 0)
            goto fail;
    }
    if ((rc = iim_input_read(doc, &in, &e)) != 0) {
        if (c_star)
            error_prefix_where(&e, "--c-star");
        goto fail;
    }
    if (access_read_is_audited(record)) {
        json_t *reads = json_array();
        cli_note_read(reads, model_kind(KIND_IIM_TABLE), record);
        rc = cli_audit_reads(cli, reads, "vitaal iim", &e);
        json_decref(reads);
        if (rc != 0)
            goto fail;
    }
    rc = run_and_print(&in, table, json, &run);
    goto cleanup;
fail:
    rc = cli_report(&e);
cleanup:
    iim_input_release(&in);
    json_decref(doc);
    json_decref(run.counts);
    json_decref(record);
    cascade_result_free(r);
    graph_free(g);
    free(idx);
    store_close(s);
    return rc;
}

int cmd_iim(struct cli *cli, int argc, char **argv)
{
    enum { OPT_TABLE = 1200, OPT_CSTAR, OPT_FAIL, OPT_OUTAGE, OPT_HORIZON, OPT_RECOVERY };
    static const struct option options[] = {CLI_COMMON_LONG_OPTIONS,
                                            {"json", no_argument, NULL, CLI_OPT_JSON},
                                            {"table", required_argument, NULL, OPT_TABLE},
                                            {"c-star", required_argument, NULL, OPT_CSTAR},
                                            {"fail", required_argument, NULL, OPT_FAIL},
                                            {"outage-h", required_argument, NULL, OPT_OUTAGE},
                                            {"horizon-h", required_argument, NULL, OPT_HORIZON},
                                            {"recovery-h", required_argument, NULL, OPT_RECOVERY},
                                            {NULL, 0, NULL, 0}};
    struct iim_input in = {0};
    struct error e = {0};
    struct id_list failed = {0};
    json_error_t jerr;
    json_t *root = NULL;
    const char *table = NULL, *c_star = NULL;
    int32_t outage_h = -1, horizon_h = -1, recovery_h = 0;
    int json = 0, c, rc = 0;

    opterr = 0;
    while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
        switch (c) {
        case CLI_OPT_HELP:
            fputs(iim_usage, stdout);
            goto cleanup;
        case CLI_OPT_JSON:
            json = 1;
            break;
        case CLI_OPT_DB:
            cli->db_path = optarg; /* for --table; an IIM file stands alone */
            break;
        case OPT_TABLE:
            table = optarg;
            break;
        case OPT_CSTAR:
            c_star = optarg;
            break;
        case OPT_FAIL:
            id_list_add(&failed, optarg);
            break;
        case OPT_OUTAGE:
            if ((rc = engine_parse_hours("iim", "--outage-h", optarg, 0, INT32_MAX, &outage_h)) !=
                0)
                goto cleanup;
            break;
        case OPT_HORIZON:
            if ((rc = engine_parse_hours("iim", "--horizon-h", optarg, 1, CASCADE_MAX_HORIZON_H,
                                         &horizon_h)) != 0)
                goto cleanup;
            break;
        case OPT_RECOVERY:
            if ((rc = engine_parse_hours("iim", "--recovery-h", optarg, 1, IIM_MAX_STEPS,
                                         &recovery_h)) != 0)
                goto cleanup;
            break;
        case ':':
            rc = cli_usage_error("iim", "option '%s' needs a value", argv[optind - 1]);
            goto cleanup;
        default:
            rc = cli_usage_error("iim", "unknown option '%s'", argv[optind - 1]);
            goto cleanup;
        }
    }
    if (table) {
        if (optind < argc)
            rc = cli_usage_error("iim", "give FILE or --table, not both");
        else if ((c_star != NULL) == (failed.n > 0))
            rc = cli_usage_error("iim", "--table needs either --c-star or --fail (a cascade)");
        else if (failed.n && (outage_h < 0 || horizon_h < 0))
            rc = cli_usage_error("iim", "--fail needs --outage-h and --horizon-h");
        else if (recovery_h && !failed.n)
            rc = cli_usage_error("iim", "--recovery-h needs a cascade (--fail)");
        else if (recovery_h && (int64_t)horizon_h + 1 > IIM_MAX_STEPS)
            rc = cli_usage_error("iim", "--horizon-h is at most %d with --recovery-h",
                                 IIM_MAX_STEPS - 1);
        if (rc == 0)
            rc = iim_on_table(cli, table, c_star, &failed, outage_h, horizon_h, recovery_h, json);
        goto cleanup;
    }
    if (c_star || failed.n || outage_h >= 0 || horizon_h >= 0 || recovery_h) {
        rc = cli_usage_error("iim", "--c-star, --fail, --outage-h, --horizon-h and --recovery-h "
                                    "go with --table");
        goto cleanup;
    }
    if (optind + 1 != argc) {
        rc = cli_usage_error("iim", optind == argc ? "FILE is required (or --table ID)"
                                                   : "only one FILE, please");
        goto cleanup;
    }
    in.file = argv[optind];
    root = json_load_file(in.file, JSON_REJECT_DUPLICATES, &jerr);
    if (root == NULL) {
        if (strstr(jerr.text, "unable to open") != NULL)
            error_set(&e, ERR_NOTFOUND, in.file, "%s", jerr.text);
        else
            error_set(&e, ERR_INVALID, in.file, "line %d, column %d: %s", jerr.line, jerr.column,
                      jerr.text);
        rc = cli_report(&e);
        goto cleanup;
    }
    if ((rc = iim_input_read(root, &in, &e)) != 0) {
        error_prefix_where(&e, in.file);
        rc = cli_report(&e);
        goto cleanup;
    }
    rc = run_and_print(&in, in.file, json, NULL);
cleanup:
    iim_input_release(&in);
    json_decref(root);
    id_list_release(&failed);
    return rc;
}
