/*
 * users.c — accounts, password hashing and sessions (see users.h).
 */
#include "domain/users.h"

#include "base/timefmt.h"
#include "base/xmalloc.h"
#include "domain/validate.h"

#include <jansson.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *const users_roles[] = {
    [ROLE_COORDINATOR] = "coordinator",
    [ROLE_DEPARTMENT] = "department",
    [ROLE_PROVIDER] = "provider",
    [ROLE_AUDITOR] = "auditor",
    [ROLE__COUNT] = NULL,
};
_Static_assert(sizeof users_roles / sizeof users_roles[0] == ROLE__COUNT + 1,
               "users_roles[] names every enum user_role");

int users_role_parse(const char *name)
{
    return name ? model_value_index(users_roles, name) : -1;
}

int users_role_of(const struct store_user *u)
{
    return users_role_parse(u->role);
}

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static int check_password(const char *password, struct error *e)
{
    char limit[16];
    if (strlen(password) > USERS_PASSWORD_MAX) {
        snprintf(limit, sizeof limit, "%d", USERS_PASSWORD_MAX);
        return error_set_msg(e, ERR_INVALID, "password", "too_long", "longer than {max} bytes",
                             "max", limit, NULL);
    }
    if (utf8_chars(password) < USERS_PASSWORD_MIN) {
        snprintf(limit, sizeof limit, "%d", USERS_PASSWORD_MIN);
        return error_set_msg(e, ERR_INVALID, "password", "password_short",
                             "needs at least {min} characters", "min", limit, NULL);
    }
    return 0;
}

static int hash_password(const char *password, char *out, struct error *e)
{
    if (sodium_init() < 0)
        return error_set(e, ERR_INTERNAL, NULL, "libsodium failed to start");
    if (crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return error_set(e, ERR_NOMEM, NULL, "not enough memory to hash the password");
    return 0;
}

/* A copy of old (or a blank user) with its own scope array. */
static struct store_user *user_copy(const struct store_user *old)
{
    struct store_user *u = xcalloc(1, sizeof *u);
    size_t i;
    if (old == NULL)
        return u;
    *u = *old;
    u->scope = NULL;
    u->n_scope = 0;
    if (old->n_scope)
        u->scope = xcalloc(old->n_scope, sizeof *u->scope);
    for (i = 0; i < old->n_scope; i++, u->n_scope++) {
        u->scope[i] = xstrdup(old->scope[i]);
    }
    return u;
}

/* Replaces u's scope by a copy of scope; ERR_INVALID for a repeated process
 * (the scope table holds each once). */
static int set_scope(struct store_user *u, const char *const *scope, size_t n, struct error *e)
{
    size_t i, j;
    for (i = 0; i < u->n_scope; i++)
        free(u->scope[i]);
    free(u->scope);
    u->scope = NULL;
    u->n_scope = 0;
    if (n == 0)
        return 0;
    u->scope = xcalloc(n, sizeof *u->scope);
    for (i = 0; i < n; i++) {
        for (j = 0; j < i; j++) {
            if (strcmp(scope[i], scope[j]) == 0)
                return error_set_msg(e, ERR_INVALID, "scope", "listed_twice",
                                     "'{value}' is listed twice", "value", scope[i], NULL);
        }
        u->scope[i] = xstrdup(scope[i]);
        u->n_scope++;
    }
    return 0;
}

/* The rules on the user as it will be stored: scope only for auditors, an
 * existing organisation (a ministry for a department user), existing
 * processes in the scope. */
static int check_user(struct store *s, const struct store_user *u, struct error *e)
{
    json_t *organisation = NULL;
    const char *kind;
    size_t i;
    int rc, exists, ministry;

    if (users_role_of(u) == ROLE_AUDITOR && u->n_scope == 0)
        return error_set_msg(e, ERR_INVALID, "scope", "auditor_needs_scope",
                             "an auditor needs a scope: the processes it reviews", NULL);
    if (users_role_of(u) != ROLE_AUDITOR && u->n_scope > 0)
        return error_set_msg(e, ERR_INVALID, "scope", "scope_only_auditor",
                             "only an auditor has a scope", NULL);
    if ((rc = store_record_get(s, model_kind(KIND_ORGANISATION), u->org, &organisation, e)) != 0)
        return rc == ERR_NOTFOUND
                   ? error_set_msg(e, ERR_INVALID, "org", "unknown_ref", "unknown {kind} '{id}'",
                                   "kind", "organisation", "id", u->org, NULL)
                   : rc;
    kind = json_string_value(json_object_get(organisation, "kind"));
    ministry = kind && strcmp(kind, "ministry") == 0;
    json_decref(organisation);
    if (users_role_of(u) == ROLE_DEPARTMENT && !ministry)
        return error_set_msg(e, ERR_INVALID, "org", "department_needs_ministry",
                             "a department user works for a ministry; '{org}' is not one", "org",
                             u->org, NULL);
    for (i = 0; i < u->n_scope; i++) {
        if ((rc = store_record_exists(s, model_kind(KIND_PROCESS), u->scope[i], &exists, e)))
            return rc;
        if (!exists)
            return error_set_msg(e, ERR_INVALID, "scope", "unknown_ref", "unknown {kind} '{id}'",
                                 "kind", "process", "id", u->scope[i], NULL);
    }
    return 0;
}

int users_prepare(struct store *s, const char *name, const struct store_user *old,
                  const struct users_request *r, struct store_user **out, struct error *e)
{
    struct store_user *u = NULL;
    int rc = 0;

    *out = NULL;
    if (validate_id(name) != 0)
        return error_set_msg(
            e, ERR_INVALID, "username", "bad_id",
            "'{value}' is not a valid user name (1-128 letters, digits, '.', '_', ':', '-')",
            "value", name, NULL);
    if (old == NULL) {
        if (r->role == NULL)
            return error_set_msg(e, ERR_INVALID, "role", "missing", "required", NULL);
        if (r->org == NULL)
            return error_set_msg(e, ERR_INVALID, "org", "missing", "required", NULL);
        if (r->clearance == NULL)
            return error_set_msg(e, ERR_INVALID, "clearance", "missing", "required", NULL);
        if (r->password == NULL)
            return error_set_msg(e, ERR_INVALID, "password", "missing", "required", NULL);
    }
    if (r->role && users_role_parse(r->role) < 0)
        return error_set_msg(e, ERR_INVALID, "role", "not_one_of",
                             "'{value}' is not one of: {values}", "value", r->role, "values",
                             "coordinator, department, provider, auditor", NULL);
    if (r->clearance && model_value_index(model_classifications, r->clearance) < 0)
        return error_set_msg(e, ERR_INVALID, "clearance", "not_one_of",
                             "'{value}' is not one of: {values}", "value", r->clearance, "values",
                             "public, internal, confidential, secret", NULL);
    if (r->org && validate_id(r->org) != 0)
        return error_set_msg(e, ERR_INVALID, "org", "unknown_ref", "unknown {kind} '{id}'", "kind",
                             "organisation", "id", r->org, NULL);
    if (r->password && (rc = check_password(r->password, e)) != 0)
        return rc;
    u = user_copy(old);
    if (old == NULL) {
        snprintf(u->id, sizeof u->id, "%s", name);
        timefmt_format_datetime((int64_t)time(NULL), u->created_at);
    }
    if (r->role)
        snprintf(u->role, sizeof u->role, "%s", r->role);
    if (r->org)
        snprintf(u->org, sizeof u->org, "%s", r->org);
    if (r->clearance)
        snprintf(u->clearance, sizeof u->clearance, "%s", r->clearance);
    if (r->disabled >= 0)
        u->disabled = r->disabled != 0;
    /* a user who stops being an auditor stops reviewing its processes */
    if (r->has_scope)
        rc = set_scope(u, r->scope, r->n_scope, e);
    else if (users_role_of(u) != ROLE_AUDITOR)
        rc = set_scope(u, NULL, 0, e);
    if (rc != 0 || (rc = check_user(s, u, e)) != 0)
        goto cleanup;
    if (r->password && (rc = hash_password(r->password, u->password_hash, e)) != 0)
        goto cleanup;
    *out = u;
    u = NULL;
cleanup:
    store_user_free(u);
    return rc;
}

int users_save(struct store *s, const struct store_user *old, const struct store_user *u,
               struct error *e)
{
    int rc;
    if ((rc = store_user_put(s, u, e)) != 0)
        return rc;
    if (old == NULL || u->disabled || strcmp(old->password_hash, u->password_hash) != 0)
        return store_session_delete_user(s, u->id, e);
    return 0;
}

int users_check_self(const char *actor, const struct store_user *old, const struct store_user *u,
                     struct error *e)
{
    if (old == NULL || strcmp(actor, old->id) != 0)
        return 0;
    if (u->disabled && !old->disabled)
        return error_set_msg(e, ERR_CONFLICT, "disabled", "user_self_disable",
                             "you cannot disable your own account; ask another coordinator", NULL);
    if (strcmp(u->role, old->role) != 0)
        return error_set_msg(e, ERR_CONFLICT, "role", "user_self_role",
                             "you cannot change your own role; ask another coordinator", NULL);
    return 0;
}

/* --- the audit log's words for a change ----------------------------------- */

static void append_scope(char *detail, size_t size, const struct store_user *u)
{
    size_t i, used = strlen(detail);
    for (i = 0; i < u->n_scope && used < size; i++)
        used += (size_t)snprintf(detail + used, size - used, "%s%s", i ? "," : "", u->scope[i]);
}

static int same_scope(const struct store_user *a, const struct store_user *b)
{
    size_t i;
    if (a->n_scope != b->n_scope)
        return 0;
    for (i = 0; i < a->n_scope; i++) {
        if (strcmp(a->scope[i], b->scope[i]) != 0)
            return 0;
    }
    return 1;
}

int users_same(const struct store_user *a, const struct store_user *b)
{
    return strcmp(a->role, b->role) == 0 && strcmp(a->org, b->org) == 0 &&
           strcmp(a->clearance, b->clearance) == 0 && a->disabled == b->disabled &&
           strcmp(a->password_hash, b->password_hash) == 0 && same_scope(a, b);
}

/* Appends "; " (unless first) and the formatted text to detail. */
static void note(char *detail, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void note(char *detail, size_t size, const char *fmt, ...)
{
    size_t used = strlen(detail);
    va_list ap;
    if (used + 2 >= size)
        return;
    if (used) {
        memcpy(detail + used, "; ", 3);
        used += 2;
    }
    va_start(ap, fmt);
    vsnprintf(detail + used, size - used, fmt, ap);
    va_end(ap);
}

void users_describe(const struct store_user *old, const struct store_user *u, char *detail,
                    size_t size)
{
    detail[0] = '\0';
    if (old == NULL) {
        note(detail, size, "role %s", u->role);
        note(detail, size, "org %s", u->org);
        note(detail, size, "clearance %s", u->clearance);
        if (u->n_scope) {
            note(detail, size, "scope ");
            append_scope(detail, size, u);
        }
        return;
    }
    if (strcmp(old->role, u->role) != 0)
        note(detail, size, "role %s -> %s", old->role, u->role);
    if (strcmp(old->org, u->org) != 0)
        note(detail, size, "org %s -> %s", old->org, u->org);
    if (strcmp(old->clearance, u->clearance) != 0)
        note(detail, size, "clearance %s -> %s", old->clearance, u->clearance);
    if (!same_scope(old, u) && u->n_scope == 0) {
        note(detail, size, "scope removed");
    } else if (!same_scope(old, u)) {
        note(detail, size, "scope ");
        append_scope(detail, size, u);
    }
    if (old->disabled != u->disabled)
        note(detail, size, "%s", u->disabled ? "disabled, sessions ended" : "enabled");
    if (strcmp(old->password_hash, u->password_hash) != 0)
        note(detail, size, "new password, sessions ended");
    if (detail[0] == '\0')
        note(detail, size, "no change");
}

/* Checks and writes u in a transaction of its own with its audit entry
 * (the CLI's writes). */
static int prepare_and_save(struct store *s, const char *name, const struct store_user *old,
                            const struct users_request *r, const struct users_audit *audit,
                            struct error *e)
{
    struct store_user *u = NULL;
    char detail[1024];
    int rc;
    if ((rc = users_prepare(s, name, old, r, &u, e)) != 0)
        return rc;
    users_describe(old, u, detail, sizeof detail);
    if ((rc = store_begin(s, e)) != 0)
        goto cleanup;
    if ((rc = users_save(s, old, u, e)) != 0)
        goto rollback;
    if (audit) {
        struct audit_event ev = {audit->actor, NULL,  old ? "update" : "create",
                                 "users",      u->id, detail};
        if ((rc = audit_append(audit->log, s, &ev, e)) != 0)
            goto rollback;
    }
    rc = store_commit(s, e);
    goto cleanup;
rollback:
    store_rollback(s);
cleanup:
    store_user_free(u);
    return rc;
}

int users_add(struct store *s, const char *name, const char *role, const char *org,
              const char *clearance, const char *const *scope, size_t n_scope, const char *password,
              const struct users_audit *audit, struct error *e)
{
    struct users_request r = {role, org, clearance, scope, n_scope, 1, password, 0};
    return prepare_and_save(s, name, NULL, &r, audit, e);
}

static int update_user(struct store *s, const char *name, const char *password, int disabled,
                       const struct users_audit *audit, struct error *e)
{
    struct users_request r = {NULL, NULL, NULL, NULL, 0, 0, password, disabled};
    struct store_user *old = NULL;
    int rc;
    if ((rc = store_user_get(s, name, &old, e)) != 0)
        return rc;
    rc = prepare_and_save(s, name, old, &r, audit, e);
    store_user_free(old);
    return rc;
}

int users_set_password(struct store *s, const char *name, const char *password,
                       const struct users_audit *audit, struct error *e)
{
    return update_user(s, name, password, -1, audit, e);
}

int users_set_disabled(struct store *s, const char *name, int disabled,
                       const struct users_audit *audit, struct error *e)
{
    return update_user(s, name, NULL, disabled != 0, audit, e);
}

int users_check_email(const char *email, struct error *e)
{
    const char *at = email ? strchr(email, '@') : NULL, *p;
    size_t n = email ? strlen(email) : 0;
    int ok = at != NULL && at > email && strchr(at + 1, '@') == NULL && n >= 3 && n <= 254 &&
             strchr(at + 1, '.') != NULL && at[1] != '.' && email[n - 1] != '.';
    for (p = email; ok && *p; p++)
        ok = (unsigned char)*p > ' ' && (unsigned char)*p < 127 &&
             strchr("<>()[]\\,;:\"", *p) == NULL;
    return ok ? 0
              : error_set_msg(e, ERR_INVALID, "email", "users_email",
                              "an e-mail address: name@domain, without spaces or brackets", NULL);
}

int users_set_email(struct store *s, const char *name, const char *email, const char *at,
                    const struct users_audit *audit, struct error *e)
{
    char detail[300];
    int rc;
    if (email && (rc = users_check_email(email, e)) != 0)
        return rc;
    if ((rc = store_begin(s, e)) != 0)
        return rc;
    if ((rc = store_user_set_email(s, name, email, at, e)) != 0)
        goto rollback;
    if (audit) {
        struct audit_event ev = {audit->actor, NULL, "update", "users", name, detail};
        snprintf(detail, sizeof detail, "email %s", email ? email : "removed");
        if ((rc = audit_append(audit->log, s, &ev, e)) != 0)
            goto rollback;
    }
    return store_commit(s, e);
rollback:
    store_rollback(s);
    return rc;
}

int users_authenticate(struct store *s, const char *name, const char *password,
                       struct store_user **out, struct error *e)
{
    /* A fixed hash to verify against when the name is unknown, so that a
     * wrong name costs as much time as a wrong password. */
    static char dummy[crypto_pwhash_STRBYTES];
    struct store_user *u = NULL;
    int rc;

    *out = NULL;
    if (sodium_init() < 0)
        return error_set(e, ERR_INTERNAL, NULL, "libsodium failed to start");
    if (strlen(password) > USERS_PASSWORD_MAX)
        return error_set(e, ERR_UNAUTHORIZED, NULL, "wrong user name or password");
    rc = validate_id(name) == 0 ? store_user_get(s, name, &u, e) : ERR_NOTFOUND;
    if (rc != 0 && rc != ERR_NOTFOUND)
        return rc;
    if (u == NULL) {
        /* of a random secret nobody knows: no password matches it (it was
         * "x" once, and an unknown name with the password "x" answered 500,
         * telling that the name was unknown) */
        if (dummy[0] == '\0') {
            unsigned char secret[32];
            randombytes_buf(secret, sizeof secret);
            if (crypto_pwhash_str(dummy, (const char *)secret, sizeof secret,
                                  crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                  crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
                return error_set(e, ERR_NOMEM, NULL, "not enough memory to hash the password");
            sodium_memzero(secret, sizeof secret);
        }
        if (crypto_pwhash_str_verify(dummy, password, strlen(password)) == 0)
            return error_set(e, ERR_UNAUTHORIZED, NULL, "wrong user name or password");
        return error_set(e, ERR_UNAUTHORIZED, NULL, "wrong user name or password");
    }
    if (crypto_pwhash_str_verify(u->password_hash, password, strlen(password)) != 0 ||
        u->disabled) {
        store_user_free(u);
        return error_set(e, ERR_UNAUTHORIZED, NULL, "wrong user name or password");
    }
    *out = u;
    return 0;
}

static void token_hash(const char *token, char hex[65])
{
    unsigned char h[32];
    crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
    sodium_bin2hex(hex, 65, h, sizeof h);
}

int users_session_start(struct store *s, const char *user, int64_t now, int64_t ttl, int enrol_only,
                        char *token, char *csrf, struct error *e)
{
    unsigned char raw[32];
    char hash[65];
    int rc;
    if (sodium_init() < 0)
        return error_set(e, ERR_INTERNAL, NULL, "libsodium failed to start");
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(token, USERS_TOKEN_HEX + 1, raw, sizeof raw);
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(csrf, USERS_TOKEN_HEX + 1, raw, sizeof raw);
    token_hash(token, hash);
    if ((rc = store_begin(s, e)) != 0)
        return rc;
    if ((rc = store_session_purge(s, now, e)) != 0 ||
        (rc = store_session_put(s, hash, user, now, now + ttl, csrf, enrol_only, e)) != 0) {
        store_rollback(s);
        return rc;
    }
    return store_commit(s, e);
}

int users_session_find(struct store *s, const char *token, int64_t now, char *user, char *csrf,
                       int *enrol_only, struct error *e)
{
    char hash[65];
    if (strlen(token) != USERS_TOKEN_HEX)
        return error_set(e, ERR_UNAUTHORIZED, NULL, "not logged in");
    token_hash(token, hash);
    return store_session_get(s, hash, now, user, csrf, enrol_only, e);
}

int users_session_end(struct store *s, const char *token, struct error *e)
{
    char hash[65];
    if (strlen(token) != USERS_TOKEN_HEX)
        return 0;
    token_hash(token, hash);
    return store_session_delete(s, hash, e);
}

int users_session_set_full(struct store *s, const char *token, struct error *e)
{
    char hash[65];
    if (strlen(token) != USERS_TOKEN_HEX)
        return error_set(e, ERR_UNAUTHORIZED, NULL, "not logged in");
    token_hash(token, hash);
    return store_session_set_full(s, hash, e);
}
