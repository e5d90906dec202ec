/*
 * paths_test.c — tests src/base/paths.c: the folder of the running binary,
 * the installed layout found beside it (this test makes
 * ../share/vitaal/{data/catalogue,web/index.html} next to its own folder
 * before the first question, and removes it), a folder without the marker
 * not taken, and the environment overrides read at every call.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/paths.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char prefix[PATH_MAX], exe_folder[PATH_MAX];

static void run(const char *fmt, const char *arg)
{
    char cmd[PATH_MAX * 2];
    snprintf(cmd, sizeof cmd, fmt, arg);
    assert_int_equal(system(cmd), 0);
}

static int setup(void **state)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    (void)state;
    assert_true(n > 0);
    exe[n] = '\0';
    *strrchr(exe, '/') = '\0';
    snprintf(exe_folder, sizeof exe_folder, "%s", exe);
    *strrchr(exe, '/') = '\0';
    snprintf(prefix, sizeof prefix, "%s/share", exe); /* beside the test's folder */
    run("rm -rf '%s'", prefix);
    run("mkdir -p '%s/vitaal/data/catalogue'", prefix);
    run("mkdir -p '%s/vitaal/web'", prefix);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    run("rm -rf '%s'", prefix);
    return 0;
}

static void test_installed_layout(void **state)
{
    char want[PATH_MAX + 32], path[PATH_MAX + 32];
    FILE *f;
    (void)state;
    /* the web folder counts only with its index.html: make it, then ask */
    snprintf(path, sizeof path, "%s/vitaal/web/index.html", prefix);
    assert_non_null(f = fopen(path, "w"));
    fclose(f);
    unsetenv("VITAAL_DATA");
    unsetenv("VITAAL_WEB");
    assert_string_equal(paths_exe_dir(), exe_folder);
    snprintf(want, sizeof want, "%s/vitaal/data", prefix);
    assert_string_equal(paths_data_dir(), want);
    snprintf(want, sizeof want, "%s/vitaal/web", prefix);
    assert_string_equal(paths_web_dir(), want);
}

static void test_overrides_at_every_call(void **state)
{
    (void)state;
    setenv("VITAAL_DATA", "/elsewhere/data", 1);
    setenv("VITAAL_WEB", "/elsewhere/web", 1);
    assert_string_equal(paths_data_dir(), "/elsewhere/data");
    assert_string_equal(paths_web_dir(), "/elsewhere/web");
    setenv("VITAAL_DATA", "", 1); /* empty: as if unset */
    unsetenv("VITAAL_WEB");
    assert_non_null(strstr(paths_data_dir(), "/share/vitaal/data"));
    assert_non_null(strstr(paths_web_dir(), "/share/vitaal/web"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_installed_layout),
        cmocka_unit_test(test_overrides_at_every_call),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
