/*
 * users_test.c — tests src/domain/users.c: adding users with their checks,
 * logging in (right and wrong passwords, unknown and disabled users alike
 * refused), sessions that expire and end, and password changes ending
 * sessions.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "domain/import.h"
#include "domain/users.h"
#include "support/testutil.h"

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
        users_add(s, "anna", "coordinator", "nctv", "secret", NULL, 0, "a long password", &e), 0);
    assert_int_equal(
        users_add(s, "bo b", "coordinator", "nctv", "secret", NULL, 0, "a long password", &e),
        ERR_INVALID);
    assert_int_equal(users_add(s, "bob", "king", "nctv", "secret", NULL, 0, "a long password", &e),
                     ERR_INVALID);
    assert_int_equal(
        users_add(s, "bob", "department", "grid-co", "secret", NULL, 0, "a long password", &e),
        ERR_INVALID);
    assert_non_null(strstr(e.message, "ministry"));
    assert_int_equal(
        users_add(s, "bob", "provider", "nowhere", "secret", NULL, 0, "a long password", &e),
        ERR_INVALID);
    assert_int_equal(
        users_add(s, "bob", "provider", "grid-co", "top", NULL, 0, "a long password", &e),
        ERR_INVALID);
    assert_int_equal(users_add(s, "bob", "provider", "grid-co", "internal", NULL, 0, "short", &e),
                     ERR_INVALID);
    assert_int_equal(
        users_add(s, "carl", "auditor", "nctv", "internal", NULL, 0, "a long password", &e),
        ERR_INVALID);
    assert_non_null(strstr(e.message, "scope"));
    assert_int_equal(
        users_add(s, "carl", "auditor", "nctv", "internal", bad_scope, 1, "a long password", &e),
        ERR_INVALID);
    assert_int_equal(
        users_add(s, "carl", "auditor", "nctv", "internal", scope, 1, "a long password", &e), 0);
    store_close(s);
}

static void test_login_and_sessions(void **state)
{
    struct store *s = open_catalogue();
    struct store_user *u = NULL;
    struct error e = {0};
    char token[USERS_TOKEN_HEX + 1], csrf[USERS_TOKEN_HEX + 1], user[129], csrf2[65];
    (void)state;

    assert_int_equal(
        users_add(s, "anna", "department", "ezk", "confidential", NULL, 0, "a long password", &e),
        0);
    assert_int_equal(users_authenticate(s, "anna", "a long password", &u, &e), 0);
    assert_string_equal(u->org, "ezk");
    assert_string_equal(u->clearance, "confidential");
    store_user_free(u);
    assert_int_equal(users_authenticate(s, "anna", "a wrong password", &u, &e), ERR_UNAUTHORIZED);
    assert_null(u);
    assert_int_equal(users_authenticate(s, "nobody", "a long password", &u, &e), ERR_UNAUTHORIZED);
    assert_string_equal(e.message, "wrong user name or password");

    assert_int_equal(users_session_start(s, "anna", 1000, 60, token, csrf, &e), 0);
    assert_int_equal(strlen(token), USERS_TOKEN_HEX);
    assert_int_equal(users_session_find(s, token, 1059, user, csrf2, &e), 0);
    assert_string_equal(user, "anna");
    assert_string_equal(csrf2, csrf);
    assert_int_equal(users_session_find(s, token, 1060, user, csrf2, &e), ERR_UNAUTHORIZED);
    assert_int_equal(users_session_find(s, "abc", 1000, user, csrf2, &e), ERR_UNAUTHORIZED);

    assert_int_equal(users_session_start(s, "anna", 2000, 60, token, csrf, &e), 0);
    assert_int_equal(users_session_end(s, token, &e), 0);
    assert_int_equal(users_session_find(s, token, 2001, user, csrf2, &e), ERR_UNAUTHORIZED);

    /* a new password ends the sessions; disabling refuses the login */
    assert_int_equal(users_session_start(s, "anna", 3000, 60, token, csrf, &e), 0);
    assert_int_equal(users_set_password(s, "anna", "another long one", &e), 0);
    assert_int_equal(users_session_find(s, token, 3001, user, csrf2, &e), ERR_UNAUTHORIZED);
    assert_int_equal(users_authenticate(s, "anna", "another long one", &u, &e), 0);
    store_user_free(u);
    assert_int_equal(users_set_disabled(s, "anna", 1, &e), 0);
    assert_int_equal(users_authenticate(s, "anna", "another long one", &u, &e), ERR_UNAUTHORIZED);
    assert_int_equal(users_set_disabled(s, "nobody", 1, &e), ERR_NOTFOUND);
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_add_checks),
        cmocka_unit_test(test_login_and_sessions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
