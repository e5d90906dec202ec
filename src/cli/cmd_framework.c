/*
 * cmd_framework.c — `vitaal framework import|list|show|entities`: CER/NIS2
 * requirement frameworks read from CISO Assistant's YAML format, how far
 * measures cover them, and which providers fall under NIS2 and CER.
 */
#include "cli/cli.h"

#include "base/json_writer.h"
#include "cli/table.h"
#include "domain/framework.h"
#include "domain/import.h"
#include "domain/notification.h"
#include "report/report_json.h"
#include "store/store.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#define FRAMEWORK_CELL_WIDTH 48

static const char framework_usage[] =
    "usage: vitaal framework SUBCOMMAND [--db PATH] [ARGS]\n\n"
    "Requirement frameworks such as the CER and NIS2 directives, in the YAML\n"
    "format CISO Assistant publishes, and how far measures meet them.\n\n"
    "subcommands:\n"
    "  import FILE... [--owner ORG] [--dry-run]  read frameworks from YAML files\n"
    "  list [--process ID] [--json]              the frameworks and their coverage\n"
    "  show ID [--process ID] [--json]           the requirement tree with measures\n"
    "  entities [--json]                         per provider: NIS2 and CER status\n\n"
    "'vitaal framework SUBCOMMAND --help' explains each.\n";

static const char import_usage[] =
    "usage: vitaal framework import [--db PATH] [--owner ORG] [--dry-run] FILE...\n\n"
    "Reads each YAML file's objects.framework and its requirement_nodes (urn,\n"
    "parent_urn, ref_id, name, description, assessable) into one framework record\n"
    "and one requirement record per node, in file order (position). A record's id\n"
    "is its urn when that is a valid id, else a cleaned-up urn with a hash. All\n"
    "files are checked first and written in one transaction; re-importing a file\n"
    "updates its records. The records are public.\n\n"
    "  --owner ORG  the organisation that owns the records (default: the\n"
    "               organisation of kind coordinator)\n"
    "  --dry-run    check and report, write nothing\n";

static const char list_usage[] =
    "usage: vitaal framework list [--db PATH] [--process ID] [--json]\n\n"
    "The frameworks with their requirement count and how many assessable\n"
    "requirements a measure covers (not cancelled), and a done measure.\n"
    "  --process ID  count only the measures that protect this process\n";

static const char show_usage[] =
    "usage: vitaal framework show [--db PATH] ID [--process ID] [--as-of DATE] [--json]\n\n"
    "The requirement tree of a framework (ID may also be its urn or ref_id).\n"
    "For every assessable requirement: the measures whose 'requirements' name\n"
    "it, and whether one of them is done. Ends with the coverage: N of M\n"
    "assessable requirements covered by a measure, K by a done measure.\n"
    "A cancelled measure is listed but covers nothing. With --process ID only\n"
    "the measures that protect that process are listed and counted.\n" CLI_AS_OF_HELP;

static const char entities_usage[] =
    "usage: vitaal framework entities [--db PATH] [--json]\n\n"
    "Per provider (organisations of kind provider and any organisation named\n"
    "by a provider link) the processes it provides, with each link's NIS2 status\n"
    "(essential, important or none) and CER status (critical entity or not), and\n"
    "which regimes apply: NIS2, CER, both or none.\n";

/* Parses the options shared by the subcommands; returns -1 to go on, else
 * the exit status. */
static int parse_options(struct cli *cli, const char *name, const char *usage, int argc,
                         char **argv, int *json, const char **owner, int *dry_run,
                         const char **process, int64_t *as_of)
{
    static const struct option options[] = {CLI_COMMON_LONG_OPTIONS,
                                            {"json", no_argument, NULL, CLI_OPT_JSON},
                                            {"owner", required_argument, NULL, 'o'},
                                            {"dry-run", no_argument, NULL, 'n'},
                                            {"process", required_argument, NULL, 'p'},
                                            CLI_AS_OF_OPTION,
                                            {NULL, 0, NULL, 0}};
    int c, rc;
    optind = 0;
    while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        if (c == CLI_OPT_DB)
            cli->db_path = optarg;
        else if (c == 'h') {
            fputs(usage, stdout);
            return 0;
        } else if (c == CLI_OPT_JSON && json)
            *json = 1;
        else if (c == 'o' && owner)
            *owner = optarg;
        else if (c == 'n' && dry_run)
            *dry_run = 1;
        else if (c == 'p' && process)
            *process = optarg;
        else if (c == CLI_OPT_AS_OF && as_of) {
            if ((rc = cli_option_as_of(name, optarg, as_of)) != 0)
                return rc;
        } else
            return cli_usage_error(name, "unknown option");
    }
    return -1;
}

static int run_import(struct cli *cli, int argc, char **argv)
{
    struct import_batch batch = IMPORT_BATCH_INIT;
    struct import_stats stats = {0};
    struct cli_audit audit;
    struct import_hook hook;
    struct store *s = NULL;
    struct error e = {0};
    const char *owner = NULL;
    char owner_buf[FRAMEWORK_ID_SIZE];
    size_t i, frameworks = 0;
    int dry_run = 0, rc;

    if ((rc = parse_options(cli, "framework import", import_usage, argc, argv, NULL, &owner,
                            &dry_run, NULL, NULL)) >= 0)
        return rc;
    if (optind >= argc)
        return cli_usage_error("framework import", "name at least one FILE");
    if ((rc = cli_open_store(cli, 0, &s)) != 0)
        return rc;
    if (owner == NULL) {
        if ((rc = framework_owner_default(s, owner_buf, sizeof owner_buf, &e)) != 0)
            goto cleanup;
        owner = owner_buf;
    }
    for (; optind < argc; optind++) {
        if ((rc = framework_batch_add_yaml_file(&batch, argv[optind], owner, &e)) != 0)
            goto cleanup;
    }
    if (!dry_run) {
        if ((rc = cli_audit_open(cli, &audit, &e)) != 0)
            goto cleanup;
        audit.detail = "vitaal framework import";
        audit.change.via = "import";
        hook = cli_audit_hook(&audit);
    }
    if ((rc = import_batch_apply(&batch, s, dry_run, dry_run ? NULL : &audit.change,
                                 dry_run ? NULL : &hook, &stats, &e)) != 0)
        goto cleanup;
    for (i = 0; i < batch.n; i++)
        frameworks += batch.items[i].kind->id == KIND_FRAMEWORK;
    printf("%s %zu framework%s, %zu records: %zu new, %zu updated",
           dry_run ? "would import" : "imported", frameworks, frameworks == 1 ? "" : "s",
           stats.inserted + stats.updated + stats.unchanged, stats.inserted, stats.updated);
    if (stats.unchanged)
        printf(", %zu unchanged", stats.unchanged);
    putchar('\n');
cleanup:
    import_batch_release(&batch);
    store_close(s);
    return rc ? cli_report(&e) : 0;
}

static const char *text_of(const json_t *record, const char *field)
{
    const char *v = json_string_value(json_object_get(record, field));
    return v ? v : "";
}

static void write_text_or_null(struct json_writer *w, const char *key, const json_t *record)
{
    json_write_key(w, key);
    json_write_string(w, json_string_value(json_object_get(record, key)));
}

/* --process ID must name a process: a typo would otherwise count nothing. */
static int check_process(struct store *s, const char *process, struct error *e)
{
    int exists = 0, rc;
    if (process == NULL)
        return 0;
    if ((rc = store_record_exists(s, model_kind(KIND_PROCESS), process, &exists, e)) != 0)
        return rc;
    return exists ? 0 : error_set(e, ERR_NOTFOUND, process, "no process with this id");
}

struct framework_ids {
    json_t *list;
};

static int collect_id(void *ctx, json_t *record)
{
    json_array_append(((struct framework_ids *)ctx)->list, json_object_get(record, "id"));
    return 0;
}

static int run_list(struct cli *cli, int argc, char **argv)
{
    struct framework_ids ids = {json_array()};
    struct store *s = NULL;
    struct error e = {0};
    struct table t;
    struct json_writer w;
    json_t *id;
    size_t i;
    const char *process = NULL;
    struct framework_scope scope = {NULL, NULL, NULL};
    int json = 0, rc;
    static const char *const header[] = {"id",         "ref_id",  "name",   "requirements",
                                         "assessable", "covered", "by done"};

    if ((rc = parse_options(cli, "framework list", list_usage, argc, argv, &json, NULL, NULL,
                            &process, NULL)) >= 0)
        goto out;
    if (optind < argc) {
        rc = cli_usage_error("framework list", "unexpected argument '%s'", argv[optind]);
        goto out;
    }
    if ((rc = cli_open_store(cli, STORE_READONLY, &s)) != 0)
        goto out;
    scope.process = process;
    if (check_process(s, process, &e) != 0 ||
        store_record_each(s, model_kind(KIND_FRAMEWORK), NULL, 0, 0, 0, collect_id, &ids, &e) !=
            0) {
        rc = cli_report(&e);
        goto out;
    }
    table_init(&t, 7, FRAMEWORK_CELL_WIDTH);
    t.right_align = 0xfu << 3;
    table_add_row(&t, header);
    if (json) {
        json_writer_init_file(&w, stdout, 2);
        json_write_array_begin(&w);
    }
    json_array_foreach(ids.list, i, id)
    {
        struct framework_coverage c;
        char n[4][24];
        const char *row[7];
        if ((rc = framework_coverage_compute_scoped(s, json_string_value(id), &scope, &c, &e)) !=
            0) {
            framework_coverage_release(&c);
            break;
        }
        if (json) {
            framework_summary_write_json(&w, &c);
        } else {
            snprintf(n[0], sizeof n[0], "%zu", c.n);
            snprintf(n[1], sizeof n[1], "%zu", c.assessable);
            snprintf(n[2], sizeof n[2], "%zu", c.covered);
            snprintf(n[3], sizeof n[3], "%zu", c.covered_done);
            row[0] = text_of(c.framework, "id");
            row[1] = text_of(c.framework, "ref_id");
            row[2] = text_of(c.framework, "name");
            row[3] = n[0];
            row[4] = n[1];
            row[5] = n[2];
            row[6] = n[3];
            table_add_row(&t, row);
        }
        framework_coverage_release(&c);
    }
    if (json)
        json_write_array_end(&w);
    if (rc == 0 && json && json_writer_finish(&w) != 0)
        rc = error_set(&e, ERR_IO, NULL, "writing the output failed");
    if (rc == 0 && !json) {
        table_print(&t, stdout);
        printf("(%zu frameworks)\n", t.n_rows - 1);
    }
    table_release(&t);
    if (rc != 0)
        rc = cli_report(&e);
out:
    json_decref(ids.list);
    store_close(s);
    return rc;
}

static void show_json(const struct framework_coverage *c)
{
    struct json_writer w;
    json_writer_init_file(&w, stdout, 2);
    framework_coverage_write_json(&w, c);
    json_writer_finish(&w);
}

static void show_table(const struct framework_coverage *c)
{
    static const char *const header[] = {"requirement", "id", "text", "measures", "done"};
    struct table t;
    size_t i, j;
    json_t *m;
    printf("framework %s: %s\n", text_of(c->framework, "id"), text_of(c->framework, "name"));
    printf("urn %s%s%s\n\n", text_of(c->framework, "urn"),
           json_string_value(json_object_get(c->framework, "ref_id")) ? ", ref_id " : "",
           text_of(c->framework, "ref_id"));
    table_init(&t, 5, FRAMEWORK_CELL_WIDTH);
    table_add_row(&t, header);
    for (i = 0; i < c->n; i++) {
        const struct framework_node *n = &c->nodes[i];
        char ref[160], measures[FRAMEWORK_CELL_WIDTH * 4 + 8];
        const char *row[5], *text = text_of(n->record, "name");
        size_t used = 0;
        int assessable = json_is_true(json_object_get(n->record, "assessable"));
        snprintf(ref, sizeof ref, "%*s%s", (int)(n->depth > 8 ? 16 : n->depth * 2), "",
                 json_string_value(json_object_get(n->record, "ref_id"))
                     ? text_of(n->record, "ref_id")
                     : (text[0] ? text : "-"));
        if (text[0] == '\0')
            text = text_of(n->record, "description");
        measures[0] = '\0';
        json_array_foreach(n->measures, j, m)
        {
            used += (size_t)snprintf(
                measures + used, used < sizeof measures ? sizeof measures - used : 0, "%s%s%s",
                j ? ", " : "", text_of(m, "id"),
                strcmp(text_of(m, "status"), "cancelled") == 0 ? " (cancelled)" : "");
            if (used >= sizeof measures)
                break;
        }
        row[0] = ref;
        row[1] = text_of(n->record, "id");
        row[2] = text;
        row[3] = assessable ? (measures[0] ? measures : "none") : "";
        row[4] = assessable ? (n->covered_done ? "yes" : "no") : "";
        table_add_row(&t, row);
    }
    table_print(&t, stdout);
    table_release(&t);
    printf("\n%zu of %zu assessable requirements covered by a measure, %zu by a done measure\n",
           c->covered, c->assessable, c->covered_done);
}

static int run_show(struct cli *cli, int argc, char **argv)
{
    struct framework_coverage c = {0};
    struct store *s = NULL;
    struct error e = {0};
    struct framework_scope scope = {NULL, NULL, NULL};
    char id[FRAMEWORK_ID_SIZE];
    int64_t as_of = -1, today;
    int json = 0, rc;

    if ((rc = parse_options(cli, "framework show", show_usage, argc, argv, &json, NULL, NULL,
                            &scope.process, &as_of)) >= 0)
        return rc;
    if (argc - optind != 1)
        return cli_usage_error("framework show", "name one framework ID");
    if ((rc = cli_open_as_of(cli, as_of, &s, &today)) != 0)
        return rc;
    if ((rc = check_process(s, scope.process, &e)) == 0 &&
        (rc = framework_resolve(s, argv[optind], id, sizeof id, &e)) == 0 &&
        (rc = framework_coverage_compute_scoped(s, id, &scope, &c, &e)) == 0) {
        if (json)
            show_json(&c);
        else
            show_table(&c);
    }
    framework_coverage_release(&c);
    store_close(s);
    return rc ? cli_report(&e) : 0;
}

static void entities_json(const struct notification_entities *r)
{
    struct json_writer w;
    size_t i, j;
    json_writer_init_file(&w, stdout, 2);
    json_write_array_begin(&w);
    for (i = 0; i < r->n; i++) {
        const struct notification_entity *ent = &r->entities[i];
        json_write_object_begin(&w);
        write_text_or_null(&w, "id", ent->provider);
        write_text_or_null(&w, "name", ent->provider);
        json_write_key(&w, "nis2_entity");
        json_write_string(&w, ent->nis2_entity);
        json_write_key(&w, "cer_critical");
        json_write_bool(&w, ent->cer_critical);
        json_write_key(&w, "regimes");
        json_write_string(&w, cer_nis2_name(ent->regimes));
        json_write_key(&w, "processes");
        json_write_array_begin(&w);
        for (j = 0; j < ent->n_links; j++) {
            const struct notification_link *l = &ent->links[j];
            json_write_object_begin(&w);
            write_text_or_null(&w, "process", l->link);
            json_write_key(&w, "process_name");
            json_write_string(&w, l->process_name);
            json_write_key(&w, "link");
            json_write_string(&w, text_of(l->link, "id"));
            write_text_or_null(&w, "nis2_entity", l->link);
            json_write_key(&w, "cer_critical");
            json_write_bool(&w, json_is_true(json_object_get(l->link, "cer_critical")));
            json_write_key(&w, "regimes");
            json_write_string(&w, cer_nis2_name(l->regimes));
            json_write_object_end(&w);
        }
        json_write_array_end(&w);
        json_write_object_end(&w);
    }
    json_write_array_end(&w);
    json_writer_finish(&w);
}

static void entities_table(const struct notification_entities *r)
{
    static const char *const header[] = {"provider", "name", "process", "NIS2", "CER", "regimes"};
    struct table t;
    size_t i, j, counts[4] = {0};
    table_init(&t, 6, 40);
    table_add_row(&t, header);
    for (i = 0; i < r->n; i++) {
        const struct notification_entity *ent = &r->entities[i];
        const char *row[6];
        row[0] = text_of(ent->provider, "id");
        row[1] = text_of(ent->provider, "name");
        counts[ent->regimes & 3]++;
        if (ent->n_links == 0) {
            row[2] = "(no provider links)";
            row[3] = "none";
            row[4] = "no";
            row[5] = "none";
            table_add_row(&t, row);
        }
        for (j = 0; j < ent->n_links; j++) {
            const struct notification_link *l = &ent->links[j];
            row[2] = text_of(l->link, "process");
            row[3] = text_of(l->link, "nis2_entity");
            row[4] = json_is_true(json_object_get(l->link, "cer_critical")) ? "critical" : "no";
            row[5] = cer_nis2_name(l->regimes);
            table_add_row(&t, row);
            row[0] = row[1] = ""; /* name the provider once */
        }
    }
    table_print(&t, stdout);
    table_release(&t);
    printf("\n%zu providers: %zu under NIS2 and CER, %zu NIS2 only, %zu CER only, %zu neither\n",
           r->n, counts[3], counts[1], counts[2], counts[0]);
}

static int run_entities(struct cli *cli, int argc, char **argv)
{
    struct notification_entities r = {0};
    struct store *s = NULL;
    struct error e = {0};
    int json = 0, rc;

    if ((rc = parse_options(cli, "framework entities", entities_usage, argc, argv, &json, NULL,
                            NULL, NULL, NULL)) >= 0)
        return rc;
    if (optind < argc)
        return cli_usage_error("framework entities", "unexpected argument '%s'", argv[optind]);
    if ((rc = cli_open_store(cli, STORE_READONLY, &s)) != 0)
        return rc;
    if ((rc = notification_entities_compute(s, &r, &e)) == 0) {
        if (json)
            entities_json(&r);
        else
            entities_table(&r);
    }
    notification_entities_release(&r);
    store_close(s);
    return rc ? cli_report(&e) : 0;
}

int cmd_framework(struct cli *cli, int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*run)(struct cli *, int, char **);
    } subcommands[] = {
        {"import", run_import}, {"list", run_list}, {"show", run_show}, {"entities", run_entities}};
    size_t i;
    if (argc < 2)
        return cli_usage_error("framework", "name a subcommand: import, list, show or entities");
    if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
        fputs(framework_usage, stdout);
        return 0;
    }
    for (i = 0; i < sizeof subcommands / sizeof subcommands[0]; i++) {
        if (strcmp(argv[1], subcommands[i].name) == 0)
            return subcommands[i].run(cli, argc - 1, argv + 1);
    }
    return cli_usage_error("framework", "'%s' is not a subcommand (import, list, show, entities)",
                           argv[1]);
}
