/*
 * users_test.c — tests src/domain/users.c: adding users with their checks,
 * logging in (right and wrong passwords, unknown and disabled users alike
 * refused), sessions that expire and end, and password changes ending
 * sessions; the API's way of changing users (users_prepare checks and
 * builds without writing, users_save writes in the caller's transaction
 * and ends the sessions of a disabled user at once, users_check_self keeps
 * a coordinator from disabling or demoting itself).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "domain/import.h"
#include "domain/users.h"
#include "support/testutil.h"

#include <stdio.h>
#include <string.h>

static struct store *open_catalogue(void)
{
    return testutil_store_from_fixture("full.json");
}

static void test_add_checks(void **state)
{
    struct store *s = open_catalogue();
    struct error e = {0};
    const char *scope[] = {"water"}, *bad_scope[] = {"nowhere"};
    (void)state;
    assert_int_equal(
        users_add(s, "anna", "coordinator", "nctv", "secret", NULL, 0, "a long password", NULL, &e),
        0);
    assert_int_equal(
        users_add(s, "bo b", "coordinator", "nctv", "secret", NULL, 0, "a long password", NULL, &e),
        ERR_INVALID);
    assert_int_equal(
        users_add(s, "bob", "king", "nctv", "secret", NULL, 0, "a long password", NULL, &e),
        ERR_INVALID);
    assert_int_equal(users_add(s, "bob", "department", "grid-co", "secret", NULL, 0,
                               "a long password", NULL, &e),
                     ERR_INVALID);
    assert_non_null(strstr(e.message, "ministry"));
    assert_int_equal(
        users_add(s, "bob", "provider", "nowhere", "secret", NULL, 0, "a long password", NULL, &e),
        ERR_INVALID);
    assert_int_equal(
        users_add(s, "bob", "provider", "grid-co", "top", NULL, 0, "a long password", NULL, &e),
        ERR_INVALID);
    assert_int_equal(
        users_add(s, "bob", "provider", "grid-co", "internal", NULL, 0, "short", NULL, &e),
        ERR_INVALID);
    assert_int_equal(
        users_add(s, "carl", "auditor", "nctv", "internal", NULL, 0, "a long password", NULL, &e),
        ERR_INVALID);
    assert_non_null(strstr(e.message, "scope"));
    assert_int_equal(users_add(s, "carl", "auditor", "nctv", "internal", bad_scope, 1,
                               "a long password", NULL, &e),
                     ERR_INVALID);
    assert_int_equal(
        users_add(s, "carl", "auditor", "nctv", "internal", scope, 1, "a long password", NULL, &e),
        0);
    store_close(s);
}

static void test_login_and_sessions(void **state)
{
    struct store *s = open_catalogue();
    struct store_user *u = NULL;
    struct error e = {0};
    char token[USERS_TOKEN_HEX + 1], csrf[USERS_TOKEN_HEX + 1], user[129], csrf2[65];
    int enrol = 0;
    (void)state;

    assert_int_equal(users_add(s, "anna", "department", "ezk", "confidential", NULL, 0,
                               "a long password", NULL, &e),
                     0);
    assert_int_equal(users_authenticate(s, "anna", "a long password", &u, &e), 0);
    assert_string_equal(u->org, "ezk");
    assert_string_equal(u->clearance, "confidential");
    store_user_free(u);
    assert_int_equal(users_authenticate(s, "anna", "a wrong password", &u, &e), ERR_UNAUTHORIZED);
    assert_null(u);
    assert_int_equal(users_authenticate(s, "nobody", "a long password", &u, &e), ERR_UNAUTHORIZED);
    assert_string_equal(e.message, "wrong user name or password");

    assert_int_equal(users_session_start(s, "anna", 1000, 60, 0, token, csrf, &e), 0);
    assert_int_equal(strlen(token), USERS_TOKEN_HEX);
    enrol = -1;
    assert_int_equal(users_session_find(s, token, 1059, user, csrf2, &enrol, &e), 0);
    assert_int_equal(enrol, 0);
    assert_string_equal(user, "anna");
    assert_string_equal(csrf2, csrf);
    assert_int_equal(users_session_find(s, token, 1060, user, csrf2, &enrol, &e), ERR_UNAUTHORIZED);
    assert_int_equal(users_session_find(s, "abc", 1000, user, csrf2, &enrol, &e), ERR_UNAUTHORIZED);

    assert_int_equal(users_session_start(s, "anna", 2000, 60, 0, token, csrf, &e), 0);
    assert_int_equal(users_session_end(s, token, &e), 0);
    assert_int_equal(users_session_find(s, token, 2001, user, csrf2, &enrol, &e), ERR_UNAUTHORIZED);

    /* a new password ends the sessions; disabling refuses the login */
    assert_int_equal(users_session_start(s, "anna", 3000, 60, 0, token, csrf, &e), 0);
    assert_int_equal(users_set_password(s, "anna", "another long one", NULL, &e), 0);
    assert_int_equal(users_session_find(s, token, 3001, user, csrf2, &enrol, &e), ERR_UNAUTHORIZED);
    assert_int_equal(users_authenticate(s, "anna", "another long one", &u, &e), 0);
    store_user_free(u);
    assert_int_equal(users_set_disabled(s, "anna", 1, NULL, &e), 0);
    assert_int_equal(users_authenticate(s, "anna", "another long one", &u, &e), ERR_UNAUTHORIZED);
    assert_int_equal(users_set_disabled(s, "nobody", 1, NULL, &e), ERR_NOTFOUND);
    store_close(s);
}

static void test_prepare_checks_without_writing(void **state)
{
    struct store *s = open_catalogue();
    struct store_user *u = NULL, *old = NULL;
    struct error e = {0};
    const char *scope[] = {"water"}, *twice[] = {"water", "water"};
    struct users_request r = {"provider", "grid-co", "internal", NULL, 0, 0, "a long password", -1};
    (void)state;

    /* a new user needs every field; errors name the field */
    r.org = NULL;
    assert_int_equal(users_prepare(s, "bob", NULL, &r, &u, &e), ERR_INVALID);
    assert_string_equal(e.where, "org");
    r.org = "grid-co";
    r.password = "short";
    assert_int_equal(users_prepare(s, "bob", NULL, &r, &u, &e), ERR_INVALID);
    assert_string_equal(e.where, "password");
    r.password = "a long password";
    r.clearance = "top";
    assert_int_equal(users_prepare(s, "bob", NULL, &r, &u, &e), ERR_INVALID);
    assert_string_equal(e.where, "clearance");
    r.clearance = "internal";
    assert_int_equal(users_prepare(s, "bo b", NULL, &r, &u, &e), ERR_INVALID);
    assert_string_equal(e.where, "username");
    assert_null(u);

    /* a prepared user is not stored until it is saved */
    assert_int_equal(users_prepare(s, "bob", NULL, &r, &u, &e), 0);
    assert_string_equal(u->id, "bob");
    assert_int_equal(u->disabled, 0);
    assert_non_null(strstr(u->password_hash, "argon2id"));
    assert_int_equal(store_user_get(s, "bob", &old, &e), ERR_NOTFOUND);
    assert_int_equal(store_begin(s, &e), 0);
    assert_int_equal(users_save(s, NULL, u, &e), 0);
    assert_int_equal(store_commit(s, &e), 0);
    store_user_free(u);
    u = NULL;
    assert_int_equal(store_user_get(s, "bob", &old, &e), 0);

    /* a change keeps what it does not name; an auditor needs a scope once,
     * and loses it when it stops being an auditor */
    struct users_request change = {"auditor", NULL, NULL, NULL, 0, 0, NULL, -1};
    assert_int_equal(users_prepare(s, "bob", old, &change, &u, &e), ERR_INVALID);
    assert_string_equal(e.where, "scope");
    change.scope = twice;
    change.n_scope = 2;
    change.has_scope = 1;
    assert_int_equal(users_prepare(s, "bob", old, &change, &u, &e), ERR_INVALID);
    assert_non_null(strstr(e.message, "twice"));
    change.scope = scope;
    change.n_scope = 1;
    assert_int_equal(users_prepare(s, "bob", old, &change, &u, &e), 0);
    assert_string_equal(u->org, "grid-co");
    assert_string_equal(u->clearance, "internal");
    assert_string_equal(u->password_hash, old->password_hash);
    assert_int_equal(u->n_scope, 1);
    store_user_free(old);
    old = u;
    u = NULL;
    struct users_request back = {"department", "grid-co", NULL, NULL, 0, 0, NULL, -1};
    assert_int_equal(users_prepare(s, "bob", old, &back, &u, &e), ERR_INVALID);
    assert_string_equal(e.where, "org"); /* a department user works for a ministry */
    back.org = "ezk";
    assert_int_equal(users_prepare(s, "bob", old, &back, &u, &e), 0);
    assert_int_equal(u->n_scope, 0);
    store_user_free(u);
    store_user_free(old);
    store_close(s);
}

static void test_disabling_ends_sessions_at_once(void **state)
{
    struct store *s = open_catalogue();
    struct store_user *old = NULL, *u = NULL;
    struct error e = {0};
    char token[USERS_TOKEN_HEX + 1], csrf[USERS_TOKEN_HEX + 1], user[129], csrf2[65];
    int enrol = 0;
    struct users_request role = {"coordinator", NULL, NULL, NULL, 0, 0, NULL, -1};
    struct users_request off = {NULL, NULL, NULL, NULL, 0, 0, NULL, 1};
    struct users_request on = {NULL, NULL, NULL, NULL, 0, 0, NULL, 0};
    (void)state;

    assert_int_equal(users_add(s, "anna", "provider", "grid-co", "internal", NULL, 0,
                               "a long password", NULL, &e),
                     0);
    assert_int_equal(users_session_start(s, "anna", 1000, 600, 0, token, csrf, &e), 0);

    /* another role keeps the session: access is decided per request */
    assert_int_equal(store_user_get(s, "anna", &old, &e), 0);
    assert_int_equal(users_prepare(s, "anna", old, &role, &u, &e), 0);
    assert_int_equal(store_begin(s, &e), 0);
    assert_int_equal(users_save(s, old, u, &e), 0);
    assert_int_equal(store_commit(s, &e), 0);
    assert_int_equal(users_session_find(s, token, 1001, user, csrf2, &enrol, &e), 0);
    store_user_free(old);
    old = u;
    u = NULL;

    /* disabling ends it in the same transaction */
    assert_int_equal(users_prepare(s, "anna", old, &off, &u, &e), 0);
    assert_int_equal(store_begin(s, &e), 0);
    assert_int_equal(users_save(s, old, u, &e), 0);
    assert_int_equal(store_commit(s, &e), 0);
    assert_int_equal(users_session_find(s, token, 1002, user, csrf2, &enrol, &e), ERR_UNAUTHORIZED);
    store_user_free(old);
    store_user_free(u);
    u = NULL;
    assert_int_equal(users_authenticate(s, "anna", "a long password", &u, &e), ERR_UNAUTHORIZED);
    assert_null(u);

    /* enabling again lets the user log in, but brings no old session back */
    assert_int_equal(store_user_get(s, "anna", &old, &e), 0);
    assert_int_equal(users_prepare(s, "anna", old, &on, &u, &e), 0);
    assert_int_equal(store_begin(s, &e), 0);
    assert_int_equal(users_save(s, old, u, &e), 0);
    assert_int_equal(store_commit(s, &e), 0);
    assert_int_equal(users_session_find(s, token, 1003, user, csrf2, &enrol, &e), ERR_UNAUTHORIZED);
    store_user_free(old);
    store_user_free(u);
    assert_int_equal(users_authenticate(s, "anna", "a long password", &u, &e), 0);
    assert_string_equal(u->role, "coordinator");
    store_user_free(u);
    store_close(s);
}

static void test_check_self(void **state)
{
    struct store_user me = {.id = "anna", .role = "coordinator", .org = "nctv"};
    struct store_user changed = me;
    struct error e = {0};
    (void)state;
    changed.disabled = 1;
    assert_int_equal(users_check_self("anna", &me, &changed, &e), ERR_CONFLICT);
    assert_string_equal(e.where, "disabled");
    assert_int_equal(users_check_self("bert", &me, &changed, &e), 0); /* another coordinator may */
    changed.disabled = 0;
    snprintf(changed.role, sizeof changed.role, "auditor");
    assert_int_equal(users_check_self("anna", &me, &changed, &e), ERR_CONFLICT);
    assert_string_equal(e.where, "role");
    snprintf(changed.role, sizeof changed.role, "coordinator");
    snprintf(changed.clearance, sizeof changed.clearance, "internal");
    assert_int_equal(users_check_self("anna", &me, &changed, &e), 0);
    assert_int_equal(users_check_self("anna", NULL, &changed, &e), 0); /* a new user */
}

/* The audit log's words for a new account and for a change, never the
 * password; users_same tells an unchanged account from a changed one. */
static void test_describe(void **state)
{
    char *scope[] = {"water", "power"};
    struct store_user a = {.id = "otto",
                           .role = "auditor",
                           .org = "nctv",
                           .clearance = "secret",
                           .password_hash = "$argon2id$one",
                           .scope = scope,
                           .n_scope = 2};
    struct store_user b = a;
    char detail[256];
    (void)state;
    users_describe(NULL, &a, detail, sizeof detail);
    assert_string_equal(detail, "role auditor; org nctv; clearance secret; scope water,power");
    assert_true(users_same(&a, &b));
    users_describe(&a, &b, detail, sizeof detail);
    assert_string_equal(detail, "no change");
    snprintf(b.role, sizeof b.role, "provider");
    snprintf(b.password_hash, sizeof b.password_hash, "$argon2id$two");
    b.n_scope = 0;
    b.disabled = 1;
    assert_false(users_same(&a, &b));
    users_describe(&a, &b, detail, sizeof detail);
    assert_string_equal(detail,
                        "role auditor -> provider; scope removed; disabled, sessions ended; "
                        "new password, sessions ended");
    assert_null(strstr(detail, "argon2id"));
    users_describe(&a, &b, detail, 12); /* cut, still terminated */
    assert_true(strlen(detail) < 12);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_add_checks),
        cmocka_unit_test(test_login_and_sessions),
        cmocka_unit_test(test_prepare_checks_without_writing),
        cmocka_unit_test(test_disabling_ends_sessions_at_once),
        cmocka_unit_test(test_check_self),
        cmocka_unit_test(test_describe),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
