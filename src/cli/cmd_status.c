/*
 * cmd_status.c — `vitaal status`: per vital process its category, regimes,
 * last final analysis, next due date, open quickscans and open, overdue and
 * adjustment-due measures; then what is due under CER.
 */
#include "cli/cli.h"

#include "base/json_writer.h"
#include "base/timefmt.h"
#include "cli/table.h"
#include "domain/status.h"
#include "report/report_json.h"
#include "store/store.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

static const char status_usage[] =
    "usage: vitaal status [--db PATH] [--as-of YYYY-MM-DD] [--json]\n\n"
    "Per vital process: category, the last final resilience analysis, when the\n"
    "next is due, and open quickscans and measures. The next analysis is due\n"
    "cycle_years (setting, 4) after the last final one; a process in a CER or NIS2\n"
    "sector needs one finalised since cer_nis2_since by cer_nis2_deadline\n"
    "(2026-03-31). States: never (no final analysis, no deadline), overdue,\n"
    "due_soon (within due_soon_days, 365), current. A process is under CER/NIS2\n"
    "when its sector is, or when one of its providers is an NIS2 or CER entity\n"
    "for it. Per process also the measures that are overdue (past their due date,\n"
    "not done or cancelled) or stand at adjustment due (latest review partly\n"
    "effective or ineffective). Then what is due under CER: the national\n"
    "milestones (settings cer_milestone_*) and per critical entity its\n"
    "notification, risk assessment (9 months after the notification) and\n"
    "Chapter III (10 months after it).\n\n" CLI_AS_OF_HELP;

static void print_json(const struct status_report *r)
{
    struct json_writer w;
    json_writer_init_file(&w, stdout, 2);
    status_write_json(&w, r, NULL);
    json_writer_finish(&w);
}

static void print_cer(const struct cer_nis2_due *d)
{
    struct table t;
    size_t i;
    static const char *const header[] = {"critical entity", "processes",   "identified", "notified",
                                         "risk assess.",    "chapter III", "next",       "due"};
    printf("\nCER: national milestones\n");
    for (i = 0; i < d->n_milestones; i++) {
        const struct cer_nis2_milestone *m = &d->milestones[i];
        printf("  %s  %-7s %s", m->due, m->past ? "past" : "coming", m->description);
        if (strcmp(m->id, "cer_milestone_identification") == 0 && d->not_identified)
            printf(" (%zu critical entities not yet identified)", d->not_identified);
        fputc('\n', stdout);
    }
    if (d->n_entities == 0)
        return;
    printf("\nCER: critical entities (risk assessment %lld and Chapter III %lld months after "
           "the notification)\n",
           (long long)d->rules.risk_assessment_months, (long long)d->rules.chapter3_months);
    table_init(&t, 8, 40);
    table_add_row(&t, header);
    for (i = 0; i < d->n_entities; i++) {
        const struct cer_nis2_entity *ent = &d->entities[i];
        const struct cer_nis2_clock *c = &ent->clock;
        char processes[256] = "", due[24];
        const char *row[8];
        size_t j;
        json_t *p;
        json_array_foreach(ent->processes, j, p)
        {
            size_t len = strlen(processes);
            snprintf(processes + len, sizeof processes - len, "%s%s", j ? ", " : "",
                     json_string_value(p));
        }
        snprintf(due, sizeof due, "%s%s", c->next_due[0] ? c->next_due : "-",
                 c->overdue ? " overdue" : "");
        row[0] = ent->provider;
        row[1] = processes;
        row[2] = c->identified[0] ? c->identified : "-";
        row[3] = c->notified[0] ? c->notified : "-";
        row[4] = c->risk_assessment_due[0] ? c->risk_assessment_due : "-";
        row[5] = c->chapter3_applies[0] ? c->chapter3_applies : "-";
        row[6] = cer_nis2_step_name(c->step);
        row[7] = due;
        table_add_row(&t, row);
    }
    table_print(&t, stdout);
    table_release(&t);
}

static void print_table(const struct status_report *r)
{
    struct table t;
    size_t i, counts[4] = {0}, quickscans = 0, measures = 0, overdue = 0, adjustment = 0;
    static const char *const header[] = {"process",       "name",     "cat",           "CER/NIS2",
                                         "last final",    "next due", "state",         "quickscans",
                                         "open measures", "overdue",  "adjustment due"};
    table_init(&t, 11, 44);
    t.right_align = 1u << 7 | 1u << 8 | 1u << 9 | 1u << 10;
    table_add_row(&t, header);
    for (i = 0; i < r->n; i++) {
        const struct process_status *p = &r->processes[i];
        char qs[24], ms[24], od[24], ad[24];
        const char *row[11];
        snprintf(qs, sizeof qs, "%zu", p->open_quickscans);
        snprintf(ms, sizeof ms, "%zu", p->open_measures);
        snprintf(od, sizeof od, "%zu", p->overdue_measures);
        snprintf(ad, sizeof ad, "%zu", p->adjustment_due_measures);
        row[0] = p->id;
        row[1] = p->name;
        row[2] = p->category;
        row[3] = p->regimes ? cer_nis2_name(p->regimes) : "";
        row[4] = p->last_final[0] ? p->last_final : "-";
        row[5] = p->next_due[0] ? p->next_due : "now";
        row[6] = status_state_name(p->state);
        row[7] = qs;
        row[8] = ms;
        row[9] = od;
        row[10] = ad;
        table_add_row(&t, row);
        counts[p->state]++;
        quickscans += p->open_quickscans;
        measures += p->open_measures;
        overdue += p->overdue_measures;
        adjustment += p->adjustment_due_measures;
    }
    table_print(&t, stdout);
    table_release(&t);
    printf("\n%zu processes as of %s: %zu overdue, %zu due soon, %zu never analysed, %zu "
           "current; %zu open quickscans; %zu open measure links (%zu overdue, %zu with an "
           "adjustment due)\n"
           "(CER/NIS2 processes need an analysis under the directives by %s)\n",
           r->n, r->today, counts[STATUS_OVERDUE], counts[STATUS_DUE_SOON], counts[STATUS_NEVER],
           counts[STATUS_CURRENT], quickscans, measures, overdue, adjustment, r->cer_nis2_deadline);
    print_cer(&r->cer);
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
