/*
 * json_writer.c — streaming, deterministic JSON output (see json_writer.h).
 */
#include "base/json_writer.h"

#include "base/error.h"
#include "base/strbuf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void out(struct json_writer *w, const char *s, size_t len)
{
    if (w->failed)
        return;
    if (w->file) {
        /* one writer owns its stream: no lock per token (a --json cascade
         * writes millions of them) */
        if (fwrite_unlocked(s, 1, len, w->file) != len)
            w->failed = ERR_IO;
    } else {
        strbuf_append(w->buf, s, len);
    }
}

static void out_str(struct json_writer *w, const char *s)
{
    out(w, s, strlen(s));
}

static void newline_indent(struct json_writer *w)
{
    static const char spaces[] = "                                ";
    int n;
    if (w->indent <= 0)
        return;
    out(w, "\n", 1);
    n = w->depth * w->indent;
    while (n > 0) {
        int k = n > 32 ? 32 : n;
        out(w, spaces, (size_t)k);
        n -= k;
    }
}

static void init_common(struct json_writer *w, int indent)
{
    w->indent = indent;
    w->depth = 0;
    w->failed = 0;
    w->after_key = 0;
    w->first[0] = 1;
    w->is_object[0] = 0;
}

void json_writer_init_file(struct json_writer *w, FILE *file, int indent)
{
    w->file = file;
    w->buf = NULL;
    init_common(w, indent);
}

void json_writer_init_buf(struct json_writer *w, struct strbuf *buf, int indent)
{
    w->file = NULL;
    w->buf = buf;
    init_common(w, indent);
}

/* Called before every value: places the comma and line break. */
static void before_value(struct json_writer *w)
{
    if (w->after_key) {
        w->after_key = 0;
        return;
    }
    if (w->depth > 0 && w->is_object[w->depth]) {
        w->failed = w->failed ? w->failed : ERR_INVALID; /* value without key */
        return;
    }
    if (!w->first[w->depth])
        out(w, ",", 1);
    if (w->depth > 0)
        newline_indent(w);
    w->first[w->depth] = 0;
}

static void open(struct json_writer *w, int is_object)
{
    before_value(w);
    out(w, is_object ? "{" : "[", 1);
    if (w->depth + 1 >= JSON_WRITER_MAX_DEPTH) {
        w->failed = ERR_TOO_LARGE;
        return;
    }
    w->depth++;
    w->first[w->depth] = 1;
    w->is_object[w->depth] = (unsigned char)is_object;
}

static void close(struct json_writer *w, int is_object)
{
    int was_empty;
    if (w->depth == 0 || w->is_object[w->depth] != is_object || w->after_key) {
        w->failed = w->failed ? w->failed : ERR_INVALID;
        return;
    }
    was_empty = w->first[w->depth];
    w->depth--;
    if (!was_empty)
        newline_indent(w);
    out(w, is_object ? "}" : "]", 1);
}

void json_write_object_begin(struct json_writer *w)
{
    open(w, 1);
}

void json_write_object_end(struct json_writer *w)
{
    close(w, 1);
}

void json_write_array_begin(struct json_writer *w)
{
    open(w, 0);
}

void json_write_array_end(struct json_writer *w)
{
    close(w, 0);
}

static void write_escaped(struct json_writer *w, const char *s, size_t len)
{
    size_t i, start = 0;
    char esc[8];
    out(w, "\"", 1);
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *rep = NULL;
        if (c == '"')
            rep = "\\\"";
        else if (c == '\\')
            rep = "\\\\";
        else if (c == '\n')
            rep = "\\n";
        else if (c == '\r')
            rep = "\\r";
        else if (c == '\t')
            rep = "\\t";
        else if (c < 0x20) {
            snprintf(esc, sizeof esc, "\\u%04x", c);
            rep = esc;
        }
        if (rep) {
            out(w, s + start, i - start);
            out_str(w, rep);
            start = i + 1;
        }
    }
    out(w, s + start, len - start);
    out(w, "\"", 1);
}

void json_write_key(struct json_writer *w, const char *key)
{
    if (w->depth == 0 || !w->is_object[w->depth] || w->after_key) {
        w->failed = w->failed ? w->failed : ERR_INVALID;
        return;
    }
    if (!w->first[w->depth])
        out(w, ",", 1);
    newline_indent(w);
    w->first[w->depth] = 0;
    write_escaped(w, key, strlen(key));
    out(w, w->indent > 0 ? ": " : ":", w->indent > 0 ? 2 : 1);
    w->after_key = 1;
}

void json_write_string_len(struct json_writer *w, const char *s, size_t len)
{
    before_value(w);
    write_escaped(w, s, len);
}

void json_write_string(struct json_writer *w, const char *s)
{
    if (s == NULL) {
        json_write_null(w);
        return;
    }
    json_write_string_len(w, s, strlen(s));
}

void json_write_int(struct json_writer *w, int64_t v)
{
    /* by hand: snprintf costs more than the rest of writing a large result */
    char digits[24], buf[24];
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    size_t n = 0, k = 0;
    do {
        digits[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u != 0);
    if (v < 0)
        buf[k++] = '-';
    while (n > 0)
        buf[k++] = digits[--n];
    before_value(w);
    out(w, buf, k);
}

char *json_format_real(double v, char buf[32])
{
    int precision;
    for (precision = 1; precision <= 17; precision++) {
        snprintf(buf, 32, "%.*g", precision, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    return buf;
}

void json_write_real(struct json_writer *w, double v)
{
    char buf[32];
    if (!isfinite(v)) {
        json_write_null(w);
        return;
    }
    before_value(w);
    out_str(w, json_format_real(v, buf));
}

void json_write_bool(struct json_writer *w, int v)
{
    before_value(w);
    out_str(w, v ? "true" : "false");
}

void json_write_null(struct json_writer *w)
{
    before_value(w);
    out_str(w, "null");
}

int json_writer_finish(struct json_writer *w)
{
    if (!w->failed && (w->depth != 0 || w->after_key))
        w->failed = ERR_INVALID;
    if (!w->failed && w->indent > 0)
        out(w, "\n", 1);
    if (!w->failed && w->file && fflush(w->file) != 0)
        w->failed = ERR_IO;
    return w->failed;
}

void json_write_strings(struct json_writer *w, const char *key, char *const *strs, size_t n)
{
    size_t i;
    json_write_key(w, key);
    json_write_array_begin(w);
    for (i = 0; i < n; i++)
        json_write_string(w, strs[i]);
    json_write_array_end(w);
}
