/*
 * file.c — private files, written whole (see file.h).
 */
#include "base/file.h"

#include "base/xmalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int file_open_private(const char *tmp_path, FILE **out, struct error *e)
{
    int fd = open(tmp_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    *out = NULL;
    if (fd < 0)
        return error_set(e, ERR_IO, tmp_path, "cannot write: %s", strerror(errno));
    /* an existing file keeps its mode through O_TRUNC: narrow it */
    if (fchmod(fd, 0600) != 0 || (*out = fdopen(fd, "wb")) == NULL) {
        int saved = errno;
        close(fd);
        return error_set(e, ERR_IO, tmp_path, "cannot write: %s", strerror(saved));
    }
    return 0;
}

int file_write_private(const char *path, const void *data, size_t len, struct error *e)
{
    char tmp[4096];
    FILE *f = NULL;
    int rc;
    if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid()) >= sizeof tmp)
        return error_set(e, ERR_INVALID, path, "the file name is too long");
    if ((rc = file_open_private(tmp, &f, e)) != 0)
        return rc;
    if (fwrite(data, 1, len, f) != len || fflush(f) != 0 || fsync(fileno(f)) != 0) {
        int saved = errno;
        fclose(f);
        remove(tmp);
        return error_set(e, ERR_IO, path, "cannot write: %s", strerror(saved));
    }
    if (fclose(f) != 0 || rename(tmp, path) != 0) {
        int saved = errno;
        remove(tmp);
        return error_set(e, ERR_IO, path, "cannot write: %s", strerror(saved));
    }
    return 0;
}

int file_read_all(const char *path, size_t max, char **out, size_t *len, struct error *e)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, n = 0, got;
    int rc = 0;
    *out = NULL;
    *len = 0;
    if (f == NULL)
        return error_set(e, errno == ENOENT ? ERR_NOTFOUND : ERR_IO, path, "cannot read: %s",
                         strerror(errno));
    for (;;) {
        if (n + 65536 + 1 > cap) {
            cap = cap ? cap * 2 : 65536 * 2;
            buf = xrealloc(buf, cap);
        }
        got = fread(buf + n, 1, 65536, f);
        n += got;
        if (n > max) {
            rc = error_set(e, ERR_TOO_LARGE, path, "the file is larger than %zu bytes", max);
            goto cleanup;
        }
        if (got < 65536)
            break;
    }
    if (ferror(f)) {
        rc = error_set(e, ERR_IO, path, "cannot read: %s", strerror(errno));
        goto cleanup;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    buf = NULL;
cleanup:
    free(buf);
    fclose(f);
    return rc;
}

int file_is_shared(const char *path, int *shared, unsigned *mode, struct error *e)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return error_set(e, errno == ENOENT ? ERR_NOTFOUND : ERR_IO, path, "cannot examine: %s",
                         strerror(errno));
    *mode = (unsigned)(st.st_mode & 07777);
    *shared = (st.st_mode & (S_IRWXG | S_IRWXO)) != 0;
    return 0;
}
