/*
 * cmd_history.c — `vitaal history KIND ID` (every version of a record, who
 * made it, when, through which door, and what changed) and `vitaal restore
 * KIND ID --version N` (bring an earlier version back as a new one). The
 * document is domain/history's, the same the API answers with. Reading
 * the history of a confidential or secret record is audited, with the OS
 * user as actor, like every classified read from the CLI.
 */
#include "cli/cli.h"

#include "domain/history.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char history_usage[] =
    "usage: vitaal history [--db PATH] KIND ID [--json]\n\n"
    "Every version of the record, newest first: its number, when it was made,\n"
    "by whom (a user, or cli:<login>), through which door (api, cli, import),\n"
    "and what changed field by field. A deletion is a version too; the version\n"
    "before it keeps the record. Reading the history of a confidential or secret\n"
    "record is written to the audit log.\n\n"
    "  --json   the document the API answers GET /api/v1/KIND/ID/history with\n";

static const char restore_usage[] =
    "usage: vitaal restore [--db PATH] KIND ID --version N\n\n"
    "Brings version N of the record back as a new version (also a deleted\n"
    "record). Earlier versions stay as they are. The write is audited.\n";

static void print_value(const json_t *v)
{
    char *text = json_is_null(v) ? NULL : json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
    fputs(text ? text : "(none)", stdout);
    free(text);
}

static void print_text(const json_t *doc)
{
    const json_t *versions = json_object_get(doc, "versions"), *v, *c;
    size_t i, j;
    printf("%s %s: %zu version%s\n", json_string_value(json_object_get(doc, "kind")),
           json_string_value(json_object_get(doc, "id")), json_array_size(versions),
           json_array_size(versions) == 1 ? "" : "s");
    json_array_foreach(versions, i, v)
    {
        const json_t *changes = json_object_get(v, "changes");
        const char *note = json_string_value(json_object_get(v, "note"));
        printf("  v%-4" JSON_INTEGER_FORMAT " %s  %-8s %s (%s)%s%s\n",
               json_integer_value(json_object_get(v, "version")),
               json_string_value(json_object_get(v, "at")),
               json_string_value(json_object_get(v, "op")),
               json_string_value(json_object_get(v, "actor")),
               json_string_value(json_object_get(v, "via")), note ? ": " : "", note ? note : "");
        if (json_is_true(json_object_get(v, "hidden")))
            printf("         (not yours to read)\n");
        json_array_foreach(changes, j, c)
        {
            printf("         %s: ", json_string_value(json_object_get(c, "field")));
            print_value(json_object_get(c, "before"));
            fputs(" -> ", stdout);
            print_value(json_object_get(c, "after"));
            putchar('\n');
        }
    }
}

/* The kind and id of argv after the options, or a usage error. */
static int kind_and_id(const char *command, int argc, char **argv, const struct kind **k,
                       const char **id)
{
    if (argc - optind != 2)
        return cli_usage_error(command, "name a KIND and an ID");
    if ((*k = model_kind_find(argv[optind])) == NULL)
        return cli_usage_error(command, "'%s' is not a kind of record (see 'vitaal kinds')",
                               argv[optind]);
    *id = argv[optind + 1];
    return 0;
}

/* The read of a classified history, audited in one transaction with it. */
static int read_audited(const struct cli *cli, struct store *s, const struct kind *k,
                        const char *id, struct history_doc *d, struct error *e)
{
    struct cli_audit audit;
    struct audit_event ev;
    int rc;
    if ((rc = cli_audit_open(cli, &audit, e)) != 0 || (rc = store_begin(s, e)) != 0)
        return rc;
    history_doc_release(d);
    ev = (struct audit_event){audit.actor, NULL, "read", k->name, id, "history"};
    if ((rc = history_read(s, NULL, k, id, d, e)) != 0 ||
        (rc = audit_append(&audit.log, s, &ev, e)) != 0 || (rc = store_commit(s, e)) != 0)
        store_rollback(s);
    return rc;
}

int cmd_history(struct cli *cli, int argc, char **argv)
{
    static const struct option options[] = {
        CLI_COMMON_LONG_OPTIONS, {"json", no_argument, NULL, CLI_OPT_JSON}, {NULL, 0, NULL, 0}};
    struct history_doc d = {0};
    struct store *s = NULL;
    struct error e = {0};
    const struct kind *k;
    const char *id;
    int json = 0, c, rc;

    while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (c) {
        case CLI_OPT_DB:
            cli->db_path = optarg;
            break;
        case 'h':
            fputs(history_usage, stdout);
            return 0;
        case CLI_OPT_JSON:
            json = 1;
            break;
        default:
            return cli_usage_error("history", "unknown option");
        }
    }
    if ((rc = kind_and_id("history", argc, argv, &k, &id)) != 0)
        return rc;
    if ((rc = cli_open_store(cli, 0, &s)) != 0)
        return rc;
    if ((rc = history_read(s, NULL, k, id, &d, &e)) != 0)
        goto cleanup;
    if (d.classified && (rc = read_audited(cli, s, k, id, &d, &e)) != 0)
        goto cleanup;
    if (json) {
        if (json_dumpf(d.doc, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0)
            rc = error_set(&e, ERR_IO, NULL, "writing the output failed");
        putchar('\n');
    } else {
        print_text(d.doc);
    }
cleanup:
    history_doc_release(&d);
    store_close(s);
    return rc ? cli_report(&e) : 0;
}

int cmd_restore(struct cli *cli, int argc, char **argv)
{
    static const struct option options[] = {
        CLI_COMMON_LONG_OPTIONS, {"version", required_argument, NULL, 'v'}, {NULL, 0, NULL, 0}};
    struct cli_audit audit;
    struct audit_event ev;
    struct store *s = NULL;
    struct error e = {0};
    const struct kind *k;
    const char *id;
    char *end, detail[64];
    int64_t version = 0, made = 0;
    int c, rc;

    while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (c) {
        case CLI_OPT_DB:
            cli->db_path = optarg;
            break;
        case 'h':
            fputs(restore_usage, stdout);
            return 0;
        case 'v':
            version = strtoll(optarg, &end, 10);
            if (*optarg == '\0' || *end != '\0' || version < 1)
                return cli_usage_error("restore", "--version needs a version number, not '%s'",
                                       optarg);
            break;
        default:
            return cli_usage_error("restore", "unknown option");
        }
    }
    if ((rc = kind_and_id("restore", argc, argv, &k, &id)) != 0)
        return rc;
    if (version == 0)
        return cli_usage_error("restore", "name the version to bring back with --version N");
    if ((rc = cli_write_begin(cli, &s, &audit, &e)) != 0)
        goto cleanup;
    rc = history_restore(s, k, id, version, &audit.change, &made, &e);
    snprintf(detail, sizeof detail, "version %" PRId64 "; from version %" PRId64, made, version);
    ev = (struct audit_event){audit.actor, NULL, "restore", k->name, id, detail};
    rc = cli_write_end(s, &audit, rc, &ev, &e);
    if (rc == ERR_CONFLICT)
        error_set(&e, ERR_CONFLICT, id,
                  "version %" PRId64 " refers to records that are gone; bring those back first",
                  version);
    if (rc == 0)
        printf("restored %s %s: version %" PRId64 " is now version %" PRId64 "\n", k->singular, id,
               version, made);
cleanup:
    store_close(s);
    return rc ? cli_report(&e) : 0;
}
