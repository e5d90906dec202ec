/*
 * arena_test.c — tests src/base/arena.c: aligned zeroed allocations, copies
 * of strings, large blocks beside small ones, deferred releases in reverse
 * order, the size limit, and reuse after release.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/arena.h"

#include <stdalign.h>
#include <string.h>

static void test_alloc_aligned_and_zeroed(void **state)
{
    struct arena a = ARENA_INIT;
    size_t i;
    (void)state;
    for (i = 1; i < 200; i++) {
        unsigned char *p = arena_alloc(&a, i);
        size_t j;
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % alignof(max_align_t), 0);
        for (j = 0; j < i; j++)
            assert_int_equal(p[j], 0);
        memset(p, 0xAB, i);
    }
    arena_release(&a);
    assert_null(a.chunks);
    assert_int_equal(a.used, 0);
}

static void test_strings(void **state)
{
    struct arena a = ARENA_INIT;
    (void)state;
    assert_string_equal(arena_strdup(&a, "vitaal"), "vitaal");
    assert_string_equal(arena_strndup(&a, "processes/x", 9), "processes");
    assert_string_equal(arena_printf(&a, "%s/%d", "jobs", 42), "jobs/42");
    assert_null(arena_strdup(&a, NULL));
    arena_release(&a);
}

static void test_large_blocks(void **state)
{
    struct arena a = ARENA_INIT;
    char *small = arena_alloc(&a, 16), *big = arena_alloc(&a, 200000), *after;
    (void)state;
    assert_non_null(small);
    assert_non_null(big);
    memset(big, 1, 200000);
    after = arena_alloc(&a, 16);
    assert_non_null(after);
    /* the small one after the big block still comes from the first chunk */
    assert_true(after > small && after - small < 4096);
    arena_release(&a);
}

static int order[4], n_order;

static void record(void *p)
{
    order[n_order++] = *(int *)p;
}

static void test_defer_runs_newest_first(void **state)
{
    struct arena a = ARENA_INIT;
    static int one = 1, two = 2, three = 3;
    (void)state;
    n_order = 0;
    assert_int_equal(arena_defer(&a, record, &one), 0);
    assert_int_equal(arena_defer(&a, record, &two), 0);
    assert_int_equal(arena_defer(&a, record, &three), 0);
    arena_release(&a);
    assert_int_equal(n_order, 3);
    assert_int_equal(order[0], 3);
    assert_int_equal(order[2], 1);
    /* reusable after release */
    assert_non_null(arena_alloc(&a, 10));
    arena_release(&a);
}

static void test_limit(void **state)
{
    struct arena a = ARENA_INIT;
    (void)state;
    assert_null(arena_alloc(&a, ARENA_MAX_BYTES + 1));
    assert_non_null(arena_alloc(&a, ARENA_MAX_BYTES / 2));
    assert_null(arena_alloc(&a, ARENA_MAX_BYTES / 2 + 64));
    assert_non_null(arena_alloc(&a, 1024));
    arena_release(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alloc_aligned_and_zeroed),
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_large_blocks),
        cmocka_unit_test(test_defer_runs_newest_first),
        cmocka_unit_test(test_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
