/*
 * router.h — the API's route table and the dispatch of one request: match
 * the path, refuse a wrong method (405), authenticate (401) and check the
 * CSRF token of cookie sessions (403) before any handler runs, then call the
 * handler and turn its error code into the JSON error.
 *
 * The table is the one list of what the server answers: `vitaal serve
 * --routes` prints it and a test checks every line against the OpenAPI
 * document.
 */
#ifndef VITAAL_HTTP_ROUTER_H
#define VITAAL_HTTP_ROUTER_H

#include "http/request.h"

#include <stddef.h>

#define ROUTE_PUBLIC 0x1 /* answered without a login */
#define ROUTE_AS_OF  0x2 /* answers ?as_of=DATE from the records as they stood then */
#define ROUTE_COMMENTS                                                                             \
    0x4 /* {kind} matches only the kinds that take comments (domain/comment.h)                     \
         */

#define ROUTE_ENROL                                                                                \
    0x8 /* answered to a session that may only enrol in MFA (domain/mfa.h); every other route      \
         * refuses it (403, mfa_enrol_first) */

typedef int (*route_handler)(struct request *req);

/* pattern segments: literals, "{kind}" (the name of a kind of record, sets
 * req->kind), "{parent}" (the name of a kind that takes attachments,
 * domain/attachment.h; sets req->kind), "{id}" (a record id, sets req->id)
 * and "{job}" (sets req->tail). */
struct route {
    const char *method;
    const char *pattern;
    route_handler handler;
    unsigned flags;
};

extern const struct route router_routes[];
extern const size_t router_route_count;

/* The route that answers req->method_name on req->path, with req->kind,
 * req->id and req->tail filled from the path; NULL when none does, allow
 * then holding the methods the path does answer ("GET, PUT", or "" when
 * the path matches no route at all). Nothing else of req is touched. */
const struct route *router_match(struct request *req, char *allow, size_t allow_size);

/* Handles req completely: afterwards req->response holds what to send. */
void router_dispatch(struct request *req);

/* Calls fn for every route with {kind} expanded to each kind's name
 * ({parent}: each kind that takes attachments), in
 * table order (as `vitaal serve --routes` prints them). */
void router_each(void (*fn)(void *ctx, const char *method, const char *path), void *ctx);

#endif
