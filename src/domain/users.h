/*
 * users.h — accounts and login: who may use the server, with which role,
 * for which organisation and up to which classification; Argon2id password
 * hashes; random session tokens of which only a hash is stored.
 */
#ifndef VITAAL_DOMAIN_USERS_H
#define VITAAL_DOMAIN_USERS_H

#include "base/error.h"
#include "domain/audit.h"
#include "store/store.h"
#include "store/users.h"

#include <stddef.h>
#include <stdint.h>

#define USERS_PASSWORD_MIN 10  /* characters */
#define USERS_PASSWORD_MAX 256 /* bytes */
#define USERS_TOKEN_HEX    64  /* a session token: 32 random bytes, hex */

/* The roles a user has. Code compares these; the names (users_roles[role])
 * are what the database, JSON and users' input hold. */
enum user_role { ROLE_COORDINATOR, ROLE_DEPARTMENT, ROLE_PROVIDER, ROLE_AUDITOR, ROLE__COUNT };

extern const char *const users_roles[]; /* the names by enum user_role, NULL-terminated */

/* The role named name, or -1 when it is none. */
int users_role_parse(const char *name);
/* The role of u as stored (-1 for a name that is no role). */
int users_role_of(const struct store_user *u);

/* Who changes accounts, for the audit log: each change below appends an
 * entry (kind "users", the user's name) in its own transaction. NULL
 * writes none (tests of the rules alone). */
struct users_audit {
    struct audit_log *log;
    const char *actor; /* "cli:<login>" */
};

/* Adds a user, or with replace changes an existing one (the password too).
 * Checks: a valid name, a known role and clearance, an existing organisation
 * (of kind ministry for a department user), scope only for auditors and then
 * required, a password of USERS_PASSWORD_MIN.. characters. One transaction. */
int users_add(struct store *s, const char *name, const char *role, const char *org,
              const char *clearance, const char *const *scope, size_t n_scope, const char *password,
              const struct users_audit *audit, struct error *e);
int users_set_password(struct store *s, const char *name, const char *password,
                       const struct users_audit *audit, struct error *e);
/* Disables (1) or enables (0) a user; disabling ends its sessions. */
int users_set_disabled(struct store *s, const char *name, int disabled,
                       const struct users_audit *audit, struct error *e);

/* Sets the address notifications are mailed to (domain/notify.h), or with
 * email NULL removes it; mail goes out for what happens from `at` (UTC)
 * on. ERR_INVALID (users_email) for what is not one plain address
 * (local@domain, no spaces, brackets, quotes or line breaks, at most 254).
 * One transaction, audited. */
int users_set_email(struct store *s, const char *name, const char *email, const char *at,
                    const struct users_audit *audit, struct error *e);
/* 0 when email is one plain address (the rule of users_set_email). */
int users_check_email(const char *email, struct error *e);

/* What a user is to become, as the API asks for it. For a new user role,
 * org, clearance and password are required; for a change NULL (has_scope
 * 0, disabled -1) keeps what is stored, except that a user who stops being
 * an auditor loses its scope. */
struct users_request {
    const char *role;
    const char *org;
    const char *clearance;
    const char *const *scope; /* used when has_scope */
    size_t n_scope;
    int has_scope;
    const char *password; /* a new password, or NULL */
    int disabled;         /* 1, 0, or -1: as it is (a new user: enabled) */
};

/* Checks request with the rules of users_add and builds in *out (free with
 * store_user_free) the user to store under name: old is the stored user for
 * a change, NULL for a new one. A new password is hashed here (Argon2id,
 * 64 MiB: callers may want to serialise). Writes nothing, so that a caller
 * can check everything before it opens its transaction. */
int users_prepare(struct store *s, const char *name, const struct store_user *old,
                  const struct users_request *request, struct store_user **out, struct error *e);

/* Writes u (from users_prepare) inside the caller's transaction. Ends the
 * user's sessions when it is disabled, its password changed, or old is NULL
 * (a new or wholly replaced user), so a disabled account is out at once. */
int users_save(struct store *s, const struct store_user *old, const struct store_user *u,
               struct error *e);

/* 1 when a and b are the same account in every stored field (the API
 * checks that nobody changed it between reading and writing). */
int users_same(const struct store_user *a, const struct store_user *b);

/* The audit log's words for turning old (NULL: a new user) into u, e.g.
 * "role provider; org polderbank; clearance internal" or "disabled,
 * sessions ended"; never the password. The CLI and the API both log these. */
void users_describe(const struct store_user *old, const struct store_user *u, char *detail,
                    size_t size);

/* Whether actor may turn old into u: nobody disables their own account or
 * gives themself another role, so the last coordinator cannot lock everyone
 * out of user management. ERR_CONFLICT naming the field otherwise. */
int users_check_self(const char *actor, const struct store_user *old, const struct store_user *u,
                     struct error *e);

/* Checks a login. *out (free with store_user_free) on success; ERR_UNAUTHORIZED
 * for a wrong name or password or a disabled user (one message for all, so a
 * caller cannot learn which names exist). */
int users_authenticate(struct store *s, const char *name, const char *password,
                       struct store_user **out, struct error *e);

/* Starts a session: a new token (hex, USERS_TOKEN_HEX + 1 bytes) and CSRF
 * token for the user, valid for ttl seconds from now; enrol_only 1 for a
 * session that may do nothing but enrol in MFA (domain/mfa.h). */
int users_session_start(struct store *s, const char *user, int64_t now, int64_t ttl, int enrol_only,
                        char *token, char *csrf, struct error *e);
/* The user of a live session (buffers 129 and 65 bytes) and whether it may
 * only enrol, else ERR_UNAUTHORIZED. */
int users_session_find(struct store *s, const char *token, int64_t now, char *user, char *csrf,
                       int *enrol_only, struct error *e);
/* Lets an enrol-only session do everything (inside the caller's
 * transaction; after the user confirmed enrolment). */
int users_session_set_full(struct store *s, const char *token, struct error *e);
int users_session_end(struct store *s, const char *token, struct error *e);

#endif
