/*
 * seal.h — documents sealed to one recipient (libsodium sealed boxes:
 * X25519 + XSalsa20-Poly1305 with a throw-away sender key), so that an
 * export or report holding classified records can leave the system and be
 * opened only with the recipient's secret key.
 *
 * Key files are one line of text: "vitaal-seal-public-key-1 BASE64" (the
 * 32-byte public key) and "vitaal-seal-secret-key-1 BASE64" (secret then
 * public key, 64 bytes; written 0600). A sealed document is the line
 * "vitaal-sealed-1\n" followed by the sealed box of the plain bytes; any
 * change to it, or the wrong key, fails to open.
 */
#ifndef VITAAL_BASE_SEAL_H
#define VITAAL_BASE_SEAL_H

#include "base/error.h"
#include "base/strbuf.h"

#include <stddef.h>

#define SEAL_PUBLIC_BYTES 32
#define SEAL_SECRET_BYTES 32
#define SEAL_MAGIC        "vitaal-sealed-1\n"

struct seal_keys {
    unsigned char pk[SEAL_PUBLIC_BYTES];
    unsigned char sk[SEAL_SECRET_BYTES];
};

/* A new key pair (libsodium must be initialised: sodium_init). */
int seal_keys_new(struct seal_keys *out, struct error *e);

/* The key files' text (each one line, ending in a newline), into out. */
void seal_public_text(const struct seal_keys *k, struct strbuf *out);
void seal_secret_text(const struct seal_keys *k, struct strbuf *out);

/* Reads a public key file (pk set) or a secret key file (pk and sk set);
 * ERR_INVALID naming the file when it is not one. */
int seal_read_public(const char *path, struct seal_keys *out, struct error *e);
int seal_read_secret(const char *path, struct seal_keys *out, struct error *e);

/* The sealed document of data[len] for the holder of k->pk, into out. */
int seal_data(const struct seal_keys *k, const void *data, size_t len, struct strbuf *out,
              struct error *e);

/* Whether data starts as a sealed document does. */
int seal_is_sealed(const void *data, size_t len);

/* Opens a sealed document with k (pk and sk), the plain bytes into out;
 * ERR_INVALID when it is not sealed, was changed, or is for another key. */
int seal_open(const struct seal_keys *k, const void *data, size_t len, struct strbuf *out,
              struct error *e);

#endif
