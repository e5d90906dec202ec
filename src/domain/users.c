/*
 * users.c — accounts, password hashing and sessions (see users.h).
 */
#include "domain/users.h"

#include "base/timefmt.h"
#include "domain/validate.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *const users_roles[] = {"coordinator", "department", "provider", "auditor", NULL};

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static int check_password(const char *password, struct error *e)
{
    if (strlen(password) > USERS_PASSWORD_MAX)
        return error_set(e, ERR_INVALID, "password", "longer than %d bytes", USERS_PASSWORD_MAX);
    if (utf8_chars(password) < USERS_PASSWORD_MIN)
        return error_set(e, ERR_INVALID, "password", "needs at least %d characters",
                         USERS_PASSWORD_MIN);
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

int users_add(struct store *s, const char *name, const char *role, const char *org,
              const char *clearance, const char *const *scope, size_t n_scope, const char *password,
              struct error *e)
{
    struct store_user u;
    json_t *organisation = NULL;
    size_t i;
    int rc, exists;

    memset(&u, 0, sizeof u);
    if (validate_id(name) != 0)
        return error_set(e, ERR_INVALID, "name",
                         "'%s' is not a valid user name (1-128 letters, digits, '.', '_', '-')",
                         name);
    if (model_value_index(users_roles, role) < 0)
        return error_set(e, ERR_INVALID, "role",
                         "'%s' is not one of: coordinator, department, provider, auditor", role);
    if (model_value_index(model_classifications, clearance) < 0)
        return error_set(e, ERR_INVALID, "clearance",
                         "'%s' is not one of: public, internal, confidential, secret", clearance);
    if (strcmp(role, "auditor") == 0 && n_scope == 0)
        return error_set(e, ERR_INVALID, "scope",
                         "an auditor needs a scope: the processes it reviews");
    if (strcmp(role, "auditor") != 0 && n_scope > 0)
        return error_set(e, ERR_INVALID, "scope", "only an auditor has a scope");
    if ((rc = check_password(password, e)) != 0)
        return rc;
    if ((rc = store_record_get(s, model_kind_find("organisations"), org, &organisation, e)) != 0)
        return rc == ERR_NOTFOUND
                   ? error_set(e, ERR_INVALID, "org", "unknown organisation '%s'", org)
                   : rc;
    if (strcmp(role, "department") == 0 &&
        strcmp(json_string_value(json_object_get(organisation, "kind")), "ministry") != 0) {
        json_decref(organisation);
        return error_set(e, ERR_INVALID, "org",
                         "a department user works for a ministry; '%s' is not one", org);
    }
    json_decref(organisation);
    for (i = 0; i < n_scope; i++) {
        if ((rc = store_record_exists(s, model_kind_find("processes"), scope[i], &exists, e)))
            return rc;
        if (!exists)
            return error_set(e, ERR_INVALID, "scope", "unknown process '%s'", scope[i]);
    }
    snprintf(u.id, sizeof u.id, "%s", name);
    snprintf(u.role, sizeof u.role, "%s", role);
    snprintf(u.org, sizeof u.org, "%s", org);
    snprintf(u.clearance, sizeof u.clearance, "%s", clearance);
    timefmt_format_datetime((int64_t)time(NULL), u.created_at);
    u.scope = (char **)scope;
    u.n_scope = n_scope;
    if ((rc = hash_password(password, u.password_hash, e)) != 0)
        return rc;
    if ((rc = store_begin(s, e)) != 0)
        return rc;
    if ((rc = store_user_put(s, &u, e)) != 0 || (rc = store_session_delete_user(s, name, e)) != 0) {
        store_rollback(s);
        return rc;
    }
    return store_commit(s, e);
}

static int update_user(struct store *s, const char *name, const char *password, int disabled,
                       struct error *e)
{
    struct store_user *u = NULL;
    int rc;
    if ((rc = store_user_get(s, name, &u, e)) != 0)
        return rc;
    if (password) {
        if ((rc = check_password(password, e)) != 0 ||
            (rc = hash_password(password, u->password_hash, e)) != 0)
            goto cleanup;
    }
    if (disabled >= 0)
        u->disabled = disabled;
    if ((rc = store_begin(s, e)) != 0)
        goto cleanup;
    if ((rc = store_user_put(s, u, e)) != 0 || (rc = store_session_delete_user(s, name, e)) != 0) {
        store_rollback(s);
        goto cleanup;
    }
    rc = store_commit(s, e);
cleanup:
    store_user_free(u);
    return rc;
}

int users_set_password(struct store *s, const char *name, const char *password, struct error *e)
{
    return update_user(s, name, password, -1, e);
}

int users_set_disabled(struct store *s, const char *name, int disabled, struct error *e)
{
    return update_user(s, name, NULL, disabled != 0, e);
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
        if (dummy[0] == '\0' && crypto_pwhash_str(dummy, "x", 1, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                                  crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
            return error_set(e, ERR_NOMEM, NULL, "out of memory");
        if (crypto_pwhash_str_verify(dummy, password, strlen(password)) == 0)
            return error_set(e, ERR_INTERNAL, NULL, "the dummy hash matched");
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

int users_session_start(struct store *s, const char *user, int64_t now, int64_t ttl, char *token,
                        char *csrf, struct error *e)
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
        (rc = store_session_put(s, hash, user, now, now + ttl, csrf, e)) != 0) {
        store_rollback(s);
        return rc;
    }
    return store_commit(s, e);
}

int users_session_find(struct store *s, const char *token, int64_t now, char *user, char *csrf,
                       struct error *e)
{
    char hash[65];
    if (strlen(token) != USERS_TOKEN_HEX)
        return error_set(e, ERR_UNAUTHORIZED, NULL, "not logged in");
    token_hash(token, hash);
    return store_session_get(s, hash, now, user, csrf, e);
}

int users_session_end(struct store *s, const char *token, struct error *e)
{
    char hash[65];
    if (strlen(token) != USERS_TOKEN_HEX)
        return 0;
    token_hash(token, hash);
    return store_session_delete(s, hash, e);
}
