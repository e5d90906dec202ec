/*
 * iim.c — the inoperability input-output model (iim.h): LU with partial
 * pivoting for the static model, plain time stepping for the dynamic one.
 */
#include "engine/iim.h"

#include "base/xmalloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Pivots below this fraction of the matrix's largest row sum make I - A*
 * singular for our purposes: the answer would be noise. */
#define SINGULAR_TOLERANCE 1e-12

static int check_size(size_t n, struct error *e)
{
    if (n == 0 || n > IIM_MAX_SECTORS)
        return error_set(e, ERR_INVALID, "$.sectors", "the number of sectors must be 1 .. %d",
                         IIM_MAX_SECTORS);
    return 0;
}

int iim_a_star_from_io(size_t n, const double *transactions, const double *output, double *a_star,
                       struct error *e)
{
    char where[64];
    size_t i, j;
    int rc;
    if ((rc = check_size(n, e)) != 0)
        return rc;
    for (i = 0; i < n; i++) {
        if (!(output[i] > 0) || !isfinite(output[i])) {
            snprintf(where, sizeof where, "$.io_table.output[%zu]", i);
            return error_set(e, ERR_INVALID, where, "a total output must be a number > 0");
        }
        for (j = 0; j < n; j++) {
            double x = transactions[i * n + j];
            if (!(x >= 0) || !isfinite(x)) {
                snprintf(where, sizeof where, "$.io_table.transactions[%zu][%zu]", i, j);
                return error_set(e, ERR_INVALID, where, "a transaction must be a number >= 0");
            }
            a_star[i * n + j] = x / output[i];
        }
    }
    return 0;
}

int iim_static(size_t n, const double *a_star, const double *c_star, double *q, struct error *e)
{
    double *m = NULL, scale = 0;
    size_t i, j, k;
    int rc;
    if ((rc = check_size(n, e)) != 0)
        return rc;
    m = xmalloc(n * n * sizeof *m);
    for (i = 0; i < n; i++) {
        double row = 0;
        for (j = 0; j < n; j++) {
            m[i * n + j] = (i == j ? 1.0 : 0.0) - a_star[i * n + j];
            row += fabs(m[i * n + j]);
        }
        if (row > scale)
            scale = row;
        q[i] = c_star[i];
    }
    /* Gaussian elimination with partial pivoting, applied to q as we go */
    for (k = 0; k < n; k++) {
        size_t p = k;
        for (i = k + 1; i < n; i++)
            if (fabs(m[i * n + k]) > fabs(m[p * n + k]))
                p = i;
        if (!(fabs(m[p * n + k]) > SINGULAR_TOLERANCE * scale)) {
            rc = error_set(e, ERR_INVALID, "$.a_star",
                           "I - A* is singular: no unique inoperability (does some group of "
                           "sectors buy its whole output from itself?)");
            goto cleanup;
        }
        if (p != k) {
            double t;
            for (j = 0; j < n; j++) {
                t = m[k * n + j];
                m[k * n + j] = m[p * n + j];
                m[p * n + j] = t;
            }
            t = q[k];
            q[k] = q[p];
            q[p] = t;
        }
        for (i = k + 1; i < n; i++) {
            double f = m[i * n + k] / m[k * n + k];
            if (f == 0)
                continue;
            for (j = k; j < n; j++)
                m[i * n + j] -= f * m[k * n + j];
            q[i] -= f * q[k];
        }
    }
    for (k = n; k-- > 0;) {
        double s = q[k];
        for (j = k + 1; j < n; j++)
            s -= m[k * n + j] * q[j];
        q[k] = s / m[k * n + k];
    }
    for (i = 0; i < n; i++)
        q[i] = q[i] < 0 ? 0 : q[i] > 1 ? 1 : q[i];
cleanup:
    free(m);
    return rc;
}

int iim_k_from_recovery(size_t n, const double *a_star, const double *recovery_steps, double *k,
                        struct error *e)
{
    char where[64];
    size_t i;
    for (i = 0; i < n; i++) {
        double t = recovery_steps[i], a = a_star[i * n + i];
        snprintf(where, sizeof where, "$.dynamic.recovery_steps[%zu]", i);
        if (!(t > 0) || !isfinite(t))
            return error_set(e, ERR_INVALID, where, "a recovery time must be a number > 0");
        if (!(a < 1))
            return error_set(e, ERR_INVALID, where,
                             "a*_ii >= 1 for this sector: it cannot recover on its own");
        k[i] = log(100.0) / (t * (1 - a));
    }
    return 0;
}

int iim_dynamic_run(const struct iim_dynamic *d, double *series, double *impact, struct error *e)
{
    size_t n = d->n, t, i, j, p;
    double *c = NULL;
    int rc;
    if ((rc = check_size(n, e)) != 0)
        return rc;
    if (d->steps < 1 || d->steps > IIM_MAX_STEPS)
        return error_set(e, ERR_INVALID, "$.dynamic.steps", "steps must be 1 .. %d", IIM_MAX_STEPS);
    for (p = 0; p < d->n_perturbations; p++)
        if (d->perturbations[p].from > d->perturbations[p].to) {
            char where[64];
            snprintf(where, sizeof where, "$.dynamic.perturbations[%zu]", p);
            return error_set(e, ERR_INVALID, where, "from must not be after to");
        }
    c = xmalloc(n * sizeof *c);
    for (i = 0; i < n; i++) {
        double q0 = d->q0 ? d->q0[i] : 0;
        series[i] = q0 < 0 ? 0 : q0 > 1 ? 1 : q0;
        impact[i] = 0;
    }
    for (t = 1; t < d->steps; t++) {
        const double *prev = series + (t - 1) * n;
        double *cur = series + t * n;
        memset(c, 0, n * sizeof *c);
        for (p = 0; p < d->n_perturbations; p++)
            if (d->perturbations[p].from <= t && t <= d->perturbations[p].to)
                for (i = 0; i < n; i++)
                    c[i] += d->perturbations[p].c_star[i];
        for (i = 0; i < n; i++) {
            double aq = 0, v;
            for (j = 0; j < n; j++)
                aq += d->a_star[i * n + j] * prev[j];
            v = prev[i] + d->k[i] * (aq + c[i] - prev[i]);
            cur[i] = v < 0 ? 0 : v > 1 ? 1 : v;
            impact[i] += (prev[i] + cur[i]) / 2;
        }
    }
    free(c);
    return 0;
}
