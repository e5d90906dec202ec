/*
 * pg_test.c — tests src/store/db_pg.c on a real PostgreSQL (skipped unless
 * $VITAAL_TEST_PG names a running cluster, as scripts/pg-check.sh sets):
 * opening refuses a database that is not ours or is newer before writing
 * to it and migrates an empty one; errors map by SQLSTATE to the same codes
 * as on SQLite (a reference still held at the commit: conflict; a CHECK:
 * invalid); a second writer waits and gives up busy; bytes round-trip
 * through bytea; the point-in-time view of a PostgreSQL store; a kind read
 * whole on a database that sorts text by a language's rules.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "store/attachments.h"
#include "store/migrations.h"
#include "store/store.h"
#include "support/testutil.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *cluster(void)
{
    return getenv("VITAAL_TEST_PG");
}

/* A new empty database's URL; sql (or NULL) run in it first. */
static const char *empty_db(const char *sql)
{
    static char url[600];
    static int n;
    char admin[600], create[96], db[64];
    PGconn *conn;
    PGresult *res;
    snprintf(db, sizeof db, "pgt%ld_%d", (long)getpid(), n++);
    snprintf(admin, sizeof admin, "postgresql:///postgres?host=%s&user=vitaal", cluster());
    snprintf(create, sizeof create, "CREATE DATABASE %s", db);
    conn = PQconnectdb(admin);
    res = PQexec(conn, create);
    assert_int_equal(PQresultStatus(res), PGRES_COMMAND_OK);
    PQclear(res);
    PQfinish(conn);
    snprintf(url, sizeof url, "postgresql:///%s?host=%s&user=vitaal", db, cluster());
    if (sql) {
        conn = PQconnectdb(url);
        res = PQexec(conn, sql);
        assert_int_equal(PQresultStatus(res), PGRES_COMMAND_OK);
        PQclear(res);
        PQfinish(conn);
    }
    return url;
}

/* The first value of a query on url, as text ("" for none). */
static void query(const char *url, const char *sql, char *out, size_t size)
{
    PGconn *conn = PQconnectdb(url);
    PGresult *res = PQexec(conn, sql);
    out[0] = '\0';
    if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) > 0)
        snprintf(out, size, "%s", PQgetvalue(res, 0, 0));
    PQclear(res);
    PQfinish(conn);
}

static void test_open_checks(void **state)
{
    struct store *s = NULL;
    struct error e = {0};
    char url[600], v[64], sql[96];
    (void)state;
    if (!cluster())
        skip();
    assert_true(store_is_pg_url("postgresql:///x?host=/tmp"));
    assert_true(store_is_pg_url("postgres://u@h/x"));
    assert_false(store_is_pg_url("postgresql.db"));

    /* empty: not without CREATE; with it, the newest schema */
    snprintf(url, sizeof url, "%s", empty_db(NULL));
    assert_int_equal(store_open(url, 0, &s, &e), ERR_NOTFOUND);
    assert_int_equal(store_open(url, STORE_CREATE, &s, &e), 0);
    assert_int_equal(store_schema_version(s), (int)store_migration_count);
    store_close(s);
    /* opened again: nothing to migrate, the same version */
    assert_int_equal(store_open(url, STORE_READONLY, &s, &e), 0);
    assert_int_equal(store_schema_version(s), (int)store_migration_count);
    store_close(s);

    /* newer than this binary: refused */
    snprintf(sql, sizeof sql, "UPDATE vitaal_schema SET version = %zu", store_migration_count + 1);
    {
        PGconn *conn = PQconnectdb(url);
        PQclear(PQexec(conn, sql));
        PQfinish(conn);
    }
    assert_int_equal(store_open(url, STORE_CREATE, &s, &e), ERR_VERSION);

    /* someone else's data: refused, and left as it was */
    snprintf(url, sizeof url, "%s",
             empty_db("CREATE TABLE theirs (x int); INSERT INTO theirs "
                      "VALUES (7)"));
    assert_int_equal(store_open(url, STORE_CREATE, &s, &e), ERR_INVALID);
    assert_non_null(strstr(e.message, "not a vitaal database"));
    query(url, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'", v,
          sizeof v);
    assert_string_equal(v, "1");
    query(url, "SELECT x FROM theirs", v, sizeof v);
    assert_string_equal(v, "7");
}

static void test_errors_map(void **state)
{
    struct store *s = NULL;
    struct error e = {0};
    json_t *org = NULL, *bad;
    const struct kind *orgs = model_kind_find("organisations");
    (void)state;
    if (!cluster())
        skip();
    s = testutil_store_from_fixture("full.json");
    /* a deletion of a record others refer to fails at the commit */
    assert_int_equal(store_begin(s, &e), 0);
    assert_int_equal(store_record_delete(s, orgs, "ezk", &testutil_change, NULL, &e), 0);
    assert_int_equal(store_commit(s, &e), ERR_CONFLICT);
    assert_int_equal(store_record_get(s, orgs, "ezk", &org, &e), 0);

    /* a CHECK the model would have caught: the database's second line */
    bad = json_deep_copy(org);
    json_object_set_new(bad, "kind", json_string("pirate"));
    assert_int_equal(store_begin(s, &e), 0);
    assert_int_equal(store_record_put(s, orgs, bad, &testutil_change, NULL, &e), ERR_INVALID);
    store_rollback(s);
    /* and the transaction after it works */
    assert_int_equal(store_begin(s, &e), 0);
    json_object_set_new(org, "name", json_string("Economische Zaken"));
    assert_int_equal(store_record_put(s, orgs, org, &testutil_change, NULL, &e), 0);
    assert_int_equal(store_commit(s, &e), 0);
    json_decref(bad);
    json_decref(org);
    assert_int_equal(store_record_get(s, orgs, "ezk", &org, &e), 0);
    assert_string_equal(json_string_value(json_object_get(org, "name")), "Economische Zaken");
    json_decref(org);
    store_close(s);
}

static void test_second_writer_busy(void **state)
{
    struct store *a = NULL, *b = NULL;
    struct error e = {0};
    char url[600];
    (void)state;
    if (!cluster())
        skip();
    snprintf(url, sizeof url, "%s", testutil_db_path("busy"));
    store_set_wait(300, NULL);
    assert_int_equal(store_open(url, STORE_CREATE, &a, &e), 0);
    assert_int_equal(store_open(url, 0, &b, &e), 0);
    assert_int_equal(store_begin(a, &e), 0);
    assert_int_equal(store_begin(b, &e), ERR_BUSY);
    assert_string_equal(e.id, "database_busy");
    store_rollback(a);
    assert_int_equal(store_begin(b, &e), 0);
    store_rollback(b);
    store_set_wait(STORE_WAIT_DEFAULT_MS, NULL);
    store_close(a);
    store_close(b);
}

static void test_bytes_round_trip(void **state)
{
    struct store *s = NULL;
    struct error e = {0};
    struct store_attachment a = {0}, *back = NULL;
    unsigned char content[300];
    int64_t id = 0;
    (void)state;
    if (!cluster())
        skip();
    for (size_t i = 0; i < sizeof content; i++)
        content[i] = (unsigned char)(i * 7); /* every byte, NUL and 0xff among them */
    s = testutil_store_from_fixture("full.json");
    snprintf(a.kind, sizeof a.kind, "processes");
    snprintf(a.record, sizeof a.record, "power");
    snprintf(a.name, sizeof a.name, "bytes.bin");
    snprintf(a.media_type, sizeof a.media_type, "application/octet-stream");
    a.size = sizeof content;
    snprintf(a.sha256, sizeof a.sha256, "%064d", 0);
    snprintf(a.uploaded_by, sizeof a.uploaded_by, "test");
    snprintf(a.uploaded_at, sizeof a.uploaded_at, "2026-12-01T00:00:00Z");
    snprintf(a.owner, sizeof a.owner, "ezk");
    snprintf(a.classification, sizeof a.classification, "public");
    assert_int_equal(store_begin(s, &e), 0);
    assert_int_equal(store_attachment_add(s, &a, content, &id, &e), 0);
    assert_int_equal(store_commit(s, &e), 0);
    assert_true(id > 0);
    assert_int_equal(store_attachment_get(s, id, 1, &back, &e), 0);
    assert_int_equal(back->size, (int64_t)sizeof content);
    assert_memory_equal(back->content, content, sizeof content);
    store_attachment_free(back);
    store_close(s);
}

static void test_snapshot_of_pg(void **state)
{
    struct store *s = NULL, *snap = NULL;
    struct error e = {0};
    json_t *org = NULL;
    const struct kind *orgs = model_kind_find("organisations");
    struct store_change later = testutil_change;
    (void)state;
    if (!cluster())
        skip();
    s = testutil_store_from_fixture("full.json");
    later.at = "2099-01-01T00:00:00Z";
    assert_int_equal(store_record_get(s, orgs, "ezk", &org, &e), 0);
    json_object_set_new(org, "name", json_string("Later"));
    assert_int_equal(store_begin(s, &e), 0);
    assert_int_equal(store_record_put(s, orgs, org, &later, NULL, &e), 0);
    assert_int_equal(store_commit(s, &e), 0);
    json_decref(org);
    assert_int_equal(store_snapshot(s, "2098-12-31T00:00:00Z", &snap, &e), 0);
    assert_int_equal(store_record_get(snap, orgs, "ezk", &org, &e), 0);
    assert_string_not_equal(json_string_value(json_object_get(org, "name")), "Later");
    json_decref(org);
    store_close(snap);
    store_close(s);
}

static int compare_with_get(void *ctx, json_t *record)
{
    struct store *s = ctx;
    struct error e = {0};
    json_t *one = NULL;
    const char *id = json_string_value(json_object_get(record, "id"));
    assert_int_equal(store_record_get(s, model_kind_find("events"), id, &one, &e), 0);
    assert_true(
        json_equal(json_object_get(record, "processes"), json_object_get(one, "processes")));
    assert_int_equal(json_array_size(json_object_get(record, "processes")),
                     strcmp(id, "e-1") == 0 ? 2 : 1);
    json_decref(one);
    return 0;
}

/* A cluster whose databases sort text by a language's rules ('_' before
 * '-', where bytes have '-' first): the store reads a kind's lists beside
 * its records by strcmp, which must agree with ORDER BY: text is "C". */
static void test_collation_of_a_language(void **state)
{
    struct store *s = NULL;
    struct error e = {0};
    char url[600], admin[600], sql[200], db[64];
    PGconn *conn;
    PGresult *res;
    int ok;
    (void)state;
    if (!cluster())
        skip();
    snprintf(db, sizeof db, "pgticu%ld", (long)getpid());
    snprintf(admin, sizeof admin, "postgresql:///postgres?host=%s&user=vitaal", cluster());
    snprintf(sql, sizeof sql,
             "CREATE DATABASE %s LOCALE_PROVIDER icu ICU_LOCALE 'nl-NL' TEMPLATE template0", db);
    conn = PQconnectdb(admin);
    res = PQexec(conn, sql);
    ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    PQclear(res);
    PQfinish(conn);
    if (!ok)
        skip(); /* a PostgreSQL without ICU */
    snprintf(url, sizeof url, "postgresql:///%s?host=%s&user=vitaal", db, cluster());
    assert_int_equal(store_open(url, STORE_CREATE, &s, &e), 0);
    {
        const char *docs[] = {
            "organisations",
            "{\"id\":\"o\",\"name\":\"O\",\"kind\":\"ministry\","
            "\"classification\":\"public\",\"owner\":\"o\"}",
            "sectors",
            "{\"id\":\"s\",\"name\":\"S\",\"classification\":\"public\","
            "\"owner\":\"o\"}",
            "processes",
            "{\"id\":\"p-a\",\"name\":\"A\",\"sector\":\"s\",\"ministry\":\"o\","
            "\"category\":\"A\",\"classification\":\"public\",\"owner\":\"o\"}",
            "processes",
            "{\"id\":\"p_a\",\"name\":\"B\",\"sector\":\"s\",\"ministry\":\"o\","
            "\"category\":\"A\",\"classification\":\"public\",\"owner\":\"o\"}",
            "events",
            "{\"id\":\"e-1\",\"name\":\"E\",\"occurred\":\"2025-01-01\","
            "\"processes\":[\"p-a\",\"p_a\"],\"classification\":\"public\","
            "\"owner\":\"o\"}",
            "events",
            "{\"id\":\"e_1\",\"name\":\"F\",\"occurred\":\"2025-01-01\","
            "\"processes\":[\"p_a\"],\"classification\":\"public\",\"owner\":\"o\"}",
        };
        assert_int_equal(store_begin(s, &e), 0);
        for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i += 2) {
            json_t *r = json_loads(docs[i + 1], 0, NULL);
            assert_non_null(r);
            assert_int_equal(
                store_record_put(s, model_kind_find(docs[i]), r, &testutil_change, NULL, &e), 0);
            json_decref(r);
        }
        assert_int_equal(store_commit(s, &e), 0);
    }
    /* the whole kind at once (the merge) equals each record read alone */
    assert_int_equal(
        store_record_each(s, model_kind_find("events"), NULL, 0, 0, 0, compare_with_get, s, &e), 0);
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_open_checks),        cmocka_unit_test(test_errors_map),
        cmocka_unit_test(test_second_writer_busy), cmocka_unit_test(test_bytes_round_trip),
        cmocka_unit_test(test_snapshot_of_pg),     cmocka_unit_test(test_collation_of_a_language),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
