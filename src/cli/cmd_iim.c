/*
 * cmd_iim.c — `vitaal iim FILE`: the inoperability input-output model,
 * static or dynamic, from an interdependency matrix A* or an input-output
 * table. IIM files are small (sectors, not processes), so they are read
 * whole with jansson and checked here, each problem named by its JSON path.
 */
#include "cli/cli.h"

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

struct iim_input {
    const char *file;
    size_t n;
    json_t *sectors;
    double *a_star, *output, *c_star; /* output NULL unless from an io_table */
    int dynamic;
    double *k, *q0;
    size_t steps;
    struct iim_perturbation *pert;
    double *pert_c;
    size_t n_pert;
};

static int bad(struct error *e, const char *where, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int bad(struct error *e, const char *where, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    error_setv(e, ERR_INVALID, where, fmt, ap);
    va_end(ap);
    return ERR_INVALID;
}

/* Reads an array of n numbers in [min, max] at path into out. */
static int read_vector(json_t *v, size_t n, double min, double max, const char *path, double *out,
                       struct error *e)
{
    char where[128];
    size_t i;
    if (!json_is_array(v) || json_array_size(v) != n)
        return bad(e, path, "must be an array of %zu numbers (one per sector)", n);
    for (i = 0; i < n; i++) {
        json_t *x = json_array_get(v, i);
        double d = json_number_value(x);
        snprintf(where, sizeof where, "%s[%zu]", path, i);
        if (!json_is_number(x) || !isfinite(d) || d < min || d > max)
            return bad(e, where, "must be a number %g .. %g", min, max);
        out[i] = d;
    }
    return 0;
}

static int read_matrix(json_t *v, size_t n, const char *path, double *out, struct error *e)
{
    char where[128];
    size_t i;
    int rc;
    if (!json_is_array(v) || json_array_size(v) != n)
        return bad(e, path, "must be a square matrix: %zu rows of %zu numbers", n, n);
    for (i = 0; i < n; i++) {
        snprintf(where, sizeof where, "%s[%zu]", path, i);
        if ((rc = read_vector(json_array_get(v, i), n, 0, INFINITY, where, out + i * n, e)) != 0)
            return rc;
    }
    return 0;
}

static int check_keys(json_t *obj, const char *path, const char *const *known, struct error *e)
{
    const char *key;
    json_t *value;
    json_object_foreach(obj, key, value)
    {
        const char *const *k;
        for (k = known; *k; k++)
            if (strcmp(*k, key) == 0)
                break;
        if (*k == NULL)
            return bad(e, path, "unknown key '%s'", key);
    }
    return 0;
}

static int read_dynamic(json_t *d, struct iim_input *in, struct error *e)
{
    static const char *const keys[] = {"k", "recovery_steps", "steps", "q0", "perturbations", NULL};
    json_t *k = json_object_get(d, "k"), *rs = json_object_get(d, "recovery_steps");
    json_t *steps = json_object_get(d, "steps"), *q0 = json_object_get(d, "q0");
    json_t *pert = json_object_get(d, "perturbations"), *p;
    size_t n = in->n, i;
    int rc;
    if (!json_is_object(d))
        return bad(e, "$.dynamic", "must be an object");
    if ((rc = check_keys(d, "$.dynamic", keys, e)) != 0)
        return rc;
    in->dynamic = 1;
    in->k = calloc(n, sizeof *in->k);
    in->q0 = calloc(n, sizeof *in->q0);
    if (!in->k || !in->q0)
        return error_set(e, ERR_NOMEM, NULL, "out of memory");
    if ((k == NULL) == (rs == NULL))
        return bad(e, "$.dynamic", "give either \"k\" or \"recovery_steps\"");
    if (k && (rc = read_vector(k, n, 0, INFINITY, "$.dynamic.k", in->k, e)) != 0)
        return rc;
    if (rs) {
        double *t = calloc(n, sizeof *t);
        if (t == NULL)
            return error_set(e, ERR_NOMEM, NULL, "out of memory");
        rc = read_vector(rs, n, 0, INFINITY, "$.dynamic.recovery_steps", t, e);
        if (rc == 0)
            rc = iim_k_from_recovery(n, in->a_star, t, in->k, e);
        free(t);
        if (rc != 0)
            return rc;
    }
    if (!json_is_integer(steps) || json_integer_value(steps) < 1 ||
        json_integer_value(steps) > IIM_MAX_STEPS)
        return bad(e, "$.dynamic.steps", "must be a whole number 1 .. %d", IIM_MAX_STEPS);
    in->steps = (size_t)json_integer_value(steps);
    if (q0 && (rc = read_vector(q0, n, 0, 1, "$.dynamic.q0", in->q0, e)) != 0)
        return rc;
    if (pert == NULL) {
        /* c* throughout */
        if (in->c_star == NULL)
            return bad(e, "$", "give \"c_star\" or \"dynamic.perturbations\"");
        in->n_pert = 1;
        in->pert = calloc(1, sizeof *in->pert);
        if (in->pert == NULL)
            return error_set(e, ERR_NOMEM, NULL, "out of memory");
        in->pert[0] = (struct iim_perturbation){1, in->steps, in->c_star};
        return 0;
    }
    if (!json_is_array(pert))
        return bad(e, "$.dynamic.perturbations", "must be an array");
    in->n_pert = json_array_size(pert);
    in->pert = calloc(in->n_pert + 1, sizeof *in->pert);
    in->pert_c = calloc(in->n_pert * n + 1, sizeof *in->pert_c);
    if (!in->pert || !in->pert_c)
        return error_set(e, ERR_NOMEM, NULL, "out of memory");
    json_array_foreach(pert, i, p)
    {
        static const char *const pkeys[] = {"from", "to", "c_star", NULL};
        char where[96];
        json_t *from = json_object_get(p, "from"), *to = json_object_get(p, "to");
        snprintf(where, sizeof where, "$.dynamic.perturbations[%zu]", i);
        if (!json_is_object(p))
            return bad(e, where, "must be an object {\"from\", \"to\", \"c_star\"}");
        if ((rc = check_keys(p, where, pkeys, e)) != 0)
            return rc;
        if (!json_is_integer(from) || json_integer_value(from) < 0 || !json_is_integer(to) ||
            json_integer_value(to) < json_integer_value(from))
            return bad(e, where, "needs whole-number steps 0 <= from <= to");
        snprintf(where, sizeof where, "$.dynamic.perturbations[%zu].c_star", i);
        if ((rc = read_vector(json_object_get(p, "c_star"), n, 0, 1, where, in->pert_c + i * n,
                              e)) != 0)
            return rc;
        in->pert[i] = (struct iim_perturbation){(size_t)json_integer_value(from),
                                                (size_t)json_integer_value(to), in->pert_c + i * n};
    }
    return 0;
}

static int read_input(json_t *root, struct iim_input *in, struct error *e)
{
    static const char *const keys[] = {"sectors", "a_star", "io_table", "c_star", "dynamic", NULL};
    json_t *sectors = json_object_get(root, "sectors"), *a = json_object_get(root, "a_star");
    json_t *io = json_object_get(root, "io_table"), *c = json_object_get(root, "c_star");
    json_t *d = json_object_get(root, "dynamic"), *s;
    size_t n, i;
    int rc;
    if (!json_is_object(root))
        return bad(e, "$", "must be an object with \"sectors\", \"a_star\" or \"io_table\"");
    if ((rc = check_keys(root, "$", keys, e)) != 0)
        return rc;
    if (!json_is_array(sectors) || json_array_size(sectors) == 0 ||
        json_array_size(sectors) > IIM_MAX_SECTORS)
        return bad(e, "$.sectors", "must be an array of 1 .. %d sector names", IIM_MAX_SECTORS);
    json_array_foreach(sectors, i, s) if (!json_is_string(s))
    {
        char where[64];
        snprintf(where, sizeof where, "$.sectors[%zu]", i);
        return bad(e, where, "must be a string");
    }
    in->sectors = sectors;
    in->n = n = json_array_size(sectors);
    in->a_star = calloc(n * n, sizeof *in->a_star);
    if (in->a_star == NULL)
        return error_set(e, ERR_NOMEM, NULL, "out of memory");
    if ((a == NULL) == (io == NULL))
        return bad(e, "$", "give either \"a_star\" or \"io_table\"");
    if (a && (rc = read_matrix(a, n, "$.a_star", in->a_star, e)) != 0)
        return rc;
    if (io) {
        static const char *const iokeys[] = {"transactions", "output", NULL};
        double *x = calloc(n * n, sizeof *x);
        in->output = calloc(n, sizeof *in->output);
        if (x == NULL || in->output == NULL) {
            free(x);
            return error_set(e, ERR_NOMEM, NULL, "out of memory");
        }
        if (!json_is_object(io))
            rc = bad(e, "$.io_table", "must be an object {\"transactions\", \"output\"}");
        else if ((rc = check_keys(io, "$.io_table", iokeys, e)) == 0 &&
                 (rc = read_matrix(json_object_get(io, "transactions"), n,
                                   "$.io_table.transactions", x, e)) == 0 &&
                 (rc = read_vector(json_object_get(io, "output"), n, 0, INFINITY,
                                   "$.io_table.output", in->output, e)) == 0)
            rc = iim_a_star_from_io(n, x, in->output, in->a_star, e);
        free(x);
        if (rc != 0)
            return rc;
    }
    if (c) {
        in->c_star = calloc(n, sizeof *in->c_star);
        if (in->c_star == NULL)
            return error_set(e, ERR_NOMEM, NULL, "out of memory");
        if ((rc = read_vector(c, n, 0, 1, "$.c_star", in->c_star, e)) != 0)
            return rc;
    }
    if (d)
        return read_dynamic(d, in, e);
    if (c == NULL)
        return bad(e, "$", "the static model needs \"c_star\"");
    return 0;
}

static void input_release(struct iim_input *in)
{
    free(in->a_star);
    free(in->output);
    free(in->c_star);
    free(in->k);
    free(in->q0);
    free(in->pert);
    free(in->pert_c);
}

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
    if ((rc = read_input(root, &in, &e)) != 0) {
        error_prefix_where(&e, in.file);
        rc = cli_report(&e);
        goto cleanup;
    }
    if (!in.dynamic) {
        q = calloc(in.n, sizeof *q);
        if (q == NULL) {
            rc = cli_report(&(struct error){ERR_NOMEM, "", "out of memory"});
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
            rc = cli_report(&(struct error){ERR_NOMEM, "", "out of memory"});
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
    input_release(&in);
    json_decref(root);
    return rc;
}
