/*
 * migrations_pg.c — the migrations of migrations.c in PostgreSQL's dialect.
 *
 * There is one list of migrations. Each is written for SQLite; its
 * PostgreSQL text is made from it by the rules below (typed columns for
 * STRICT tables, identity columns for INTEGER PRIMARY KEY, bytea for BLOB,
 * text in the "C" collation (compared by bytes, as SQLite does),
 * foreign keys deferred to the commit, the few functions that differ) and,
 * where a rule does not do, by a written replacement of the one statement
 * that differs (the triggers of migration 14). Statements that only fix
 * data written by an older vitaal in the history's JSON are left out: no
 * PostgreSQL database is older than the PostgreSQL backend.
 * tests/unit/store/pg_test.c runs every migration on a real PostgreSQL.
 */
#include "base/xmalloc.h"
#include "store/migrations.h"

#include "base/strbuf.h"

#include <stdlib.h>
#include <string.h>

/* A statement of one migration written out for PostgreSQL. */
struct replacement {
    size_t migration; /* 1-based */
    const char *sqlite;
    const char *pg;
};

static const struct replacement replacements[] = {
    {14,
     "CREATE TRIGGER services_id_not_process BEFORE INSERT ON services\n"
     "WHEN EXISTS (SELECT 1 FROM processes WHERE id = NEW.id)\n"
     "BEGIN SELECT RAISE(ABORT, 'a process has this id'); END;\n"
     "CREATE TRIGGER processes_id_not_service BEFORE INSERT ON processes\n"
     "WHEN EXISTS (SELECT 1 FROM services WHERE id = NEW.id)\n"
     "BEGIN SELECT RAISE(ABORT, 'a service has this id'); END;\n",
     "CREATE FUNCTION vitaal_service_id_free() RETURNS trigger LANGUAGE plpgsql AS $$\n"
     "BEGIN\n"
     "  IF EXISTS (SELECT 1 FROM processes WHERE id = NEW.id) THEN\n"
     "    RAISE EXCEPTION 'a process has this id' USING ERRCODE = 'check_violation';\n"
     "  END IF;\n"
     "  RETURN NEW;\n"
     "END $$;\n"
     "CREATE TRIGGER services_id_not_process BEFORE INSERT ON services\n"
     "FOR EACH ROW EXECUTE FUNCTION vitaal_service_id_free();\n"
     "CREATE FUNCTION vitaal_process_id_free() RETURNS trigger LANGUAGE plpgsql AS $$\n"
     "BEGIN\n"
     "  IF EXISTS (SELECT 1 FROM services WHERE id = NEW.id) THEN\n"
     "    RAISE EXCEPTION 'a service has this id' USING ERRCODE = 'check_violation';\n"
     "  END IF;\n"
     "  RETURN NEW;\n"
     "END $$;\n"
     "CREATE TRIGGER processes_id_not_service BEFORE INSERT ON processes\n"
     "FOR EACH ROW EXECUTE FUNCTION vitaal_process_id_free();\n"},
};

/* The same text with every from replaced by to. */
static void replace_all(struct strbuf *sb, const char *from, const char *to)
{
    struct strbuf out = STRBUF_INIT;
    const char *p = strbuf_str(sb), *hit;
    size_t n = strlen(from);
    while ((hit = strstr(p, from)) != NULL) {
        strbuf_append(&out, p, (size_t)(hit - p));
        strbuf_puts(&out, to);
        p = hit + n;
    }
    strbuf_puts(&out, p);
    strbuf_reset(sb);
    strbuf_puts(sb, strbuf_str(&out));
    strbuf_release(&out);
}

/* Removes every statement that begins with prefix (up to its ";\n"). */
static void drop_statements(struct strbuf *sb, const char *prefix)
{
    struct strbuf out = STRBUF_INIT;
    const char *p = strbuf_str(sb), *hit, *end;
    while ((hit = strstr(p, prefix)) != NULL && (end = strstr(hit, ";\n")) != NULL) {
        strbuf_append(&out, p, (size_t)(hit - p));
        p = end + 2;
    }
    strbuf_puts(&out, p);
    strbuf_reset(sb);
    strbuf_puts(sb, strbuf_str(&out));
    strbuf_release(&out);
}

/* Every foreign key checked at the commit (SQLite's defer_foreign_keys in
 * each write transaction): DEFERRABLE INITIALLY DEFERRED after the
 * reference and its ON DELETE action. */
static void defer_references(struct strbuf *sb)
{
    struct strbuf out = STRBUF_INIT;
    const char *p = strbuf_str(sb), *hit;
    while ((hit = strstr(p, "REFERENCES ")) != NULL) {
        const char *end = strchr(hit, ')');
        if (end == NULL)
            break;
        end++;
        if (strncmp(end, " ON DELETE CASCADE", 18) == 0)
            end += 18;
        else if (strncmp(end, " ON DELETE SET NULL", 19) == 0)
            end += 19;
        strbuf_append(&out, p, (size_t)(end - p));
        strbuf_puts(&out, " DEFERRABLE INITIALLY DEFERRED");
        p = end;
    }
    strbuf_puts(&out, p);
    strbuf_reset(sb);
    strbuf_puts(sb, strbuf_str(&out));
    strbuf_release(&out);
}

char *store_migration_pg(size_t i)
{
    struct strbuf sb = STRBUF_INIT;
    size_t r;
    char *out;
    if (i >= store_migration_count)
        return NULL;
    strbuf_puts(&sb, store_migrations[i]);
    for (r = 0; r < sizeof replacements / sizeof replacements[0]; r++) {
        if (replacements[r].migration == i + 1)
            replace_all(&sb, replacements[r].sqlite, replacements[r].pg);
    }
    drop_statements(&sb, "UPDATE history SET data = json_set(");
    replace_all(&sb, ") STRICT;", ");");
    replace_all(&sb, "INTEGER PRIMARY KEY AUTOINCREMENT", "INTEGER PRIMARY KEY");
    replace_all(&sb, "INTEGER PRIMARY KEY", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");
    replace_all(&sb, " INTEGER ", " BIGINT ");
    replace_all(&sb, " INTEGER,", " BIGINT,");
    replace_all(&sb, " INTEGER\n", " BIGINT\n");
    /* text compares byte by byte, as in SQLite, whatever the cluster's
     * locale: the store merges lists by strcmp in ORDER BY's order */
    replace_all(&sb, " TEXT ", " TEXT COLLATE \"C\" ");
    replace_all(&sb, " TEXT,", " TEXT COLLATE \"C\",");
    replace_all(&sb, " TEXT\n", " TEXT COLLATE \"C\"\n");
    replace_all(&sb, " TEXT;", " TEXT COLLATE \"C\";");
    replace_all(&sb, " REAL ", " DOUBLE PRECISION ");
    replace_all(&sb, " REAL,", " DOUBLE PRECISION,");
    replace_all(&sb, "length(CAST(name AS BLOB))", "octet_length(name)");
    replace_all(&sb, " BLOB ", " BYTEA ");
    replace_all(&sb, "instr(email, '@')", "strpos(email, '@')");
    replace_all(&sb, "json_valid(mentions)", "(mentions)::jsonb IS NOT NULL");
    defer_references(&sb);
    out = xstrdup(strbuf_str(&sb));
    strbuf_release(&sb);
    return out;
}
