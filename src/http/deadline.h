/*
 * deadline.h — the total time a client has to send one request's headers
 * and body (issue 14 part 1). libmicrohttpd's connection timeout counts
 * from the last byte received, so a client that sends one header line every
 * few seconds keeps a connection (and a share of the connection limit)
 * forever; this tracker counts from the moment the connection opened or
 * the previous response was sent, and activity does not extend it.
 *
 * The server registers each connection's socket when it opens, marks it
 * busy once the request is complete (from then on the server's own work and
 * the response are not cut), receiving again when the response is done,
 * and forgets it when libmicrohttpd closes it. A sweeper thread shuts down
 * (shutdown(2), never close) every socket past its deadline once a second;
 * libmicrohttpd then sees the end of the stream and closes the connection
 * itself. Forgetting takes the same lock as the sweep, and libmicrohttpd
 * closes a socket only after it has been forgotten, so a sweep never
 * touches a socket number that was reused.
 *
 * Independent of libmicrohttpd (plain sockets), so it can be tested alone.
 */
#ifndef VITAAL_HTTP_DEADLINE_H
#define VITAAL_HTTP_DEADLINE_H

#include <stdint.h>

#define DEADLINE_DEFAULT_S 30 /* seconds to send a request's headers and body */

struct deadline;
struct deadline_conn;

/* A tracker that cuts connections receiving longer than seconds (>= 1),
 * with its sweeper thread running. Returns 0 or ERR_INTERNAL. */
int deadline_new(int64_t seconds, struct deadline **out);
/* Stops the sweeper and frees every entry still registered; NULL is fine. */
void deadline_free(struct deadline *d);

/* A new connection on socket fd, receiving from now; NULL when out of
 * memory (the connection is then simply not tracked). */
struct deadline_conn *deadline_open(struct deadline *d, int fd);
/* The request is complete: its handling and response are not cut. Returns
 * 0, or ERR_IO when the connection was cut already (its request was
 * read from the socket after its deadline, e.g. while every thread was
 * busy): the caller must not handle it, since no answer can reach the
 * client, which may well send it again on a new connection. NULL: 0. */
int deadline_busy(struct deadline *d, struct deadline_conn *c);
/* The response is sent: the next request's deadline starts now. */
void deadline_receiving(struct deadline *d, struct deadline_conn *c);
/* The connection closes (before its socket does); c is freed. NULL is fine. */
void deadline_close(struct deadline *d, struct deadline_conn *c);

/* Connections cut so far (for tests and the log). */
uint64_t deadline_cut_count(struct deadline *d);

#endif
