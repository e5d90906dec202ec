/*
 * audit_test.c — tests src/domain/audit.c: an intact chain verifies, and a
 * changed, removed, inserted or reordered entry, or a wrong key, is found
 * and named.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "domain/audit.h"
#include "store/store.h"
#include "support/testutil.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

struct fixture {
    char path[512];
    struct store *store;
    struct audit_log log;
};

static int setup(void **state)
{
    static int n;
    struct fixture *f = calloc(1, sizeof *f);
    struct error e = {0};
    char name[32];
    int i;
    snprintf(name, sizeof name, "audit%d.db", n++);
    snprintf(f->path, sizeof f->path, "%s", testutil_temp_path(name));
    assert_int_equal(store_open(f->path, STORE_CREATE, &f->store, &e), 0);
    assert_int_equal(audit_open(f->path, 1, &f->log, &e), 0);
    assert_int_equal(store_begin(f->store, &e), 0);
    for (i = 0; i < 5; i++) {
        char record[16];
        struct audit_event ev = {"anna", "127.0.0.1", "update", "risks", record, NULL};
        snprintf(record, sizeof record, "r%d", i);
        if (i == 2)
            ev.detail = "likelihood C -> B";
        assert_int_equal(audit_append(&f->log, f->store, &ev, &e), 0);
    }
    assert_int_equal(store_commit(f->store, &e), 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    store_close(f->store);
    free(f);
    return 0;
}

/* Changes the database behind the store's back, as an attacker with the file would. */
static void tamper(struct fixture *f, const char *sql)
{
    sqlite3 *db;
    store_close(f->store);
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    sqlite3_close(db);
    struct error e = {0};
    assert_int_equal(store_open(f->path, 0, &f->store, &e), 0);
}

static void expect_broken(struct fixture *f, int64_t seq, const char *problem)
{
    struct audit_check check;
    struct error e = {0};
    assert_int_equal(audit_verify(&f->log, f->store, &check, &e), 0);
    assert_int_equal(check.first_bad, seq);
    if (strstr(check.problem, problem) == NULL)
        fail_msg("problem '%s' lacks '%s'", check.problem, problem);
}

static void test_intact_chain(void **state)
{
    struct fixture *f = *state;
    struct audit_check check;
    struct error e = {0};
    assert_int_equal(audit_verify(&f->log, f->store, &check, &e), 0);
    assert_int_equal(check.first_bad, 0);
    assert_int_equal(check.entries, 5);
    assert_int_equal(strlen(check.head_mac), 64);
}

static void test_changed_entry(void **state)
{
    struct fixture *f = *state;
    tamper(f, "UPDATE audit SET detail = 'likelihood C -> A' WHERE seq = 3");
    expect_broken(f, 3, "was changed");
}

static void test_changed_null_field(void **state)
{
    struct fixture *f = *state;
    tamper(f, "UPDATE audit SET detail = '' WHERE seq = 4"); /* NULL -> "" */
    expect_broken(f, 4, "was changed");
}

static void test_removed_entry(void **state)
{
    struct fixture *f = *state;
    tamper(f, "DELETE FROM audit WHERE seq = 2");
    expect_broken(f, 3, "removed");
}

static void test_removed_and_renumbered(void **state)
{
    struct fixture *f = *state;
    tamper(f, "DELETE FROM audit WHERE seq = 2; UPDATE audit SET seq = seq - 1 WHERE seq > 2");
    expect_broken(f, 2, "does not follow");
}

static void test_reordered_entries(void **state)
{
    struct fixture *f = *state;
    tamper(f, "UPDATE audit SET seq = 100 WHERE seq = 2; UPDATE audit SET seq = 2 WHERE seq = 3;"
              "UPDATE audit SET seq = 3 WHERE seq = 100");
    expect_broken(f, 2, "does not follow");
}

static void test_wrong_key(void **state)
{
    struct fixture *f = *state;
    f->log.key[0] ^= 1;
    expect_broken(f, 1, "was changed");
}

static void test_missing_key_file(void **state)
{
    struct audit_log log;
    struct error e = {0};
    (void)state;
    assert_int_equal(audit_open(testutil_temp_path("nokey.db"), 0, &log, &e), ERR_IO);
    assert_non_null(strstr(e.message, "cannot read the audit key"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_intact_chain, setup, teardown),
        cmocka_unit_test_setup_teardown(test_changed_entry, setup, teardown),
        cmocka_unit_test_setup_teardown(test_changed_null_field, setup, teardown),
        cmocka_unit_test_setup_teardown(test_removed_entry, setup, teardown),
        cmocka_unit_test_setup_teardown(test_removed_and_renumbered, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reordered_entries, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wrong_key, setup, teardown),
        cmocka_unit_test(test_missing_key_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
