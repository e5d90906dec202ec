/*
 * cmd_compliance.c — `vitaal compliance [--entity ID|--sector ID|--process
 * ID] [--framework ID] [--lang LANG] [--json]`: how far the providers
 * (entities) comply with an imported framework, by their requirement
 * assessments, per entity, sector or process (domain/compliance.h). The
 * command line reads everything, as the coordinator does.
 */
#include "cli/cli.h"

#include "cli/table.h"
#include "domain/compliance.h"
#include "domain/framework.h"
#include "report/report_json.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char compliance_usage[] =
    "usage: vitaal compliance [--db PATH] [--entity ID | --sector ID | --process ID]\n"
    "                         [--framework ID] [--lang LANG] [--json]\n\n"
    "Compliance per entity: the providers' requirement assessments against an\n"
    "imported framework (compliant, partially_compliant, non_compliant,\n"
    "not_applicable, not_assessed), counted per entity (default), per sector or\n"
    "per process. A requirement without an assessment counts as not assessed;\n"
    "% compliant is of the applicable requirements (all but not_applicable).\n"
    "The entities counted are those a campaign of the framework is sent to or\n"
    "that assessed one of its requirements.\n\n"
    "  --entity ID     one provider; --entity '' every entity (the default)\n"
    "  --sector ID     one sector; --sector '' every sector\n"
    "  --process ID    one process; --process '' every process\n"
    "  --framework ID  one framework (id, urn or ref_id); default: every framework\n"
    "                  with something to count\n"
    "  --lang LANG     the framework's name in this language (en, nl, ...) where\n"
    "                  the library translates it\n"
    "  --json          the JSON document GET /api/v1/compliance answers with\n";

static const char *percent_text(double p, char *buf, size_t size)
{
    if (p < 0)
        return "-";
    snprintf(buf, size, "%.0f%%", p);
    return buf;
}

static void print_table(const struct compliance_table *t, enum compliance_group group,
                        const char *lang)
{
    static const char *const header[] = {"id",  "name", "entities", "compliant", "partial",
                                         "non", "n/a",  "open",     "assessed",  "compliant %"};
    const char *library = json_string_value(json_object_get(t->framework, "language"));
    struct table tab;
    size_t i, j;
    printf("framework %s: %s\n", json_string_value(json_object_get(t->framework, "id")),
           compliance_text(t->framework, "name", lang, library));
    table_init(&tab, 10, 48);
    tab.right_align = 0xffu << 2;
    table_add_row(&tab, header);
    for (i = 0; i < t->n; i++) {
        const struct compliance_counts *c = &t->rows[i].counts;
        char n[6][24], pa[16], pc[16];
        const char *row[10];
        row[0] = json_string_value(json_object_get(t->rows[i].record, "id"));
        row[1] = json_string_value(json_object_get(t->rows[i].record, "name"));
        snprintf(n[0], sizeof n[0], "%zu", c->entities);
        for (j = 0; j < COMPLIANCE_RESULT_COUNT; j++)
            snprintf(n[j + 1], sizeof n[j + 1], "%zu", c->by_result[j]);
        for (j = 0; j < 6; j++)
            row[j + 2] = n[j];
        row[8] = percent_text(compliance_percent_assessed(c), pa, sizeof pa);
        row[9] = percent_text(compliance_percent_compliant(c), pc, sizeof pc);
        table_add_row(&tab, row);
    }
    table_print(&tab, stdout);
    table_release(&tab);
    printf("(%zu %s)\n\n", t->n,
           group == COMPLIANCE_BY_ENTITY   ? "entities"
           : group == COMPLIANCE_BY_SECTOR ? "sectors"
                                           : "processes");
}

static int collect_id(void *ctx, json_t *record)
{
    json_array_append(ctx, json_object_get(record, "id"));
    return 0;
}

int cmd_compliance(struct cli *cli, int argc, char **argv)
{
    static const struct option options[] = {CLI_COMMON_LONG_OPTIONS,
                                            {"json", no_argument, NULL, CLI_OPT_JSON},
                                            {"entity", required_argument, NULL, 'E'},
                                            {"sector", required_argument, NULL, 'S'},
                                            {"process", required_argument, NULL, 'P'},
                                            {"framework", required_argument, NULL, 'f'},
                                            {"lang", required_argument, NULL, 'l'},
                                            {NULL, 0, NULL, 0}};
    struct compliance_query q = {NULL, COMPLIANCE_BY_ENTITY, NULL, NULL};
    struct compliance_table t = {0};
    const char *framework = NULL, *lang = NULL;
    char id[FRAMEWORK_ID_SIZE];
    json_t *ids = json_array(), *items = json_array(), *v;
    struct store *s = NULL;
    struct error e = {0};
    int json = 0, groups = 0, c, rc = 0;
    size_t i, printed = 0;

    optind = 0;
    while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (c) {
        case CLI_OPT_DB:
            cli->db_path = optarg;
            break;
        case 'h':
            fputs(compliance_usage, stdout);
            goto out;
        case CLI_OPT_JSON:
            json = 1;
            break;
        case 'E':
        case 'S':
        case 'P':
            groups++;
            q.group = c == 'E'   ? COMPLIANCE_BY_ENTITY
                      : c == 'S' ? COMPLIANCE_BY_SECTOR
                                 : COMPLIANCE_BY_PROCESS;
            q.only = optarg && optarg[0] ? optarg : NULL;
            break;
        case 'f':
            framework = optarg;
            break;
        case 'l':
            if ((lang = compliance_language(optarg)) == NULL || strlen(optarg) != 2) {
                rc = cli_usage_error("compliance", "--lang: a language as two letters (en, nl)");
                goto out;
            }
            break;
        default:
            rc = cli_usage_error("compliance", "unknown option");
            goto out;
        }
    }
    if (optind < argc || groups > 1) {
        rc = cli_usage_error("compliance", optind < argc ? "unexpected argument"
                                                         : "one of --entity, --sector, --process");
        goto out;
    }
    if ((rc = cli_open_store(cli, STORE_READONLY, &s)) != 0)
        goto out;
    if (framework) {
        if ((rc = framework_resolve(s, framework, id, sizeof id, &e)) != 0)
            goto fail;
        json_array_append_new(ids, json_string(id));
    } else if ((rc = store_record_each(s, model_kind(KIND_FRAMEWORK), NULL, 0, 0, 0, collect_id,
                                       ids, &e)) != 0) {
        goto fail;
    }
    json_array_foreach(ids, i, v)
    {
        q.framework = json_string_value(v);
        if ((rc = compliance_compute(s, &q, &t, &e)) != 0)
            goto fail;
        if (framework || (t.n > 0 && (q.only == NULL || t.rows[0].counts.entities > 0))) {
            if (json)
                json_array_append_new(items, compliance_table_json(&t, q.group, lang));
            else
                print_table(&t, q.group, lang);
            printed++;
        }
        compliance_table_release(&t);
    }
    if (json) {
        json_t *doc =
            framework ? json_incref(json_array_get(items, 0)) : json_pack("{sO}", "items", items);
        json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        putchar('\n');
        json_decref(doc);
    } else if (printed == 0) {
        printf("no framework has assessments or campaigns to count\n");
    }
    goto out;
fail:
    compliance_table_release(&t);
    rc = cli_report(&e);
out:
    json_decref(ids);
    json_decref(items);
    store_close(s);
    return rc;
}
