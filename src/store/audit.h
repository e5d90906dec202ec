/*
 * audit.h — the audit log's storage: an append-only table of entries in
 * sequence order. What an entry's MAC covers and how the chain is checked
 * is the domain's business (domain/audit.h); the store only keeps entries
 * and hands them back in order.
 */
#ifndef VITAAL_STORE_AUDIT_H
#define VITAAL_STORE_AUDIT_H

#include "base/error.h"
#include "store/store.h"

#include <stdint.h>

struct store_audit_entry {
    int64_t seq;         /* 1, 2, 3, ... */
    const char *at;      /* UTC time YYYY-MM-DDTHH:MM:SSZ */
    const char *actor;   /* user name, or "cli:<login>" */
    const char *address; /* client address, or NULL */
    const char *action;  /* login, login_failed, logout, create, update, delete, read, import */
    const char *kind;    /* kind of record, or NULL */
    const char *record;  /* record id, or NULL */
    const char *detail;  /* free text, or NULL */
    const char *prev;    /* MAC of the entry before (hex), "" for the first */
    const char *mac;     /* MAC of this entry (hex) */
};

/* The last entry's seq and MAC (hex, 129 bytes); seq 0 and "" when empty. */
int store_audit_last(struct store *s, int64_t *seq, char *mac, struct error *e);
/* Appends an entry (within the caller's transaction). */
int store_audit_append(struct store *s, const struct store_audit_entry *entry, struct error *e);
/* Every entry with seq > after, in seq order, at most limit (0: all). */
int store_audit_each(struct store *s, int64_t after, size_t limit,
                     int (*fn)(void *ctx, const struct store_audit_entry *entry), void *ctx,
                     struct error *e);

/* Which entries store_audit_query hands back: each NULL or 0 field does not
 * narrow. at_after and at_until are UTC times as entries hold them
 * (at > at_after, at <= at_until). */
struct store_audit_query {
    int64_t after;        /* seq > after */
    int64_t before;       /* seq < before; 0: no bound */
    const char *actor;    /* exactly this actor */
    const char *kind;     /* exactly this kind of record */
    const char *at_after; /* strictly after this time */
    const char *at_until; /* at or before this time */
    size_t limit;         /* at most this many; 0: all */
    int newest_first;     /* in descending seq order */
};

/* The entries q selects, in seq order (descending with newest_first). */
int store_audit_query(struct store *s, const struct store_audit_query *q,
                      int (*fn)(void *ctx, const struct store_audit_entry *entry), void *ctx,
                      struct error *e);

/* How far the read journal is folded into the table (domain/audit_journal.h):
 * its generation (33 bytes; "" when never) and how many of its entries;
 * *here = 1 when the current transaction set them. */
int store_audit_journal_get(struct store *s, char *generation, int64_t *folded, int *here,
                            struct error *e);
/* Records them, inside the transaction that appends the folded entries. */
int store_audit_journal_set(struct store *s, const char *generation, int64_t folded,
                            struct error *e);

#endif
