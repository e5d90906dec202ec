/*
 * users.h — accounts and login: who may use the server, with which role,
 * for which organisation and up to which classification; Argon2id password
 * hashes; random session tokens of which only a hash is stored.
 */
#ifndef VITAAL_DOMAIN_USERS_H
#define VITAAL_DOMAIN_USERS_H

#include "base/error.h"
#include "store/store.h"
#include "store/users.h"

#include <stddef.h>
#include <stdint.h>

#define USERS_PASSWORD_MIN 10  /* characters */
#define USERS_PASSWORD_MAX 256 /* bytes */
#define USERS_TOKEN_HEX    64  /* a session token: 32 random bytes, hex */

extern const char *const users_roles[]; /* coordinator, department, provider, auditor */

/* Adds a user, or with replace changes an existing one (the password too).
 * Checks: a valid name, a known role and clearance, an existing organisation
 * (of kind ministry for a department user), scope only for auditors and then
 * required, a password of USERS_PASSWORD_MIN.. characters. One transaction. */
int users_add(struct store *s, const char *name, const char *role, const char *org,
              const char *clearance, const char *const *scope, size_t n_scope, const char *password,
              struct error *e);
int users_set_password(struct store *s, const char *name, const char *password, struct error *e);
/* Disables (1) or enables (0) a user; disabling ends its sessions. */
int users_set_disabled(struct store *s, const char *name, int disabled, struct error *e);

/* Checks a login. *out (free with store_user_free) on success; ERR_UNAUTHORIZED
 * for a wrong name or password or a disabled user (one message for all, so a
 * caller cannot learn which names exist). */
int users_authenticate(struct store *s, const char *name, const char *password,
                       struct store_user **out, struct error *e);

/* Starts a session: a new token (hex, USERS_TOKEN_HEX + 1 bytes) and CSRF
 * token for the user, valid for ttl seconds from now. */
int users_session_start(struct store *s, const char *user, int64_t now, int64_t ttl, char *token,
                        char *csrf, struct error *e);
/* The user of a live session (buffers 129 and 65 bytes), else ERR_UNAUTHORIZED. */
int users_session_find(struct store *s, const char *token, int64_t now, char *user, char *csrf,
                       struct error *e);
int users_session_end(struct store *s, const char *token, struct error *e);

#endif
