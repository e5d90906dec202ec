/*
 * fallback_need.c — the fallback need per vital process (see
 * fallback_need.h): cascades of input losses with and without fallbacks on
 * edited copies of the stored graph, the decision table, the
 * proportionality of each fallback option. Reads only; settings hold every
 * number the rule uses.
 */
#include "domain/fallback_need.h"

#include "base/strbuf.h"
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
    size_t i;
    if (r == NULL)
        return;
    for (i = 0; i < r->n; i++) {
        free(r->processes[i].inputs);
        free(r->processes[i].options);
        free(r->processes[i].explanation);
    }
    free(r->processes);
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
    struct error *e;
};

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
    uint32_t *idx = calloc(in->n_suppliers ? in->n_suppliers : 1, sizeof *idx), k;
    int rc;
    if (idx == NULL)
        return error_set(c->e, ERR_NOMEM, NULL, "out of memory");
    supplier_indexes(g, in, idx);
    {
        struct cascade_event ev = {idx, in->n_suppliers, c->r->outage_h, c->r->horizon_h};
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
    struct whatif_input *saved = calloc(c->wg.n_inputs ? c->wg.n_inputs : 1, sizeof *saved);
    size_t i;
    int rc;
    if (saved == NULL)
        return error_set(c->e, ERR_NOMEM, NULL, "out of memory");
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

/* Cost per saved down-hour of one fallback option. */
static int judge_option(struct ctx *c, json_t *option, struct fallback_need_option *fo)
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
    if (fo->n_dependencies == 0)
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

static char *explain(const struct fallback_need_report *r, const struct fallback_need_process *p)
{
    struct strbuf b = STRBUF_INIT;
    const char *verdict = fallback_need_verdict_name(p->verdict);
    size_t i, gaps = 0, uncovered = 0, worst_uncovered = 0;

    strbuf_printf(&b,
                  "%c%s: %s (category %s, tolerates %ld h%s; its failure takes down %lu other "
                  "process%s) ",
                  verdict[0] - 'a' + 'A', verdict + 1, p->name, p->category, (long)p->tolerable_h,
                  p->tolerable_own ? " by its own maximum tolerable downtime" : "",
                  (unsigned long)p->reach, p->reach == 1 ? "" : "es");
    if (p->n_inputs == 0) {
        strbuf_puts(&b, "has no recorded inputs, so no input loss takes it down.");
        goto done;
    }
    {
        const struct fallback_need_input *w = &p->inputs[p->worst];
        if (!p->gap) {
            strbuf_printf(&b,
                          "stays within that when any input is lost for %ld h without a fallback "
                          "of its own (at most %ld h down, on losing %s).",
                          (long)r->outage_h, (long)w->down_h, w->dependency);
            goto done;
        }
        for (i = 0; i < p->n_inputs; i++) {
            if (!p->inputs[i].gap)
                continue;
            gaps++;
            if (!p->inputs[i].covered &&
                (uncovered++ == 0 ||
                 p->inputs[i].down_h_with > p->inputs[worst_uncovered].down_h_with))
                worst_uncovered = i;
        }
        strbuf_printf(&b,
                      "is down %ld h from hour %ld when %s is lost for %ld h without a "
                      "fallback of its own",
                      (long)w->down_h, (long)w->first_down_h, w->dependency, (long)r->outage_h);
        if (gaps > 1)
            strbuf_printf(&b, " (%zu inputs have such a gap)", gaps);
        strbuf_puts(&b, ". ");
    }
    if (uncovered == 0) {
        strbuf_puts(&b, "Covered: with the available fallbacks it stays within its tolerable "
                        "downtime on each of these losses.");
    } else {
        const struct fallback_need_input *u = &p->inputs[worst_uncovered];
        strbuf_printf(&b,
                      "Not covered: with the available fallbacks it is still down %ld h on "
                      "losing %s",
                      (long)u->down_h_with, u->dependency);
        if (u->fallback[0] && !u->fallback_available)
            strbuf_printf(&b, " (%s is not available)", u->fallback);
        else if (u->fallback[0])
            strbuf_printf(&b, " (%s bridges too little)", u->fallback);
        else
            strbuf_puts(&b, " (no fallback option)");
        strbuf_putc(&b, '.');
    }
done:
    return b.failed ? (strbuf_release(&b), NULL) : strbuf_detach(&b);
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
    if (cascade_workspace_new(c->stored, &w) != 0)
        return error_set(c->e, ERR_NOMEM, NULL, "out of memory");
    {
        struct cascade_event ev = {&node, 1, c->r->outage_h, c->r->horizon_h};
        rc = cascade_workspace_summary(w, &ev, &sum, c->e);
    }
    cascade_workspace_free(w);
    if (rc != 0)
        return rc;
    p->reach = sum.affected > 0 ? sum.affected - 1 : 0;

    /* each input lost: without a fallback of its own, and as stored */
    for (i = n = 0; i < c->wg.n_inputs; i++)
        n += strcmp(c->wg.inputs[i].node, p->id) == 0;
    if ((p->inputs = calloc(n ? n : 1, sizeof *p->inputs)) == NULL)
        return error_set(c->e, ERR_NOMEM, NULL, "out of memory");
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
    p->covered = p->gap;
    for (i = 0; i < p->n_inputs; i++) {
        if (p->inputs[i].gap && !p->inputs[i].covered)
            p->covered = 0;
    }
    p->verdict = fallback_need_decide(p->category, p->gap, p->reach, c->r->reach_needed);

    /* its fallback options: cost per saved down-hour */
    for (i = n = 0; i < json_array_size(c->options); i++)
        n += strcmp(json_string_value(json_object_get(json_array_get(c->options, i), "process")),
                    p->id) == 0;
    if ((p->options = calloc(n ? n : 1, sizeof *p->options)) == NULL) {
        rc = error_set(c->e, ERR_NOMEM, NULL, "out of memory");
        goto cleanup;
    }
    json_array_foreach(c->options, i, option)
    {
        if (strcmp(json_string_value(json_object_get(option, "process")), p->id) != 0)
            continue;
        struct fallback_need_option *fo = &p->options[p->n_options++];
        json_t *prop = json_object_get(option, "proportionate");
        const char *needed = json_string_value(json_object_get(option, "needed"));
        if ((rc = judge_option(c, option, fo)) != 0)
            goto cleanup;
        snprintf(fo->stored_needed, sizeof fo->stored_needed, "%s", needed ? needed : "unknown");
        fo->stored_proportionate = json_is_boolean(prop) ? json_is_true(prop) : -1;
        fallback_need_disagreement(fo->stored_needed, fo->stored_proportionate, p->verdict,
                                   fo->judgement, &fo->needed_disagrees,
                                   &fo->proportionate_disagrees);
    }
    if ((p->explanation = explain(c->r, p)) == NULL)
        rc = error_set(c->e, ERR_NOMEM, NULL, "out of memory");
cleanup:
    graph_free(bare);
    return rc;
}

/* --- the report ------------------------------------------------------------ */

static int collect(void *ctx, json_t *record)
{
    return json_array_append_new(ctx, record) == 0 ? 0 : ERR_NOMEM;
}

int fallback_need_compute(struct store *s, const struct fallback_need_options *o,
                          struct fallback_need_report *r, struct error *e)
{
    struct ctx c = {s, r, {0}, NULL, json_array(), e};
    json_t *processes = json_array(), *record;
    int64_t v;
    size_t i;
    int rc;

    memset(r, 0, sizeof *r);
    if (c.options == NULL || processes == NULL) {
        rc = error_set(e, ERR_NOMEM, NULL, "out of memory");
        goto cleanup;
    }
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
        rc = store_record_get(s, model_kind_find("processes"), o->process, &record, e);
        if (rc == ERR_NOTFOUND)
            error_set(e, ERR_NOTFOUND, "--process", "unknown process '%s'", o->process);
        if (rc != 0)
            goto cleanup;
        json_array_append_new(processes, record);
    } else if ((rc = store_record_each(s, model_kind_find("processes"), NULL, 0, 0, 0, collect,
                                       processes, e)) != 0) {
        goto cleanup;
    }
    if ((rc = store_record_each(s, model_kind_find("fallback_options"), NULL, 0, 0, 0, collect,
                                c.options, e)) != 0 ||
        (rc = whatif_graph_load(s, &c.wg, e)) != 0 ||
        (rc = whatif_graph_build(&c.wg, &c.stored, e)) != 0)
        goto cleanup;
    r->processes = calloc(json_array_size(processes) + 1, sizeof *r->processes);
    if (r->processes == NULL) {
        rc = error_set(e, ERR_NOMEM, NULL, "out of memory");
        goto cleanup;
    }
    json_array_foreach(processes, i, record)
    {
        if ((rc = assess_process(&c, record, &r->processes[r->n++])) != 0)
            goto cleanup;
    }
cleanup:
    if (rc == ERR_NOMEM && e->message[0] == '\0')
        error_set(e, ERR_NOMEM, NULL, "out of memory");
    graph_free(c.stored);
    whatif_graph_release(&c.wg);
    json_decref(c.options);
    json_decref(processes);
    if (rc != 0)
        fallback_need_report_release(r);
    return rc;
}
