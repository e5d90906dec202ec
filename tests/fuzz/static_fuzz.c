/*
 * static_fuzz.c — fuzzes the static path check (http/static): the input is
 * a path relative to the UI's folder. static_path_safe must refuse every
 * path that could leave the folder or name a hidden file (checked here
 * again, independently: no empty, "." or ".." segment, no leading dot, only
 * plain name bytes); and a whole request for /assets/<input> may
 * only ever answer 200 with a file of a known type, or 404/405.
 */
#include "fuzz.h"

#include "http/request.h"
#include "http/static.h"

#include <string.h>

static int independently_safe(const char *p)
{
    const char *seg = p;
    if (*p == '\0')
        return 0;
    for (;;) {
        const char *end = strchr(seg, '/');
        size_t len = end ? (size_t)(end - seg) : strlen(seg), i;
        if (len == 0 || seg[0] == '.')
            return 0;
        for (i = 0; i < len; i++) {
            unsigned char c = (unsigned char)seg[i];
            if (c < 0x21 || c > 0x7e || c == '\\' || c == '%' || c == ':')
                return 0;
        }
        if (end == NULL)
            return 1;
        seg = end + 1;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct http_state state;
    struct request req;
    char *rel, *path;
    if (size > 2 * STATIC_PATH_MAX)
        return 0;
    rel = malloc(size + 1);
    path = malloc(size + 16);
    if (rel == NULL || path == NULL) {
        free(rel);
        free(path);
        return 0;
    }
    memcpy(rel, data, size);
    rel[size] = '\0';
    if (static_path_safe(rel)) /* as a C string, as the server has it */
        FUZZ_CHECK(independently_safe(rel));
    memset(&state, 0, sizeof state);
    request_init(&req, &state, NULL);
    snprintf(path, size + 16, "/assets/%s", rel);
    req.path = path;
    req.method_name = "GET";
    req.method = HTTP_GET;
    FUZZ_CHECK(static_serve(&req) == 1);
    FUZZ_CHECK(req.response.status == 200 || req.response.status == 404);
    if (req.response.status == 200)
        FUZZ_CHECK(static_path_safe(rel) && static_content_type(rel) != NULL);
    request_release(&req);
    free(rel);
    free(path);
    return 0;
}
