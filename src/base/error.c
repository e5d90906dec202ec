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
    e->id[0] = '\0';
    e->n_params = 0;
    return code;
}

/* The value of parameter name (len bytes) in e, NULL if there is none. */
static const char *param_value(const struct error *e, const char *name, size_t len)
{
    int i;
    for (i = 0; i < e->n_params; i++) {
        if (strlen(e->params[i].name) == len && memcmp(e->params[i].name, name, len) == 0)
            return e->params[i].value;
    }
    return NULL;
}

int error_set_msg(struct error *e, int code, const char *where, const char *id,
                  const char *template, ...)
{
    va_list ap;
    const char *name, *p;
    size_t used = 0;
    if (e == NULL)
        return code;
    e->code = code;
    snprintf(e->where, sizeof e->where, "%s", where ? where : "");
    snprintf(e->id, sizeof e->id, "%s", id);
    e->n_params = 0;
    va_start(ap, template);
    while ((name = va_arg(ap, const char *)) != NULL) {
        const char *value = va_arg(ap, const char *);
        if (e->n_params == ERROR_PARAMS_MAX)
            continue; /* a programming error; the template shows the gap */
        snprintf(e->params[e->n_params].name, ERROR_PARAM_NAME, "%s", name);
        snprintf(e->params[e->n_params].value, ERROR_PARAM_VALUE, "%s", value ? value : "");
        e->n_params++;
    }
    va_end(ap);
    /* fill in the template: {name} -> its value; anything else is copied */
    for (p = template; *p && used + 1 < sizeof e->message;) {
        const char *close = *p == '{' ? strchr(p, '}') : NULL;
        const char *value = close ? param_value(e, p + 1, (size_t)(close - p - 1)) : NULL;
        if (value) {
            used += (size_t)snprintf(e->message + used, sizeof e->message - used, "%s", value);
            if (used >= sizeof e->message)
                used = sizeof e->message - 1;
            p = close + 1;
        } else {
            e->message[used++] = *p++;
        }
    }
    e->message[used] = '\0';
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
    e->id[0] = '\0';
    e->n_params = 0;
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
    case ERR_MEDIA_TYPE:
        return 2;
    case ERR_NOTFOUND:
        return 3;
    case ERR_CONFLICT:
    case ERR_BUSY:
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
    case ERR_MEDIA_TYPE:
        return 415;
    case ERR_RATE_LIMITED:
        return 429;
    case ERR_BUSY:
        return 503;
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
    case ERR_MEDIA_TYPE:
        return "unsupported_media_type";
    case ERR_BUSY:
        return "busy";
    default:
        return "internal";
    }
}
