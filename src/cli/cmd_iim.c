/*
 * cmd_iim.c — `vitaal iim FILE`: the inoperability input-output model,
 * static or dynamic, from an interdependency matrix A* or an input-output
 * table. IIM files are small (sectors, not processes), so they are read
 * whole with jansson and checked here, each problem named by its JSON path.
 */
#include "cli/cli.h"

#include "domain/iim_input.h"

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
    "usage: vitaal iim FILE [--json]\n\n"
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

static void print_json(const struct iim_input *in, const double *q, const double *series,
                       const double *impact)
{
    struct json_writer w;
    size_t n = in->n, i;
    json_writer_init_file(&w, stdout, 2);
    json_write_object_begin(&w);
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
                       const double *impact)
{
    size_t n = in->n, i, w = 6;
    for (i = 0; i < n; i++) {
        size_t len = strlen(json_string_value(json_array_get(in->sectors, i)));
        if (len > w)
            w = len > 40 ? 40 : len;
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

int cmd_iim(struct cli *cli, int argc, char **argv)
{
    static const struct option options[] = {
        CLI_COMMON_LONG_OPTIONS, {"json", no_argument, NULL, CLI_OPT_JSON}, {NULL, 0, NULL, 0}};
    struct iim_input in = {0};
    struct error e = {0};
    json_error_t jerr;
    json_t *root = NULL;
    double *q = NULL, *series = NULL, *impact = NULL;
    int json = 0, c, rc = 0;

    (void)cli;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
        switch (c) {
        case CLI_OPT_HELP:
            fputs(iim_usage, stdout);
            return 0;
        case CLI_OPT_JSON:
            json = 1;
            break;
        case CLI_OPT_DB:
            break; /* accepted like everywhere, but an IIM file stands alone */
        case ':':
            return cli_usage_error("iim", "option '%s' needs a value", argv[optind - 1]);
        default:
            return cli_usage_error("iim", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind + 1 != argc)
        return cli_usage_error("iim",
                               optind == argc ? "FILE is required" : "only one FILE, please");
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
    if (!in.dynamic) {
        q = calloc(in.n, sizeof *q);
        if (q == NULL) {
            rc = cli_report(&(struct error){.code = ERR_NOMEM, .message = "out of memory"});
            goto cleanup;
        }
        rc = iim_static(in.n, in.a_star, in.c_star, q, &e);
        if (rc == ERR_INVALID && in.output)
            snprintf(e.where, sizeof e.where, "$.io_table");
    } else {
        struct iim_dynamic d = {in.n, in.a_star, in.k, in.q0, in.steps, in.pert, in.n_pert};
        series = calloc(in.steps * in.n, sizeof *series);
        impact = calloc(in.n, sizeof *impact);
        if (series == NULL || impact == NULL) {
            rc = cli_report(&(struct error){.code = ERR_NOMEM, .message = "out of memory"});
            goto cleanup;
        }
        rc = iim_dynamic_run(&d, series, impact, &e);
    }
    if (rc != 0) {
        error_prefix_where(&e, in.file);
        rc = cli_report(&e);
        goto cleanup;
    }
    if (json)
        print_json(&in, q, series, impact);
    else
        print_text(&in, q, series, impact);
cleanup:
    free(q);
    free(series);
    free(impact);
    iim_input_release(&in);
    json_decref(root);
    return rc;
}
