/*
 * seal.c — sealed documents and their key files (see seal.h).
 */
#include "base/seal.h"

#include "base/file.h"
#include "base/xmalloc.h"

#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define PUBLIC_PREFIX "vitaal-seal-public-key-1 "
#define SECRET_PREFIX "vitaal-seal-secret-key-1 "

static int ready(struct error *e)
{
    if (sodium_init() < 0)
        return error_set(e, ERR_INTERNAL, NULL, "libsodium cannot start");
    return 0;
}

int seal_keys_new(struct seal_keys *out, struct error *e)
{
    if (ready(e) != 0)
        return ERR_INTERNAL;
    if (crypto_box_keypair(out->pk, out->sk) != 0)
        return error_set(e, ERR_INTERNAL, NULL, "cannot make a key pair");
    return 0;
}

static void key_line(const char *prefix, const unsigned char *bin, size_t n, struct strbuf *out)
{
    char b64[sodium_base64_ENCODED_LEN(64, sodium_base64_VARIANT_ORIGINAL)];
    sodium_bin2base64(b64, sizeof b64, bin, n, sodium_base64_VARIANT_ORIGINAL);
    strbuf_printf(out, "%s%s\n", prefix, b64);
}

void seal_public_text(const struct seal_keys *k, struct strbuf *out)
{
    key_line(PUBLIC_PREFIX, k->pk, sizeof k->pk, out);
}

void seal_secret_text(const struct seal_keys *k, struct strbuf *out)
{
    unsigned char both[SEAL_SECRET_BYTES + SEAL_PUBLIC_BYTES];
    memcpy(both, k->sk, SEAL_SECRET_BYTES);
    memcpy(both + SEAL_SECRET_BYTES, k->pk, SEAL_PUBLIC_BYTES);
    key_line(SECRET_PREFIX, both, sizeof both, out);
    sodium_memzero(both, sizeof both);
}

/* The key of the one-line file at path that starts with prefix: exactly n
 * bytes into bin. */
static int read_key(const char *path, const char *prefix, unsigned char *bin, size_t n,
                    struct error *e)
{
    char *text = NULL, *end;
    size_t len = 0, got = 0;
    int rc = file_read_all(path, 4096, &text, &len, e);
    if (rc != 0)
        return rc;
    end = text + strcspn(text, "\r\n");
    *end = '\0';
    if (strncmp(text, prefix, strlen(prefix)) != 0 ||
        sodium_base642bin(bin, n, text + strlen(prefix), strlen(text + strlen(prefix)), NULL, &got,
                          NULL, sodium_base64_VARIANT_ORIGINAL) != 0 ||
        got != n)
        rc = error_set(e, ERR_INVALID, path, "not a vitaal %s key file (it must start '%.*s')",
                       strcmp(prefix, PUBLIC_PREFIX) == 0 ? "public" : "secret",
                       (int)strlen(prefix) - 1, prefix);
    sodium_memzero(text, len);
    free(text);
    return rc;
}

int seal_read_public(const char *path, struct seal_keys *out, struct error *e)
{
    return read_key(path, PUBLIC_PREFIX, out->pk, sizeof out->pk, e);
}

int seal_read_secret(const char *path, struct seal_keys *out, struct error *e)
{
    unsigned char both[SEAL_SECRET_BYTES + SEAL_PUBLIC_BYTES];
    int rc = read_key(path, SECRET_PREFIX, both, sizeof both, e);
    if (rc == 0) {
        memcpy(out->sk, both, SEAL_SECRET_BYTES);
        memcpy(out->pk, both + SEAL_SECRET_BYTES, SEAL_PUBLIC_BYTES);
    }
    sodium_memzero(both, sizeof both);
    return rc;
}

int seal_data(const struct seal_keys *k, const void *data, size_t len, struct strbuf *out,
              struct error *e)
{
    size_t head = strlen(SEAL_MAGIC);
    unsigned char *box;
    if (ready(e) != 0)
        return ERR_INTERNAL;
    if (len > SIZE_MAX - crypto_box_SEALBYTES - head)
        return error_set(e, ERR_TOO_LARGE, NULL, "too large to seal");
    box = xmalloc(len + crypto_box_SEALBYTES);
    if (crypto_box_seal(box, data, len, k->pk) != 0) {
        free(box);
        return error_set(e, ERR_INTERNAL, NULL, "cannot seal the document");
    }
    strbuf_append(out, SEAL_MAGIC, head);
    strbuf_append(out, (const char *)box, len + crypto_box_SEALBYTES);
    free(box);
    return 0;
}

int seal_is_sealed(const void *data, size_t len)
{
    return len >= strlen(SEAL_MAGIC) && memcmp(data, SEAL_MAGIC, strlen(SEAL_MAGIC)) == 0;
}

int seal_open(const struct seal_keys *k, const void *data, size_t len, struct strbuf *out,
              struct error *e)
{
    size_t head = strlen(SEAL_MAGIC), n;
    const unsigned char *box = (const unsigned char *)data + head;
    unsigned char *plain;
    if (ready(e) != 0)
        return ERR_INTERNAL;
    if (!seal_is_sealed(data, len) || len - head < crypto_box_SEALBYTES)
        return error_set(e, ERR_INVALID, NULL, "not a sealed vitaal document");
    n = len - head - crypto_box_SEALBYTES;
    plain = xmalloc(n + 1);
    if (crypto_box_seal_open(plain, box, len - head, k->pk, k->sk) != 0) {
        free(plain);
        return error_set(e, ERR_INVALID, NULL,
                         "cannot open: sealed for another key, or changed since it was sealed");
    }
    strbuf_append(out, (const char *)plain, n);
    sodium_memzero(plain, n);
    free(plain);
    return 0;
}
