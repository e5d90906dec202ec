/*
 * loginlog.h — refusals gathered per key and minute for the audit log, so
 * that nobody can add a row per attempt: failed logins per client address
 * (issue 14 parts 6 and 7; api_session.c), refused reads and writes per
 * user and kind of refusal (issue 14 part 5; api_refusals.c). Written for
 * logins; in the words below, "address" is the key and "names" what was
 * tried (user names; for refusals the requests).
 *
 * The first failure of an address in a minute is audited at once, on its
 * own row (so an attack shows in the log while it goes on); every further
 * failure of that address in that minute is only counted here, with the
 * names tried, and written as one summary row once the minute has ended
 * (at the next login attempt after it, or when the server stops). In
 * memory, bounded (LOGINLOG_CAPACITY groups; when full, a failure is
 * audited on its own row as before), safe to share between threads.
 */
#ifndef VITAAL_HTTP_LOGINLOG_H
#define VITAAL_HTTP_LOGINLOG_H

#include <stddef.h>
#include <stdint.h>

#define LOGINLOG_CAPACITY  1024
#define LOGINLOG_NAMES_MAX 200 /* bytes of the names tried, listed in the summary */

struct loginlog;

/* One (key, minute) whose later failures are to be audited. */
struct loginlog_summary {
    char key[200];    /* a client address, or "action status user" of a refusal */
    int64_t minute;   /* its start, seconds since 1970 */
    uint32_t more;    /* failures after the first (already audited) one */
    uint32_t limited; /* of which refused by the delay, without a password check */
    char names[LOGINLOG_NAMES_MAX +
               4]; /* the distinct names tried, comma-separated, cut with "..." */
};

/* An empty log (cannot fail: out of memory aborts); free with loginlog_free. */
struct loginlog *loginlog_new(void);
void loginlog_free(struct loginlog *l);

/* Records a failed login of name from address at now (limited: refused by
 * the delay). Returns 1 when the caller must audit it on its own row now
 * (the first of its address and minute, or the table is full), 0 when it
 * was counted for a summary. */
int loginlog_fail(struct loginlog *l, const char *address, const char *name, int limited,
                  int64_t now);

/* Moves up to max summaries into out: of the minutes that ended before now
 * (all: every minute, at a stop) and counted more than their first
 * failure; minutes with nothing more are dropped. Returns how many. */
size_t loginlog_take(struct loginlog *l, int64_t now, int all, struct loginlog_summary *out,
                     size_t max);

#endif
