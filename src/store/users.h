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
    int mfa;              /* STORE_MFA_NONE, _PENDING (enrolment started) or _ENROLLED */
    char **scope;         /* auditor: the processes it may review (malloc'd) */
    size_t n_scope;
};

enum { STORE_MFA_NONE = 0, STORE_MFA_PENDING = 1, STORE_MFA_ENROLLED = 2 };

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

/* --- MFA (domain/mfa.h): not touched by store_user_put --------------------- */

/* The user's TOTP key as hex (41 bytes, "" when none), whether it was
 * confirmed, and the last time step a code was accepted for. ERR_NOTFOUND
 * when there is no such user. */
int store_user_totp_get(struct store *s, const char *id, char *secret_hex, int *confirmed,
                        int64_t *last_step, struct error *e);
/* Sets the key (NULL: removes it, and every recovery code) with confirmed
 * and last_step. ERR_NOTFOUND when there is no such user. Needs a
 * transaction. */
int store_user_totp_set(struct store *s, const char *id, const char *secret_hex, int confirmed,
                        int64_t last_step, struct error *e);
/* Records that a code of time step `step` was accepted, only when step is
 * later than the last one: *taken 1 when it was, 0 when step was already
 * used (a replay). Atomic, so two requests with one code cannot both win. */
int store_user_totp_use_step(struct store *s, const char *id, int64_t step, int *taken,
                             struct error *e);
/* Replaces the user's recovery codes by these hashes (hex strings). */
int store_recovery_replace(struct store *s, const char *id, const char *const *hashes, size_t n,
                           struct error *e);
/* Marks the unused code with this hash used at `at`: *taken 1 when it was
 * there and unused, else 0. Atomic like store_user_totp_use_step. */
int store_recovery_use(struct store *s, const char *id, const char *hash, const char *at,
                       int *taken, struct error *e);
/* How many unused recovery codes the user has. */
int store_recovery_left(struct store *s, const char *id, int *left, struct error *e);

/* Sessions are known by the hash of their token, never the token itself.
 * An enrol_only session may do nothing but enrol in MFA (domain/mfa.h). */
int store_session_put(struct store *s, const char *token_hash, const char *user_id,
                      int64_t created_at, int64_t expires_at, const char *csrf_token,
                      int enrol_only, struct error *e);
/* The session's user and CSRF token (buffers of 129 and 65 bytes) and
 * whether it may only enrol; ERR_UNAUTHORIZED when there is none or it
 * expired at or before now. */
int store_session_get(struct store *s, const char *token_hash, int64_t now, char *user_id,
                      char *csrf_token, int *enrol_only, struct error *e);
/* Lets the session do everything (its user confirmed enrolment). */
int store_session_set_full(struct store *s, const char *token_hash, struct error *e);
int store_session_delete(struct store *s, const char *token_hash, struct error *e);
/* Ends every session of a user (disable, password change). */
int store_session_delete_user(struct store *s, const char *user_id, struct error *e);
/* Removes expired sessions. */
int store_session_purge(struct store *s, int64_t now, struct error *e);

#endif
