/*
 * cmd_report.c — `vitaal report annual`: the yearly report to parliament
 * (the voortgangsbrief) as PDF, HTML or Markdown, written to a file.
 *
 * Audit: the report shows no record, only counts under disclosure control
 * (domain/disclosure.h), so it makes no "read" entry per record counted —
 * that would say hundreds of confidential records were shown when none
 * was. It makes one "report" entry instead, naming the year, the as-of
 * day, the format, the language and the file, so that every copy that left
 * the system can be traced (docs/decisions.md).
 */
#include "cli/cli.h"

#include "base/progress.h"
#include "base/strbuf.h"
#include "base/timefmt.h"
#include "report/annual_doc.h"
#include "store/store.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char report_usage[] =
    "usage: vitaal report annual --year YYYY [--as-of DATE] [--format pdf|html|md]\n"
    "                            [--lang nl|en] -o FILE [--db PATH]\n"
    "       vitaal report process ID ...  (the per-process report: report process --help)\n\n"
    "The yearly report to parliament (the voortgangsbrief): the cycle per sector and\n"
    "per ministry, the action programme, toetsing, fallback options, incidents and\n"
    "notifications, the national risk picture and the trends since the first year in\n"
    "the data, as the records stood at the end of the year. Aggregates only: a count\n"
    "concerning fewer than report_min_cell (3) processes or providers is withheld,\n"
    "and so is what would let it be worked out (docs/method.md, \"Disclosure\n"
    "control\").\n\n"
    "  --year YYYY        the year reported on\n"
    "  --as-of DATE       the day the figures stand on, within the year (default: its\n"
    "                     last day, or today for the year still running)\n"
    "  --format F         pdf (default), html or md\n"
    "  --lang L           nl (default) or en\n"
    "  -o FILE            where to write it ('-': standard output; a file is\n"
    "                     created readable by its owner alone)\n"
    "  --encrypt-to KEY.pub  seal it to the holder of KEY.pub (vitaal keys new); only\n"
    "                     'vitaal decrypt --key KEY.key' opens it\n\n"
    "The same data and day give the same bytes. Every report written is audited.\n";

static int audit_report(const struct cli *cli, const char *detail, struct error *e)
{
    struct cli_audit audit;
    struct store *s = NULL;
    struct audit_event ev;
    int rc;
    if ((rc = cli_write_begin(cli, &s, &audit, e)) != 0)
        return rc;
    ev = (struct audit_event){audit.actor, NULL, "report", NULL, NULL, detail};
    rc = cli_write_end(s, &audit, 0, &ev, e);
    store_close(s);
    return rc;
}

static int report_annual(struct cli *cli, int argc, char **argv)
{
    static const struct option options[] = {CLI_COMMON_LONG_OPTIONS,
                                            {"year", required_argument, NULL, 'y'},
                                            {"format", required_argument, NULL, 'f'},
                                            {"lang", required_argument, NULL, 'l'},
                                            {"output", required_argument, NULL, 'o'},
                                            {"encrypt-to", required_argument, NULL, 'k'},
                                            CLI_AS_OF_OPTION,
                                            {NULL, 0, NULL, 0}};
    struct annual_options o = {0, -1, 0, NULL};
    struct progress_meter *meter = NULL;
    struct progress_sink progress;
    struct strbuf out = STRBUF_INIT;
    struct store *s = NULL;
    struct error e = {0};
    struct cli_doc_options d = CLI_DOC_OPTIONS_INIT;
    char as_of[11] = "", detail[4200], *end;
    int c, rc, taken;
    while ((c = getopt_long(argc, argv, "ho:", options, NULL)) != -1) {
        switch (c) {
        case CLI_OPT_DB:
            cli->db_path = optarg;
            break;
        case 'h':
            fputs(report_usage, stdout);
            return 0;
        case 'y':
            errno = 0;
            o.year = (int)strtol(optarg, &end, 10);
            if (errno || *end || end == optarg || o.year < 2000 || o.year > 2100)
                return cli_usage_error("report annual",
                                       "--year needs a year 2000 .. 2100, not '%s'", optarg);
            break;
        case CLI_OPT_AS_OF:
            if ((rc = cli_option_as_of("report annual", optarg, &o.as_of)) != 0)
                return rc;
            break;
        default:
            if ((rc = cli_doc_option("report annual", c, optarg, &d, &taken)) != 0)
                return rc;
            if (!taken)
                return cli_usage_error("report annual", "unknown option");
        }
    }
    if (optind < argc)
        return cli_usage_error("report annual", "unexpected argument '%s'", argv[optind]);
    if (o.year == 0)
        return cli_usage_error("report annual", "--year YYYY is required");
    if (!d.path || !*d.path)
        return cli_usage_error("report annual", "-o FILE is required ('-' for standard output)");
    o.today = timefmt_today();
    if ((rc = cli_open_store(cli, STORE_READONLY, &s)) != 0)
        return rc;
    /* progress on standard error only when it is a terminal */
    meter = progress_meter_new(stderr, 0);
    progress = progress_meter_sink(meter);
    o.progress = &progress;
    rc = annual_doc_render(s, &o, d.lang, d.format, &out, as_of, &e);
    progress_meter_free(meter); /* erases its line before any message */
    store_close(s);
    if (rc == 0) {
        snprintf(detail, sizeof detail, "annual report %d as of %s (%s, %s) to %s%s%s", o.year,
                 as_of, doc_format_extension(d.format), d.lang, d.path,
                 d.encrypt_to ? " sealed to " : "", d.encrypt_to ? d.encrypt_to : "");
        /* audited before it is written: a report that left without a trace
         * is worse than a trace of one that failed to be written */
        if ((rc = audit_report(cli, detail, &e)) == 0)
            rc = cli_write_output(d.path, &out, d.encrypt_to, &e);
    }
    strbuf_release(&out);
    return rc ? cli_report(&e) : 0;
}

int cmd_report(struct cli *cli, int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "annual") == 0)
        return report_annual(cli, argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "process") == 0)
        return cmd_report_process(cli, argc - 1, argv + 1);
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(report_usage, stdout);
        return 0;
    }
    if (argc < 2)
        return cli_usage_error("report", "which report? (annual, process)");
    return cli_usage_error("report", "unknown report '%s' (annual, process)", argv[1]);
}
