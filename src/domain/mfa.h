/*
 * mfa.h — the second factor (issue 14 part 8): a TOTP key per account
 * (RFC 6238: HMAC-SHA1, 30 s steps, 6 digits, through liboath), its
 * enrolment (the key as base32, the otpauth:// URI and its QR code as SVG
 * through libqrencode; confirmed by a first code), one-time recovery codes
 * of which only hashes are kept, and the setting mfa_required_clearance
 * that decides whose login needs it.
 *
 * A code is accepted for the current time step and one step either side
 * (clock drift), and never for a step at or before the last one accepted:
 * a code seen once (shoulder, proxy log) cannot be used again. The key is
 * kept as it is (the server must compute codes); the database file is
 * closed to others (base/file.h) and its volume encrypted (operations.md).
 * Never does I/O beyond the store; the HTTP and CLI layers audit.
 */
#ifndef VITAAL_DOMAIN_MFA_H
#define VITAAL_DOMAIN_MFA_H

#include "base/error.h"
#include "base/strbuf.h"
#include "store/store.h"
#include "store/users.h"

#include <stddef.h>
#include <stdint.h>

#define MFA_KEY_BYTES       20 /* 160 bits, RFC 4226's recommendation */
#define MFA_STEP_SECONDS    30
#define MFA_DIGITS          6
#define MFA_DRIFT_STEPS     1  /* steps accepted either side of now */
#define MFA_BASE32_MAX      40 /* the key in base32 (32 characters) and NUL */
#define MFA_URI_MAX         512
#define MFA_RECOVERY_COUNT  10
#define MFA_RECOVERY_LEN    19 /* XXXX-XXXX-XXXX-XXXX: 80 random bits */
#define MFA_SETTING         "mfa_required_clearance"
#define MFA_SETTING_DEFAULT "confidential" /* also when the setting is absent */
#define MFA_ISSUER          "vitaal"

/* The words the setting takes: none, then the classifications. */
extern const char *const mfa_required_levels[];

/* The TOTP code of key at unix time t with digits (6..8) and hash 0
 * (SHA-1), 1 (SHA-256) or 2 (SHA-512), in out (digits + 1 bytes). Pure. */
int mfa_totp_code(const unsigned char *key, size_t len, int64_t t, unsigned digits, int hash,
                  char *out, struct error *e);

/* Whether code (MFA_DIGITS digits) is key's code for a step within
 * MFA_DRIFT_STEPS of now's: 0 with *step the matching step, or
 * ERR_UNAUTHORIZED (message id mfa_wrong_code) for no match, a malformed
 * code, or a match at or before last_step (*replay 1 then). Pure; compares
 * in constant time. */
int mfa_totp_check(const unsigned char *key, size_t len, int64_t now, const char *code,
                   int64_t last_step, int64_t *step, int *replay, struct error *e);

/* A recovery code's hash for user (hex, 65 bytes): case, spaces and dashes
 * do not matter; 0, or ERR_UNAUTHORIZED when code cannot be one. */
int mfa_recovery_hash(const char *user, const char *code, char hex[65], struct error *e);

/* The otpauth:// URI of a key (base32) for user. */
void mfa_otpauth_uri(const char *user, const char *base32, char uri[MFA_URI_MAX]);

/* text as a QR code (error correction M) in an SVG document appended to
 * out: dark modules as one path, a quiet zone of 4. */
int mfa_qr_svg(const char *text, struct strbuf *out, struct error *e);

/* Whether u's login needs a second factor: its clearance at or above the
 * setting mfa_required_clearance (MFA_SETTING_DEFAULT when absent). */
int mfa_required(struct store *s, const struct store_user *u, int *required, struct error *e);

/* --- the writes: each inside the caller's transaction ---------------------- */

/* Starts (or restarts) user's enrolment: a new random key, not yet
 * confirmed; its base32 and otpauth:// URI. ERR_CONFLICT (mfa_enrolled)
 * when the user has a confirmed key: disable or reset it first. */
int mfa_enrol_start(struct store *s, const char *user, char base32[MFA_BASE32_MAX],
                    char uri[MFA_URI_MAX], struct error *e);
/* The URI of user's unconfirmed key (for its QR code); ERR_NOTFOUND when
 * no enrolment is under way. */
int mfa_enrol_uri(struct store *s, const char *user, char uri[MFA_URI_MAX], struct error *e);
/* Confirms user's enrolment with a code of the new key: the key counts from
 * now and MFA_RECOVERY_COUNT new recovery codes are made, given once in
 * codes and stored hashed. ERR_CONFLICT (mfa_not_started) without an
 * enrolment under way; ERR_UNAUTHORIZED (mfa_wrong_code). */
int mfa_enrol_confirm(struct store *s, const char *user, const char *code, int64_t now,
                      char codes[MFA_RECOVERY_COUNT][MFA_RECOVERY_LEN + 1], struct error *e);
/* Checks the second factor of an enrolled user: a TOTP code (totp) or,
 * when totp is NULL, a recovery code, each accepted once. 0 (with
 * *recovery_left the unused recovery codes left when one was used, else
 * -1), ERR_UNAUTHORIZED (mfa_wrong_code), or ERR_CONFLICT when the user has
 * no confirmed key. */
int mfa_verify(struct store *s, const char *user, const char *totp, const char *recovery,
               int64_t now, int *recovery_left, struct error *e);
/* Removes user's key and recovery codes, with end_sessions also ending its
 * sessions (a lost phone: the coordinator's `mfa-reset`; the user's own
 * disable keeps the session it asks in). ERR_NOTFOUND for no such user. */
int mfa_reset(struct store *s, const char *user, int end_sessions, struct error *e);

#endif
