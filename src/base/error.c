/*
 * error.c — filling struct error and mapping codes to exit and HTTP status.
 */
#include "base/error.h"

#include <stdio.h>
#include <string.h>

int error_setv(struct error *e, int code, const char *where, const char *fmt, va_list ap)
{
    if (e == NULL)
        return code;
    e->code = code;
    snprintf(e->where, sizeof e->where, "%s", where ? where : "");
    vsnprintf(e->message, sizeof e->message, fmt, ap);
    return code;
}

int error_set(struct error *e, int code, const char *where, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    error_setv(e, code, where, fmt, ap);
    va_end(ap);
    return code;
}

void error_prefix_where(struct error *e, const char *prefix)
{
    char old[ERROR_WHERE_MAX];
    if (e == NULL || prefix == NULL)
        return;
    memcpy(old, e->where, sizeof old);
    if (old[0])
        snprintf(e->where, sizeof e->where, "%s: %s", prefix, old);
    else
        snprintf(e->where, sizeof e->where, "%s", prefix);
}

void error_clear(struct error *e)
{
    if (e == NULL)
        return;
    e->code = 0;
    e->where[0] = '\0';
    e->message[0] = '\0';
}

int error_exit_status(int code)
{
    switch (code) {
    case ERR_OK:
        return 0;
    case ERR_INVALID:
    case ERR_VERSION:
    case ERR_TOO_LARGE:
    case ERR_METHOD:
        return 2;
    case ERR_NOTFOUND:
        return 3;
    case ERR_CONFLICT:
        return 4;
    case ERR_FORBIDDEN:
    case ERR_UNAUTHORIZED:
    case ERR_RATE_LIMITED:
        return 5;
    default:
        return 1;
    }
}

int error_http_status(int code)
{
    switch (code) {
    case ERR_OK:
        return 200;
    case ERR_INVALID:
    case ERR_VERSION:
        return 400;
    case ERR_UNAUTHORIZED:
        return 401;
    case ERR_FORBIDDEN:
        return 403;
    case ERR_NOTFOUND:
        return 404;
    case ERR_METHOD:
        return 405;
    case ERR_CONFLICT:
        return 409;
    case ERR_TOO_LARGE:
        return 413;
    case ERR_RATE_LIMITED:
        return 429;
    default:
        return 500;
    }
}

const char *error_code_name(int code)
{
    switch (code) {
    case ERR_OK:
        return "ok";
    case ERR_INVALID:
        return "invalid";
    case ERR_NOTFOUND:
        return "not_found";
    case ERR_CONFLICT:
        return "conflict";
    case ERR_FORBIDDEN:
        return "forbidden";
    case ERR_IO:
        return "io";
    case ERR_NOMEM:
        return "no_memory";
    case ERR_STORE:
        return "store";
    case ERR_VERSION:
        return "version";
    case ERR_TOO_LARGE:
        return "too_large";
    case ERR_UNAUTHORIZED:
        return "unauthorized";
    case ERR_METHOD:
        return "method_not_allowed";
    case ERR_RATE_LIMITED:
        return "too_many_requests";
    default:
        return "internal";
    }
}
