/*
 * deadline_test.c — http/deadline: a connection still receiving past its
 * deadline is shut down (its peer reads the end of the stream) although
 * bytes keep arriving, and a request it still delivers is refused
 * (deadline_busy); a busy one is left alone, and receiving again starts a
 * new deadline; closing forgets it.
 */
#include "http/deadline.h"

#include "base/error.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

/* Whether the peer end p has seen the end of the stream (non-blocking). */
static int peer_closed(int p)
{
    char c;
    ssize_t n = recv(p, &c, 1, MSG_DONTWAIT);
    return n == 0;
}

static void test_deadline(void **state)
{
    struct deadline *d = NULL;
    struct deadline_conn *slow, *busy;
    int a[2], b[2], i;
    (void)state;
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, a), 0);
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, b), 0);
    assert_int_equal(deadline_new(1, &d), 0);
    slow = deadline_open(d, a[0]);
    busy = deadline_open(d, b[0]);
    assert_non_null(slow);
    assert_non_null(busy);
    assert_int_equal(deadline_busy(d, busy), 0);
    /* the slow client keeps sending; its deadline does not move */
    for (i = 0; i < 25 && !peer_closed(a[1]); i++) {
        assert_true(send(a[1], "x", 1, MSG_NOSIGNAL) == 1 || errno == EPIPE);
        usleep(100 * 1000);
    }
    assert_true(peer_closed(a[1]));
    assert_true(i >= 8); /* not before about a second */
    assert_false(peer_closed(b[1]));
    assert_int_equal((int)deadline_cut_count(d), 1);
    /* a request read from the cut connection (it waited in the socket while
     * the server was busy) is refused: no answer could reach its client */
    assert_int_equal(deadline_busy(d, slow), ERR_IO);
    assert_int_equal(deadline_busy(d, NULL), 0);
    /* answered: receiving again gets a full new deadline */
    deadline_receiving(d, busy);
    usleep(500 * 1000);
    assert_false(peer_closed(b[1]));
    deadline_close(d, slow);
    deadline_close(d, busy);
    deadline_close(d, NULL);
    deadline_free(d);
    deadline_free(NULL);
    for (i = 0; i < 2; i++) {
        close(a[i]);
        close(b[i]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_deadline),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
