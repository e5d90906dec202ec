/*
 * iim.h — the inoperability input-output model (Haimes & Jiang 2001; Santos
 * & Haimes 2004; dynamic form Lian & Haimes 2006): how a loss of output in
 * one sector spreads through what sectors buy from each other.
 *
 *   static:   q = A* q + c*, so q = (I - A*)^-1 c*   (each q_i reported in [0, 1])
 *   dynamic:  q(t) = q(t-1) + K [A* q(t-1) + c*(t) - q(t-1)],  t = 1 .. steps-1
 *
 * Matrices are dense, row-major, n x n doubles (IIM tables have tens to a
 * few hundred sectors). Pure computation: the caller owns every array.
 * Errors name the input the way the `vitaal iim` file does ("$.a_star").
 */
#ifndef VITAAL_ENGINE_IIM_H
#define VITAAL_ENGINE_IIM_H

#include "base/error.h"

#include <stddef.h>

#define IIM_MAX_SECTORS 2000
#define IIM_MAX_STEPS   100000

/* a*_ij = X_ij / x_i from transactions X (n x n) and total outputs x (n,
 * each > 0) into a_star (n x n). Returns 0 or ERR_INVALID. */
int iim_a_star_from_io(size_t n, const double *transactions, const double *output, double *a_star,
                       struct error *e);

/* Solves (I - A*) q = c* into q (n), then clamps each q_i to [0, 1].
 * Returns 0 or ERR_INVALID when I - A* is singular. */
int iim_static(size_t n, const double *a_star, const double *c_star, double *q, struct error *e);

/* k_i = ln(100) / (T_i (1 - a*_ii)) for recovery times T_i > 0 (the steps
 * to bring q_i down to 1 % of its start). Returns 0 or ERR_INVALID (T_i <= 0
 * or a*_ii >= 1). */
int iim_k_from_recovery(size_t n, const double *a_star, const double *recovery_steps, double *k,
                        struct error *e);

/* A perturbation c* in steps from .. to (both inclusive); windows add up. */
struct iim_perturbation {
    size_t from, to;
    const double *c_star; /* n */
};

struct iim_dynamic {
    size_t n;
    const double *a_star; /* n x n */
    const double *k;      /* n resilience coefficients */
    const double *q0;     /* n start values, NULL for zero */
    size_t steps;         /* time points, t = 0 included: 1 .. IIM_MAX_STEPS */
    const struct iim_perturbation *perturbations;
    size_t n_perturbations;
};

/* Runs the dynamic model: series (steps x n, row t = q(t)) and impact (n, the
 * trapezoid-rule integral of q_i over the steps). Returns 0 or ERR_INVALID. */
int iim_dynamic_run(const struct iim_dynamic *d, double *series, double *impact, struct error *e);

#endif
