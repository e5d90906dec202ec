/*
 * audit_checkpoint.c — signed checkpoints of the audit chain's head, kept
 * apart from the database (see audit_checkpoint.h).
 */
#include "domain/audit_checkpoint.h"

#include "domain/audit.h"

#include "base/file.h"
#include "base/strbuf.h"
#include "base/timefmt.h"
#include "store/audit.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#define LINE_MAGIC    "vitaal-checkpoint-1"
#define MARK_MAGIC    "vitaal-readlog-mark-1"
#define SIGN_PREFIX   "vitaal-audit-sign-key-1 "
#define VERIFY_PREFIX "vitaal-audit-verify-key-1 "

static void set_path(char *dst, size_t size, const char *env, const char *db, const char *suffix)
{
    const char *v = getenv(env);
    if (v && *v)
        snprintf(dst, size, "%s", v);
    else
        snprintf(dst, size, "%s%s", db, suffix);
}

void audit_anchor_defaults(const char *db_path, struct audit_anchor *out)
{
    char base[4000];
    audit_key_base(db_path, base, sizeof base);
    db_path = base;
    set_path(out->sign_key, sizeof out->sign_key, "VITAAL_AUDIT_SIGN_KEY", db_path, ".signkey");
    set_path(out->verify_key, sizeof out->verify_key, "VITAAL_AUDIT_VERIFY_KEY", db_path,
             ".signkey.pub");
    set_path(out->checkpoints, sizeof out->checkpoints, "VITAAL_AUDIT_CHECKPOINTS", db_path,
             ".checkpoints");
}

/* Reads the one-line key file at path (prefix, then base64 of n bytes). */
static int read_key(const char *path, const char *prefix, unsigned char *bin, size_t n,
                    struct error *e)
{
    char *text = NULL;
    size_t len = 0, got = 0;
    int rc = file_read_all(path, 4096, &text, &len, e);
    if (rc != 0)
        return rc;
    text[strcspn(text, "\r\n")] = '\0';
    if (strncmp(text, prefix, strlen(prefix)) != 0 ||
        sodium_base642bin(bin, n, text + strlen(prefix), strlen(text + strlen(prefix)), NULL, &got,
                          NULL, sodium_base64_VARIANT_ORIGINAL) != 0 ||
        got != n)
        rc = error_set(e, ERR_INVALID, path, "not a vitaal audit %s key file",
                       strcmp(prefix, SIGN_PREFIX) == 0 ? "signing" : "verify");
    sodium_memzero(text, len);
    free(text);
    return rc;
}

static int write_key(const char *path, const char *prefix, const unsigned char *bin, size_t n,
                     mode_t mode, struct error *e)
{
    char b64[sodium_base64_ENCODED_LEN(crypto_sign_SECRETKEYBYTES, sodium_base64_VARIANT_ORIGINAL)];
    struct strbuf line = STRBUF_INIT;
    int rc;
    sodium_bin2base64(b64, sizeof b64, bin, n, sodium_base64_VARIANT_ORIGINAL);
    strbuf_printf(&line, "%s%s\n", prefix, b64);
    rc = file_write_private(path, line.data, line.len, e);
    if (rc == 0 && chmod(path, mode) != 0)
        rc = error_set(e, ERR_IO, path, "cannot set its mode: %s", strerror(errno));
    sodium_memzero(line.data, line.len);
    sodium_memzero(b64, sizeof b64);
    strbuf_release(&line);
    return rc;
}

/* The signing key, made (with its verify key) on first use. */
static int signing_key(const struct audit_anchor *a, unsigned char sk[crypto_sign_SECRETKEYBYTES],
                       struct error *e)
{
    unsigned char pk[crypto_sign_PUBLICKEYBYTES];
    int rc;
    if (access(a->sign_key, F_OK) == 0)
        return read_key(a->sign_key, SIGN_PREFIX, sk, crypto_sign_SECRETKEYBYTES, e);
    if (crypto_sign_keypair(pk, sk) != 0)
        return error_set(e, ERR_INTERNAL, NULL, "cannot make a signing key");
    /* the secret one readable by its owner alone and never rewritten; the
     * verify key is public: hand it to whoever checks the log */
    if ((rc = write_key(a->sign_key, SIGN_PREFIX, sk, crypto_sign_SECRETKEYBYTES, 0400, e)) == 0)
        rc = write_key(a->verify_key, VERIFY_PREFIX, pk, sizeof pk, 0644, e);
    return rc;
}

/* The signed text of a checkpoint. */
static void statement(struct strbuf *b, const char *at, int64_t seq, const char *mac,
                      const char *reason)
{
    strbuf_printf(b, "%s %s %lld %s %s", LINE_MAGIC, at, (long long)seq, mac[0] ? mac : "-",
                  reason);
}

struct checkpoint_line {
    char at[32];
    long long seq;
    char mac[129];
    char reason[16];
    char sig[200];
};

static int parse_line(const char *line, struct checkpoint_line *c)
{
    char magic[32];
    memset(c, 0, sizeof *c);
    return sscanf(line, "%31s %31s %lld %128s %15s %199s", magic, c->at, &c->seq, c->mac, c->reason,
                  c->sig) == 6 &&
           strcmp(magic, LINE_MAGIC) == 0;
}

/* The whole checkpoint file in *text (free it), or NULL when there is none
 * yet: no checkpoint was ever written. */
static int read_checkpoints(const struct audit_anchor *a, char **text, struct error *e)
{
    size_t len = 0;
    int rc = file_read_all(a->checkpoints, (size_t)1 << 30, text, &len, e);
    if (rc == ERR_NOTFOUND) {
        error_clear(e);
        *text = NULL;
        return 0;
    }
    return rc;
}

/* The last checkpoint line of the file into *c; 0 with c->seq = -1 when
 * there is none. */
static int last_line(const struct audit_anchor *a, struct checkpoint_line *c, struct error *e)
{
    char *text = NULL, *line, *save = NULL;
    int rc = read_checkpoints(a, &text, e);
    memset(c, 0, sizeof *c);
    c->seq = -1;
    if (rc != 0 || text == NULL)
        return rc;
    for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        struct checkpoint_line parsed;
        if (parse_line(line, &parsed))
            *c = parsed;
    }
    free(text);
    return 0;
}

int audit_checkpoint_last(const struct audit_anchor *a, int64_t *seq, struct error *e)
{
    struct checkpoint_line c;
    int rc = last_line(a, &c, e);
    *seq = c.seq < 0 ? 0 : c.seq;
    return rc;
}

int audit_checkpoint(const struct audit_anchor *a, struct store *s, const char *reason,
                     int *written, struct error *e)
{
    unsigned char sk[crypto_sign_SECRETKEYBYTES], sig[crypto_sign_BYTES];
    char mac[129], at[32],
        sig_b64[sodium_base64_ENCODED_LEN(crypto_sign_BYTES, sodium_base64_VARIANT_ORIGINAL)];
    struct checkpoint_line last;
    struct strbuf b = STRBUF_INIT;
    int64_t seq;
    int rc, fd = -1;

    *written = 0;
    if (sodium_init() < 0)
        return error_set(e, ERR_INTERNAL, NULL, "libsodium cannot start");
    if ((rc = store_audit_last(s, &seq, mac, e)) != 0 || (rc = last_line(a, &last, e)) != 0)
        return rc;
    if (last.seq == seq && strcmp(last.mac, mac[0] ? mac : "-") == 0 &&
        strcmp(reason, "start") != 0 && strcmp(reason, "stop") != 0)
        return 0; /* nothing new since the last one */
    if ((rc = signing_key(a, sk, e)) != 0)
        goto cleanup;
    timefmt_format_datetime((int64_t)time(NULL), at);
    statement(&b, at, seq, mac, reason);
    crypto_sign_detached(sig, NULL, (const unsigned char *)b.data, b.len, sk);
    sodium_bin2base64(sig_b64, sizeof sig_b64, sig, sizeof sig, sodium_base64_VARIANT_ORIGINAL);
    strbuf_printf(&b, " %s\n", sig_b64);
    /* one write of one line with O_APPEND: the server and a CLI writer may
     * append at once without mixing their lines */
    fd = open(a->checkpoints, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        rc = error_set(e, ERR_IO, a->checkpoints, "cannot write a checkpoint: %s", strerror(errno));
        goto cleanup;
    }
    if (write(fd, b.data, b.len) != (ssize_t)b.len || fsync(fd) != 0) {
        rc = error_set(e, ERR_IO, a->checkpoints, "cannot write a checkpoint: %s", strerror(errno));
        goto cleanup;
    }
    syslog(LOG_NOTICE, "vitaal audit checkpoint %s seq=%lld mac=%s (%s)", at, (long long)seq,
           mac[0] ? mac : "-", reason);
    *written = 1;
cleanup:
    if (fd >= 0)
        close(fd);
    sodium_memzero(sk, sizeof sk);
    strbuf_release(&b);
    return rc;
}

struct find_entry {
    int64_t seq;
    int found;
    char mac[129];
};

static int take_entry(void *ctx, const struct store_audit_entry *entry)
{
    struct find_entry *f = ctx;
    if (entry->seq == f->seq) {
        f->found = 1;
        snprintf(f->mac, sizeof f->mac, "%s", entry->mac);
    }
    return 1; /* one is enough */
}

int audit_checkpoint_verify(const struct audit_anchor *a, struct store *s,
                            struct audit_anchor_check *out, struct error *e)
{
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sig[crypto_sign_BYTES];
    char *text = NULL, *line, *save = NULL, head_mac[129];
    size_t got = 0;
    int64_t head_seq, n = 0, count = 0;
    int rc;

    memset(out, 0, sizeof *out);
    if (sodium_init() < 0)
        return error_set(e, ERR_INTERNAL, NULL, "libsodium cannot start");
    if ((rc = read_checkpoints(a, &text, e)) != 0 || text == NULL)
        return rc;
    if ((rc = read_key(a->verify_key, VERIFY_PREFIX, pk, sizeof pk, e)) != 0 ||
        (rc = store_audit_last(s, &head_seq, head_mac, e)) != 0)
        goto cleanup;
    for (line = strtok_r(text, "\n", &save); line && !out->problem[0];
         line = strtok_r(NULL, "\n", &save)) {
        struct checkpoint_line c;
        struct strbuf b = STRBUF_INIT;
        struct find_entry f = {0};
        int good;
        n++;
        if (strncmp(line, MARK_MAGIC " ", strlen(MARK_MAGIC) + 1) == 0)
            continue; /* the read journal's, checked by audit_journal_mark_last */
        if (!parse_line(line, &c)) {
            snprintf(out->problem, sizeof out->problem,
                     "checkpoint line %lld is not a checkpoint: the file was changed",
                     (long long)n);
            break;
        }
        statement(&b, c.at, c.seq, strcmp(c.mac, "-") == 0 ? "" : c.mac, c.reason);
        good = sodium_base642bin(sig, sizeof sig, c.sig, strlen(c.sig), NULL, &got, NULL,
                                 sodium_base64_VARIANT_ORIGINAL) == 0 &&
               got == sizeof sig &&
               crypto_sign_verify_detached(sig, (const unsigned char *)b.data, b.len, pk) == 0;
        strbuf_release(&b);
        if (!good) {
            snprintf(out->problem, sizeof out->problem,
                     "checkpoint line %lld (%s) does not carry a valid signature: the "
                     "checkpoint file was changed, or signed with another key",
                     (long long)n, c.at);
            break;
        }
        out->checkpoints = ++count;
        out->last_seq = c.seq;
        snprintf(out->last_at, sizeof out->last_at, "%s", c.at);
        if (c.seq == 0)
            continue;
        if (head_seq == 0) {
            snprintf(out->problem, sizeof out->problem,
                     "the audit log is empty, but the checkpoint of %s saw %lld entries: the "
                     "log was deleted",
                     c.at, c.seq);
            break;
        }
        if (c.seq > head_seq) {
            snprintf(out->problem, sizeof out->problem,
                     "the audit log ends at entry %lld, but the checkpoint of %s saw entry %lld: "
                     "entries were cut off the end",
                     (long long)head_seq, c.at, c.seq);
            break;
        }
        f.seq = c.seq;
        if ((rc = store_audit_each(s, c.seq - 1, 1, take_entry, &f, e)) != 0 && rc != 1)
            goto cleanup;
        rc = 0;
        if (!f.found || strcmp(f.mac, c.mac) != 0)
            snprintf(out->problem, sizeof out->problem,
                     "entry %lld is not the one the checkpoint of %s signed (its MAC differs): "
                     "the chain was forged again",
                     c.seq, c.at);
    }
cleanup:
    free(text);
    return rc;
}

/* The signed text of a journal mark. */
static void mark_statement(struct strbuf *b, const struct audit_journal_mark *m)
{
    strbuf_printf(b, "%s %s %s %s %lld %s %s %lld %s", MARK_MAGIC, m->at, m->reason,
                  m->generation[0] ? m->generation : "-", (long long)m->n, m->mac[0] ? m->mac : "-",
                  m->from_generation[0] ? m->from_generation : "-", (long long)m->from_n,
                  m->from_mac[0] ? m->from_mac : "-");
}

static void dash_empty(char *field)
{
    if (strcmp(field, "-") == 0)
        field[0] = '\0';
}

static int parse_mark(const char *line, struct audit_journal_mark *m, char sig[200])
{
    char magic[32];
    long long n, from_n;
    memset(m, 0, sizeof *m);
    if (sscanf(line, "%31s %31s %15s %32s %lld %128s %32s %lld %128s %199s", magic, m->at,
               m->reason, m->generation, &n, m->mac, m->from_generation, &from_n, m->from_mac,
               sig) != 10 ||
        strcmp(magic, MARK_MAGIC) != 0)
        return 0;
    m->n = n;
    m->from_n = from_n;
    dash_empty(m->generation);
    dash_empty(m->mac);
    dash_empty(m->from_generation);
    dash_empty(m->from_mac);
    return 1;
}

int audit_journal_mark_append(const struct audit_anchor *a, struct audit_journal_mark *m,
                              struct error *e)
{
    unsigned char sk[crypto_sign_SECRETKEYBYTES], sig[crypto_sign_BYTES];
    char sig_b64[sodium_base64_ENCODED_LEN(crypto_sign_BYTES, sodium_base64_VARIANT_ORIGINAL)];
    struct strbuf b = STRBUF_INIT;
    int rc, fd = -1;

    if (sodium_init() < 0)
        return error_set(e, ERR_INTERNAL, NULL, "libsodium cannot start");
    if ((rc = signing_key(a, sk, e)) != 0)
        goto cleanup;
    timefmt_format_datetime((int64_t)time(NULL), m->at);
    mark_statement(&b, m);
    crypto_sign_detached(sig, NULL, (const unsigned char *)b.data, b.len, sk);
    sodium_bin2base64(sig_b64, sizeof sig_b64, sig, sizeof sig, sodium_base64_VARIANT_ORIGINAL);
    strbuf_printf(&b, " %s\n", sig_b64);
    /* one write with O_APPEND, like a checkpoint; durable before the read
     * it marks is answered */
    fd = open(a->checkpoints, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0 || write(fd, b.data, b.len) != (ssize_t)b.len || fdatasync(fd) != 0) {
        rc = error_set(e, ERR_IO, a->checkpoints, "cannot mark the read journal: %s",
                       strerror(errno));
        goto cleanup;
    }
cleanup:
    if (fd >= 0)
        close(fd);
    sodium_memzero(sk, sizeof sk);
    strbuf_release(&b);
    return rc;
}

#define MARK_TAIL 65536 /* bytes at the end of the file looked at first */

/* The last mark within the file's last MARK_TAIL bytes: 1 when found (or
 * the whole file was looked at, *last then "" when it has none), 0 when
 * the whole file must be read. Reads during a busy spell find it here: the
 * checkpoint file only grows. */
static int tail_mark(const struct audit_anchor *a, struct audit_journal_mark *last)
{
    char buf[MARK_TAIL + 1], *line, *end;
    struct stat st;
    off_t from;
    ssize_t got;
    int fd = open(a->checkpoints, O_RDONLY | O_CLOEXEC), found = 0;
    if (fd < 0)
        return 0;
    if (fstat(fd, &st) != 0 || st.st_size < 0) {
        close(fd);
        return 0;
    }
    from = st.st_size > MARK_TAIL ? st.st_size - MARK_TAIL : 0;
    got = pread(fd, buf, MARK_TAIL, from);
    close(fd);
    if (got < 0)
        return 0;
    buf[got] = '\0';
    line = buf;
    if (from > 0 && (line = strchr(buf, '\n')) != NULL)
        line++; /* the first line may be cut */
    for (; line && *line; line = end ? end + 1 : NULL) {
        struct audit_journal_mark m;
        char sig_b64[200];
        if ((end = strchr(line, '\n')) != NULL)
            *end = '\0';
        if (parse_mark(line, &m, sig_b64)) {
            *last = m;
            found = 1;
        }
    }
    return found || from == 0;
}

int audit_journal_mark_last(const struct audit_anchor *a, int verify,
                            struct audit_journal_mark *last, char *problem, size_t size,
                            struct error *e)
{
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sig[crypto_sign_BYTES];
    char *text = NULL, *line, *save = NULL;
    size_t got = 0;
    int rc, have_pk = 0;
    int64_t n = 0;

    memset(last, 0, sizeof *last);
    problem[0] = '\0';
    if (sodium_init() < 0)
        return error_set(e, ERR_INTERNAL, NULL, "libsodium cannot start");
    if (!verify && tail_mark(a, last))
        return 0;
    memset(last, 0, sizeof *last);
    if ((rc = read_checkpoints(a, &text, e)) != 0 || text == NULL)
        return rc;
    for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        struct audit_journal_mark m;
        struct strbuf b = STRBUF_INIT;
        char sig_b64[200];
        int good;
        n++;
        if (strncmp(line, MARK_MAGIC " ", strlen(MARK_MAGIC) + 1) != 0)
            continue;
        if (!parse_mark(line, &m, sig_b64)) {
            if (verify && !problem[0])
                snprintf(problem, size,
                         "checkpoint line %lld is not a read journal mark: the file was changed",
                         (long long)n);
            continue;
        }
        if (verify && !problem[0]) {
            if (!have_pk) {
                if ((rc = read_key(a->verify_key, VERIFY_PREFIX, pk, sizeof pk, e)) != 0)
                    goto cleanup;
                have_pk = 1;
            }
            mark_statement(&b, &m);
            good = sodium_base642bin(sig, sizeof sig, sig_b64, strlen(sig_b64), NULL, &got, NULL,
                                     sodium_base64_VARIANT_ORIGINAL) == 0 &&
                   got == sizeof sig &&
                   crypto_sign_verify_detached(sig, (const unsigned char *)b.data, b.len, pk) == 0;
            strbuf_release(&b);
            if (!good)
                snprintf(problem, size,
                         "checkpoint line %lld (a read journal mark of %s) does not carry a valid "
                         "signature: the checkpoint file was changed",
                         (long long)n, m.at);
        }
        *last = m;
    }
cleanup:
    free(text);
    return rc;
}
