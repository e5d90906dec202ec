/*
 * cmd_migrate.c — `vitaal migrate --from SOURCE --to TARGET`: a whole
 * database copied into an empty one, SQLite or PostgreSQL on either side
 * (store/copy.h), with the files that belong beside it: the audit key and
 * the checkpoints' keys and file (domain/audit.h, audit_checkpoint.h),
 * without which `vitaal audit verify` cannot pass on the target. It never
 * overwrites a file, and never writes into a database that holds a row.
 */
#include "cli/cli.h"

#include "base/file.h"
#include "base/progress.h"
#include "domain/audit.h"
#include "domain/audit_checkpoint.h"
#include "domain/audit_journal.h"
#include "store/audit.h"
#include "store/copy.h"
#include "store/store.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char migrate_usage[] =
    "usage: vitaal migrate --from SOURCE --to TARGET\n\n"
    "Copies a whole database into an empty one: the records and every version\n"
    "of them, users, sessions, comments, attachments and the audit log entry for\n"
    "entry. SOURCE and TARGET are each a SQLite file or a postgresql:// URL:\n"
    "SQLite to PostgreSQL when a ministry outgrows one file, PostgreSQL to\n"
    "SQLite for an offline copy, or the same backend on both sides for a backup.\n\n"
    "  --from SOURCE  the database to copy. It is opened as every command opens\n"
    "                 it: an older schema is first brought to this vitaal's, and\n"
    "                 what readers left in its read journal is folded into its\n"
    "                 audit log. It is held for the whole copy (writers wait):\n"
    "                 stop the servers first.\n"
    "  --to TARGET    an empty database: a SQLite file (created if missing) or an\n"
    "                 empty PostgreSQL database (createdb). Refused, and left as it\n"
    "                 was, when any of its tables holds a row.\n\n"
    "The audit log keeps its entries, sequence and MACs, so 'vitaal --db TARGET\n"
    "audit verify' passes with the source's audit key. That key and the\n"
    "checkpoints' files are copied beside the target where it has none (never\n"
    "overwritten; a different one there is refused): DB.auditkey, DB.signkey,\n"
    "DB.signkey.pub and DB.checkpoints, where DB is a SQLite file's path and,\n"
    "for PostgreSQL, $VITAAL_KEYS/DBNAME (see docs/operations.md).\n";

/* The files kept beside a database that a copy of it needs. */
#define KEY_FILES    4
#define KEY_FILE_MAX (64u * 1024 * 1024)

struct key_file {
    char from[4200], to[4200];
    int copy; /* the target has none: copy it after the database */
};

static void key_files(const char *from, const char *to, struct key_file files[KEY_FILES])
{
    struct audit_anchor a, b;
    char base[4000];
    audit_key_base(from, base, sizeof base);
    snprintf(files[0].from, sizeof files[0].from, "%s.auditkey", base);
    audit_key_base(to, base, sizeof base);
    snprintf(files[0].to, sizeof files[0].to, "%s.auditkey", base);
    audit_anchor_defaults(from, &a);
    audit_anchor_defaults(to, &b);
    snprintf(files[1].from, sizeof files[1].from, "%s", a.sign_key);
    snprintf(files[1].to, sizeof files[1].to, "%s", b.sign_key);
    snprintf(files[2].from, sizeof files[2].from, "%s", a.verify_key);
    snprintf(files[2].to, sizeof files[2].to, "%s", b.verify_key);
    snprintf(files[3].from, sizeof files[3].from, "%s", a.checkpoints);
    snprintf(files[3].to, sizeof files[3].to, "%s", b.checkpoints);
}

/* Which files to copy: those the source has and the target lacks; one
 * the target has with other content is refused (ERR_CONFLICT), before
 * anything is written. */
static int key_files_plan(struct key_file files[KEY_FILES], struct error *e)
{
    size_t i, la = 0, lb = 0;
    for (i = 0; i < KEY_FILES; i++) {
        struct key_file *f = &files[i];
        char *a = NULL, *b = NULL;
        int rc = 0;
        f->copy = 0;
        if (strcmp(f->from, f->to) == 0 || access(f->from, F_OK) != 0)
            continue; /* one file for both (set in the environment), or none */
        if (access(f->to, F_OK) != 0) {
            char dir[4200];
            snprintf(dir, sizeof dir, "%s", f->to);
            if (access(dirname(dir), W_OK) != 0)
                return error_set(e, ERR_IO, f->to, "cannot be written beside the target: %s",
                                 strerror(errno));
            f->copy = 1;
            continue;
        }
        if ((rc = file_read_all(f->from, KEY_FILE_MAX, &a, &la, e)) == 0 &&
            (rc = file_read_all(f->to, KEY_FILE_MAX, &b, &lb, e)) == 0 &&
            (la != lb || memcmp(a, b, la) != 0))
            rc = error_set(e, ERR_CONFLICT, f->to,
                           "the target already has this file, and not the source's %s; move it "
                           "away first",
                           f->from);
        free(a);
        free(b);
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* Copies from to to (never over a file), keeping its permission bits. */
static int file_copy(const char *from, const char *to, struct error *e)
{
    struct stat st;
    char *data = NULL;
    size_t len = 0;
    int fd, rc;
    ssize_t n;
    if ((rc = file_read_all(from, KEY_FILE_MAX, &data, &len, e)) != 0)
        return rc;
    if (stat(from, &st) != 0 ||
        (fd = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0) {
        rc = error_set(e, ERR_IO, to, "cannot create: %s", strerror(errno));
        free(data);
        return rc;
    }
    n = write(fd, data, len);
    if (n != (ssize_t)len || fchmod(fd, st.st_mode & 0777) != 0 || fsync(fd) != 0) {
        rc = error_set(e, ERR_IO, to, "cannot write: %s", strerror(errno));
        close(fd);
        unlink(to);
    } else if (close(fd) != 0) {
        rc = error_set(e, ERR_IO, to, "cannot write: %s", strerror(errno));
        unlink(to);
    }
    free(data);
    return rc;
}

/* A usage error unless name is a SQLite path or a PostgreSQL URL. */
static int check_name(const char *option, const char *name)
{
    if (name == NULL || *name == '\0')
        return cli_usage_error("migrate", "%s is required", option);
    if (strstr(name, "://") && !store_is_pg_url(name))
        return cli_usage_error(
            "migrate", "%s must be a SQLite file or a postgresql:// URL, not '%s'", option, name);
    return 0;
}

/* Whether from and to name the same database (the same URL, or paths to
 * the same existing file). */
static int same_database(const char *from, const char *to)
{
    char a[PATH_MAX], b[PATH_MAX];
    if (store_is_pg_url(from) || store_is_pg_url(to))
        return strcmp(from, to) == 0;
    return realpath(from, a) && realpath(to, b) && strcmp(a, b) == 0;
}

/* Opens the source and folds its read journal into its audit log; *keyed
 * = 0 when it has no audit key. */
static int open_source(const char *from, struct store **src, int *keyed, struct error *e)
{
    struct audit_log log;
    struct error none = {0};
    char damaged[4300];
    int rc;
    *keyed = 0;
    if ((rc = store_open(from, 0, src, e)) != 0) {
        error_prefix_where(e, "--from");
        return rc;
    }
    if (audit_open(from, 0, &log, &none) != 0)
        return 0; /* no key: nothing was ever audited, or it lives elsewhere */
    *keyed = 1;
    if ((rc = audit_journal_settle(&log, *src, 1, NULL, e)) != 0) {
        error_prefix_where(e, "--from");
        return rc;
    }
    snprintf(damaged, sizeof damaged, "%s.damaged", log.journal);
    if (access(damaged, F_OK) == 0)
        fprintf(stderr,
                "vitaal: warning: a damaged read journal was set aside as %s: it is not "
                "copied; keep it with the source\n",
                damaged);
    return 0;
}

int cmd_migrate(struct cli *cli, int argc, char **argv)
{
    static const struct option options[] = {{"from", required_argument, NULL, 'f'},
                                            {"to", required_argument, NULL, 't'},
                                            {"help", no_argument, NULL, 'h'},
                                            {NULL, 0, NULL, 0}};
    struct store *src = NULL, *dst = NULL;
    struct store_copy_result result;
    struct key_file files[KEY_FILES];
    struct progress_meter *meter = NULL;
    struct progress_sink progress;
    struct error e = {0};
    const char *from = NULL, *to = NULL;
    char shown_from[512], shown_to[512], head_mac[129] = "";
    int64_t head = 0;
    int c, rc, keyed = 0, created = 0;
    size_t i;

    (void)cli;
    while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (c) {
        case 'f':
            from = optarg;
            break;
        case 't':
            to = optarg;
            break;
        case 'h':
            fputs(migrate_usage, stdout);
            return 0;
        default:
            return cli_usage_error("migrate", "unknown option");
        }
    }
    if (optind < argc)
        return cli_usage_error("migrate", "unexpected argument '%s'", argv[optind]);
    if ((rc = check_name("--from", from)) != 0 || (rc = check_name("--to", to)) != 0)
        return rc;
    store_display_name(from, shown_from, sizeof shown_from);
    store_display_name(to, shown_to, sizeof shown_to);
    if (same_database(from, to))
        return cli_usage_error("migrate", "--from and --to name the same database");

    if ((rc = open_source(from, &src, &keyed, &e)) != 0)
        goto cleanup;
    created = !store_is_pg_url(to) && access(to, F_OK) != 0;
    if ((rc = store_open(to, STORE_CREATE, &dst, &e)) != 0) {
        error_prefix_where(&e, "--to");
        goto cleanup;
    }
    /* refused before a file is written; asked again inside the copy */
    if ((rc = store_copy_check_empty(dst, &e)) != 0) {
        error_prefix_where(&e, "--to");
        goto cleanup;
    }
    key_files(from, to, files);
    if ((rc = key_files_plan(files, &e)) != 0)
        goto cleanup;

    meter = progress_meter_new(stderr, 0);
    progress = progress_meter_sink(meter);
    rc = store_copy(src, dst, &progress, &result, &e);
    progress_meter_free(meter); /* erases its line before the output */
    if (rc != 0)
        goto cleanup;
    created = 0; /* the target holds the copy now: kept whatever follows */

    for (i = 0; i < KEY_FILES; i++) {
        if (files[i].copy && (rc = file_copy(files[i].from, files[i].to, &e)) != 0) {
            fprintf(stderr, "vitaal: the database was copied, but not %s: copy it to %s\n",
                    files[i].from, files[i].to);
            goto cleanup;
        }
    }
    if ((rc = store_audit_last(dst, &head, head_mac, &e)) != 0)
        goto cleanup;
    printf("copied %zu tables, %lld rows from %s to %s\n", result.tables, (long long)result.rows,
           shown_from, shown_to);
    if (head > 0)
        printf("audit log: head %lld %s\n", (long long)head, head_mac);
    for (i = 0; i < KEY_FILES; i++)
        if (files[i].copy)
            printf("copied %s to %s\n", files[i].from, files[i].to);
    if (head > 0 && !keyed)
        fprintf(stderr,
                "vitaal: warning: the source's audit key %s is missing: put it at %s, or "
                "'vitaal audit verify' fails on the target\n",
                files[0].from, files[0].to);
cleanup:
    store_close(src);
    store_close(dst);
    if (created) {
        /* a file this command made for a copy that did not happen */
        char side[4200];
        unlink(to);
        snprintf(side, sizeof side, "%s-wal", to);
        unlink(side);
        snprintf(side, sizeof side, "%s-shm", to);
        unlink(side);
    }
    return rc ? cli_report(&e) : 0;
}
