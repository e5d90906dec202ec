/*
 * audit_journal.h — the read journal (issue 14 part 12): where the audit
 * entry of a read goes while another writer (a long import) holds the
 * database's write lock, so that the read neither waits for that writer
 * nor answers before its entry is durable.
 *
 * The file "<db>.readlog" beside the database (0600), one JSON object a
 * line: a header naming the journal's generation (random), then entries
 * numbered 1, 2, ... each with a keyed MAC (the audit key, audit.h) over
 * its fields, its number, the generation and the MAC of the entry before,
 * so a changed, removed or reordered entry breaks the journal's chain.
 * Appended under flock(2) and fdatasync'ed before the read is answered;
 * a line cut short by a crash was never answered and is dropped.
 *
 * Folded into the audit table by the next holder of the write lock: every
 * audit_append in a write transaction first appends the journal's entries
 * not yet folded, in order and keeping their time, and records in the same
 * transaction the generation and how many of its entries are folded (table
 * audit_journal). A crash before that commit folds them again later, one
 * after it never twice. A later writer that finds the whole file folded by
 * a committed transaction removes it; the next read starts a new
 * generation. A journal whose chain is broken, or that holds fewer entries
 * than were folded from it (cut), is folded as far as it holds and then
 * set aside as "<db>.readlog.damaged" for `vitaal audit verify` to report.
 *
 * Anchored like the audit log (audit_checkpoint.h): every entry, once
 * durable and before its read is answered, signs a mark "generation G
 * held entry N with MAC M" into the checkpoint file; a compaction signs
 * what it keeps before its rename, a writer signs "settled" before it
 * removes a folded journal and after it sets a damaged one aside. A
 * journal that no longer holds the last marked entry was cut (or removed
 * while it held reads): the fold folds what is left and sets it aside, a
 * read refuses to chain onto it, verify reports it, and a read that finds
 * the journal gone before it was settled leaves a note where a damaged
 * journal would be set aside.
 *
 * Never call these with the journal's flock held; all take it themselves,
 * so threads and processes may share the file.
 */
#ifndef VITAAL_DOMAIN_AUDIT_JOURNAL_H
#define VITAAL_DOMAIN_AUDIT_JOURNAL_H

#include "base/error.h"
#include "domain/audit.h"
#include "store/audit.h"
#include "store/store.h"

#include <stdint.h>

/* Appends ev (time now) to the journal of log; durable when it returns 0.
 * A journal whose chain is broken is refused (ERR_STORE): the read is
 * then not answered. */
int audit_journal_append(const struct audit_log *log, const struct audit_event *ev,
                         struct error *e);

/* Inside a transaction on s that holds the write lock: appends to the
 * audit table the journal's entries not folded yet and records how far it
 * is folded; removes the file (or sets a damaged one aside) when a
 * committed transaction folded all of it. */
int audit_journal_fold(struct audit_log *log, struct store *s, struct error *e);

/* Folds the journal in transactions of its own on s and removes it: with
 * wait, waiting for the lock as any writer does (ERR_BUSY when it does not
 * come), else only when the lock is free at once. *pending (may be NULL):
 * the entries still waiting in the journal afterwards. */
int audit_journal_settle(struct audit_log *log, struct store *s, int wait, int64_t *pending,
                         struct error *e);

struct audit_journal_check {
    int64_t entries;   /* entries in the journal whose chain holds */
    int64_t folded;    /* of those, folded into the table */
    int64_t pending;   /* the rest */
    char problem[512]; /* "" when it holds */
};

/* Checks the journal's chain, that it still holds every entry folded from
 * it, and that no damaged journal was set aside. */
int audit_journal_verify(const struct audit_log *log, struct store *s,
                         struct audit_journal_check *out, struct error *e);

/* Calls fn with each entry not folded yet, in order (seq 0; prev and mac
 * the journal's), for listings that cannot fold first. */
int audit_journal_each_pending(const struct audit_log *log, struct store *s,
                               int (*fn)(void *ctx, const struct store_audit_entry *entry),
                               void *ctx, struct error *e);

#endif
