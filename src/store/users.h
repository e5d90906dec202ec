/*
 * users.h — the people who log in to the server, and their sessions.
 *
 * Users are not records of the cycle: they are not exported or imported
 * with the data document. The store keeps what it is given; password
 * hashing, token generation and the access rules live in the domain layer
 * (domain/users.h, domain/access.h).
 */
#ifndef VITAAL_STORE_USERS_H
#define VITAAL_STORE_USERS_H

#include "base/error.h"
#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

struct store_user {
    char id[129];            /* the user name */
    char role[16];           /* coordinator, department, provider or auditor */
    char org[129];           /* the organisation the user works for */
    char clearance[16];      /* public .. secret */
    char password_hash[256]; /* an Argon2id string (crypto_pwhash_str) */
    int disabled;
    char created_at[21];
    char email[255];      /* where notifications are mailed, "" when none */
    char email_since[21]; /* when it was set: mail goes out for what happens after */
    char **scope;         /* auditor: the processes it may review (malloc'd) */
    size_t n_scope;
};

/* Inserts or replaces the user (and its scope). Needs a transaction. */
int store_user_put(struct store *s, const struct store_user *u, struct error *e);
/* The user in *out (free with store_user_free), or ERR_NOTFOUND. */
int store_user_get(struct store *s, const char *id, struct store_user **out, struct error *e);
/* Every user in id order; fn gets a user it must not keep. */
int store_user_each(struct store *s, int (*fn)(void *ctx, const struct store_user *u), void *ctx,
                    struct error *e);
void store_user_free(struct store_user *u);
/* Sets (email NULL: removes) the user's e-mail address, as of `at`; the
 * address is not checked here (domain/users.h does). ERR_NOTFOUND when
 * there is no such user. Needs a transaction. Not touched by
 * store_user_put. */
int store_user_set_email(struct store *s, const char *id, const char *email, const char *at,
                         struct error *e);

/* Sessions are known by the hash of their token, never the token itself. */
int store_session_put(struct store *s, const char *token_hash, const char *user_id,
                      int64_t created_at, int64_t expires_at, const char *csrf_token,
                      struct error *e);
/* The session's user and CSRF token (buffers of 129 and 65 bytes);
 * ERR_NOTFOUND when there is none or it expired at or before now. */
int store_session_get(struct store *s, const char *token_hash, int64_t now, char *user_id,
                      char *csrf_token, struct error *e);
int store_session_delete(struct store *s, const char *token_hash, struct error *e);
/* Ends every session of a user (disable, password change). */
int store_session_delete_user(struct store *s, const char *user_id, struct error *e);
/* Removes expired sessions. */
int store_session_purge(struct store *s, int64_t now, struct error *e);

#endif
