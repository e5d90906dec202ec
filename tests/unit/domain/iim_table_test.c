/*
 * iim_table_test.c — tests src/domain/iim_table.c: the cascade's
 * perturbation per table sector (down-hours over processes x horizon, an
 * unmapped process counting nowhere, intervals clipped to the horizon, the
 * hourly shares), its refusals, and the checks of a table record on write
 * (a solvable table, unknown keys, a singular I - A*, a map onto a sector the
 * table lacks), through validate_record as every write goes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "domain/iim_table.h"
#include "domain/validate.h"
#include "store/model.h"

#include <math.h>
#include <string.h>

static void test_perturbation(void **state)
{
    json_t *sectors = json_pack("[ss]", "A", "B");
    json_t *map = json_pack("{ssssss}", "s1", "A", "s2", "A", "s3", "B");
    const int32_t p1[] = {0, 10}, p3[] = {5, 15, 20, 30}, p4[] = {0, 100};
    const struct iim_process_down procs[] = {
        {"s1", 1, p1},   /* A: down 10 of 20 hours */
        {"s2", 0, NULL}, /* A: never down */
        {"s3", 2, p3},   /* B: 10 hours, the second interval past the horizon */
        {"s9", 1, p4},   /* a sector the table does not map: counts nowhere */
        {NULL, 1, p4},   /* a service (no sector): nowhere either */
    };
    double c[2], hourly[20 * 2];
    size_t counts[2];
    struct error e = {0};
    (void)state;
    assert_int_equal(iim_cascade_perturbation(sectors, map, procs, 5, 20, c, hourly, counts, &e),
                     0);
    assert_true(fabs(c[0] - 10.0 / 40.0) < 1e-12);
    assert_true(fabs(c[1] - 10.0 / 20.0) < 1e-12);
    assert_int_equal(counts[0], 2);
    assert_int_equal(counts[1], 1);
    /* hour 0: one of A's two down; hour 5: that one and B's; hour 12: B's
     * alone; hour 19: none (B's interval from 20 is past the horizon) */
    assert_true(fabs(hourly[0 * 2 + 0] - 0.5) < 1e-12 && hourly[0 * 2 + 1] == 0.0);
    assert_true(fabs(hourly[5 * 2 + 0] - 0.5) < 1e-12 && hourly[5 * 2 + 1] == 1.0);
    assert_true(hourly[12 * 2 + 0] == 0.0 && hourly[12 * 2 + 1] == 1.0);
    assert_true(hourly[19 * 2 + 0] == 0.0 && hourly[19 * 2 + 1] == 0.0);
    /* the mean of the hourly shares is the static c* */
    {
        double sum[2] = {0, 0};
        int t;
        for (t = 0; t < 20; t++) {
            sum[0] += hourly[t * 2];
            sum[1] += hourly[t * 2 + 1];
        }
        assert_true(fabs(sum[0] / 20 - c[0]) < 1e-12 && fabs(sum[1] / 20 - c[1]) < 1e-12);
    }
    /* no hourly wanted, a sector nobody maps onto: 0 */
    json_object_del(map, "s3");
    assert_int_equal(iim_cascade_perturbation(sectors, map, procs, 5, 20, c, NULL, NULL, &e), 0);
    assert_true(c[1] == 0.0);
    /* a map onto a sector the table lacks, a horizon below one hour */
    json_object_set_new(map, "s3", json_string("C"));
    assert_int_equal(iim_cascade_perturbation(sectors, map, procs, 5, 20, c, NULL, NULL, &e),
                     ERR_INVALID);
    assert_non_null(strstr(e.message, "'C' is not one of the table's sectors"));
    json_object_set_new(map, "s3", json_string("B"));
    assert_int_equal(iim_cascade_perturbation(sectors, map, procs, 5, 0, c, NULL, NULL, &e),
                     ERR_INVALID);
    json_decref(sectors);
    json_decref(map);
}

static json_t *table(const char *data, const char *map_to)
{
    return json_pack("{ss ss ss si ss s{ss} ss ss}", "id", "t1", "name", "test", "source", "a test",
                     "year", 2024, "data", data, "sector_map", "nl-energie", map_to,
                     "classification", "public", "owner", "nctv");
}

static void test_check(void **state)
{
    const struct kind *k = model_kind_find("iim_tables");
    struct error e = {0};
    json_t *r;
    (void)state;
    /* the worked example of Haimes and Jiang as a stored table */
    r = table("{\"sectors\": [\"power\", \"oil\"], \"a_star\": [[0, 0.8], [0.2, 0]]}", "oil");
    assert_int_equal(validate_record(k, r, "$.iim_tables[0]", &e), 0);
    json_decref(r);
    /* an input-output table */
    r = table("{\"sectors\": [\"a\", \"b\"], \"io_table\": {\"transactions\": [[1, 2], [3, 4]], "
              "\"output\": [10, 20]}}",
              "b");
    assert_int_equal(validate_record(k, r, "$.iim_tables[0]", &e), 0);
    json_decref(r);
    /* a map onto a sector the table lacks */
    r = table("{\"sectors\": [\"power\", \"oil\"], \"a_star\": [[0, 0.8], [0.2, 0]]}", "gas");
    assert_int_equal(validate_record(k, r, "$.iim_tables[0]", &e), ERR_INVALID);
    assert_string_equal(e.where, "$.iim_tables[0].sector_map.nl-energie");
    json_decref(r);
    /* c_star belongs to a run, not to the table */
    r = table("{\"sectors\": [\"a\"], \"a_star\": [[0]], \"c_star\": [0.1]}", "a");
    assert_int_equal(validate_record(k, r, "$.iim_tables[0]", &e), ERR_INVALID);
    assert_non_null(strstr(e.message, "unknown key 'c_star'"));
    assert_non_null(strstr(e.where, "$.iim_tables[0].data"));
    json_decref(r);
    /* I - A* singular: no answer exists */
    r = table("{\"sectors\": [\"a\", \"b\"], \"a_star\": [[0, 1], [1, 0]]}", "a");
    assert_int_equal(validate_record(k, r, "$.iim_tables[0]", &e), ERR_INVALID);
    assert_non_null(strstr(e.where, "data"));
    json_decref(r);
    /* not a square matrix, named by its path */
    r = table("{\"sectors\": [\"a\", \"b\"], \"a_star\": [[0, 1]]}", "a");
    assert_int_equal(validate_record(k, r, "$.iim_tables[0]", &e), ERR_INVALID);
    assert_non_null(strstr(e.where, "$.a_star"));
    json_decref(r);
    /* not JSON at all */
    r = table("{sectors", "a");
    assert_int_equal(validate_record(k, r, "$.iim_tables[0]", &e), ERR_INVALID);
    json_decref(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_perturbation),
        cmocka_unit_test(test_check),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
