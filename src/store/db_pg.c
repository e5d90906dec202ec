/*
 * db_pg.c — the PostgreSQL backend of the store, through libpq.
 *
 * The statement layer's PostgreSQL side (db.h: `?` placeholders become $n
 * once per statement; values go as text, blobs as binary bytea, each with
 * its type; rows are read from the PGresult), opening a database named by a
 * postgresql:// URL (the checks that it is ours and not newer come before
 * any write), migration (the PostgreSQL text of each migration,
 * migrations_pg.c), and transactions: one writer at a time, as on SQLite,
 * through a transaction-scoped advisory lock; foreign keys are deferred to
 * the commit by the schema itself.
 */
#include "base/strbuf.h"
#include "base/xmalloc.h"
#include "store/migrations.h"
#include "store/store_internal.h"

#include <errno.h>
#include <libpq-fe.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Type oids of the parameters (pg_type.h is not in libpq-dev). */
#define OID_BYTEA  17
#define OID_INT8   20
#define OID_TEXT   25
#define OID_FLOAT8 701

struct pg_conn {
    PGconn *conn;
    unsigned long prepared; /* named statements made on this connection */
    char sqlstate[6];       /* of the last error, "" if none */
    char *message;          /* of the last error */
};

struct pg_stmt {
    char *sql; /* with $n */
    int n;     /* parameters */
    const char **values;
    int *lengths;
    int *formats;
    Oid *types;
    char **copies; /* texts of numbers bound, owned */
    PGresult *res;
    int stepped;
    int row, rows;
    int64_t changes;
    unsigned char *blob; /* the current row's decoded bytea */
    size_t blob_len;
    int blob_col, blob_row;
    /* kept in the cache: prepared once on the server under name, for the
     * parameter types of its first run (a run with other types is parsed
     * on its own) */
    int keep;
    PGconn *conn; /* where it is prepared */
    char name[24];
    Oid *prepared_types;
};

int store_is_pg_url(const char *path)
{
    return path &&
           (strncmp(path, "postgresql://", 13) == 0 || strncmp(path, "postgres://", 11) == 0);
}

void store_display_name(const char *path, char *out, size_t size)
{
    struct strbuf sb = STRBUF_INIT;
    const char *p = path, *host, *at, *colon, *pw;
    if (!store_is_pg_url(path)) {
        snprintf(out, size, "%s", path);
        return;
    }
    host = strstr(path, "://") + 3;
    at = strchr(host, '@');
    colon = strchr(host, ':');
    if (at && colon && colon < at && !memchr(host, '/', (size_t)(at - host))) {
        strbuf_append(&sb, p, (size_t)(colon + 1 - p));
        strbuf_puts(&sb, "***");
        p = at;
    }
    while ((pw = strstr(p, "password=")) != NULL) {
        strbuf_append(&sb, p, (size_t)(pw + 9 - p));
        strbuf_puts(&sb, "***");
        p = pw + 9;
        while (*p && *p != '&')
            p++;
    }
    strbuf_puts(&sb, p);
    snprintf(out, size, "%s", strbuf_str(&sb));
    strbuf_release(&sb);
}

void store_pg_dbname(const char *url, char *out, size_t size)
{
    PQconninfoOption *opts, *o;
    out[0] = '\0';
    if (!store_is_pg_url(url) || (opts = PQconninfoParse(url, NULL)) == NULL)
        return;
    for (o = opts; o->keyword; o++) {
        if (strcmp(o->keyword, "dbname") == 0 && o->val && *o->val)
            snprintf(out, size, "%s", o->val);
    }
    PQconninfoFree(opts);
    if (out[0] == '\0')
        snprintf(out, size, "vitaal");
}

static void pg_remember(struct store *s, const PGresult *res)
{
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *msg = res ? PQresultErrorMessage(res) : PQerrorMessage(s->pg->conn);
    size_t len;
    snprintf(s->pg->sqlstate, sizeof s->pg->sqlstate, "%s", state ? state : "");
    free(s->pg->message);
    s->pg->message = xstrdup(msg && *msg ? msg : PQerrorMessage(s->pg->conn));
    len = strlen(s->pg->message);
    while (len > 0 && (s->pg->message[len - 1] == '\n' || s->pg->message[len - 1] == ' '))
        s->pg->message[--len] = '\0';
}

int pg_fail(struct store *s, struct error *e, const char *what)
{
    const char *st = s->pg->sqlstate;
    const char *msg = s->pg->message ? s->pg->message : "unknown error";
    int code = ERR_STORE;
    if (strcmp(st, "23503") == 0)
        code = ERR_CONFLICT; /* foreign_key_violation */
    else if (strncmp(st, "23", 2) == 0 || strncmp(st, "22", 2) == 0)
        code = ERR_INVALID; /* integrity constraints, data exceptions */
    else if (strcmp(st, "40001") == 0 || strcmp(st, "40P01") == 0 || strcmp(st, "55P03") == 0 ||
             strcmp(st, "57014") == 0)
        return store_busy_error(e); /* serialization, deadlock, lock timeout, cancelled */
    return error_set(e, code, NULL, "%s: %s", what, msg);
}

/* `?` and `?N` outside quotes become `$n`; *n the highest number. */
static char *translate(const char *sql, int *n)
{
    size_t len = strlen(sql);
    char *out = xmalloc(len * 4 + 1), *o = out;
    int next = 0, quoted = 0;
    *n = 0;
    for (; *sql; sql++) {
        if (*sql == '\'')
            quoted = !quoted;
        if (*sql != '?' || quoted) {
            *o++ = *sql;
            continue;
        }
        if (sql[1] >= '0' && sql[1] <= '9') {
            int k = (int)strtol(sql + 1, (char **)&sql, 10);
            sql--;
            o += sprintf(o, "$%d", k);
            if (k > *n)
                *n = k;
        } else {
            o += sprintf(o, "$%d", ++next);
            if (next > *n)
                *n = next;
        }
    }
    *o = '\0';
    return out;
}

int pg_stmt_prepare(struct store *s, const char *sql, struct pg_stmt **out, struct error *e)
{
    struct pg_stmt *p = xcalloc(1, sizeof *p);
    (void)s;
    (void)e;
    *out = NULL;
    p->sql = translate(sql, &p->n);
    p->blob_col = -1;
    if (p->n > 0) {
        p->values = xcalloc((size_t)p->n, sizeof *p->values);
        p->lengths = xcalloc((size_t)p->n, sizeof *p->lengths);
        p->formats = xcalloc((size_t)p->n, sizeof *p->formats);
        p->types = xcalloc((size_t)p->n, sizeof *p->types);
        p->copies = xcalloc((size_t)p->n, sizeof *p->copies);
    }
    *out = p;
    return 0;
}

static void result_clear(struct pg_stmt *p)
{
    PQclear(p->res);
    p->res = NULL;
    PQfreemem(p->blob);
    p->blob = NULL;
    p->blob_col = -1;
    p->stepped = 0;
    p->row = p->rows = 0;
}

void pg_stmt_reset(struct pg_stmt *p)
{
    if (p)
        result_clear(p);
}

void pg_stmt_clear(struct pg_stmt *p)
{
    int i;
    if (p == NULL)
        return;
    result_clear(p);
    for (i = 0; i < p->n; i++) {
        free(p->copies[i]);
        p->copies[i] = NULL;
        p->values[i] = NULL;
        p->types[i] = 0;
        p->formats[i] = 0;
        p->lengths[i] = 0;
    }
}

void pg_stmt_keep(struct pg_stmt *p)
{
    p->keep = 1;
}

void pg_stmt_drop(struct pg_stmt *p)
{
    char sql[48];
    if (p == NULL || p->name[0] == '\0' || p->conn == NULL)
        return;
    snprintf(sql, sizeof sql, "DEALLOCATE %s", p->name);
    PQclear(PQexec(p->conn, sql));
    p->name[0] = '\0';
}

void pg_stmt_free(struct pg_stmt *p)
{
    if (p == NULL)
        return;
    free(p->prepared_types);
    if (p->copies)
        pg_stmt_clear(p);
    free(p->sql);
    free(p->values);
    free(p->lengths);
    free(p->formats);
    free(p->types);
    free(p->copies);
    free(p);
}

int pg_bind(struct pg_stmt *p, int i, const char *v, int len, int type)
{
    int k = i - 1;
    if (k < 0 || k >= p->n)
        return DB_ERROR;
    free(p->copies[k]);
    p->copies[k] = NULL;
    p->formats[k] = 0;
    switch (type) {
    case PG_BIND_INT:
    case PG_BIND_DOUBLE:
        v = p->copies[k] = xstrdup(v);
        p->types[k] = type == PG_BIND_INT ? OID_INT8 : OID_FLOAT8;
        break;
    case PG_BIND_BLOB:
        p->types[k] = OID_BYTEA;
        p->formats[k] = 1;
        break;
    case PG_BIND_NULL:
        p->types[k] = 0; /* unknown: the statement decides */
        v = NULL;
        break;
    default:
        p->types[k] = OID_TEXT;
        break;
    }
    p->values[k] = v;
    p->lengths[k] = len;
    return 0;
}

/* Whether this run's parameters have the types the statement was prepared
 * for (a NULL fits any). */
static int same_types(const struct pg_stmt *p)
{
    for (int i = 0; i < p->n; i++) {
        if (p->types[i] != 0 && p->types[i] != p->prepared_types[i])
            return 0;
    }
    return 1;
}

int pg_step(struct store *s, struct pg_stmt *p)
{
    if (!p->stepped) {
        ExecStatusType status;
        p->stepped = 1;
        if (p->keep && p->name[0] == '\0' &&
            (p->n == 0 || (p->prepared_types = xmalloc((size_t)p->n * sizeof(Oid))) != NULL)) {
            PGresult *made;
            snprintf(p->name, sizeof p->name, "v%lu", ++s->pg->prepared);
            made = PQprepare(s->pg->conn, p->name, p->sql, p->n, p->types);
            if (PQresultStatus(made) != PGRES_COMMAND_OK) {
                pg_remember(s, made);
                PQclear(made);
                p->name[0] = '\0';
                return DB_ERROR;
            }
            PQclear(made);
            p->conn = s->pg->conn;
            if (p->n > 0)
                memcpy(p->prepared_types, p->types, (size_t)p->n * sizeof(Oid));
        }
        if (p->name[0] && same_types(p))
            p->res =
                PQexecPrepared(s->pg->conn, p->name, p->n, p->values, p->lengths, p->formats, 0);
        else
            p->res = PQexecParams(s->pg->conn, p->sql, p->n, p->types, p->values, p->lengths,
                                  p->formats, 0);
        status = PQresultStatus(p->res);
        if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
            pg_remember(s, p->res);
            PQclear(p->res);
            p->res = NULL;
            return DB_ERROR;
        }
        p->rows = status == PGRES_TUPLES_OK ? PQntuples(p->res) : 0;
        p->changes = strtoll(PQcmdTuples(p->res), NULL, 10);
        p->row = -1;
    }
    if (p->res == NULL)
        return DB_ERROR;
    if (p->row + 1 < p->rows) {
        p->row++;
        return DB_ROW;
    }
    p->row = p->rows;
    return DB_DONE;
}

const char *pg_column(struct pg_stmt *p, int col, int blob, size_t *len)
{
    *len = 0;
    if (p->res == NULL || p->row < 0 || p->row >= p->rows || col >= PQnfields(p->res) ||
        PQgetisnull(p->res, p->row, col))
        return NULL;
    if (col == p->blob_col && p->row == p->blob_row) {
        *len = p->blob_len;
        return (const char *)p->blob;
    }
    if (blob) { /* bytea comes as text: \x and hex digits */
        PQfreemem(p->blob);
        p->blob =
            PQunescapeBytea((const unsigned char *)PQgetvalue(p->res, p->row, col), &p->blob_len);
        p->blob_col = p->blob ? col : -1;
        p->blob_row = p->row;
        *len = p->blob_len;
        return (const char *)p->blob;
    }
    *len = (size_t)PQgetlength(p->res, p->row, col);
    return PQgetvalue(p->res, p->row, col);
}

int64_t pg_changes(struct pg_stmt *p)
{
    return p->changes;
}

int pg_exec(struct store *s, const char *sql, struct error *e, const char *what)
{
    PGresult *res = PQexec(s->pg->conn, sql);
    ExecStatusType status = PQresultStatus(res);
    int rc = 0;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        pg_remember(s, res);
        rc = pg_fail(s, e, what);
    }
    PQclear(res);
    return rc;
}

/* The one value of a query without parameters; *found 0 when no row. */
static int pg_value(struct store *s, const char *sql, char *out, size_t size, int *found,
                    struct error *e)
{
    PGresult *res = PQexec(s->pg->conn, sql);
    int rc = 0;
    *found = 0;
    out[0] = '\0';
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        pg_remember(s, res);
        rc = pg_fail(s, e, "reading the database");
    } else if (PQntuples(res) > 0 && !PQgetisnull(res, 0, 0)) {
        snprintf(out, size, "%s", PQgetvalue(res, 0, 0));
        *found = 1;
    }
    PQclear(res);
    return rc;
}

/* The lock every writer takes in its transaction: one at a time, as SQLite
 * (the audit chain and read-then-write checks rely on it). */
#define WRITER_LOCK "SELECT pg_advisory_xact_lock(1447646561)"

static int pg_migrate(struct store *s, struct error *e)
{
    char value[32], sql[160];
    int found, rc, from;
    size_t v;
    if ((rc = pg_exec(s, "BEGIN", e, "starting the migration")) != 0)
        return rc;
    /* another process may be migrating the same database: one at a time,
     * and the version read again under the lock */
    if ((rc = pg_exec(s, WRITER_LOCK, e, "starting the migration")) != 0 ||
        (rc = pg_exec(s,
                      "CREATE TABLE IF NOT EXISTS vitaal_schema (application_id BIGINT NOT NULL, "
                      "version BIGINT NOT NULL)",
                      e, "starting the migration")) != 0 ||
        (rc = pg_value(s, "SELECT version FROM vitaal_schema", value, sizeof value, &found, e)) !=
            0)
        goto fail;
    from = found ? atoi(value) : 0;
    for (v = (size_t)from; v < store_migration_count; v++) {
        char what[64];
        snprintf(what, sizeof what, "migration %zu", v + 1);
        char *text = store_migration_pg(v);
        rc = pg_exec(s, text, e, what);
        free(text);
        if (rc != 0)
            goto fail;
    }
    if (from < HISTORY_MIGRATION && (size_t)HISTORY_MIGRATION <= store_migration_count &&
        (rc = history_seed(s, e)) != 0)
        goto fail;
    snprintf(sql, sizeof sql,
             "DELETE FROM vitaal_schema; INSERT INTO vitaal_schema VALUES (%d, %zu)",
             STORE_APPLICATION_ID, store_migration_count);
    if ((rc = pg_exec(s, sql, e, "recording the schema version")) != 0)
        goto fail;
    return pg_exec(s, "COMMIT", e, "committing the migration");
fail:
    PQclear(PQexec(s->pg->conn, "ROLLBACK"));
    return rc;
}

/* Notices (a ROLLBACK after a failed COMMIT says there was nothing to roll
 * back) are not for the user: errors come back as errors. */
static void quiet(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

int pg_open(const char *url, int flags, int64_t wait_ms, struct store **out, struct error *e)
{
    struct store *s = xcalloc(1, sizeof *s);
    char value[32], sql[96];
    int rc, found, version = 0, app_id = 0, tables = 0;

    *out = NULL;
    s->pg = xcalloc(1, sizeof *s->pg);
    s->readonly = (flags & STORE_READONLY) != 0;
    s->pg->conn = PQconnectdb(url);
    PQsetNoticeProcessor(s->pg->conn, quiet, NULL);
    if (PQstatus(s->pg->conn) != CONNECTION_OK) {
        /* the URL may hold a password: not repeated */
        rc = error_set(e, ERR_IO, "database", "cannot connect to PostgreSQL: %s",
                       PQerrorMessage(s->pg->conn));
        goto fail;
    }
    snprintf(sql, sizeof sql,
             "SET client_min_messages = warning; SET lock_timeout = %lld; SET TIME ZONE 'UTC'",
             (long long)wait_ms);
    if ((rc = pg_exec(s, sql, e, "setting up the connection")) != 0)
        goto fail;
    /* Read-only checks first: nothing is written to a database that is not
     * ours or is newer than we understand. */
    if ((rc = pg_value(s,
                       "SELECT count(*) FROM information_schema.tables WHERE table_schema = "
                       "current_schema()",
                       value, sizeof value, &found, e)) != 0)
        goto fail;
    tables = atoi(value);
    if ((rc = pg_value(s, "SELECT to_regclass('vitaal_schema') IS NOT NULL", value, sizeof value,
                       &found, e)) != 0)
        goto fail;
    if (strcmp(value, "t") == 0) {
        if ((rc = pg_value(s, "SELECT application_id FROM vitaal_schema", value, sizeof value,
                           &found, e)) != 0)
            goto fail;
        app_id = atoi(value);
        if ((rc = pg_value(s, "SELECT version FROM vitaal_schema", value, sizeof value, &found,
                           e)) != 0)
            goto fail;
        version = atoi(value);
    }
    if (app_id != STORE_APPLICATION_ID) {
        if (tables != 0) {
            rc = error_set(e, ERR_INVALID, "database",
                           "not a vitaal database (it holds other data); refusing to touch it");
            goto fail;
        }
        if (!(flags & STORE_CREATE)) {
            rc = error_set(e, ERR_NOTFOUND, "database",
                           "an empty database; create it with 'vitaal init'");
            goto fail;
        }
    }
    if (version > (int)store_migration_count) {
        rc = error_set(e, ERR_VERSION, "database",
                       "schema version %d is newer than this vitaal knows (%zu); "
                       "use a newer vitaal",
                       version, store_migration_count);
        goto fail;
    }
    if (version < (int)store_migration_count) {
        if (s->readonly && !(flags & STORE_CREATE)) {
            /* a reader of an older database: migrated once, as on SQLite */
            s->readonly = 0;
        }
        if ((rc = pg_migrate(s, e)) != 0)
            goto fail;
        s->readonly = (flags & STORE_READONLY) != 0;
    }
    *out = s;
    return 0;
fail:
    store_close(s); /* the connection and s */
    return rc;
}

void pg_close(struct store *s)
{
    if (s == NULL || s->pg == NULL)
        return;
    if (s->in_transaction)
        PQclear(PQexec(s->pg->conn, "ROLLBACK"));
    PQfinish(s->pg->conn);
    free(s->pg->message);
    free(s->pg);
    s->pg = NULL;
}

int pg_begin(struct store *s, struct error *e)
{
    int rc;
    if ((rc = pg_exec(s, "BEGIN", e, "starting a transaction")) != 0)
        return rc;
    s->in_transaction = 1;
    if ((rc = pg_exec(s, WRITER_LOCK, e, "starting a transaction")) != 0) {
        PQclear(PQexec(s->pg->conn, "ROLLBACK"));
        s->in_transaction = 0;
    }
    return rc;
}

int pg_commit(struct store *s, struct error *e)
{
    PGresult *res = PQexec(s->pg->conn, "COMMIT");
    int rc = 0;
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        pg_remember(s, res);
        rc = pg_fail(s, e, "committing");
    } else if (strcmp(PQcmdStatus(res), "COMMIT") != 0) {
        /* a transaction an error had ended: PostgreSQL rolls it back */
        rc = error_set(e, ERR_STORE, NULL, "committing: the transaction had failed");
    }
    PQclear(res);
    if (rc != 0)
        PQclear(PQexec(s->pg->conn, "ROLLBACK"));
    s->in_transaction = 0;
    return rc;
}

void pg_rollback(struct store *s)
{
    PQclear(PQexec(s->pg->conn, "ROLLBACK"));
    s->in_transaction = 0;
}

int pg_schema_read(struct store *s, int *version, struct error *e)
{
    char value[32];
    int found = 0, rc;
    *version = 0;
    if ((rc = pg_value(s, "SELECT version FROM vitaal_schema", value, sizeof value, &found, e)) !=
        0)
        return rc;
    if (found)
        *version = atoi(value);
    return 0;
}

int pg_schema_version(struct store *s)
{
    char value[32];
    int found = 0;
    if (pg_value(s, "SELECT version FROM vitaal_schema", value, sizeof value, &found, NULL) != 0 ||
        !found)
        return 0;
    return atoi(value);
}

/* The notices that arrived, counted into *heard and freed. */
static int drain_notices(struct store *s, int *heard, struct error *e)
{
    PGnotify *n;
    if (!PQconsumeInput(s->pg->conn))
        return error_set(e, ERR_IO, "database", "the connection to PostgreSQL is lost: %s",
                         PQerrorMessage(s->pg->conn));
    while ((n = PQnotifies(s->pg->conn)) != NULL) {
        (*heard)++;
        PQfreemem(n);
    }
    return 0;
}

int pg_notice_wait(struct store *s, int timeout_ms, int *heard, struct error *e)
{
    struct pollfd p = {PQsocket(s->pg->conn), POLLIN, 0};
    int rc;
    if (p.fd < 0)
        return error_set(e, ERR_IO, "database", "the connection to PostgreSQL is lost");
    if ((rc = drain_notices(s, heard, e)) != 0 || *heard > 0)
        return rc;
    if (poll(&p, 1, timeout_ms) < 0 && errno != EINTR)
        return error_set(e, ERR_IO, "database", "waiting for notices: %s", strerror(errno));
    return drain_notices(s, heard, e);
}
