/*
 * xmalloc_test.c — tests src/base/xmalloc.c: the copies and formatted
 * strings, zero sizes, jansson allocating through xmalloc from before main,
 * and the abort with its message when a size cannot be had.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/strbuf.h"
#include "base/xmalloc.h"

#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void test_copies(void **state)
{
    char *s, *t, *u;
    (void)state;
    assert_null(xstrdup(NULL));
    assert_null(xstrndup(NULL, 3));
    s = xstrdup("vitaal");
    assert_string_equal(s, "vitaal");
    t = xstrndup("vitaal", 3);
    assert_string_equal(t, "vit");
    u = xstrndup("vi", 10); /* shorter than len: the whole string */
    assert_string_equal(u, "vi");
    free(s);
    free(t);
    free(u);
    s = xasprintf("%s %d", "uur", 72);
    assert_string_equal(s, "uur 72");
    free(s);
}

static void test_zero_sizes(void **state)
{
    unsigned char *p, *q;
    size_t i;
    (void)state;
    p = xmalloc(0);
    assert_non_null(p);
    free(p);
    p = xcalloc(0, 8);
    assert_non_null(p);
    p = xrealloc(p, 0);
    assert_non_null(p);
    free(p);
    q = xcalloc(100, 3);
    for (i = 0; i < 300; i++)
        assert_int_equal(q[i], 0);
    free(q);
}

/* The constructor in xmalloc.c ran before main: jansson uses xmalloc. */
static void test_jansson_allocator(void **state)
{
    json_malloc_t m = NULL;
    json_free_t f = NULL;
    (void)state;
    json_get_alloc_funcs(&m, &f);
    assert_ptr_equal(m, xmalloc);
    assert_ptr_equal(f, free);
}

/* A strbuf grows as far as it is asked, with no flag to check. */
static void test_strbuf_grows(void **state)
{
    struct strbuf b = STRBUF_INIT;
    size_t i;
    (void)state;
    for (i = 0; i < 100000; i++)
        strbuf_putc(&b, (char)('a' + i % 26));
    assert_int_equal(b.len, 100000);
    assert_int_equal(strbuf_str(&b)[25], 'z');
    strbuf_release(&b);
}

/* n * size overflows: the process aborts saying so, on stderr. */
static void test_abort_with_message(void **state)
{
    int fds[2], status;
    char buf[128] = "";
    ssize_t n;
    pid_t pid;
    (void)state;
    assert_int_equal(pipe(fds), 0);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        dup2(fds[1], 2);
        close(fds[0]);
        signal(SIGABRT, SIG_DFL);
        xcalloc(SIZE_MAX / 2, 4);
        _exit(0); /* not reached */
    }
    close(fds[1]);
    n = read(fds[0], buf, sizeof buf - 1);
    close(fds[0]);
    assert_true(n > 0);
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status));
    assert_int_equal(WTERMSIG(status), SIGABRT);
    assert_non_null(strstr(buf, "vitaal: out of memory ("));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_copies),
        cmocka_unit_test(test_zero_sizes),
        cmocka_unit_test(test_jansson_allocator),
        cmocka_unit_test(test_strbuf_grows),
        cmocka_unit_test(test_abort_with_message),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
