/*
 * static.h — the browser UI's files for `vitaal serve`, from the web folder
 * the build makes (scripts/build-web.sh): "/assets/PATH"
 * the file PATH, and "/vendor/NAME@VERSION/FILE" the file vendor/... that
 * the build copied from node_modules for the few npm packages the UI loads
 * (node_modules is never read at run time). Nothing else is served: API
 * paths are never touched, and a path that is not a plain name under its
 * root (".." or "." segments, hidden names, backslashes, a symbolic link
 * that leads out) answers 404 like an absent file.
 *
 * Each answer is the file's precompressed copy (FILE.br, FILE.gz, made at
 * build time) when Accept-Encoding accepts one, with Vary: Accept-Encoding,
 * an ETag from the bytes sent and 304 on a matching If-None-Match;
 * Cache-Control is "no-cache" (ask again, 304 when unchanged) except for a
 * versioned vendor path ("@" in its first segment), which is immutable.
 *
 * The web folder is $VITAAL_WEB when set, else the one found beside the
 * binary (base/paths.h: PREFIX/share/vitaal/web installed, the build's web
 * folder in a checkout).
 */
#ifndef VITAAL_HTTP_STATIC_H
#define VITAAL_HTTP_STATIC_H

#include "http/request.h"

#include <stddef.h>

#define STATIC_FILE_MAX (16u * 1024 * 1024) /* the largest file served */

/* Answers req when its path is one of the UI's ("/", "/assets/...",
 * "/vendor/..."): fills req->response (200 with the file and its
 * Content-Type, 404, or 405 for a method other than GET and HEAD) and
 * returns 1. Returns 0, touching nothing, for every other path. */
int static_serve(struct request *req);

/* The UI file rel ("index.html.csp") of the web folder, read whole into
 * *out (NUL-terminated, the caller's to free) and *len: 0, ERR_NOTFOUND
 * (absent, or no safe path), or ERR_IO. */
int static_read(struct request *req, const char *rel, char **out, size_t *len);

/* The Content-Type for a file name by its extension, or NULL when the
 * extension is not one the UI uses (such files are not served). */
const char *static_content_type(const char *name);

/* Whether rel ("js/app.js") is a safe relative path: 1..STATIC_PATH_MAX
 * bytes of segments made of letters, digits, '-', '_', '.', '@' and '+',
 * none empty, none starting with '.'. */
int static_path_safe(const char *rel);

#define STATIC_PATH_MAX 512

/* Whether an Accept-Encoding value accepts coding ("gzip", "br"): named or
 * "*", with a quality above 0. 0 for NULL. */
int static_accepts(const char *header, const char *coding);

/* Whether an If-None-Match value names etag (quoted, as sent) or is "*". */
int static_etag_matches(const char *header, const char *etag);

#endif
