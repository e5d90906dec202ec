/*
 * iim_test.c — tests of src/engine/iim.c against the published two-sector
 * example of Haimes & Jiang (2001), closed forms of the one-sector dynamic
 * model (Lian & Haimes 2006) computed here independently, the recovery-time
 * formula for k, and the error cases.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <string.h>

#include <cmocka.h>

#include "engine/iim.h"

static void near(double got, double want, double tolerance)
{
    if (fabs(got - want) > tolerance)
        fail_msg("got %.12g, wanted %.12g (+- %g)", got, want, tolerance);
}

static void test_haimes_jiang_two_sectors(void **state)
{
    const double a[] = {0, 0.8, 0.2, 0}, c[] = {0, 0.6};
    double q[2];
    struct error e = {0};
    (void)state;
    assert_int_equal(iim_static(2, a, c, q, &e), 0);
    near(q[0], 0.5714, 5e-5);
    near(q[1], 0.7143, 5e-5);
    near(q[0], 4.0 / 7.0, 1e-12); /* exactly 0.48 / 0.84 */
    near(q[1], 5.0 / 7.0, 1e-12);
}

static void test_io_table(void **state)
{
    const double x[] = {10, 20, 30, 40}, out[] = {100, 50};
    double a[4], q[2];
    const double c[] = {0.1, 0.2};
    struct error e = {0};
    (void)state;
    assert_int_equal(iim_a_star_from_io(2, x, out, a, &e), 0);
    near(a[0], 0.1, 1e-15); /* X_11 / x_1 */
    near(a[1], 0.2, 1e-15); /* X_12 / x_1 */
    near(a[2], 0.6, 1e-15); /* X_21 / x_2 */
    near(a[3], 0.8, 1e-15);
    assert_int_equal(iim_static(2, a, c, q, &e), 0);
    /* (I - A*) q = c by hand: 0.9 q1 - 0.2 q2 = 0.1, -0.6 q1 + 0.2 q2 = 0.2 */
    near(q[0], 0.3 / 0.3, 1e-12);
    near(q[0], 1.0, 1e-12);
    {
        const double zero_out[] = {100, 0};
        assert_int_equal(iim_a_star_from_io(2, x, zero_out, a, &e), ERR_INVALID);
        assert_string_equal(e.where, "$.io_table.output[1]");
    }
}

static void test_static_clamps_and_singular(void **state)
{
    const double half[] = {0.5}, c[] = {0.8}, one[] = {1.0}, swap[] = {0, 1, 1, 0};
    const double c2[] = {0.1, 0.1};
    double q[2];
    struct error e = {0};
    (void)state;
    assert_int_equal(iim_static(1, half, c, q, &e), 0);
    near(q[0], 1.0, 0); /* 1.6 reported as 1 */
    assert_int_equal(iim_static(1, one, c, q, &e), ERR_INVALID);
    assert_string_equal(e.where, "$.a_star");
    assert_non_null(strstr(e.message, "singular"));
    assert_int_equal(iim_static(2, swap, c2, q, &e), ERR_INVALID);
    assert_int_equal(iim_static(0, swap, c2, q, &e), ERR_INVALID);
}

static void test_k_from_recovery(void **state)
{
    const double a[] = {0.2, 0.1, 0.3, 0}, t[] = {10, 40}, bad[] = {0, 5}, diag1[] = {1};
    double k[2];
    struct error e = {0};
    (void)state;
    assert_int_equal(iim_k_from_recovery(2, a, t, k, &e), 0);
    near(k[0], log(100) / (10 * 0.8), 1e-15);
    near(k[1], log(100) / 40, 1e-15);
    assert_int_equal(iim_k_from_recovery(2, a, bad, k, &e), ERR_INVALID);
    assert_string_equal(e.where, "$.dynamic.recovery_steps[0]");
    assert_int_equal(iim_k_from_recovery(1, diag1, t, k, &e), ERR_INVALID);
}

/* One sector, c held from step 1: q(t) = q* (1 - r^t), q* = c / (1 - a),
 * r = 1 - k (1 - a). */
static void test_dynamic_one_sector_closed_form(void **state)
{
    const double a[] = {0.3}, k[] = {0.25}, c[] = {0.35};
    struct iim_perturbation p = {1, 1000, c};
    struct iim_dynamic d = {1, a, k, NULL, 60, &p, 1};
    double series[60], impact[1], qstar = 0.35 / 0.7, r = 1 - 0.25 * 0.7, trapezoid = 0;
    struct error e = {0};
    size_t t;
    (void)state;
    assert_int_equal(iim_dynamic_run(&d, series, impact, &e), 0);
    for (t = 0; t < 60; t++)
        near(series[t], qstar * (1 - pow(r, (double)t)), 1e-12);
    for (t = 1; t < 60; t++)
        trapezoid += (qstar * (1 - pow(r, (double)t - 1)) + qstar * (1 - pow(r, (double)t))) / 2;
    near(impact[0], trapezoid, 1e-10);
}

/* Recovery from q0 with no perturbation: q(t) = q0 r^t, and k from a
 * recovery time T brings q to about 1 % of q0 after T steps. */
static void test_dynamic_recovery_target(void **state)
{
    const double a[] = {0.4}, q0[] = {0.9}, steps_to_recover[] = {500};
    double k[1], series[501], impact[1];
    struct iim_dynamic d = {1, a, k, q0, 501, NULL, 0};
    struct error e = {0};
    (void)state;
    assert_int_equal(iim_k_from_recovery(1, a, steps_to_recover, k, &e), 0);
    assert_int_equal(iim_dynamic_run(&d, series, impact, &e), 0);
    near(series[10], 0.9 * pow(1 - k[0] * 0.6, 10), 1e-12);
    near(series[500] / 0.9, 0.01, 0.0005);
}

/* Two sectors held under c*: the dynamic model settles on the static answer
 * (Lian & Haimes 2006: the static IIM is the dynamic one's equilibrium). */
static void test_dynamic_settles_on_static(void **state)
{
    const double a[] = {0, 0.8, 0.2, 0}, c[] = {0, 0.6}, k[] = {0.3, 0.2};
    struct iim_perturbation p = {1, 5000, c};
    struct iim_dynamic d = {2, a, k, NULL, 3000, &p, 1};
    static double series[3000 * 2];
    double impact[2];
    struct error e = {0};
    (void)state;
    assert_int_equal(iim_dynamic_run(&d, series, impact, &e), 0);
    near(series[2999 * 2], 4.0 / 7.0, 1e-9);
    near(series[2999 * 2 + 1], 5.0 / 7.0, 1e-9);
}

static void test_dynamic_windows_add_and_clamp(void **state)
{
    const double a[] = {0}, k[] = {1}, c1[] = {0.4}, c2[] = {0.9};
    struct iim_perturbation p[] = {{2, 3, c1}, {3, 4, c2}};
    struct iim_dynamic d = {1, a, k, NULL, 6, p, 2};
    double series[6], impact[1];
    struct error e = {0};
    (void)state;
    /* with k = 1 and a = 0, q(t) = c(t) (clamped) */
    assert_int_equal(iim_dynamic_run(&d, series, impact, &e), 0);
    near(series[1], 0, 0);
    near(series[2], 0.4, 1e-15);
    near(series[3], 1.0, 0); /* 1.3 clamped */
    near(series[4], 0.9, 1e-15);
    near(series[5], 0, 0);
    near(impact[0], (0 + 0) / 2.0 + (0 + 0.4) / 2 + (0.4 + 1) / 2 + (1 + 0.9) / 2 + (0.9 + 0) / 2,
         1e-12);
    d.steps = 0;
    assert_int_equal(iim_dynamic_run(&d, series, impact, &e), ERR_INVALID);
    d.steps = 6;
    p[1].from = 5;
    assert_int_equal(iim_dynamic_run(&d, series, impact, &e), ERR_INVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_haimes_jiang_two_sectors),
        cmocka_unit_test(test_io_table),
        cmocka_unit_test(test_static_clamps_and_singular),
        cmocka_unit_test(test_k_from_recovery),
        cmocka_unit_test(test_dynamic_one_sector_closed_form),
        cmocka_unit_test(test_dynamic_recovery_target),
        cmocka_unit_test(test_dynamic_settles_on_static),
        cmocka_unit_test(test_dynamic_windows_add_and_clamp),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
