/*
 * attachment.c — evidence's rules (see attachment.h): which parents, the
 * type from the content, the name, the size limit, and who reads and
 * writes. The type detection is pure and bounds-checked at every read: the
 * bytes come from anyone who may upload.
 */
#include "domain/attachment.h"

#include "base/csv.h"
#include "base/timefmt.h"
#include "domain/settings.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The one list of parents. */
const char *const attachment_parent_kinds[] = {
    "measures", "reviews", "contributions", "requirement_assessments", "requests", NULL};

int attachment_parent_allowed(const struct kind *k)
{
    return k && model_value_index(attachment_parent_kinds, k->name) >= 0;
}

/* --- the type from the content --------------------------------------------- */

#define MT_DOCX    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#define MT_XLSX    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#define MT_PPTX    "application/vnd.openxmlformats-officedocument.presentationml.presentation"
#define ODF_PREFIX "application/vnd.oasis.opendocument."
#define ODF_MAX    100 /* the longest mimetype entry taken */

static const char *const odf_types[] = {ODF_PREFIX "text",
                                        ODF_PREFIX "spreadsheet",
                                        ODF_PREFIX "presentation",
                                        ODF_PREFIX "graphics",
                                        ODF_PREFIX "chart",
                                        ODF_PREFIX "formula",
                                        ODF_PREFIX "text-master",
                                        ODF_PREFIX "text-template",
                                        ODF_PREFIX "spreadsheet-template",
                                        ODF_PREFIX "presentation-template",
                                        ODF_PREFIX "graphics-template",
                                        NULL};

static uint32_t le16(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

struct zip_parts {
    int content_types, word, xl, ppt, macros;
};

/* Walks a zip's central directory; 0 when it is a well-formed zip (no
 * zip64), with what its entry names say in *parts. */
static int zip_walk(const unsigned char *d, size_t len, struct zip_parts *parts)
{
    size_t eocd, pos, end, i, n_entries, lowest;
    memset(parts, 0, sizeof *parts);
    if (len < 22)
        return -1;
    lowest = len - 22 > 65535 ? len - 22 - 65535 : 0;
    for (eocd = len - 22;; eocd--) {
        if (le32(d + eocd) == 0x06054b50 && eocd + 22 + le16(d + eocd + 20) == len)
            break;
        if (eocd == lowest)
            return -1;
    }
    n_entries = le16(d + eocd + 10);
    pos = le32(d + eocd + 16);
    end = pos + (size_t)le32(d + eocd + 12);
    if (n_entries == 0xffff || pos == 0xffffffffu || end > eocd || pos > end)
        return -1;
    for (i = 0; i < n_entries; i++) {
        size_t name_len, entry;
        const char *name;
        if (pos + 46 > end || le32(d + pos) != 0x02014b50)
            return -1;
        name_len = le16(d + pos + 28);
        entry = 46 + name_len + le16(d + pos + 30) + le16(d + pos + 32);
        if (pos + entry > end)
            return -1;
        name = (const char *)d + pos + 46;
#define IS(lit) (name_len == sizeof lit - 1 && memcmp(name, lit, sizeof lit - 1) == 0)
        if (IS("[Content_Types].xml"))
            parts->content_types = 1;
        else if (IS("word/document.xml"))
            parts->word = 1;
        else if (IS("xl/workbook.xml"))
            parts->xl = 1;
        else if (IS("ppt/presentation.xml"))
            parts->ppt = 1;
        if (name_len >= 14 && memcmp(name + name_len - 14, "vbaProject.bin", 14) == 0)
            parts->macros = 1;
#undef IS
        pos += entry;
    }
    return 0;
}

/* An OpenDocument: the first entry is "mimetype", stored, holding one of
 * the ODF media types. Returns the type (static) or NULL. */
static const char *odf_type(const unsigned char *d, size_t len)
{
    size_t name_len, extra, size, start, i;
    if (len < 30 || le32(d) != 0x04034b50 || le16(d + 8) != 0)
        return NULL;
    name_len = le16(d + 26);
    extra = le16(d + 28);
    size = le32(d + 18);
    start = 30 + name_len + extra;
    if (name_len != 8 || memcmp(d + 30, "mimetype", 8) != 0 || size > ODF_MAX ||
        start + size > len || le32(d + 22) != size)
        return NULL;
    for (i = 0; odf_types[i]; i++) {
        if (strlen(odf_types[i]) == size && memcmp(d + start, odf_types[i], size) == 0)
            return odf_types[i];
    }
    return NULL;
}

/* Strict UTF-8 (no overlong forms, surrogates or code points past
 * U+10FFFF) without NUL and control characters other than tab, CR and LF
 * (C0, DEL and C1 are refused). */
static int is_clean_text(const unsigned char *d, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned c = d[i];
        uint32_t cp;
        size_t n, k;
        if (c < 0x80) {
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
                return 0;
            i++;
            continue;
        }
        if (c >= 0xc2 && c <= 0xdf) {
            n = 1;
            cp = c & 0x1f;
        } else if (c >= 0xe0 && c <= 0xef) {
            n = 2;
            cp = c & 0x0f;
        } else if (c >= 0xf0 && c <= 0xf4) {
            n = 3;
            cp = c & 0x07;
        } else {
            return 0;
        }
        if (i + n + 1 > len)
            return 0;
        for (k = 1; k <= n; k++) {
            if ((d[i + k] & 0xc0) != 0x80)
                return 0;
            cp = cp << 6 | (d[i + k] & 0x3f);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
            (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp <= 0x9f))
            return 0;
        i += n + 1;
    }
    return 1;
}

/* Markup a browser would take for HTML, XML or SVG: text whose first
 * character (after a byte order mark and white space) is '<', or that holds
 * "<script" or "<html" anywhere. */
static int looks_like_markup(const unsigned char *d, size_t len)
{
    size_t i = 0;
    if (len >= 3 && memcmp(d, "\xef\xbb\xbf", 3) == 0)
        i = 3;
    while (i < len && (d[i] == ' ' || d[i] == '\t' || d[i] == '\r' || d[i] == '\n'))
        i++;
    if (i < len && d[i] == '<')
        return 1;
    for (; i + 5 <= len; i++) {
        if (d[i] != '<')
            continue;
        if ((i + 7 <= len && strncasecmp((const char *)d + i, "<script", 7) == 0) ||
            strncasecmp((const char *)d + i, "<html", 5) == 0)
            return 1;
    }
    return 0;
}

/* CSV: RFC 4180 with commas, at least two records (a header and a row),
 * every record with the same number of fields, more than one. Anything
 * else that is clean text is plain text. */
static int is_csv(const unsigned char *d, size_t len)
{
    struct csv_reader r;
    struct error e = {0};
    size_t records = 0, fields = 0;
    int rc, ok = 1;
    csv_reader_init(&r, (const char *)d, len);
    while ((rc = csv_reader_next(&r, &e)) == 1) {
        if (records == 0)
            fields = r.n_fields;
        if (r.n_fields != fields || fields < 2) {
            ok = 0;
            break;
        }
        records++;
    }
    csv_reader_release(&r);
    return ok && rc == 0 && records >= 2;
}

const char *attachment_detect(const unsigned char *d, size_t len)
{
    struct zip_parts parts;
    const char *odf;
    if (d == NULL || len == 0)
        return NULL;
    if (len >= 8 && memcmp(d, "%PDF-", 5) == 0 && d[5] >= '1' && d[5] <= '2' && d[6] == '.' &&
        d[7] >= '0' && d[7] <= '9')
        return "application/pdf";
    if (len >= 16 && memcmp(d, "\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR", 16) == 0)
        return "image/png";
    if (len >= 4 && d[0] == 0xff && d[1] == 0xd8 && d[2] == 0xff && d[3] >= 0xc0)
        return "image/jpeg";
    if (len >= 4 && le32(d) == 0x04034b50) {
        if (zip_walk(d, len, &parts) != 0)
            return NULL;
        if ((odf = odf_type(d, len)) != NULL)
            return odf;
        if (!parts.content_types || parts.macros || parts.word + parts.xl + parts.ppt != 1)
            return NULL;
        return parts.word ? MT_DOCX : parts.xl ? MT_XLSX : MT_PPTX;
    }
    if (!is_clean_text(d, len) || looks_like_markup(d, len))
        return NULL;
    return is_csv(d, len) ? "text/csv; charset=utf-8" : "text/plain; charset=utf-8";
}

/* --- names, limits, ids ------------------------------------------------------ */

int attachment_check_name(const char *name, struct error *e)
{
    size_t len = name ? strlen(name) : 0, i;
    int bad = len == 0 || len > ATTACHMENT_NAME_MAX || strcmp(name, ".") == 0 ||
              strcmp(name, "..") == 0 || !is_clean_text((const unsigned char *)name, len);
    for (i = 0; !bad && i < len; i++)
        bad = name[i] == '/' || name[i] == '\\' || name[i] == '\t' || name[i] == '\r' ||
              name[i] == '\n';
    if (bad)
        return error_set_msg(e, ERR_INVALID, "name", "attachment_name",
                             "a file name of 1 to 200 bytes, without / or \\ and without "
                             "control characters",
                             NULL);
    return 0;
}

int attachment_max_bytes(struct store *s, int64_t *out, struct error *e)
{
    int rc = settings_get_int(s, ATTACHMENT_SETTING, ATTACHMENT_MAX_DEFAULT, out, e);
    if (rc == 0 && *out < 1)
        return error_set(e, ERR_INVALID, ATTACHMENT_SETTING,
                         "setting %s must be a whole number of bytes >= 1", ATTACHMENT_SETTING);
    return rc;
}

void attachment_sha256_hex(const void *data, size_t len, char hex[65])
{
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, data, len);
    sodium_bin2hex(hex, 65, digest, sizeof digest);
}

int attachment_id_parse(const char *text, int64_t *out, struct error *e)
{
    char *end = NULL;
    long long v = text && *text >= '1' && *text <= '9' ? strtoll(text, &end, 10) : 0;
    if (v <= 0 || *end != '\0' || strlen(text) > 18)
        return error_set(e, ERR_NOTFOUND, text, "no attachment with this id");
    *out = v;
    return 0;
}

/* --- who reads and writes ------------------------------------------------------ */

int attachment_parent_get(struct store *s, struct access *a, const struct kind *k, const char *id,
                          json_t **out, struct error *e)
{
    json_t *parent = NULL;
    int rc;
    *out = NULL;
    if (!attachment_parent_allowed(k))
        return error_set(e, ERR_NOTFOUND, id, "no such record");
    rc = store_record_get(s, k, id, &parent, e);
    if (rc == 0 && a)
        rc = access_can_read(a, s, k, parent, e);
    if (rc != 0) {
        json_decref(parent);
        return rc == ERR_NOTFOUND
                   ? error_set(e, ERR_NOTFOUND, id, "no %s with this id", k->singular)
                   : rc;
    }
    *out = parent;
    return 0;
}

int attachment_add(struct store *s, const struct attachment_new *n, struct store_attachment *out,
                   struct error *e)
{
    json_t *parent = NULL;
    const char *type;
    int64_t max = 0, id = 0;
    char size[24], limit[24];
    int rc;

    memset(out, 0, sizeof *out);
    if (!attachment_parent_allowed(n->kind))
        return error_set_msg(e, ERR_INVALID, "kind", "attachment_kind",
                             "records of kind {kind} take no attachments", "kind",
                             n->kind ? n->kind->name : "?", NULL);
    if ((rc = attachment_parent_get(s, n->access, n->kind, n->record, &parent, e)) != 0)
        goto cleanup;
    if (n->access && (rc = access_can_write(n->access, s, n->kind, parent, parent, e)) != 0)
        goto cleanup;
    if ((rc = attachment_check_name(n->name, e)) != 0 || (rc = attachment_max_bytes(s, &max, e)))
        goto cleanup;
    if (n->size == 0) {
        rc =
            error_set_msg(e, ERR_INVALID, "content", "attachment_empty", "the file is empty", NULL);
        goto cleanup;
    }
    if ((int64_t)n->size > max) {
        snprintf(size, sizeof size, "%zu", n->size);
        snprintf(limit, sizeof limit, "%lld", (long long)max);
        rc = error_set_msg(e, ERR_TOO_LARGE, "content", "attachment_too_large",
                           "the file is over the limit of {max} bytes (setting "
                           "attachment_max_bytes)",
                           "max", limit, NULL);
        goto cleanup;
    }
    if ((type = attachment_detect(n->content, n->size)) == NULL) {
        rc = error_set_msg(e, ERR_MEDIA_TYPE, "content", "attachment_type",
                           "vitaal takes PDF, PNG, JPEG, Word, Excel or PowerPoint (OOXML), "
                           "OpenDocument, CSV and plain text, decided from the content, not "
                           "the name; this file is none of these",
                           NULL);
        goto cleanup;
    }
    snprintf(out->kind, sizeof out->kind, "%s", n->kind->name);
    snprintf(out->record, sizeof out->record, "%s", n->record);
    snprintf(out->name, sizeof out->name, "%s", n->name);
    snprintf(out->media_type, sizeof out->media_type, "%s", type);
    out->size = (int64_t)n->size;
    attachment_sha256_hex(n->content, n->size, out->sha256);
    snprintf(out->uploaded_by, sizeof out->uploaded_by, "%s", n->user);
    if (n->at)
        snprintf(out->uploaded_at, sizeof out->uploaded_at, "%s", n->at);
    else
        timefmt_format_datetime(timefmt_now(), out->uploaded_at);
    snprintf(out->owner, sizeof out->owner, "%s",
             json_string_value(json_object_get(parent, "owner")));
    snprintf(out->classification, sizeof out->classification, "%s",
             json_string_value(json_object_get(parent, "classification")));
    if ((rc = store_attachment_add(s, out, n->content, &id, e)) != 0)
        goto cleanup;
    out->id = id;
cleanup:
    json_decref(parent);
    return rc;
}

int attachment_get(struct store *s, struct access *a, int64_t id, int with_content,
                   struct store_attachment **out, struct error *e)
{
    struct store_attachment *att = NULL;
    json_t *parent = NULL;
    char ids[24];
    int rc;
    *out = NULL;
    snprintf(ids, sizeof ids, "%lld", (long long)id);
    if ((rc = store_attachment_get(s, id, with_content, &att, e)) == 0)
        rc = attachment_parent_get(s, a, model_kind_find(att->kind), att->record, &parent, e);
    json_decref(parent);
    if (rc != 0) {
        store_attachment_free(att);
        return rc == ERR_NOTFOUND ? error_set(e, ERR_NOTFOUND, ids, "no attachment with this id")
                                  : rc;
    }
    *out = att;
    return 0;
}

int attachment_remove(struct store *s, struct access *a, int64_t id, struct store_attachment *out,
                      struct error *e)
{
    struct store_attachment *att = NULL;
    json_t *parent = NULL;
    int rc;
    memset(out, 0, sizeof *out);
    if ((rc = attachment_get(s, a, id, 0, &att, e)) != 0)
        return rc;
    if (a && (rc = attachment_parent_get(s, a, model_kind_find(att->kind), att->record, &parent,
                                         e)) == 0)
        rc = access_can_write(a, s, model_kind_find(att->kind), parent, parent, e);
    if (rc == 0)
        rc = store_attachment_delete(s, id, e);
    if (rc == 0)
        *out = *att;
    json_decref(parent);
    store_attachment_free(att);
    return rc;
}
