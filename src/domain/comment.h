/*
 * comment.h — comment threads on records (issue 12, part 3), with mentions
 * of users.
 *
 * A comment hangs on one record of the kinds in comment_parent_kinds and
 * takes that record's need-to-know: whoever may read the record
 * (domain/access) reads its thread; for anyone else the record, and so the
 * thread, does not exist (ERR_NOTFOUND). Whoever may read it may also
 * comment, except an auditor, who reads but never writes. Reading the
 * thread of a confidential or secret record is audited like reading the
 * record (the caller appends the entry; comment_list says when).
 *
 * Comments are never edited: the table is append-only, and only the
 * author may retract a comment, with a note; the text stays stored (and
 * in the audit log) but is no longer shown. A mention is "@username" in
 * the text (not preceded by a letter, digit or one of "._-", so an e-mail
 * address is no mention); every name mentioned must be a user (else
 * ERR_INVALID comment_unknown_mention). Whether the mentioned user may read
 * the record is not told to the writer: the mention is kept, and
 * domain/notify tells the user only if it may read the record.
 *
 * A request's thread is one more step narrower for a provider: the
 * recipients of a request do not learn of each other (domain/request.h),
 * so a provider reads there the comments of the sender's side (ministry,
 * coordinator) and of its own organisation, never another recipient's
 * (comment_hidden; the list and the notifications both ask it).
 *
 * Writes happen in the caller's transaction; the caller audits them.
 */
#ifndef VITAAL_DOMAIN_COMMENT_H
#define VITAAL_DOMAIN_COMMENT_H

#include "base/error.h"
#include "domain/access.h"
#include "store/store.h"

#include <jansson.h>
#include <stdint.h>

struct store_comment;

#define COMMENT_TEXT_MAX     4000 /* characters (UTF-8 code points) */
#define COMMENT_MENTIONS_MAX 20

/* The kinds a comment may hang on, NULL-terminated: the one list (the
 * router, the API, the CLI and domain/notify ask comment_kind_allowed). */
extern const char *const comment_parent_kinds[];
int comment_kind_allowed(const struct kind *k);

/* The record (kind k, id) a thread hangs on, as stored, in *out (a new
 * reference), when the user may read it (access NULL: the CLI, acting for
 * the coordinator). ERR_NOTFOUND when k takes no comments, the record is
 * absent or hidden. */
int comment_parent_get(struct store *s, struct access *a, const struct kind *k, const char *id,
                       json_t **out, struct error *e);

/* The distinct user names mentioned in text, in order, as a new JSON
 * array; ERR_INVALID comment_unknown_mention naming the first that is no
 * user, or comment_too_many_mentions. */
int comment_mentions(struct store *s, const char *text, json_t **out, struct error *e);

/* The distinct names after "@" in text, in order, as a new JSON array,
 * whether or not they are users (comment_mentions checks that). */
json_t *comment_mentions_parse(const char *text);

struct comment_new {
    const struct kind *kind; /* the record's kind */
    const char *parent_id;
    const char *text;
    const char *author;    /* a user name, or "cli:<login>" */
    struct access *access; /* the author's rules; NULL: the CLI, acting for the coordinator */
    const char *at;        /* UTC time */
};

/* Validates and appends a comment in the caller's transaction: the parent
 * readable (ERR_NOTFOUND), the author no auditor (ERR_FORBIDDEN
 * comment_auditor_reads), the text 1 .. COMMENT_TEXT_MAX characters
 * (ERR_INVALID comment_text), the mentions users. The new comment as the
 * API shows it in *out (a new reference, may be NULL). */
int comment_add(struct store *s, const struct comment_new *c, json_t **out, struct error *e);

/* Appends a comment from trusted data (the demo's, `vitaal init --demo`)
 * in the caller's transaction: the record must exist and the text keep the
 * rules, but the names mentioned need not be users yet (the demo's users
 * are made after its data). */
int comment_import(struct store *s, const struct comment_new *c, struct error *e);

/* Retracts comment id of the record, in the caller's transaction: only its
 * author (ERR_FORBIDDEN comment_not_author), with a note (ERR_INVALID
 * comment_retraction_note); ERR_NOTFOUND when the record is hidden or the
 * comment is not one of its thread, ERR_CONFLICT when retracted already. */
int comment_retract(struct store *s, struct access *a, const struct kind *k, const char *parent_id,
                    int64_t id, const char *author, const char *note, const char *at,
                    struct error *e);

/* Whether comment c is kept from a reader of role and org: a comment of
 * another provider's user in a request's thread, to a provider (role: an
 * enum user_role, or -1 for none). Authors
 * that are no user (the CLI's "cli:<login>") are the sender's side. */
int comment_hidden(struct store *s, int role, const char *org, const struct store_comment *c);

/* The record's thread, oldest first (without the comments hidden from
 * the reader, comment_hidden), as a new JSON array of {"id",
 * "author", "text" (null when retracted), "mentions", "created_at",
 * "retracted_at", "retraction"}; *audited 1 when the record is
 * confidential or secret (the caller appends the "read" entry). */
int comment_list(struct store *s, struct access *a, const struct kind *k, const char *parent_id,
                 json_t **out, int *audited, struct error *e);

#endif
