/*
 * json_writer.h — a small streaming JSON writer with deterministic output.
 *
 * For documents too large to build as a tree (exports, cascade results of a
 * national graph) and wherever output must be byte-for-byte reproducible:
 * keys come out in the order written, reals in the shortest form that reads
 * back to the same double. It writes to a FILE* or to memory; the writer
 * tracks nesting and commas, the caller only says what comes next.
 *
 * Usage: json_writer_init_file(&w, stdout, 2); json_write_object_begin(&w);
 * json_write_key(&w, "a"); json_write_int(&w, 1); json_write_object_end(&w);
 * json_writer_finish(&w) — returns 0 or ERR_IO / ERR_INVALID (misnesting).
 */
#ifndef VITAAL_BASE_JSON_WRITER_H
#define VITAAL_BASE_JSON_WRITER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_WRITER_MAX_DEPTH 64

struct strbuf;

struct json_writer {
    FILE *file;         /* output, or NULL when writing to buf */
    struct strbuf *buf; /* output when file is NULL */
    int indent;         /* spaces per level; 0 writes one compact line */
    int depth;
    int failed;                                 /* sticky: set on the first error */
    unsigned char first[JSON_WRITER_MAX_DEPTH]; /* no element yet at this depth */
    unsigned char is_object[JSON_WRITER_MAX_DEPTH];
    int after_key;
};

void json_writer_init_file(struct json_writer *w, FILE *file, int indent);
void json_writer_init_buf(struct json_writer *w, struct strbuf *buf, int indent);
/* Writes a final newline (when indenting) and returns 0 if everything was
 * well formed and written, else a negative code. */
int json_writer_finish(struct json_writer *w);

void json_write_object_begin(struct json_writer *w);
void json_write_object_end(struct json_writer *w);
void json_write_array_begin(struct json_writer *w);
void json_write_array_end(struct json_writer *w);
void json_write_key(struct json_writer *w, const char *key);
void json_write_string(struct json_writer *w, const char *s);
void json_write_string_len(struct json_writer *w, const char *s, size_t len);
void json_write_int(struct json_writer *w, int64_t v);
void json_write_real(struct json_writer *w, double v); /* NaN/inf are written as null */
void json_write_bool(struct json_writer *w, int v);
void json_write_null(struct json_writer *w);
/* key: ["s0", "s1", ...], the n strings of strs as an array under key
 * (inside an object). */
void json_write_strings(struct json_writer *w, const char *key, char *const *strs, size_t n);

/* Formats v in the shortest "%.Ng" that reads back to exactly v. buf needs 32
 * bytes. Returns buf. */
char *json_format_real(double v, char buf[32]);

#endif
