/*
 * cmd_status.c — `vitaal status`: per vital process its category, last
 * final analysis, next due date, open quickscans and open measures.
 */
#include "cli/cli.h"

#include "base/json_writer.h"
#include "base/timefmt.h"
#include "cli/table.h"
#include "domain/status.h"
#include "store/store.h"

#include <getopt.h>
#include <stdio.h>

static const char status_usage[] =
    "usage: vitaal status [--db PATH] [--as-of YYYY-MM-DD] [--json]\n\n"
    "Per vital process: category, the last final resilience analysis, when the\n"
    "next is due, and open quickscans and measures. The next analysis is due\n"
    "cycle_years (setting, 4) after the last final one; a process in a CER or NIS2\n"
    "sector needs one finalised since cer_nis2_since by cer_nis2_deadline\n"
    "(2026-03-31). States: never (no final analysis, no deadline), overdue,\n"
    "due_soon (within due_soon_days, 365), current.\n\n" CLI_AS_OF_HELP;

static void print_json(const struct status_report *r)
{
    struct json_writer w;
    size_t i;
    json_writer_init_file(&w, stdout, 2);
    json_write_object_begin(&w);
    json_write_key(&w, "today");
    json_write_string(&w, r->today);
    json_write_key(&w, "processes");
    json_write_array_begin(&w);
    for (i = 0; i < r->n; i++) {
        const struct process_status *p = &r->processes[i];
        json_write_object_begin(&w);
        json_write_key(&w, "id");
        json_write_string(&w, p->id);
        json_write_key(&w, "name");
        json_write_string(&w, p->name);
        json_write_key(&w, "category");
        json_write_string(&w, p->category);
        json_write_key(&w, "last_final_analysis");
        json_write_string(&w, p->last_final_id[0] ? p->last_final_id : NULL);
        json_write_key(&w, "last_final");
        json_write_string(&w, p->last_final[0] ? p->last_final : NULL);
        json_write_key(&w, "next_due");
        json_write_string(&w, p->next_due[0] ? p->next_due : NULL);
        json_write_key(&w, "due_reason");
        json_write_string(&w, p->due_reason);
        json_write_key(&w, "state");
        json_write_string(&w, status_state_name(p->state));
        json_write_key(&w, "cer_nis2");
        json_write_bool(&w, p->cer_nis2);
        json_write_key(&w, "open_quickscans");
        json_write_int(&w, (int64_t)p->open_quickscans);
        json_write_key(&w, "open_measures");
        json_write_int(&w, (int64_t)p->open_measures);
        json_write_object_end(&w);
    }
    json_write_array_end(&w);
    json_write_object_end(&w);
    json_writer_finish(&w);
}

static void print_table(const struct status_report *r)
{
    struct table t;
    size_t i, counts[4] = {0}, quickscans = 0, measures = 0;
    static const char *const header[] = {"process",  "name",       "cat",
                                         "CER/NIS2", "last final", "next due",
                                         "state",    "quickscans", "open measures"};
    table_init(&t, 9, 44);
    t.right_align = 1u << 7 | 1u << 8;
    table_add_row(&t, header);
    for (i = 0; i < r->n; i++) {
        const struct process_status *p = &r->processes[i];
        char qs[24], ms[24];
        const char *row[9];
        snprintf(qs, sizeof qs, "%zu", p->open_quickscans);
        snprintf(ms, sizeof ms, "%zu", p->open_measures);
        row[0] = p->id;
        row[1] = p->name;
        row[2] = p->category;
        row[3] = p->cer_nis2 ? "yes" : "";
        row[4] = p->last_final[0] ? p->last_final : "-";
        row[5] = p->next_due[0] ? p->next_due : "now";
        row[6] = status_state_name(p->state);
        row[7] = qs;
        row[8] = ms;
        table_add_row(&t, row);
        counts[p->state]++;
        quickscans += p->open_quickscans;
        measures += p->open_measures;
    }
    table_print(&t, stdout);
    table_release(&t);
    printf("\n%zu processes as of %s: %zu overdue, %zu due soon, %zu never analysed, %zu "
           "current; %zu open quickscans; %zu open measure links\n"
           "(CER/NIS2 processes need an analysis under the directives by %s)\n",
           r->n, r->today, counts[STATUS_OVERDUE], counts[STATUS_DUE_SOON], counts[STATUS_NEVER],
           counts[STATUS_CURRENT], quickscans, measures, r->cer_nis2_deadline);
}

int cmd_status(struct cli *cli, int argc, char **argv)
{
    static const struct option options[] = {CLI_COMMON_LONG_OPTIONS,
                                            {"json", no_argument, NULL, CLI_OPT_JSON},
                                            CLI_AS_OF_OPTION,
                                            {NULL, 0, NULL, 0}};
    struct status_report report = {0};
    struct store *s = NULL;
    struct error e = {0};
    int64_t today = 0, as_of = -1;
    int json = 0, c, rc;

    while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (c) {
        case CLI_OPT_DB:
            cli->db_path = optarg;
            break;
        case 'h':
            fputs(status_usage, stdout);
            return 0;
        case CLI_OPT_JSON:
            json = 1;
            break;
        case CLI_OPT_AS_OF:
            if ((rc = cli_option_as_of("status", optarg, &as_of)) != 0)
                return rc;
            break;
        default:
            return cli_usage_error("status", "unknown option");
        }
    }
    if (optind < argc)
        return cli_usage_error("status", "unexpected argument '%s'", argv[optind]);
    if ((rc = cli_open_as_of(cli, as_of, &s, &today)) != 0)
        return rc;
    if ((rc = status_compute(s, today, &report, &e)) == 0) {
        if (json)
            print_json(&report);
        else
            print_table(&report);
    }
    status_report_release(&report);
    store_close(s);
    return rc ? cli_report(&e) : 0;
}
