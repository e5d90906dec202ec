/*
 * proxy_test.c — tests src/http/proxy.c: the trusted-proxy list (addresses,
 * networks, IPv4 and IPv6, mistakes refused) and the client address taken
 * from X-Forwarded-For only from a trusted peer, as the right-most entry
 * that is not itself a trusted proxy.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "http/proxy.h"

#include <stdio.h>
#include <string.h>

static void test_parse(void **state)
{
    struct proxy_list l;
    struct error e = {0};
    (void)state;
    assert_int_equal(proxy_list_parse(NULL, &l, &e), 0);
    assert_int_equal(l.n, 0);
    assert_int_equal(proxy_list_parse(" 127.0.0.1, ::1 ,10.1.0.0/16,fd00::/8,", &l, &e), 0);
    assert_int_equal(l.n, 4);
    assert_true(proxy_trusted(&l, "127.0.0.1"));
    assert_true(proxy_trusted(&l, "::ffff:127.0.0.1")); /* IPv4-mapped */
    assert_true(proxy_trusted(&l, "::1"));
    assert_true(proxy_trusted(&l, "10.1.255.3"));
    assert_false(proxy_trusted(&l, "10.2.0.1"));
    assert_true(proxy_trusted(&l, "fd12::7"));
    assert_false(proxy_trusted(&l, "fe80::1"));
    assert_false(proxy_trusted(&l, "127.0.0.2"));
    assert_false(proxy_trusted(&l, "localhost"));
    assert_false(proxy_trusted(&l, NULL));
    assert_int_equal(proxy_list_parse("127.0.0.1/33", &l, &e), ERR_INVALID);
    assert_int_equal(proxy_list_parse("nginx", &l, &e), ERR_INVALID);
    assert_non_null(strstr(e.message, "'nginx'"));
    assert_int_equal(proxy_list_parse("10.0.0.0/", &l, &e), ERR_INVALID);
    assert_int_equal(proxy_list_parse("0.0.0.0/0", &l, &e),
                     0); /* everything: allowed, on purpose */
    assert_true(proxy_trusted(&l, "8.8.8.8"));
    assert_false(proxy_trusted(&l, "::1")); /* another family */
}

static void test_client_address(void **state)
{
    struct proxy_list l;
    struct error e = {0};
    char buf[64];
    (void)state;
    assert_int_equal(proxy_list_parse("127.0.0.1, 10.0.0.0/8", &l, &e), 0);
    /* an untrusted peer: the header is ignored, whatever it says */
    assert_string_equal(proxy_client_address(&l, "192.0.2.7", "198.51.100.1", buf, sizeof buf),
                        "192.0.2.7");
    /* a trusted peer: the address it forwarded */
    assert_string_equal(proxy_client_address(&l, "127.0.0.1", "198.51.100.1", buf, sizeof buf),
                        "198.51.100.1");
    assert_string_equal(proxy_client_address(&l, "127.0.0.1", NULL, buf, sizeof buf), "127.0.0.1");
    /* a client's own forged entries stay to the left of what the proxy saw */
    assert_string_equal(
        proxy_client_address(&l, "127.0.0.1", "1.1.1.1, 2.2.2.2 ,198.51.100.1", buf, sizeof buf),
        "198.51.100.1");
    /* through a chain of trusted proxies: the first untrusted from the right */
    assert_string_equal(
        proxy_client_address(&l, "127.0.0.1", "1.1.1.1,198.51.100.1, 10.0.0.5", buf, sizeof buf),
        "198.51.100.1");
    /* garbage stops the walk at the trusted address reached */
    assert_string_equal(
        proxy_client_address(&l, "127.0.0.1", "198.51.100.1, unknown", buf, sizeof buf),
        "127.0.0.1");
    /* IPv6, canonical; an IPv4-mapped entry as IPv4 */
    assert_string_equal(proxy_client_address(&l, "127.0.0.1", "2001:DB8:0:0::1", buf, sizeof buf),
                        "2001:db8::1");
    assert_string_equal(
        proxy_client_address(&l, "127.0.0.1", "::ffff:198.51.100.9", buf, sizeof buf),
        "198.51.100.9");
    /* no list: nobody is trusted */
    assert_int_equal(proxy_list_parse("", &l, &e), 0);
    assert_string_equal(proxy_client_address(&l, "127.0.0.1", "198.51.100.1", buf, sizeof buf),
                        "127.0.0.1");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_client_address),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
