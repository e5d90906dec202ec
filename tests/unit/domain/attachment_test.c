/*
 * attachment_test.c — tests src/domain/attachment.c: the type decided from
 * real byte samples built here (PDF, PNG, JPEG, OOXML and OpenDocument
 * zips, CSV and plain text; and what must be refused: plain zips, jars,
 * macro-enabled Office files, executables, HTML, SVG, broken UTF-8 and
 * control characters), file names, and on tests/data/full.json who may add,
 * read and delete an attachment of a measure, with the size limit as a
 * setting.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "domain/access.h"
#include "domain/attachment.h"
#include "domain/validate.h"
#include "store/model.h"
#include "store/store.h"
#include "support/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PDF_TYPE  "application/pdf"
#define DOCX_TYPE "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#define PPTX_TYPE "application/vnd.openxmlformats-officedocument.presentationml.presentation"
#define ODT_TYPE  "application/vnd.oasis.opendocument.text"
#define TEXT_TYPE "text/plain; charset=utf-8"
#define CSV_TYPE  "text/csv; charset=utf-8"

static const char *detect(const char *bytes, size_t len)
{
    return attachment_detect((const unsigned char *)bytes, len);
}

static const char *detect_text(const char *text)
{
    return detect(text, strlen(text));
}

/* --- a zip written here: stored entries, local headers, central directory, end --- */

struct zip {
    unsigned char buf[4096];
    size_t len;
    unsigned char cd[2048];
    size_t cd_len;
    int n;
};

static void put16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
}

static void put32(unsigned char *p, unsigned long v)
{
    put16(p, (unsigned)(v & 0xffff));
    put16(p + 2, (unsigned)(v >> 16));
}

static void zip_add(struct zip *z, const char *name, const char *data, unsigned method)
{
    size_t nl = strlen(name), dl = strlen(data), offset = z->len;
    unsigned char *h = z->buf + z->len, *c = z->cd + z->cd_len;
    assert_true(z->len + 30 + nl + dl < sizeof z->buf && z->cd_len + 46 + nl < sizeof z->cd);
    memset(h, 0, 30);
    put32(h, 0x04034b50);
    put16(h + 4, 20);
    put16(h + 8, method);
    put32(h + 18, dl);
    put32(h + 22, dl);
    put16(h + 26, (unsigned)nl);
    memcpy(h + 30, name, nl);
    memcpy(h + 30 + nl, data, dl);
    z->len += 30 + nl + dl;
    memset(c, 0, 46);
    put32(c, 0x02014b50);
    put16(c + 4, 20);
    put16(c + 6, 20);
    put16(c + 10, method);
    put32(c + 20, dl);
    put32(c + 24, dl);
    put16(c + 28, (unsigned)nl);
    put32(c + 42, offset);
    memcpy(c + 46, name, nl);
    z->cd_len += 46 + nl;
    z->n++;
}

/* Appends the central directory and its end record; returns the length. */
static size_t zip_finish(struct zip *z)
{
    unsigned char *e;
    size_t cd_offset = z->len;
    memcpy(z->buf + z->len, z->cd, z->cd_len);
    z->len += z->cd_len;
    e = z->buf + z->len;
    memset(e, 0, 22);
    put32(e, 0x06054b50);
    put16(e + 8, (unsigned)z->n);
    put16(e + 10, (unsigned)z->n);
    put32(e + 12, z->cd_len);
    put32(e + 16, cd_offset);
    z->len += 22;
    return z->len;
}

static const char *zip_type(const char *const *names, const char *first_data, unsigned method)
{
    static struct zip z;
    size_t i;
    memset(&z, 0, sizeof z);
    for (i = 0; names[i]; i++)
        zip_add(&z, names[i], i == 0 && first_data ? first_data : "<x/>", i == 0 ? method : 8);
    return detect((const char *)z.buf, zip_finish(&z));
}

static void test_binary_types(void **state)
{
    static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";
    static const char jpeg[] = "\xff\xd8\xff\xe0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0\xff\xd9";
    static const char elf[] = "\x7f"
                              "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0\x3e\0";
    static const char pe[] = "MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0This program cannot";
    (void)state;
    assert_string_equal(detect_text("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n"),
                        PDF_TYPE);
    assert_string_equal(detect_text("%PDF-2.0\n"), PDF_TYPE);
    assert_string_equal(detect("%PDF-", 5), TEXT_TYPE); /* no version: just text */
    assert_null(detect("%PDF-\0\x01", 7));
    assert_string_equal(detect(png, sizeof png - 1), "image/png");
    assert_null(detect(png, 8)); /* the signature without its header chunk */
    assert_string_equal(detect(jpeg, sizeof jpeg - 1), "image/jpeg");
    assert_null(detect("\xff\xd8\x00\x00", 4));
    assert_null(detect(elf, sizeof elf - 1));
    assert_null(detect(pe, sizeof pe - 1));
    assert_null(detect("", 0));
    assert_null(detect("GIF89a\x01\0\x01\0", 10));
}

static void test_zip_types(void **state)
{
    (void)state;
    assert_string_equal(zip_type((const char *const[]){"[Content_Types].xml", "_rels/.rels",
                                                       "word/document.xml", NULL},
                                 NULL, 8),
                        DOCX_TYPE);
    assert_string_equal(zip_type((const char *const[]){"[Content_Types].xml", "xl/workbook.xml",
                                                       "xl/worksheets/sheet1.xml", NULL},
                                 NULL, 8),
                        XLSX_TYPE);
    assert_string_equal(
        zip_type((const char *const[]){"[Content_Types].xml", "ppt/presentation.xml", NULL}, NULL,
                 8),
        PPTX_TYPE);
    /* macro-enabled, neither kind of part, a plain zip, a jar */
    assert_null(zip_type((const char *const[]){"[Content_Types].xml", "word/document.xml",
                                               "word/vbaProject.bin", NULL},
                         NULL, 8));
    assert_null(zip_type((const char *const[]){"[Content_Types].xml", "visio/document.xml", NULL},
                         NULL, 8));
    assert_null(zip_type((const char *const[]){"word/document.xml", NULL}, NULL, 8));
    assert_null(zip_type((const char *const[]){"report.exe", "readme.txt", NULL}, NULL, 8));
    assert_null(
        zip_type((const char *const[]){"META-INF/MANIFEST.MF", "a/Main.class", NULL}, NULL, 8));
    /* OpenDocument: mimetype first and stored, one of ODF's types */
    assert_string_equal(
        zip_type((const char *const[]){"mimetype", "content.xml", NULL}, ODT_TYPE, 0), ODT_TYPE);
    assert_string_equal(zip_type((const char *const[]){"mimetype", "content.xml", NULL},
                                 "application/vnd.oasis.opendocument.spreadsheet", 0),
                        "application/vnd.oasis.opendocument.spreadsheet");
    assert_null(zip_type((const char *const[]){"mimetype", "content.xml", NULL}, ODT_TYPE, 8));
    assert_null(zip_type((const char *const[]){"mimetype", "content.xml", NULL},
                         "application/vnd.oasis.opendocument.evil<script>", 0));
    assert_null(zip_type((const char *const[]){"mimetype", "content.xml", NULL},
                         "application/x-msdownload", 0));
    assert_null(zip_type((const char *const[]){"content.xml", "mimetype", NULL}, NULL, 8));
}

static void test_broken_zips(void **state)
{
    struct zip z;
    size_t len;
    (void)state;
    memset(&z, 0, sizeof z);
    zip_add(&z, "[Content_Types].xml", "<x/>", 8);
    zip_add(&z, "word/document.xml", "<x/>", 8);
    len = zip_finish(&z);
    assert_string_equal(detect((const char *)z.buf, len), DOCX_TYPE);
    assert_null(detect((const char *)z.buf, len - 1)); /* the end record cut */
    assert_null(detect((const char *)z.buf, len - 30));
    put16(z.buf + len - 12 - 0, 0);     /* central directory size 0 ... */
    put32(z.buf + len - 6, 0xfffffff0); /* ... at an offset past the end */
    assert_null(detect((const char *)z.buf, len));
    assert_null(detect("PK\x03\x04", 4));
}

/* Every prefix of a docx and an odt (past "PK") is refused, and no byte changed to
 * 0x00 or 0xff makes the reader step outside the buffer (run under SAN=1:
 * AddressSanitizer sees any read past the end). */
static void test_truncated_and_flipped(void **state)
{
    static struct zip z;
    const char *const docx[] = {"[Content_Types].xml", "word/document.xml", NULL};
    const char *const odt[] = {"mimetype", "content.xml", NULL};
    const char *const *samples[] = {docx, odt};
    size_t s, len, i;
    (void)state;
    for (s = 0; s < 2; s++) {
        memset(&z, 0, sizeof z);
        for (i = 0; samples[s][i]; i++)
            zip_add(&z, samples[s][i], s == 1 && i == 0 ? ODT_TYPE : "<x/>",
                    s == 1 && i == 0 ? 0 : 8);
        len = zip_finish(&z);
        assert_non_null(detect((const char *)z.buf, len));
        for (i = 0; i < len; i++) {
            unsigned char *cut = malloc(i ? i : 1); /* exactly i bytes: a read past them is seen */
            const char *type;
            memcpy(cut, z.buf, i);
            type = attachment_detect(cut, i);
            free(cut);
            /* "P" and "PK" are text; from "PK\3" on nothing is taken */
            if (i >= 3 && type != NULL)
                fail_msg("sample %zu cut to %zu bytes was taken as %s", s, i, type);
        }
        for (i = 0; i < len; i++) {
            unsigned char *flipped = malloc(len);
            memcpy(flipped, z.buf, len);
            flipped[i] = 0xff;
            (void)attachment_detect(flipped, len);
            flipped[i] = 0x00;
            (void)attachment_detect(flipped, len);
            free(flipped);
        }
    }
}

static void test_text_types(void **state)
{
    char big[300];
    (void)state;
    assert_string_equal(detect_text("Verslag van de oefening\r\nAlles werkte.\n"), TEXT_TYPE);
    assert_string_equal(detect_text("Caf\xc3\xa9 \xe2\x82\xac 5\t\xf0\x9f\x98\x80\n"), TEXT_TYPE);
    assert_string_equal(detect_text("\xef\xbb\xbfmet BOM\n"), TEXT_TYPE);
    assert_string_equal(detect_text("#!/bin/sh\necho hoi\n"), TEXT_TYPE);
    assert_null(detect_text("\xc3\x28"));         /* a broken sequence */
    assert_null(detect_text("\xc0\xaf"));         /* overlong '/' */
    assert_null(detect_text("\xed\xa0\x80"));     /* a surrogate */
    assert_null(detect_text("\xf4\x90\x80\x80")); /* past U+10FFFF */
    assert_null(detect_text("\xc3"));             /* cut off */
    assert_null(detect("ab\0cd", 5));
    assert_null(detect_text("esc \x1b[31m"));
    assert_null(detect_text("del \x7f"));
    assert_null(detect_text("c1 \xc2\x85"));
    /* markup is refused, also renamed: HTML, XML, SVG, a script anywhere */
    assert_null(detect_text("<!DOCTYPE html><html><body>x</body></html>"));
    assert_null(detect_text("\xef\xbb\xbf \n\t<html>"));
    assert_null(detect_text("<?xml version=\"1.0\"?><svg/>"));
    assert_null(detect_text("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"));
    assert_null(detect_text("Hallo\n<ScRiPt>alert(1)</script>\n"));
    assert_null(detect_text("tekst met <HTML> erin"));
    assert_string_equal(detect_text("a < b en c > d\n"), TEXT_TYPE);
    /* CSV: two records or more, the same number of fields, more than one */
    assert_string_equal(detect_text("maatregel,kosten\nnoodstroom,300000\n"), CSV_TYPE);
    assert_string_equal(
        detect_text("a,b,c\r\n1,\"x, y\",3\r\n\"met \"\"aanhalingstekens\"\"\",,\r\n"), CSV_TYPE);
    assert_string_equal(detect_text("a,b\n\n1,2\n"), CSV_TYPE); /* a blank line is skipped */
    assert_string_equal(detect_text("a,b\n1\n"), TEXT_TYPE);
    assert_string_equal(detect_text("a,b\n"), TEXT_TYPE);
    assert_string_equal(detect_text("a\nb\n"), TEXT_TYPE);
    assert_string_equal(detect_text("a;b\n1;2\n"), TEXT_TYPE);
    assert_string_equal(detect_text("a,\"b\n1,2\n"), TEXT_TYPE); /* an open quote */
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_string_equal(detect_text(big), TEXT_TYPE);
}

static void test_names(void **state)
{
    char name[202];
    struct error e = {0};
    (void)state;
    assert_int_equal(attachment_check_name("rapport 2026.pdf", &e), 0);
    assert_int_equal(attachment_check_name("Caf\xc3\xa9-verslag.docx", &e), 0);
    assert_int_equal(attachment_check_name(".verborgen", &e), 0);
    memset(name, 'a', 200);
    name[200] = '\0';
    assert_int_equal(attachment_check_name(name, &e), 0);
    name[200] = 'a';
    name[201] = '\0';
    assert_int_equal(attachment_check_name(name, &e), ERR_INVALID);
    assert_string_equal(e.id, "attachment_name");
    static const char *const bad[] = {"",          ".",          "..",   "a/b.pdf", "/etc",
                                      "..\\x.pdf", "a\nb.txt",   "a\tb", "a\x1b",   "del\x7f.txt",
                                      "\xc3\x28",  "c1\xc2\x85", NULL};
    for (size_t i = 0; bad[i]; i++) {
        if (attachment_check_name(bad[i], &e) != ERR_INVALID)
            fail_msg("name %zu '%s' taken", i, bad[i]);
    }
    assert_int_equal(attachment_check_name(NULL, &e), ERR_INVALID);
}

static void test_parents(void **state)
{
    (void)state;
    assert_true(attachment_parent_allowed(model_kind_find("measures")));
    assert_true(attachment_parent_allowed(model_kind_find("reviews")));
    assert_true(attachment_parent_allowed(model_kind_find("contributions")));
    assert_false(attachment_parent_allowed(model_kind_find("risks")));
    assert_false(attachment_parent_allowed(model_kind_find("settings")));
    assert_false(attachment_parent_allowed(NULL));
}

static struct access *as(struct store *s, const char *role, const char *org, const char *scope)
{
    struct store_user u;
    struct access *a = NULL;
    struct error e = {0};
    char *scopes[1] = {(char *)scope};
    memset(&u, 0, sizeof u);
    snprintf(u.id, sizeof u.id, "%s-%s", role, org);
    snprintf(u.role, sizeof u.role, "%s", role);
    snprintf(u.org, sizeof u.org, "%s", org);
    snprintf(u.clearance, sizeof u.clearance, "%s", "secret");
    u.scope = scope ? scopes : NULL;
    u.n_scope = scope ? 1 : 0;
    assert_int_equal(access_new(s, &u, &a, &e), 0);
    return a;
}

static int add(struct store *s, struct access *a, const char *kind, const char *id,
               const char *text, struct store_attachment *out, struct error *e)
{
    struct attachment_new n = {
        model_kind_find(kind),           id, "verslag.txt", text, strlen(text),
        a ? access_user(a) : "cli:test", a,  NULL};
    int rc;
    assert_int_equal(store_begin(s, e), 0);
    rc = attachment_add(s, &n, out, e);
    if (rc == 0)
        assert_int_equal(store_commit(s, e), 0);
    else
        store_rollback(s);
    return rc;
}

/* m-batteries: a measure of telecom (EZK), internal, owned by ezk. */
static void test_access(void **state)
{
    struct store *s = testutil_store_from_fixture("full.json");
    struct access *ezk = as(s, "department", "ezk", NULL),
                  *jenv = as(s, "department", "jenv", NULL),
                  *grid = as(s, "provider", "grid-co", NULL),
                  *aud = as(s, "auditor", "nctv", "telecom"),
                  *aud_other = as(s, "auditor", "nctv", "power");
    struct store_attachment stored, gone, *got = NULL;
    struct error e = {0};
    (void)state;

    assert_int_equal(add(s, ezk, "measures", "m-batteries", "Testverslag\n", &stored, &e), 0);
    assert_int_equal(stored.size, 12);
    assert_string_equal(stored.media_type, TEXT_TYPE);
    assert_string_equal(stored.owner, "ezk");
    assert_string_equal(stored.classification, "internal");
    assert_string_equal(stored.uploaded_by, "department-ezk");
    assert_int_equal(strlen(stored.sha256), 64);
    /* another ministry, a provider of another process: as if absent */
    assert_int_equal(add(s, jenv, "measures", "m-batteries", "x\n", &gone, &e), ERR_NOTFOUND);
    assert_int_equal(add(s, grid, "measures", "m-batteries", "x\n", &gone, &e), ERR_NOTFOUND);
    /* the auditor of the process reads but never writes */
    assert_int_equal(add(s, aud, "measures", "m-batteries", "x\n", &gone, &e), ERR_FORBIDDEN);
    assert_int_equal(add(s, ezk, "risks", "r-1", "x\n", &gone, &e), ERR_INVALID);
    assert_string_equal(e.id, "attachment_kind");
    assert_int_equal(add(s, ezk, "measures", "no-such", "x\n", &gone, &e), ERR_NOTFOUND);
    assert_int_equal(add(s, ezk, "measures", "m-batteries", "", &gone, &e), ERR_INVALID);
    assert_int_equal(add(s, ezk, "measures", "m-batteries", "<html>", &gone, &e), ERR_MEDIA_TYPE);
    assert_string_equal(e.id, "attachment_type");

    assert_int_equal(attachment_get(s, aud, stored.id, 1, &got, &e), 0);
    assert_memory_equal(got->content, "Testverslag\n", 12);
    store_attachment_free(got);
    got = NULL;
    assert_int_equal(attachment_get(s, jenv, stored.id, 0, &got, &e), ERR_NOTFOUND);
    assert_int_equal(attachment_get(s, grid, stored.id, 0, &got, &e), ERR_NOTFOUND);
    assert_int_equal(attachment_get(s, aud_other, stored.id, 0, &got, &e), ERR_NOTFOUND);
    assert_int_equal(attachment_get(s, ezk, stored.id + 100, 0, &got, &e), ERR_NOTFOUND);
    assert_null(got);

    assert_int_equal(store_begin(s, &e), 0);
    assert_int_equal(attachment_remove(s, jenv, stored.id, &gone, &e), ERR_NOTFOUND);
    assert_int_equal(attachment_remove(s, aud, stored.id, &gone, &e), ERR_FORBIDDEN);
    assert_int_equal(attachment_remove(s, ezk, stored.id, &gone, &e), 0);
    assert_int_equal(gone.id, stored.id);
    assert_int_equal(store_commit(s, &e), 0);
    assert_int_equal(attachment_get(s, NULL, stored.id, 0, &got, &e), ERR_NOTFOUND);

    access_free(ezk);
    access_free(jenv);
    access_free(grid);
    access_free(aud);
    access_free(aud_other);
    store_close(s);
}

static void test_size_limit(void **state)
{
    struct store *s = testutil_store_from_fixture("full.json");
    struct store_attachment stored;
    struct error e = {0};
    int64_t max = 0;
    json_t *setting = json_pack("{ss ss ss ss}", "id", ATTACHMENT_SETTING, "value", "10",
                                "classification", "public", "owner", "nctv");
    (void)state;
    assert_int_equal(attachment_max_bytes(s, &max, &e), 0);
    assert_int_equal(max, ATTACHMENT_MAX_DEFAULT);
    assert_int_equal(store_begin(s, &e), 0);
    assert_int_equal(
        store_record_put(s, model_kind_find("settings"), setting, &testutil_change, NULL, &e), 0);
    assert_int_equal(store_commit(s, &e), 0);
    json_decref(setting);
    assert_int_equal(add(s, NULL, "measures", "m-batteries", "0123456789", &stored, &e), 0);
    assert_int_equal(add(s, NULL, "measures", "m-batteries", "0123456789A", &stored, &e),
                     ERR_TOO_LARGE);
    assert_string_equal(e.id, "attachment_too_large");
    assert_string_equal(e.params[0].value, "10");
    store_close(s);
}

static void test_sha256(void **state)
{
    char hex[65];
    (void)state;
    attachment_sha256_hex("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_binary_types), cmocka_unit_test(test_zip_types),
        cmocka_unit_test(test_broken_zips),  cmocka_unit_test(test_truncated_and_flipped),
        cmocka_unit_test(test_text_types),   cmocka_unit_test(test_names),
        cmocka_unit_test(test_parents),      cmocka_unit_test(test_access),
        cmocka_unit_test(test_size_limit),   cmocka_unit_test(test_sha256),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
