/*
 * copy.c — a whole database copied into an empty one (copy.h).
 *
 * The schema is learnt from the migrations themselves: they run on an
 * in-memory SQLite database, whose catalogue gives the tables (in the
 * order of their foreign keys), their columns with declared types and
 * their primary keys. Each table is then read from the source in pages in
 * primary-key order (keyset: `WHERE (k1, k2) > (?, ?)`, so a page costs
 * the same at the end of a large table as at its start, and PostgreSQL's
 * answers, held whole in memory, stay small; a table without a key, none
 * today, in one read) and written to the target
 * through the statement layer (db.h), each value bound by its column's
 * type. Table and column names in the SQL come only from that catalogue,
 * never from input; every value is a bound parameter.
 */
#include "store/copy.h"

#include "base/strbuf.h"
#include "base/xmalloc.h"
#include "store/migrations.h"
#include "store/store_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A column's type, from its declaration in the migrations. */
#define COLUMN_INTEGER 0
#define COLUMN_REAL    1
#define COLUMN_TEXT    2
#define COLUMN_BLOB    3

/* Rows a page reads: fewer where a row may hold an attachment's bytes. */
#define PAGE_ROWS      2000
#define PAGE_ROWS_BLOB 16

struct column {
    char *name;
    int type;
    int pk; /* its place in the primary key from 1, 0 when not in it */
};

struct table {
    char *name;
    struct column *columns;
    size_t n_columns;
    size_t n_pk;
    int has_blob;
    int autoincrement; /* SQLite keeps its counter in sqlite_sequence */
    char **refs;       /* the tables its foreign keys name */
    size_t n_refs;
};

struct schema {
    struct table *tables;
    size_t n;
};

static void table_release(struct table *t)
{
    size_t i;
    for (i = 0; i < t->n_columns; i++)
        free(t->columns[i].name);
    for (i = 0; i < t->n_refs; i++)
        free(t->refs[i]);
    free(t->columns);
    free(t->refs);
    free(t->name);
}

static void schema_release(struct schema *sc)
{
    size_t i;
    for (i = 0; i < sc->n; i++)
        table_release(&sc->tables[i]);
    free(sc->tables);
    sc->tables = NULL;
    sc->n = 0;
}

/* The columns of t and the tables it refers to, from the reference. */
static int table_load(struct store *ref, struct table *t, struct error *e)
{
    struct db_stmt *st = NULL;
    int rc;
    if ((rc = db_prepare(ref, "SELECT name, upper(type), pk FROM pragma_table_info(?) ORDER BY cid",
                         &st, e)) != 0)
        return rc;
    db_bind_text(st, 1, t->name, -1);
    while ((rc = db_step(st)) == DB_ROW) {
        const char *type = db_column_text(st, 1);
        struct column *c, *grown = xrealloc(t->columns, (t->n_columns + 1) * sizeof *grown);
        t->columns = grown;
        c = &t->columns[t->n_columns];
        memset(c, 0, sizeof *c);
        c->name = xstrdup(db_column_text(st, 0));
        t->n_columns++;
        c->pk = db_column_int(st, 2);
        t->n_pk += c->pk > 0;
        if (strcmp(type, "INTEGER") == 0 || strcmp(type, "INT") == 0) {
            c->type = COLUMN_INTEGER;
        } else if (strcmp(type, "REAL") == 0) {
            c->type = COLUMN_REAL;
        } else if (strcmp(type, "TEXT") == 0) {
            c->type = COLUMN_TEXT;
        } else if (strcmp(type, "BLOB") == 0) {
            c->type = COLUMN_BLOB;
            t->has_blob = 1;
        } else {
            rc = error_set(e, ERR_INTERNAL, NULL,
                           "column %s.%s is of type '%s', which the copy does not know", t->name,
                           c->name, type);
            db_done(st);
            return rc;
        }
    }
    db_done(st);
    if (rc != DB_DONE)
        return store_fail(ref, e, "reading the schema");
    if ((rc = db_prepare(ref, "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?)", &st,
                         e)) != 0)
        return rc;
    db_bind_text(st, 1, t->name, -1);
    while ((rc = db_step(st)) == DB_ROW) {
        char **grown = xrealloc(t->refs, (t->n_refs + 1) * sizeof *grown);
        grown[t->n_refs] = xstrdup(db_column_text(st, 0));
        t->refs = grown;
        t->n_refs++;
    }
    db_done(st);
    if (rc != DB_DONE)
        return store_fail(ref, e, "reading the schema");
    return 0;
}

static int placed_before(const struct schema *sc, size_t placed, const char *name)
{
    size_t i;
    for (i = 0; i < placed; i++)
        if (strcmp(sc->tables[i].name, name) == 0)
            return 1;
    return 0;
}

static int in_schema(const struct schema *sc, const char *name)
{
    return placed_before(sc, sc->n, name);
}

/* Puts every table after the tables it refers to, else in the order the
 * migrations made them. A cycle (none today) is broken at its oldest
 * table: both backends check foreign keys only at the commit, so the
 * order is for a reader of the progress, not for the database. */
static void schema_order(struct schema *sc)
{
    size_t placed = 0, i, r;
    while (placed < sc->n) {
        size_t pick = placed;
        for (i = placed; i < sc->n; i++) {
            struct table *t = &sc->tables[i];
            for (r = 0; r < t->n_refs; r++) {
                if (strcmp(t->refs[r], t->name) != 0 && in_schema(sc, t->refs[r]) &&
                    !placed_before(sc, placed, t->refs[r]))
                    break;
            }
            if (r == t->n_refs) {
                pick = i;
                break;
            }
        }
        if (pick != placed) {
            struct table chosen = sc->tables[pick];
            memmove(&sc->tables[placed + 1], &sc->tables[placed],
                    (pick - placed) * sizeof sc->tables[0]);
            sc->tables[placed] = chosen;
        }
        placed++;
    }
}

/* The schema the migrations of this binary make. */
static int schema_load(struct schema *out, struct error *e)
{
    struct store *ref = NULL;
    struct db_stmt *st = NULL;
    size_t i;
    int rc;

    memset(out, 0, sizeof *out);
    if ((rc = store_open(":memory:", STORE_CREATE, &ref, e)) != 0)
        return rc;
    if ((rc = db_prepare(ref,
                         "SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND "
                         "substr(name, 1, 7) <> 'sqlite_' ORDER BY rowid",
                         &st, e)) != 0)
        goto cleanup;
    while ((rc = db_step(st)) == DB_ROW) {
        struct table *grown = xrealloc(out->tables, (out->n + 1) * sizeof *grown);
        out->tables = grown;
        memset(&grown[out->n], 0, sizeof grown[0]);
        grown[out->n].name = xstrdup(db_column_text(st, 0));
        grown[out->n].autoincrement = strstr(db_column_text(st, 1), "AUTOINCREMENT") != NULL;
        out->n++;
    }
    if (rc != DB_DONE) {
        rc = store_fail(ref, e, "reading the schema");
        goto cleanup;
    }
    db_done(st);
    st = NULL;
    rc = 0;
    for (i = 0; rc == 0 && i < out->n; i++)
        rc = table_load(ref, &out->tables[i], e);
    if (rc == 0)
        schema_order(out);
cleanup:
    db_done(st);
    store_close(ref);
    if (rc != 0)
        schema_release(out);
    return rc;
}

int store_copy_tables(char ***out, struct error *e)
{
    struct schema sc;
    char **names;
    size_t i;
    int rc;
    *out = NULL;
    if ((rc = schema_load(&sc, e)) != 0)
        return rc;
    names = xcalloc(sc.n + 1, sizeof *names);
    for (i = 0; i < sc.n; i++) {
        names[i] = sc.tables[i].name; /* taken over */
        sc.tables[i].name = NULL;
    }
    schema_release(&sc);
    *out = names;
    return 0;
}

void store_copy_tables_free(char **tables)
{
    size_t i;
    for (i = 0; tables && tables[i]; i++)
        free(tables[i]);
    free(tables);
}

static int check_empty(struct store *dst, const struct schema *sc, struct error *e)
{
    char sql[256];
    size_t i;
    for (i = 0; i < sc->n; i++) {
        struct db_stmt *st = NULL;
        int rc;
        snprintf(sql, sizeof sql, "SELECT 1 FROM %s LIMIT 1", sc->tables[i].name);
        if ((rc = db_prepare(dst, sql, &st, e)) != 0)
            return rc;
        rc = db_step(st);
        db_done(st);
        if (rc == DB_ERROR)
            return store_fail(dst, e, "reading the target");
        if (rc == DB_ROW)
            return error_set(e, ERR_CONFLICT, NULL,
                             "the target is not empty: table %s holds rows; vitaal migrate "
                             "copies into an empty database only",
                             sc->tables[i].name);
    }
    return 0;
}

int store_copy_check_empty(struct store *dst, struct error *e)
{
    struct schema sc;
    int rc;
    if ((rc = schema_load(&sc, e)) != 0)
        return rc;
    rc = check_empty(dst, &sc, e);
    schema_release(&sc);
    return rc;
}

/* The primary key of the last row copied: where the next page starts. */
struct key {
    int64_t integer;
    double real;
    char *bytes;
    size_t len;
};

/* The SQL of t's copy: the first page, the pages after a key, the insert,
 * the count. */
struct table_sql {
    struct strbuf first, next, insert, count;
};

static void table_sql_build(const struct table *t, struct table_sql *q)
{
    struct strbuf cols = STRBUF_INIT, keys = STRBUF_INIT, marks = STRBUF_INIT;
    size_t i, k;
    int page = t->has_blob ? PAGE_ROWS_BLOB : PAGE_ROWS;
    for (i = 0; i < t->n_columns; i++) {
        strbuf_printf(&cols, "%s%s", i ? ", " : "", t->columns[i].name);
        strbuf_puts(&marks, i ? ", ?" : "?");
    }
    for (k = 1; k <= t->n_pk; k++) {
        for (i = 0; i < t->n_columns; i++)
            if (t->columns[i].pk == (int)k)
                strbuf_printf(&keys, "%s%s", k > 1 ? ", " : "", t->columns[i].name);
    }
    *q = (struct table_sql){STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT};
    if (t->n_pk == 0) /* no key to page by (none today): one read */
        strbuf_printf(&q->first, "SELECT %s FROM %s", strbuf_str(&cols), t->name);
    else
        strbuf_printf(&q->first, "SELECT %s FROM %s ORDER BY %s LIMIT %d", strbuf_str(&cols),
                      t->name, strbuf_str(&keys), page);
    strbuf_printf(&q->next, "SELECT %s FROM %s WHERE (%s) > (", strbuf_str(&cols), t->name,
                  strbuf_str(&keys));
    for (k = 0; k < t->n_pk; k++)
        strbuf_puts(&q->next, k ? ", ?" : "?");
    strbuf_printf(&q->next, ") ORDER BY %s LIMIT %d", strbuf_str(&keys), page);
    strbuf_printf(&q->insert, "INSERT INTO %s (%s) VALUES (%s)", t->name, strbuf_str(&cols),
                  strbuf_str(&marks));
    strbuf_printf(&q->count, "SELECT count(*) FROM %s", t->name);
    strbuf_release(&cols);
    strbuf_release(&keys);
    strbuf_release(&marks);
}

static void table_sql_release(struct table_sql *q)
{
    strbuf_release(&q->first);
    strbuf_release(&q->next);
    strbuf_release(&q->insert);
    strbuf_release(&q->count);
}

/* Binds column col of the source's row to parameter col+1 of the insert. */
static int bind_value(struct db_stmt *from, struct db_stmt *to, const struct column *c, int col)
{
    const void *blob;
    if (db_column_is_null(from, col))
        return db_bind_null(to, col + 1);
    switch (c->type) {
    case COLUMN_INTEGER:
        return db_bind_int64(to, col + 1, db_column_int64(from, col));
    case COLUMN_REAL:
        return db_bind_double(to, col + 1, db_column_double(from, col));
    case COLUMN_TEXT:
        return db_bind_text(to, col + 1, db_column_text(from, col),
                            (int)db_column_bytes(from, col));
    default:
        /* the bytes first, then their length (PostgreSQL's bytea decoded) */
        blob = db_column_blob(from, col);
        return db_bind_blob(to, col + 1, blob ? blob : "", db_column_bytes(from, col));
    }
}

/* Keeps the key of the source's current row (keys[k] for the k+1th key
 * column). */
static void key_keep(struct db_stmt *from, const struct table *t, struct key *keys)
{
    size_t i;
    for (i = 0; i < t->n_columns; i++) {
        const struct column *c = &t->columns[i];
        struct key *k;
        if (c->pk == 0)
            continue;
        k = &keys[c->pk - 1];
        if (c->type == COLUMN_INTEGER) {
            k->integer = db_column_int64(from, (int)i);
        } else if (c->type == COLUMN_REAL) {
            k->real = db_column_double(from, (int)i);
        } else {
            const void *v = c->type == COLUMN_TEXT ? (const void *)db_column_text(from, (int)i)
                                                   : db_column_blob(from, (int)i);
            size_t len = db_column_bytes(from, (int)i);
            char *copy = xmalloc(len + 1);
            if (len)
                memcpy(copy, v, len);
            copy[len] = '\0';
            free(k->bytes);
            k->bytes = copy;
            k->len = len;
        }
    }
}

static void key_bind(struct db_stmt *st, const struct table *t, const struct key *keys)
{
    size_t i;
    for (i = 0; i < t->n_columns; i++) {
        const struct column *c = &t->columns[i];
        const struct key *k;
        if (c->pk == 0)
            continue;
        k = &keys[c->pk - 1];
        if (c->type == COLUMN_INTEGER)
            db_bind_int64(st, c->pk, k->integer);
        else if (c->type == COLUMN_REAL)
            db_bind_double(st, c->pk, k->real);
        else if (c->type == COLUMN_TEXT)
            db_bind_text(st, c->pk, k->bytes, (int)k->len);
        else
            db_bind_blob(st, c->pk, k->bytes, k->len);
    }
}

/* The column of t that is its whole primary key and an integer: an
 * identity in PostgreSQL, the rowid in SQLite; -1 when none. */
static int identity_column(const struct table *t)
{
    size_t i;
    if (t->n_pk != 1)
        return -1;
    for (i = 0; i < t->n_columns; i++)
        if (t->columns[i].pk == 1 && t->columns[i].type == COLUMN_INTEGER)
            return (int)i;
    return -1;
}

/* One int64 answer of sql with the text parameters p1, p2 (NULL: none);
 * 0 for no row or NULL. */
static int query_int(struct store *s, const char *sql, const char *p1, const char *p2, int64_t *out,
                     struct error *e)
{
    struct db_stmt *st = NULL;
    int rc;
    *out = 0;
    if ((rc = db_prepare(s, sql, &st, e)) != 0)
        return rc;
    if (p1)
        db_bind_text(st, 1, p1, -1);
    if (p2)
        db_bind_text(st, 2, p2, -1);
    rc = db_step(st);
    if (rc == DB_ROW && !db_column_is_null(st, 0))
        *out = db_column_int64(st, 0);
    db_done(st);
    return rc == DB_ERROR ? store_fail(s, e, "reading an id counter") : 0;
}

/* Sets the target's counter of t's identity so the next id is past high
 * and past every id the source's counter ever gave (a deleted row's id is
 * not given again where the source would not either). */
static int identity_carry(struct store *src, struct store *dst, const struct table *t, int64_t high,
                          struct error *e)
{
    int col = identity_column(t), rc;
    const char *name;
    int64_t given = 0;
    struct db_stmt *st = NULL;
    if (col < 0)
        return 0;
    name = t->columns[col].name;
    if (src->pg)
        rc = query_int(src,
                       "SELECT pg_sequence_last_value(CAST(pg_get_serial_sequence(?, ?) AS "
                       "regclass))",
                       t->name, name, &given, e);
    else if (t->autoincrement)
        rc = query_int(src, "SELECT seq FROM sqlite_sequence WHERE name = ?", t->name, NULL, &given,
                       e);
    else
        rc = 0;
    if (rc != 0)
        return rc;
    if (given > high)
        high = given;
    if (high <= 0)
        return 0;
    if (dst->pg) {
        if ((rc =
                 db_prepare(dst, "SELECT setval(CAST(pg_get_serial_sequence(?, ?) AS regclass), ?)",
                            &st, e)) != 0)
            return rc;
        db_bind_text(st, 1, t->name, -1);
        db_bind_text(st, 2, name, -1);
        db_bind_int64(st, 3, high);
        rc = db_step(st) == DB_ERROR ? store_fail(dst, e, "setting an id counter") : 0;
        db_done(st);
        return rc;
    }
    if (!t->autoincrement)
        return 0; /* SQLite's next rowid is one past the largest */
    if ((rc = db_prepare(dst, "DELETE FROM sqlite_sequence WHERE name = ?", &st, e)) != 0)
        return rc;
    db_bind_text(st, 1, t->name, -1);
    rc = db_step(st) == DB_ERROR ? store_fail(dst, e, "setting an id counter") : 0;
    db_done(st);
    if (rc != 0 || (rc = db_prepare(dst, "INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)",
                                    &st, e)) != 0)
        return rc;
    db_bind_text(st, 1, t->name, -1);
    db_bind_int64(st, 2, high);
    rc = db_step(st) == DB_ERROR ? store_fail(dst, e, "setting an id counter") : 0;
    db_done(st);
    return rc;
}

/* Copies every row of t, page by page; *rows gets their number. */
static int copy_table(struct store *src, struct store *dst, const struct table *t,
                      const struct progress_sink *progress, int64_t *rows, struct error *e)
{
    struct table_sql q;
    struct db_stmt *page = NULL, *insert = NULL;
    struct key *keys = xcalloc(t->n_pk + 1, sizeof *keys);
    char phase[160];
    int64_t total = 0, copied = 0, in_page;
    int have_key = 0, identity = identity_column(t), rc, step = DB_DONE;
    size_t i;

    *rows = 0;
    table_sql_build(t, &q);
    snprintf(phase, sizeof phase, "copying %s", t->name);
    if ((rc = query_int(src, strbuf_str(&q.count), NULL, NULL, &total, e)) != 0 ||
        (rc = db_prepare(dst, strbuf_str(&q.insert), &insert, e)) != 0)
        goto cleanup;
    progress_report(progress, phase, "rows", 0, (uint64_t)total);
    do {
        if ((rc = db_prepare(src, strbuf_str(have_key ? &q.next : &q.first), &page, e)) != 0)
            goto cleanup;
        if (have_key)
            key_bind(page, t, keys);
        in_page = 0;
        while ((step = db_step(page)) == DB_ROW) {
            for (i = 0; i < t->n_columns; i++)
                bind_value(page, insert, &t->columns[i], (int)i);
            if (db_step(insert) != DB_DONE) {
                rc = store_fail(dst, e, "copying");
                error_prefix_where(e, t->name);
                goto cleanup;
            }
            db_reset(insert);
            key_keep(page, t, keys);
            have_key = 1;
            in_page++;
            copied++;
        }
        db_done(page);
        page = NULL;
        if (step != DB_DONE) {
            rc = store_fail(src, e, "reading the source");
            error_prefix_where(e, t->name);
            goto cleanup;
        }
        progress_report(progress, phase, "rows", (uint64_t)copied, (uint64_t)total);
    } while (t->n_pk > 0 && in_page == (t->has_blob ? PAGE_ROWS_BLOB : PAGE_ROWS));
    if (copied != total) {
        rc = error_set(e, ERR_INTERNAL, t->name, "copied %lld of its %lld rows", (long long)copied,
                       (long long)total);
        goto cleanup;
    }
    if (identity >= 0)
        rc = identity_carry(src, dst, t, have_key ? keys[0].integer : 0, e);
    *rows = copied;
cleanup:
    db_done(page);
    db_done(insert);
    for (i = 0; keys && i < t->n_pk; i++)
        free(keys[i].bytes);
    free(keys);
    table_sql_release(&q);
    return rc;
}

int store_copy(struct store *src, struct store *dst, const struct progress_sink *progress,
               struct store_copy_result *out, struct error *e)
{
    struct schema sc = {NULL, 0};
    struct store_copy_result result = {0, 0};
    size_t i;
    int rc;

    if (out)
        *out = result;
    if (store_schema_version(src) != (int)store_migration_count ||
        store_schema_version(dst) != (int)store_migration_count)
        return error_set(e, ERR_VERSION, NULL,
                         "both databases must be at schema version %zu (open them with this "
                         "vitaal first)",
                         store_migration_count);
    if ((rc = schema_load(&sc, e)) != 0)
        return rc;
    /* the source under its writers' lock: one moment, nothing written (on
     * PostgreSQL one snapshot for every page, whoever writes without the
     * lock) */
    if (src->pg && (rc = db_exec(src,
                                 "SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL "
                                 "REPEATABLE READ",
                                 e, "reading the source")) != 0)
        goto cleanup;
    if ((rc = store_begin(src, e)) != 0) {
        error_prefix_where(e, "source");
        goto cleanup;
    }
    if ((rc = store_begin(dst, e)) != 0) {
        error_prefix_where(e, "target");
        goto cleanup;
    }
    if ((rc = check_empty(dst, &sc, e)) != 0)
        goto cleanup;
    for (i = 0; i < sc.n; i++) {
        int64_t rows = 0;
        if ((rc = copy_table(src, dst, &sc.tables[i], progress, &rows, e)) != 0)
            goto cleanup;
        result.tables++;
        result.rows += rows;
    }
    if ((rc = store_commit(dst, e)) != 0)
        goto cleanup;
    if (out)
        *out = result;
cleanup:
    store_rollback(dst);
    store_rollback(src);
    schema_release(&sc);
    return rc;
}
