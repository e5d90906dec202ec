/*
 * comments.h — the comment threads on records, and each user's state of
 * the notifications (read, e-mailed) in SQLite.
 *
 * A comment is not a record of the cycle: it has no classification of its
 * own and is never exported; who may read or write it is the domain's
 * business (domain/comment.h asks domain/access about the record it hangs
 * on). The table is append-only but for a retraction, which keeps the
 * text. The notifications themselves are derived (domain/notify.h); only
 * what a user did with them is kept here.
 */
#ifndef VITAAL_STORE_COMMENTS_H
#define VITAAL_STORE_COMMENTS_H

#include "base/error.h"
#include "store/store.h"

#include <jansson.h>
#include <stdint.h>

/* One comment; the strings are borrowed for a callback's duration. */
struct store_comment {
    int64_t id; /* 1, 2, 3, ... in the order they were made */
    const char *parent_kind;
    const char *parent_id;
    const char *author;       /* user name, or "cli:<login>" */
    const char *text;         /* 1 .. 4000 characters */
    const char *mentions;     /* a JSON array of user names */
    const char *created_at;   /* UTC time */
    const char *retracted_at; /* or NULL */
    const char *retraction;   /* the author's note on retracting, or NULL */
};

/* Appends c (its id and retraction are ignored) in the caller's
 * transaction; its new id in *id. */
int store_comment_add(struct store *s, const struct store_comment *c, int64_t *id, struct error *e);
/* Marks comment id of the parent retracted at `at` with note.
 * ERR_NOTFOUND when there is no such comment on that parent. */
int store_comment_retract(struct store *s, const char *parent_kind, const char *parent_id,
                          int64_t id, const char *at, const char *note, struct error *e);

typedef int (*store_comment_fn)(void *ctx, const struct store_comment *c);
/* Every comment on the record, oldest first. A non-zero return of fn stops
 * the walk and is returned. */
int store_comment_each(struct store *s, const char *parent_kind, const char *parent_id,
                       store_comment_fn fn, void *ctx, struct error *e);
/* Every comment made at or after since (UTC time), oldest first. */
int store_comment_each_since(struct store *s, const char *since, store_comment_fn fn, void *ctx,
                             struct error *e);
/* The comment with this id in fn (called once), or ERR_NOTFOUND. */
int store_comment_get(struct store *s, int64_t id, store_comment_fn fn, void *ctx, struct error *e);

/* The notifications a user has read: everything up to read_until (an UTC
 * time, "" when never) and the ids in *read (a new JSON object id -> true). */
int store_notify_read_get(struct store *s, const char *user, char *read_until, json_t **read,
                          struct error *e);
/* Marks everything up to `at` read (and forgets the single ids before). */
int store_notify_read_all(struct store *s, const char *user, const char *at, struct error *e);
/* Marks one notification read. */
int store_notify_read_one(struct store *s, const char *user, const char *id, const char *at,
                          struct error *e);

/* The mail state of one notification for a user: *sent 1 when it went
 * out, *attempts failed tries so far (0: never tried), last_at when last
 * tried (buffer of 21 bytes, "" when never). */
int store_notify_mail_get(struct store *s, const char *user, const char *id, int *sent,
                          int *attempts, char *last_at, struct error *e);
/* Records a try: sent, or failed with error. Counts the attempts. */
int store_notify_mail_put(struct store *s, const char *user, const char *id, int sent,
                          const char *at, const char *error, struct error *e);

#endif
