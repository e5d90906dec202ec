/*
 * arena_test.c — tests src/base/arena.c: aligned zeroed allocations, copies
 * of strings, large blocks beside small ones, deferred releases in reverse
 * order, the size limit of a bounded arena, the unbounded arena that never
 * returns NULL, growing a block, and reuse after release.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/arena.h"
#include "base/error.h"

#include <jansson.h>
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

static int released;

static void count_release(void *p)
{
    (void)p;
    released++;
}

static void test_unbounded_never_null(void **state)
{
    struct arena a = ARENA_INIT_UNBOUNDED, b;
    unsigned char *big, *more;
    size_t i;
    (void)state;
    /* past the bounded arena's limit, in one block and in many */
    big = arena_alloc(&a, ARENA_MAX_BYTES + 1);
    assert_non_null(big);
    big[ARENA_MAX_BYTES] = 7;
    more = arena_alloc(&a, ARENA_MAX_BYTES / 2);
    assert_non_null(more);
    assert_true(a.used > ARENA_MAX_BYTES);
    for (i = 0; i < 100; i++)
        assert_non_null(arena_strdup(&a, "past the limit"));
    released = 0;
    assert_int_equal(arena_defer(&a, count_release, NULL), 0);
    arena_release(&a);
    /* everything released, the deferred call run, still unbounded */
    assert_int_equal(released, 1);
    assert_null(a.chunks);
    assert_null(a.defers);
    assert_int_equal(a.used, 0);
    assert_int_equal(a.unbounded, 1);
    assert_non_null(arena_alloc(&a, ARENA_MAX_BYTES + 1));
    arena_release(&a);
    /* arena_init_unbounded gives the same; a zeroed arena is bounded */
    memset(&b, 0, sizeof b);
    assert_int_equal(b.unbounded, 0);
    arena_init_unbounded(&b);
    assert_int_equal(b.unbounded, 1);
    assert_non_null(arena_calloc(&b, 2, ARENA_MAX_BYTES / 2 + 64));
    arena_release(&b);
    arena_release(&b); /* twice is harmless */
}

static void test_bounded_defer_past_limit(void **state)
{
    struct arena a = ARENA_INIT;
    (void)state;
    assert_non_null(arena_alloc(&a, ARENA_MAX_BYTES - 16));
    released = 0;
    /* no room for the record: the object is released at once */
    assert_int_equal(arena_defer(&a, count_release, NULL), ERR_TOO_LARGE);
    assert_int_equal(released, 1);
    arena_release(&a);
    assert_int_equal(released, 1);
    assert_null(arena_calloc(&a, SIZE_MAX / 2, 4));
    arena_release(&a);
}

static void test_grow(void **state)
{
    struct arena a = ARENA_INIT_UNBOUNDED;
    int *v = NULL, *first;
    size_t n, cap = 0;
    char *s;
    (void)state;
    for (n = 0; n < 5000; n++) {
        if (n == cap) {
            size_t grown = cap ? cap * 2 : 4;
            v = arena_realloc(&a, v, cap * sizeof *v, grown * sizeof *v);
            cap = grown;
        }
        v[n] = (int)n;
    }
    for (n = 0; n < 5000; n++)
        assert_int_equal(v[n], (int)n);
    /* the last block grows in place, zero-filled */
    first = arena_alloc(&a, 8 * sizeof *first);
    first[7] = 9;
    assert_ptr_equal(arena_realloc(&a, first, 8 * sizeof *first, 32 * sizeof *first), first);
    assert_int_equal(first[7], 9);
    assert_int_equal(first[31], 0);
    /* an earlier block is copied */
    s = arena_strdup(&a, "abc");
    (void)arena_alloc(&a, 16);
    s = arena_realloc(&a, s, 4, 64);
    assert_string_equal(s, "abc");
    assert_int_equal(s[63], 0);
    /* shrinking keeps the block */
    assert_ptr_equal(arena_realloc(&a, s, 64, 8), s);
    arena_release(&a);
}

/* arena_free_json: the arena gives up its reference when released */
static void test_free_json(void **state)
{
    struct arena a = ARENA_INIT_UNBOUNDED;
    json_t *v = json_array();
    (void)state;
    json_incref(v); /* the test's own, to look at afterwards */
    assert_int_equal(arena_defer(&a, arena_free_json, v), 0);
    assert_int_equal(v->refcount, 2);
    arena_release(&a);
    assert_int_equal(v->refcount, 1);
    json_decref(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alloc_aligned_and_zeroed),
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_large_blocks),
        cmocka_unit_test(test_defer_runs_newest_first),
        cmocka_unit_test(test_limit),
        cmocka_unit_test(test_unbounded_never_null),
        cmocka_unit_test(test_bounded_defer_past_limit),
        cmocka_unit_test(test_grow),
        cmocka_unit_test(test_free_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
