/*
 * file.h — files vitaal writes for people to take away (exports, reports,
 * keys): created 0600 whatever the umask, written whole to a temporary name
 * beside the target and renamed, so that nobody else on the machine can
 * read what they hold and a reader never sees half a file.
 */
#ifndef VITAAL_BASE_FILE_H
#define VITAAL_BASE_FILE_H

#include "base/error.h"

#include <stddef.h>
#include <stdio.h>

/* Writes data to path (mode 0600) through path.tmp<pid> and a rename. */
int file_write_private(const char *path, const void *data, size_t len, struct error *e);

/* Opens tmp_path for writing, created 0600 (an existing file is truncated
 * and its mode set to 0600). */
int file_open_private(const char *tmp_path, FILE **out, struct error *e);

/* Reads the whole file into *out (malloc'd, NUL-terminated; *len without the
 * NUL); at most max bytes (ERR_TOO_LARGE beyond). */
int file_read_all(const char *path, size_t max, char **out, size_t *len, struct error *e);

/* Whether path grants any permission to its group or to others: *mode gets
 * the permission bits. ERR_IO when it cannot be examined. */
int file_is_shared(const char *path, int *shared, unsigned *mode, struct error *e);

#endif
