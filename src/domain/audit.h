/*
 * audit.h — the tamper-evident audit log: every write, every login and every
 * read of a confidential or secret record becomes an entry, appended in the
 * same transaction as what it records.
 *
 * Each entry carries a MAC (keyed BLAKE2b-256) over its own fields and the
 * MAC of the entry before it, so changing, removing or reordering entries
 * breaks the chain, and without the key nobody can forge a new chain. The
 * key lives in a file beside the database (DB.auditkey, mode 0600), never in
 * it. Cutting entries off the end leaves a valid shorter chain: compare the
 * head that `vitaal audit verify` prints with one recorded elsewhere.
 *
 * A read made while another writer holds the database (a long import)
 * appends its entry to the read journal instead (audit_journal.h), from
 * where the next write transaction folds it into the chain.
 */
#ifndef VITAAL_DOMAIN_AUDIT_H
#define VITAAL_DOMAIN_AUDIT_H

#include "base/error.h"
#include "domain/audit_checkpoint.h"
#include "store/audit.h"
#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

#define AUDIT_KEY_BYTES 32

/* What the MAC of a table entry covers first (audit_entry_mac). */
#define AUDIT_TAG "vitaal-audit-1"

struct audit_log {
    unsigned char key[AUDIT_KEY_BYTES];
    char journal[4200];         /* the read journal, "<db_path>.readlog" (audit_journal.h) */
    struct audit_anchor anchor; /* where the journal's signed marks go */
};

struct audit_event {
    const char *actor;   /* user name or "cli:<login>" */
    const char *address; /* client address or NULL */
    const char *action; /* login, login_failed, logout, create, update, delete, read, import, ... */
    const char *kind;   /* or NULL */
    const char *record; /* or NULL */
    const char *detail; /* or NULL */
};

/* Where the key files of the database at db_path live, as a prefix the
 * file names are appended to: a SQLite file's own path; a PostgreSQL
 * database (a URL) has no file: its name in the folder $VITAAL_KEYS (the
 * working folder when unset). */
void audit_key_base(const char *db_path, char *out, size_t size);

/* Loads the key of the database at db_path from "<base>.auditkey"; with
 * create, makes a new random key file when there is none. */
int audit_open(const char *db_path, int create, struct audit_log *out, struct error *e);

/* The detail of a write's entry: "version N", then "; " and more (NULL:
 * nothing more). The version ties the entry to the record's history. */
void audit_version_detail(char *buf, size_t size, int64_t version, const char *more);

/* Appends ev to the log; call inside the transaction of what it records.
 * In a transaction holding the write lock it first folds the read journal
 * into the table (audit_journal_fold); in a store_begin_read transaction
 * that did not get the lock the entry goes to the read journal, durable
 * on return (audit_journal_append). */
int audit_append(struct audit_log *log, struct store *s, const struct audit_event *ev,
                 struct error *e);

/* Appends ev to the table with time at (NULL: now), folding nothing: the
 * fold's own appender. */
int audit_append_at(struct audit_log *log, struct store *s, const struct audit_event *ev,
                    const char *at, struct error *e);

/* The MAC (hex) of entry a's fields, its seq and prev, under tag (AUDIT_TAG
 * for the table; the journal's own for it). */
void audit_entry_mac(const struct audit_log *log, const char *tag,
                     const struct store_audit_entry *a, char hex[129]);

struct audit_check {
    int64_t entries;    /* entries read */
    int64_t first_bad;  /* seq of the first broken entry, 0 if the chain holds */
    char problem[256];  /* what is wrong with it */
    char head_mac[129]; /* MAC of the last entry: record it elsewhere to detect truncation */
};

/* Walks the whole chain. Returns 0 with out->first_bad == 0 when it holds. */
int audit_verify(struct audit_log *log, struct store *s, struct audit_check *out, struct error *e);

#endif
