/*
 * cmd_fallback_need.c — `vitaal fallback-need`: per vital process whether a
 * fallback option is needed, advisable or not needed, with the inputs of
 * the decision and the proportionality of each fallback option
 * (domain/fallback_need.h). Reads only.
 */
#include "cli/cli.h"

#include "base/json_writer.h"
#include "cli/engine_output.h"
#include "cli/table.h"
#include "domain/fallback_need.h"
#include "report/report_json.h"
#include "store/store.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char fallback_need_usage[] =
    "usage: vitaal fallback-need [--process ID] [--outage-h T] [--as-of DATE] [--json]\n\n"
    "Per vital process: is a fallback option needed? Every input of the process\n"
    "is lost in turn (all its suppliers fail for T hours); the cascade model\n"
    "gives how long the process is down without a fallback of its own and with\n"
    "the available fallbacks, against the downtime it tolerates (its own mtpd_h,\n"
    "else settings max_tolerable_downtime_h_A/_B/_none). The process's own\n"
    "failure counts too: each risk of its current analyses with outage_h or\n"
    "own_systems, and by default a loss of its own digital systems for T hours,\n"
    "each bridged or not by a fallback option. With its category and the\n"
    "reach of its own failure this gives needed / advisable / not needed (the\n"
    "decision table is in docs/method.md). Per fallback option: its cost per\n"
    "down-hour saved over all processes, judged against the setting\n"
    "proportionate_eur_per_down_hour.\n\n"
    "  --process ID   only this process, with the detail of every input\n"
    "  --outage-h T   hours an input is lost (default: setting fallback_outage_h)\n" CLI_AS_OF_HELP
    "  --json         machine-readable output\n";

static void print_json(const struct fallback_need_report *r)
{
    struct json_writer w;
    json_writer_init_file(&w, stdout, 2);
    fallback_need_write_json(&w, r, NULL);
    json_writer_finish(&w);
}

static void print_inputs(const struct fallback_need_process *p)
{
    static const char *const header[] = {"input",   "fallback", "first down", "down h",
                                         "with fb", "gap",      "covered"};
    struct table t;
    size_t j;
    table_init(&t, 7, 40);
    t.right_align = 1u << 2 | 1u << 3 | 1u << 4;
    table_add_row(&t, header);
    for (j = 0; j < p->n_inputs; j++) {
        const struct fallback_need_input *in = &p->inputs[j];
        char first[16] = "never", down[16], with[16], fb[160];
        const char *row[7];
        if (in->first_down_h >= 0)
            snprintf(first, sizeof first, "%ld", (long)in->first_down_h);
        snprintf(down, sizeof down, "%ld", (long)in->down_h);
        snprintf(with, sizeof with, "%ld", (long)in->down_h_with);
        snprintf(fb, sizeof fb, "%s%s", in->fallback[0] ? in->fallback : "-",
                 in->fallback[0] && !in->fallback_available ? " (not available)" : "");
        row[0] = in->dependency;
        row[1] = fb;
        row[2] = first;
        row[3] = down;
        row[4] = with;
        row[5] = in->gap ? "yes" : "no";
        row[6] = in->gap ? (in->covered ? "yes" : "no") : "-";
        table_add_row(&t, row);
    }
    table_print(&t, stdout);
    table_release(&t);
}

static void print_scenarios(const struct fallback_need_process *p)
{
    static const char *const header[] = {"own failure", "own systems", "outage h", "fallback",
                                         "down h",      "with fb",     "need",     "covered"};
    struct table t;
    size_t j;
    table_init(&t, 8, 40);
    t.right_align = 1u << 2 | 1u << 4 | 1u << 5;
    table_add_row(&t, header);
    for (j = 0; j < p->n_scenarios; j++) {
        const struct fallback_need_scenario *sc = &p->scenarios[j];
        char outage[16], down[16], with[16], fb[160];
        const char *row[8];
        snprintf(outage, sizeof outage, "%ld", (long)sc->outage_h);
        snprintf(down, sizeof down, "%ld", (long)sc->down_h);
        snprintf(with, sizeof with, "%ld", (long)sc->down_h_with);
        snprintf(fb, sizeof fb, "%s%s", sc->fallback[0] ? sc->fallback : "-",
                 sc->fallback[0] && !sc->fallback_available ? " (not available)" : "");
        row[0] = sc->risk[0] ? sc->risk : "(default)";
        row[1] = sc->own_systems ? "yes" : "no";
        row[2] = outage;
        row[3] = fb;
        row[4] = down;
        row[5] = with;
        row[6] = sc->need ? "yes" : "no";
        row[7] = sc->need ? (sc->covered ? "yes" : "no") : "-";
        table_add_row(&t, row);
    }
    table_print(&t, stdout);
    table_release(&t);
}

/* The scenario of p's own failure with the most hours down. */
static const struct fallback_need_scenario *worst_scenario(const struct fallback_need_process *p)
{
    const struct fallback_need_scenario *w = NULL;
    size_t j;
    for (j = 0; j < p->n_scenarios; j++) {
        if (w == NULL || p->scenarios[j].down_h > w->down_h)
            w = &p->scenarios[j];
    }
    return w;
}

static void print_option(const struct fallback_need_option *o)
{
    printf("  option %s (%s, %s): ", o->id, o->kind, o->available ? "available" : "not available");
    if (o->has_cost)
        printf("EUR %lld", (long long)o->cost_eur);
    else
        printf("cost unknown");
    if (o->n_scenarios > 0)
        printf(", bridges %zu scenario%s of its own failure", o->n_scenarios,
               o->n_scenarios == 1 ? "" : "s");
    if (o->n_dependencies + o->n_scenarios > 0)
        printf(", saves %lld down-hours", (long long)o->saved_down_hours);
    if (o->judgement == FALLBACK_PROPORTIONATE || o->judgement == FALLBACK_DISPROPORTIONATE)
        printf(", EUR %.0f per down-hour", o->eur_per_down_hour);
    printf(": %s\n", fallback_need_judgement_name(o->judgement));
    /* the analyst's decision, where it contradicts the engine */
    if (o->needed_disagrees)
        printf("    DISAGREES: stored as needed=%s; the engine finds a fallback %s\n",
               o->stored_needed, strcmp(o->stored_needed, "yes") == 0 ? "not needed" : "needed");
    if (o->proportionate_disagrees)
        printf("    DISAGREES: stored as %s; the engine finds it %s\n",
               o->stored_proportionate ? "proportionate" : "not proportionate",
               fallback_need_judgement_name(o->judgement));
    if (o->alternative_measure[0])
        printf("    not proportionate: measure %s chosen instead\n", o->alternative_measure);
}

static void print_text(const struct fallback_need_report *r, int detail)
{
    static const char *const header[] = {"process",     "cat",    "tolerates h", "reach",
                                         "worst input", "down h", "with fb",     "own down h",
                                         "with fb",     "need",   "covered"};
    struct table t;
    size_t i, j, counts[3] = {0}, disagree = 0;
    printf("fallback need: each input lost for %ld h, and each scenario of the process's own "
           "failure (by default its own digital systems lost for %ld h) (horizon %ld h); needed "
           "for category B from a reach of %ld; proportionate up to EUR %lld per saved "
           "down-hour\n\n",
           (long)r->outage_h, (long)r->outage_h, (long)r->horizon_h, (long)r->reach_needed,
           (long long)r->eur_per_down_hour_max);
    table_init(&t, 11, 32);
    t.right_align = 1u << 2 | 1u << 3 | 1u << 5 | 1u << 6 | 1u << 7 | 1u << 8;
    table_add_row(&t, header);
    for (i = 0; i < r->n; i++) {
        const struct fallback_need_process *p = &r->processes[i];
        const struct fallback_need_input *w = p->n_inputs ? &p->inputs[p->worst] : NULL;
        const struct fallback_need_scenario *ws = worst_scenario(p);
        char tol[16], reach[16], down[16] = "-", with[16] = "-", own[16] = "-", own_with[16] = "-";
        const char *row[11];
        snprintf(tol, sizeof tol, "%ld", (long)p->tolerable_h);
        snprintf(reach, sizeof reach, "%lu", (unsigned long)p->reach);
        if (w) {
            snprintf(down, sizeof down, "%ld", (long)w->down_h);
            snprintf(with, sizeof with, "%ld", (long)w->down_h_with);
        }
        row[0] = p->id;
        row[1] = p->category;
        row[2] = tol;
        row[3] = reach;
        row[4] = w ? w->dependency : "-";
        row[5] = down;
        if (ws) {
            snprintf(own, sizeof own, "%ld", (long)ws->down_h);
            snprintf(own_with, sizeof own_with, "%ld", (long)ws->down_h_with);
        }
        row[6] = with;
        row[7] = own;
        row[8] = own_with;
        row[9] = fallback_need_verdict_name(p->verdict);
        row[10] = p->gap ? (p->covered ? "yes" : "no") : "-";
        table_add_row(&t, row);
        counts[p->verdict]++;
    }
    table_print(&t, stdout);
    table_release(&t);
    printf("\n");
    for (i = 0; i < r->n; i++) {
        const struct fallback_need_process *p = &r->processes[i];
        printf("%s: %s\n", p->id, p->explanation);
        if (detail && p->n_inputs > 0)
            print_inputs(p);
        if (detail && p->n_scenarios > 0)
            print_scenarios(p);
        for (j = 0; j < p->n_options; j++)
            print_option(&p->options[j]);
    }
    for (i = 0; i < r->n; i++) {
        for (j = 0; j < r->processes[i].n_options; j++)
            disagree += r->processes[i].options[j].needed_disagrees ||
                        r->processes[i].options[j].proportionate_disagrees;
    }
    if (!detail)
        printf("\n%zu processes: %zu needed, %zu advisable, %zu not needed\n", r->n,
               counts[FALLBACK_NEEDED], counts[FALLBACK_ADVISABLE], counts[FALLBACK_NOT_NEEDED]);
    if (disagree) {
        size_t needed, proportionate;
        fallback_need_count_disagreements(r, &needed, &proportionate);
        printf("%zu fallback option%s stored with a decision the engine contradicts (DISAGREES): "
               "%zu on the need, %zu on the proportionality\n",
               disagree, disagree == 1 ? "" : "s", needed, proportionate);
    }
}

int cmd_fallback_need(struct cli *cli, int argc, char **argv)
{
    enum { OPT_PROCESS = 1100, OPT_OUTAGE };
    static const struct option options[] = {CLI_COMMON_LONG_OPTIONS,
                                            {"json", no_argument, NULL, CLI_OPT_JSON},
                                            {"process", required_argument, NULL, OPT_PROCESS},
                                            {"outage-h", required_argument, NULL, OPT_OUTAGE},
                                            CLI_AS_OF_OPTION,
                                            {NULL, 0, NULL, 0}};
    struct fallback_need_options o = {NULL, -1};
    struct fallback_need_report r;
    struct store *s = NULL;
    struct error e = {0};
    int64_t as_of = -1, today;
    int json = 0, c, rc;

    memset(&r, 0, sizeof r);
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
        switch (c) {
        case CLI_OPT_HELP:
            fputs(fallback_need_usage, stdout);
            return 0;
        case CLI_OPT_DB:
            cli->db_path = optarg;
            break;
        case CLI_OPT_JSON:
            json = 1;
            break;
        case OPT_PROCESS:
            o.process = optarg;
            break;
        case OPT_OUTAGE:
            if ((rc = engine_parse_hours("fallback-need", "--outage-h", optarg, 0, INT32_MAX,
                                         &o.outage_h)) != 0)
                return rc;
            break;
        case CLI_OPT_AS_OF:
            if ((rc = cli_option_as_of("fallback-need", optarg, &as_of)) != 0)
                return rc;
            break;
        default:
            return engine_option_error("fallback-need", c, argv);
        }
    }
    if (optind < argc)
        return cli_usage_error("fallback-need", "unexpected argument '%s'", argv[optind]);
    if ((rc = cli_open_as_of(cli, as_of, &s, &today)) != 0)
        return rc;
    if ((rc = fallback_need_compute(s, &o, &r, &e)) == 0) {
        if (json)
            print_json(&r);
        else
            print_text(&r, o.process != NULL);
        if (fflush(stdout) != 0 || ferror(stdout))
            rc = error_set(&e, ERR_IO, NULL, "writing the output failed");
    }
    fallback_need_report_release(&r);
    store_close(s);
    return rc ? cli_report(&e) : 0;
}
