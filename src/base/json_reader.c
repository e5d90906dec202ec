/*
 * json_reader.c — the streaming JSON tokenizer (see json_reader.h).
 *
 * Bytes come in chunks of READ_CHUNK through the read callback (or straight
 * from memory); strings are unescaped into one growing buffer and numbers
 * copied into a fixed one, so a token never has to fit in a chunk. The
 * grammar is a small state machine over a stack of open containers; each
 * frame remembers the key or index of its current element for the path.
 */
#include "base/json_reader.h"

#include "base/xmalloc.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define READ_CHUNK (1u << 20)
#define NUMBER_MAX 400 /* characters of one number literal */

enum frame_state {
    STATE_TOP_VALUE, /* the document's value comes next */
    STATE_TOP_DONE,  /* only whitespace may follow */
    STATE_OBJECT_FIRST,
    STATE_OBJECT_KEY,
    STATE_OBJECT_VALUE,
    STATE_OBJECT_NEXT,
    STATE_ARRAY_FIRST,
    STATE_ARRAY_VALUE,
    STATE_ARRAY_NEXT
};

struct frame {
    enum frame_state state;
    uint64_t index; /* array: index of the current element */
    size_t key_off; /* object: where its current key starts in keys */
    size_t key_len;
};

struct json_reader {
    json_read_fn read;
    void *context;
    char *owned;       /* the chunk buffer, NULL when reading memory */
    const char *chunk; /* start of the bytes in hand */
    const char *p;     /* next byte */
    const char *end;
    int eof;
    int io_failed;
    uint64_t chunk_offset; /* absolute offset of chunk[0] */
    unsigned long line;
    uint64_t line_start; /* absolute offset of the current line's first byte */

    size_t max_depth;
    size_t max_string;
    struct frame *frames; /* frames[0] is the document level */
    size_t depth;

    char *keys; /* the current key of every open object, one after another */
    size_t keys_cap;

    char *str; /* the current string, unescaped */
    size_t str_len;
    size_t str_cap;
    char number[NUMBER_MAX + 1];

    char *path;
    size_t path_cap;

    int failed; /* sticky: the first error, repeated */
    struct error error;
};

static ssize_t read_file(void *context, char *buf, size_t cap)
{
    FILE *f = context;
    size_t n = fread(buf, 1, cap, f);
    if (n == 0 && ferror(f))
        return -1;
    return (ssize_t)n;
}

static struct json_reader *reader_alloc(const struct json_reader_limits *limits)
{
    struct json_reader *r = xcalloc(1, sizeof *r);
    r->max_depth = limits && limits->max_depth ? limits->max_depth : JSON_READER_DEFAULT_MAX_DEPTH;
    r->max_string =
        limits && limits->max_string ? limits->max_string : JSON_READER_DEFAULT_MAX_STRING;
    r->frames = xcalloc(r->max_depth + 1, sizeof *r->frames);
    r->frames[0].state = STATE_TOP_VALUE;
    r->line = 1;
    return r;
}

struct json_reader *json_reader_new(json_read_fn read, void *context,
                                    const struct json_reader_limits *limits)
{
    struct json_reader *r = reader_alloc(limits);
    r->owned = xmalloc(READ_CHUNK);
    r->read = read;
    r->context = context;
    r->chunk = r->p = r->end = r->owned;
    return r;
}

struct json_reader *json_reader_new_file(FILE *file, const struct json_reader_limits *limits)
{
    return json_reader_new(read_file, file, limits);
}

struct json_reader *json_reader_new_memory(const char *data, size_t len,
                                           const struct json_reader_limits *limits)
{
    struct json_reader *r = reader_alloc(limits);
    r->chunk = r->p = data;
    r->end = data + len;
    r->eof = 1; /* everything is in hand already */
    return r;
}

void json_reader_free(struct json_reader *r)
{
    if (r == NULL)
        return;
    free(r->owned);
    free(r->frames);
    free(r->keys);
    free(r->str);
    free(r->path);
    free(r);
}

/* Makes at least one byte available: 1 if there is one, 0 at the end, -1 if
 * reading failed. */
static int fill(struct json_reader *r)
{
    ssize_t n;
    if (r->p < r->end)
        return 1;
    if (r->eof)
        return 0;
    if (r->io_failed)
        return -1;
    r->chunk_offset += (uint64_t)(r->end - r->chunk);
    n = r->read(r->context, r->owned, READ_CHUNK);
    r->chunk = r->p = r->end = r->owned;
    if (n < 0) {
        r->io_failed = 1;
        return -1;
    }
    if (n == 0) {
        r->eof = 1;
        return 0;
    }
    r->end = r->owned + n;
    return 1;
}

static uint64_t offset_of(const struct json_reader *r)
{
    return r->chunk_offset + (uint64_t)(r->p - r->chunk);
}

static unsigned long column_of(const struct json_reader *r)
{
    return (unsigned long)(offset_of(r) - r->line_start + 1);
}

static void path_put(struct json_reader *r, size_t *len, const char *s, size_t n)
{
    if (*len + n + 1 > r->path_cap) {
        size_t cap = r->path_cap ? r->path_cap : 128;
        while (cap < *len + n + 1)
            cap *= 2;
        r->path = xrealloc(r->path, cap);
        r->path_cap = cap;
    }
    memcpy(r->path + *len, s, n);
    *len += n;
    r->path[*len] = '\0';
}

static int is_plain_key(const char *k, size_t n)
{
    size_t i;
    if (n == 0 || !((k[0] >= 'a' && k[0] <= 'z') || (k[0] >= 'A' && k[0] <= 'Z') || k[0] == '_'))
        return 0;
    for (i = 1; i < n; i++) {
        char c = k[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_'))
            return 0;
    }
    return 1;
}

const char *json_reader_path(struct json_reader *r)
{
    size_t len = 0, i;
    char num[32];
    path_put(r, &len, "$", 1);
    for (i = 1; i <= r->depth; i++) {
        const struct frame *f = &r->frames[i];
        if (f->state == STATE_OBJECT_VALUE || f->state == STATE_OBJECT_NEXT) {
            const char *k = r->keys + f->key_off;
            if (is_plain_key(k, f->key_len)) {
                path_put(r, &len, ".", 1);
                path_put(r, &len, k, f->key_len);
            } else {
                size_t j;
                path_put(r, &len, "[\"", 2);
                for (j = 0; j < f->key_len; j++) {
                    char c = k[j];
                    if (c == '"' || c == '\\')
                        path_put(r, &len, "\\", 1);
                    path_put(r, &len, (unsigned char)c < 0x20 ? "?" : &c, 1);
                }
                path_put(r, &len, "\"]", 2);
            }
        } else if (f->state == STATE_ARRAY_VALUE || f->state == STATE_ARRAY_NEXT) {
            int n = snprintf(num, sizeof num, "[%llu]", (unsigned long long)f->index);
            path_put(r, &len, num, (size_t)n);
        }
    }
    return r->path ? r->path : "$";
}

void json_reader_position(struct json_reader *r, unsigned long *line, unsigned long *column)
{
    *line = r->line;
    *column = column_of(r);
}

/* Records the first error (sticky) with the current position. */
static int fail_here(struct json_reader *r, struct error *e, int code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int fail_here(struct json_reader *r, struct error *e, int code, const char *fmt, ...)
{
    char msg[ERROR_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    error_set(&r->error, code, json_reader_path(r), "%s (line %lu, column %lu)", msg, r->line,
              column_of(r));
    r->failed = code;
    if (e)
        *e = r->error;
    return code;
}

int json_reader_fail(struct json_reader *r, const struct json_token *tok, struct error *e, int code,
                     const char *fmt, ...)
{
    char msg[ERROR_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (tok)
        return error_set(e, code, json_reader_path(r), "%s (line %lu, column %lu)", msg, tok->line,
                         tok->column);
    return error_set(e, code, json_reader_path(r), "%s", msg);
}

static int fail_eof(struct json_reader *r, struct error *e, int f)
{
    if (f < 0)
        return fail_here(r, e, ERR_IO, "reading failed: %s", strerror(errno ? errno : EIO));
    return fail_here(r, e, ERR_INVALID, "unexpected end of the document");
}

/* Skips whitespace; returns like fill(). */
static int skip_space(struct json_reader *r)
{
    if (r->p < r->end && (unsigned char)*r->p > ' ')
        return 1; /* the common case: no space between tokens */
    for (;;) {
        while (r->p < r->end) {
            char c = *r->p;
            if (c == ' ' || c == '\t' || c == '\r') {
                r->p++;
            } else if (c == '\n') {
                r->p++;
                r->line++;
                r->line_start = offset_of(r);
            } else {
                return 1;
            }
        }
        int f = fill(r);
        if (f <= 0)
            return f;
    }
}

/* The next byte (0..255), or -1 at the end or on a read error. */
static int next_byte(struct json_reader *r)
{
    if (r->p == r->end && fill(r) <= 0)
        return -1;
    return (unsigned char)*r->p++;
}

static int str_put(struct json_reader *r, struct error *e, const char *s, size_t n)
{
    if (r->str_len + n > r->max_string)
        return fail_here(r, e, ERR_TOO_LARGE, "string longer than %zu bytes", r->max_string);
    if (r->str_len + n + 1 > r->str_cap) {
        size_t cap = r->str_cap ? r->str_cap : 256;
        while (cap < r->str_len + n + 1)
            cap *= 2;
        r->str = xrealloc(r->str, cap);
        r->str_cap = cap;
    }
    memcpy(r->str + r->str_len, s, n);
    r->str_len += n;
    return 0;
}

static int put_utf8(struct json_reader *r, struct error *e, uint32_t cp)
{
    char b[4];
    size_t n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4, i;
    static const unsigned char lead[] = {0, 0, 0xC0, 0xE0, 0xF0};
    for (i = n - 1; i > 0; i--, cp >>= 6)
        b[i] = (char)(0x80 | (cp & 0x3F));
    b[0] = (char)(n == 1 ? cp : (lead[n] | cp));
    return str_put(r, e, b, n);
}

static int read_hex4(struct json_reader *r, struct error *e, uint32_t *out)
{
    uint32_t v = 0;
    int i;
    for (i = 0; i < 4; i++) {
        int c = next_byte(r);
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= (uint32_t)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v |= (uint32_t)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v |= (uint32_t)(c - 'A' + 10);
        else
            return fail_here(r, e, ERR_INVALID, "\\u needs four hex digits");
    }
    *out = v;
    return 0;
}

static int read_escape(struct json_reader *r, struct error *e)
{
    static const char names[] = "\"\\/bfnrt", values[] = "\"\\/\b\f\n\r\t";
    int c = next_byte(r);
    const char *simple = c > 0 ? strchr(names, c) : NULL;
    uint32_t cp, low;
    int rc;
    if (simple != NULL)
        return str_put(r, e, &values[simple - names], 1);
    if (c != 'u')
        return fail_here(r, e, ERR_INVALID, "invalid escape in a string");
    if ((rc = read_hex4(r, e, &cp)) != 0)
        return rc;
    if (cp >= 0xDC00 && cp <= 0xDFFF)
        return fail_here(r, e, ERR_INVALID, "lone low surrogate in a string");
    if (cp >= 0xD800 && cp <= 0xDBFF) {
        if (next_byte(r) != '\\' || next_byte(r) != 'u')
            return fail_here(r, e, ERR_INVALID, "high surrogate without its low half");
        if ((rc = read_hex4(r, e, &low)) != 0)
            return rc;
        if (low < 0xDC00 || low > 0xDFFF)
            return fail_here(r, e, ERR_INVALID, "high surrogate without its low half");
        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    }
    return put_utf8(r, e, cp);
}

/* One multi-byte UTF-8 character whose lead byte lead was just consumed. */
static int read_utf8(struct json_reader *r, struct error *e, int lead)
{
    char b[4];
    int n = lead >= 0xC2 && lead <= 0xDF   ? 2
            : lead >= 0xE0 && lead <= 0xEF ? 3
            : lead >= 0xF0 && lead <= 0xF4 ? 4
                                           : 0;
    int i;
    uint32_t cp = (uint32_t)lead & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
    b[0] = (char)lead;
    for (i = 1; i < n; i++) {
        int c = next_byte(r);
        if (c < 0 || (c & 0xC0) != 0x80)
            break;
        b[i] = (char)c;
        cp = (cp << 6) | ((uint32_t)c & 0x3F);
    }
    /* no lead byte, a short sequence, an overlong form, a surrogate, past U+10FFFF */
    if (n == 0 || i < n || (n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return fail_here(r, e, ERR_INVALID, "invalid UTF-8 in a string");
    return str_put(r, e, b, (size_t)n);
}

/* Reads a string whose opening quote was consumed into r->str. */
static int read_string(struct json_reader *r, struct error *e)
{
    int rc;
    r->str_len = 0;
    for (;;) {
        const char *s;
        unsigned char c;
        if (r->p == r->end) {
            int f = fill(r);
            if (f <= 0)
                return f < 0 ? fail_eof(r, e, f)
                             : fail_here(r, e, ERR_INVALID, "unterminated string");
        }
        s = r->p;
        while (r->p < r->end) {
            c = (unsigned char)*r->p;
            if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80)
                break;
            r->p++;
        }
        if (r->p > s && (rc = str_put(r, e, s, (size_t)(r->p - s))) != 0)
            return rc;
        if (r->p == r->end)
            continue;
        c = (unsigned char)*r->p;
        if (c == '"') {
            r->p++;
            break;
        }
        if (c < 0x20)
            return fail_here(r, e, ERR_INVALID, "control character in a string (escape it)");
        r->p++;
        rc = c == '\\' ? read_escape(r, e) : read_utf8(r, e, c);
        if (rc != 0)
            return rc;
    }
    if (r->str == NULL && (rc = str_put(r, e, "", 0)) != 0)
        return rc;
    r->str[r->str_len] = '\0';
    return 0;
}

static int number_is_valid(const char *s)
{
    if (*s == '-')
        s++;
    if (*s == '0')
        s++;
    else if (*s >= '1' && *s <= '9')
        while (*s >= '0' && *s <= '9')
            s++;
    else
        return 0;
    if (*s == '.') {
        s++;
        if (!(*s >= '0' && *s <= '9'))
            return 0;
        while (*s >= '0' && *s <= '9')
            s++;
    }
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '+' || *s == '-')
            s++;
        if (!(*s >= '0' && *s <= '9'))
            return 0;
        while (*s >= '0' && *s <= '9')
            s++;
    }
    return *s == '\0';
}

static int is_number_char(char c)
{
    return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

static int read_number(struct json_reader *r, struct error *e, struct json_token *tok)
{
    size_t n = 0;
    const char *s;
    for (;;) {
        if (r->p == r->end && fill(r) <= 0)
            break;
        /* copy the run in hand at once; a number may still go on in the next chunk */
        while (r->p < r->end && is_number_char(*r->p)) {
            if (n == NUMBER_MAX)
                return fail_here(r, e, ERR_TOO_LARGE, "number longer than %d characters",
                                 NUMBER_MAX);
            r->number[n++] = *r->p++;
        }
        if (r->p < r->end)
            break;
    }
    r->number[n] = '\0';
    if (r->io_failed)
        return fail_eof(r, e, -1);
    if (!number_is_valid(r->number))
        return fail_here(r, e, ERR_INVALID, "invalid number '%s'", r->number);
    tok->type = JSON_TOKEN_NUMBER;
    tok->text = r->number;
    tok->len = n;
    if (strpbrk(r->number, ".eE") == NULL) {
        /* exact integer value, when it fits */
        uint64_t v = 0, limit;
        int neg = r->number[0] == '-';
        s = r->number + neg;
        limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
        tok->is_integer = 1;
        for (; *s; s++) {
            unsigned d = (unsigned)(*s - '0');
            if (v > (limit - d) / 10) {
                tok->is_integer = 0;
                break;
            }
            v = v * 10 + d;
        }
        if (tok->is_integer) {
            tok->integer = neg ? (int64_t)(0 - v) : (int64_t)v;
            if (v <= (1ull << 53)) {
                tok->real = (double)tok->integer; /* exact: no need for strtod */
                return 0;
            }
        }
    }
    tok->real = strtod(r->number, NULL);
    if (!isfinite(tok->real))
        return fail_here(r, e, ERR_INVALID, "number out of range '%s'", r->number);
    return 0;
}

static int read_literal(struct json_reader *r, struct error *e, const char *word)
{
    const char *w;
    for (w = word; *w; w++)
        if (next_byte(r) != (unsigned char)*w)
            return fail_here(r, e, ERR_INVALID, "invalid literal (expected '%s')", word);
    return 0;
}

static void after_value(struct json_reader *r)
{
    struct frame *f = &r->frames[r->depth];
    if (f->state == STATE_TOP_VALUE)
        f->state = STATE_TOP_DONE;
    else if (f->state == STATE_OBJECT_VALUE)
        f->state = STATE_OBJECT_NEXT;
    else
        f->state = STATE_ARRAY_NEXT;
}

static int push(struct json_reader *r, struct error *e, enum frame_state state)
{
    const struct frame *parent = &r->frames[r->depth];
    struct frame *f;
    if (r->depth >= r->max_depth)
        return fail_here(r, e, ERR_TOO_LARGE, "nested deeper than %zu levels", r->max_depth);
    f = &r->frames[++r->depth];
    f->state = state;
    f->index = 0;
    f->key_off = parent->key_off + parent->key_len;
    f->key_len = 0;
    return 0;
}

static void store_key(struct json_reader *r)
{
    struct frame *f = &r->frames[r->depth];
    size_t need = f->key_off + r->str_len + 1;
    if (need > r->keys_cap) {
        size_t cap = r->keys_cap ? r->keys_cap : 256;
        while (cap < need)
            cap *= 2;
        r->keys = xrealloc(r->keys, cap);
        r->keys_cap = cap;
    }
    memcpy(r->keys + f->key_off, r->str, r->str_len + 1);
    f->key_len = r->str_len;
}

static int read_value(struct json_reader *r, struct error *e, struct json_token *tok, int c)
{
    int rc = 0;
    switch (c) {
    case '{':
    case '[':
        r->p++;
        after_value(r);
        tok->type = c == '{' ? JSON_TOKEN_OBJECT_BEGIN : JSON_TOKEN_ARRAY_BEGIN;
        return push(r, e, c == '{' ? STATE_OBJECT_FIRST : STATE_ARRAY_FIRST);
    case '"':
        r->p++;
        if ((rc = read_string(r, e)) != 0)
            return rc;
        tok->type = JSON_TOKEN_STRING;
        tok->text = r->str;
        tok->len = r->str_len;
        break;
    case 't':
        rc = read_literal(r, e, "true");
        tok->type = JSON_TOKEN_TRUE;
        break;
    case 'f':
        rc = read_literal(r, e, "false");
        tok->type = JSON_TOKEN_FALSE;
        break;
    case 'n':
        rc = read_literal(r, e, "null");
        tok->type = JSON_TOKEN_NULL;
        break;
    default:
        if (c == '-' || (c >= '0' && c <= '9'))
            rc = read_number(r, e, tok);
        else
            rc = fail_here(r, e, ERR_INVALID, "expected a value");
        break;
    }
    if (rc == 0)
        after_value(r);
    return rc;
}

static int read_key(struct json_reader *r, struct error *e, struct json_token *tok)
{
    struct frame *f = &r->frames[r->depth];
    int rc, sp;
    r->p++;
    if ((rc = read_string(r, e)) != 0)
        return rc;
    store_key(r);
    tok->type = JSON_TOKEN_KEY;
    tok->text = r->str;
    tok->len = r->str_len;
    f->state = STATE_OBJECT_VALUE; /* the path names the member from here on */
    sp = skip_space(r);
    if (sp <= 0)
        return fail_eof(r, e, sp);
    if (*r->p != ':')
        return fail_here(r, e, ERR_INVALID, "expected ':' after the member name");
    r->p++;
    return 0;
}

/* A UTF-8 byte order mark may open the document; it is not a column.
 * Returns like fill(); a broken mark sets the sticky error. */
static int skip_bom(struct json_reader *r, struct error *e)
{
    if (offset_of(r) != 0 || r->p == r->end || (unsigned char)*r->p != 0xEF)
        return 1;
    r->p++;
    if (next_byte(r) != 0xBB || next_byte(r) != 0xBF)
        return fail_here(r, e, ERR_INVALID, "expected a value");
    r->line_start = 3;
    return skip_space(r);
}

int json_reader_next(struct json_reader *r, struct json_token *tok, struct error *e)
{
    tok->type = JSON_TOKEN_END;
    tok->text = NULL;
    tok->len = 0;
    tok->is_integer = 0;
    tok->integer = 0;
    tok->real = 0;
    if (r->failed) {
        if (e)
            *e = r->error;
        return r->failed;
    }
    for (;;) {
        struct frame *f = &r->frames[r->depth];
        int sp = skip_space(r), c;
        if (sp > 0 && f->state == STATE_TOP_VALUE) {
            sp = skip_bom(r, e);
            if (r->failed)
                return r->failed;
        }
        if (sp < 0)
            return fail_eof(r, e, sp);
        c = sp ? (unsigned char)*r->p : -1;
        tok->line = r->line;
        tok->column = column_of(r);
        if (f->state == STATE_TOP_DONE) {
            if (c < 0) {
                tok->type = JSON_TOKEN_END;
                return 0;
            }
            return fail_here(r, e, ERR_INVALID, "unexpected data after the end of the document");
        }
        if (c < 0) {
            if (f->state == STATE_TOP_VALUE)
                return fail_here(r, e, ERR_INVALID, "the document is empty");
            return fail_eof(r, e, sp);
        }
        switch (f->state) {
        case STATE_OBJECT_NEXT:
            if (c == ',') {
                r->p++;
                f->state = STATE_OBJECT_KEY;
                continue;
            }
            if (c != '}')
                return fail_here(r, e, ERR_INVALID, "expected ',' or '}'");
            r->p++;
            r->depth--;
            tok->type = JSON_TOKEN_OBJECT_END;
            return 0;
        case STATE_ARRAY_NEXT:
            if (c == ',') {
                r->p++;
                f->state = STATE_ARRAY_VALUE;
                f->index++;
                continue;
            }
            if (c != ']')
                return fail_here(r, e, ERR_INVALID, "expected ',' or ']'");
            r->p++;
            r->depth--;
            tok->type = JSON_TOKEN_ARRAY_END;
            return 0;
        case STATE_OBJECT_FIRST:
        case STATE_OBJECT_KEY:
            if (c == '}' && f->state == STATE_OBJECT_FIRST) {
                r->p++;
                r->depth--;
                tok->type = JSON_TOKEN_OBJECT_END;
                return 0;
            }
            if (c != '"')
                return fail_here(r, e, ERR_INVALID, "expected a member name in double quotes");
            return read_key(r, e, tok);
        case STATE_ARRAY_FIRST:
            if (c == ']') {
                r->p++;
                r->depth--;
                tok->type = JSON_TOKEN_ARRAY_END;
                return 0;
            }
            f->state = STATE_ARRAY_VALUE;
            return read_value(r, e, tok, c);
        default:
            return read_value(r, e, tok, c);
        }
    }
}

int json_reader_skip(struct json_reader *r, const struct json_token *tok, struct error *e)
{
    struct json_token t;
    size_t depth;
    int rc;
    if (tok->type != JSON_TOKEN_OBJECT_BEGIN && tok->type != JSON_TOKEN_ARRAY_BEGIN)
        return 0;
    depth = r->depth;
    while (r->depth >= depth) {
        if ((rc = json_reader_next(r, &t, e)) != 0)
            return rc;
    }
    return 0;
}
