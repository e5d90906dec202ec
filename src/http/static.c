/*
 * static.c — serves the browser UI's files (see static.h). Owns the mapping
 * of URL paths to files under the built web folder, the checks that keep
 * every answer inside it (a path is served only when each segment is a
 * plain name, the file's real path, symbolic links resolved, lies under the
 * real path of the root, it is a regular file no larger than
 * STATIC_FILE_MAX, and its extension has a known type), the choice of the
 * precompressed copy by Accept-Encoding, and the caching headers (ETag from
 * the content, 304 on If-None-Match, immutable for versioned vendor paths).
 * It must never answer an API path, and never run anything it reads.
 */
#include "http/static.h"

#include "base/paths.h"
#include "base/xmalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* The encodings of the precompressed copies, best first: FILE.br, FILE.gz. */
static const struct {
    const char *name;
    const char *suffix;
} encodings[] = {{"br", ".br"}, {"gzip", ".gz"}};

static const struct {
    const char *extension;
    const char *type;
} content_types[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json; charset=utf-8"},
    {".map", "application/json; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".woff2", "font/woff2"},
    {".txt", "text/plain; charset=utf-8"},
};

const char *static_content_type(const char *name)
{
    const char *slash = strrchr(name, '/');
    const char *dot = strrchr(slash ? slash : name, '.');
    size_t i;
    if (dot == NULL)
        return NULL;
    for (i = 0; i < sizeof content_types / sizeof content_types[0]; i++)
        if (strcmp(dot, content_types[i].extension) == 0)
            return content_types[i].type;
    return NULL;
}

static int name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.' || c == '@' || c == '+';
}

int static_path_safe(const char *rel)
{
    size_t len = strlen(rel), i;
    int segment_start = 1;
    if (len == 0 || len > STATIC_PATH_MAX)
        return 0;
    for (i = 0; i < len; i++) {
        char c = rel[i];
        if (c == '/') {
            if (segment_start) /* an empty segment: "//" or a leading '/' */
                return 0;
            segment_start = 1;
            continue;
        }
        if (!name_char(c) || (segment_start && c == '.'))
            return 0; /* also ".", ".." and hidden names */
        segment_start = 0;
    }
    return !segment_start; /* no trailing '/' */
}

/* The web folder: $VITAAL_WEB, else found beside the binary (base/paths.h). */
static void web_root(char *out, size_t size)
{
    snprintf(out, size, "%s", paths_web_dir());
}

/* Whether the Accept-Encoding value lists coding (or "*") with a quality
 * above 0: "gzip, br;q=0.5" accepts both, "br;q=0" refuses br. */
int static_accepts(const char *header, const char *coding)
{
    const char *p = header;
    int star = 0;
    size_t clen = strlen(coding);
    if (header == NULL)
        return 0;
    while (*p) {
        const char *name, *end;
        size_t len;
        int zero = 0;
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        name = p;
        while (*p && *p != ',' && *p != ';' && *p != ' ' && *p != '\t')
            p++;
        len = (size_t)(p - name);
        end = p;
        while (*end && *end != ',')
            end++;
        /* parameters: q=0, q=0.0, q=0.000 refuse; any other q accepts */
        for (const char *q = p; q < end; q++) {
            if ((q[0] == 'q' || q[0] == 'Q') && q[1] == '=') {
                const char *v = q + 2;
                zero = 1;
                if (*v++ != '0')
                    zero = 0;
                else if (*v == '.')
                    for (v++; v < end && *v != ';' && *v != ' '; v++)
                        if (*v != '0')
                            zero = 0;
                break;
            }
        }
        if (len == clen && strncasecmp(name, coding, len) == 0)
            return !zero;
        if (len == 1 && name[0] == '*')
            star = !zero;
        p = end;
    }
    return star;
}

/* Whether an If-None-Match value names etag (or is "*"); a weak "W/" tag
 * matches too, as RFC 9110 asks of GET. */
int static_etag_matches(const char *header, const char *etag)
{
    const char *p = header;
    size_t elen = strlen(etag);
    if (header == NULL)
        return 0;
    while (*p) {
        const char *tag;
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        if (*p == '*')
            return 1;
        if (strncmp(p, "W/", 2) == 0)
            p += 2;
        tag = p;
        while (*p && *p != ',' && *p != ' ' && *p != '\t')
            p++;
        if ((size_t)(p - tag) == elen && memcmp(tag, etag, elen) == 0)
            return 1;
    }
    return 0;
}

/* Reads root/rel into *out (malloc'd, *len bytes) when it is a regular file
 * inside root; 0 on success, ERR_NOTFOUND (nothing read) otherwise. */
static int read_inside(struct request *req, const char *root, const char *rel, char **out,
                       size_t *len)
{
    char root_real[PATH_MAX], wanted[PATH_MAX + STATIC_PATH_MAX + 8], file_real[PATH_MAX];
    struct stat st;
    size_t root_len, done = 0;
    char *data = NULL;
    int fd = -1, rc = ERR_NOTFOUND;

    *out = NULL;
    if (realpath(root, root_real) == NULL)
        goto cleanup;
    snprintf(wanted, sizeof wanted, "%s/%s", root_real, rel);
    if (realpath(wanted, file_real) == NULL)
        goto cleanup;
    root_len = strlen(root_real);
    if (strncmp(file_real, root_real, root_len) != 0 || file_real[root_len] != '/')
        goto cleanup; /* a symbolic link that leads out of the root */
    if ((fd = open(file_real, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0)
        goto cleanup;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size > STATIC_FILE_MAX)
        goto cleanup;
    data = xmalloc((size_t)st.st_size + 1);
    while (done < (size_t)st.st_size) {
        ssize_t n = read(fd, data + done, (size_t)st.st_size - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            rc = error_set(&req->error, ERR_IO, NULL, "cannot read a UI file");
            goto cleanup;
        }
        done += (size_t)n;
    }
    data[done] = '\0'; /* text files are read as strings too (http/page.c) */
    *out = data;
    *len = done;
    data = NULL;
    rc = 0;
cleanup:
    free(data);
    if (fd >= 0)
        close(fd);
    return rc;
}

/* Answers with root/rel: its precompressed copy when the client accepts
 * one, an ETag of the bytes sent, and 304 without a body when the client
 * holds them already. */
static int answer_file(struct request *req, const char *root, const char *rel, int immutable)
{
    char variant[STATIC_PATH_MAX + 8], *etag;
    unsigned char hash[16];
    const char *encoding = NULL;
    char *data = NULL;
    size_t len = 0, i;
    int rc = ERR_NOTFOUND;

    /* the plain file must exist: a stray FILE.br alone is never served */
    if ((rc = read_inside(req, root, rel, &data, &len)) != 0)
        return rc;
    for (i = 0; i < sizeof encodings / sizeof encodings[0]; i++) {
        char *packed = NULL;
        size_t packed_len = 0;
        if (!static_accepts(req->accept_encoding, encodings[i].name))
            continue;
        snprintf(variant, sizeof variant, "%s%s", rel, encodings[i].suffix);
        rc = read_inside(req, root, variant, &packed, &packed_len);
        if (rc == ERR_NOTFOUND)
            continue;
        if (rc != 0)
            goto cleanup;
        free(data);
        data = packed;
        len = packed_len;
        encoding = encodings[i].name;
        break;
    }
    crypto_generichash(hash, sizeof hash, (const unsigned char *)data, len, NULL, 0);
    etag = arena_alloc(&req->arena, 2 * sizeof hash + 3);
    if (etag == NULL) {
        rc = error_set(&req->error, ERR_TOO_LARGE, NULL, "over the request's memory limit");
        goto cleanup;
    }
    etag[0] = '"';
    sodium_bin2hex(etag + 1, 2 * sizeof hash + 1, hash, sizeof hash);
    strcat(etag, "\"");
    req->response.etag = etag;
    req->response.content_encoding = encoding;
    req->response.vary = "Accept-Encoding";
    req->response.cache_control = immutable ? "public, max-age=31536000, immutable" : "no-cache";
    req->response.content_type = static_content_type(rel);
    strbuf_reset(&req->response.body);
    if (static_etag_matches(req->if_none_match, etag)) {
        req->response.status = 304;
        req->response.content_encoding = NULL;
        rc = 0;
        goto cleanup;
    }
    strbuf_append(&req->response.body, data, len);
    req->response.status = 200;
    rc = 0;
cleanup:
    free(data);
    return rc;
}

int static_read(struct request *req, const char *rel, char **out, size_t *len)
{
    char folder[PATH_MAX];
    *out = NULL;
    *len = 0;
    if (!static_path_safe(rel))
        return ERR_NOTFOUND;
    web_root(folder, sizeof folder);
    return read_inside(req, folder, rel, out, len);
}

int static_serve(struct request *req)
{
    const char *path = req->path, *rel = NULL;
    char folder[PATH_MAX];
    int rc = 0, immutable = 0;

    if (strncmp(path, "/assets/", 8) == 0) {
        rel = path + 8;
        /* the build's vendor folder is no asset */
        if (strncmp(rel, "vendor/", 7) == 0 || strcmp(rel, "vendor") == 0)
            rel = "";
    } else if (strncmp(path, "/vendor/", 8) == 0) {
        const char *slash = strchr(path + 8, '/');
        rel = path + 1; /* vendor/NAME@VERSION/FILE under the web folder */
        /* NAME@VERSION: its content never changes */
        immutable = slash && memchr(path + 8, '@', (size_t)(slash - (path + 8))) != NULL;
    } else {
        return 0;
    }
    web_root(folder, sizeof folder);
    if (req->method != HTTP_GET && strcmp(req->method_name, "HEAD") != 0) {
        req->response.allow = "GET, HEAD";
        request_render_status(req, 405, "method_not_allowed", "the UI's files answer GET only");
        return 1;
    }
    if (!static_path_safe(rel) || static_content_type(rel) == NULL ||
        (rc = answer_file(req, folder, rel, immutable)) == ERR_NOTFOUND) {
        error_set(&req->error, ERR_NOTFOUND, NULL, "no such file");
        request_render_error(req, ERR_NOTFOUND);
    } else if (rc != 0) {
        req->response.etag = req->response.cache_control = req->response.vary = NULL;
        req->response.content_encoding = NULL;
        request_render_error(req, rc);
    }
    return 1;
}
