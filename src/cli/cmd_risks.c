/*
 * cmd_risks.c — `vitaal risks`: risk scores by the national risk method and
 * the risk diagram for one process, one sector or the nation, with
 * resilience per dimension and findings per topic; --residual adds the
 * diagram after the measures judged effective. Renders domain/risk_score.h;
 * computes nothing itself and never writes.
 */
#include "cli/cli.h"

#include "base/json_writer.h"
#include "base/timefmt.h"
#include "cli/table.h"
#include "domain/risk_score.h"
#include "domain/toetsing.h"
#include "report/report_json.h"
#include "store/store.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char risks_usage[] =
    "usage: vitaal risks [--db PATH] [--process ID | --sector ID] [--residual]\n"
    "                    [--as-of YYYY-MM-DD] [--json]\n\n"
    "Risks scored by the national risk method: per risk its likelihood class\n"
    "and its aggregated impact class (the weighted sum of the class scores of\n"
    "its impact criteria, mapped back to a class by impact_classes), the risk\n"
    "diagram likelihood x impact, resilience per dimension and findings per\n"
    "topic, and the common causes: services whose failure alone takes down\n"
    "processes in two or more sectors. A process counts with its latest final regular analysis "
    "(else its\n"
    "latest of any status) plus the final quickscans since; see docs/method.md.\n\n"
    "  --process ID   one process\n"
    "  --sector ID    the processes of a sector (and of the sectors under it)\n"
    "  --residual     also the residual risk after measures that are done and\n"
    "                 whose latest review found them effective\n" CLI_AS_OF_HELP
    "  --json         the same as JSON\n";

static const char *class_name(const struct risk_picture *p, int k)
{
    return k >= 0 && (size_t)k < p->tables.n_classes ? p->tables.classes[k] : "none";
}

static int print_json(const struct risk_picture *p)
{
    struct json_writer w;
    json_writer_init_file(&w, stdout, 2);
    risk_picture_write_json(&w, p);
    return json_writer_finish(&w);
}

/* --- text ------------------------------------------------------------------ */

static void print_risks(const struct risk_picture *p)
{
    static const char *const header[] = {
        "risk",         "process",           "threat", "L",
        "impact",       "weighted",          "res L",  "res impact",
        "res weighted", "effective measures"};
    /* one process: its id is in the heading, not in every row */
    size_t skip = strcmp(p->scope, "process") == 0, n_columns = p->residual ? 10 : 6, i, j;
    const char *head[10];
    struct table t;
    table_init(&t, n_columns - skip, 40);
    t.right_align = (1u << 5 | 1u << 8) >> skip;
    memcpy(head, header, sizeof head);
    if (skip)
        head[1] = head[0];
    table_add_row(&t, head + skip);
    for (i = 0; i < p->n_risks; i++) {
        const struct risk_entry *r = &p->risks[i];
        char sum[32], res_sum[32], measures[256] = "";
        const char *row[10];
        snprintf(sum, sizeof sum, "%g", r->aggregate);
        snprintf(res_sum, sizeof res_sum, "%g", r->residual_aggregate);
        for (j = 0; j < r->n_measures; j++) {
            size_t len = strlen(measures);
            snprintf(measures + len, sizeof measures - len, "%s%s", j ? ", " : "", r->measures[j]);
        }
        row[0] = r->id;
        row[1] = r->process;
        row[2] = r->threat;
        row[3] = class_name(p, r->likelihood);
        row[4] = class_name(p, r->impact_class);
        row[5] = r->impact_class >= 0 ? sum : "-";
        row[6] = class_name(p, r->residual_likelihood);
        row[7] = class_name(p, r->residual_impact_class);
        row[8] = r->residual_impact_class >= 0 ? res_sum : "-";
        row[9] = measures[0] ? measures : "-";
        if (skip)
            row[1] = row[0];
        table_add_row(&t, row + skip);
    }
    table_print(&t, stdout);
    table_release(&t);
}

/* Nationally: per sector its processes and its risks per aggregated impact
 * class (the sector's own diagram: vitaal risks --sector ID). */
static void print_sectors(const struct risk_picture *p)
{
    const struct risk_tables *tb = &p->tables;
    const char *row[RISK_CLASSES_MAX + 5];
    char cells[RISK_CLASSES_MAX + 4][32], label[RISK_CLASSES_MAX][48];
    struct risk_grid g;
    struct table t;
    size_t i, l, k;
    printf("\nPer sector: risks per aggregated impact class (vitaal risks --sector ID for its "
           "diagram)\n");
    table_init(&t, tb->n_classes + 5, 0);
    t.right_align = ~0u << 1;
    row[0] = "sector";
    row[1] = "processes";
    row[2] = "analysed";
    row[3] = "risks";
    row[4] = "no impact";
    for (k = 0; k < tb->n_classes; k++) {
        snprintf(label[k], sizeof label[k], "impact %s", tb->classes[k]);
        row[k + 5] = label[k];
    }
    table_add_row(&t, row);
    for (i = 0; i < p->n_sectors; i++) {
        const struct risk_sector *sec = &p->sectors[i];
        risk_picture_grid(p, sec->id, NULL, 0, &g);
        snprintf(cells[0], sizeof cells[0], "%zu", sec->n_processes);
        snprintf(cells[1], sizeof cells[1], "%zu", sec->n_analysed);
        snprintf(cells[2], sizeof cells[2], "%zu", g.n_risks + g.n_unscored);
        snprintf(cells[3], sizeof cells[3], "%zu", g.n_unscored);
        row[0] = sec->id;
        for (k = 0; k < 4; k++)
            row[k + 1] = cells[k];
        for (k = 0; k < tb->n_classes; k++) {
            size_t n = 0;
            for (l = 0; l < tb->n_classes; l++)
                n += g.cells[l][k];
            snprintf(cells[k + 4], sizeof cells[k + 4], "%zu", n);
            row[k + 5] = cells[k + 4];
        }
        table_add_row(&t, row);
    }
    table_print(&t, stdout);
    table_release(&t);
}

/* Per risk and national security interest: the criteria scored and their
 * weighted contribution (one process only: nationally this is too long). */
static void print_interests(const struct risk_picture *p)
{
    static const char *const header[] = {"risk", "interest", "criteria", "weighted"};
    const struct risk_tables *tb = &p->tables;
    struct table t;
    size_t i, c, j;
    table_init(&t, 4, 48);
    t.right_align = 1u << 3;
    table_add_row(&t, header);
    for (i = 0; i < p->n_risks; i++) {
        const struct risk_entry *r = &p->risks[i];
        for (c = 0; c < tb->n_criteria; c++) {
            char criteria[256] = "", sum[32];
            const char *row[4];
            double weighted = 0;
            int seen = 0;
            if (r->impacts[c] < 0)
                continue;
            for (j = 0; j < c; j++)
                seen |= r->impacts[j] >= 0 &&
                        strcmp(tb->criteria[j].interest, tb->criteria[c].interest) == 0;
            if (seen)
                continue;
            for (j = c; j < tb->n_criteria; j++) {
                size_t len = strlen(criteria);
                if (r->impacts[j] < 0 ||
                    strcmp(tb->criteria[j].interest, tb->criteria[c].interest) != 0)
                    continue;
                snprintf(criteria + len, sizeof criteria - len, "%s%s %s", len ? ", " : "",
                         tb->criteria[j].id, class_name(p, r->impacts[j]));
                weighted += tb->criteria[j].weight * tb->rows[r->impacts[j]].score;
            }
            snprintf(sum, sizeof sum, "%g", weighted);
            row[0] = r->id;
            row[1] = tb->criteria[c].interest;
            row[2] = criteria;
            row[3] = sum;
            table_add_row(&t, row);
        }
    }
    table_print(&t, stdout);
    table_release(&t);
}

static void print_grid(const struct risk_picture *p, const char *title, int residual)
{
    const struct risk_tables *tb = &p->tables;
    const char *row[RISK_CLASSES_MAX + 1];
    char cells[RISK_CLASSES_MAX][24], label[128];
    struct risk_grid g;
    struct table t;
    size_t l, k, i;
    int first = 1;

    risk_picture_grid(p, NULL, NULL, residual, &g);
    printf("\n%s; risks in the diagram: %zu\n", title, g.n_risks);
    table_init(&t, tb->n_classes + 1, 0);
    t.right_align = ((1u << tb->n_classes) - 1) << 1;
    row[0] = "likelihood \\ impact";
    for (k = 0; k < tb->n_classes; k++)
        row[k + 1] = tb->classes[k];
    table_add_row(&t, row);
    for (l = tb->n_classes; l-- > 0;) {
        snprintf(label, sizeof label, "%s %s", tb->classes[l],
                 tb->rows[l].likelihood_label ? tb->rows[l].likelihood_label : "");
        row[0] = label;
        for (k = 0; k < tb->n_classes; k++) {
            if (g.cells[l][k])
                snprintf(cells[k], sizeof cells[k], "%zu", g.cells[l][k]);
            else
                snprintf(cells[k], sizeof cells[k], ".");
            row[k + 1] = cells[k];
        }
        table_add_row(&t, row);
    }
    table_print(&t, stdout);
    table_release(&t);
    printf("impact:");
    for (k = 0; k < tb->n_classes; k++)
        printf(" %s %s%s", tb->classes[k], tb->rows[k].label ? tb->rows[k].label : "(no row)",
               k + 1 < tb->n_classes ? "," : "\n");
    if (g.n_unscored) {
        printf("not in the diagram (no impact scored):");
        for (i = 0; i < p->n_risks; i++) {
            int k2 = residual ? p->risks[i].residual_impact_class : p->risks[i].impact_class;
            if (k2 < 0) {
                printf("%s %s", first ? "" : ",", p->risks[i].id);
                first = 0;
            }
        }
        printf("\n");
    }
}

static void resilience_row(struct table *t, const struct risk_picture *p, const char *name,
                           const char *sector, const char *process)
{
    const char *row[RISK_DIMENSIONS_MAX + 1];
    char cells[RISK_DIMENSIONS_MAX][48];
    struct risk_resilience res;
    size_t d;
    risk_picture_resilience(p, sector, process, &res);
    row[0] = name;
    for (d = 0; d < p->tables.n_dimensions; d++) {
        if (res.n[d])
            snprintf(cells[d], sizeof cells[d], "%.1f / %d (%zu)", res.mean[d], res.min[d],
                     res.n[d]);
        else
            snprintf(cells[d], sizeof cells[d], "-");
        row[d + 1] = cells[d];
    }
    table_add_row(t, row);
}

static void print_resilience(const struct risk_picture *p)
{
    const char *header[RISK_DIMENSIONS_MAX + 1];
    struct table t;
    size_t d, i;
    printf("\nResilience per dimension, 1 weak .. 5 strong: mean / minimum (risks scored)\n");
    table_init(&t, p->tables.n_dimensions + 1, 0);
    header[0] = strcmp(p->scope, "national") == 0 ? "sector" : "process";
    for (d = 0; d < p->tables.n_dimensions; d++)
        header[d + 1] = p->tables.dimensions[d];
    table_add_row(&t, header);
    if (strcmp(p->scope, "national") == 0) {
        for (i = 0; i < p->n_sectors; i++)
            resilience_row(&t, p, p->sectors[i].id, p->sectors[i].id, NULL);
    } else {
        for (i = 0; i < p->n_processes; i++)
            resilience_row(&t, p, p->processes[i].id, NULL, p->processes[i].id);
    }
    if (strcmp(p->scope, "process") != 0)
        resilience_row(&t, p, "all", NULL, NULL);
    table_print(&t, stdout);
    table_release(&t);
}

static void print_findings(const struct risk_picture *p)
{
    const struct risk_tables *tb = &p->tables;
    size_t i, j, counts[RISK_TOPICS_MAX];
    struct table t;
    printf("\nFindings per topic\n");
    if (strcmp(p->scope, "process") == 0) {
        const struct risk_process *proc = &p->processes[0];
        if (proc->n_findings == 0)
            printf("  no findings recorded in %s\n",
                   proc->analysis ? proc->analysis : "any analysis");
        for (i = 0; i < proc->n_findings; i++)
            printf("  %s (%s): %s\n", tb->topics[proc->findings[i].topic],
                   proc->findings[i].analysis, proc->findings[i].text);
        return;
    }
    if (strcmp(p->scope, "sector") == 0) {
        static const char *const header[] = {"topic", "processes with findings"};
        table_init(&t, 2, 0);
        table_add_row(&t, header);
        for (j = 0; j < tb->n_topics; j++) {
            char list[1024] = "";
            const char *row[2];
            for (i = 0; i < p->n_processes; i++) {
                size_t len = strlen(list);
                if (risk_process_has_finding(&p->processes[i], (int)j))
                    snprintf(list + len, sizeof list - len, "%s%s", len ? ", " : "",
                             p->processes[i].id);
            }
            row[0] = tb->topics[j];
            row[1] = list[0] ? list : "-";
            table_add_row(&t, row);
        }
        table_print(&t, stdout);
        table_release(&t);
        return;
    }
    printf("(processes with a finding on the topic / processes analysed)\n");
    {
        const char *header[RISK_TOPICS_MAX + 1];
        table_init(&t, tb->n_topics + 1, 0);
        header[0] = "sector";
        for (j = 0; j < tb->n_topics; j++)
            header[j + 1] = tb->topics[j];
        table_add_row(&t, header);
        for (i = 0; i < p->n_sectors; i++) {
            char cells[RISK_TOPICS_MAX][32];
            const char *row[RISK_TOPICS_MAX + 1];
            risk_picture_findings(p, p->sectors[i].id, counts);
            row[0] = p->sectors[i].id;
            for (j = 0; j < tb->n_topics; j++) {
                snprintf(cells[j], sizeof cells[j], "%zu/%zu", counts[j], p->sectors[i].n_analysed);
                row[j + 1] = cells[j];
            }
            table_add_row(&t, row);
        }
        table_print(&t, stdout);
        table_release(&t);
    }
}

static void print_scope(const struct risk_picture *p)
{
    size_t i, analysed = 0;
    if (strcmp(p->scope, "process") == 0) {
        const struct risk_process *proc = &p->processes[0];
        printf("Risks of process %s (%s), sector %s\n", proc->id, proc->name, proc->sector);
        if (proc->analysis == NULL) {
            printf("no resilience analysis yet: no risks\n");
            return;
        }
        printf("analysis %s (%s, %s %s)", proc->analysis, proc->analysis_kind,
               proc->analysis_status, proc->analysis_date);
        if (strcmp(proc->analysis_status, "final") != 0)
            printf(" - no final analysis yet: the latest one is used");
        for (i = 0; i < proc->n_quickscans; i++)
            printf("%s%s", i ? ", " : "; with later quickscan ", proc->quickscans[i]);
        printf("\n");
        return;
    }
    for (i = 0; i < p->n_processes; i++)
        analysed += p->processes[i].analysis != NULL;
    if (strcmp(p->scope, "sector") == 0)
        printf("Risks of sector %s (%s): ", p->scope_id, p->scope_name);
    else
        printf("Risks nationally: ");
    printf("%zu processes, %zu with an analysis, %zu risks\n", p->n_processes, analysed,
           p->n_risks);
    for (i = 0; i < p->n_processes; i++) {
        const struct risk_process *proc = &p->processes[i];
        if (proc->analysis == NULL)
            printf("  %s: no analysis\n", proc->id);
        else if (strcmp(proc->analysis_status, "final") != 0)
            printf("  %s: no final analysis, uses %s (%s)\n", proc->id, proc->analysis,
                   proc->analysis_status);
    }
    printf("(per process: its latest final regular analysis, else its latest of any status,\n"
           " plus the final quickscans since; 'vitaal risks --json' names each)\n");
}

/* The common causes: services whose failure alone takes down processes in
 * two or more sectors (docs/method.md, "Services in the cascade"). */
static void print_common_causes(const struct risk_picture *p)
{
    const struct service_common_causes *cc = p->common;
    size_t i, j, shown = 0;
    printf("\nCommon causes: services whose failure alone takes down processes in %d or more "
           "sectors\n(each failing %d h over %d h; a process counts when down >= %d h)\n",
           SERVICE_COMMON_CAUSE_MIN_SECTORS, cc->outage_h, cc->horizon_h, cc->min_down_h);
    for (i = 0; i < cc->n; i++) {
        const struct service_common_cause *c = &cc->causes[i];
        if (!risk_picture_shows_cause(p, c))
            continue;
        shown++;
        printf("  %s (%s, %s): %zu sectors, %zu processes, %lld process-hours down\n    sectors:",
               c->service, c->name, c->kind, c->sectors_down, c->processes_down,
               (long long)c->down_node_hours);
        for (j = 0; j < c->n_sectors; j++)
            printf(" %s", c->sectors[j]);
        printf("\n    processes:");
        for (j = 0; j < c->n_processes; j++)
            printf(" %s", c->processes[j]);
        printf("\n");
    }
    if (shown == 0)
        printf("  none (of %zu services)\n", cc->n_services);
}

static void print_text(const struct risk_picture *p)
{
    print_scope(p);
    if (strcmp(p->scope, "process") == 0 && p->processes[0].analysis == NULL)
        return;
    printf("\n");
    if (p->n_risks == 0) {
        printf("no risks recorded\n");
    } else {
        print_risks(p);
        if (strcmp(p->scope, "process") == 0) {
            printf("\nImpact per national security interest (weighted = weight x class score)\n");
            print_interests(p);
        }
    }
    print_grid(p, "Risk diagram (inherent)", 0);
    if (p->residual)
        print_grid(p, "Risk diagram (residual, after measures done and reviewed effective)", 1);
    if (strcmp(p->scope, "national") == 0)
        print_sectors(p);
    print_resilience(p);
    print_findings(p);
    if (p->common)
        print_common_causes(p);
}

int cmd_risks(struct cli *cli, int argc, char **argv)
{
    static const struct option options[] = {CLI_COMMON_LONG_OPTIONS,
                                            {"json", no_argument, NULL, CLI_OPT_JSON},
                                            {"process", required_argument, NULL, 'p'},
                                            {"sector", required_argument, NULL, 's'},
                                            {"residual", no_argument, NULL, 'r'},
                                            CLI_AS_OF_OPTION,
                                            {NULL, 0, NULL, 0}};
    struct risk_query q = {NULL, NULL};
    struct toetsing_report reviews = {0};
    int64_t today = 0, as_of = -1;
    struct risk_picture picture = {0};
    struct service_common_causes common = {0};
    struct store *s = NULL;
    struct error e = {0};
    int json = 0, residual = 0, c, rc;

    while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (c) {
        case CLI_OPT_DB:
            cli->db_path = optarg;
            break;
        case 'h':
            fputs(risks_usage, stdout);
            return 0;
        case CLI_OPT_JSON:
            json = 1;
            break;
        case 'p':
            q.process = optarg;
            break;
        case 's':
            q.sector = optarg;
            break;
        case 'r':
            residual = 1;
            break;
        case CLI_OPT_AS_OF:
            if ((rc = cli_option_as_of("risks", optarg, &as_of)) != 0)
                return rc;
            break;
        default:
            return cli_usage_error("risks", "unknown option");
        }
    }
    if (optind < argc)
        return cli_usage_error("risks", "unexpected argument '%s'", argv[optind]);
    if (q.process && q.sector)
        return cli_usage_error("risks", "give --process or --sector, not both");
    if ((rc = cli_open_as_of(cli, as_of, &s, &today)) != 0)
        return rc;
    rc = risk_picture_compute(s, &q, &picture, &e);
    if (rc == 0 && residual && (rc = toetsing_compute(s, today, &reviews, &e)) == 0)
        rc = toetsing_apply_residual(&reviews, &picture, &e);
    if (rc == 0 && (rc = service_common_causes_compute(s, &common, &e)) == 0)
        picture.common = &common;
    if (rc == 0) {
        if (json)
            rc = print_json(&picture);
        else
            print_text(&picture);
        if (rc != 0)
            error_set(&e, rc, NULL, "could not write the output");
    }
    toetsing_report_release(&reviews);
    risk_picture_release(&picture);
    service_common_causes_release(&common);
    store_close(s);
    return rc ? cli_report(&e) : 0;
}
