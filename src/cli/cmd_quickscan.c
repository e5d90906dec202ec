/*
 * cmd_quickscan.c — `vitaal quickscan EVENT`: open quickscans for the
 * processes an event names.
 */
#include "cli/cli.h"

#include "base/timefmt.h"
#include "domain/quickscan.h"
#include "report/report_json.h"
#include "store/store.h"

#include <getopt.h>
#include <stdio.h>

static const char quickscan_usage[] =
    "usage: vitaal quickscan [--db PATH] EVENT [--today YYYY-MM-DD] [--dry-run] [--json]\n\n"
    "A shock calls for a quickscan outside the four-year cycle. For every process\n"
    "the event names that has no quickscan for it yet, opens a draft quickscan\n"
    "analysis (id qs-EVENT-PROCESS, owned by the process's ministry, confidential).\n"
    "`vitaal status` counts open quickscans per process.\n\n"
    "  --today DATE   the start date (default: today)\n"
    "  --dry-run      say what would be opened, write nothing\n"
    "  --json         the document POST /api/v1/events/EVENT/quickscan answers with\n";

int cmd_quickscan(struct cli *cli, int argc, char **argv)
{
    static const struct option options[] = {CLI_COMMON_LONG_OPTIONS,
                                            {"today", required_argument, NULL, 't'},
                                            {"dry-run", no_argument, NULL, 'n'},
                                            {"json", no_argument, NULL, CLI_OPT_JSON},
                                            {NULL, 0, NULL, 0}};
    struct quickscan_result result = {0};
    struct cli_audit audit;
    struct import_hook hook;
    struct store *s = NULL;
    struct error e = {0};
    int64_t today = timefmt_today();
    int dry_run = 0, json = 0, c, rc;
    char started[11];
    size_t i;

    while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (c) {
        case CLI_OPT_DB:
            cli->db_path = optarg;
            break;
        case 'h':
            fputs(quickscan_usage, stdout);
            return 0;
        case 't':
            if ((rc = cli_option_date("quickscan", "--today", optarg, &today)) != 0)
                return rc;
            break;
        case 'n':
            dry_run = 1;
            break;
        case CLI_OPT_JSON:
            json = 1;
            break;
        default:
            return cli_usage_error("quickscan", "unknown option");
        }
    }
    if (argc - optind != 1)
        return cli_usage_error("quickscan", "name one EVENT");
    if ((rc = cli_open_store(cli, 0, &s)) != 0)
        return rc;
    if (!dry_run) {
        if ((rc = cli_audit_open(cli, &audit, &e)) != 0) {
            store_close(s);
            return cli_report(&e);
        }
        audit.detail = "vitaal quickscan";
        hook = cli_audit_hook(&audit);
    }
    if ((rc = quickscan_open(s, argv[optind], today, dry_run, dry_run ? NULL : &audit.change,
                             dry_run ? NULL : &hook, &result, &e)) == 0 &&
        json) {
        struct json_writer w;
        timefmt_format_date(today, started);
        json_writer_init_file(&w, stdout, 2);
        quickscan_write_json(&w, argv[optind], started, dry_run, &result);
        json_writer_finish(&w);
    } else if (rc == 0) {
        for (i = 0; i < result.n; i++)
            printf("%-40s %s %s\n", result.items[i].process,
                   result.items[i].created ? (dry_run ? "would open" : "opened") : "already has",
                   result.items[i].analysis);
    }
    quickscan_result_release(&result);
    store_close(s);
    return rc ? cli_report(&e) : 0;
}
