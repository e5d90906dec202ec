/*
 * copy_test.c — tests src/store/copy.c: the copy covers every table the
 * migrations make (read here from SQLite's own catalogue, not from the
 * copy) in foreign-key order; a database with records, history, audit
 * entries and attachments (bytes with NULs) is copied row for row, every
 * value of every table equal; a target with a row in any table is refused
 * with the table named and left as it was; ids are never given twice (a
 * deleted attachment's id stays used, history goes on after the copy).
 * With $VITAAL_TEST_PG the source is PostgreSQL, and the copies go to
 * SQLite, to PostgreSQL and from SQLite back to PostgreSQL.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/strbuf.h"
#include "store/attachments.h"
#include "store/audit.h"
#include "store/copy.h"
#include "store/model.h"
#include "store/store.h"
#include "store/store_internal.h"
#include "support/testutil.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The tables of a database the migrations made, by SQLite's catalogue, in
 * name order, one a line. */
static char *tables_of(sqlite3 *db)
{
    sqlite3_stmt *stmt = NULL;
    struct strbuf b = STRBUF_INIT;
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT name FROM sqlite_schema WHERE type = 'table' AND "
                                        "name NOT LIKE 'sqlite_%' ORDER BY name",
                                        -1, &stmt, NULL),
                     SQLITE_OK);
    while (sqlite3_step(stmt) == SQLITE_ROW)
        strbuf_printf(&b, "%s\n", (const char *)sqlite3_column_text(stmt, 0));
    sqlite3_finalize(stmt);
    return strbuf_detach(&b);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static size_t position(char **tables, const char *name)
{
    size_t i;
    for (i = 0; tables[i]; i++)
        if (strcmp(tables[i], name) == 0)
            return i;
    fail_msg("table %s is not in the copy", name);
    return 0;
}

/* The foreign keys between tables (from -> to). */
#define MAX_EDGES 1024
static struct edge {
    char from[64], to[64];
} edges[MAX_EDGES];
static size_t n_edges;

/* Whether table from refers to table to through foreign keys. */
static int reaches(const char *from, const char *to, char *seen)
{
    size_t i;
    if (strcmp(from, to) == 0)
        return 1;
    for (i = 0; i < n_edges; i++) {
        if (seen[i] || strcmp(edges[i].from, from) != 0)
            continue;
        seen[i] = 1;
        if (reaches(edges[i].to, to, seen))
            return 1;
    }
    return 0;
}

/* Every table of the schema is copied, and after the tables it refers
 * to: a new migration's table is covered without a change to copy.c. */
static void test_tables_cover_the_schema(void **state)
{
    struct store *s = NULL;
    struct error e = {0};
    struct strbuf listed = STRBUF_INIT;
    char **tables = NULL, **sorted;
    char *catalogue;
    size_t n = 0, i, cycles = 0;
    sqlite3_stmt *fk = NULL;
    (void)state;

    assert_int_equal(store_open(testutil_temp_path("schema.db"), STORE_CREATE, &s, &e), 0);
    catalogue = tables_of(s->db);
    assert_int_equal(store_copy_tables(&tables, &e), 0);
    while (tables[n])
        n++;
    sorted = calloc(n, sizeof *sorted);
    memcpy(sorted, tables, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, by_name);
    for (i = 0; i < n; i++)
        strbuf_printf(&listed, "%s\n", sorted[i]);
    assert_true(n > 100);
    assert_string_equal(strbuf_str(&listed), catalogue);
    /* each table after those its foreign keys name, but where the
     * references go round in a cycle (risks -> fallback_options ->
     * measures -> risks): the commit checks them there */
    assert_int_equal(sqlite3_prepare_v2(s->db,
                                        "SELECT m.name, f.\"table\" FROM sqlite_schema m, "
                                        "pragma_foreign_key_list(m.name) f WHERE m.type = 'table' "
                                        "AND f.\"table\" <> m.name",
                                        -1, &fk, NULL),
                     SQLITE_OK);
    while (sqlite3_step(fk) == SQLITE_ROW && n_edges < MAX_EDGES) {
        snprintf(edges[n_edges].from, sizeof edges[0].from, "%s", sqlite3_column_text(fk, 0));
        snprintf(edges[n_edges].to, sizeof edges[0].to, "%s", sqlite3_column_text(fk, 1));
        n_edges++;
    }
    sqlite3_finalize(fk);
    assert_true(n_edges > 50 && n_edges < MAX_EDGES);
    for (i = 0; i < n_edges; i++) {
        const char *table = edges[i].from, *refers = edges[i].to;
        char seen[MAX_EDGES] = {0};
        if (position(tables, refers) > position(tables, table) && !reaches(refers, table, seen))
            fail_msg("%s is copied before %s, which it refers to", table, refers);
        cycles += position(tables, refers) > position(tables, table);
    }
    assert_true(cycles < 5);
    free(sorted);
    free(catalogue);
    strbuf_release(&listed);
    store_copy_tables_free(tables);
    store_close(s);
}

/* The declared type of each column of table, from a SQLite database the
 * migrations made ("INTEGER", "REAL", "TEXT", "BLOB"), in ordinal order. */
static size_t column_types(sqlite3 *db, const char *table, char types[][16], size_t max)
{
    sqlite3_stmt *stmt = NULL;
    size_t n = 0;
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT upper(type) FROM pragma_table_info(?) ORDER BY cid",
                                        -1, &stmt, NULL),
                     SQLITE_OK);
    sqlite3_bind_text(stmt, 1, table, -1, SQLITE_STATIC);
    while (sqlite3_step(stmt) == SQLITE_ROW && n < max)
        snprintf(types[n++], 16, "%s", (const char *)sqlite3_column_text(stmt, 0));
    sqlite3_finalize(stmt);
    return n;
}

static int by_line(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every row of every table of s, each value written out by its declared
 * type the same way whichever backend holds it, rows sorted: two
 * databases with the same content give the same text. *non_empty: the
 * tables that hold a row. */
static char *dump(struct store *s, sqlite3 *schema, char **tables, size_t *non_empty)
{
    struct strbuf out = STRBUF_INIT;
    struct error e = {0};
    size_t t;
    *non_empty = 0;
    for (t = 0; tables[t]; t++) {
        char types[64][16], sql[256];
        size_t n = column_types(schema, tables[t], types, 64), rows = 0, cap = 0, r, c;
        char **lines = NULL;
        struct db_stmt *st = NULL;
        snprintf(sql, sizeof sql, "SELECT * FROM %s", tables[t]);
        assert_int_equal(db_prepare(s, sql, &st, &e), 0);
        while (db_step(st) == DB_ROW) {
            struct strbuf line = STRBUF_INIT;
            for (c = 0; c < n; c++) {
                if (db_column_is_null(st, (int)c)) {
                    strbuf_puts(&line, "NULL|");
                } else if (strcmp(types[c], "INTEGER") == 0) {
                    strbuf_printf(&line, "%lld|", (long long)db_column_int64(st, (int)c));
                } else if (strcmp(types[c], "REAL") == 0) {
                    strbuf_printf(&line, "%.17g|", db_column_double(st, (int)c));
                } else if (strcmp(types[c], "BLOB") == 0) {
                    const unsigned char *b = db_column_blob(st, (int)c);
                    size_t len = db_column_bytes(st, (int)c), i;
                    strbuf_puts(&line, "x'");
                    for (i = 0; i < len; i++)
                        strbuf_printf(&line, "%02x", b[i]);
                    strbuf_puts(&line, "'|");
                } else {
                    strbuf_printf(&line, "'%s'|", db_column_text(st, (int)c));
                }
            }
            if (rows == cap)
                lines = realloc(lines, (cap = cap ? cap * 2 : 64) * sizeof *lines);
            lines[rows++] = strbuf_detach(&line);
        }
        db_done(st);
        if (rows > 0) /* an empty table: lines is NULL, which qsort may not get */
            qsort(lines, rows, sizeof *lines, by_line);
        strbuf_printf(&out, "%s: %zu\n", tables[t], rows);
        for (r = 0; r < rows; r++) {
            strbuf_printf(&out, "  %s\n", lines[r]);
            free(lines[r]);
        }
        free(lines);
        *non_empty += rows > 0;
    }
    return strbuf_detach(&out);
}

static const unsigned char evidence[] = {'%', 'P', 'D', 'F', 0, 1, 2, 0xff, 0xfe, 0, '\n', 'x'};

static int64_t attach(struct store *s, const char *name)
{
    struct store_attachment a = {0};
    struct error e = {0};
    int64_t id = 0;
    snprintf(a.kind, sizeof a.kind, "organisations");
    snprintf(a.record, sizeof a.record, "nctv");
    snprintf(a.name, sizeof a.name, "%s", name);
    snprintf(a.media_type, sizeof a.media_type, "application/pdf");
    a.size = sizeof evidence;
    snprintf(a.sha256, sizeof a.sha256, "%064d", 0);
    snprintf(a.uploaded_by, sizeof a.uploaded_by, "test");
    snprintf(a.uploaded_at, sizeof a.uploaded_at, "2026-11-01T10:00:00Z");
    snprintf(a.owner, sizeof a.owner, "nctv");
    snprintf(a.classification, sizeof a.classification, "internal");
    assert_int_equal(store_attachment_add(s, &a, evidence, &id, &e), 0);
    return id;
}

/* The source: the full fixture, an updated record (a second version),
 * three audit entries, and three attachments of which the newest is
 * deleted again (its id must not be given out twice). */
static struct store *source(void)
{
    struct store *s = testutil_store_from_fixture("full.json");
    struct error e = {0};
    const struct kind *k = model_kind_find("organisations");
    json_t *org = NULL;
    int64_t i, third;
    assert_int_equal(store_begin(s, &e), 0);
    assert_int_equal(store_record_get(s, k, "ezk", &org, &e), 0);
    json_object_set_new(org, "description", json_string("Renamed in a test, \"quoted\" and ü"));
    assert_int_equal(store_record_put(s, k, org, &testutil_change, NULL, &e), 0);
    json_decref(org);
    for (i = 1; i <= 3; i++) {
        struct store_audit_entry a = {0};
        char mac[8];
        snprintf(mac, sizeof mac, "%02lld", (long long)i);
        a.seq = i;
        a.at = "2026-11-01T10:00:00Z";
        a.actor = "test";
        a.action = i == 2 ? "read" : "update";
        a.kind = "organisations";
        a.record = "ezk";
        a.detail = i == 3 ? NULL : "version 2";
        a.prev = i == 1 ? "" : "aa";
        a.mac = mac;
        assert_int_equal(store_audit_append(s, &a, &e), 0);
    }
    attach(s, "one.pdf");
    attach(s, "two.pdf");
    third = attach(s, "three.pdf");
    assert_int_equal(store_attachment_delete(s, third, &e), 0);
    assert_int_equal(store_commit(s, &e), 0);
    return s;
}

/* After a copy the target writes on: a new version of a record (history
 * ids go on) and a new attachment, whose id is past every id the source
 * ever gave (4: the third was deleted there). */
static void writes_on(struct store *s)
{
    struct error e = {0};
    const struct kind *k = model_kind_find("organisations");
    json_t *org = NULL;
    assert_int_equal(store_begin(s, &e), 0);
    assert_int_equal(store_record_get(s, k, "jenv", &org, &e), 0);
    json_object_set_new(org, "description", json_string("after the copy"));
    assert_int_equal(store_record_put(s, k, org, &testutil_change, NULL, &e), 0);
    json_decref(org);
    assert_int_equal(attach(s, "four.pdf"), 4);
    store_rollback(s);
}

static void copy_and_compare(struct store *src, const char *to, sqlite3 *schema, char **tables,
                             const char *want)
{
    struct store *dst = NULL;
    struct store_copy_result result;
    struct error e = {0};
    size_t non_empty;
    char *got;
    assert_int_equal(store_open(to, STORE_CREATE, &dst, &e), 0);
    if (store_copy(src, dst, NULL, &result, &e) != 0)
        fail_msg("copy to %s: %s: %s", to, e.where, e.message);
    got = dump(dst, schema, tables, &non_empty);
    assert_string_equal(got, want);
    assert_true(result.rows > 100);
    writes_on(dst);
    free(got);
    store_close(dst);
}

static void test_copy_is_exact(void **state)
{
    struct store *src = source(), *ref = NULL, *lite = NULL;
    struct error e = {0};
    char **tables = NULL;
    char *want;
    size_t non_empty;
    const char *lite_path = testutil_temp_path("copy-lite.db");
    (void)state;

    assert_int_equal(store_open(testutil_temp_path("copy-ref.db"), STORE_CREATE, &ref, &e), 0);
    assert_int_equal(store_copy_tables(&tables, &e), 0);
    want = dump(src, ref->db, tables, &non_empty);
    assert_true(non_empty >= 20);
    assert_non_null(strstr(want, "\naudit: 3\n"));
    assert_non_null(strstr(want, "\nattachments: 2\n"));
    assert_non_null(strstr(want, "x'25504446000102fffe000a78'")); /* NULs and all */
    /* to SQLite (whatever the source), and to the run's backend */
    copy_and_compare(src, lite_path, ref->db, tables, want);
    if (testutil_on_pg()) {
        copy_and_compare(src, testutil_db_path("copy-pg"), ref->db, tables, want);
        /* and from SQLite to PostgreSQL */
        assert_int_equal(store_open(lite_path, 0, &lite, &e), 0);
        copy_and_compare(lite, testutil_db_path("copy-lite-pg"), ref->db, tables, want);
        store_close(lite);
    }
    free(want);
    store_copy_tables_free(tables);
    store_close(ref);
    store_close(src);
}

/* One row in one table is enough to refuse; the message names the table,
 * and nothing is written. */
static void test_refuses_a_target_with_a_row(void **state)
{
    struct store *src = source(), *dst = NULL;
    struct error e = {0};
    struct store_audit_entry a = {0};
    int64_t seq = 0;
    size_t orgs = 1;
    char mac[129];
    (void)state;

    assert_int_equal(store_open(testutil_db_path("copy-full"), STORE_CREATE, &dst, &e), 0);
    assert_int_equal(store_copy_check_empty(dst, &e), 0);
    assert_int_equal(store_begin(dst, &e), 0);
    a.seq = 1;
    a.at = "2026-11-01T10:00:00Z";
    a.actor = "someone";
    a.action = "login";
    a.prev = "";
    a.mac = "ff";
    assert_int_equal(store_audit_append(dst, &a, &e), 0);
    assert_int_equal(store_commit(dst, &e), 0);

    assert_int_equal(store_copy_check_empty(dst, &e), ERR_CONFLICT);
    assert_non_null(strstr(e.message, "table audit holds rows"));
    error_clear(&e);
    assert_int_equal(store_copy(src, dst, NULL, NULL, &e), ERR_CONFLICT);
    assert_non_null(strstr(e.message, "table audit holds rows"));
    assert_int_equal(store_audit_last(dst, &seq, mac, &e), 0);
    assert_int_equal(seq, 1);
    assert_string_equal(mac, "ff");
    assert_int_equal(store_record_count(dst, model_kind_find("organisations"), NULL, 0, &orgs, &e),
                     0);
    assert_int_equal(orgs, 0);
    store_close(dst);
    store_close(src);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tables_cover_the_schema),
        cmocka_unit_test(test_copy_is_exact),
        cmocka_unit_test(test_refuses_a_target_with_a_row),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
