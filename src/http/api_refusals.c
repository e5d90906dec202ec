/*
 * api_refusals.c — refused reads and writes in the audit log (issue 14
 * part 5), gathered per user, kind of refusal and minute as failed logins
 * are per address (loginlog.h): the first refusal of a user's kind in a
 * minute gets its own row at once (action refused_read or refused_write,
 * the record asked for, "GET /api/v1/...: 404"); the further ones of that
 * minute are only counted, with the requests tried, and written as one
 * summary row once the minute has ended (at the next refusal, or when the
 * server stops). A refused read is a 403 or 404 answered to a signed-in
 * user's GET or HEAD, or a POST of an analysis that writes nothing
 * (cascade, criticality, what-if, IIM), a hidden record and an absent one
 * alike; a refused write the same for any other request (assess too). An anonymous request is not a
 * user's refusal (401; failed logins have their own rows).
 */
#include "http/api.h"

#include "base/timefmt.h"
#include "http/loginlog.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* Appends one entry in a transaction of its own on s. */
static int append_alone(struct http_state *st, struct store *s, const struct audit_event *ev,
                        struct error *e)
{
    int rc;
    if ((rc = store_begin_read(s, e)) != 0)
        return rc;
    if ((rc = audit_append(&st->audit, s, ev, e)) != 0) {
        store_rollback(s);
        return rc;
    }
    return store_commit(s, e);
}

int api_refusals_audit(struct http_state *st, struct store *s, int all, struct error *e)
{
    struct loginlog_summary sums[16];
    size_t n, i;
    int rc = 0;
    do {
        n = loginlog_take(st->refusals, (int64_t)time(NULL), all, sums, 16);
        for (i = 0; i < n && rc == 0; i++) {
            char action[32] = "", user[129] = "", at[32], detail[LOGINLOG_NAMES_MAX + 200];
            int status = 0;
            struct audit_event ev = {user, NULL, action, NULL, NULL, detail};
            sscanf(sums[i].key, "%31s %d %128s", action, &status, user);
            timefmt_format_datetime(sums[i].minute, at);
            snprintf(detail, sizeof detail,
                     "%u more refused %s (%d) of this user in the minute "
                     "from %s; tried: %s",
                     (unsigned)sums[i].more,
                     strcmp(action, "refused_read") == 0 ? "reads" : "writes", status, at,
                     sums[i].names);
            rc = append_alone(st, s, &ev, e);
        }
    } while (n == 16 && rc == 0);
    return rc;
}

int api_refusal_note(struct request *req, int code)
{
    /* the analyses asked for by POST compute, they write nothing: reads */
    static const char *const computed[] = {"/api/v1/cascade", "/api/v1/criticality",
                                           "/api/v1/whatif", "/api/v1/iim", NULL};
    int read = req->method == HTTP_GET || strcmp(req->method_name, "HEAD") == 0 ||
               model_value_index(computed, req->path) >= 0;
    const char *action = read ? "refused_read" : "refused_write";
    int status = error_http_status(code);
    char key[200], tried[160], detail[300];
    struct error e = {0};
    int rc;

    if ((code != ERR_NOTFOUND && code != ERR_FORBIDDEN) || req->auth.user == NULL ||
        req->state == NULL || req->state->refusals == NULL)
        return 0;
    store_rollback(req->store); /* the refused request's own transaction, if it left one */
    if ((rc = api_refusals_audit(req->state, req->store, 0, &e)) != 0)
        return rc;
    snprintf(key, sizeof key, "%s %d %s", action, status, req->auth.user->id);
    /* the list of what was tried is comma-separated: no commas inside one */
    snprintf(tried, sizeof tried, "%s %s", req->method_name, req->path);
    for (char *c = tried; *c; c++)
        if (*c == ',')
            *c = ';';
    if (!loginlog_fail(req->state->refusals, key, tried, 0, (int64_t)time(NULL)))
        return 0;
    snprintf(detail, sizeof detail,
             "%s: %d (further refused %s of this user in this minute are counted in one entry)",
             tried, status, read ? "reads" : "writes");
    {
        struct audit_event ev = {req->auth.user->id,
                                 req->address,
                                 action,
                                 req->kind ? req->kind->name : NULL,
                                 req->id,
                                 detail};
        rc = append_alone(req->state, req->store, &ev, &e);
    }
    return rc;
}
