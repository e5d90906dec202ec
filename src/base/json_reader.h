/*
 * json_reader.h — a streaming (pull) JSON tokenizer for documents too large
 * to hold as a tree, such as a national process graph of a million nodes.
 *
 * The caller asks for one token at a time; the reader keeps only a read
 * buffer, the current string and a stack of open containers, so memory does
 * not grow with the document. It knows where it is — line, column and the
 * JSON path of the current value ("$.inputs[3].suppliers[0]") — so callers can
 * name the exact place of a problem. It enforces a maximum nesting depth and
 * a maximum string length, checks the grammar strictly (RFC 8259, UTF-8) and
 * never reads past its limits. It must never allocate per token or per value.
 *
 * Usage:
 *   r = json_reader_new_file(stdin, NULL);
 *   while ((rc = json_reader_next(r, &tok, &err)) == 0 && tok.type != JSON_TOKEN_END)
 *       ... switch on tok.type, json_reader_skip() what is not wanted ...
 *   json_reader_free(r);
 */
#ifndef VITAAL_BASE_JSON_READER_H
#define VITAAL_BASE_JSON_READER_H

#include "base/error.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#define JSON_READER_DEFAULT_MAX_DEPTH  64
#define JSON_READER_DEFAULT_MAX_STRING (1024 * 1024)

enum json_token_type {
    JSON_TOKEN_END = 0, /* the document is complete; nothing follows */
    JSON_TOKEN_OBJECT_BEGIN,
    JSON_TOKEN_OBJECT_END,
    JSON_TOKEN_ARRAY_BEGIN,
    JSON_TOKEN_ARRAY_END,
    JSON_TOKEN_KEY, /* an object member's name; its value comes next */
    JSON_TOKEN_STRING,
    JSON_TOKEN_NUMBER,
    JSON_TOKEN_TRUE,
    JSON_TOKEN_FALSE,
    JSON_TOKEN_NULL
};

/* One token. text is owned by the reader and valid until the next call. */
struct json_token {
    enum json_token_type type;
    const char *text; /* KEY, STRING: unescaped UTF-8, NUL-terminated (may hold
                       * NUL bytes: use len); NUMBER: the literal as written */
    size_t len;
    int is_integer;       /* NUMBER without fraction or exponent that fits int64 */
    int64_t integer;      /* its value when is_integer */
    double real;          /* NUMBER: the value as a double */
    unsigned long line;   /* where the token starts, both 1-based */
    unsigned long column; /* in bytes */
};

struct json_reader_limits {
    size_t max_depth;  /* open objects and arrays at once; 0: the default */
    size_t max_string; /* bytes of one string or key once unescaped; 0: the default */
};

/* Fills buf with up to cap bytes; returns how many (0 at the end) or -1 on a
 * read error. */
typedef ssize_t (*json_read_fn)(void *context, char *buf, size_t cap);

struct json_reader;

/* A reader pulling bytes through read(context, ...). limits may be NULL.
 * Cannot fail (out of memory aborts: base/xmalloc.h). Free with
 * json_reader_free. */
struct json_reader *json_reader_new(json_read_fn read, void *context,
                                    const struct json_reader_limits *limits);
/* The same over a FILE* the caller keeps open (and closes). */
struct json_reader *json_reader_new_file(FILE *file, const struct json_reader_limits *limits);
/* The same over len bytes in memory that must outlive the reader. */
struct json_reader *json_reader_new_memory(const char *data, size_t len,
                                           const struct json_reader_limits *limits);
void json_reader_free(struct json_reader *r);

/* Reads the next token into *tok. Returns 0, or ERR_INVALID (bad JSON),
 * ERR_TOO_LARGE (over a limit) or ERR_IO with e naming the path and the line
 * and column. After an error every later call fails the same way. */
int json_reader_next(struct json_reader *r, struct json_token *tok, struct error *e);

/* Skips the rest of the value that tok (the token just read) begins: for
 * OBJECT_BEGIN or ARRAY_BEGIN everything up to the matching end, for a
 * scalar nothing. Returns 0 or the error of json_reader_next. */
int json_reader_skip(struct json_reader *r, const struct json_token *tok, struct error *e);

/* The JSON path of the last token read: "$" for the document, "$.nodes[2].id"
 * for a value or the key naming it. Owned by the reader; valid until the next
 * call. */
const char *json_reader_path(struct json_reader *r);

/* Where the reader is now (after an error: where it stopped), both 1-based;
 * column in bytes. */
void json_reader_position(struct json_reader *r, unsigned long *line, unsigned long *column);

/* Sets e to a problem with the value of the last token: where is its path,
 * the message says what is wrong and its line and column. Returns code. */
int json_reader_fail(struct json_reader *r, const struct json_token *tok, struct error *e, int code,
                     const char *fmt, ...) __attribute__((format(printf, 5, 6)));

#endif
