/*
 * cmd_reviews.c — `vitaal reviews`: toetsing. Per measure in progress or done
 * its latest effectiveness review, the result, when the next review is due
 * and its state; whether its effect counts towards residual risk. --due lists
 * only the measures that need a review. Renders domain/toetsing.h; never writes.
 */
#include "cli/cli.h"

#include "base/json_writer.h"
#include "base/timefmt.h"
#include "cli/table.h"
#include "domain/toetsing.h"
#include "report/report_json.h"
#include "store/store.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char reviews_usage[] =
    "usage: vitaal reviews [--db PATH] [--due] [--as-of YYYY-MM-DD] [--json]\n\n"
    "Toetsing: per measure in progress or done, its latest effectiveness review\n"
    "(exercise, test, audit, incident), the result, when the next review is due\n"
    "(review_interval_months after it; for a measure never reviewed, that long\n"
    "after its due date) and its state: reviewed, due (within review_due_soon_days,\n"
    "default 30, of the next date), overdue, or never. 'residual' says whether its\n"
    "likelihood/impact effect counts in 'vitaal risks --residual': only when the\n"
    "measure is done and its latest review found it effective.\n\n"
    "  --due          only the measures that need a review now\n" CLI_AS_OF_HELP
    "  --json         the same as JSON\n";

/* Why a measure's effect does or does not count towards residual risk. */
static const char *residual_reason(const struct toetsing_measure *m, char *buf, size_t size)
{
    if (!toetsing_has_risk_effect(m))
        snprintf(buf, size, "-");
    else if (m->applies && strcmp(m->effect, "likelihood") == 0)
        snprintf(buf, size, "yes: likelihood to %s", m->effect_class);
    else if (m->applies)
        snprintf(buf, size, "yes: %s to %s", m->effect_criterion, m->effect_class);
    else if (strcmp(m->status, "done") != 0)
        snprintf(buf, size, "no: not done");
    else if (m->result[0] == '\0')
        snprintf(buf, size, "no: never reviewed");
    else if (strcmp(m->result, "effective") != 0)
        snprintf(buf, size, "no: %s", m->result);
    else
        snprintf(buf, size, "no: effect incomplete");
    return buf;
}

static int listed(const struct toetsing_measure *m, int due_only)
{
    return m->active && (!due_only || m->needs_review);
}

static int print_json(const struct toetsing_report *r, int due_only)
{
    struct json_writer w;
    json_writer_init_file(&w, stdout, 2);
    review_status_write_json(&w, r, due_only, NULL); /* the operator: everything */
    return json_writer_finish(&w);
}

static void print_table(const struct toetsing_report *r, int due_only)
{
    static const char *const header[] = {"measure", "status",   "every", "last review",
                                         "result",  "next due", "state", "residual"};
    size_t i, counts[5] = {0}, need = 0, listed_n = 0;
    struct table t;
    table_init(&t, 8, 40);
    table_add_row(&t, header);
    for (i = 0; i < r->n; i++) {
        const struct toetsing_measure *m = &r->measures[i];
        char every[32], reason[96];
        const char *row[8];
        counts[m->state]++;
        need += m->active && m->needs_review;
        if (!listed(m, due_only))
            continue;
        listed_n++;
        snprintf(every, sizeof every, "%lld mo", (long long)m->interval_months);
        row[0] = m->id;
        row[1] = m->status;
        row[2] = every;
        row[3] = m->last_review[0] ? m->last_review : "-";
        row[4] = m->result[0] ? m->result : "-";
        row[5] = m->next_due[0] ? m->next_due : "now";
        row[6] = toetsing_state_name(m->state);
        row[7] = residual_reason(m, reason, sizeof reason);
        table_add_row(&t, row);
    }
    if (listed_n)
        table_print(&t, stdout);
    else
        printf(due_only ? "no measure needs a review\n" : "no measures in progress or done\n");
    table_release(&t);
    printf("\nas of %s: %zu measures in progress or done: %zu reviewed, %zu due, %zu overdue, "
           "%zu never reviewed; %zu need a review (due within %lld days, overdue, or never "
           "reviewed once the first review fell due); %zu proposed, planned or cancelled "
           "(no review expected)\n",
           r->today,
           counts[TOETSING_REVIEWED] + counts[TOETSING_DUE] + counts[TOETSING_OVERDUE] +
               counts[TOETSING_NEVER],
           counts[TOETSING_REVIEWED], counts[TOETSING_DUE], counts[TOETSING_OVERDUE],
           counts[TOETSING_NEVER], need, (long long)r->due_soon_days, counts[TOETSING_NOT_ACTIVE]);
}

int cmd_reviews(struct cli *cli, int argc, char **argv)
{
    static const struct option options[] = {CLI_COMMON_LONG_OPTIONS,
                                            {"json", no_argument, NULL, CLI_OPT_JSON},
                                            {"due", no_argument, NULL, 'd'},
                                            CLI_AS_OF_OPTION,
                                            {NULL, 0, NULL, 0}};
    struct toetsing_report report = {0};
    struct store *s = NULL;
    struct error e = {0};
    int64_t today = 0, as_of = -1;
    int json = 0, due_only = 0, c, rc;

    while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (c) {
        case CLI_OPT_DB:
            cli->db_path = optarg;
            break;
        case 'h':
            fputs(reviews_usage, stdout);
            return 0;
        case CLI_OPT_JSON:
            json = 1;
            break;
        case 'd':
            due_only = 1;
            break;
        case CLI_OPT_AS_OF:
            if ((rc = cli_option_as_of("reviews", optarg, &as_of)) != 0)
                return rc;
            break;
        default:
            return cli_usage_error("reviews", "unknown option");
        }
    }
    if (optind < argc)
        return cli_usage_error("reviews", "unexpected argument '%s'", argv[optind]);
    if ((rc = cli_open_as_of(cli, as_of, &s, &today)) != 0)
        return rc;
    if ((rc = toetsing_compute(s, today, &report, &e)) == 0) {
        if (json)
            rc = print_json(&report, due_only);
        else
            print_table(&report, due_only);
        if (rc != 0)
            error_set(&e, rc, NULL, "could not write the output");
    }
    toetsing_report_release(&report);
    store_close(s);
    return rc ? cli_report(&e) : 0;
}
