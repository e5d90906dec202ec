/*
 * migrations.h — the versioned SQL schema. Migration N brings a database from
 * schema version N-1 to N; the version is kept in PRAGMA user_version and the
 * file is marked as ours by PRAGMA application_id.
 */
#ifndef VITAAL_STORE_MIGRATIONS_H
#define VITAAL_STORE_MIGRATIONS_H

#include <stddef.h>

#define STORE_APPLICATION_ID 0x76697461 /* "vita" */

/* migrations[i] is the SQL of migration i+1. */
extern const char *const store_migrations[];
extern const size_t store_migration_count; /* = the newest schema version */

/* Migrations in migrations_2.c, listed in migrations.c. */
extern const char store_migration_18[];

/* The PostgreSQL text of migration i+1 (migrations_pg.c: the SQLite text
 * put in PostgreSQL's dialect, with the differences written out where a
 * rule does not do), a new string the caller frees; NULL when there is no
 * migration i+1. */
char *store_migration_pg(size_t i);

/* Tables that belong to the store itself, not to a kind of record in
 * model.h (users, sessions, the audit log); NULL-terminated. */
extern const char *const store_private_tables[];

#endif
