/*
 * strbuf.h — a growable, always NUL-terminated byte string.
 *
 * struct strbuf is owned by whoever declares it: STRBUF_INIT, append, then
 * strbuf_release() (or strbuf_detach() to take the bytes as a malloc'd
 * string). Appends cannot fail: growth goes through xrealloc, which aborts
 * when memory runs out (base/xmalloc.h).
 */
#ifndef VITAAL_BASE_STRBUF_H
#define VITAAL_BASE_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
    char *data; /* NUL-terminated; never NULL after the first append */
    size_t len;
    size_t cap;
};

#define STRBUF_INIT                                                                                \
    {                                                                                              \
        NULL, 0, 0                                                                                 \
    }

void strbuf_append(struct strbuf *b, const char *s, size_t len);
void strbuf_puts(struct strbuf *b, const char *s);
void strbuf_putc(struct strbuf *b, char c);
void strbuf_printf(struct strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_vprintf(struct strbuf *b, const char *fmt, va_list ap);
void strbuf_reset(struct strbuf *b);
/* The contents ("" when empty); valid until the next append. */
const char *strbuf_str(const struct strbuf *b);
/* Hands the malloc'd string to the caller (never NULL). */
char *strbuf_detach(struct strbuf *b);
void strbuf_release(struct strbuf *b);

#endif
