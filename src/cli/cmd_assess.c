/*
 * cmd_assess.c — `vitaal assess`: the vitaalbeoordeling of one process
 * (domain/assess.h). Prints the engine's explanation, the estimates against
 * the thresholds and the cascade, and records the outcome as a new dated
 * assessment unless --dry-run (the assessment it read stays as it was).
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
    "usage: vitaal assess PROCESS [--assessment ID] [--outage-h T] [--rationale TEXT]\n"
    "                     [--dry-run] [--json]\n\n"
    "The vitaalbeoordeling (docs/method.md): takes the process's latest assessment\n"
    "(or the named one) with its impact estimates, computes the cascade criterion\n"
    "(in how many other sectors a vital process is down at least\n"
    "assess_cascade_min_down_h hours when PROCESS fails alone for T hours) with the\n"
    "cascade model over the stored graph, and decides: category A when an\n"
    "estimate meets its A threshold (more than it, or at least it: the\n"
    "criterion's comparator), else B when one meets its B threshold, else none.\n"
    "Records the outcome as a NEW assessment dated today (as-PROCESS-DATE, -2,\n"
    "... on the same day) with the engine's explanation; the assessment it read\n"
    "stays as it was. Says which thresholds are not yet verified against a\n"
    "primary source.\n\n"
    "  --assessment ID  assess with this assessment's estimates (default: the latest)\n"
    "  --outage-h T     outage length for the cascade (default: setting assess_outage_h)\n"
    "  --rationale TEXT the analyst's own rationale for the new assessment\n"
    "  --dry-run        decide and explain, write nothing\n"
    "  --json           machine-readable output\n";

static void print_json(const struct assess_result *r)
{
    struct json_writer w;
    json_writer_init_file(&w, stdout, 2);
    assess_write_json(&w, r, NULL);
    json_writer_finish(&w);
}

static void print_text(const struct assess_result *r)
{
    static const char *const header[] = {"criterion", "estimate", "A", "B", "meets", "to verify"};
    const char *cat = assess_category_name(r->category);
    struct table t;
    size_t i;

    printf("%s\n\n", r->explanation);
    table_init(&t, 6, 40);
    t.right_align = 1u << 1 | 1u << 2 | 1u << 3;
    table_add_row(&t, header);
    for (i = 0; i < r->n_criteria; i++) {
        const struct assess_criterion *c = &r->criteria[i];
        char v[32] = "-", a[48] = "-", b[48] = "-", num[32], check[8];
        const char *row[6];
        const char *x = assess_meets_name(c);
        const char *op = c->comparator == ASSESS_AT_LEAST ? ">=" : ">";
        if (c->has_value)
            assess_format_number(c->value, v);
        if (c->has_a)
            snprintf(a, sizeof a, "%s %s", op, assess_format_number(c->a_above, num));
        if (c->has_b)
            snprintf(b, sizeof b, "%s %s", op, assess_format_number(c->b_above, num));
        row[0] = c->id;
        row[1] = v;
        row[2] = a;
        row[3] = b;
        row[4] = x ? x : "-";
        snprintf(check, sizeof check, "%s%s%s", c->has_a && !c->a_verified ? "A" : "",
                 c->has_a && !c->a_verified && c->has_b && !c->b_verified ? ", " : "",
                 c->has_b && !c->b_verified ? "B" : "");
        row[5] = check[0] ? check : "-";
        table_add_row(&t, row);
    }
    table_print(&t, stdout);
    table_release(&t);
    if (r->unit == ASSESS_UNIT_SECTORS) {
        printf("\ncascade: vital processes in %lu other sector%s down at least %ld h when %s "
               "fails for %ld h (horizon %ld h)",
               (unsigned long)r->cascade, r->cascade == 1 ? "" : "s", (long)r->min_down_h,
               r->process, (long)r->outage_h, (long)r->horizon_h);
        for (i = 0; r->cascade_sectors[i]; i++)
            printf("%s%s", i ? ", " : ": ", r->cascade_sectors[i]);
        if (r->n_cascade_ids > 0)
            printf("\n  by");
    } else {
        printf("\ncascade: %lu other vital process%s down at least %ld h when %s fails for %ld h "
               "(horizon %ld h)",
               (unsigned long)r->cascade, r->cascade == 1 ? "" : "es", (long)r->min_down_h,
               r->process, (long)r->outage_h, (long)r->horizon_h);
    }
    for (i = 0; i < r->n_cascade_ids; i++)
        printf("%s%s", i ? ", " : ": ", r->cascade_ids[i]);
    printf("\n");
    if (strcmp(r->process_category, cat) == 0)
        printf("category %s: the same as the process's current category\n", cat);
    else
        printf("category %s: DIFFERS from the process's current category %s (the process "
               "record is not changed)\n",
               cat, r->process_category);
    if (r->written)
        printf("recorded as the new assessment %s (%s), from the estimates of %s (%s, which said "
               "%s and stays as it was)\n",
               r->recorded, r->recorded_date, r->assessment, r->assessment_date,
               r->previous_category);
    else
        printf("dry run: nothing recorded (estimates of assessment %s, %s)\n", r->assessment,
               r->assessment_date);
}

int cmd_assess(struct cli *cli, int argc, char **argv)
{
    enum { OPT_ASSESSMENT = 1100, OPT_OUTAGE, OPT_DRY_RUN, OPT_RATIONALE };
    static const struct option options[] = {CLI_COMMON_LONG_OPTIONS,
                                            {"json", no_argument, NULL, CLI_OPT_JSON},
                                            {"assessment", required_argument, NULL, OPT_ASSESSMENT},
                                            {"outage-h", required_argument, NULL, OPT_OUTAGE},
                                            {"dry-run", no_argument, NULL, OPT_DRY_RUN},
                                            {"rationale", required_argument, NULL, OPT_RATIONALE},
                                            {NULL, 0, NULL, 0}};
    struct assess_options o = {.outage_h = -1};
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
        case OPT_RATIONALE:
            o.rationale = optarg;
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
        o.assessor = audit.actor;
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
