/*
 * api_session.c — who is asking: login (POST /api/v1/session) with the
 * failed-login limits, logout, the authentication of every other request
 * (Bearer token or session cookie), GET /api/v1/me, the audit log for
 * coordinators, and the OpenAPI document. The accounts themselves are
 * api_users.c's.
 *
 * An account with a second factor (domain/mfa.h) logs in with a code too:
 * without one the answer is 401 with message id mfa_required, and a wrong
 * one is a failed login like a wrong password. A user whose clearance
 * needs MFA and who has none gets a session that can only enrol.
 *
 * Every login is written to the audit log, failed ones per address and
 * minute (loginlog.h); a session that could not be audited is ended again
 * before the answer goes out. Failed logins slow down the next attempt of
 * the same name from the same address, and of the address (ratelimit.h).
 */
#include "http/api.h"

#include "base/timefmt.h"
#include "domain/access.h"
#include "domain/asof.h"
#include "domain/audit_journal.h"
#include "domain/mfa.h"
#include "domain/users.h"
#include "http/cache.h"
#include "http/loginlog.h"
#include "http/ratelimit.h"
#include "store/audit.h"
#include "store/model.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define LOGIN_NAME_MAX 256

static void free_user(void *u)
{
    store_user_free(u);
}

/* Appends one audit entry in a transaction of its own (logins). The actor
 * is the name that was tried, cut to a sane length. */
static int audit_alone(struct request *req, const char *actor, const char *action,
                       const char *detail)
{
    struct audit_event ev;
    char name[129];
    int rc;
    snprintf(name, sizeof name, "%s", actor);
    ev.actor = name;
    ev.address = req->address;
    ev.action = action;
    ev.kind = NULL;
    ev.record = NULL;
    ev.detail = detail;
    if ((rc = store_begin(req->store, &req->error)) != 0)
        return rc;
    if ((rc = audit_append(&req->state->audit, req->store, &ev, &req->error)) != 0) {
        store_rollback(req->store);
        return rc;
    }
    return store_commit(req->store, &req->error);
}

/* Reads {"username": "...", "password": "..."} and, for an account with a
 * second factor, "totp" or "recovery_code"; nothing else. */
static int read_credentials(struct request *req, const char **name, const char **password,
                            const char **totp, const char **recovery)
{
    static const char *const keys[] = {"username", "password", "totp", "recovery_code", NULL};
    json_t *body, *v;
    const char *key;
    size_t i;
    int rc;
    if ((rc = request_body_json(req, &body)) != 0)
        return rc;
    if (!json_is_object(body))
        return error_set(&req->error, ERR_INVALID, NULL,
                         "the body is an object {\"username\", \"password\"}");
    json_object_foreach(body, key, v)
    {
        for (i = 0; keys[i] && strcmp(key, keys[i]) != 0; i++)
            ;
        if (keys[i] == NULL)
            return error_set(&req->error, ERR_INVALID, key, "unknown field");
        if (!json_is_string(v))
            return error_set(&req->error, ERR_INVALID, key, "must be a string");
        if (json_string_length(v) == 0 || json_string_length(v) > LOGIN_NAME_MAX ||
            strlen(json_string_value(v)) != json_string_length(v))
            return error_set(&req->error, ERR_INVALID, key, "must be 1 .. %d bytes",
                             LOGIN_NAME_MAX);
    }
    *name = json_string_value(json_object_get(body, "username"));
    *password = json_string_value(json_object_get(body, "password"));
    *totp = json_string_value(json_object_get(body, "totp"));
    *recovery = json_string_value(json_object_get(body, "recovery_code"));
    if (*name == NULL)
        return error_set(&req->error, ERR_INVALID, "username", "required");
    if (*password == NULL)
        return error_set(&req->error, ERR_INVALID, "password", "required");
    if (*totp && *recovery)
        return error_set(&req->error, ERR_INVALID, "recovery_code", "give totp or recovery_code");
    return 0;
}

int64_t api_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Appends a failed login: on its own row when it is the first of its
 * address in this minute, else only counted (loginlog.h). A wrong second
 * factor (mfa) is a failed login like a wrong password. */
static int audit_failure(struct request *req, const char *name, int limited, int mfa, int64_t now)
{
    if (!loginlog_fail(req->state->login_failures, req->address, name, limited, now))
        return 0;
    return audit_alone(req, name, "login_failed",
                       limited ? "refused: wait after failed logins (further failures from "
                                 "this address in this minute are counted in one entry)"
                       : mfa   ? "wrong, expired or reused second-factor code (further failures "
                                 "from this address in this minute are counted in one entry)"
                               : "wrong user name or password (further failures from this "
                                 "address in this minute are counted in one entry)");
}

int api_session_mfa_failure(struct request *req, const char *name)
{
    struct http_state *st = req->state;
    char pair_key[RATELIMIT_KEY_MAX], addr_key[RATELIMIT_KEY_MAX];
    struct error kept = req->error;
    int rc;
    snprintf(pair_key, sizeof pair_key, "user:%s@%s", name, req->address ? req->address : "");
    snprintf(addr_key, sizeof addr_key, "addr:%s", req->address ? req->address : "");
    store_rollback(req->store); /* before the counts: they are written on their own */
    ratelimit_fail_shared(st->logins, req->store, pair_key, api_now_ms());
    ratelimit_fail_shared(st->login_addresses, req->store, addr_key, api_now_ms());
    if ((rc = audit_failure(req, name, 0, 1, (int64_t)time(NULL))) != 0)
        return rc;
    req->error = kept;
    return 0;
}

int api_session_mfa_wait(struct request *req, const char *name)
{
    struct http_state *st = req->state;
    char pair_key[RATELIMIT_KEY_MAX], addr_key[RATELIMIT_KEY_MAX];
    int64_t wait, wait_addr;
    snprintf(pair_key, sizeof pair_key, "user:%s@%s", name, req->address ? req->address : "");
    snprintf(addr_key, sizeof addr_key, "addr:%s", req->address ? req->address : "");
    wait = ratelimit_wait_shared(st->logins, req->store, pair_key, api_now_ms());
    wait_addr = ratelimit_wait_shared(st->login_addresses, req->store, addr_key, api_now_ms());
    if (wait_addr > wait)
        wait = wait_addr;
    if (wait <= 0)
        return 0;
    req->response.retry_after = (wait + 999) / 1000;
    return error_set(&req->error, ERR_RATE_LIMITED, NULL,
                     "too many wrong codes or failed logins; try again later");
}

/* The second factor of a login whose password was right: 0 when the user
 * needs none or gave a right code (*enrol_only 1 when its clearance needs
 * one it has not enrolled yet: the session may only enrol), *detail the
 * audit's words; ERR_UNAUTHORIZED with message id mfa_required when a
 * code is needed and none was given, mfa_wrong_code for a wrong one
 * (*wrong 1: it counts as a failed login). */
static int check_second_factor(struct request *req, const struct store_user *u, const char *totp,
                               const char *recovery, int *enrol_only, const char **detail,
                               int *wrong)
{
    int rc, required, left;
    *enrol_only = 0;
    *wrong = 0;
    *detail = NULL;
    if (u->mfa != STORE_MFA_ENROLLED) {
        if ((rc = mfa_required(req->store, u, &required, &req->error)) != 0)
            return rc;
        *enrol_only = required;
        if (required)
            *detail = "without a second factor, which the clearance needs: the session may only "
                      "enrol";
        return 0;
    }
    if (totp == NULL && recovery == NULL)
        return error_set_msg(&req->error, ERR_UNAUTHORIZED, "totp", "mfa_required",
                             "this account needs a code of its authenticator app (totp) or a "
                             "recovery code (recovery_code)",
                             NULL);
    if ((rc = store_begin(req->store, &req->error)) != 0)
        return rc;
    rc = mfa_verify(req->store, u->id, totp, recovery, (int64_t)time(NULL), &left, &req->error);
    if (rc != 0) {
        store_rollback(req->store);
        *wrong = rc == ERR_UNAUTHORIZED;
        return rc;
    }
    if ((rc = store_commit(req->store, &req->error)) != 0)
        return rc;
    *detail = recovery ? arena_printf(&req->arena, "with a recovery code (%d left)", left)
                       : "with a TOTP code";
    return 0;
}

int api_session_audit_failures(struct http_state *st, struct store *s, int all, struct error *e)
{
    struct loginlog_summary sums[16];
    struct request req;
    size_t n, i;
    int rc = 0;
    do {
        n = loginlog_take(st->login_failures, (int64_t)time(NULL), all, sums, 16);
        for (i = 0; i < n && rc == 0; i++) {
            char at[32], detail[LOGINLOG_NAMES_MAX + 200];
            timefmt_format_datetime(sums[i].minute, at);
            snprintf(detail, sizeof detail,
                     "%u more failed logins from this address in the minute from %s (%u "
                     "refused by the delay); names tried: %s",
                     (unsigned)sums[i].more, at, (unsigned)sums[i].limited, sums[i].names);
            request_init(&req, st, s);
            req.address = sums[i].key;
            rc = audit_alone(&req, "(failed logins)", "login_failed", detail);
            if (rc != 0)
                *e = req.error;
            request_release(&req);
        }
    } while (n == 16 && rc == 0);
    return rc;
}

int api_session_login(struct request *req)
{
    struct http_state *st = req->state;
    struct store_user *u = NULL;
    const char *name = NULL, *password = NULL, *totp = NULL, *recovery = NULL, *detail = NULL;
    char pair_key[RATELIMIT_KEY_MAX], addr_key[RATELIMIT_KEY_MAX], token[USERS_TOKEN_HEX + 1];
    char csrf[USERS_TOKEN_HEX + 1], expires[32];
    int64_t now = (int64_t)time(NULL), wait, wait_addr;
    struct json_writer w;
    int rc, enrol_only = 0, wrong = 0;

    /* the minutes of failed logins that ended: their summary rows first */
    if ((rc = api_session_audit_failures(st, req->store, 0, &req->error)) != 0)
        return rc;
    if ((rc = read_credentials(req, &name, &password, &totp, &recovery)) != 0)
        return rc;
    /* a name at an address, and an address: never a name alone, so nobody
     * can slow down the logins of another from elsewhere */
    snprintf(pair_key, sizeof pair_key, "user:%s@%s", name, req->address ? req->address : "");
    snprintf(addr_key, sizeof addr_key, "addr:%s", req->address ? req->address : "");
    wait = ratelimit_wait_shared(st->logins, req->store, pair_key, api_now_ms());
    wait_addr = ratelimit_wait_shared(st->login_addresses, req->store, addr_key, api_now_ms());
    if (wait_addr > wait)
        wait = wait_addr;
    if (wait > 0) {
        if ((rc = audit_failure(req, name, 1, 0, now)) != 0)
            return rc;
        req->response.retry_after = (wait + 999) / 1000;
        return error_set(&req->error, ERR_RATE_LIMITED, NULL,
                         "too many failed logins; try again later");
    }
    pthread_mutex_lock(&st->login_lock);
    rc = users_authenticate(req->store, name, password, &u, &req->error);
    pthread_mutex_unlock(&st->login_lock);
    if (rc == ERR_UNAUTHORIZED) {
        /* the delay counts from the answer */
        ratelimit_fail_shared(st->logins, req->store, pair_key, api_now_ms());
        ratelimit_fail_shared(st->login_addresses, req->store, addr_key, api_now_ms());
        if ((rc = audit_failure(req, name, 0, 0, now)) != 0)
            return rc;
        return error_set(&req->error, ERR_UNAUTHORIZED, NULL, "wrong user name or password");
    }
    if (rc != 0)
        return rc;
    arena_defer(&req->arena, free_user, u);
    rc = check_second_factor(req, u, totp, recovery, &enrol_only, &detail, &wrong);
    if (wrong) {
        struct error kept = req->error;
        ratelimit_fail_shared(st->logins, req->store, pair_key, api_now_ms());
        ratelimit_fail_shared(st->login_addresses, req->store, addr_key, api_now_ms());
        if ((rc = audit_failure(req, name, 0, 1, now)) != 0)
            return rc;
        req->error = kept;
        return ERR_UNAUTHORIZED;
    }
    if (rc != 0)
        return rc;
    now = (int64_t)time(NULL); /* the hash took a while: the session starts now */
    if ((rc = users_session_start(req->store, u->id, now, st->session_ttl, enrol_only, token, csrf,
                                  &req->error)) != 0)
        return rc;
    if ((rc = audit_alone(req, u->id, "login", detail)) != 0) {
        struct error ignored;
        users_session_end(req->store, token, &ignored);
        return rc;
    }
    ratelimit_clear_shared(st->logins, req->store, pair_key);

    timefmt_format_datetime(now + st->session_ttl, expires);
    req->response.set_cookie = arena_printf(
        &req->arena, "%s=%s; HttpOnly; SameSite=Strict; Path=/; Max-Age=%lld%s", HTTP_COOKIE_NAME,
        token, (long long)st->session_ttl, st->tls ? "; Secure" : "");
    request_json_begin(req, 200, &w);
    json_write_object_begin(&w);
    json_write_key(&w, "token");
    json_write_string(&w, token);
    json_write_key(&w, "csrf");
    json_write_string(&w, csrf);
    json_write_key(&w, "expires_at");
    json_write_string(&w, expires);
    json_write_key(&w, "enrol_only");
    json_write_bool(&w, enrol_only);
    json_write_key(&w, "user");
    api_user_write(&w, u, 0, NULL);
    json_write_object_end(&w);
    return request_json_end(req, &w);
}

int api_session_logout(struct request *req)
{
    int rc;
    if ((rc = store_begin(req->store, &req->error)) != 0)
        return rc;
    if ((rc = users_session_end(req->store, req->auth.token, &req->error)) != 0 ||
        (rc = request_audit(req, "logout", NULL, NULL, NULL)) != 0 ||
        (rc = request_commit(req)) != 0)
        return rc;
    req->response.set_cookie =
        arena_printf(&req->arena, "%s=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0%s",
                     HTTP_COOKIE_NAME, req->state->tls ? "; Secure" : "");
    req->response.status = 204;
    return 0;
}

int api_authenticate(struct request *req)
{
    const char *token = NULL;
    char user[129], csrf[65];
    struct store_user *u = NULL;
    struct access *a = NULL;
    struct error e = {0};
    uint64_t gen = atomic_load(&req->state->generation);
    int64_t now_ms = http_cache_now_ms();
    int rc;

    if (req->authorization) {
        if (strncasecmp(req->authorization, "Bearer ", 7) != 0)
            return error_set(&req->error, ERR_UNAUTHORIZED, "Authorization",
                             "use 'Authorization: Bearer TOKEN' with the token from login");
        token = req->authorization + 7;
        while (*token == ' ')
            token++;
    } else if (req->cookie_session) {
        token = req->cookie_session;
        req->auth.via_cookie = 1;
    } else {
        return error_set(&req->error, ERR_UNAUTHORIZED, NULL, "log in first: POST /api/v1/session");
    }
    if (strlen(token) != USERS_TOKEN_HEX)
        return error_set(&req->error, ERR_UNAUTHORIZED, NULL,
                         "the session is unknown or has expired; log in again");
    snprintf(req->auth.token, sizeof req->auth.token, "%s", token);
    if (req->cache && http_cache_identity_get(req->cache, token, gen, now_ms, &u, &a,
                                              req->auth.csrf, &req->auth.enrol_only)) {
        req->auth.user = u;
        req->auth.access = a;
        req->auth.borrowed = 1;
        return 0;
    }
    rc = users_session_find(req->store, token, (int64_t)time(NULL), user, csrf,
                            &req->auth.enrol_only, &e);
    if (rc == ERR_STORE || rc == ERR_INTERNAL) {
        req->error = e;
        return rc;
    }
    if (rc != 0)
        return error_set(&req->error, ERR_UNAUTHORIZED, NULL,
                         "the session is unknown or has expired; log in again");
    rc = store_user_get(req->store, user, &u, &e);
    if (rc == ERR_NOTFOUND || (rc == 0 && u->disabled)) {
        store_user_free(u);
        return error_set(&req->error, ERR_UNAUTHORIZED, NULL, "the account is disabled");
    }
    if (rc != 0) {
        req->error = e;
        return rc;
    }
    req->auth.user = u;
    snprintf(req->auth.csrf, sizeof req->auth.csrf, "%s", csrf);
    if ((rc = access_new(req->store, u, &req->auth.access, &req->error)) != 0)
        return rc;
    if (req->cache) {
        http_cache_identity_put(req->cache, token, gen, now_ms, u, req->auth.access, csrf,
                                req->auth.enrol_only);
        req->auth.borrowed = 1;
    }
    return 0;
}

/* A cookie session also learns its CSRF token here, so that a new tab of
 * the browser UI needs no new login (the token is no secret from the page
 * that holds the cookie; it only keeps other sites' pages out). */
int api_me(struct request *req)
{
    struct json_writer w;
    request_json_begin(req, 200, &w);
    json_write_object_begin(&w);
    api_user_write_fields(&w, req->auth.user, 0, req->auth.via_cookie ? req->auth.csrf : NULL);
    json_write_key(&w, "enrol_only");
    json_write_bool(&w, req->auth.enrol_only);
    json_write_object_end(&w);
    return request_json_end(req, &w);
}

struct audit_page {
    struct json_writer *w;
    int64_t last;
};

static void write_nullable(struct json_writer *w, const char *key, const char *v)
{
    json_write_key(w, key);
    if (v)
        json_write_string(w, v);
    else
        json_write_null(w);
}

static int write_entry(void *ctx, const struct store_audit_entry *a)
{
    struct audit_page *p = ctx;
    json_write_object_begin(p->w);
    json_write_key(p->w, "seq");
    if (a->seq) /* 0: still in the read journal, no place in the chain yet */
        json_write_int(p->w, a->seq);
    else
        json_write_null(p->w);
    write_nullable(p->w, "at", a->at);
    write_nullable(p->w, "actor", a->actor);
    write_nullable(p->w, "address", a->address);
    write_nullable(p->w, "action", a->action);
    write_nullable(p->w, "kind", a->kind);
    write_nullable(p->w, "record", a->record);
    write_nullable(p->w, "detail", a->detail);
    write_nullable(p->w, "prev", a->prev);
    write_nullable(p->w, "mac", a->mac);
    json_write_object_end(p->w);
    if (a->seq)
        p->last = a->seq;
    return 0;
}

/* A day of ?from or ?to (Amsterdam days, as the UI shows times) as the
 * last UTC second of that day, into until (24 bytes); NULL when absent. */
static int audit_day(struct request *req, const char *key, int64_t shift, char *until,
                     const char **out)
{
    const char *text = request_query(req, key);
    int64_t day;
    *out = NULL;
    if (text == NULL)
        return 0;
    if (timefmt_parse_date(text, &day) != 0)
        return error_set(&req->error, ERR_INVALID, key, "a date YYYY-MM-DD, not '%s'", text);
    asof_until(day + shift, until);
    *out = until;
    return 0;
}

int api_audit_list(struct request *req)
{
    static const char *const known[] = {"after", "before", "limit", "order", "actor",
                                        "kind",  "from",   "to",    NULL};
    struct json_writer w;
    struct audit_page page = {&w, 0};
    struct store_audit_query q = {0};
    char from[24], to[24];
    const char *order = request_query(req, "order");
    int64_t limit;
    int rc;

    if (!access_is_coordinator(req->auth.access))
        return error_set(&req->error, ERR_FORBIDDEN, NULL,
                         "only a coordinator reads the audit log");
    for (size_t i = 0; i < req->n_query; i++) {
        size_t k = 0;
        while (known[k] && strcmp(known[k], req->query[i].key) != 0)
            k++;
        if (known[k] == NULL)
            return error_set(&req->error, ERR_INVALID, req->query[i].key,
                             "unknown parameter (after, before, limit, order, actor, kind, "
                             "from, to)");
    }
    if ((rc = request_query_int(req, "after", 0, 0, INT64_MAX, &q.after)) != 0 ||
        (rc = request_query_int(req, "before", 0, 1, INT64_MAX, &q.before)) != 0 ||
        (rc = request_query_int(req, "limit", HTTP_LIST_LIMIT_DEFAULT, 1, HTTP_LIST_LIMIT_MAX,
                                &limit)) != 0)
        return rc;
    if (order && strcmp(order, "asc") != 0 && strcmp(order, "desc") != 0)
        return error_set(&req->error, ERR_INVALID, "order", "asc or desc, not '%s'", order);
    q.newest_first = order && strcmp(order, "desc") == 0;
    q.limit = (size_t)limit;
    q.actor = request_query(req, "actor");
    q.kind = request_query(req, "kind");
    if (q.kind && model_kind_find(q.kind) == NULL)
        return error_set(&req->error, ERR_INVALID, "kind", "no kind of record '%s'", q.kind);
    /* from: after the end of the day before; to: up to the end of the day */
    if ((rc = audit_day(req, "from", -1, from, &q.at_after)) != 0 ||
        (rc = audit_day(req, "to", 0, to, &q.at_until)) != 0)
        return rc;
    /* reads audited in the read journal (an import held the lock) go into
     * the chain first when the lock is free at once; else they are listed
     * apart, under "journal" */
    if ((rc = audit_journal_settle(&req->state->audit, req->store, 0, NULL, &req->error)) != 0)
        return rc;
    request_json_begin(req, 200, &w);
    json_write_object_begin(&w);
    json_write_key(&w, "items");
    json_write_array_begin(&w);
    if ((rc = store_audit_query(req->store, &q, write_entry, &page, &req->error)) != 0)
        return rc;
    json_write_array_end(&w);
    json_write_key(&w, "limit");
    json_write_int(&w, limit);
    /* the next page: after the last entry in order, before it newest first */
    json_write_key(&w, "next_after");
    if (page.last && !q.newest_first)
        json_write_int(&w, page.last);
    else
        json_write_null(&w);
    json_write_key(&w, "next_before");
    if (page.last && q.newest_first)
        json_write_int(&w, page.last);
    else
        json_write_null(&w);
    json_write_key(&w, "journal");
    json_write_array_begin(&w);
    if ((rc = audit_journal_each_pending(&req->state->audit, req->store, write_entry, &page,
                                         &req->error)) != 0)
        return rc;
    json_write_array_end(&w);
    json_write_object_end(&w);
    return request_json_end(req, &w);
}

int api_openapi(struct request *req)
{
    strbuf_reset(&req->response.body);
    strbuf_append(&req->response.body, req->state->openapi, req->state->openapi_len);
    req->response.status = 200;
    return 0;
}
