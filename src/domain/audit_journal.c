/*
 * audit_journal.c — the read journal: appending, folding into the audit
 * table, checking (see audit_journal.h).
 */
#include "domain/audit_journal.h"

#include "base/timefmt.h"
#include "base/xmalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <libgen.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define JOURNAL_FORMAT "vitaal-readlog-1"
/* A journal holds the reads of one busy spell: far below this */
#define JOURNAL_MAX ((size_t)256 << 20)

/* The journal as read: its valid entries and what is wrong after them. */
struct journal {
    int fd;              /* open and locked; -1: no file */
    char generation[33]; /* "" when the file has no header */
    json_t *entries;     /* the entries whose chain holds, in order */
    size_t lines;        /* complete entry lines (valid or not) */
    off_t complete;      /* bytes up to the last complete line */
    off_t size;          /* bytes in the file */
    char last_mac[129];  /* of the last valid entry, "" for none */
    char problem[256];   /* "" when the chain holds */
};

static void journal_close(struct journal *j)
{
    if (j->fd >= 0)
        close(j->fd); /* drops the flock */
    json_decref(j->entries);
    j->fd = -1;
    j->entries = NULL;
}

/* Opens and locks the journal at path (created with create, else *fd = -1
 * when there is none). Once locked, the file must still be the one at path:
 * a writer may have removed it while we waited. */
static int journal_lock(const char *path, int create, int *fd, struct error *e)
{
    struct stat held, named;
    int tries;
    *fd = -1;
    for (tries = 0; tries < 100; tries++) {
        int f = open(path, O_RDWR | O_CLOEXEC | (create ? O_CREAT : 0), 0600);
        if (f < 0 && errno == ENOENT && !create)
            return 0;
        if (f < 0)
            return error_set(e, ERR_IO, path, "cannot open the read journal: %s", strerror(errno));
        if (flock(f, LOCK_EX) != 0) {
            close(f);
            return error_set(e, ERR_IO, path, "cannot lock the read journal: %s", strerror(errno));
        }
        if (fstat(f, &held) == 0 && held.st_nlink > 0 && stat(path, &named) == 0 &&
            held.st_ino == named.st_ino && held.st_dev == named.st_dev) {
            *fd = f;
            return 0;
        }
        close(f);
        if (!create && stat(path, &named) != 0)
            return 0;
    }
    return error_set(e, ERR_IO, path, "the read journal keeps changing under us");
}

static const char *text(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

/* An entry object as a store_audit_entry (pointers into o). */
static void as_entry(const json_t *o, struct store_audit_entry *a)
{
    a->seq = json_integer_value(json_object_get(o, "n"));
    a->at = text(o, "at");
    a->actor = text(o, "actor");
    a->address = text(o, "address");
    a->action = text(o, "action");
    a->kind = text(o, "kind");
    a->record = text(o, "record");
    a->detail = text(o, "detail");
    a->prev = text(o, "prev");
    a->mac = text(o, "mac");
}

static void journal_tag(const char *generation, char tag[64])
{
    snprintf(tag, 64, "%s %s", JOURNAL_FORMAT, generation);
}

/* Checks one entry line against the chain so far; "" in problem when it
 * holds. */
static void check_line(const struct audit_log *log, struct journal *j, const json_t *o,
                       char *problem, size_t size)
{
    struct store_audit_entry a;
    char tag[64], mac[129];
    size_t n = json_array_size(j->entries) + 1;
    problem[0] = '\0';
    if (!json_is_object(o)) {
        snprintf(problem, size, "line %zu is not an entry", j->lines + 1);
        return;
    }
    as_entry(o, &a);
    journal_tag(j->generation, tag);
    if (a.seq != (int64_t)n || a.at == NULL || a.actor == NULL || a.action == NULL ||
        a.prev == NULL || a.mac == NULL)
        snprintf(problem, size, "entry %zu is missing or out of place", n);
    else if (strcmp(a.prev, j->last_mac) != 0)
        snprintf(problem, size, "entry %zu does not follow the one before it", n);
    else if ((audit_entry_mac(log, tag, &a, mac), strlen(a.mac) != 64) ||
             sodium_memcmp(mac, a.mac, 64) != 0)
        snprintf(problem, size, "entry %zu was changed (its MAC does not match)", n);
}

/* Reads the locked journal j->fd: its header and its entries as far as
 * their chain holds. */
static int journal_read(const struct audit_log *log, struct journal *j, struct error *e)
{
    struct stat st;
    char *buf = NULL, *line, *end;
    ssize_t got;
    off_t done = 0;
    int rc = 0;

    j->entries = json_array();
    j->generation[0] = j->last_mac[0] = j->problem[0] = '\0';
    j->lines = 0;
    j->complete = j->size = 0;
    if (fstat(j->fd, &st) != 0)
        return error_set(e, ERR_IO, log->journal, "cannot read the read journal: %s",
                         strerror(errno));
    if ((size_t)st.st_size > JOURNAL_MAX)
        return error_set(e, ERR_TOO_LARGE, log->journal, "the read journal is over %zu MiB",
                         JOURNAL_MAX >> 20);
    j->size = st.st_size;
    buf = xmalloc((size_t)st.st_size + 1);
    while (done < st.st_size &&
           (got = pread(j->fd, buf + done, (size_t)(st.st_size - done), done)) > 0)
        done += got;
    buf[done] = '\0';
    j->size = done;
    for (line = buf; (end = memchr(line, '\n', (size_t)(buf + done - line))) != NULL;
         line = end + 1) {
        json_t *o;
        *end = '\0';
        j->complete = end + 1 - buf;
        if (j->problem[0])
            continue; /* count the lines after a break, trust none */
        o = json_loads(line, JSON_REJECT_DUPLICATES, NULL);
        if (j->generation[0] == '\0') {
            const char *g = text(o, "generation");
            if (o == NULL ||
                strcmp(text(o, "journal") ? text(o, "journal") : "", JOURNAL_FORMAT) != 0 ||
                g == NULL || strlen(g) != 32)
                snprintf(j->problem, sizeof j->problem, "its header is damaged");
            else
                snprintf(j->generation, sizeof j->generation, "%s", g);
            json_decref(o);
            continue;
        }
        check_line(log, j, o, j->problem, sizeof j->problem);
        j->lines++;
        if (j->problem[0] == '\0') {
            snprintf(j->last_mac, sizeof j->last_mac, "%s", text(o, "mac"));
            json_array_append(j->entries, o);
        }
        json_decref(o);
    }
    free(buf);
    return rc;
}

static int sync_dir(const char *path)
{
    char copy[4200];
    int fd, rc;
    snprintf(copy, sizeof copy, "%s", path);
    if ((fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
        return -1;
    rc = fsync(fd);
    close(fd);
    return rc;
}

static int write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Whether the journal j (fd -1: none) still holds entry n of generation
 * gen with MAC mac. */
static int holds(const struct journal *j, const char *gen, int64_t n, const char *mac)
{
    const char *have;
    if (j->fd < 0 || j->entries == NULL || strcmp(j->generation, gen) != 0 || n < 1 ||
        (size_t)n > json_array_size(j->entries))
        return 0;
    have = text(json_array_get(j->entries, (size_t)n - 1), "mac");
    return have != NULL && strcmp(have, mac) == 0;
}

/* Whether j is what the last signed mark m says it held: every entry
 * marked (each read answered from the journal) still there with its MAC.
 * A compaction's mark holds for the journal before it or after it (a crash
 * may fall between the mark and the rename); after "settled" any journal
 * holds (its entries were written after that mark, their own marks follow
 * them). "" in problem when it holds. */
static void check_mark(const struct journal *j, const struct audit_journal_mark *m, char *problem,
                       size_t size)
{
    problem[0] = '\0';
    if (m->reason[0] == '\0' || strcmp(m->reason, "settled") == 0 || m->n == 0 ||
        holds(j, m->generation, m->n, m->mac) ||
        (strcmp(m->reason, "compact") == 0 && holds(j, m->from_generation, m->from_n, m->from_mac)))
        return;
    if (j->fd < 0)
        snprintf(problem, size,
                 "it was removed while it held reads not folded into the audit log: entry %lld of "
                 "its generation %.8s was signed at %s",
                 (long long)m->n, m->generation, m->at);
    else if (strcmp(j->generation, m->generation) == 0)
        snprintf(problem, size,
                 "it was cut: entry %lld was signed at %s, it holds %zu (a changed entry counts "
                 "as cut there)",
                 (long long)m->n, m->at, json_array_size(j->entries));
    else
        snprintf(problem, size,
                 "it was replaced: it is generation %.8s, the last signed (%s) was entry %lld of "
                 "generation %.8s",
                 j->generation[0] ? j->generation : "(none)", m->at, (long long)m->n,
                 m->generation);
}

/* Reads the last journal mark and checks j against it; a problem goes to
 * j->problem (unless it already has one). */
static int check_marks(const struct audit_log *log, struct journal *j, struct error *e)
{
    struct audit_journal_mark m;
    char sig_problem[8], problem[256];
    int rc = audit_journal_mark_last(&log->anchor, 0, &m, sig_problem, sizeof sig_problem, e);
    if (rc != 0)
        return rc;
    check_mark(j, &m, problem, sizeof problem);
    if (problem[0] && !j->problem[0])
        snprintf(j->problem, sizeof j->problem, "%s", problem);
    return 0;
}

/* Signs the mark that the journal of generation gen held n entries, the
 * last with MAC mac (and, for a compaction, what it held before). */
static int mark(const struct audit_log *log, const char *reason, const char *gen, int64_t n,
                const char *mac, const char *from_gen, int64_t from_n, const char *from_mac,
                struct error *e)
{
    struct audit_journal_mark m;
    memset(&m, 0, sizeof m);
    snprintf(m.reason, sizeof m.reason, "%s", reason);
    snprintf(m.generation, sizeof m.generation, "%s", gen);
    m.n = n;
    snprintf(m.mac, sizeof m.mac, "%s", mac);
    snprintf(m.from_generation, sizeof m.from_generation, "%s", from_gen);
    m.from_n = from_n;
    snprintf(m.from_mac, sizeof m.from_mac, "%s", from_mac);
    return audit_journal_mark_append(&log->anchor, &m, e);
}

/* A name for a damaged journal or a note about one, not taken yet. */
static void damaged_name(const char *path, char *aside, size_t size)
{
    int i;
    for (i = 0; i < 1000; i++) {
        if (i == 0)
            snprintf(aside, size, "%s.damaged", path);
        else
            snprintf(aside, size, "%s.damaged.%d", path, i);
        if (access(aside, F_OK) != 0)
            break;
    }
}

/* A journal was removed that held marked reads not folded: leaves a note
 * where a damaged journal would be set aside, for `vitaal audit verify`. */
static int note_removed(const struct audit_log *log, const char *problem, struct error *e)
{
    char aside[4300], note[512];
    int fd, ok;
    damaged_name(log->journal, aside, sizeof aside);
    snprintf(note, sizeof note, "the read journal %s: %s\n", log->journal, problem);
    fd = open(aside, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    ok = fd >= 0 && write_all(fd, note, strlen(note)) == 0 && fdatasync(fd) == 0;
    if (fd >= 0)
        close(fd);
    if (!ok)
        return error_set(e, ERR_IO, aside, "cannot record the removed read journal: %s",
                         strerror(errno));
    sync_dir(aside);
    return 0;
}

int audit_journal_append(const struct audit_log *log, const struct audit_event *ev, struct error *e)
{
    struct journal j = {-1, "", NULL, 0, 0, 0, "", ""};
    struct store_audit_entry a;
    char at[32], tag[64], mac[129];
    unsigned char raw[16];
    json_t *o = NULL;
    char *line = NULL;
    int rc, fresh = 0;

    if ((rc = journal_lock(log->journal, 1, &j.fd, e)) != 0 ||
        (rc = journal_read(log, &j, e)) != 0 ||
        (j.generation[0] && (rc = check_marks(log, &j, e)) != 0))
        goto cleanup;
    if (j.generation[0] == '\0' && !j.problem[0]) {
        /* a new journal: the one before must have been settled (folded
         * whole or set aside) by a writer; else it was removed with reads
         * in it, which is noted before this journal begins */
        struct journal gone = {-1, "", NULL, 0, 0, 0, "", ""};
        struct audit_journal_mark m;
        char problem[256], none[8];
        if ((rc = audit_journal_mark_last(&log->anchor, 0, &m, none, sizeof none, e)) != 0)
            goto cleanup;
        check_mark(&gone, &m, problem, sizeof problem);
        if (problem[0] &&
            ((rc = note_removed(log, problem, e)) != 0 ||
             (rc = mark(log, "settled", "", 0, "", m.generation, m.n, m.mac, e)) != 0))
            goto cleanup;
    }
    if (j.problem[0]) {
        rc = error_set(e, ERR_STORE, log->journal,
                       "the read journal is damaged (%s): a classified read cannot be audited "
                       "until a writer sets it aside; 'vitaal audit verify' says more",
                       j.problem);
        goto cleanup;
    }
    /* a line a crash cut short: its read was never answered */
    if (j.complete < j.size && ftruncate(j.fd, j.complete) != 0) {
        rc = error_set(e, ERR_IO, log->journal, "cannot repair the read journal: %s",
                       strerror(errno));
        goto cleanup;
    }
    if (lseek(j.fd, j.complete, SEEK_SET) < 0) {
        rc = error_set(e, ERR_IO, log->journal, "cannot seek: %s", strerror(errno));
        goto cleanup;
    }
    if (j.generation[0] == '\0') { /* a new journal: a new generation */
        char header[128];
        randombytes_buf(raw, sizeof raw);
        sodium_bin2hex(j.generation, sizeof j.generation, raw, sizeof raw);
        snprintf(header, sizeof header, "{\"journal\":\"%s\",\"generation\":\"%s\"}\n",
                 JOURNAL_FORMAT, j.generation);
        if (write_all(j.fd, header, strlen(header)) != 0) {
            rc = error_set(e, ERR_IO, log->journal, "cannot write the read journal: %s",
                           strerror(errno));
            goto cleanup;
        }
        fresh = 1;
    }
    timefmt_format_datetime((int64_t)time(NULL), at);
    a.seq = (int64_t)json_array_size(j.entries) + 1;
    a.at = at;
    a.actor = ev->actor;
    a.address = ev->address;
    a.action = ev->action;
    a.kind = ev->kind;
    a.record = ev->record;
    a.detail = ev->detail;
    a.prev = j.last_mac;
    journal_tag(j.generation, tag);
    audit_entry_mac(log, tag, &a, mac);
    if ((o = json_pack("{sI ss ss s:s? ss s:s? s:s? s:s? ss ss}", "n", (json_int_t)a.seq, "at", at,
                       "actor", a.actor, "address", a.address, "action", a.action, "kind", a.kind,
                       "record", a.record, "detail", a.detail, "prev", a.prev, "mac", mac)) ==
            NULL ||
        (line = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER)) == NULL) {
        rc = error_set(e, ERR_INVALID, NULL, "cannot write the audit entry as JSON (not UTF-8?)");
        goto cleanup;
    }
    /* one write of the whole line, then to the disk before the answer */
    {
        size_t len = strlen(line);
        char *full = xrealloc(line, len + 2);
        line = full;
        line[len] = '\n';
        line[len + 1] = '\0';
        if (write_all(j.fd, line, len + 1) != 0 || fdatasync(j.fd) != 0 ||
            (fresh && sync_dir(log->journal) != 0)) {
            rc = error_set(e, ERR_IO, log->journal, "cannot write the read journal: %s",
                           strerror(errno));
            goto cleanup;
        }
    }
    /* the entry is durable: now its signed mark, before the answer (a crash
     * in between leaves an entry no answer relied on, never a false alarm) */
    rc = mark(log, "entry", j.generation, a.seq, mac, "", 0, "", e);
cleanup:
    free(line);
    json_decref(o);
    journal_close(&j);
    return rc;
}

/* Moves a damaged journal aside, under a name not taken yet. */
static int set_aside(const char *path, struct error *e)
{
    char aside[4300];
    damaged_name(path, aside, sizeof aside);
    if (rename(path, aside) != 0)
        return error_set(e, ERR_IO, path, "cannot set the damaged read journal aside: %s",
                         strerror(errno));
    sync_dir(path);
    return 0;
}

/* Writes the entries of j from the first on as a journal of a new
 * generation, chained again, in place of j's file (a temporary name and a
 * rename: a crash leaves the one or the other). The entries before were
 * folded by a committed transaction; without this, a journal that reads
 * keep adding to while writers fold it would only grow. j then holds the
 * new journal. */
static int compact(const struct audit_log *log, struct journal *j, size_t first, struct error *e)
{
    char tmp[4300], tag[64], mac[129], prev[129] = "", old_gen[33];
    unsigned char raw[16];
    json_t *kept = json_array();
    FILE *fp = NULL;
    size_t i;
    int rc = 0, fd = -1;

    snprintf(tmp, sizeof tmp, "%s.tmp", log->journal);
    snprintf(old_gen, sizeof old_gen, "%s", j->generation);
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(j->generation, sizeof j->generation, raw, sizeof raw);
    journal_tag(j->generation, tag);
    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (kept == NULL || fd < 0 || (fp = fdopen(fd, "w")) == NULL) {
        rc = error_set(e, ERR_IO, tmp, "cannot write the read journal: %s", strerror(errno));
        goto cleanup;
    }
    fd = -1;
    fprintf(fp, "{\"journal\":\"%s\",\"generation\":\"%s\"}\n", JOURNAL_FORMAT, j->generation);
    for (i = first; i < json_array_size(j->entries); i++) {
        json_t *o = json_deep_copy(json_array_get(j->entries, i));
        struct store_audit_entry a;
        char *line;
        json_object_set_new(o, "n", json_integer((json_int_t)(i - first + 1)));
        json_object_set_new(o, "prev", json_string(prev));
        as_entry(o, &a);
        audit_entry_mac(log, tag, &a, mac);
        if (json_object_set_new(o, "mac", json_string(mac)) != 0 ||
            (line = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER)) == NULL) {
            json_decref(o);
            rc = error_set(e, ERR_INTERNAL, NULL, "cannot write the audit entry as JSON");
            goto cleanup;
        }
        fprintf(fp, "%s\n", line);
        free(line);
        snprintf(prev, sizeof prev, "%s", mac);
        json_array_append_new(kept, o);
    }
    if (fflush(fp) != 0 || fdatasync(fileno(fp)) != 0 || fclose(fp) != 0) {
        fp = NULL;
        rc = error_set(e, ERR_IO, tmp, "cannot write the read journal: %s", strerror(errno));
        goto cleanup;
    }
    fp = NULL;
    /* signed before the rename: the mark holds for the journal before it
     * and after it, so a crash on either side is no false alarm */
    if ((rc = mark(log, "compact", j->generation, (int64_t)json_array_size(kept), prev, old_gen,
                   (int64_t)json_array_size(j->entries), j->last_mac, e)) != 0)
        goto cleanup;
    if (rename(tmp, log->journal) != 0) {
        rc = error_set(e, ERR_IO, log->journal, "cannot replace the read journal: %s",
                       strerror(errno));
        goto cleanup;
    }
    sync_dir(log->journal);
    json_decref(j->entries);
    j->entries = kept;
    kept = NULL;
    j->lines = json_array_size(j->entries);
    snprintf(j->last_mac, sizeof j->last_mac, "%s", prev);
cleanup:
    if (fp)
        fclose(fp);
    if (fd >= 0)
        close(fd);
    if (rc != 0)
        unlink(tmp);
    json_decref(kept);
    return rc;
}

int audit_journal_fold(struct audit_log *log, struct store *s, struct error *e)
{
    struct journal j = {-1, "", NULL, 0, 0, 0, "", ""};
    char generation[33];
    int64_t folded = 0;
    size_t i, n;
    int rc, here = 0, cut;

    if ((rc = journal_lock(log->journal, 0, &j.fd, e)) != 0 || j.fd < 0)
        return rc;
    if ((rc = journal_read(log, &j, e)) != 0 || (rc = check_marks(log, &j, e)) != 0 ||
        (rc = store_audit_journal_get(s, generation, &folded, &here, e)) != 0)
        goto cleanup;
    if (strcmp(generation, j.generation) != 0)
        folded = 0; /* a new journal: none of it folded yet */
    n = json_array_size(j.entries);
    cut = folded > (int64_t)j.lines;
    if (!cut && !here && j.problem[0] == '\0' && folded > 0 && (size_t)folded < n) {
        /* a committed fold took the first entries: keep only the rest */
        if ((rc = compact(log, &j, (size_t)folded, e)) != 0)
            goto cleanup;
        folded = 0;
        n = json_array_size(j.entries);
    }
    for (i = cut ? n : (size_t)folded; i < n; i++) {
        struct store_audit_entry a;
        as_entry(json_array_get(j.entries, i), &a);
        struct audit_event ev = {a.actor, a.address, a.action, a.kind, a.record, a.detail};
        if ((rc = audit_append_at(log, s, &ev, a.at, e)) != 0)
            goto cleanup;
    }
    if (!cut && (size_t)folded < n) {
        rc = store_audit_journal_set(s, j.generation, (int64_t)n, e);
        goto cleanup;
    }
    /* all of it folded, by a transaction that committed (not this one: it
     * may still roll back): the file can go */
    if (here)
        goto cleanup;
    /* settled: a damaged journal once it is set aside (a crash before the
     * mark leaves a note by the next reader too, never lost evidence), a
     * whole one before it is removed (a crash before the removal leaves a
     * folded journal the next writer removes, never a false alarm) */
    if (j.problem[0] || cut) {
        if ((rc = set_aside(log->journal, e)) == 0)
            rc = mark(log, "settled", "", 0, "", j.generation, (int64_t)n, j.last_mac, e);
    } else if ((rc = mark(log, "settled", "", 0, "", j.generation, (int64_t)n, j.last_mac, e)) ==
                   0 &&
               unlink(log->journal) != 0) {
        rc = error_set(e, ERR_IO, log->journal, "cannot remove the folded read journal: %s",
                       strerror(errno));
    }
cleanup:
    journal_close(&j);
    return rc;
}

int audit_journal_settle(struct audit_log *log, struct store *s, int wait, int64_t *pending,
                         struct error *e)
{
    struct audit_journal_check check;
    int pass, rc;
    /* the first pass folds, the second (a later transaction) removes */
    for (pass = 0; pass < 2 && access(log->journal, F_OK) == 0; pass++) {
        if ((rc = wait ? store_begin(s, e) : store_begin_read(s, e)) != 0)
            return rc;
        if (!store_holds_write(s)) {
            store_rollback(s);
            break;
        }
        if ((rc = audit_journal_fold(log, s, e)) != 0) {
            store_rollback(s);
            return rc;
        }
        if ((rc = store_commit(s, e)) != 0)
            return rc;
    }
    if (pending == NULL)
        return 0;
    *pending = 0;
    if ((rc = audit_journal_verify(log, s, &check, e)) == 0)
        *pending = check.pending;
    return rc;
}

int audit_journal_verify(const struct audit_log *log, struct store *s,
                         struct audit_journal_check *out, struct error *e)
{
    struct journal j = {-1, "", NULL, 0, 0, 0, "", ""};
    char generation[33], aside[4300];
    int64_t folded = 0;
    int rc, here;

    memset(out, 0, sizeof *out);
    snprintf(aside, sizeof aside, "%s.damaged", log->journal);
    if ((rc = journal_lock(log->journal, 0, &j.fd, e)) != 0)
        return rc;
    if ((rc = store_audit_journal_get(s, generation, &folded, &here, e)) != 0)
        goto cleanup;
    if (j.fd >= 0 && (rc = journal_read(log, &j, e)) != 0)
        goto cleanup;
    {
        /* every mark signed, and the journal (or its absence) what the
         * last one says: a cut tail and a removed journal show here */
        struct audit_journal_mark m;
        char sig_problem[256], problem[256];
        if ((rc = audit_journal_mark_last(&log->anchor, 1, &m, sig_problem, sizeof sig_problem,
                                          e)) != 0)
            goto cleanup;
        check_mark(&j, &m, problem, sizeof problem);
        if (sig_problem[0]) {
            snprintf(out->problem, sizeof out->problem, "the read journal's marks: %s (%s)",
                     sig_problem, log->anchor.checkpoints);
            goto cleanup;
        }
        if (problem[0] && !j.problem[0])
            snprintf(j.problem, sizeof j.problem, "%s", problem);
    }
    out->entries = (int64_t)json_array_size(j.entries);
    if (j.fd >= 0 && strcmp(generation, j.generation) == 0)
        out->folded = folded < out->entries ? folded : out->entries;
    out->pending = out->entries - out->folded;
    if (j.problem[0])
        snprintf(out->problem, sizeof out->problem, "the read journal %s: %s", log->journal,
                 j.problem);
    else if (j.fd >= 0 && strcmp(generation, j.generation) == 0 && folded > (int64_t)j.lines)
        snprintf(out->problem, sizeof out->problem,
                 "the read journal %s was cut: %lld of its entries were folded, it holds %zu",
                 log->journal, (long long)folded, j.lines);
    else if (access(aside, F_OK) == 0)
        snprintf(out->problem, sizeof out->problem,
                 "a damaged read journal was set aside as %s (see docs/operations.md)", aside);
cleanup:
    journal_close(&j);
    return rc;
}

int audit_journal_each_pending(const struct audit_log *log, struct store *s,
                               int (*fn)(void *ctx, const struct store_audit_entry *entry),
                               void *ctx, struct error *e)
{
    struct journal j = {-1, "", NULL, 0, 0, 0, "", ""};
    char generation[33];
    int64_t folded = 0;
    size_t i;
    int rc, here;

    if ((rc = journal_lock(log->journal, 0, &j.fd, e)) != 0 || j.fd < 0)
        return rc;
    if ((rc = store_audit_journal_get(s, generation, &folded, &here, e)) != 0 ||
        (rc = journal_read(log, &j, e)) != 0)
        goto cleanup;
    if (strcmp(generation, j.generation) != 0)
        folded = 0;
    for (i = (size_t)folded; i < json_array_size(j.entries); i++) {
        struct store_audit_entry a;
        as_entry(json_array_get(j.entries, i), &a);
        a.seq = 0;
        if ((rc = fn(ctx, &a)) != 0)
            break;
    }
cleanup:
    journal_close(&j);
    return rc;
}
