/*
 * cmd_incidents.c — `vitaal incidents`: every incident, the regimes it falls
 * under (NIS2, CER) and its notification deadlines: due, sent, met, late,
 * overdue or open, with the hours left or late.
 */
#include "cli/cli.h"

#include "domain/asof.h"

#include "base/json_writer.h"
#include "base/timefmt.h"
#include "cli/table.h"
#include "domain/notification.h"
#include "report/report_json.h"
#include "store/store.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char incidents_usage[] =
    "usage: vitaal incidents [--db PATH] [--overdue] [--now TIME] [--as-of DATE] [--json]\n\n"
    "Per incident the regimes that apply (NIS2 when its provider's link to the\n"
    "process makes it an essential or important entity, CER when that link makes\n"
    "it a critical entity) and, for a significant incident, its deadlines:\n"
    "  NIS2 early warning 24 h, notification 72 h after detection, final report one\n"
    "  month after the notification; CER initial notification 24 h after detection\n"
    "  (sent time: early_warning_at), detailed report one month after it\n"
    "  (final_report_at). Hours and months are the settings nis2_early_warning_h,\n"
    "  nis2_notification_h, nis2_final_report_months, cer_notification_h and\n"
    "  cer_report_months.\n"
    "Each deadline is met, late (sent after it), overdue (not sent, past) or open.\n\n"
    "  --overdue   only the deadlines that are overdue or were met late\n"
    "  --now TIME  judge at this time (YYYY-MM-DDTHH:MM:SSZ) instead of now\n" CLI_AS_OF_HELP
    "                 (judged at the end of that day unless --now says otherwise)\n";

static void print_json(const struct notification_report *r, int overdue_only)
{
    struct json_writer w;
    json_writer_init_file(&w, stdout, 2);
    incident_deadlines_write_json(&w, r, overdue_only, NULL); /* the operator: everything */
    json_writer_finish(&w);
}

/* "5h07m left", "0h01m late": whole minutes, rounded towards the deadline's side. */
static void format_margin(const struct notification_deadline *d, char *buf, size_t size)
{
    int64_t minutes;
    if (d->state == NOTIFICATION_MET) {
        snprintf(buf, size, "%s", "");
        return;
    }
    minutes = d->state == NOTIFICATION_OPEN ? d->margin / 60 : (d->margin + 59) / 60;
    snprintf(buf, size, "%lldh%02lldm %s", (long long)(minutes / 60), (long long)(minutes % 60),
             d->state == NOTIFICATION_OPEN ? "left" : "late");
}

static void print_table(const struct notification_report *r, int overdue_only)
{
    static const char *const header[] = {"incident", "process", "provider", "regime", "deadline",
                                         "due",      "sent",    "state",    "time"};
    struct table t;
    size_t i, j, counts[4] = {0}, notifiable = 0, shown = 0;
    char now[24];
    table_init(&t, 9, 48);
    t.right_align = 1u << 8;
    table_add_row(&t, header);
    for (i = 0; i < r->n; i++) {
        const struct notification_incident *inc = &r->incidents[i];
        const char *row[9];
        char due[24], sent[24], margin[48];
        notifiable += inc->n_deadlines > 0;
        for (j = 0; j < inc->n_deadlines; j++)
            counts[inc->deadlines[j].state]++;
        if (overdue_only && !notification_incident_missed(inc))
            continue;
        shown++;
        row[0] = json_string_value(json_object_get(inc->record, "id"));
        row[1] = json_string_value(json_object_get(inc->record, "process"));
        row[2] = json_string_value(json_object_get(inc->record, "provider"));
        if (row[2] == NULL)
            row[2] = "-";
        if (inc->n_deadlines == 0) {
            row[3] = cer_nis2_name(inc->regimes);
            row[4] = notification_reason_text(inc->reason);
            row[5] = row[6] = row[7] = row[8] = "";
            table_add_row(&t, row);
        }
        for (j = 0; j < inc->n_deadlines; j++) {
            const struct notification_deadline *d = &inc->deadlines[j];
            if (overdue_only && !notification_deadline_missed(d))
                continue;
            timefmt_format_datetime(d->due, due);
            if (d->sent_known)
                timefmt_format_datetime(d->sent, sent);
            format_margin(d, margin, sizeof margin);
            row[3] = d->regime;
            row[4] = d->step;
            row[5] = due;
            row[6] = d->sent_known ? sent : "-";
            row[7] = notification_state_name(d->state);
            row[8] = margin;
            table_add_row(&t, row);
        }
    }
    table_print(&t, stdout);
    table_release(&t);
    timefmt_format_datetime(r->now, now);
    printf("\n%zu incidents as of %s: %zu notifiable; deadlines: %zu overdue, %zu late, %zu "
           "open, %zu met\n",
           r->n, now, notifiable, counts[NOTIFICATION_OVERDUE], counts[NOTIFICATION_LATE],
           counts[NOTIFICATION_OPEN], counts[NOTIFICATION_MET]);
    if (overdue_only)
        printf("(only incidents with an overdue or late deadline: %zu shown)\n", shown);
}

int cmd_incidents(struct cli *cli, int argc, char **argv)
{
    static const struct option options[] = {CLI_COMMON_LONG_OPTIONS,
                                            {"json", no_argument, NULL, CLI_OPT_JSON},
                                            {"overdue", no_argument, NULL, 'o'},
                                            {"now", required_argument, NULL, 't'},
                                            CLI_AS_OF_OPTION,
                                            {NULL, 0, NULL, 0}};
    struct notification_report report = {0};
    struct store *s = NULL;
    struct error e = {0};
    int64_t now = timefmt_now(), as_of = -1, today;
    int json = 0, overdue_only = 0, now_given = 0, c, rc;

    while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (c) {
        case CLI_OPT_DB:
            cli->db_path = optarg;
            break;
        case 'h':
            fputs(incidents_usage, stdout);
            return 0;
        case CLI_OPT_JSON:
            json = 1;
            break;
        case 'o':
            overdue_only = 1;
            break;
        case 't':
            if (timefmt_parse_datetime(optarg, &now) != 0)
                return cli_usage_error("incidents",
                                       "--now needs a time YYYY-MM-DDTHH:MM:SSZ, not '%s'", optarg);
            now_given = 1;
            break;
        case CLI_OPT_AS_OF:
            if ((rc = cli_option_as_of("incidents", optarg, &as_of)) != 0)
                return rc;
            break;
        default:
            return cli_usage_error("incidents", "unknown option");
        }
    }
    if (optind < argc)
        return cli_usage_error("incidents", "unexpected argument '%s'", argv[optind]);
    if ((rc = cli_open_as_of(cli, as_of, &s, &today)) != 0)
        return rc;
    if (as_of >= 0 && !now_given) { /* the end of that day */
        char until[24];
        asof_until(as_of, until);
        timefmt_parse_datetime(until, &now);
    }
    if ((rc = notification_report_compute(s, now, &report, &e)) == 0) {
        if (json)
            print_json(&report, overdue_only);
        else
            print_table(&report, overdue_only);
    }
    notification_report_release(&report);
    store_close(s);
    return rc ? cli_report(&e) : 0;
}
