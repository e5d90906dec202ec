/*
 * proxy.c — the client address behind a trusted reverse proxy (see
 * proxy.h).
 */
#include "http/proxy.h"

#include "base/strbuf.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

/* Parses a numeric address into family and 16 bytes; an IPv4-mapped IPv6
 * address becomes IPv4. 0 on success. */
static int parse_address(const char *text, int *family, unsigned char addr[16])
{
    struct in6_addr a6;
    memset(addr, 0, 16);
    if (inet_pton(AF_INET, text, addr) == 1) {
        *family = AF_INET;
        return 0;
    }
    if (inet_pton(AF_INET6, text, &a6) != 1)
        return -1;
    if (IN6_IS_ADDR_V4MAPPED(&a6)) {
        *family = AF_INET;
        memcpy(addr, a6.s6_addr + 12, 4);
    } else {
        *family = AF_INET6;
        memcpy(addr, a6.s6_addr, 16);
    }
    return 0;
}

/* Copies the entry text[0..len) without surrounding blanks into out. */
static void trimmed(const char *text, size_t len, char *out, size_t size)
{
    while (len > 0 && (*text == ' ' || *text == '\t')) {
        text++;
        len--;
    }
    while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\t'))
        len--;
    if (len >= size)
        len = 0; /* too long to be an address */
    memcpy(out, text, len);
    out[len] = '\0';
}

int proxy_list_parse(const char *text, struct proxy_list *out, struct error *e)
{
    const char *p = text;
    memset(out, 0, sizeof *out);
    while (p && *p) {
        size_t len = strcspn(p, ",");
        char entry[80], *slash;
        struct proxy_net *n = &out->nets[out->n];
        long bits;
        trimmed(p, len, entry, sizeof entry);
        p += len + (p[len] == ',');
        if (entry[0] == '\0')
            continue;
        if (out->n == PROXY_MAX)
            return error_set(e, ERR_INVALID, "--trusted-proxies", "more than %d entries",
                             PROXY_MAX);
        if ((slash = strchr(entry, '/')) != NULL)
            *slash = '\0';
        if (parse_address(entry, &n->family, n->addr) != 0)
            return error_set(e, ERR_INVALID, "--trusted-proxies",
                             "'%s' is not an IP address or network", entry);
        n->bits = n->family == AF_INET ? 32 : 128;
        if (slash) {
            char *end;
            bits = strtol(slash + 1, &end, 10);
            if (*end || slash[1] == '\0' || bits < 0 || bits > n->bits)
                return error_set(e, ERR_INVALID, "--trusted-proxies",
                                 "'%s/%s': the prefix length must be 0..%d", entry, slash + 1,
                                 n->bits);
            n->bits = (int)bits;
        }
        out->n++;
    }
    return 0;
}

static int in_net(const struct proxy_net *n, int family, const unsigned char addr[16])
{
    int full = n->bits / 8, rest = n->bits % 8;
    if (n->family != family || memcmp(n->addr, addr, (size_t)full) != 0)
        return 0;
    return rest == 0 || ((n->addr[full] ^ addr[full]) & (0xff << (8 - rest)) & 0xff) == 0;
}

int proxy_trusted(const struct proxy_list *l, const char *address)
{
    unsigned char addr[16];
    int family;
    size_t i;
    if (l == NULL || address == NULL || parse_address(address, &family, addr) != 0)
        return 0;
    for (i = 0; i < l->n; i++) {
        if (in_net(&l->nets[i], family, addr))
            return 1;
    }
    return 0;
}

/* The address as canonical text (IPv4-mapped as IPv4). */
static int canonical(const char *text, char *buf, size_t size)
{
    unsigned char addr[16];
    int family;
    if (parse_address(text, &family, addr) != 0 || size < INET6_ADDRSTRLEN)
        return -1;
    return inet_ntop(family, addr, buf, (socklen_t)size) ? 0 : -1;
}

const char *proxy_client_address(const struct proxy_list *l, const char *peer, const char *xff,
                                 char *buf, size_t size)
{
    char entry[80];
    size_t end;
    snprintf(buf, size, "%s", peer ? peer : "");
    if (xff == NULL || !proxy_trusted(l, buf))
        return buf;
    end = strlen(xff);
    /* from the right: each entry was added by the hop before the last */
    while (proxy_trusted(l, buf) && end > 0) {
        size_t start = end;
        while (start > 0 && xff[start - 1] != ',')
            start--;
        trimmed(xff + start, end - start, entry, sizeof entry);
        if (entry[0] == '\0' || canonical(entry, buf, size) != 0) {
            if (entry[0] != '\0')
                break; /* not an address: stop at the trusted one */
        }
        end = start > 0 ? start - 1 : 0;
        if (start == 0)
            break;
    }
    return buf;
}

static const char *client_address(struct MHD_Connection *c, struct arena *a)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    char host[NI_MAXHOST];
    socklen_t len;
    if (info == NULL || info->client_addr == NULL)
        return NULL;
    len = info->client_addr->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6)
                                                   : sizeof(struct sockaddr_in);
    if (getnameinfo(info->client_addr, len, host, sizeof host, NULL, 0, NI_NUMERICHOST) != 0)
        return NULL;
    return arena_strdup(a, host);
}

/* Appends each X-Forwarded-For value (there may be several headers) to
 * the strbuf ctx, separated by commas. */
static enum MHD_Result add_forwarded(void *ctx, enum MHD_ValueKind kind, const char *key,
                                     const char *value)
{
    struct strbuf *b = ctx;
    (void)kind;
    if (key && value && strcasecmp(key, "X-Forwarded-For") == 0)
        strbuf_printf(b, "%s%s", b->len ? "," : "", value);
    return MHD_YES;
}

/* The client's address: the peer's, or behind a trusted proxy the one it
 * forwarded (http/proxy.h). */
const char *proxy_request_address(const struct proxy_list *l, struct MHD_Connection *c,
                                  struct arena *a)
{
    const char *peer = client_address(c, a);
    struct strbuf xff = STRBUF_INIT;
    char buf[INET6_ADDRSTRLEN + 1];
    const char *address = peer;
    if (peer == NULL || l == NULL || l->n == 0 || !proxy_trusted(l, peer))
        return peer;
    MHD_get_connection_values(c, MHD_HEADER_KIND, add_forwarded, &xff);
    if (xff.len)
        address = arena_strdup(a, proxy_client_address(l, peer, strbuf_str(&xff), buf, sizeof buf));
    strbuf_release(&xff);
    return address;
}
