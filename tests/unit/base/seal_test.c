/*
 * seal_test.c — tests src/base/seal.c and src/base/file.c: a sealed
 * document opens to its bytes with the recipient's key only, not once a
 * byte is changed or cut; key files round-trip and a wrong file is named;
 * private files are 0600 whatever the umask.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/file.h"
#include "base/seal.h"
#include "support/testutil.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void test_round_trip_and_refusals(void **state)
{
    struct seal_keys bob, eve, bob_again;
    struct strbuf sealed = STRBUF_INIT, plain = STRBUF_INIT, text = STRBUF_INIT;
    struct error e = {0};
    static const char doc[] = "{\"secret\": \"an-drinkwater-2023\"}\n\0binary tail";
    const char *pub = testutil_temp_path("bob.pub"), *key = testutil_temp_path("bob.key");
    (void)state;

    assert_int_equal(seal_keys_new(&bob, &e), 0);
    assert_int_equal(seal_keys_new(&eve, &e), 0);
    assert_int_equal(seal_data(&bob, doc, sizeof doc, &sealed, &e), 0);
    assert_true(seal_is_sealed(sealed.data, sealed.len));
    assert_null(memmem(sealed.data, sealed.len, "an-drinkwater", 13));
    assert_int_equal(seal_open(&bob, sealed.data, sealed.len, &plain, &e), 0);
    assert_int_equal(plain.len, sizeof doc);
    assert_memory_equal(plain.data, doc, sizeof doc);
    /* another key, a changed byte, a cut tail, not sealed at all */
    strbuf_reset(&plain);
    assert_int_equal(seal_open(&eve, sealed.data, sealed.len, &plain, &e), ERR_INVALID);
    sealed.data[sealed.len - 5] ^= 1;
    assert_int_equal(seal_open(&bob, sealed.data, sealed.len, &plain, &e), ERR_INVALID);
    sealed.data[sealed.len - 5] ^= 1;
    assert_int_equal(seal_open(&bob, sealed.data, sealed.len - 1, &plain, &e), ERR_INVALID);
    assert_int_equal(seal_open(&bob, doc, sizeof doc, &plain, &e), ERR_INVALID);

    /* key files: written, read back, the wrong kind refused by name */
    seal_public_text(&bob, &text);
    assert_int_equal(file_write_private(pub, text.data, text.len, &e), 0);
    strbuf_reset(&text);
    seal_secret_text(&bob, &text);
    assert_int_equal(file_write_private(key, text.data, text.len, &e), 0);
    assert_int_equal(seal_read_secret(key, &bob_again, &e), 0);
    assert_memory_equal(bob_again.sk, bob.sk, sizeof bob.sk);
    assert_memory_equal(bob_again.pk, bob.pk, sizeof bob.pk);
    memset(&bob_again, 0, sizeof bob_again);
    assert_int_equal(seal_read_public(pub, &bob_again, &e), 0);
    assert_memory_equal(bob_again.pk, bob.pk, sizeof bob.pk);
    assert_int_equal(seal_read_secret(pub, &bob_again, &e), ERR_INVALID);
    assert_string_equal(e.where, pub);
    assert_int_equal(seal_read_public(testutil_temp_path("none.pub"), &bob_again, &e),
                     ERR_NOTFOUND);

    strbuf_release(&sealed);
    strbuf_release(&plain);
    strbuf_release(&text);
}

static void test_private_files(void **state)
{
    const char *path = testutil_temp_path("private.txt");
    struct stat st;
    struct error e = {0};
    char *back = NULL;
    size_t len = 0;
    int shared = -1;
    unsigned mode = 0;
    mode_t old = umask(0);
    (void)state;

    assert_int_equal(file_write_private(path, "abc", 3, &e), 0);
    umask(old);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(file_is_shared(path, &shared, &mode, &e), 0);
    assert_false(shared);
    assert_int_equal(mode, 0600);
    assert_int_equal(chmod(path, 0640), 0);
    assert_int_equal(file_is_shared(path, &shared, &mode, &e), 0);
    assert_true(shared);
    assert_int_equal(file_read_all(path, 1024, &back, &len, &e), 0);
    assert_int_equal(len, 3);
    assert_string_equal(back, "abc");
    free(back);
    assert_int_equal(file_read_all(path, 2, &back, &len, &e), ERR_TOO_LARGE);
    /* replacing a file others could read leaves it 0600 */
    assert_int_equal(file_write_private(path, "de", 2, &e), 0);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip_and_refusals),
        cmocka_unit_test(test_private_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
