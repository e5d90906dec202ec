/*
 * notify.h — each user's notifications (issue 12, part 4), and mailing
 * them.
 *
 * Notifications are derived, not stored: at every ask they are computed
 * for one user from the comments, the records and the clock, under that
 * user's need-to-know, so a writer never has to know who should hear of
 * its write, and a user never hears of a record it may not read (not even
 * one it could read once: what counts is the access of now). Only what the
 * user did with them is kept (store/comments.h): read up to a moment and
 * read one by one; and which were e-mailed.
 *
 * The sources, each a function over a struct notify_ctx (this file's
 * notify.c holds the one list):
 *   comment   a comment by someone else on a record the user's
 *             organisation owns or whose thread the user wrote in before;
 *   mention   a comment that mentions the user (instead of "comment");
 *   approval  an analysis, assessment or review in review that the user
 *             may approve (domain/approval.h: approval_may_decide);
 *   deadline_soon, deadline_passed
 *             a measure not done or cancelled whose due date is within 7
 *             days, or passed, for the users responsible: of the ministry
 *             responsible for one of its processes (department), or of the
 *             organisation that owns it.
 *   request   a request addressed to the user's organisation (at: sent);
 *   answer    a submitted answer (not a draft) to a request the user's
 *             organisation sent, or the user sent; the record named is the
 *             request, and the user must be able to read the answer too;
 *   deadline_soon, deadline_passed of a request
 *             for a recipient that has not answered an open request (due
 *             within 7 days, or passed); and deadline_passed for the
 *             sender once a recipient is overdue.
 * Every item passes notify_add, which asks access_can_read of the record
 * it names: the one guard. The title and text of a confidential or secret
 * record are left out (null), so a list of notifications, and a mail,
 * never carries classified content; opening the record shows it (and
 * audits the read).
 *
 * An item's id is stable ("comment:17", "approval:analyses:AN-1:v4",
 * "deadline_soon:measures:M-2:2026-12-10"), so read and mailed states stick.
 */
#ifndef VITAAL_DOMAIN_NOTIFY_H
#define VITAAL_DOMAIN_NOTIFY_H

#include "base/error.h"
#include "domain/access.h"
#include "store/store.h"
#include "store/users.h"

#include <jansson.h>
#include <stdint.h>

#define NOTIFY_WINDOW_DAYS 90 /* comments and approvals older than this are not told */
#define NOTIFY_SOON_DAYS   7  /* a deadline within this many days is near */
#define NOTIFY_MAIL_TRIES  8  /* failed tries of a mail before it is given up (and logged) */

struct notify_ctx;

/* For a source: the user asked for, its rules, and the clock. */
const struct store_user *notify_user(const struct notify_ctx *c);
struct access *notify_access(const struct notify_ctx *c);
struct store *notify_store(const struct notify_ctx *c);
int64_t notify_now(const struct notify_ctx *c);   /* UTC seconds */
int64_t notify_today(const struct notify_ctx *c); /* the Dutch day */
/* The earliest moment told of (now - NOTIFY_WINDOW_DAYS), UTC "...Z". */
const char *notify_since(const struct notify_ctx *c);

/* Adds one notification for the user, when it may read `record` (kind k,
 * as stored; else nothing is added and 0 returned). id: stable and
 * unique; event: comment, mention, approval, deadline_soon,
 * deadline_passed, request, answer; at: UTC time of the event; text: a
 * short excerpt or NULL; by: who caused it, or NULL. A second item with
 * the same id is ignored.
 * The requests' source is notify.c's notify_from_requests, listed in its
 * `sources` with the others. */
int notify_add(struct notify_ctx *c, const char *id, const char *event, const struct kind *k,
               const json_t *record, const char *at, const char *text, const char *by,
               struct error *e);

/* The user's notifications, newest first, as a new JSON object {"items":
 * [{"id", "event", "kind", "record", "title", "text", "by", "at",
 * "read"}], "unread": N}; a (access of u) is the user's rules. now: the
 * clock (UTC seconds). */
int notify_list(struct store *s, const struct store_user *u, struct access *a, int64_t now,
                json_t **out, struct error *e);

/* Marks read (ids NULL: every notification up to now; else the ids, a
 * JSON array of strings) in the caller's transaction. */
int notify_mark_read(struct store *s, const char *user, const json_t *ids, int64_t now,
                     struct error *e);

/* Sends one message; 0 when the relay took it, else an error in e. */
struct notify_mailer {
    int (*send)(void *ctx, const char *to, const char *subject, const char *body, struct error *e);
    void *ctx;
};

struct notify_mail_stats {
    int sent, failed, given_up;
};

/* Mails every user with an e-mail address (and not disabled) each
 * notification that happened after the address was set and was not mailed
 * yet: once; a failure is kept and tried again later (after 1, 2, 4, ...
 * minutes, at most NOTIFY_MAIL_TRIES times), each failure logged to
 * stderr. Opens and commits its own short transactions (the sending
 * happens outside any). */
int notify_mail_run(struct store *s, int64_t now, const struct notify_mailer *m,
                    struct notify_mail_stats *out, struct error *e);

/* The message of a notification for a mail: subject (ASCII, one line) and
 * body (Dutch, then English), as new strings in *subject and *body (free). */
void notify_mail_message(const json_t *item, char **subject, char **body);

#endif
