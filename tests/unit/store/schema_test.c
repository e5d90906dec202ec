/*
 * schema_test.c — tests src/store/sqlite.c opening and migrating databases,
 * and that the hand-written migrations (migrations.c) match the data model
 * (model.c) column for column.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "store/migrations.h"
#include "store/model.h"
#include "store/store.h"
#include "support/testutil.h"

#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

static void test_migrates_a_new_file(void **state)
{
    const char *path = testutil_temp_path("new.db");
    struct store *s = NULL;
    struct error e = {0};
    sqlite3 *db;
    sqlite3_stmt *stmt;
    (void)state;

    assert_int_equal(store_open(path, STORE_CREATE, &s, &e), 0);
    assert_int_equal(store_schema_version(s), (int)store_migration_count);
    store_close(s);

    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA application_id", -1, &stmt, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(stmt, 0), STORE_APPLICATION_ID);
    sqlite3_finalize(stmt);
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(stmt, 0), "wal");
    sqlite3_finalize(stmt);
    sqlite3_close(db);

    /* opening again is fine and migrates nothing */
    assert_int_equal(store_open(path, 0, &s, &e), 0);
    assert_int_equal(store_schema_version(s), (int)store_migration_count);
    store_close(s);
}

static void test_missing_file_needs_create(void **state)
{
    struct store *s = NULL;
    struct error e = {0};
    const char *path = testutil_temp_path("missing.db");
    (void)state;
    assert_int_equal(store_open(path, 0, &s, &e), ERR_NOTFOUND);
    assert_null(s);
    assert_non_null(strstr(e.message, "vitaal init"));
    assert_int_equal(access(path, F_OK), -1);
}

static char *file_bytes(const char *path, size_t *len)
{
    return testutil_read_file(path, len);
}

static void expect_refused(const char *path, int code, const char *message_part)
{
    struct store *s = NULL;
    struct error e = {0};
    size_t before_len = 0, after_len = 0;
    char *before = file_bytes(path, &before_len), *after;
    assert_int_equal(store_open(path, STORE_CREATE, &s, &e), code);
    assert_null(s);
    assert_non_null(strstr(e.message, message_part));
    after = file_bytes(path, &after_len);
    assert_int_equal(before_len, after_len);
    assert_memory_equal(before, after, before_len);
    free(before);
    free(after);
}

static void test_refuses_a_foreign_database(void **state)
{
    const char *path = testutil_temp_path("foreign.db");
    sqlite3 *db;
    (void)state;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(
        sqlite3_exec(db, "CREATE TABLE t(x); INSERT INTO t VALUES (1);", NULL, NULL, NULL),
        SQLITE_OK);
    sqlite3_close(db);
    expect_refused(path, ERR_INVALID, "not a vitaal database");
}

static void test_refuses_a_text_file(void **state)
{
    const char *path = testutil_temp_path("notes.txt");
    (void)state;
    assert_int_equal(testutil_write_file(path, "these are not the pages you are looking for\n"
                                               "...............................................\n"),
                     0);
    expect_refused(path, ERR_INVALID, "not a database");
}

static void test_refuses_a_newer_schema(void **state)
{
    const char *path = testutil_temp_path("newer.db");
    struct store *s = NULL;
    struct error e = {0};
    sqlite3 *db;
    char sql[128];
    (void)state;
    assert_int_equal(store_open(path, STORE_CREATE, &s, &e), 0);
    store_close(s);
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    snprintf(sql, sizeof sql, "PRAGMA user_version = %zu", store_migration_count + 1);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    expect_refused(path, ERR_VERSION, "newer than this vitaal knows");
}

/* A database left at schema 1 by an older vitaal is brought up to date even
 * by a command that only reads. */
static void test_reader_migrates_an_older_schema(void **state)
{
    const char *path = testutil_temp_path("older.db");
    struct store *s = NULL;
    struct error e = {0};
    sqlite3 *db;
    char sql[96];
    (void)state;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, store_migrations[0], NULL, NULL, NULL), SQLITE_OK);
    snprintf(sql, sizeof sql, "PRAGMA user_version = 1; PRAGMA application_id = %d;",
             STORE_APPLICATION_ID);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(store_open(path, STORE_READONLY, &s, &e), 0);
    assert_int_equal(store_schema_version(s), (int)store_migration_count);
    store_close(s);
}

static const char *column_type(enum field_type t)
{
    switch (t) {
    case FIELD_INT:
    case FIELD_BOOL:
        return "INTEGER";
    case FIELD_REAL:
        return "REAL";
    default:
        return "TEXT";
    }
}

/* Every scalar field is a column of the right type and nullability, every
 * list or map a child table, and there is no column or table the model does
 * not know. */
static void test_schema_matches_model(void **state)
{
    const char *path = testutil_temp_path("schema.db");
    struct store *s = NULL;
    struct error e = {0};
    sqlite3 *db;
    sqlite3_stmt *stmt;
    size_t i, j, tables = 0, expected_tables = 0;
    char sql[256], child[128];
    (void)state;

    assert_int_equal(store_open(path, STORE_CREATE, &s, &e), 0);
    store_close(s);
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    for (i = 0; i < model_kind_count; i++) {
        const struct kind *k = model_kinds[i];
        size_t columns = 0, scalar = 0;
        expected_tables++;
        snprintf(sql, sizeof sql, "SELECT name, type, \"notnull\" FROM pragma_table_info('%s')",
                 k->name);
        assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK);
        while (sqlite3_step(stmt) == SQLITE_ROW) {
            const char *name = (const char *)sqlite3_column_text(stmt, 0);
            const char *type = (const char *)sqlite3_column_text(stmt, 1);
            int notnull = sqlite3_column_int(stmt, 2);
            const struct field *f = model_field_find(k, name);
            columns++;
            if (strcmp(name, "version") == 0) {
                assert_string_equal(type, "INTEGER");
                continue;
            }
            if (f == NULL)
                fail_msg("%s.%s is not in the model", k->name, name);
            assert_string_equal(type, column_type(f->type));
            if (f->type != FIELD_ID) {
                int want_notnull = (f->flags & FIELD_REQUIRED) || f->default_value != NULL;
                if (notnull != want_notnull)
                    fail_msg("%s.%s: NOT NULL is %d, the model says %d", k->name, name, notnull,
                             want_notnull);
            }
        }
        sqlite3_finalize(stmt);
        for (j = 0; j < k->n_fields; j++) {
            const struct field *f = &k->fields[j];
            if (f->type != FIELD_REF_LIST && f->type != FIELD_MAP) {
                scalar++;
                continue;
            }
            expected_tables++;
            model_child_table(k, f, child, sizeof child);
            snprintf(sql, sizeof sql, "SELECT group_concat(name) FROM pragma_table_info('%s')",
                     child);
            assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK);
            assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
            assert_string_equal((const char *)sqlite3_column_text(stmt, 0),
                                f->type == FIELD_REF_LIST ? "record_id,position,ref"
                                                          : "record_id,key,value");
            sqlite3_finalize(stmt);
        }
        if (columns != scalar + 1)
            fail_msg("%s has %zu columns, the model %zu (+ version)", k->name, columns, scalar);
    }
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT count(*) FROM sqlite_schema WHERE type = 'table' "
                                        "AND name NOT LIKE 'sqlite_%'",
                                        -1, &stmt, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
    tables = (size_t)sqlite3_column_int(stmt, 0);
    sqlite3_finalize(stmt);
    for (i = 0; store_private_tables[i]; i++)
        expected_tables++;
    assert_int_equal(tables, expected_tables);
    sqlite3_close(db);
}

static int count_versions(void *ctx, const struct store_version *v)
{
    int *n = ctx;
    /* the record's own version number and state, made by the migration */
    assert_int_equal(v->version, 4);
    assert_string_equal(v->via, "migration");
    assert_string_equal(json_string_value(json_object_get(v->data, "name")), "Old");
    (*n)++;
    return 0;
}

/* A database of schema 3 (before the history) gets, on migration, one
 * version per record holding its state then. */
/* Every kind sits in model_kinds[] at its own id, and the names users type
 * lead to the same descriptors as the ids code uses. */
static void test_kind_ids_index_the_table(void **state)
{
    size_t i;
    (void)state;
    assert_int_equal(model_kind_count, KIND__COUNT);
    for (i = 0; i < model_kind_count; i++) {
        assert_int_equal(model_kinds[i]->id, i);
        assert_ptr_equal(model_kind((enum kind_id)i), model_kinds[i]);
        assert_ptr_equal(model_kind_find(model_kinds[i]->name), model_kinds[i]);
        assert_ptr_equal(model_kind_find(model_kinds[i]->singular), model_kinds[i]);
    }
    assert_string_equal(model_kind(KIND_PROCESS)->name, "processes");
    assert_string_equal(model_kind(KIND_IIM_TABLE)->singular, "iim_table");
    assert_null(model_kind_find("process_"));
}

static void test_migration_seeds_history(void **state)
{
    const char *path = testutil_temp_path("v3.db");
    const struct kind *orgs = model_kind_find("organisations");
    struct store *s = NULL;
    struct error e = {0};
    sqlite3 *db;
    size_t i;
    int n = 0;
    (void)state;

    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    for (i = 0; i < 3; i++)
        assert_int_equal(sqlite3_exec(db, store_migrations[i], NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(
        sqlite3_exec(db,
                     "PRAGMA user_version = 3; PRAGMA application_id = 1986622561;"
                     "INSERT INTO organisations (id, name, kind, classification, "
                     "owner, version) VALUES ('o', 'Old', 'ministry', 'public', 'o', 4);",
                     NULL, NULL, NULL),
        SQLITE_OK);
    sqlite3_close(db);

    assert_int_equal(store_open(path, 0, &s, &e), 0);
    assert_int_equal(store_schema_version(s), (int)store_migration_count);
    assert_int_equal(store_history_each(s, orgs, "o", count_versions, &n, &e), 0);
    assert_int_equal(n, 1);
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kind_ids_index_the_table),
        cmocka_unit_test(test_migration_seeds_history),
        cmocka_unit_test(test_migrates_a_new_file),
        cmocka_unit_test(test_missing_file_needs_create),
        cmocka_unit_test(test_refuses_a_foreign_database),
        cmocka_unit_test(test_refuses_a_text_file),
        cmocka_unit_test(test_refuses_a_newer_schema),
        cmocka_unit_test(test_reader_migrates_an_older_schema),
        cmocka_unit_test(test_schema_matches_model),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
