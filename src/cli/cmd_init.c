/*
 * cmd_init.c — `vitaal init`: create a database, load the public catalogue
 * (and with --demo the fictional demo data) in one transaction. A failed
 * init leaves no file behind.
 */
#include "cli/cli.h"

#include "base/timefmt.h"
#include "domain/attachment.h"
#include "domain/comment.h"
#include "domain/contribution.h"
#include "domain/framework.h"
#include "domain/import.h"
#include "store/store.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The day the demo's catalogue and undated records count from: the
 * Herijking of 2015, where the demo's oldest assessments begin. */
#define DEMO_EPOCH "2015-01-01"

static const char init_usage[] =
    "usage: vitaal init [--db PATH] [--demo] [--empty] [--data DIR]\n\n"
    "Creates a new vitaal database with the newest schema and loads the public\n"
    "catalogue from DIR/catalogue/*.csv: organisations (ministries, coordinator),\n"
    "settings, sectors, vitaal criteria, impact criteria and classes, likelihood\n"
    "classes, threats and the 28 vital processes; and the requirement frameworks\n"
    "of DIR/frameworks/*.yaml (NIS2 art. 21, CER art. 13). Refuses a database\n"
    "that already exists.\n\n"
    "  --demo       also load DIR/demo.json, a fictional demo dataset, as records\n"
    "               in force before vitaal: their history starts at their own\n"
    "               dates (the catalogue at " DEMO_EPOCH "), so --as-of works on it\n"
    "  --empty      the schema only, no catalogue\n"
    "  --data DIR   where the shipped data is (default: $VITAAL_DATA, else the\n"
    "               data folder of the source tree)\n";

static void remove_database(const char *path)
{
    char side[4096];
    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
}

/* The ministry's decisions on the demo's contributions (data/demo_decisions.json),
 * made by the rule the API and the CLI use, each dated and done by whom
 * the file says (never later than now), in one transaction. */
static int demo_decide(struct store *s, const char *data, struct error *e)
{
    json_t *doc, *item;
    json_error_t jerr;
    char path[4096], now[24], at[24];
    size_t i;
    int rc;

    snprintf(path, sizeof path, "%s/demo_decisions.json", data);
    if ((doc = json_load_file(path, 0, &jerr)) == NULL)
        return error_set(e, ERR_IO, path, "%s (line %d)", jerr.text, jerr.line);
    timefmt_format_datetime(timefmt_now(), now);
    if ((rc = store_begin(s, e)) != 0)
        goto cleanup;
    json_array_foreach(json_object_get(doc, "decisions"), i, item)
    {
        const char *when = json_string_value(json_object_get(item, "at"));
        struct store_change change = {json_string_value(json_object_get(item, "by")), "import", at,
                                      NULL, 0};
        struct contribution_decision d = {
            json_string_value(json_object_get(item, "contribution")),
            json_string_value(json_object_get(item, "risk")),
            json_is_true(json_object_get(item, "adopt")),
            json_string_value(json_object_get(
                item, json_is_true(json_object_get(item, "adopt")) ? "comment" : "reason")),
            json_string_value(json_object_get(item, "risk_id")),
            change.actor,
            NULL,
            &change};
        struct contribution_result res;
        if (change.actor == NULL || when == NULL || strlen(when) != 20) {
            rc = error_set(e, ERR_INVALID, path, "decision %zu needs by and at", i);
            break;
        }
        snprintf(at, sizeof at, "%s", strcmp(when, now) > 0 ? now : when);
        if ((rc = contribution_decide(s, &d, &res, e)) != 0) {
            error_prefix_where(e, path);
            break;
        }
    }
    if (rc == 0)
        rc = store_commit(s, e);
    else
        store_rollback(s);
cleanup:
    json_decref(doc);
    return rc;
}

/* One item of a demo file written through the rule the API uses, dated at
 * (the item's own time, never later than now); i names it in errors. */
typedef int (*demo_item_fn)(struct store *s, json_t *item, const char *at, size_t i,
                            struct error *e);

/* The items under key of the demo file data/name (optional: nothing when
 * it is absent), each dated by its "at", in one transaction. */
static int demo_load(struct store *s, const char *data, const char *name, const char *key,
                     demo_item_fn add, struct error *e)
{
    json_t *doc, *item;
    json_error_t jerr;
    char path[4096], now[24], at[24];
    size_t i;
    int rc;

    snprintf(path, sizeof path, "%s/%s", data, name);
    if (access(path, F_OK) != 0 && errno == ENOENT)
        return 0;
    if ((doc = json_load_file(path, 0, &jerr)) == NULL)
        return error_set(e, ERR_IO, path, "%s (line %d)", jerr.text, jerr.line);
    timefmt_format_datetime(timefmt_now(), now);
    if ((rc = store_begin(s, e)) != 0)
        goto cleanup;
    json_array_foreach(json_object_get(doc, key), i, item)
    {
        const char *when = json_string_value(json_object_get(item, "at"));
        if (when == NULL || strlen(when) != 20) {
            rc = error_set(e, ERR_INVALID, path, "%s %zu needs its time at", key, i);
            break;
        }
        snprintf(at, sizeof at, "%s", strcmp(when, now) > 0 ? now : when);
        if ((rc = add(s, item, at, i, e)) != 0) {
            error_prefix_where(e, path);
            break;
        }
    }
    if (rc == 0)
        rc = store_commit(s, e);
    else
        store_rollback(s);
cleanup:
    json_decref(doc);
    return rc;
}

/* The demo's evidence (data/demo_evidence.json): text files attached by
 * whom the file says. */
static int demo_attach(struct store *s, json_t *item, const char *at, size_t i, struct error *e)
{
    const char *text = json_string_value(json_object_get(item, "text"));
    struct attachment_new n = {model_kind_find(json_string_value(json_object_get(item, "kind"))),
                               json_string_value(json_object_get(item, "record")),
                               json_string_value(json_object_get(item, "name")),
                               text,
                               text ? strlen(text) : 0,
                               json_string_value(json_object_get(item, "by")),
                               NULL,
                               at};
    struct store_attachment stored;
    if (n.kind == NULL || n.user == NULL)
        return error_set(e, ERR_INVALID, NULL, "attachment %zu needs kind and by", i);
    return attachment_add(s, &n, &stored, e);
}

/* The demo's comment threads (data/demo_comments.json), through the
 * comment rules. */
static int demo_comment(struct store *s, json_t *item, const char *at, size_t i, struct error *e)
{
    struct comment_new c = {model_kind_find(json_string_value(json_object_get(item, "kind"))),
                            json_string_value(json_object_get(item, "id")),
                            json_string_value(json_object_get(item, "text")),
                            json_string_value(json_object_get(item, "author")),
                            NULL,
                            at};
    if (c.kind == NULL || c.parent_id == NULL || c.author == NULL)
        return error_set(e, ERR_INVALID, NULL, "comment %zu needs kind, id and author", i);
    return comment_import(s, &c, e);
}

int cmd_init(struct cli *cli, int argc, char **argv)
{
    static const struct option options[] = {CLI_COMMON_LONG_OPTIONS,
                                            {"demo", no_argument, NULL, 'd'},
                                            {"empty", no_argument, NULL, 'e'},
                                            {"data", required_argument, NULL, 'D'},
                                            {NULL, 0, NULL, 0}};
    struct import_batch batch = IMPORT_BATCH_INIT;
    struct import_stats stats = {0};
    struct cli_audit who;
    struct store *s = NULL;
    struct error e = {0};
    const char *data = cli_data_dir();
    char path[4096], shown[4096];
    int demo = 0, empty = 0, c, rc = 0, created = 0;
    size_t i;

    while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (c) {
        case CLI_OPT_DB:
            cli->db_path = optarg;
            break;
        case 'h':
            fputs(init_usage, stdout);
            return 0;
        case 'd':
            demo = 1;
            break;
        case 'e':
            empty = 1;
            break;
        case 'D':
            data = optarg;
            break;
        default:
            return cli_usage_error("init", "unknown option");
        }
    }
    if (optind < argc)
        return cli_usage_error("init", "unexpected argument '%s'", argv[optind]);
    if (demo && empty)
        return cli_usage_error("init", "--demo and --empty exclude each other");
    if (store_is_pg_url(cli->db_path)) { /* a database that holds vitaal's schema already */
        if (store_open(cli->db_path, STORE_READONLY, &s, &e) == 0) {
            store_close(s);
            s = NULL;
            error_set(&e, ERR_CONFLICT, "database",
                      "already holds a vitaal database; choose another --db");
            return cli_report(&e);
        }
        error_clear(&e);
    } else if (access(cli->db_path, F_OK) == 0) {
        error_set(&e, ERR_CONFLICT, cli->db_path,
                  "already exists; remove it first or choose another --db");
        return cli_report(&e);
    }
    if ((rc = store_open(cli->db_path, STORE_CREATE, &s, &e)) != 0)
        goto cleanup;
    created = 1;
    cli_audit_who(&who);
    who.change.via = "import";
    if (!empty) {
        for (i = 0; i < model_kind_count; i++) {
            if (!model_kinds[i]->catalogue)
                continue;
            snprintf(path, sizeof path, "%s/catalogue/%s.csv", data, model_kinds[i]->name);
            if (access(path, R_OK) != 0) {
                rc = error_set(&e, ERR_IO, path,
                               "catalogue file missing (is --data or $VITAAL_DATA right?)");
                goto cleanup;
            }
            if ((rc = import_batch_add_csv_file(&batch, path, model_kinds[i], &e)) != 0)
                goto cleanup;
        }
    }
    if (!empty) {
        /* owned by the coordinator the shipped catalogue defines */
        static const char *const frameworks[] = {"nis2-art21.yaml", "cer-art13.yaml", NULL};
        for (i = 0; frameworks[i]; i++) {
            snprintf(path, sizeof path, "%s/frameworks/%s", data, frameworks[i]);
            if ((rc = framework_batch_add_yaml_file(&batch, path, "nctv", &e)) != 0)
                goto cleanup;
        }
    }
    if (demo) {
        snprintf(path, sizeof path, "%s/demo.json", data);
        if ((rc = import_batch_add_json_file(&batch, path, &e)) != 0 ||
            (rc = import_batch_set_legacy(&batch, DEMO_EPOCH, &e)) != 0)
            goto cleanup;
    }
    if ((rc = import_batch_apply(&batch, s, 0, &who.change, NULL, &stats, &e)) != 0 ||
        (demo &&
         ((rc = demo_decide(s, data, &e)) != 0 ||
          (rc = demo_load(s, data, "demo_evidence.json", "attachments", demo_attach, &e)) != 0 ||
          (rc = demo_load(s, data, "demo_comments.json", "comments", demo_comment, &e)) != 0)))
        goto cleanup;
    store_display_name(cli->db_path, shown, sizeof shown);
    printf("created %s (schema %d): %zu records%s\n", shown, store_schema_version(s),
           stats.inserted + stats.updated, demo ? ", with the fictional demo data" : "");
cleanup:
    import_batch_release(&batch);
    store_close(s);
    if (rc != 0) {
        if (created)
            remove_database(cli->db_path);
        return cli_report(&e);
    }
    return 0;
}
