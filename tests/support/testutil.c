/*
 * testutil.c — shared test helpers (see testutil.h).
 */
#include "support/testutil.h"

#include "domain/import.h"
#include "store/store.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const struct store_change testutil_change = {"test", "cli", NULL, NULL, 0};

static char temp_dir[256];
static char paths[10][512];
static int next_path;

static void remove_temp_dir(void)
{
    char cmd[300];
    if (temp_dir[0]) {
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", temp_dir);
        if (system(cmd) != 0)
            fprintf(stderr, "could not remove %s\n", temp_dir);
    }
}

const char *testutil_temp_path(const char *name)
{
    char *p;
    if (!temp_dir[0]) {
        snprintf(temp_dir, sizeof temp_dir, "/tmp/vitaal-test-XXXXXX");
        if (mkdtemp(temp_dir) == NULL) {
            perror("mkdtemp");
            abort();
        }
        atexit(remove_temp_dir);
    }
    p = paths[next_path++ % 10];
    snprintf(p, 512, "%s/%s", temp_dir, name);
    return p;
}

int testutil_on_pg(void)
{
    const char *dir = getenv("VITAAL_TEST_PG");
    return dir && *dir;
}

/* Runs sql on the cluster's postgres database; 0 or the error's SQLSTATE
 * class as a number (42: the database exists). */
static int pg_admin(const char *dir, const char *sql, int quiet)
{
    char url[600];
    PGconn *conn;
    PGresult *res;
    int rc = 0;
    snprintf(url, sizeof url, "postgresql:///postgres?host=%s&user=vitaal", dir);
    conn = PQconnectdb(url);
    res = PQexec(conn, sql);
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
        rc = state ? atoi(state) : -1;
        if (!quiet || rc == -1)
            fprintf(stderr, "%s in %s: %s", sql, dir, PQerrorMessage(conn));
    }
    PQclear(res);
    PQfinish(conn);
    return rc;
}

static int made_dbs;

/* The databases this program made are dropped when it exits (hundreds of
 * copies of the schema would fill the cluster's folder). */
static void drop_made_dbs(void)
{
    char sql[96];
    for (int i = 0; i < made_dbs; i++) {
        snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS u%ld_%d WITH (FORCE)", (long)getpid(),
                 i);
        pg_admin(getenv("VITAAL_TEST_PG"), sql, 1);
    }
}

const char *testutil_db_path(const char *name)
{
    static int template_ready;
    const char *dir = getenv("VITAAL_TEST_PG");
    char sql[160], db[64];
    char *p;
    if (!testutil_on_pg())
        return testutil_temp_path(name);
    /* every database a copy of one holding the newest schema (running the
     * migrations for each of hundreds of test databases would take minutes);
     * made by the first test program that needs it */
    if (!template_ready) {
        struct store *s = NULL;
        struct error e = {0};
        char url[600];
        if (pg_admin(dir, "CREATE DATABASE vitaal_template", 1) == 0) {
            snprintf(url, sizeof url, "postgresql:///vitaal_template?host=%s&user=vitaal", dir);
            if (store_open(url, STORE_CREATE, &s, &e) != 0) {
                fprintf(stderr, "the template database: %s\n", e.message);
                abort();
            }
            store_close(s);
        }
        template_ready = 1;
        atexit(drop_made_dbs);
    }
    snprintf(db, sizeof db, "u%ld_%d", (long)getpid(), made_dbs++);
    snprintf(sql, sizeof sql, "CREATE DATABASE %s TEMPLATE vitaal_template", db);
    if (pg_admin(dir, sql, 0) != 0)
        abort();
    p = paths[next_path++ % 10];
    snprintf(p, 512, "postgresql:///%s?host=%s&user=vitaal", db, dir);
    return p;
}

const char *testutil_fixture(const char *name)
{
    const char *root = getenv("VITAAL_ROOT");
    char *p = paths[next_path++ % 10];
    snprintf(p, 512, "%s/tests/data/%s", root && *root ? root : ".", name);
    return p;
}

char *testutil_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *data;
    long n;
    if (f == NULL)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    data = malloc((size_t)n + 1);
    if (data && fread(data, 1, (size_t)n, f) != (size_t)n) {
        free(data);
        data = NULL;
    }
    fclose(f);
    if (data) {
        data[n] = '\0';
        if (len)
            *len = (size_t)n;
    }
    return data;
}

int testutil_write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL)
        return -1;
    fputs(text, f);
    return fclose(f);
}

struct store *testutil_store_from_fixture(const char *fixture)
{
    static int n;
    char name[64];
    struct store *s = NULL;
    struct error e = {0};
    struct import_batch b = IMPORT_BATCH_INIT;
    struct import_stats stats;
    snprintf(name, sizeof name, "fixture%d.db", n++);
    if (store_open(testutil_db_path(name), STORE_CREATE, &s, &e) != 0 ||
        import_batch_add_json_file(&b, testutil_fixture(fixture), &e) != 0 ||
        import_batch_apply(&b, s, 0, &testutil_change, NULL, &stats, &e) != 0) {
        fprintf(stderr, "fixture %s: %s: %s\n", fixture, e.where, e.message);
        abort();
    }
    import_batch_release(&b);
    return s;
}
