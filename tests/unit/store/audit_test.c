/*
 * audit_test.c — tests src/store/audit.c: entries read back in order and
 * newest first, narrowed by actor, kind, time window and seq bounds
 * (store_audit_query, behind GET /api/v1/audit's filters), and each
 * filter combined with the limit.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "store/audit.h"
#include "store/store.h"
#include "support/testutil.h"

#include <stdio.h>
#include <string.h>

struct seen {
    int n;
    int64_t seq[16];
};

static int note(void *ctx, const struct store_audit_entry *a)
{
    struct seen *s = ctx;
    s->seq[s->n++] = a->seq;
    return 0;
}

/* Five entries: 1 alice login, 2 bob create measures, 3 bob update measures
 * (next day), 4 alice read risks, 5 bob delete measures (third day). */
static struct store *fixture(const char *name)
{
    static const struct {
        const char *at, *actor, *action, *kind;
    } rows[] = {
        {"2026-03-01T08:00:00Z", "alice", "login", NULL},
        {"2026-03-01T09:00:00Z", "bob", "create", "measures"},
        {"2026-03-02T09:00:00Z", "bob", "update", "measures"},
        {"2026-03-02T10:00:00Z", "alice", "read", "risks"},
        {"2026-03-03T23:30:00Z", "bob", "delete", "measures"},
    };
    struct error e = {0};
    struct store *s = NULL;
    assert_int_equal(store_open(testutil_db_path(name), STORE_CREATE, &s, &e), 0);
    assert_int_equal(store_begin(s, &e), 0);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct store_audit_entry a = {0};
        a.seq = (int64_t)i + 1;
        a.at = rows[i].at;
        a.actor = rows[i].actor;
        a.action = rows[i].action;
        a.kind = rows[i].kind;
        a.prev = "";
        a.mac = "00";
        assert_int_equal(store_audit_append(s, &a, &e), 0);
    }
    assert_int_equal(store_commit(s, &e), 0);
    return s;
}

static struct seen run(struct store *s, const struct store_audit_query *q)
{
    struct error e = {0};
    struct seen seen = {0};
    assert_int_equal(store_audit_query(s, q, note, &seen, &e), 0);
    return seen;
}

static void expect(struct seen got, int n, ...)
{
    va_list ap;
    assert_int_equal(got.n, n);
    va_start(ap, n);
    for (int i = 0; i < n; i++)
        assert_int_equal(got.seq[i], va_arg(ap, int));
    va_end(ap);
}

static void test_order_and_bounds(void **state)
{
    (void)state;
    struct store *s = fixture("audit-order.db");
    struct store_audit_query q = {0};
    expect(run(s, &q), 5, 1, 2, 3, 4, 5);
    q.newest_first = 1;
    expect(run(s, &q), 5, 5, 4, 3, 2, 1);
    q.limit = 2;
    expect(run(s, &q), 2, 5, 4);
    q.before = 4; /* the next page newest first */
    expect(run(s, &q), 2, 3, 2);
    q = (struct store_audit_query){0};
    q.after = 3;
    expect(run(s, &q), 2, 4, 5);
    store_close(s);
}

static void test_filters(void **state)
{
    (void)state;
    struct store *s = fixture("audit-filters.db");
    struct store_audit_query q = {0};
    q.actor = "bob";
    expect(run(s, &q), 3, 2, 3, 5);
    q.kind = "measures";
    q.newest_first = 1;
    q.limit = 2;
    expect(run(s, &q), 2, 5, 3);
    q = (struct store_audit_query){0};
    q.kind = "risks";
    expect(run(s, &q), 1, 4);
    q = (struct store_audit_query){0};
    /* a window: after the end of 1 March, up to the end of 2 March (UTC) */
    q.at_after = "2026-03-01T23:59:59Z";
    q.at_until = "2026-03-02T23:59:59Z";
    expect(run(s, &q), 2, 3, 4);
    q.actor = "nobody";
    expect(run(s, &q), 0);
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_order_and_bounds),
        cmocka_unit_test(test_filters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
