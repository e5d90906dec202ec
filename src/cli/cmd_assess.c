/*
 * cmd_assess.c — `vitaal assess`: the vitaalbeoordeling of one process
 * (domain/assess.h). Prints the explanation, the estimates against the
 * thresholds and the cascade, and records the outcome in the assessment
 * unless --dry-run.
 */
#include "cli/cli.h"

#include "base/json_writer.h"
#include "cli/engine_output.h"
#include "cli/table.h"
#include "domain/assess.h"
#include "report/report_json.h"
#include "store/store.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char assess_usage[] =
    "usage: vitaal assess PROCESS [--assessment ID] [--outage-h T] [--dry-run] [--json]\n\n"
    "The vitaalbeoordeling (docs/method.md): takes the process's latest assessment\n"
    "(or the named one) with its impact estimates, computes the cascade criterion\n"
    "(how many other vital processes are down at least one hour when PROCESS\n"
    "fails for T hours) with the cascade model over the stored graph, and decides:\n"
    "category A when an estimate exceeds (is strictly greater than) its A\n"
    "threshold, else B when one exceeds its B threshold, else none. Records the\n"
    "category, the deciding criteria, the cascade count and the explanation in\n"
    "the assessment.\n\n"
    "  --assessment ID  assess with this assessment (default: the latest by date)\n"
    "  --outage-h T     outage length for the cascade (default: setting assess_outage_h)\n"
    "  --dry-run        decide and explain, write nothing\n"
    "  --json           machine-readable output\n";

/* Which category's threshold the estimate exceeds: "A", "B" or NULL. */
static const char *exceeds(const struct assess_criterion *c)
{
    if (!c->has_value)
        return NULL;
    if (c->has_a && c->value > c->a_above)
        return "A";
    if (c->has_b && c->value > c->b_above)
        return "B";
    return NULL;
}

static void print_json(const struct assess_result *r)
{
    struct json_writer w;
    json_writer_init_file(&w, stdout, 2);
    assess_write_json(&w, r, NULL);
    json_writer_finish(&w);
}

static void print_text(const struct assess_result *r)
{
    static const char *const header[] = {"criterion", "estimate", "A above", "B above", "exceeds"};
    const char *cat = assess_category_name(r->category);
    struct table t;
    size_t i;

    printf("%s\n\n", r->rationale);
    table_init(&t, 5, 40);
    t.right_align = 1u << 1 | 1u << 2 | 1u << 3;
    table_add_row(&t, header);
    for (i = 0; i < r->n_criteria; i++) {
        const struct assess_criterion *c = &r->criteria[i];
        char v[32] = "-", a[32] = "-", b[32] = "-";
        const char *row[5];
        const char *x = exceeds(c);
        if (c->has_value)
            assess_format_number(c->value, v);
        if (c->has_a)
            assess_format_number(c->a_above, a);
        if (c->has_b)
            assess_format_number(c->b_above, b);
        row[0] = c->id;
        row[1] = v;
        row[2] = a;
        row[3] = b;
        row[4] = x ? x : "-";
        table_add_row(&t, row);
    }
    table_print(&t, stdout);
    table_release(&t);
    printf("\ncascade: %lu other vital process%s down when %s fails for %ld h (horizon %ld h)",
           (unsigned long)r->cascade, r->cascade == 1 ? "" : "es", r->process, (long)r->outage_h,
           (long)r->horizon_h);
    for (i = 0; i < r->cascade; i++)
        printf("%s%s", i ? ", " : ": ", r->cascade_ids[i]);
    printf("\n");
    if (strcmp(r->process_category, cat) == 0)
        printf("category %s: the same as the process's current category\n", cat);
    else
        printf("category %s: DIFFERS from the process's current category %s (the process "
               "record is not changed)\n",
               cat, r->process_category);
    if (r->written)
        printf("recorded in assessment %s (%s; it said %s)\n", r->assessment, r->assessment_date,
               r->previous_category);
    else
        printf("dry run: assessment %s (%s) not changed\n", r->assessment, r->assessment_date);
}

int cmd_assess(struct cli *cli, int argc, char **argv)
{
    enum { OPT_ASSESSMENT = 1100, OPT_OUTAGE, OPT_DRY_RUN };
    static const struct option options[] = {CLI_COMMON_LONG_OPTIONS,
                                            {"json", no_argument, NULL, CLI_OPT_JSON},
                                            {"assessment", required_argument, NULL, OPT_ASSESSMENT},
                                            {"outage-h", required_argument, NULL, OPT_OUTAGE},
                                            {"dry-run", no_argument, NULL, OPT_DRY_RUN},
                                            {NULL, 0, NULL, 0}};
    struct assess_options o = {NULL, NULL, -1, 0, NULL, NULL};
    struct cli_audit audit;
    struct import_hook hook;
    struct assess_result r;
    struct store *s = NULL;
    struct error e = {0};
    int json = 0, c, rc;

    memset(&r, 0, sizeof r);
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
        switch (c) {
        case CLI_OPT_HELP:
            fputs(assess_usage, stdout);
            return 0;
        case CLI_OPT_DB:
            cli->db_path = optarg;
            break;
        case CLI_OPT_JSON:
            json = 1;
            break;
        case OPT_ASSESSMENT:
            o.assessment = optarg;
            break;
        case OPT_OUTAGE:
            if ((rc = engine_parse_hours("assess", "--outage-h", optarg, 0, INT32_MAX,
                                         &o.outage_h)) != 0)
                return rc;
            break;
        case OPT_DRY_RUN:
            o.dry_run = 1;
            break;
        default:
            return engine_option_error("assess", c, argv);
        }
    }
    if (optind >= argc)
        return cli_usage_error("assess", "name the process to assess");
    if (optind + 1 < argc)
        return cli_usage_error("assess", "unexpected argument '%s'", argv[optind + 1]);
    o.process = argv[optind];
    if ((rc = cli_open_store(cli, o.dry_run ? STORE_READONLY : 0, &s)) != 0)
        return rc;
    if (!o.dry_run) {
        if ((rc = cli_audit_open(cli, &audit, &e)) != 0) {
            store_close(s);
            return cli_report(&e);
        }
        audit.detail = "vitaal assess";
        hook = cli_audit_hook(&audit);
        o.hook = &hook;
        o.change = &audit.change;
    }
    if ((rc = assess_run(s, &o, &r, &e)) == 0) {
        if (json)
            print_json(&r);
        else
            print_text(&r);
        if (fflush(stdout) != 0 || ferror(stdout))
            rc = error_set(&e, ERR_IO, NULL, "writing the output failed");
    }
    assess_result_release(&r);
    store_close(s);
    return rc ? cli_report(&e) : 0;
}
