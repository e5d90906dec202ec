/*
 * route_fuzz.c — fuzzes the URL path and query parsing: the input is a
 * request line "METHOD TARGET" as a client sends it. The target is split
 * at '?' and unescaped with request_unescape (the server's unescape
 * callback), the query split into at most HTTP_QUERY_MAX key=value pairs,
 * as server.c gets them; a path request_check_path refuses goes no
 * further; then the router matches the path (router_match) and the usual
 * query parameters are parsed (request_query_int, the as_of date).
 * Checks: a matched {kind} is a kind, an {id} is a non-empty segment
 * without a control character.
 */
#include "fuzz.h"

#include "base/timefmt.h"
#include "http/request.h"
#include "http/router.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct http_state state;
    struct request req;
    const struct route *r;
    char allow[64], *line, *space, *target, *query, *pair;
    int64_t n;
    if (size > 4096)
        return 0;
    line = malloc(size + 1);
    if (line == NULL)
        return 0;
    memcpy(line, data, size);
    line[size] = '\0';
    memset(&state, 0, sizeof state);
    request_init(&req, &state, NULL);
    space = strchr(line, ' ');
    target = space ? space + 1 : line;
    if (space)
        *space = '\0';
    req.method_name = space ? line : "GET";
    req.method = request_method_from_name(req.method_name);
    if ((query = strchr(target, '?')) != NULL)
        *query++ = '\0';
    request_unescape(target);
    req.path = target;
    if (request_check_path(&req) != 0) {
        FUZZ_CHECK(req.error.message[0] != '\0');
        goto done;
    }
    while (query && *query) {
        char *eq;
        pair = query;
        query = strchr(query, '&');
        if (query)
            *query++ = '\0';
        if ((eq = strchr(pair, '=')) != NULL)
            *eq++ = '\0';
        request_unescape(pair);
        if (eq)
            request_unescape(eq);
        if (request_add_query(&req, pair, eq) != 0)
            break;
    }
    FUZZ_CHECK(req.n_query <= HTTP_QUERY_MAX);
    r = router_match(&req, allow, sizeof allow);
    if (r != NULL) {
        FUZZ_CHECK(strncmp(r->pattern, "/api/", 5) == 0);
        if (strstr(r->pattern, "{kind}") || strstr(r->pattern, "{parent}"))
            FUZZ_CHECK(req.kind != NULL);
        if (strstr(r->pattern, "{id}") || strstr(r->pattern, "{username}")) {
            const char *c;
            FUZZ_CHECK(req.id != NULL && req.id[0] != '\0' && strchr(req.id, '/') == NULL);
            for (c = req.id; *c; c++)
                FUZZ_CHECK((unsigned char)*c >= 0x20 && *c != 0x7f);
        }
    } else {
        FUZZ_CHECK(strlen(allow) < sizeof allow);
    }
    request_query_int(&req, "limit", 100, 1, 1000, &n);
    request_query_int(&req, "offset", 0, 0, INT64_MAX, &n);
    if (request_query(&req, "as_of"))
        timefmt_parse_date(request_query(&req, "as_of"), &n);
done:
    request_release(&req);
    free(line);
    return 0;
}
