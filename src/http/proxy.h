/*
 * proxy.h — the client address behind a trusted reverse proxy (nginx,
 * deploy/nginx-vitaal.conf). Behind a proxy every request comes from the
 * proxy's address, so login delays, refusal counts and audit entries would
 * all share one address. When (and only when) the connection's peer is one
 * of the trusted proxies (`vitaal serve --trusted-proxies`), the client
 * address is taken from X-Forwarded-For: walked from the right, each entry
 * replaces the address while the address so far is a trusted proxy, so the
 * result is the right-most address that is not a trusted proxy (what the
 * nearest trusted proxy saw). An entry that is not an IP address stops the
 * walk. From any other peer the header is ignored: a client cannot choose
 * its own address.
 *
 * The per-address connection limit is counted when a connection is
 * accepted, before any header is read: it stays on the peer (the proxy).
 */
#ifndef VITAAL_HTTP_PROXY_H
#define VITAAL_HTTP_PROXY_H

#include "base/arena.h"
#include "base/error.h"

#include <microhttpd.h>
#include <stddef.h>

#define PROXY_MAX 32 /* trusted addresses or networks */

struct proxy_net {
    int family; /* AF_INET or AF_INET6 */
    unsigned char addr[16];
    int bits; /* prefix length */
};

struct proxy_list {
    struct proxy_net nets[PROXY_MAX];
    size_t n;
};

/* Parses "ADDR[/BITS], ..." (IPv4 or IPv6, spaces allowed) into out; NULL
 * or "" is an empty list. ERR_INVALID naming the entry that is not one. */
int proxy_list_parse(const char *text, struct proxy_list *out, struct error *e);

/* Whether address (numeric IPv4 or IPv6; an IPv4-mapped IPv6 address counts
 * as its IPv4 one) is in l. */
int proxy_trusted(const struct proxy_list *l, const char *address);

/* The client address of a request from peer with the X-Forwarded-For value
 * xff (NULL: none; several headers joined with commas), as text in buf:
 * peer itself unless peer is trusted (see above). Returns buf. */
const char *proxy_client_address(const struct proxy_list *l, const char *peer, const char *xff,
                                 char *buf, size_t size);

/* The client address of the request on connection c (in a): the peer's,
 * or from a trusted proxy (l) the one it forwarded in X-Forwarded-For
 * (every such header, in order). NULL when the peer's is unknown. */
const char *proxy_request_address(const struct proxy_list *l, struct MHD_Connection *c,
                                  struct arena *a);

#endif
