/*
 * server.h — the HTTP server of `vitaal serve`: a libmicrohttpd daemon with
 * a thread pool sized to the cores, keep-alive, optional TLS, request
 * bodies up to a documented limit (413 beyond), security headers on every
 * response, one SQLite connection per worker thread (opened on first use;
 * WAL lets readers run beside the one writer), and the job worker.
 *
 * http_server_start returns once the socket listens; http_server_stop
 * finishes the requests in flight, stops the job worker and closes every
 * connection. Signals are the caller's business (cmd_serve.c).
 */
#ifndef VITAAL_HTTP_SERVER_H
#define VITAAL_HTTP_SERVER_H

#include "base/error.h"

#include <stddef.h>
#include <stdint.h>

#define HTTP_DEFAULT_LISTEN "127.0.0.1:8080"
/* connections one client address may hold open at once (of the 1,024 in
 * all); more are closed as soon as they are accepted */
#define HTTP_PER_ADDRESS_DEFAULT 64

struct http_config {
    const char *db_path;
    const char *listen;   /* HOST:PORT, [V6]:PORT; port 0 picks a free one */
    const char *tls_cert; /* PEM files; both or neither */
    const char *tls_key;
    int64_t session_ttl;         /* seconds; 0: HTTP_SESSION_TTL */
    size_t body_max;             /* bytes; 0: HTTP_BODY_MAX_DEFAULT */
    unsigned threads;            /* 0: one per online core */
    int no_cache;                /* every request goes to the database (see cache.h) */
    unsigned per_address_limit;  /* 0: HTTP_PER_ADDRESS_DEFAULT */
    int64_t request_deadline;    /* seconds to send one request; 0: DEADLINE_DEFAULT_S */
    int64_t job_budget;          /* seconds a job may run; 0: JOBS_BUDGET_S */
    const char *trusted_proxies; /* "ADDR[/BITS], ..." whose X-Forwarded-For is believed
                                    (http/proxy.h); NULL: none */
};

struct http_server;

int http_server_start(const struct http_config *c, struct http_server **out, struct error *e);
/* "http://127.0.0.1:8080" (https with TLS), with the port actually bound. */
const char *http_server_url(const struct http_server *s);
void http_server_stop(struct http_server *s); /* NULL is fine */

#endif
