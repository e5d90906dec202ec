/*
 * proxy_fuzz.c — fuzzes the trusted-proxy rules (http/proxy): the input is
 * three lines, a --trusted-proxies list, a peer address and an
 * X-Forwarded-For value. The list parser either accepts or says why; the
 * client address is the peer itself whenever the peer is not trusted (a
 * client cannot choose its own address), and otherwise either the peer or
 * an address that the header named, in canonical form.
 */
#include "fuzz.h"

#include "http/proxy.h"

#include <arpa/inet.h>
#include <string.h>

/* The next line of the input (NUL-terminated in place), or NULL at the end. */
static char *next_line(char **cursor)
{
    char *line = *cursor, *nl;
    if (line == NULL)
        return NULL;
    nl = strchr(line, '\n');
    if (nl) {
        *nl = '\0';
        *cursor = nl + 1;
    } else {
        *cursor = NULL;
    }
    return line;
}

static int is_address(const char *s)
{
    unsigned char a[16];
    return inet_pton(AF_INET, s, a) == 1 || inet_pton(AF_INET6, s, a) == 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct proxy_list list;
    struct error e = {0};
    char buf[INET6_ADDRSTRLEN + 1];
    char *text, *cursor, *spec, *peer, *xff;
    const char *client;
    if (size > 4096)
        return 0;
    text = malloc(size + 1);
    if (text == NULL)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    cursor = text;
    spec = next_line(&cursor);
    peer = next_line(&cursor);
    xff = next_line(&cursor);
    memset(&list, 0, sizeof list);
    if (proxy_list_parse(spec, &list, &e) != 0) {
        FUZZ_CHECK(e.code != 0 && e.message[0] != '\0');
        goto done;
    }
    FUZZ_CHECK(list.n <= PROXY_MAX);
    client = proxy_client_address(&list, peer, xff, buf, sizeof buf);
    FUZZ_CHECK(client == buf && memchr(buf, '\0', sizeof buf) != NULL);
    if (peer == NULL || xff == NULL || !proxy_trusted(&list, peer)) {
        char want[INET6_ADDRSTRLEN + 1];
        snprintf(want, sizeof want, "%s", peer ? peer : "");
        FUZZ_CHECK(strcmp(client, want) == 0);
    } else if (strncmp(client, peer, sizeof buf - 1) != 0) {
        FUZZ_CHECK(is_address(client)); /* from the header, canonical */
    }
done:
    free(text);
    return 0;
}
