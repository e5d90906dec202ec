/*
 * error.h — the project's error codes and the error record every fallible
 * function fills in.
 *
 * Functions that can fail return int: 0 on success or one of the negative
 * ERR_* codes. A caller that wants the human message passes a struct error,
 * which names where the problem is (a file:line, a JSON path, a field) and
 * what it is. error_exit_status() and error_http_status() are the only places
 * that map codes to the outside world, so the CLI and the API always agree.
 */
#ifndef VITAAL_BASE_ERROR_H
#define VITAAL_BASE_ERROR_H

#include <stdarg.h>

enum err_code {
    ERR_OK = 0,
    ERR_INVALID = -1,   /* bad input: the user can fix it */
    ERR_NOTFOUND = -2,  /* a named thing does not exist */
    ERR_CONFLICT = -3,  /* exists already, or changed under us */
    ERR_FORBIDDEN = -4, /* not allowed for this user */
    ERR_IO = -5,        /* a file or socket failed */
    ERR_NOMEM = -6,     /* out of memory */
    ERR_STORE = -7,     /* the database failed */
    ERR_VERSION = -8,   /* a database or document of a version we do not know */
    ERR_TOO_LARGE = -9, /* over a documented limit */
    ERR_UNAUTHORIZED = -10,
    ERR_INTERNAL = -11,     /* a bug */
    ERR_METHOD = -12,       /* the thing named does not answer this method (HTTP 405) */
    ERR_RATE_LIMITED = -13, /* too many attempts; try again later (HTTP 429) */
    ERR_MEDIA_TYPE = -14,   /* content of a type not accepted (HTTP 415) */
    ERR_BUSY = -15          /* another writer holds the database; try again (HTTP 503, exit 4) */
};

#define ERROR_WHERE_MAX   512
#define ERROR_MESSAGE_MAX 1024
#define ERROR_ID_MAX      40
#define ERROR_PARAMS_MAX  4
#define ERROR_PARAM_NAME  16
#define ERROR_PARAM_VALUE 256

/* One named value of a message with an id ("value" -> "12"). */
struct error_param {
    char name[ERROR_PARAM_NAME];
    char value[ERROR_PARAM_VALUE];
};

struct error {
    int code;
    char where[ERROR_WHERE_MAX];     /* "file.json: $.risks[2].likelihood", "" if none */
    char message[ERROR_MESSAGE_MAX]; /* what is wrong, for a person (English) */
    /* The message's stable id and named values, for a client that says it in
     * its own language (the browser UI's translation files hold
     * "error.<id>"); "" and 0 for a message that has none. */
    char id[ERROR_ID_MAX];
    int n_params;
    struct error_param params[ERROR_PARAMS_MAX];
};

/* Sets *e (if e is not NULL) and returns code, so callers can write
 * `return error_set(e, ERR_INVALID, "$.x", "must be ...");`. where may be NULL. */
int error_set(struct error *e, int code, const char *where, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
int error_setv(struct error *e, int code, const char *where, const char *fmt, va_list ap);

/* Sets *e to a message with a stable id: template is the English text with
 * {name} placeholders, followed by (name, value) string pairs and a NULL, at
 * most ERROR_PARAMS_MAX pairs. Example:
 *   error_set_msg(e, ERR_INVALID, at, "out_of_range", "{value} is out of range: must be
 *                 {min} .. {max}", "value", "12", "min", "1", "max", "5", NULL);
 * The message is the template filled in; e->id and e->params keep the parts. */
int error_set_msg(struct error *e, int code, const char *where, const char *id,
                  const char *template, ...) __attribute__((sentinel));

/* Puts "prefix: " in front of e->where (e.g. the file name). */
void error_prefix_where(struct error *e, const char *prefix);

void error_clear(struct error *e);

/* The one mapping of codes to process exit status (0 ok, 1 failure of ours or
 * of the system, 2 bad input or usage (ERR_METHOD, ERR_MEDIA_TYPE too), 3 not found,
 * 4 conflict (ERR_BUSY too: the database was not free in time), 5 forbidden
 * (ERR_RATE_LIMITED too: refused for now)). */
int error_exit_status(int code);

/* The one mapping of codes to HTTP status. */
int error_http_status(int code);

/* A short stable name for a code ("invalid", "not_found", ...). */
const char *error_code_name(int code);

#endif
