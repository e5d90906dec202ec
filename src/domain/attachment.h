/*
 * attachment.h — evidence (issue 12, part 5): files attached to measures,
 * reviews, contributions (a request's answer too), requests and
 * requirement assessments: one list, attachment_parent_kinds.
 *
 * The rules: an attachment hangs on one record, its parent, and is read
 * exactly when the parent may be read (domain/access.h; hidden parent:
 * absent attachment), written (added, deleted) exactly when the parent may
 * be written, as it stands (access_can_write with the parent as its own
 * new version: a provider on its own contribution, a ministry on the
 * measures and reviews of its processes, the coordinator anywhere, an
 * auditor never). Its type is decided from the bytes, never from the
 * name (attachment_detect); its size is at most the setting
 * attachment_max_bytes (default 25 MiB); its name is a plain file name.
 * It inherits the parent's owner and classification at upload (kept for
 * the record; reading is always decided on the parent as it is now).
 *
 * Writes happen in the caller's transaction; the caller appends the audit
 * entry (attach, detach, download) in the same transaction.
 */
#ifndef VITAAL_DOMAIN_ATTACHMENT_H
#define VITAAL_DOMAIN_ATTACHMENT_H

#include "base/error.h"
#include "domain/access.h"
#include "store/attachments.h"
#include "store/store.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#define ATTACHMENT_SETTING     "attachment_max_bytes"
#define ATTACHMENT_MAX_DEFAULT (25 * 1024 * 1024)
#define ATTACHMENT_NAME_MAX    200

/* The kinds of record that take attachments, NULL-terminated. */
extern const char *const attachment_parent_kinds[];

/* Whether records of kind k take attachments. */
int attachment_parent_allowed(const struct kind *k);

/* The media type of data decided from its content alone, or NULL when it
 * is none of the accepted types: application/pdf, image/png, image/jpeg,
 * the three OOXML documents (docx, xlsx, pptx; not macro-enabled), an
 * OpenDocument (its own mimetype entry), text/csv and text/plain (both
 * "; charset=utf-8"). Pure. */
const char *attachment_detect(const unsigned char *data, size_t len);

/* 0 when name is a plain file name: 1..200 bytes of UTF-8, no path
 * separator (/ or \), no control character, not "." or "..";
 * ERR_INVALID (message id attachment_name) otherwise. */
int attachment_check_name(const char *name, struct error *e);

/* The setting attachment_max_bytes (ATTACHMENT_MAX_DEFAULT when absent);
 * ERR_INVALID when it is not a whole number >= 1. */
int attachment_max_bytes(struct store *s, int64_t *out, struct error *e);

/* The SHA-256 of data as 64 hex digits and a NUL. */
void attachment_sha256_hex(const void *data, size_t len, char hex[65]);

/* An id as text ("12") into *out; ERR_NOTFOUND when it is not one. */
int attachment_id_parse(const char *text, int64_t *out, struct error *e);

/* The parent record (kind k, id) in *out (a new reference) when the user
 * may read it (access NULL: the command line, the coordinator).
 * ERR_NOTFOUND when it is absent or hidden, or k takes no attachments. */
int attachment_parent_get(struct store *s, struct access *a, const struct kind *k, const char *id,
                          json_t **out, struct error *e);

struct attachment_new {
    const struct kind *kind; /* the parent's */
    const char *record;      /* the parent's id */
    const char *name;
    const void *content;
    size_t size;
    const char *user;      /* who uploads: a user name, or "cli:<login>" */
    struct access *access; /* the user's rules; NULL: the command line (coordinator) */
    const char *at;        /* when ("YYYY-MM-DDTHH:MM:SSZ"; the demo's), or NULL: now */
};

/* Adds an attachment in the caller's transaction; the stored metadata in
 * *out (content NULL). ERR_INVALID: the kind takes none (attachment_kind),
 * a bad name, an empty file; ERR_NOTFOUND: no such parent or hidden;
 * ERR_FORBIDDEN: the user may not write the parent; ERR_TOO_LARGE: over
 * attachment_max_bytes (attachment_too_large); ERR_MEDIA_TYPE: not an
 * accepted type (attachment_type). */
int attachment_add(struct store *s, const struct attachment_new *n, struct store_attachment *out,
                   struct error *e);

/* The attachment id (with its content when with_content) in *out, free
 * with store_attachment_free, when the user may read its parent;
 * ERR_NOTFOUND when it is absent or its parent absent or hidden. */
int attachment_get(struct store *s, struct access *a, int64_t id, int with_content,
                   struct store_attachment **out, struct error *e);

/* Deletes attachment id in the caller's transaction when the user may
 * write its parent; its metadata in *out. ERR_NOTFOUND as attachment_get,
 * ERR_FORBIDDEN when the user may read but not write the parent. */
int attachment_remove(struct store *s, struct access *a, int64_t id, struct store_attachment *out,
                      struct error *e);

#endif
