/*
 * audit.c — appending to and verifying the MAC chain (see audit.h).
 */
#include "domain/audit.h"

#include "base/strbuf.h"
#include "base/timefmt.h"
#include "domain/audit_journal.h"
#include "store/audit.h"
#include "store/store.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

void audit_key_base(const char *db_path, char *out, size_t size)
{
    const char *dir = getenv("VITAAL_KEYS");
    char name[256];
    if (!store_is_pg_url(db_path)) {
        snprintf(out, size, "%s", db_path);
        return;
    }
    store_pg_dbname(db_path, name, sizeof name);
    /* a name is not a path: no folders out of it */
    for (char *c = name; *c; c++)
        if (*c == '/')
            *c = '_';
    snprintf(out, size, "%s/%s", dir && *dir ? dir : ".", name);
}

int audit_open(const char *db_path, int create, struct audit_log *out, struct error *e)
{
    char path[4096], base[4000];
    int fd;
    ssize_t n;

    if (sodium_init() < 0)
        return error_set(e, ERR_INTERNAL, NULL, "libsodium failed to start");
    audit_key_base(db_path, base, sizeof base);
    snprintf(out->journal, sizeof out->journal, "%s.readlog", base);
    audit_anchor_defaults(db_path, &out->anchor);
    snprintf(path, sizeof path, "%s.auditkey", base);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT && create) {
        randombytes_buf(out->key, sizeof out->key);
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0)
            return error_set(e, ERR_IO, path, "cannot create the audit key: %s", strerror(errno));
        n = write(fd, out->key, sizeof out->key);
        if (close(fd) != 0 || n != (ssize_t)sizeof out->key)
            return error_set(e, ERR_IO, path, "cannot write the audit key");
        return 0;
    }
    if (fd < 0)
        return error_set(e, ERR_IO, path,
                         "cannot read the audit key (%s); without it the audit log cannot be "
                         "written or verified",
                         strerror(errno));
    n = read(fd, out->key, sizeof out->key);
    close(fd);
    if (n != (ssize_t)sizeof out->key)
        return error_set(e, ERR_INVALID, path, "the audit key must be %d bytes", AUDIT_KEY_BYTES);
    return 0;
}

/* The bytes the MAC covers: every field length-prefixed, so no two different
 * entries serialise alike; NULL differs from "". */
static void serialise(struct strbuf *b, const char *tag, int64_t seq, const char *at,
                      const char *actor, const char *address, const char *action, const char *kind,
                      const char *record, const char *detail, const char *prev)
{
    const char *fields[] = {at, actor, address, action, kind, record, detail, prev};
    size_t i;
    strbuf_printf(b, "%s|%lld|", tag, (long long)seq);
    for (i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        if (fields[i])
            strbuf_printf(b, "%zu:%s|", strlen(fields[i]), fields[i]);
        else
            strbuf_puts(b, "-|");
    }
}

void audit_entry_mac(const struct audit_log *log, const char *tag,
                     const struct store_audit_entry *a, char hex[129])
{
    struct strbuf b = STRBUF_INIT;
    unsigned char mac[32];
    serialise(&b, tag, a->seq, a->at, a->actor, a->address, a->action, a->kind, a->record,
              a->detail, a->prev);
    crypto_generichash(mac, sizeof mac, (const unsigned char *)strbuf_str(&b), b.len, log->key,
                       sizeof log->key);
    sodium_bin2hex(hex, 129, mac, sizeof mac);
    strbuf_release(&b);
}

int audit_append_at(struct audit_log *log, struct store *s, const struct audit_event *ev,
                    const char *at, struct error *e)
{
    struct store_audit_entry entry;
    char prev[129], mac[129], now[32];
    int64_t seq;
    int rc;

    if ((rc = store_audit_last(s, &seq, prev, e)) != 0)
        return rc;
    if (at == NULL) {
        timefmt_format_datetime((int64_t)time(NULL), now);
        at = now;
    }
    entry.seq = seq + 1;
    entry.at = at;
    entry.actor = ev->actor;
    entry.address = ev->address;
    entry.action = ev->action;
    entry.kind = ev->kind;
    entry.record = ev->record;
    entry.detail = ev->detail;
    entry.prev = prev;
    audit_entry_mac(log, AUDIT_TAG, &entry, mac);
    entry.mac = mac;
    return store_audit_append(s, &entry, e);
}

int audit_append(struct audit_log *log, struct store *s, const struct audit_event *ev,
                 struct error *e)
{
    int rc;
    /* a read while another writer holds the lock: its entry goes to the
     * read journal, durable before the answer; the next writer folds it */
    if (store_reading(s))
        return audit_journal_append(log, ev, e);
    /* a writer first folds what readers left in the journal, so the chain
     * keeps the order things happened in: once per transaction (an import
     * appends an entry per record; reads during it wait for the next) */
    if (store_holds_write(s) && store_once_per_transaction(s) &&
        (rc = audit_journal_fold(log, s, e)) != 0)
        return rc;
    return audit_append_at(log, s, ev, NULL, e);
}

struct verify {
    struct audit_log *log;
    struct audit_check *out;
    int64_t expected_seq;
    char prev[129];
};

static int check_entry(void *ctx, const struct store_audit_entry *a)
{
    struct verify *v = ctx;
    char mac[129];

    v->out->entries++;
    if (a->seq != v->expected_seq) {
        snprintf(v->out->problem, sizeof v->out->problem,
                 "entry %lld follows %lld: entries were removed or inserted", (long long)a->seq,
                 (long long)(v->expected_seq - 1));
        v->out->first_bad = a->seq;
        return 1;
    }
    if (strcmp(a->prev, v->prev) != 0) {
        snprintf(v->out->problem, sizeof v->out->problem,
                 "entry %lld does not follow the one before it (removed or reordered)",
                 (long long)a->seq);
        v->out->first_bad = a->seq;
        return 1;
    }
    audit_entry_mac(v->log, AUDIT_TAG, a, mac);
    if (strlen(a->mac) != 64 || sodium_memcmp(mac, a->mac, 64) != 0) {
        snprintf(v->out->problem, sizeof v->out->problem,
                 "entry %lld was changed (its MAC does not match)", (long long)a->seq);
        v->out->first_bad = a->seq;
        return 1;
    }
    snprintf(v->prev, sizeof v->prev, "%s", a->mac);
    v->expected_seq++;
    return 0;
}

int audit_verify(struct audit_log *log, struct store *s, struct audit_check *out, struct error *e)
{
    struct verify v = {log, out, 1, ""};
    int rc;
    memset(out, 0, sizeof *out);
    rc = store_audit_each(s, 0, 0, check_entry, &v, e);
    if (rc == 1)
        rc = 0; /* stopped at the first broken entry */
    snprintf(out->head_mac, sizeof out->head_mac, "%s", v.prev);
    return rc;
}

void audit_version_detail(char *buf, size_t size, int64_t version, const char *more)
{
    snprintf(buf, size, "version %" PRId64 "%s%s", version, more ? "; " : "", more ? more : "");
}
