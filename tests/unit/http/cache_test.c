/*
 * cache_test.c — tests src/http/cache.c: an entry is served only to the
 * same token or key, only in the generation it was made in, and only for
 * CACHE_TTL_MS; a new entry in a slot releases the old one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "http/cache.h"
#include "store/users.h"

#include <stdlib.h>
#include <string.h>

static struct store_user *user_named(const char *name)
{
    struct store_user *u = calloc(1, sizeof *u);
    strcpy(u->id, name);
    strcpy(u->role, "coordinator");
    return u;
}

static void test_identity(void **ctx)
{
    struct http_cache *c = NULL;
    struct store_user *u = NULL;
    struct access *a = NULL;
    char csrf[65], token[65], other[65];
    int enrol = 0;
    (void)ctx;
    memset(token, 'a', 64);
    token[64] = '\0';
    memcpy(other, token, sizeof other);
    other[63] = 'b';
    assert_int_equal(http_cache_new(&c), 0);
    assert_int_equal(http_cache_identity_get(c, token, 1, 1000, &u, &a, csrf, &enrol), 0);
    http_cache_identity_put(c, token, 1, 1000, user_named("alice"), NULL, "csrf-1", 0);
    assert_int_equal(http_cache_identity_get(c, token, 1, 1500, &u, &a, csrf, &enrol), 1);
    assert_string_equal(u->id, "alice");
    assert_string_equal(csrf, "csrf-1");
    assert_int_equal(http_cache_identity_get(c, other, 1, 1500, &u, &a, csrf, &enrol), 0);
    /* a write since (generation 2), or too old, or a clock going back */
    assert_int_equal(http_cache_identity_get(c, token, 2, 1500, &u, &a, csrf, &enrol), 0);
    assert_int_equal(
        http_cache_identity_get(c, token, 1, 1000 + CACHE_TTL_MS, &u, &a, csrf, &enrol), 0);
    assert_int_equal(http_cache_identity_get(c, token, 1, 999, &u, &a, csrf, &enrol), 0);
    /* replacing releases the old user (checked by the sanitizer build) */
    http_cache_identity_put(c, token, 2, 2000, user_named("bob"), NULL, "csrf-2", 0);
    assert_int_equal(http_cache_identity_get(c, token, 2, 2000, &u, &a, csrf, &enrol), 1);
    assert_string_equal(u->id, "bob");
    http_cache_free(c);
}

static void test_pages(void **ctx)
{
    struct http_cache *c = NULL;
    const char *body;
    size_t len;
    char *big;
    (void)ctx;
    assert_int_equal(http_cache_new(&c), 0);
    http_cache_page_put(c, "alice\n/api/v1/processes", 7, 100, "{\"items\":[]}", 12);
    assert_int_equal(http_cache_page_get(c, "alice\n/api/v1/processes", 7, 200, &body, &len), 1);
    assert_int_equal(len, 12);
    assert_memory_equal(body, "{\"items\":[]}", 12);
    assert_int_equal(http_cache_page_get(c, "bob\n/api/v1/processes", 7, 200, &body, &len), 0);
    assert_int_equal(http_cache_page_get(c, "alice\n/api/v1/processes", 8, 200, &body, &len), 0);
    big = calloc(1, CACHE_PAGE_MAX + 1);
    http_cache_page_put(c, "alice\n/api/v1/risks", 7, 100, big, CACHE_PAGE_MAX + 1);
    assert_int_equal(http_cache_page_get(c, "alice\n/api/v1/risks", 7, 100, &body, &len), 0);
    free(big);
    http_cache_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_identity),
        cmocka_unit_test(test_pages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
