/*
 * mfa_test.c — tests src/domain/mfa.c: TOTP codes against the test vectors
 * of RFC 6238 appendix B (SHA-1, SHA-256 and SHA-512, 8 digits), the check
 * of a 6-digit code with one step of drift either side and never at or
 * before the last step accepted (replay), malformed codes, recovery codes
 * (one use each, case and dashes ignored, bound to their user, only
 * hashes stored), enrolment (start, confirm, QR code of the pending key
 * only), reset, and the setting mfa_required_clearance.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "domain/mfa.h"
#include "domain/users.h"
#include "store/model.h"
#include "support/testutil.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* RFC 6238 appendix B: the seeds of the three hashes */
static const char seed20[] = "12345678901234567890";
static const char seed32[] = "12345678901234567890123456789012";
static const char seed64[] = "1234567890123456789012345678901234567890123456789012345678901234";

static void test_rfc6238_vectors(void **state)
{
    static const struct {
        int64_t t;
        const char *sha1, *sha256, *sha512;
    } v[] = {
        {59, "94287082", "46119246", "90693936"},
        {1111111109, "07081804", "68084774", "25091201"},
        {1111111111, "14050471", "67062674", "99943326"},
        {1234567890, "89005924", "91819424", "93441116"},
        {2000000000, "69279037", "90698825", "38618901"},
        {20000000000, "65353130", "77737706", "47863826"},
    };
    struct error e = {0};
    char out[9];
    size_t i;
    (void)state;
    for (i = 0; i < sizeof v / sizeof v[0]; i++) {
        assert_int_equal(mfa_totp_code((const unsigned char *)seed20, 20, v[i].t, 8, 0, out, &e),
                         0);
        assert_string_equal(out, v[i].sha1);
        assert_int_equal(mfa_totp_code((const unsigned char *)seed32, 32, v[i].t, 8, 1, out, &e),
                         0);
        assert_string_equal(out, v[i].sha256);
        assert_int_equal(mfa_totp_code((const unsigned char *)seed64, 64, v[i].t, 8, 2, out, &e),
                         0);
        assert_string_equal(out, v[i].sha512);
    }
    /* six digits are the last six of the eight */
    assert_int_equal(mfa_totp_code((const unsigned char *)seed20, 20, 59, 6, 0, out, &e), 0);
    assert_string_equal(out, "287082");
    assert_int_equal(mfa_totp_code((const unsigned char *)seed20, 20, 59, 5, 0, out, &e),
                     ERR_INVALID);
}

static void code_at(int64_t t, char out[7])
{
    struct error e = {0};
    assert_int_equal(mfa_totp_code((const unsigned char *)seed20, 20, t, 6, 0, out, &e), 0);
}

static void test_check_drift_and_replay(void **state)
{
    const unsigned char *key = (const unsigned char *)seed20;
    struct error e = {0};
    int64_t now = 1111111111, step = 0, base = now / 30;
    int replay;
    char c[7];
    (void)state;

    code_at(now, c);
    assert_int_equal(mfa_totp_check(key, 20, now, c, 0, &step, &replay, &e), 0);
    assert_int_equal(step, base);
    /* one step either side: a phone's clock a little off */
    code_at(now - 30, c);
    assert_int_equal(mfa_totp_check(key, 20, now, c, 0, &step, &replay, &e), 0);
    assert_int_equal(step, base - 1);
    code_at(now + 30, c);
    assert_int_equal(mfa_totp_check(key, 20, now, c, 0, &step, &replay, &e), 0);
    assert_int_equal(step, base + 1);
    /* two steps off: refused */
    code_at(now - 60, c);
    assert_int_equal(mfa_totp_check(key, 20, now, c, 0, &step, &replay, &e), ERR_UNAUTHORIZED);
    assert_string_equal(e.id, "mfa_wrong_code");
    assert_int_equal(replay, 0);
    code_at(now + 60, c);
    assert_int_equal(mfa_totp_check(key, 20, now, c, 0, &step, &replay, &e), ERR_UNAUTHORIZED);
    /* replay: the step that was last accepted, and any before it */
    code_at(now, c);
    assert_int_equal(mfa_totp_check(key, 20, now, c, base, &step, &replay, &e), ERR_UNAUTHORIZED);
    assert_int_equal(replay, 1);
    code_at(now - 30, c);
    assert_int_equal(mfa_totp_check(key, 20, now, c, base, &step, &replay, &e), ERR_UNAUTHORIZED);
    assert_int_equal(replay, 1);
    code_at(now + 30, c);
    assert_int_equal(mfa_totp_check(key, 20, now, c, base, &step, &replay, &e), 0);
    /* malformed codes */
    assert_int_equal(mfa_totp_check(key, 20, now, "12345", 0, &step, &replay, &e),
                     ERR_UNAUTHORIZED);
    assert_int_equal(mfa_totp_check(key, 20, now, "1234567", 0, &step, &replay, &e),
                     ERR_UNAUTHORIZED);
    assert_int_equal(mfa_totp_check(key, 20, now, "12a456", 0, &step, &replay, &e),
                     ERR_UNAUTHORIZED);
    assert_int_equal(mfa_totp_check(key, 20, now, NULL, 0, &step, &replay, &e), ERR_UNAUTHORIZED);
    /* another key's code */
    code_at(now, c);
    assert_int_equal(mfa_totp_check((const unsigned char *)"00000000000000000000", 20, now, c, 0,
                                    &step, &replay, &e),
                     ERR_UNAUTHORIZED);
}

static void test_recovery_hash(void **state)
{
    struct error e = {0};
    char a[65], b[65], c[65];
    (void)state;
    assert_int_equal(mfa_recovery_hash("anna", "ABCD-EFGH-2345-67AB", a, &e), 0);
    assert_int_equal(mfa_recovery_hash("anna", "abcd efgh 2345 67ab", b, &e), 0);
    assert_string_equal(a, b);
    assert_int_equal(mfa_recovery_hash("bert", "ABCD-EFGH-2345-67AB", c, &e), 0);
    assert_string_not_equal(a, c); /* bound to the user */
    assert_int_equal(strlen(a), 64);
    assert_int_equal(mfa_recovery_hash("anna", "ABCD-EFGH-2345-67A", a, &e), ERR_UNAUTHORIZED);
    assert_int_equal(mfa_recovery_hash("anna", "ABCD-EFGH-2345-67AB1", a, &e), ERR_UNAUTHORIZED);
    assert_int_equal(mfa_recovery_hash("anna", "ABCD-EFGH-2345-6781", a, &e), ERR_UNAUTHORIZED);
}

static void test_uri_and_qr(void **state)
{
    char uri[MFA_URI_MAX];
    struct strbuf svg = {0};
    struct error e = {0};
    (void)state;
    mfa_otpauth_uri("cli:anna", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", uri);
    assert_string_equal(uri, "otpauth://totp/vitaal:cli%3Aanna?secret="
                             "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=vitaal&algorithm=SHA1"
                             "&digits=6&period=30");
    assert_int_equal(mfa_qr_svg(uri, &svg, &e), 0);
    assert_true(strncmp(strbuf_str(&svg), "<svg xmlns=\"http://www.w3.org/2000/svg\"", 39) == 0);
    assert_non_null(strstr(strbuf_str(&svg), "<path fill=\"#000\" d=\"M4 4h7v1h-7z"));
    assert_null(strstr(strbuf_str(&svg), "script"));
    strbuf_release(&svg);
}

static struct store *with_users(void)
{
    struct store *s = testutil_store_from_fixture("full.json");
    struct error e = {0};
    assert_int_equal(users_add(s, "anna", "department", "ezk", "confidential", NULL, 0,
                               "a long password", NULL, &e),
                     0);
    assert_int_equal(
        users_add(s, "bert", "department", "ezk", "internal", NULL, 0, "a long password", NULL, &e),
        0);
    return s;
}

static void set_level(struct store *s, const char *level)
{
    struct error e = {0};
    json_t *setting = json_pack("{ss ss ss ss}", "id", MFA_SETTING, "value", level,
                                "classification", "public", "owner", "nctv");
    assert_int_equal(store_begin(s, &e), 0);
    assert_int_equal(
        store_record_put(s, model_kind_find("settings"), setting, &testutil_change, NULL, &e), 0);
    assert_int_equal(store_commit(s, &e), 0);
    json_decref(setting);
}

static int required(struct store *s, const char *name)
{
    struct store_user *u = NULL;
    struct error e = {0};
    int r = -1;
    assert_int_equal(store_user_get(s, name, &u, &e), 0);
    assert_int_equal(mfa_required(s, u, &r, &e), 0);
    store_user_free(u);
    return r;
}

static void test_setting(void **state)
{
    struct store *s = with_users();
    (void)state;
    /* absent: confidential and up */
    assert_int_equal(required(s, "anna"), 1);
    assert_int_equal(required(s, "bert"), 0);
    set_level(s, "internal");
    assert_int_equal(required(s, "bert"), 1);
    set_level(s, "secret");
    assert_int_equal(required(s, "anna"), 0);
    set_level(s, "none");
    assert_int_equal(required(s, "anna"), 0);
    store_close(s);
}

/* The key of base32 (what the user types into the app). */
static void key_of(const char *b32, unsigned char key[MFA_KEY_BYTES])
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    unsigned buffer = 0, bits = 0;
    size_t n = 0;
    for (; *b32; b32++) {
        buffer = (buffer << 5) | (unsigned)(strchr(alphabet, *b32) - alphabet);
        bits += 5;
        if (bits >= 8) {
            key[n++] = (unsigned char)(buffer >> (bits - 8));
            bits -= 8;
        }
    }
    assert_int_equal(n, MFA_KEY_BYTES);
}

static void test_enrol_verify_reset(void **state)
{
    struct store *s = with_users();
    struct error e = {0};
    char b32[MFA_BASE32_MAX], uri[MFA_URI_MAX], uri2[MFA_URI_MAX], c[7], again[MFA_BASE32_MAX];
    char codes[MFA_RECOVERY_COUNT][MFA_RECOVERY_LEN + 1], hex[41];
    unsigned char key[MFA_KEY_BYTES];
    int64_t now = 2000000000, last;
    int left, confirmed;
    struct store_user *u = NULL;
    (void)state;

    assert_int_equal(mfa_enrol_uri(s, "anna", uri, &e), ERR_NOTFOUND);
    assert_int_equal(mfa_verify(s, "anna", "123456", NULL, now, &left, &e), ERR_CONFLICT);
    assert_int_equal(mfa_enrol_start(s, "anna", b32, uri, &e), 0);
    assert_int_equal(strlen(b32), 32);
    assert_int_equal(mfa_enrol_uri(s, "anna", uri2, &e), 0);
    assert_string_equal(uri, uri2);
    /* a second start replaces the unconfirmed key */
    assert_int_equal(mfa_enrol_start(s, "anna", again, uri, &e), 0);
    assert_string_not_equal(again, b32);
    assert_int_equal(store_user_get(s, "anna", &u, &e), 0);
    assert_int_equal(u->mfa, STORE_MFA_PENDING);
    store_user_free(u);
    key_of(again, key);
    assert_int_equal(mfa_totp_code(key, sizeof key, now, 6, 0, c, &e), 0);
    c[5] = c[5] == '9' ? '0' : (char)(c[5] + 1); /* a wrong code first */
    assert_int_equal(mfa_enrol_confirm(s, "anna", c, now, codes, &e), ERR_UNAUTHORIZED);
    assert_int_equal(mfa_totp_code(key, sizeof key, now, 6, 0, c, &e), 0);
    assert_int_equal(mfa_enrol_confirm(s, "anna", c, now, codes, &e), 0);
    assert_int_equal(mfa_enrol_uri(s, "anna", uri2, &e), ERR_NOTFOUND);
    assert_int_equal(mfa_enrol_start(s, "anna", b32, uri, &e), ERR_CONFLICT);
    assert_int_equal(store_user_get(s, "anna", &u, &e), 0);
    assert_int_equal(u->mfa, STORE_MFA_ENROLLED);
    store_user_free(u);
    /* the confirming code's step is used: it cannot log in */
    assert_int_equal(mfa_verify(s, "anna", c, NULL, now, &left, &e), ERR_UNAUTHORIZED);
    assert_int_equal(mfa_totp_code(key, sizeof key, now + 30, 6, 0, c, &e), 0);
    assert_int_equal(mfa_verify(s, "anna", c, NULL, now + 30, &left, &e), 0);
    assert_int_equal(left, -1);
    assert_int_equal(mfa_verify(s, "anna", c, NULL, now + 30, &left, &e), ERR_UNAUTHORIZED);
    /* recovery codes: each once, only hashes stored */
    assert_int_equal(store_user_totp_get(s, "anna", hex, &confirmed, &last, &e), 0);
    assert_int_equal(last, (now + 30) / 30);
    assert_int_equal(mfa_verify(s, "anna", NULL, codes[3], now, &left, &e), 0);
    assert_int_equal(left, MFA_RECOVERY_COUNT - 1);
    assert_int_equal(mfa_verify(s, "anna", NULL, codes[3], now, &left, &e), ERR_UNAUTHORIZED);
    assert_int_equal(mfa_verify(s, "bert", NULL, codes[4], now, &left, &e), ERR_CONFLICT);
    assert_int_equal(mfa_verify(s, "anna", NULL, "AAAA-AAAA-AAAA-AAAA", now, &left, &e),
                     ERR_UNAUTHORIZED);
    assert_int_equal(store_recovery_left(s, "anna", &left, &e), 0);
    assert_int_equal(left, MFA_RECOVERY_COUNT - 1);
    /* reset: key and codes gone */
    assert_int_equal(mfa_reset(s, "anna", 1, &e), 0);
    assert_int_equal(mfa_verify(s, "anna", NULL, codes[5], now, &left, &e), ERR_CONFLICT);
    assert_int_equal(store_recovery_left(s, "anna", &left, &e), 0);
    assert_int_equal(left, 0);
    assert_int_equal(mfa_reset(s, "nobody", 1, &e), ERR_NOTFOUND);
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfc6238_vectors), cmocka_unit_test(test_check_drift_and_replay),
        cmocka_unit_test(test_recovery_hash),   cmocka_unit_test(test_uri_and_qr),
        cmocka_unit_test(test_setting),         cmocka_unit_test(test_enrol_verify_reset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
