/*
 * cmd_report_process.c — `vitaal report process ID`: the whole
 * weerbaarheidsanalyse of one vital process for the department that owns
 * it (report/process_doc.h), as PDF, HTML or Markdown, written to a file.
 * `vitaal report` (cmd_report.c) hands the subcommand here.
 *
 * Audit: the CLI reads every record, so every confidential or secret
 * record the report shows is a "read" entry (cli_audit_reads), and the
 * report itself one more, naming the format, the language, the day and the
 * file; written before the file, so no copy leaves without a trace.
 */
#include "cli/cli.h"

#include "base/strbuf.h"
#include "base/timefmt.h"
#include "domain/asof.h"
#include "report/process_doc.h"
#include "store/store.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char process_usage[] =
    "usage: vitaal report process ID [--format pdf|html|md] [--lang nl|en]\n"
    "                                [--as-of DATE] -o FILE [--db PATH]\n\n"
    "The whole resilience analysis (weerbaarheidsanalyse) of one vital process, for\n"
    "the department that owns it: its category and the reasons, what it depends on\n"
    "and what depends on it, the cascade of its own failure hour by hour as a chart,\n"
    "its risks with their classes, residual risk and resilience, the fallback need,\n"
    "the measures and their reviews, and the history of approvals. Every page is\n"
    "marked with the highest classification of the records in it.\n\n"
    "  ID                 the process\n"
    "  --format F         pdf (default), html or md\n"
    "  --lang L           nl (default) or en\n" CLI_AS_OF_HELP
    "  -o FILE            where to write it ('-': standard output; a file is\n"
    "                     created readable by its owner alone)\n"
    "  --encrypt-to KEY.pub  seal it to the holder of KEY.pub (vitaal keys new); only\n"
    "                     'vitaal decrypt --key KEY.key' opens it\n\n"
    "The same data and day give the same bytes. Every report written is audited,\n"
    "with a read entry for each confidential or secret record it shows.\n";

/* The database to read (*s): as it is, or as it stood at the end of day
 * as_of (>= 0), with the live database kept open for the history of
 * approvals (*live; the same as *s without as_of) and until the end of
 * that day in UTC. On failure prints the error and returns the status. */
static int open_stores(const struct cli *cli, int64_t as_of, struct store **live, struct store **s,
                       char until[24])
{
    struct error e = {0};
    int rc;
    if ((rc = cli_open_store(cli, STORE_READONLY, live)) != 0)
        return rc;
    if (as_of < 0) {
        *s = *live;
        return 0;
    }
    asof_until(as_of, until);
    if ((rc = asof_open(*live, as_of, s, &e)) != 0) {
        store_close(*live);
        *live = NULL;
        return cli_report(&e);
    }
    return 0;
}

/* The CLI reads everything; the classified records shown are noted once. */
static int note_shown(void *ctx, const struct kind *k, const json_t *record, struct error *e)
{
    json_t *reads = ctx, *r;
    const char *id = json_string_value(json_object_get(record, "id"));
    size_t i;
    (void)e;
    json_array_foreach(reads, i, r)
    {
        if (strcmp(json_string_value(json_array_get(r, 0)), k->name) == 0 &&
            strcmp(json_string_value(json_array_get(r, 1)), id) == 0)
            return 0;
    }
    cli_note_read(reads, k, record);
    return 0;
}

int cmd_report_process(struct cli *cli, int argc, char **argv)
{
    static const struct option options[] = {CLI_COMMON_LONG_OPTIONS,
                                            {"format", required_argument, NULL, 'f'},
                                            {"lang", required_argument, NULL, 'l'},
                                            {"output", required_argument, NULL, 'o'},
                                            {"encrypt-to", required_argument, NULL, 'k'},
                                            CLI_AS_OF_OPTION,
                                            {NULL, 0, NULL, 0}};
    struct process_report_options o = {0};
    struct strbuf out = STRBUF_INIT;
    struct store *s = NULL, *live = NULL;
    struct error e = {0};
    struct cli_doc_options d = CLI_DOC_OPTIONS_INIT;
    char classification[16] = "", day[11], detail[4400], until[24] = "";
    json_t *reads = NULL;
    int64_t as_of = -1;
    int c, rc, taken;
    while ((c = getopt_long(argc, argv, "ho:", options, NULL)) != -1) {
        switch (c) {
        case CLI_OPT_DB:
            cli->db_path = optarg;
            break;
        case 'h':
            fputs(process_usage, stdout);
            return 0;
        case CLI_OPT_AS_OF:
            if ((rc = cli_option_as_of("report process", optarg, &as_of)) != 0)
                return rc;
            break;
        default:
            if ((rc = cli_doc_option("report process", c, optarg, &d, &taken)) != 0)
                return rc;
            if (!taken)
                return cli_usage_error("report process", "unknown option");
        }
    }
    if (optind >= argc)
        return cli_usage_error("report process", "which process? (vitaal report process ID)");
    o.process = argv[optind++];
    if (optind < argc)
        return cli_usage_error("report process", "unexpected argument '%s'", argv[optind]);
    if (!d.path || !*d.path)
        return cli_usage_error("report process", "-o FILE is required ('-' for standard output)");
    /* the report itself is one read, whatever its classification */
    if ((reads = json_pack("[[ss]]", "processes", o.process)) == NULL)
        return cli_usage_error("report process", "the process id is not valid UTF-8");
    if ((rc = open_stores(cli, as_of, &live, &s, until)) != 0) {
        json_decref(reads);
        return rc;
    }
    o.today = as_of >= 0 ? as_of : timefmt_today();
    if (as_of >= 0) {
        o.history = live;
        o.until = until;
    }
    o.visible = note_shown;
    o.ctx = reads;
    rc = process_doc_render(s, &o, d.lang, d.format, &out, classification, &e);
    if (s != live)
        store_close(s);
    store_close(live);
    if (rc == ERR_NOTFOUND && strcmp(e.where, "process") == 0)
        error_set(&e, ERR_NOTFOUND, "report process", "no process '%s'", o.process);
    if (rc == 0) {
        timefmt_format_date(o.today, day);
        snprintf(detail, sizeof detail, "process report as of %s (%s, %s, %s) to %s", day,
                 doc_format_extension(d.format), d.lang, classification, d.path);
        if (d.encrypt_to)
            snprintf(detail + strlen(detail), sizeof detail - strlen(detail), " sealed to %s",
                     d.encrypt_to);
        if ((rc = cli_audit_reads(cli, reads, detail, &e)) == 0)
            rc = cli_write_output(d.path, &out, d.encrypt_to, &e);
    }
    strbuf_release(&out);
    json_decref(reads);
    return rc ? cli_report(&e) : 0;
}
