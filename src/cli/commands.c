/*
 * commands.c — the table of `vitaal` subcommands and the helpers they share
 * for reporting errors.
 */
#include "cli/cli.h"

#include "domain/access.h"
#include "domain/asof.h"
#include "domain/audit_checkpoint.h"
#include "domain/visible.h"
#include "store/audit.h"

#include "base/file.h"
#include "base/paths.h"
#include "base/seal.h"
#include "base/timefmt.h"
#include "store/store.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pwd.h>
#include <unistd.h>

const struct cli_command cli_commands[] = {
    {"init", cmd_init, "create a database with the public catalogue (--demo: with demo data)"},
    {"import", cmd_import, "import a JSON document or a catalogue CSV file"},
    {"export", cmd_export, "export the whole database as JSON (--graph: the process graph)"},
    {"list", cmd_list, "list records of a kind, with filters"},
    {"show", cmd_show, "show one record"},
    {"history", cmd_history, "every version of a record: who, when, through what, what changed"},
    {"restore", cmd_restore, "bring an earlier version of a record back"},
    {"approve", cmd_approve, "four eyes: approve an analysis in review, making it final"},
    {"reject", cmd_reject, "four eyes: send an analysis in review back to draft, with why"},
    {"compliance", cmd_compliance,
     "compliance per entity: providers' requirement assessments per entity, sector, process"},
    {"campaigns", cmd_campaigns, "campaigns: a framework sent to providers as a questionnaire"},
    {"contribution", cmd_contribution,
     "a provider's contribution: adopt a proposed risk into the analysis, or decline it"},
    {"attach", cmd_attach,
     "evidence: attach a file to a measure, review or contribution; list, get"},
    {"requests", cmd_requests,
     "requests for information (uitvraag): list, show, send, answer, close"},
    {"status", cmd_status, "per vital process: category, last analysis, next due, open measures"},
    {"kinds", cmd_kinds, "the data model: kinds of record and their fields"},
    {"cascade", cmd_cascade, "simulate a failure cascade hour by hour"},
    {"criticality", cmd_criticality, "rank processes by the cascade their failure causes"},
    {"iim", cmd_iim, "inoperability input-output model (static and dynamic)"},
    {"assess", cmd_assess, "vitaalbeoordeling: decide a process's category A, B or none"},
    {"risks", cmd_risks, "risk scores and the risk diagram per process, sector or nation"},
    {"fallback-need", cmd_fallback_need, "per process: is a fallback option needed?"},
    {"whatif", cmd_whatif, "cascades, criticality and risk before and after measures"},
    {"reviews", cmd_reviews, "toetsing: effectiveness, residual risk, reviews due"},
    {"quickscan", cmd_quickscan, "open quickscans for the processes an event names"},
    {"framework", cmd_framework, "CER/NIS2 requirement frameworks: import, coverage"},
    {"incidents", cmd_incidents, "incidents and their notification deadlines"},
    {"report", cmd_report, "reports: annual (to parliament, aggregated), process ID (per process)"},
    {"comments", cmd_comments, "comment threads on records: list, add, retract"},
    {"notify", cmd_notify, "notifications: a user's list; send-mail (SMTP, for cron)"},
    {"user", cmd_user, "accounts for the server: add, passwd, disable, enable, email, list"},
    {"audit", cmd_audit, "the tamper-evident audit log: verify, list"},
    {"keys", cmd_keys, "key pairs for sealed exports and reports: keys new NAME"},
    {"decrypt", cmd_decrypt, "open an export or report sealed with --encrypt-to"},
    {"migrate", cmd_migrate,
     "copy a whole database into an empty one: SQLite and PostgreSQL, either way"},
    {"serve", cmd_serve, "the JSON API over HTTP (sessions, need-to-know, audit)"},
    {NULL, NULL, NULL},
};

int cli_report(const struct error *e)
{
    if (e->where[0])
        fprintf(stderr, "vitaal: %s: %s\n", e->where, e->message);
    else
        fprintf(stderr, "vitaal: %s\n", e->message);
    if (e->code == ERR_BUSY)
        fprintf(stderr, "vitaal: nothing was changed; 'vitaal --wait SECONDS ...' waits longer\n");
    return error_exit_status(e->code ? e->code : ERR_INTERNAL);
}

int cli_usage_error(const char *command, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "vitaal %s: ", command);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n(see 'vitaal %s --help')\n", command);
    return 2;
}

int cli_open_store(const struct cli *cli, int flags, struct store **out)
{
    struct error e = {0};
    if (store_open(cli->db_path, flags, out, &e) != 0)
        return cli_report(&e);
    return 0;
}

int cli_option_as_of(const char *command, const char *value, int64_t *as_of)
{
    return cli_option_date(command, "--as-of", value, as_of);
}

int cli_open_as_of(const struct cli *cli, int64_t as_of, struct store **out, int64_t *today)
{
    struct store *s = NULL;
    struct error e = {0};
    int rc;
    *today = as_of >= 0 ? as_of : timefmt_today();
    if ((rc = cli_open_store(cli, STORE_READONLY, &s)) != 0 || as_of < 0) {
        *out = s;
        return rc;
    }
    rc = asof_open(s, as_of, out, &e);
    store_close(s);
    return rc ? cli_report(&e) : 0;
}

const char *cli_data_dir(void)
{
    return paths_data_dir();
}

void cli_audit_who(struct cli_audit *out)
{
    const char *login = getenv("USER");
    struct passwd *pw;
    if ((login == NULL || *login == '\0') && (pw = getpwuid(getuid())) != NULL)
        login = pw->pw_name;
    snprintf(out->actor, sizeof out->actor, "cli:%s", login ? login : "unknown");
    out->detail = NULL;
    out->change = (struct store_change){out->actor, "cli", NULL, NULL, 0};
}

int cli_audit_open(const struct cli *cli, struct cli_audit *out, struct error *e)
{
    cli_audit_who(out);
    return audit_open(cli->db_path, 1, &out->log, e);
}

int cli_write_begin(const struct cli *cli, struct store **s, struct cli_audit *audit,
                    struct error *e)
{
    int rc;
    if ((rc = store_open(cli->db_path, 0, s, e)) != 0)
        return rc;
    if ((rc = cli_audit_open(cli, audit, e)) != 0 || (rc = store_begin(*s, e)) != 0) {
        store_close(*s);
        *s = NULL;
    }
    return rc;
}

int cli_write_end(struct store *s, struct cli_audit *audit, int rc, const struct audit_event *ev,
                  struct error *e)
{
    if (rc == 0 && (rc = audit_append(&audit->log, s, ev, e)) == 0)
        return store_commit(s, e);
    store_rollback(s);
    return rc;
}

void cli_note_read(json_t *reads, const struct kind *k, const json_t *record)
{
    if (access_read_is_audited(record))
        json_array_append_new(
            reads, json_pack("[ss]", k->name, json_string_value(json_object_get(record, "id"))));
}

int cli_audit_reads(const struct cli *cli, const json_t *reads, const char *detail, struct error *e)
{
    struct cli_audit audit;
    struct store *s = NULL;
    int rc;
    if (json_array_size(reads) == 0)
        return 0;
    if ((rc = store_open(cli->db_path, 0, &s, e)) != 0 ||
        (rc = cli_audit_open(cli, &audit, e)) != 0 || (rc = store_begin_read(s, e)) != 0)
        goto cleanup;
    /* the entries appended as the API's (domain/visible.h) */
    rc = visible_audit_reads(reads, s, &audit.log, audit.actor, NULL, detail, e);
    if (rc == 0)
        rc = store_commit(s, e);
    else
        store_rollback(s);
cleanup:
    store_close(s);
    return rc;
}

static int audit_item(void *ctx, struct store *s, const struct import_item *item,
                      const struct store_write *w, struct error *e)
{
    struct cli_audit *a = ctx;
    char detail[320];
    struct audit_event ev = {a->actor,
                             NULL,
                             w->inserted ? "create" : "update",
                             item->kind->name,
                             json_string_value(json_object_get(item->record, "id")),
                             detail};
    if (!w->changed)
        return 0; /* nothing written, nothing to record */
    audit_version_detail(detail, sizeof detail, w->version, a->detail);
    return audit_append(&a->log, s, &ev, e);
}

struct import_hook cli_audit_hook(struct cli_audit *audit)
{
    struct import_hook hook = {audit_item, audit};
    return hook;
}

int cli_option_date(const char *command, const char *option, const char *value, int64_t *out)
{
    if (timefmt_parse_date(value, out) == 0)
        return 0;
    return cli_usage_error(command, "%s needs a date YYYY-MM-DD, not '%s'", option, value);
}

int cli_write_output(const char *path, const struct strbuf *b, const char *encrypt_to,
                     struct error *e)
{
    struct strbuf sealed = STRBUF_INIT;
    struct seal_keys keys;
    int rc = 0;
    if (encrypt_to) {
        if ((rc = seal_read_public(encrypt_to, &keys, e)) != 0 ||
            (rc = seal_data(&keys, b->data, b->len, &sealed, e)) != 0)
            goto cleanup;
        b = &sealed;
    }
    if (strcmp(path, "-") == 0) {
        if (fwrite(b->data, 1, b->len, stdout) != b->len || fflush(stdout) != 0)
            rc = error_set(e, ERR_IO, "-o", "cannot write to standard output");
        goto cleanup;
    }
    rc = file_write_private(path, b->data, b->len, e);
cleanup:
    strbuf_release(&sealed);
    return rc;
}

void cli_anchor_audit(const struct cli *cli)
{
    struct audit_anchor anchor;
    struct store *s = NULL;
    struct error e = {0};
    int64_t head = 0, anchored = 0;
    char mac[129];
    int written = 0;

    if (cli->db_path == NULL || (!store_is_pg_url(cli->db_path) && access(cli->db_path, F_OK) != 0))
        return;
    if (store_open(cli->db_path, STORE_READONLY, &s, &e) != 0)
        return; /* not a vitaal database, or newer: the command said so */
    audit_anchor_defaults(cli->db_path, &anchor);
    if (store_audit_last(s, &head, mac, &e) == 0 && head > 0 &&
        audit_checkpoint_last(&anchor, &anchored, &e) == 0 && head != anchored &&
        audit_checkpoint(&anchor, s, "write", &written, &e) != 0)
        fprintf(stderr, "vitaal: warning: the audit log is not anchored: %s%s%s\n", e.where,
                e.where[0] ? ": " : "", e.message);
    store_close(s);
}

int cli_doc_option(const char *command, int c, const char *arg, struct cli_doc_options *o,
                   int *taken)
{
    *taken = 1;
    switch (c) {
    case 'f':
        if (doc_format_parse(arg, &o->format) != 0)
            return cli_usage_error(command, "--format must be pdf, html or md, not '%s'", arg);
        return 0;
    case 'l':
        if (strcmp(arg, "nl") != 0 && strcmp(arg, "en") != 0)
            return cli_usage_error(command, "--lang must be nl or en, not '%s'", arg);
        o->lang = arg;
        return 0;
    case 'o':
        o->path = arg;
        return 0;
    case 'k':
        o->encrypt_to = arg;
        return 0;
    default:
        *taken = 0;
        return 0;
    }
}
