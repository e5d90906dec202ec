/*
 * cmd_campaigns.c — `vitaal campaigns list|show|create`: a campaign sends a
 * framework to chosen providers as a questionnaire; each answers it with
 * requirement assessments, and the campaign shows its progress per provider
 * (domain/compliance.h). The command line acts for the coordinator; create
 * validates, checks and writes the campaign in one audited transaction.
 */
#include "cli/cli.h"

#include "cli/table.h"
#include "domain/compliance.h"
#include "domain/framework.h"
#include "domain/import.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char campaigns_usage[] =
    "usage: vitaal campaigns list [--db PATH] [--json]\n"
    "       vitaal campaigns show [--db PATH] ID [--json]\n"
    "       vitaal campaigns create [--db PATH] --id ID --title TEXT --framework FW\n"
    "                               --to PROVIDER[,PROVIDER...] [--due DATE]\n"
    "                               [--owner ORG] [--classification C]\n\n"
    "A campaign sends a framework to chosen providers as a questionnaire: each\n"
    "provider answers with requirement assessments (kind requirement_assessments:\n"
    "provider, requirement, result, remarks). show: the progress per provider,\n"
    "assessed of the framework's assessable requirements (not_assessed is open).\n\n"
    "  --framework FW      the framework (id, urn or ref_id)\n"
    "  --to LIST           the providers, comma-separated\n"
    "  --due DATE          when the answers are due (YYYY-MM-DD)\n"
    "  --owner ORG         the sending organisation (default: the coordinator)\n"
    "  --classification C  public, internal (default), confidential or secret\n";

static const char *text_of(const json_t *r, const char *key)
{
    const char *v = json_string_value(json_object_get(r, key));
    return v ? v : "";
}

static int collect(void *ctx, json_t *record)
{
    json_array_append(ctx, record);
    return 0;
}

static void print_json(json_t *doc)
{
    json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    putchar('\n');
}

static int run_list(struct store *s, int json, struct error *e)
{
    static const char *const header[] = {"id",  "title",  "framework", "to",
                                         "due", "status", "assessed"};
    json_t *list = json_array(), *c, *progress = NULL, *row;
    struct table t;
    size_t i, j;
    int rc = store_record_each(s, model_kind(KIND_CAMPAIGN), NULL, 0, 0, 0, collect, list, e);
    table_init(&t, 7, 48);
    table_add_row(&t, header);
    json_array_foreach(list, i, c)
    {
        size_t assessed = 0, total = 0;
        char to[16], done[48];
        const char *cells[7];
        if (rc != 0 || (rc = compliance_campaign_progress(s, c, NULL, &progress, e)) != 0)
            break;
        json_array_foreach(progress, j, row)
        {
            assessed += (size_t)json_integer_value(json_object_get(row, "assessed"));
            total += (size_t)json_integer_value(json_object_get(row, "total"));
        }
        json_object_set_new(c, "progress", progress);
        snprintf(to, sizeof to, "%zu", json_array_size(json_object_get(c, "to")));
        snprintf(done, sizeof done, "%zu of %zu", assessed, total);
        cells[0] = text_of(c, "id");
        cells[1] = text_of(c, "title");
        cells[2] = text_of(c, "framework");
        cells[3] = to;
        cells[4] = text_of(c, "due");
        cells[5] = text_of(c, "status");
        cells[6] = done;
        table_add_row(&t, cells);
    }
    if (rc == 0 && json) {
        print_json(list);
    } else if (rc == 0) {
        table_print(&t, stdout);
        printf("(%zu campaigns)\n", t.n_rows - 1);
    }
    table_release(&t);
    json_decref(list);
    return rc;
}

static int run_show(struct store *s, const char *id, int json, struct error *e)
{
    static const char *const header[] = {"provider", "name",    "assessed", "total", "open",
                                         "compl.",   "partial", "non",      "n/a"};
    json_t *c = NULL, *progress = NULL, *row, *doc;
    struct table t;
    size_t i;
    int rc;
    if ((rc = store_record_get(s, model_kind(KIND_CAMPAIGN), id, &c, e)) != 0 ||
        (rc = compliance_campaign_progress(s, c, NULL, &progress, e)) != 0)
        goto cleanup;
    if (json) {
        doc = json_pack("{sO sO}", "campaign", c, "progress", progress);
        print_json(doc);
        json_decref(doc);
        goto cleanup;
    }
    printf("campaign %s: %s\nframework %s, due %s, %s\n\n", text_of(c, "id"), text_of(c, "title"),
           text_of(c, "framework"), json_object_get(c, "due") ? text_of(c, "due") : "-",
           text_of(c, "status"));
    table_init(&t, 9, 48);
    t.right_align = 0x7fu << 2;
    table_add_row(&t, header);
    json_array_foreach(progress, i, row)
    {
        static const char *const keys[] = {
            "assessed",      "total",         "open", "compliant", "partially_compliant",
            "non_compliant", "not_applicable"};
        char n[7][24];
        const char *cells[9];
        size_t k;
        cells[0] = text_of(row, "provider");
        cells[1] = text_of(row, "name");
        for (k = 0; k < 7; k++) {
            snprintf(n[k], sizeof n[k], "%lld",
                     (long long)json_integer_value(json_object_get(row, keys[k])));
            cells[k + 2] = n[k];
        }
        table_add_row(&t, cells);
    }
    table_print(&t, stdout);
    table_release(&t);
cleanup:
    json_decref(c);
    json_decref(progress);
    return rc;
}

struct create_args {
    const char *id, *title, *framework, *to, *due, *owner, *classification;
};

static int run_create(struct cli *cli, struct store *s, const struct create_args *a,
                      struct error *e)
{
    const struct kind *k = model_kind(KIND_CAMPAIGN);
    struct import_batch batch = IMPORT_BATCH_INIT;
    struct import_stats stats = {0};
    struct cli_audit audit;
    struct import_hook hook;
    char framework[FRAMEWORK_ID_SIZE], owner[FRAMEWORK_ID_SIZE], list[4096];
    json_t *record = NULL, *to = json_array();
    char *p, *save = NULL;
    int exists = 0, rc;

    snprintf(list, sizeof list, "%s", a->to);
    for (p = strtok_r(list, ",", &save); p; p = strtok_r(NULL, ",", &save))
        json_array_append_new(to, json_string(p));
    if ((rc = framework_resolve(s, a->framework, framework, sizeof framework, e)) != 0)
        goto cleanup;
    if (a->owner)
        snprintf(owner, sizeof owner, "%s", a->owner);
    else if ((rc = framework_owner_default(s, owner, sizeof owner, e)) != 0)
        goto cleanup;
    if ((rc = store_record_exists(s, k, a->id, &exists, e)) != 0)
        goto cleanup;
    if (exists) {
        rc = error_set(e, ERR_CONFLICT, a->id, "a campaign with this id exists");
        goto cleanup;
    }
    record = json_pack("{ss ss ss sO ss ss ss}", "id", a->id, "title", a->title, "framework",
                       framework, "to", to, "status", "open", "classification",
                       a->classification ? a->classification : "internal", "owner", owner);
    if (record == NULL) {
        rc = error_set(e, ERR_INVALID, NULL, "not valid UTF-8");
        goto cleanup;
    }
    if (a->due)
        json_object_set_new(record, "due", json_string(a->due));
    if ((rc = compliance_check_write(s, k, NULL, record, e)) != 0)
        goto cleanup;
    import_batch_add_record(&batch, k, record, "vitaal campaigns create", "$");
    record = NULL;
    if ((rc = cli_audit_open(cli, &audit, e)) != 0)
        goto cleanup;
    audit.detail = "vitaal campaigns create";
    hook = cli_audit_hook(&audit);
    if ((rc = import_batch_apply(&batch, s, 0, &audit.change, &hook, &stats, e)) == 0)
        printf("campaign %s sent to %zu provider%s\n", a->id, json_array_size(to),
               json_array_size(to) == 1 ? "" : "s");
cleanup:
    json_decref(record);
    json_decref(to);
    import_batch_release(&batch);
    return rc;
}

int cmd_campaigns(struct cli *cli, int argc, char **argv)
{
    static const struct option options[] = {CLI_COMMON_LONG_OPTIONS,
                                            {"json", no_argument, NULL, CLI_OPT_JSON},
                                            {"id", required_argument, NULL, 'i'},
                                            {"title", required_argument, NULL, 't'},
                                            {"framework", required_argument, NULL, 'f'},
                                            {"to", required_argument, NULL, 'T'},
                                            {"due", required_argument, NULL, 'd'},
                                            {"owner", required_argument, NULL, 'o'},
                                            {"classification", required_argument, NULL, 'c'},
                                            {NULL, 0, NULL, 0}};
    struct create_args a = {0};
    struct store *s = NULL;
    struct error e = {0};
    const char *sub;
    int json = 0, c, rc;

    optind = 0;
    while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (c) {
        case CLI_OPT_DB:
            cli->db_path = optarg;
            break;
        case 'h':
            fputs(campaigns_usage, stdout);
            return 0;
        case CLI_OPT_JSON:
            json = 1;
            break;
        case 'i':
            a.id = optarg;
            break;
        case 't':
            a.title = optarg;
            break;
        case 'f':
            a.framework = optarg;
            break;
        case 'T':
            a.to = optarg;
            break;
        case 'd':
            a.due = optarg;
            break;
        case 'o':
            a.owner = optarg;
            break;
        case 'c':
            a.classification = optarg;
            break;
        default:
            return cli_usage_error("campaigns", "unknown option");
        }
    }
    if (optind >= argc)
        return cli_usage_error("campaigns", "say list, show or create");
    sub = argv[optind++];
    if (strcmp(sub, "create") == 0) {
        if (optind < argc || !a.id || !a.title || !a.framework || !a.to)
            return cli_usage_error("campaigns", "create needs --id, --title, --framework and --to");
        if ((rc = cli_open_store(cli, 0, &s)) != 0)
            return rc;
        rc = run_create(cli, s, &a, &e);
        store_close(s);
        return rc ? cli_report(&e) : 0;
    }
    if (strcmp(sub, "list") != 0 && strcmp(sub, "show") != 0)
        return cli_usage_error("campaigns", "say list, show or create");
    if ((strcmp(sub, "show") == 0) != (argc - optind == 1) ||
        (strcmp(sub, "list") == 0 && argc != optind))
        return cli_usage_error("campaigns", strcmp(sub, "show") == 0 ? "show names one ID"
                                                                     : "list takes no argument");
    if ((rc = cli_open_store(cli, STORE_READONLY, &s)) != 0)
        return rc;
    rc = strcmp(sub, "list") == 0 ? run_list(s, json, &e) : run_show(s, argv[optind], json, &e);
    store_close(s);
    return rc ? cli_report(&e) : 0;
}
