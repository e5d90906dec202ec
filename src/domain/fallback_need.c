/*
 * fallback_need.c — the fallback need per vital process (see
 * fallback_need.h): cascades of input losses with and without fallbacks on
 * edited copies of the stored graph, the decision table, the
 * proportionality of each fallback option. Reads only; settings hold every
 * number the rule uses.
 */
#include "domain/fallback_need.h"

#include "base/strbuf.h"
#include "base/arena.h"
#include "base/xmalloc.h"
#include "domain/settings.h"
#include "domain/whatif.h"
#include "engine/cascade.h"
#include "engine/graph.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* used only when the settings are absent from the database */
#define DEFAULT_OUTAGE_H          72
#define DEFAULT_HORIZON_H         168
#define DEFAULT_REACH_NEEDED      1
#define DEFAULT_EUR_PER_DOWN_HOUR 250000

void fallback_need_disagreement(const char *stored_needed, int stored_proportionate,
                                enum fallback_need_verdict verdict, enum fallback_judgement j,
                                int *needed, int *proportionate)
{
    *needed = (strcmp(stored_needed, "yes") == 0 && verdict == FALLBACK_NOT_NEEDED) ||
              (strcmp(stored_needed, "no") == 0 && verdict == FALLBACK_NEEDED);
    *proportionate = (stored_proportionate == 1 &&
                      (j == FALLBACK_DISPROPORTIONATE || j == FALLBACK_SAVES_NOTHING)) ||
                     (stored_proportionate == 0 && j == FALLBACK_PROPORTIONATE);
}

int32_t fallback_need_scenario_down(int32_t outage_h, int32_t horizon_h, int has_fallback,
                                    int32_t activation_h, int32_t duration_h)
{
    int64_t lost = outage_h < horizon_h ? outage_h : horizon_h, end;
    if (lost < 0)
        lost = 0;
    if (!has_fallback)
        return (int32_t)lost;
    end = (int64_t)activation_h + duration_h;
    return (int32_t)((lost < activation_h ? lost : activation_h) + (lost > end ? lost - end : 0));
}

void fallback_need_count_disagreements(const struct fallback_need_report *r, size_t *needed,
                                       size_t *proportionate)
{
    size_t i, j;
    *needed = *proportionate = 0;
    for (i = 0; i < r->n; i++) {
        for (j = 0; j < r->processes[i].n_options; j++) {
            *needed += r->processes[i].options[j].needed_disagrees != 0;
            *proportionate += r->processes[i].options[j].proportionate_disagrees != 0;
        }
    }
}

const char *fallback_need_verdict_name(enum fallback_need_verdict v)
{
    return v == FALLBACK_NEEDED ? "needed" : v == FALLBACK_ADVISABLE ? "advisable" : "not needed";
}

const char *fallback_need_judgement_name(enum fallback_judgement j)
{
    switch (j) {
    case FALLBACK_PROPORTIONATE:
        return "proportionate";
    case FALLBACK_DISPROPORTIONATE:
        return "disproportionate";
    case FALLBACK_SAVES_NOTHING:
        return "saves nothing";
    case FALLBACK_NO_COST:
        return "no cost known";
    default:
        return "not linked";
    }
}

enum fallback_need_verdict fallback_need_decide(const char *category, int gap, uint32_t reach,
                                                int64_t reach_needed)
{
    int wide = (int64_t)reach >= reach_needed;
    if (!gap)
        return FALLBACK_NOT_NEEDED;
    if (strcmp(category, "A") == 0)
        return FALLBACK_NEEDED;
    if (strcmp(category, "B") == 0)
        return wide ? FALLBACK_NEEDED : FALLBACK_ADVISABLE;
    return wide ? FALLBACK_ADVISABLE : FALLBACK_NOT_NEEDED;
}

void fallback_need_report_release(struct fallback_need_report *r)
{
    if (r == NULL)
        return;
    arena_release(&r->arena);
    memset(r, 0, sizeof *r);
}

/* --- settings -------------------------------------------------------------- */

static int setting_range(struct store *s, const char *key, int64_t fallback, int64_t min,
                         int64_t max, int64_t *out, struct error *e)
{
    int rc = settings_get_int(s, key, fallback, out, e);
    if (rc == 0 && (*out < min || *out > max))
        rc = error_set(e, ERR_INVALID, key, "setting %s must be %ld .. %ld, not %ld", key,
                       (long)min, (long)max, (long)*out);
    return rc;
}

static int tolerable_hours(struct store *s, const char *category, int32_t *out, struct error *e)
{
    char key[64];
    int64_t v;
    int rc;
    snprintf(key, sizeof key, "max_tolerable_downtime_h_%s", category);
    /* a database without the setting tolerates nothing: the strict reading */
    if ((rc = setting_range(s, key, 0, 0, CASCADE_MAX_HORIZON_H, &v, e)) == 0)
        *out = (int32_t)v;
    return rc;
}

/* --- the runs -------------------------------------------------------------- */

struct ctx {
    struct store *s;
    struct fallback_need_report *r;
    struct whatif_graph wg;
    struct graph *stored; /* as stored: available fallbacks only */
    json_t *options;      /* every fallback option record */
    json_t *scenarios;    /* process id -> its risks that are scenarios of its own failure */
    struct error *e;
};

/* The fallback option record with this id that belongs to process, or NULL. */
static json_t *option_of(const struct ctx *c, const char *id, const char *process)
{
    json_t *o;
    size_t i;
    if (id == NULL)
        return NULL;
    json_array_foreach(c->options, i, o)
    {
        if (strcmp(json_string_value(json_object_get(o, "id")), id) == 0)
            return strcmp(json_string_value(json_object_get(o, "process")), process) == 0 ? o
                                                                                          : NULL;
    }
    return NULL;
}

/* The node indexes of an input's suppliers in *idx (room for n_suppliers). */
static void supplier_indexes(const struct graph *g, const struct whatif_input *in, uint32_t *idx)
{
    size_t i;
    for (i = 0; i < in->n_suppliers; i++)
        graph_node_find(g, in->suppliers[i], &idx[i]);
}

/* The suppliers of in fail for the outage on g: node's first hour and hours
 * down (-1, 0 when never), and the down-node-hours over all nodes. */
static int lose_input(struct ctx *c, const struct graph *g, const struct whatif_input *in,
                      uint32_t node, int32_t *first, int32_t *down, int64_t *total)
{
    struct cascade_result *res = NULL;
    uint32_t *idx = xcalloc(in->n_suppliers ? in->n_suppliers : 1, sizeof *idx), k;
    int rc;
    supplier_indexes(g, in, idx);
    {
        struct cascade_event ev = {idx, in->n_suppliers, c->r->outage_h, c->r->horizon_h, NULL};
        rc = cascade_run(g, &ev, &res, c->e);
    }
    free(idx);
    if (rc != 0)
        return rc;
    *first = -1;
    *down = 0;
    *total = res->down_node_hours;
    for (k = 0; k < res->n_affected; k++) {
        if (res->nodes[k].node == node) {
            *first = res->nodes[k].first_down_h;
            *down = res->nodes[k].down_h;
        }
    }
    cascade_result_free(res);
    return 0;
}

enum variant {
    NO_OWN_FALLBACK, /* id is a process: its inputs without any fallback */
    OPTION_ON,       /* id is an option: the inputs that name it bridged by its window */
    OPTION_OFF,      /* id is an option: the inputs that name it without a fallback */
};

/* An edited copy of the stored graph, built; c->wg is left as it was. */
static int build_variant(struct ctx *c, enum variant v, const char *id, json_t *option,
                         struct graph **out)
{
    struct whatif_input *saved = xcalloc(c->wg.n_inputs ? c->wg.n_inputs : 1, sizeof *saved);
    size_t i;
    int rc;
    memcpy(saved, c->wg.inputs, c->wg.n_inputs * sizeof *saved);
    for (i = 0; i < c->wg.n_inputs; i++) {
        struct whatif_input *in = &c->wg.inputs[i];
        if (v == NO_OWN_FALLBACK) {
            if (strcmp(in->node, id) == 0)
                in->has_fallback = 0;
        } else if (in->fallback && strcmp(in->fallback, id) == 0) {
            in->has_fallback = v == OPTION_ON;
            in->activation_h = (int32_t)json_integer_value(json_object_get(option, "activation_h"));
            in->duration_h = (int32_t)json_integer_value(json_object_get(option, "duration_h"));
        }
    }
    rc = whatif_graph_build(&c->wg, out, c->e);
    memcpy(c->wg.inputs, saved, c->wg.n_inputs * sizeof *saved);
    free(saved);
    return rc;
}

/* Down-node-hours over all processes when the process at node alone fails
 * for hours contiguous hours from hour 0 (the graph as stored). */
static int own_failure_total(struct ctx *c, uint32_t node, int32_t hours, int64_t *total)
{
    struct cascade_result *res = NULL;
    struct cascade_event ev = {&node, 1, hours, c->r->horizon_h, NULL};
    int rc;
    *total = 0;
    if (hours <= 0)
        return 0;
    if ((rc = cascade_run(c->stored, &ev, &res, c->e)) != 0)
        return rc;
    *total = res->down_node_hours;
    cascade_result_free(res);
    return 0;
}

/* Cost per saved down-hour of one fallback option of process p (its
 * scenarios computed): the inputs that name it lost with and without it,
 * and p failing in each scenario it bridges for down_h and for bridged_h
 * contiguous hours (a conservative approximation: docs/method.md). */
static int judge_option(struct ctx *c, json_t *option, const struct fallback_need_process *p,
                        uint32_t p_node, struct fallback_need_option *fo)
{
    struct graph *with = NULL, *without = NULL;
    json_t *cost = json_object_get(option, "cost_eur");
    size_t i;
    int rc = 0;

    snprintf(fo->id, sizeof fo->id, "%s", json_string_value(json_object_get(option, "id")));
    snprintf(fo->kind, sizeof fo->kind, "%s", json_string_value(json_object_get(option, "kind")));
    fo->available = json_is_true(json_object_get(option, "available"));
    fo->has_cost = json_is_integer(cost);
    fo->cost_eur = json_integer_value(cost);
    for (i = 0; i < c->wg.n_inputs; i++) {
        if (c->wg.inputs[i].fallback && strcmp(c->wg.inputs[i].fallback, fo->id) == 0)
            fo->n_dependencies++;
    }
    if (fo->n_dependencies > 0) {
        if ((rc = build_variant(c, OPTION_OFF, fo->id, option, &without)) != 0 ||
            (rc = build_variant(c, OPTION_ON, fo->id, option, &with)) != 0)
            goto cleanup;
        for (i = 0; i < c->wg.n_inputs; i++) {
            const struct whatif_input *in = &c->wg.inputs[i];
            int32_t f, d;
            int64_t t_with, t_without;
            uint32_t node;
            if (in->fallback == NULL || strcmp(in->fallback, fo->id) != 0)
                continue;
            graph_node_find(with, in->node, &node);
            if ((rc = lose_input(c, without, in, node, &f, &d, &t_without)) != 0 ||
                (rc = lose_input(c, with, in, node, &f, &d, &t_with)) != 0)
                goto cleanup;
            fo->saved_down_hours += t_without - t_with;
        }
    }
    for (i = 0; i < p->n_scenarios; i++) {
        const struct fallback_need_scenario *sc = &p->scenarios[i];
        int64_t t_without, t_with;
        if (strcmp(sc->fallback, fo->id) != 0)
            continue;
        fo->n_scenarios++;
        if ((rc = own_failure_total(c, p_node, sc->down_h, &t_without)) != 0 ||
            (rc = own_failure_total(c, p_node, sc->bridged_h, &t_with)) != 0)
            goto cleanup;
        fo->saved_down_hours += t_without - t_with;
    }
    if (fo->n_dependencies == 0 && fo->n_scenarios == 0)
        fo->judgement = FALLBACK_NOT_LINKED;
    else if (!fo->has_cost)
        fo->judgement = FALLBACK_NO_COST;
    else if (fo->saved_down_hours <= 0)
        fo->judgement = FALLBACK_SAVES_NOTHING;
    else {
        fo->eur_per_down_hour = (double)fo->cost_eur / (double)fo->saved_down_hours;
        fo->judgement = fo->eur_per_down_hour <= (double)c->r->eur_per_down_hour_max
                            ? FALLBACK_PROPORTIONATE
                            : FALLBACK_DISPROPORTIONATE;
    }
cleanup:
    graph_free(with);
    graph_free(without);
    return rc;
}

/* --- one process ----------------------------------------------------------- */

/* Why the worst uncovered loss is not covered: its option is not
 * available, bridges too little, or there is none. */
static void why_not_covered(struct strbuf *b, const char *fallback, int available)
{
    if (fallback[0] && !available)
        strbuf_printf(b, " (%s is not available)", fallback);
    else if (fallback[0])
        strbuf_printf(b, " (%s bridges too little)", fallback);
    else
        strbuf_puts(b, " (no fallback option)");
}

/* The explanation. It never names a risk: the API shows it to readers who
 * may not see every risk of the process (the scenarios list names them,
 * masked). */
/* On r's arena. */
static char *explain(struct fallback_need_report *r, const struct fallback_need_process *p)
{
    char *text;
    struct strbuf b = STRBUF_INIT;
    const char *verdict = fallback_need_verdict_name(p->verdict);
    const struct fallback_need_input *ui = NULL;
    const struct fallback_need_scenario *us = NULL, *ws = NULL;
    size_t i, gaps = 0, needs = 0;

    strbuf_printf(&b,
                  "%c%s: %s (category %s, tolerates %ld h%s; its failure takes down %lu other "
                  "process%s) ",
                  verdict[0] - 'a' + 'A', verdict + 1, p->name, p->category, (long)p->tolerable_h,
                  p->tolerable_own ? " by its own maximum tolerable downtime" : "",
                  (unsigned long)p->reach, p->reach == 1 ? "" : "es");
    for (i = 0; i < p->n_inputs; i++) {
        const struct fallback_need_input *in = &p->inputs[i];
        gaps += in->gap != 0;
        if (in->gap && !in->covered && (ui == NULL || in->down_h_with > ui->down_h_with))
            ui = in;
    }
    for (i = 0; i < p->n_scenarios; i++) {
        const struct fallback_need_scenario *sc = &p->scenarios[i];
        needs += sc->need != 0;
        if (ws == NULL || sc->down_h > ws->down_h)
            ws = sc;
        if (sc->need && !sc->covered && (us == NULL || sc->down_h_with > us->down_h_with))
            us = sc;
    }
    if (p->n_inputs == 0) {
        strbuf_puts(&b, "has no recorded inputs, so no input loss takes it down");
    } else {
        const struct fallback_need_input *w = &p->inputs[p->worst];
        if (gaps == 0)
            strbuf_printf(&b,
                          "stays within that when any input is lost for %ld h without a fallback "
                          "of its own (at most %ld h down, on losing %s)",
                          (long)r->outage_h, (long)w->down_h, w->dependency);
        else
            strbuf_printf(&b,
                          "is down %ld h from hour %ld when %s is lost for %ld h without a "
                          "fallback of its own",
                          (long)w->down_h, (long)w->first_down_h, w->dependency, (long)r->outage_h);
        if (gaps > 1)
            strbuf_printf(&b, " (%zu inputs have such a gap)", gaps);
    }
    if (ws != NULL) {
        if (ws->risk[0])
            strbuf_printf(&b,
                          "; failing itself in a scenario of its analysis%s (%ld h%s) it is "
                          "down %ld h without a fallback",
                          p->n_scenarios > 1 ? " (the longest)" : "", (long)ws->outage_h,
                          ws->own_systems ? ", its own digital systems lost" : "",
                          (long)ws->down_h);
        else
            strbuf_printf(&b,
                          "; on losing its own digital systems for %ld h (the default scenario) "
                          "it is down %ld h without a fallback",
                          (long)ws->outage_h, (long)ws->down_h);
        if (needs > 1)
            strbuf_printf(&b, " (%zu scenarios exceed what it tolerates)", needs);
    }
    strbuf_puts(&b, ".");
    if (!p->gap)
        goto done;
    if (ui == NULL && us == NULL) {
        strbuf_puts(&b, " Covered: with the available fallbacks it stays within its tolerable "
                        "downtime on each of these losses.");
    } else if (us == NULL || (ui != NULL && ui->down_h_with >= us->down_h_with)) {
        strbuf_printf(&b,
                      " Not covered: with the available fallbacks it is still down %ld h on "
                      "losing %s",
                      (long)ui->down_h_with, ui->dependency);
        why_not_covered(&b, ui->fallback, ui->fallback_available);
        strbuf_putc(&b, '.');
    } else {
        strbuf_printf(&b,
                      " Not covered: with the available fallbacks it is still down %ld h when it "
                      "fails itself",
                      (long)us->down_h_with);
        why_not_covered(&b, us->fallback, us->fallback_available);
        strbuf_putc(&b, '.');
    }
done:
    text = arena_strndup(&r->arena, b.data, b.len);
    strbuf_release(&b);
    return text;
}

/* Fills sc's hours from its outage and its option (NULL: none). */
static void scenario_hours(const struct ctx *c, const struct fallback_need_process *p,
                           json_t *option, struct fallback_need_scenario *sc)
{
    int32_t act = (int32_t)json_integer_value(json_object_get(option, "activation_h"));
    int32_t dur = (int32_t)json_integer_value(json_object_get(option, "duration_h"));
    snprintf(sc->fallback, sizeof sc->fallback, "%s",
             option ? json_string_value(json_object_get(option, "id")) : "");
    sc->fallback_available = option && json_is_true(json_object_get(option, "available"));
    sc->down_h = fallback_need_scenario_down(sc->outage_h, c->r->horizon_h, 0, 0, 0);
    sc->bridged_h =
        fallback_need_scenario_down(sc->outage_h, c->r->horizon_h, option != NULL, act, dur);
    sc->down_h_with = sc->fallback_available ? sc->bridged_h : sc->down_h;
    sc->need = sc->down_h > p->tolerable_h;
    sc->covered = sc->need && sc->down_h_with <= p->tolerable_h;
}

/* The default scenario, a loss of p's own digital systems for the outage:
 * bridged by the analogue or digital option of p (another way of working,
 * whatever loss it was recorded for; an alternative supplier replaces an
 * input, not the process's own systems) that leaves it down the fewest
 * hours, available ones first (the first by id on a tie); none when it has
 * no such option. */
static void default_scenario(const struct ctx *c, const struct fallback_need_process *p,
                             struct fallback_need_scenario *sc)
{
    struct fallback_need_scenario best, try;
    json_t *o;
    size_t i;
    memset(&best, 0, sizeof best);
    best.own_systems = 1;
    best.outage_h = c->r->outage_h;
    scenario_hours(c, p, NULL, &best);
    json_array_foreach(c->options, i, o)
    {
        const char *kind = json_string_value(json_object_get(o, "kind"));
        if (strcmp(json_string_value(json_object_get(o, "process")), p->id) != 0 ||
            (strcmp(kind, "analogue") != 0 && strcmp(kind, "digital") != 0))
            continue;
        try = best;
        scenario_hours(c, p, o, &try);
        if (best.fallback[0] == '\0' || try.fallback_available > best.fallback_available ||
            (try.fallback_available == best.fallback_available && try.bridged_h < best.bridged_h))
            best = try;
    }
    *sc = best;
}

/* The scenarios of p's own failure: its risks that say so, and the default
 * loss of its own digital systems unless one of them is such a loss. */
static void own_failure(struct ctx *c, struct fallback_need_process *p)
{
    json_t *risks = json_object_get(c->scenarios, p->id), *risk;
    size_t i;
    int own = 0;
    p->scenarios = arena_calloc(&c->r->arena, json_array_size(risks) + 1, sizeof *p->scenarios);
    json_array_foreach(risks, i, risk)
    {
        struct fallback_need_scenario *sc = &p->scenarios[p->n_scenarios++];
        json_t *outage = json_object_get(risk, "outage_h");
        snprintf(sc->risk, sizeof sc->risk, "%s", json_string_value(json_object_get(risk, "id")));
        sc->own_systems = json_is_true(json_object_get(risk, "own_systems"));
        /* an own-systems scenario without hours of its own lasts the outage */
        sc->outage_h =
            json_is_integer(outage) ? (int32_t)json_integer_value(outage) : c->r->outage_h;
        scenario_hours(
            c, p, option_of(c, json_string_value(json_object_get(risk, "fallback")), p->id), sc);
        own |= sc->own_systems;
    }
    if (!own)
        default_scenario(c, p, &p->scenarios[p->n_scenarios++]);
    for (i = 0; i < p->n_scenarios; i++)
        p->gap |= p->scenarios[i].need;
}

static int assess_process(struct ctx *c, json_t *record, struct fallback_need_process *p)
{
    struct graph *bare = NULL;
    struct cascade_summary sum;
    struct cascade_workspace *w = NULL;
    json_t *option;
    uint32_t node;
    size_t i, n;
    int rc;

    snprintf(p->id, sizeof p->id, "%s", json_string_value(json_object_get(record, "id")));
    snprintf(p->name, sizeof p->name, "%s", json_string_value(json_object_get(record, "name")));
    snprintf(p->category, sizeof p->category, "%s",
             json_string_value(json_object_get(record, "category")));
    if (json_is_integer(json_object_get(record, "mtpd_h"))) {
        /* the process's own maximum tolerable period of disruption */
        p->tolerable_h = (int32_t)json_integer_value(json_object_get(record, "mtpd_h"));
        p->tolerable_own = 1;
    } else if ((rc = tolerable_hours(c->s, p->category, &p->tolerable_h, c->e)) != 0) {
        return rc;
    }
    if (graph_node_find(c->stored, p->id, &node) != 0)
        return error_set(c->e, ERR_INTERNAL, p->id, "process missing from the process graph");

    /* the reach: it alone fails for the outage */
    w = cascade_workspace_new(c->stored);
    {
        struct cascade_event ev = {&node, 1, c->r->outage_h, c->r->horizon_h, NULL};
        rc = cascade_workspace_summary(w, &ev, NULL, &sum, c->e);
    }
    cascade_workspace_free(w);
    if (rc != 0)
        return rc;
    p->reach = sum.affected > 0 ? sum.affected - 1 : 0;

    /* each input lost: without a fallback of its own, and as stored */
    for (i = n = 0; i < c->wg.n_inputs; i++)
        n += strcmp(c->wg.inputs[i].node, p->id) == 0;
    p->inputs = arena_calloc(&c->r->arena, n ? n : 1, sizeof *p->inputs);
    if (n > 0 && (rc = build_variant(c, NO_OWN_FALLBACK, p->id, NULL, &bare)) != 0)
        return rc;
    for (i = 0; i < c->wg.n_inputs; i++) {
        const struct whatif_input *in = &c->wg.inputs[i];
        struct fallback_need_input *fi;
        int32_t first_with;
        int64_t total;
        if (strcmp(in->node, p->id) != 0)
            continue;
        fi = &p->inputs[p->n_inputs++];
        snprintf(fi->dependency, sizeof fi->dependency, "%s", in->dependency);
        snprintf(fi->fallback, sizeof fi->fallback, "%s", in->fallback ? in->fallback : "");
        fi->fallback_available = in->has_fallback;
        if ((rc = lose_input(c, bare, in, node, &fi->first_down_h, &fi->down_h, &total)) != 0 ||
            (rc = lose_input(c, c->stored, in, node, &first_with, &fi->down_h_with, &total)) != 0)
            goto cleanup;
        fi->gap = fi->down_h > p->tolerable_h;
        fi->covered = fi->gap && fi->down_h_with <= p->tolerable_h;
        if (fi->down_h > p->inputs[p->worst].down_h)
            p->worst = p->n_inputs - 1;
        p->gap |= fi->gap;
    }
    own_failure(c, p);
    p->covered = p->gap;
    for (i = 0; i < p->n_inputs; i++) {
        if (p->inputs[i].gap && !p->inputs[i].covered)
            p->covered = 0;
    }
    for (i = 0; i < p->n_scenarios; i++) {
        if (p->scenarios[i].need && !p->scenarios[i].covered)
            p->covered = 0;
    }
    p->verdict = fallback_need_decide(p->category, p->gap, p->reach, c->r->reach_needed);

    /* its fallback options: cost per saved down-hour */
    for (i = n = 0; i < json_array_size(c->options); i++)
        n += strcmp(json_string_value(json_object_get(json_array_get(c->options, i), "process")),
                    p->id) == 0;
    p->options = arena_calloc(&c->r->arena, n, sizeof *p->options);
    json_array_foreach(c->options, i, option)
    {
        if (strcmp(json_string_value(json_object_get(option, "process")), p->id) != 0)
            continue;
        struct fallback_need_option *fo = &p->options[p->n_options++];
        json_t *prop = json_object_get(option, "proportionate");
        const char *needed = json_string_value(json_object_get(option, "needed"));
        const char *alternative = json_string_value(json_object_get(option, "alternative_measure"));
        if ((rc = judge_option(c, option, p, node, fo)) != 0)
            goto cleanup;
        snprintf(fo->alternative_measure, sizeof fo->alternative_measure, "%s",
                 alternative ? alternative : "");
        snprintf(fo->stored_needed, sizeof fo->stored_needed, "%s", needed ? needed : "unknown");
        fo->stored_proportionate = json_is_boolean(prop) ? json_is_true(prop) : -1;
        fallback_need_disagreement(fo->stored_needed, fo->stored_proportionate, p->verdict,
                                   fo->judgement, &fo->needed_disagrees,
                                   &fo->proportionate_disagrees);
    }
    p->explanation = explain(c->r, p);
cleanup:
    graph_free(bare);
    return rc;
}

/* --- the report ------------------------------------------------------------ */

static int collect(void *ctx, json_t *record)
{
    json_array_append(ctx, record);
    return 0;
}

static const char *text(json_t *record, const char *key)
{
    const char *v = json_string_value(json_object_get(record, key));
    return v ? v : "";
}

/* > 0 when analysis a is later than b: finalised, then started, then id. */
static int analysis_later(json_t *a, json_t *b)
{
    int d = strcmp(text(a, "finalised"), text(b, "finalised"));
    if (d == 0)
        d = strcmp(text(a, "started"), text(b, "started"));
    return d != 0 ? d : strcmp(text(a, "id"), text(b, "id"));
}

/* The analyses whose scenarios count (docs/method.md): per process its
 * latest final regular analysis, and its quickscans that are still open or
 * were finalised on or after it (all its quickscans when it has no final
 * regular analysis). Draft regular analyses do not count yet. Returns
 * analysis id -> process id in *out. */
static int current_analyses(struct store *s, json_t **out, struct error *e)
{
    json_t *all = json_array(), *base = json_object(), *a, *b;
    size_t i;
    int rc;
    *out = json_object();
    if ((rc = store_record_each(s, model_kind(KIND_ANALYSIS), NULL, 0, 0, 0, collect, all, e)))
        goto cleanup;
    json_array_foreach(all, i, a)
    {
        if (strcmp(text(a, "kind"), "regular") != 0 || strcmp(text(a, "status"), "final") != 0)
            continue;
        b = json_object_get(base, text(a, "process"));
        if (b == NULL || analysis_later(a, b) > 0)
            json_object_set(base, text(a, "process"), a);
    }
    json_array_foreach(all, i, a)
    {
        int counts;
        b = json_object_get(base, text(a, "process"));
        if (strcmp(text(a, "kind"), "regular") == 0)
            counts = a == b;
        else
            counts = b == NULL || strcmp(text(a, "status"), "final") != 0 ||
                     strcmp(text(a, "finalised"), text(b, "finalised")) >= 0;
        if (counts)
            json_object_set_new(*out, text(a, "id"), json_string(text(a, "process")));
    }
cleanup:
    json_decref(all);
    json_decref(base);
    return rc;
}

/* process id -> the risks of its current analyses that are scenarios of
 * its own failure (outage_h given, or own_systems), in risk id order. */
static int load_scenarios(struct ctx *c)
{
    json_t *analyses = NULL, *risks = json_array(), *risk;
    size_t i;
    int rc;
    c->scenarios = json_object();
    if ((rc = current_analyses(c->s, &analyses, c->e)) != 0 ||
        (rc = store_record_each(c->s, model_kind(KIND_RISK), NULL, 0, 0, 0, collect, risks,
                                c->e)) != 0)
        goto cleanup;
    json_array_foreach(risks, i, risk)
    {
        const char *process = json_string_value(json_object_get(analyses, text(risk, "analysis")));
        json_t *list;
        if (process == NULL || (!json_is_integer(json_object_get(risk, "outage_h")) &&
                                !json_is_true(json_object_get(risk, "own_systems"))))
            continue;
        if ((list = json_object_get(c->scenarios, process)) == NULL) {
            list = json_array();
            json_object_set_new(c->scenarios, process, list);
        }
        json_array_append(list, risk);
    }
cleanup:
    json_decref(analyses);
    json_decref(risks);
    return rc;
}

int fallback_need_compute(struct store *s, const struct fallback_need_options *o,
                          struct fallback_need_report *r, struct error *e)
{
    struct ctx c = {s, r, {0}, NULL, json_array(), NULL, e};
    json_t *processes = json_array(), *record;
    int64_t v;
    size_t i;
    int rc;

    memset(r, 0, sizeof *r);
    arena_init_unbounded(&r->arena);
    r->outage_h = o->outage_h;
    if (o->outage_h < 0) {
        if ((rc = setting_range(s, "fallback_outage_h", DEFAULT_OUTAGE_H, 0, INT32_MAX, &v, e)))
            goto cleanup;
        r->outage_h = (int32_t)v;
    }
    if ((rc = setting_range(s, "fallback_horizon_h", DEFAULT_HORIZON_H, 1, CASCADE_MAX_HORIZON_H,
                            &v, e)) != 0 ||
        (rc = setting_range(s, "fallback_reach_needed", DEFAULT_REACH_NEEDED, 0, INT32_MAX,
                            &r->reach_needed, e)) != 0 ||
        (rc = setting_range(s, "proportionate_eur_per_down_hour", DEFAULT_EUR_PER_DOWN_HOUR, 0,
                            (int64_t)1e15, &r->eur_per_down_hour_max, e)) != 0)
        goto cleanup;
    r->horizon_h = (int32_t)v;

    if (o->process) {
        rc = store_record_get(s, model_kind(KIND_PROCESS), o->process, &record, e);
        if (rc == ERR_NOTFOUND)
            error_set(e, ERR_NOTFOUND, "--process", "unknown process '%s'", o->process);
        if (rc != 0)
            goto cleanup;
        json_array_append_new(processes, record);
    } else if ((rc = store_record_each(s, model_kind(KIND_PROCESS), NULL, 0, 0, 0, collect,
                                       processes, e)) != 0) {
        goto cleanup;
    }
    if ((rc = store_record_each(s, model_kind(KIND_FALLBACK_OPTION), NULL, 0, 0, 0, collect,
                                c.options, e)) != 0 ||
        (rc = load_scenarios(&c)) != 0 || (rc = whatif_graph_load(s, &c.wg, e)) != 0 ||
        (rc = whatif_graph_build(&c.wg, &c.stored, e)) != 0)
        goto cleanup;
    r->processes = arena_calloc(&r->arena, json_array_size(processes), sizeof *r->processes);
    json_array_foreach(processes, i, record)
    {
        if ((rc = assess_process(&c, record, &r->processes[r->n++])) != 0)
            goto cleanup;
    }
cleanup:
    graph_free(c.stored);
    whatif_graph_release(&c.wg);
    json_decref(c.options);
    json_decref(c.scenarios);
    json_decref(processes);
    if (rc != 0)
        fallback_need_report_release(r);
    return rc;
}
