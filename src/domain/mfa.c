/*
 * mfa.c — TOTP, enrolment, recovery codes and the MFA setting (see mfa.h).
 */
#include "domain/mfa.h"

#include "base/timefmt.h"
#include "domain/settings.h"
#include "store/model.h"

#include <ctype.h>
#include <liboath/oath.h>
#include <pthread.h>
#include <qrencode.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const mfa_required_levels[] = {"none",         "public", "internal",
                                           "confidential", "secret", NULL};

static const char base32_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

static pthread_once_t oath_once = PTHREAD_ONCE_INIT;
static int oath_status;

static void oath_start(void)
{
    oath_status = oath_init();
}

static int start(struct error *e)
{
    pthread_once(&oath_once, oath_start);
    if (oath_status != OATH_OK || sodium_init() < 0)
        return error_set(e, ERR_INTERNAL, NULL, "liboath or libsodium failed to start");
    return 0;
}

int mfa_totp_code(const unsigned char *key, size_t len, int64_t t, unsigned digits, int hash,
                  char *out, struct error *e)
{
    static const int flags[] = {0, OATH_TOTP_HMAC_SHA256, OATH_TOTP_HMAC_SHA512};
    int rc;
    if ((rc = start(e)) != 0)
        return rc;
    if (digits < 6 || digits > 8 || hash < 0 || hash > 2 || t < 0)
        return error_set(e, ERR_INVALID, NULL, "a TOTP code has 6 to 8 digits");
    if (oath_totp_generate2((const char *)key, len, (time_t)t, MFA_STEP_SECONDS, 0, digits,
                            flags[hash], out) != OATH_OK)
        return error_set(e, ERR_INTERNAL, NULL, "liboath failed to compute a code");
    return 0;
}

static int wrong_code(struct error *e)
{
    return error_set_msg(e, ERR_UNAUTHORIZED, "totp", "mfa_wrong_code",
                         "the code is wrong, expired or already used", NULL);
}

int mfa_totp_check(const unsigned char *key, size_t len, int64_t now, const char *code,
                   int64_t last_step, int64_t *step, int *replay, struct error *e)
{
    char want[MFA_DIGITS + 1];
    int64_t base = now / MFA_STEP_SECONDS, d, found = -1;
    size_t i;
    int rc;

    *replay = 0;
    if (code == NULL || strlen(code) != MFA_DIGITS)
        return wrong_code(e);
    for (i = 0; i < MFA_DIGITS; i++) {
        if (!isdigit((unsigned char)code[i]))
            return wrong_code(e);
    }
    /* every step of the window is computed and compared, whichever matches */
    for (d = -MFA_DRIFT_STEPS; d <= MFA_DRIFT_STEPS; d++) {
        if (base + d < 0)
            continue;
        if ((rc = mfa_totp_code(key, len, (base + d) * MFA_STEP_SECONDS, MFA_DIGITS, 0, want, e)) !=
            0)
            return rc;
        if (sodium_memcmp(want, code, MFA_DIGITS) == 0 && found < 0)
            found = base + d;
    }
    sodium_memzero(want, sizeof want);
    if (found < 0)
        return wrong_code(e);
    if (found <= last_step) {
        *replay = 1;
        return wrong_code(e);
    }
    *step = found;
    return 0;
}

int mfa_recovery_hash(const char *user, const char *code, char hex[65], struct error *e)
{
    char norm[17];
    unsigned char h[32];
    crypto_generichash_state st;
    size_t n = 0;
    const char *p;
    int rc;

    if ((rc = start(e)) != 0)
        return rc;
    for (p = code; p && *p; p++) {
        char c = (char)toupper((unsigned char)*p);
        if (c == '-' || c == ' ')
            continue;
        if (n == 16 || strchr(base32_alphabet, c) == NULL || c == '\0')
            return error_set_msg(e, ERR_UNAUTHORIZED, "recovery_code", "mfa_wrong_code",
                                 "the code is wrong, expired or already used", NULL);
        norm[n++] = c;
    }
    if (n != 16)
        return error_set_msg(e, ERR_UNAUTHORIZED, "recovery_code", "mfa_wrong_code",
                             "the code is wrong, expired or already used", NULL);
    /* 80 random bits each: a fast hash suffices, bound to the user so that
     * equal codes of two users differ */
    crypto_generichash_init(&st, NULL, 0, sizeof h);
    crypto_generichash_update(&st, (const unsigned char *)"vitaal-recovery", 16);
    crypto_generichash_update(&st, (const unsigned char *)user, strlen(user) + 1);
    crypto_generichash_update(&st, (const unsigned char *)norm, 16);
    crypto_generichash_final(&st, h, sizeof h);
    sodium_bin2hex(hex, 65, h, sizeof h);
    return 0;
}

static void base32_encode(const unsigned char *in, size_t len, char *out)
{
    size_t i, bits = 0, o = 0;
    unsigned buffer = 0;
    for (i = 0; i < len; i++) {
        buffer = (buffer << 8) | in[i];
        bits += 8;
        while (bits >= 5) {
            out[o++] = base32_alphabet[(buffer >> (bits - 5)) & 31];
            bits -= 5;
        }
    }
    if (bits > 0)
        out[o++] = base32_alphabet[(buffer << (5 - bits)) & 31];
    out[o] = '\0';
}

void mfa_otpauth_uri(const char *user, const char *base32, char uri[MFA_URI_MAX])
{
    char label[3 * 129];
    size_t o = 0;
    const char *p;
    /* user names are letters, digits, '.', '_', ':' and '-'; ':' separates
     * the issuer in the label, so it is escaped */
    for (p = user; *p && o + 4 < sizeof label; p++) {
        if (isalnum((unsigned char)*p) || *p == '.' || *p == '_' || *p == '-')
            label[o++] = *p;
        else
            o += (size_t)snprintf(label + o, sizeof label - o, "%%%02X", (unsigned char)*p);
    }
    label[o] = '\0';
    snprintf(uri, MFA_URI_MAX,
             "otpauth://totp/" MFA_ISSUER ":%s?secret=%s&issuer=" MFA_ISSUER
             "&algorithm=SHA1&digits=%d&period=%d",
             label, base32, MFA_DIGITS, MFA_STEP_SECONDS);
}

int mfa_qr_svg(const char *text, struct strbuf *out, struct error *e)
{
    QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    int x, y, size, rc = 0;
    if (qr == NULL)
        return error_set(e, ERR_NOMEM, NULL, "the QR code could not be made");
    size = qr->width + 8;
    strbuf_printf(out,
                  "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
                  "width=\"%d\" height=\"%d\" shape-rendering=\"crispEdges\">"
                  "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
                  size, size, size * 6, size * 6, size, size);
    for (y = 0; y < qr->width; y++) {
        for (x = 0; x < qr->width; x++) {
            int run = 0;
            while (x + run < qr->width && (qr->data[y * qr->width + x + run] & 1))
                run++;
            if (run) {
                strbuf_printf(out, "M%d %dh%dv1h-%dz", x + 4, y + 4, run, run);
                x += run - 1;
            }
        }
    }
    strbuf_puts(out, "\"/></svg>\n");
    QRcode_free(qr);
    return rc;
}

int mfa_required(struct store *s, const struct store_user *u, int *required, struct error *e)
{
    char level[32];
    int rc, need, have;
    *required = 0;
    if ((rc = settings_get_text(s, MFA_SETTING, MFA_SETTING_DEFAULT, level, sizeof level, e)))
        return rc;
    if (strcmp(level, "none") == 0)
        return 0;
    need = model_value_index(model_classifications, level);
    have = model_value_index(model_classifications, u->clearance);
    if (need < 0)
        need = model_value_index(model_classifications, MFA_SETTING_DEFAULT);
    *required = have >= need;
    return 0;
}

/* The user's stored key as bytes. */
static int read_key(struct store *s, const char *user, unsigned char key[MFA_KEY_BYTES],
                    int *has_key, int *confirmed, int64_t *last_step, struct error *e)
{
    char hex[41];
    int rc;
    *has_key = 0;
    if ((rc = store_user_totp_get(s, user, hex, confirmed, last_step, e)) != 0)
        return rc;
    if (hex[0] == '\0')
        return 0;
    if (sodium_hex2bin(key, MFA_KEY_BYTES, hex, strlen(hex), NULL, NULL, NULL) != 0)
        return error_set(e, ERR_INTERNAL, user, "the stored TOTP key is damaged");
    sodium_memzero(hex, sizeof hex);
    *has_key = 1;
    return 0;
}

int mfa_enrol_start(struct store *s, const char *user, char base32[MFA_BASE32_MAX],
                    char uri[MFA_URI_MAX], struct error *e)
{
    unsigned char key[MFA_KEY_BYTES];
    char hex[2 * MFA_KEY_BYTES + 1];
    int rc, has_key, confirmed;
    int64_t last;

    if ((rc = start(e)) != 0 || (rc = read_key(s, user, key, &has_key, &confirmed, &last, e)) != 0)
        return rc;
    if (has_key && confirmed)
        return error_set_msg(e, ERR_CONFLICT, NULL, "mfa_enrolled",
                             "this account already has a second factor; disable or reset it first",
                             NULL);
    randombytes_buf(key, sizeof key);
    sodium_bin2hex(hex, sizeof hex, key, sizeof key);
    base32_encode(key, sizeof key, base32);
    sodium_memzero(key, sizeof key);
    mfa_otpauth_uri(user, base32, uri);
    rc = store_user_totp_set(s, user, hex, 0, 0, e);
    sodium_memzero(hex, sizeof hex);
    return rc;
}

int mfa_enrol_uri(struct store *s, const char *user, char uri[MFA_URI_MAX], struct error *e)
{
    unsigned char key[MFA_KEY_BYTES];
    char base32[MFA_BASE32_MAX];
    int rc, has_key, confirmed;
    int64_t last;
    if ((rc = start(e)) != 0 || (rc = read_key(s, user, key, &has_key, &confirmed, &last, e)) != 0)
        return rc;
    if (!has_key || confirmed)
        return error_set_msg(e, ERR_NOTFOUND, NULL, "mfa_not_started",
                             "no enrolment is under way: start one first", NULL);
    base32_encode(key, sizeof key, base32);
    sodium_memzero(key, sizeof key);
    mfa_otpauth_uri(user, base32, uri);
    sodium_memzero(base32, sizeof base32);
    return 0;
}

int mfa_enrol_confirm(struct store *s, const char *user, const char *code, int64_t now,
                      char codes[MFA_RECOVERY_COUNT][MFA_RECOVERY_LEN + 1], struct error *e)
{
    unsigned char key[MFA_KEY_BYTES], raw[10];
    char hex[2 * MFA_KEY_BYTES + 1], hashes[MFA_RECOVERY_COUNT][65], plain[17];
    const char *list[MFA_RECOVERY_COUNT];
    int rc, has_key, confirmed, replay;
    int64_t last, step;
    size_t i;

    if ((rc = start(e)) != 0 || (rc = read_key(s, user, key, &has_key, &confirmed, &last, e)) != 0)
        return rc;
    if (!has_key || confirmed) {
        rc = error_set_msg(e, ERR_CONFLICT, NULL, confirmed ? "mfa_enrolled" : "mfa_not_started",
                           confirmed ? "this account already has a second factor"
                                     : "no enrolment is under way: start one first",
                           NULL);
        goto cleanup;
    }
    if ((rc = mfa_totp_check(key, sizeof key, now, code, last, &step, &replay, e)) != 0)
        goto cleanup;
    sodium_bin2hex(hex, sizeof hex, key, sizeof key);
    if ((rc = store_user_totp_set(s, user, hex, 1, step, e)) != 0)
        goto cleanup;
    for (i = 0; i < MFA_RECOVERY_COUNT; i++) {
        randombytes_buf(raw, sizeof raw);
        base32_encode(raw, sizeof raw, plain);
        snprintf(codes[i], MFA_RECOVERY_LEN + 1, "%.4s-%.4s-%.4s-%.4s", plain, plain + 4, plain + 8,
                 plain + 12);
        if ((rc = mfa_recovery_hash(user, codes[i], hashes[i], e)) != 0)
            goto cleanup;
        list[i] = hashes[i];
    }
    rc = store_recovery_replace(s, user, list, MFA_RECOVERY_COUNT, e);
cleanup:
    sodium_memzero(key, sizeof key);
    sodium_memzero(hex, sizeof hex);
    sodium_memzero(raw, sizeof raw);
    sodium_memzero(plain, sizeof plain);
    return rc;
}

int mfa_verify(struct store *s, const char *user, const char *totp, const char *recovery,
               int64_t now, int *recovery_left, struct error *e)
{
    unsigned char key[MFA_KEY_BYTES];
    char hash[65], at[32];
    int rc, has_key, confirmed, replay, taken = 0;
    int64_t last, step;

    *recovery_left = -1;
    if ((rc = start(e)) != 0 || (rc = read_key(s, user, key, &has_key, &confirmed, &last, e)) != 0)
        return rc;
    if (!has_key || !confirmed) {
        rc = error_set_msg(e, ERR_CONFLICT, NULL, "mfa_not_enrolled",
                           "this account has no second factor", NULL);
        goto cleanup;
    }
    if (totp) {
        if ((rc = mfa_totp_check(key, sizeof key, now, totp, last, &step, &replay, e)) != 0 ||
            (rc = store_user_totp_use_step(s, user, step, &taken, e)) != 0)
            goto cleanup;
    } else {
        timefmt_format_datetime(now, at);
        if ((rc = mfa_recovery_hash(user, recovery ? recovery : "", hash, e)) != 0 ||
            (rc = store_recovery_use(s, user, hash, at, &taken, e)) != 0)
            goto cleanup;
        if (taken && (rc = store_recovery_left(s, user, recovery_left, e)) != 0)
            goto cleanup;
    }
    if (!taken) /* used by another request in the meantime, or unknown */
        rc = wrong_code(e);
cleanup:
    sodium_memzero(key, sizeof key);
    return rc;
}

int mfa_reset(struct store *s, const char *user, int end_sessions, struct error *e)
{
    int rc;
    if ((rc = store_user_totp_set(s, user, NULL, 0, 0, e)) != 0)
        return rc;
    return end_sessions ? store_session_delete_user(s, user, e) : 0;
}
