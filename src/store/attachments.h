/*
 * attachments.h — the attachments table: files of evidence hung on a
 * record (its kind and id), with their content as a blob. The store keeps
 * what it is given; which parents, names, types and sizes are allowed and
 * who may read or write is the domain's business (domain/attachment.h).
 * Never reads a parent record.
 */
#ifndef VITAAL_STORE_ATTACHMENTS_H
#define VITAAL_STORE_ATTACHMENTS_H

#include "base/error.h"
#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

struct store_attachment {
    int64_t id;
    char kind[64];           /* the parent's kind */
    char record[129];        /* the parent's id */
    char name[201];          /* the file name, UTF-8, at most 200 bytes */
    char media_type[128];    /* decided from the content */
    int64_t size;            /* bytes */
    char sha256[65];         /* hex */
    char uploaded_by[160];   /* a user name or "cli:<login>" */
    char uploaded_at[21];    /* UTC "YYYY-MM-DDTHH:MM:SSZ" */
    char owner[129];         /* the parent's owner at upload */
    char classification[16]; /* the parent's classification at upload */
    unsigned char *content;  /* malloc'd; NULL unless asked for */
};

/* Inserts a (its id is ignored) with content (size bytes) inside the
 * caller's transaction; the new id in *id. */
int store_attachment_add(struct store *s, const struct store_attachment *a, const void *content,
                         int64_t *id, struct error *e);

/* The attachment with id in *out (free with store_attachment_free), with
 * its content when with_content; ERR_NOTFOUND when there is none. */
int store_attachment_get(struct store *s, int64_t id, int with_content,
                         struct store_attachment **out, struct error *e);
void store_attachment_free(struct store_attachment *a); /* NULL is fine */

/* Calls fn for every attachment of the record (kind, id), without
 * content, oldest first; a is borrowed for the call. A non-zero return
 * from fn stops the walk and is returned. */
int store_attachment_each(struct store *s, const char *kind, const char *record,
                          int (*fn)(void *ctx, const struct store_attachment *a), void *ctx,
                          struct error *e);

/* Deletes the attachment (in the caller's transaction); ERR_NOTFOUND when absent. */
int store_attachment_delete(struct store *s, int64_t id, struct error *e);

#endif
