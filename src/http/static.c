/*
 * static.c — serves the browser UI's files (see static.h). Owns the mapping
 * of URL paths to files under the web folder and the vendor packages, and
 * the checks that keep every answer inside those folders: a path is served
 * only when each segment is a plain name, the file's real path (symbolic
 * links resolved) lies under the real path of its root, it is a regular
 * file no larger than STATIC_FILE_MAX, and its extension has a known type.
 * It must never answer an API path, and never run anything it reads.
 */
#include "http/static.h"

#include "base/paths.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The npm packages whose dist/ folder the UI may load, under /vendor/PKG/. */
static const char *const vendor_packages[] = {"cytoscape", "cytoscape-dagre", "echarts"};

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

static int vendor_known(const char *name, size_t len)
{
    size_t i;
    for (i = 0; i < sizeof vendor_packages / sizeof vendor_packages[0]; i++)
        if (strlen(vendor_packages[i]) == len && memcmp(vendor_packages[i], name, len) == 0)
            return 1;
    return 0;
}

/* Reads root/rel into the response when it is a regular file inside root;
 * 0 on success, ERR_NOTFOUND (nothing written) otherwise. */
static int read_inside(struct request *req, const char *root, const char *rel)
{
    char root_real[PATH_MAX], wanted[PATH_MAX + STATIC_PATH_MAX + 2], file_real[PATH_MAX];
    struct stat st;
    size_t root_len, done = 0;
    char *data = NULL;
    int fd = -1, rc = ERR_NOTFOUND;

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
    data = malloc((size_t)st.st_size + 1);
    if (data == NULL) {
        rc = error_set(&req->error, ERR_NOMEM, NULL, "out of memory");
        goto cleanup;
    }
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
    strbuf_reset(&req->response.body);
    strbuf_append(&req->response.body, data, done);
    if (req->response.body.failed) {
        rc = error_set(&req->error, ERR_NOMEM, NULL, "out of memory");
        goto cleanup;
    }
    req->response.status = 200;
    req->response.content_type = static_content_type(rel);
    rc = 0;
cleanup:
    free(data);
    if (fd >= 0)
        close(fd);
    return rc;
}

int static_serve(struct request *req)
{
    const char *path = req->path, *rel = NULL;
    char root[PATH_MAX], folder[PATH_MAX + 64] = "";
    int rc = 0;

    if (strcmp(path, "/") == 0 || strcmp(path, "/index.html") == 0) {
        rel = "index.html";
        web_root(folder, sizeof folder);
    } else if (strncmp(path, "/assets/", 8) == 0) {
        rel = path + 8;
        web_root(folder, sizeof folder);
    } else if (strncmp(path, "/vendor/", 8) == 0) {
        const char *package = path + 8, *slash = strchr(package, '/');
        rel = slash ? slash + 1 : "";
        web_root(root, sizeof root);
        if (slash && vendor_known(package, (size_t)(slash - package)))
            snprintf(folder, sizeof folder, "%s/../node_modules/%.*s/dist", root,
                     (int)(slash - package), package);
        else
            rel = ""; /* an unknown package: not found */
    } else {
        return 0;
    }
    if (req->method != HTTP_GET && strcmp(req->method_name, "HEAD") != 0) {
        req->response.allow = "GET, HEAD";
        request_render_status(req, 405, "method_not_allowed", "the UI's files answer GET only");
        return 1;
    }
    if (!static_path_safe(rel) || static_content_type(rel) == NULL ||
        (rc = read_inside(req, folder, rel)) == ERR_NOTFOUND) {
        error_set(&req->error, ERR_NOTFOUND, NULL, "no such file");
        request_render_error(req, ERR_NOTFOUND);
    } else if (rc != 0) {
        request_render_error(req, rc);
    }
    return 1;
}
