/*
 * audit_checkpoint.h — the audit log anchored outside the database (issue
 * 14 part 6). The MAC chain (audit.h) shows a changed, removed or reordered
 * entry, but not entries cut off the end, a deleted log, or a chain forged
 * again by whoever holds the database and its MAC key beside it. A
 * checkpoint is a signed statement "at time T the chain ended at entry N
 * with MAC M", Ed25519-signed with a key in a file of its own (0400; the
 * verify key public), appended as one line to a checkpoint file kept apart
 * from the database and written to the system log. `vitaal audit verify`
 * checks every checkpoint's signature and that the chain still holds each
 * checkpointed entry with the same MAC: a cut tail, a deleted log and a
 * re-forged chain all fail against the last checkpoint.
 *
 * Written by `vitaal serve` on start, every N entries and on stop, and by
 * every audited CLI write after its commit (never inside a transaction: a
 * checkpoint of an entry that is then rolled back would be a false alarm).
 *
 * Files (struct audit_anchor; the defaults beside the database, each
 * configurable): DB.signkey (secret, 0400), DB.signkey.pub (verify key,
 * public), DB.checkpoints (append-only lines
 * "vitaal-checkpoint-1 AT SEQ MAC REASON SIGNATURE").
 */
#ifndef VITAAL_DOMAIN_AUDIT_CHECKPOINT_H
#define VITAAL_DOMAIN_AUDIT_CHECKPOINT_H

#include "base/error.h"
#include "store/store.h"

#include <stdint.h>

struct audit_anchor {
    char sign_key[4200];    /* the secret signing key file */
    char verify_key[4200];  /* the public verify key file */
    char checkpoints[4200]; /* the checkpoint file */
};

/* The default files of the database at db_path, overridden by the
 * environment (VITAAL_AUDIT_SIGN_KEY, VITAAL_AUDIT_VERIFY_KEY,
 * VITAAL_AUDIT_CHECKPOINTS) where set. */
void audit_anchor_defaults(const char *db_path, struct audit_anchor *out);

/* Appends a signed checkpoint of the chain's head as s holds it now
 * (reason: "start", "stop", "entries", "write"), unless the last
 * checkpoint already names that head; makes the key pair on first use.
 * *written = 1 when a line was added. Also writes it to the system log. */
int audit_checkpoint(const struct audit_anchor *a, struct store *s, const char *reason,
                     int *written, struct error *e);

/* The seq of the last checkpoint in the file (0: none or no file). */
int audit_checkpoint_last(const struct audit_anchor *a, int64_t *seq, struct error *e);

struct audit_anchor_check {
    int64_t checkpoints; /* lines read */
    int64_t last_seq;    /* of the last checkpoint */
    char last_at[32];    /* when it was made */
    char problem[512];   /* "" when every checkpoint holds */
};

/* Checks every checkpoint: its signature with the verify key, and that the
 * chain in s holds its entry with its MAC. No checkpoint file: nothing to
 * check (checkpoints == 0). out->problem says what fails. */
int audit_checkpoint_verify(const struct audit_anchor *a, struct store *s,
                            struct audit_anchor_check *out, struct error *e);

/* A signed mark of the read journal (audit_journal.h), a line of its own
 * in the checkpoint file ("vitaal-readlog-mark-1 AT REASON GEN N MAC
 * FROMGEN FROMN FROMMAC SIGNATURE", "-" for an empty field): "entry" (the
 * journal of generation GEN held entry N with MAC M, written after that
 * entry was durable and before the read is answered), "compact" (the
 * journal GEN's first entries were folded and the rest written again as
 * FROM..., see audit_journal.c), "settled" (the journal FROM was folded
 * whole, or set aside as damaged, and is about to be removed). */
struct audit_journal_mark {
    char at[32];
    char reason[16];     /* "" when there is no mark */
    char generation[33]; /* "" for none */
    int64_t n;
    char mac[129];
    char from_generation[33];
    int64_t from_n;
    char from_mac[129];
};

/* Signs m (its time set to now) and appends it to the checkpoint file,
 * durable on return. */
int audit_journal_mark_append(const struct audit_anchor *a, struct audit_journal_mark *m,
                              struct error *e);

/* The last journal mark in the checkpoint file into *last (reason ""
 * when there is none). With verify, every mark's signature is checked
 * first: problem (size bytes) says which fails, "" when all hold. */
int audit_journal_mark_last(const struct audit_anchor *a, int verify,
                            struct audit_journal_mark *last, char *problem, size_t size,
                            struct error *e);

#endif
