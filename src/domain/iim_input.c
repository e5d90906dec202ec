/*
 * iim_input.c — reading and checking the IIM input document (see
 * iim_input.h). IIM documents are small (sectors, not processes), so they
 * are read whole with jansson.
 */
#include "domain/iim_input.h"

#include "base/xmalloc.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    in->k = arena_calloc(&in->arena, n, sizeof *in->k);
    in->q0 = arena_calloc(&in->arena, n, sizeof *in->q0);
    if ((k == NULL) == (rs == NULL))
        return bad(e, "$.dynamic", "give either \"k\" or \"recovery_steps\"");
    if (k && (rc = read_vector(k, n, 0, INFINITY, "$.dynamic.k", in->k, e)) != 0)
        return rc;
    if (rs) {
        double *t = xcalloc(n, sizeof *t);
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
        in->pert = arena_calloc(&in->arena, 1, sizeof *in->pert);
        in->pert[0] = (struct iim_perturbation){1, in->steps, in->c_star};
        return 0;
    }
    if (!json_is_array(pert))
        return bad(e, "$.dynamic.perturbations", "must be an array");
    in->n_pert = json_array_size(pert);
    in->pert = arena_calloc(&in->arena, in->n_pert + 1, sizeof *in->pert);
    in->pert_c = arena_calloc(&in->arena, in->n_pert * n + 1, sizeof *in->pert_c);
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

int iim_input_read(json_t *root, struct iim_input *in, struct error *e)
{
    static const char *const keys[] = {"sectors", "a_star", "io_table", "c_star", "dynamic", NULL};
    json_t *sectors = json_object_get(root, "sectors"), *a = json_object_get(root, "a_star");
    json_t *io = json_object_get(root, "io_table"), *c = json_object_get(root, "c_star");
    json_t *d = json_object_get(root, "dynamic"), *s;
    size_t n, i;
    int rc;
    arena_init_unbounded(&in->arena);
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
    in->a_star = arena_calloc(&in->arena, n * n, sizeof *in->a_star);
    if ((a == NULL) == (io == NULL))
        return bad(e, "$", "give either \"a_star\" or \"io_table\"");
    if (a && (rc = read_matrix(a, n, "$.a_star", in->a_star, e)) != 0)
        return rc;
    if (io) {
        static const char *const iokeys[] = {"transactions", "output", NULL};
        double *x = xcalloc(n * n, sizeof *x);
        in->output = arena_calloc(&in->arena, n, sizeof *in->output);
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
        in->c_star = arena_calloc(&in->arena, n, sizeof *in->c_star);
        if ((rc = read_vector(c, n, 0, 1, "$.c_star", in->c_star, e)) != 0)
            return rc;
    }
    if (d)
        return read_dynamic(d, in, e);
    if (c == NULL)
        return bad(e, "$", "the static model needs \"c_star\"");
    return 0;
}

void iim_input_release(struct iim_input *in)
{
    arena_release(&in->arena);
    memset(in, 0, sizeof *in);
}
