/*
 * api_users.c — the accounts, for coordinators only: GET /api/v1/users,
 * POST /api/v1/users (a new account) and PUT /api/v1/users/{username}
 * (role, organisation, clearance, scope, disabled, a new password); and the
 * one way the API shows a user (never its password hash).
 *
 * The rules are domain/users.h's, the same the CLI's `vitaal user` follows:
 * everything is checked and the password hashed before the transaction,
 * which then writes the user, ends its sessions when it is disabled or its
 * password changed, and appends the audit entry. A coordinator cannot
 * disable or demote itself, so user management always keeps a coordinator.
 */
#include "http/api.h"

#include "domain/users.h"

#include <stdio.h>
#include <string.h>

#define USERS_FIELD_MAX  256  /* bytes of a string field (the password's limit) */
#define USERS_SCOPE_MAX  1000 /* processes in an auditor's scope */
#define USERS_DETAIL_MAX 1024 /* the audit entry's description of a change */

void api_user_write_fields(struct json_writer *w, const struct store_user *u, int with_disabled,
                           const char *csrf)
{
    json_write_key(w, "username");
    json_write_string(w, u->id);
    json_write_key(w, "role");
    json_write_string(w, u->role);
    json_write_key(w, "org");
    json_write_string(w, u->org);
    json_write_key(w, "clearance");
    json_write_string(w, u->clearance);
    json_write_strings(w, "scope", u->scope, u->n_scope);
    if (with_disabled) {
        json_write_key(w, "disabled");
        json_write_bool(w, u->disabled != 0);
    }
    json_write_key(w, "mfa");
    json_write_string(w, u->mfa == STORE_MFA_ENROLLED  ? "enrolled"
                         : u->mfa == STORE_MFA_PENDING ? "pending"
                                                       : "none");
    if (csrf) {
        json_write_key(w, "csrf");
        json_write_string(w, csrf);
    }
}

void api_user_write(struct json_writer *w, const struct store_user *u, int with_disabled,
                    const char *csrf)
{
    json_write_object_begin(w);
    api_user_write_fields(w, u, with_disabled, csrf);
    json_write_object_end(w);
}

static void free_user(void *u)
{
    store_user_free(u);
}

static int require_coordinator(struct request *req, const char *what)
{
    if (!access_is_coordinator(req->auth.access))
        return error_set(&req->error, ERR_FORBIDDEN, NULL, "only a coordinator %s", what);
    return 0;
}

static int write_listed_user(void *ctx, const struct store_user *u)
{
    api_user_write(ctx, u, 1, NULL);
    return 0;
}

int api_users_list(struct request *req)
{
    struct json_writer w;
    int rc;
    if ((rc = require_coordinator(req, "lists the users")) != 0)
        return rc;
    if (req->n_query > 0)
        return error_set(&req->error, ERR_INVALID, req->query[0].key, "unknown parameter");
    request_json_begin(req, 200, &w);
    json_write_object_begin(&w);
    json_write_key(&w, "items");
    json_write_array_begin(&w);
    if ((rc = store_user_each(req->store, write_listed_user, &w, &req->error)) != 0)
        return rc;
    json_write_array_end(&w);
    json_write_object_end(&w);
    return request_json_end(req, &w);
}

/* A string field of body (NULL when absent): 1 .. USERS_FIELD_MAX bytes,
 * no NUL inside. */
static int body_string(struct request *req, json_t *body, const char *key, const char **out)
{
    json_t *v = json_object_get(body, key);
    *out = NULL;
    if (v == NULL)
        return 0;
    if (!json_is_string(v))
        return error_set(&req->error, ERR_INVALID, key, "must be a string");
    if (json_string_length(v) == 0 || json_string_length(v) > USERS_FIELD_MAX ||
        strlen(json_string_value(v)) != json_string_length(v))
        return error_set(&req->error, ERR_INVALID, key, "must be 1 .. %d bytes", USERS_FIELD_MAX);
    *out = json_string_value(v);
    return 0;
}

/* Reads the fields a coordinator may set into *r (username too when
 * username is not NULL); "disabled" only when allow_disabled. */
static int read_request(struct request *req, json_t *body, struct users_request *r,
                        const char **username, int allow_disabled)
{
    static const char *const keys[] = {"username",  "password", "role",     "org",
                                       "clearance", "scope",    "disabled", NULL};
    const char **scope;
    json_t *v, *item;
    size_t i;
    int rc;

    memset(r, 0, sizeof *r);
    r->disabled = -1;
    if ((rc = api_body_keys(req, body, keys)) != 0)
        return rc;
    if ((rc = body_string(req, body, "username", username)) != 0 ||
        (rc = body_string(req, body, "password", &r->password)) != 0 ||
        (rc = body_string(req, body, "role", &r->role)) != 0 ||
        (rc = body_string(req, body, "org", &r->org)) != 0 ||
        (rc = body_string(req, body, "clearance", &r->clearance)) != 0)
        return rc;
    if ((v = json_object_get(body, "disabled")) != NULL) {
        if (!allow_disabled)
            return error_set(&req->error, ERR_INVALID, "disabled",
                             "a new user starts enabled; leave it out");
        if (!json_is_boolean(v))
            return error_set(&req->error, ERR_INVALID, "disabled", "must be true or false");
        r->disabled = json_is_true(v);
    }
    if ((v = json_object_get(body, "scope")) != NULL) {
        if (!json_is_array(v) || json_array_size(v) > USERS_SCOPE_MAX)
            return error_set(&req->error, ERR_INVALID, "scope",
                             "an array of at most %d process ids", USERS_SCOPE_MAX);
        scope = arena_alloc(&req->arena, (json_array_size(v) + 1) * sizeof *scope);
        if (scope == NULL)
            return error_set(&req->error, ERR_TOO_LARGE, NULL, "over the request's memory limit");
        json_array_foreach(v, i, item)
        {
            if (!json_is_string(item) || json_string_length(item) == 0 ||
                json_string_length(item) > USERS_FIELD_MAX ||
                strlen(json_string_value(item)) != json_string_length(item))
                return error_set(&req->error, ERR_INVALID, "scope", "process ids are strings");
            scope[i] = json_string_value(item);
        }
        r->scope = scope;
        r->n_scope = json_array_size(v);
        r->has_scope = 1;
    }
    return 0;
}

/* Checks and hashes (users_prepare) one Argon2id at a time, as logins do:
 * each takes 64 MiB. */
static int prepare(struct request *req, const char *name, const struct store_user *old,
                   const struct users_request *r, struct store_user **out)
{
    int rc;
    if (r->password)
        pthread_mutex_lock(&req->state->login_lock);
    rc = users_prepare(req->store, name, old, r, out, &req->error);
    if (r->password)
        pthread_mutex_unlock(&req->state->login_lock);
    if (rc == 0)
        arena_defer(&req->arena, free_user, *out);
    return rc;
}

/* The audit entry of a change to an account: kind "users", record its name. */
static int audit_user(struct request *req, const char *action, const char *name, const char *detail)
{
    struct audit_event ev = {req->auth.user->id, req->address, action, "users", name, detail};
    return audit_append(&req->state->audit, req->store, &ev, &req->error);
}

static int render_user(struct request *req, int status, const struct store_user *u)
{
    struct json_writer w;
    request_json_begin(req, status, &w);
    api_user_write(&w, u, 1, NULL);
    return request_json_end(req, &w);
}

int api_users_create(struct request *req)
{
    struct users_request r;
    struct store_user *u = NULL, *existing = NULL;
    const char *name = NULL;
    char detail[USERS_DETAIL_MAX];
    json_t *body;
    int rc;

    if ((rc = require_coordinator(req, "adds users")) != 0 ||
        (rc = request_body_json(req, &body)) != 0 ||
        (rc = read_request(req, body, &r, &name, 0)) != 0)
        return rc;
    if (name == NULL)
        return error_set_msg(&req->error, ERR_INVALID, "username", "missing", "required", NULL);
    /* a taken name answers before the password is hashed, and again in the
     * transaction in case another request took it meanwhile */
    rc = store_user_get(req->store, name, &existing, &req->error);
    store_user_free(existing);
    if (rc == 0)
        return error_set_msg(&req->error, ERR_CONFLICT, "username", "user_taken",
                             "the user name '{name}' is taken", "name", name, NULL);
    if (rc != ERR_NOTFOUND || (rc = prepare(req, name, NULL, &r, &u)) != 0)
        return rc;
    if ((rc = store_begin(req->store, &req->error)) != 0)
        return rc;
    rc = store_user_get(req->store, name, &existing, &req->error);
    store_user_free(existing);
    if (rc == 0)
        return error_set_msg(&req->error, ERR_CONFLICT, "username", "user_taken",
                             "the user name '{name}' is taken", "name", name, NULL);
    users_describe(NULL, u, detail, sizeof detail);
    if (rc != ERR_NOTFOUND || (rc = users_save(req->store, NULL, u, &req->error)) != 0 ||
        (rc = audit_user(req, "create", name, detail)) != 0 || (rc = request_commit(req)) != 0)
        return rc;
    req->response.location = arena_printf(&req->arena, "/api/v1/users/%s", name);
    return render_user(req, 201, u);
}

int api_users_update(struct request *req)
{
    struct users_request r;
    struct store_user *old = NULL, *now = NULL, *u = NULL;
    const char *name = NULL;
    char detail[USERS_DETAIL_MAX];
    json_t *body;
    int rc;

    if ((rc = require_coordinator(req, "changes users")) != 0 ||
        (rc = request_body_json(req, &body)) != 0 ||
        (rc = read_request(req, body, &r, &name, 1)) != 0)
        return rc;
    if (name && strcmp(name, req->id) != 0)
        return error_set(&req->error, ERR_INVALID, "username",
                         "must be the name in the URL, '%s'; a user cannot be renamed", req->id);
    rc = store_user_get(req->store, req->id, &old, &req->error);
    if (rc == ERR_NOTFOUND)
        return error_set(&req->error, ERR_NOTFOUND, "username", "no user '%s'", req->id);
    if (rc != 0)
        return rc;
    arena_defer(&req->arena, free_user, old);
    if ((rc = prepare(req, req->id, old, &r, &u)) != 0 ||
        (rc = users_check_self(req->auth.user->id, old, u, &req->error)) != 0)
        return rc;
    if ((rc = store_begin(req->store, &req->error)) != 0)
        return rc;
    rc = store_user_get(req->store, req->id, &now, &req->error);
    if (rc == 0 && !users_same(now, old))
        rc = error_set(&req->error, ERR_CONFLICT, "username",
                       "someone else changed this user meanwhile; read it again and redo your "
                       "change");
    store_user_free(now);
    users_describe(old, u, detail, sizeof detail);
    if (rc != 0 || (rc = users_save(req->store, old, u, &req->error)) != 0 ||
        (rc = audit_user(req, "update", req->id, detail)) != 0 || (rc = request_commit(req)) != 0)
        return rc;
    return render_user(req, 200, u);
}
