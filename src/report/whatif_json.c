/*
 * whatif_json.c — measures as what-if as JSON (see report_json.h), for
 * `vitaal whatif --json` and the what-if job of the API. With a filter the
 * document names no hidden record and counts only what it shows.
 */
#include "report/report_json.h"

#include <stdio.h>
#include <string.h>

#include "domain/process_graph.h"
#include "engine/cascade.h"
#include "engine/criticality.h"
#include "engine/graph.h"

#include <stdint.h>

static void node_state(struct json_writer *w, const struct cascade_node *n)
{
    if (n == NULL) {
        json_write_null(w);
        return;
    }
    json_write_object_begin(w);
    json_write_key(w, "first_down_h");
    json_write_int(w, n->first_down_h);
    json_write_key(w, "down_h");
    json_write_int(w, n->down_h);
    json_write_object_end(w);
}

static void ranking(struct json_writer *w, const struct graph *g,
                    const struct criticality_ranking *r, size_t top, const struct report_filter *f,
                    const json_t *services)
{
    size_t i, shown = 0;
    json_write_array_begin(w);
    for (i = 0; i < r->n && shown < top; i++) {
        const char *id = graph_node_id(g, r->entries[i].node);
        if (!report_shows(f, process_graph_node_kind(services, id), id))
            continue;
        json_write_object_begin(w);
        json_write_key(w, "rank");
        json_write_int(w, (int64_t)++shown);
        json_write_key(w, "id");
        json_write_string(w, id);
        json_write_key(w, "type");
        json_write_string(w, process_graph_node_type(services, id));
        json_write_key(w, "affected");
        json_write_int(w, r->entries[i].affected);
        json_write_key(w, "down_node_hours");
        json_write_int(w, r->entries[i].down_node_hours);
        json_write_object_end(w);
    }
    json_write_array_end(w);
}

static void risk_side(struct json_writer *w, const struct whatif_risk *k, int after)
{
    const char *key, *c = after ? k->impact_class_after : k->impact_class_before;
    json_t *v;
    json_write_object_begin(w);
    json_write_key(w, "likelihood");
    json_write_string(w, after ? k->likelihood_after : k->likelihood_before);
    json_write_key(w, "impacts");
    json_write_object_begin(w);
    json_object_foreach(after ? k->impacts_after : k->impacts_before, key, v)
    {
        json_write_key(w, key);
        json_write_string(w, json_string_value(v));
    }
    json_write_object_end(w);
    json_write_key(w, "aggregate_impact");
    if (k->has_score)
        json_write_real(w, after ? k->aggregate_after : k->aggregate_before);
    else
        json_write_null(w);
    json_write_key(w, "impact_class");
    json_write_string(w, k->has_score && c[0] ? c : NULL);
    json_write_object_end(w);
}

/* Takes the next supplier id of a list "a, b" (see whatif_change) from
 * *text into id; 0 at the end. */
static int next_supplier(const char **text, char id[WHATIF_ID_MAX])
{
    size_t n;
    while (**text == ',' || **text == ' ')
        (*text)++;
    if (**text == '\0')
        return 0;
    n = strcspn(*text, ",");
    snprintf(id, WHATIF_ID_MAX, "%.*s", (int)n, *text);
    *text += n;
    return 1;
}

/* The supplier ids of text that f shows, as an array, and how many it does
 * not show. */
static void supplier_list(struct json_writer *w, const char *text, const struct report_filter *f,
                          const json_t *services)
{
    char id[WHATIF_ID_MAX];
    size_t hidden = 0;
    json_write_key(w, "suppliers");
    json_write_array_begin(w);
    while (next_supplier(&text, id)) {
        if (report_shows(f, process_graph_node_kind(services, id), id))
            json_write_string(w, id);
        else
            hidden++;
    }
    json_write_array_end(w);
    json_write_key(w, "hidden_suppliers");
    json_write_int(w, (int64_t)hidden);
}

/* One side of a change as values (whatif_change.state_*): what the effect
 * changes, for a client to say in its own words. */
static void change_state(struct json_writer *w, const struct whatif_change *c, int after,
                         const struct report_filter *f, const json_t *services)
{
    const struct whatif_state *st = after ? &c->state_after : &c->state_before;
    json_write_object_begin(w);
    if (strcmp(c->effect, "add_supplier") == 0) {
        supplier_list(w, after ? c->after : c->before, f, services);
    } else if (strcmp(c->effect, "add_buffer") == 0) {
        json_write_key(w, "buffer_h");
        json_write_int(w, st->buffer_h);
    } else if (strcmp(c->effect, "add_fallback") == 0) {
        json_write_key(w, "fallback");
        if (st->has_fallback) {
            json_write_object_begin(w);
            json_write_key(w, "from_h");
            json_write_int(w, st->from_h);
            json_write_key(w, "through_h");
            json_write_int(w, st->through_h);
            json_write_object_end(w);
        } else {
            json_write_null(w);
        }
    } else {
        if (c->criterion[0]) {
            json_write_key(w, "criterion");
            json_write_string(w, c->criterion);
        }
        json_write_key(w, "class");
        json_write_string(w, st->cls[0] ? st->cls : NULL);
    }
    json_write_object_end(w);
}

/* A side's text for people, null when its target is hidden; the supplier
 * list of add_supplier names only the suppliers f shows. */
static void write_side_text(struct json_writer *w, const struct whatif_change *c, const char *text,
                            int shown, const struct report_filter *f, const json_t *services)
{
    char id[WHATIF_ID_MAX], out[sizeof c->before];
    size_t used = 0, hidden = 0;
    if (!shown) {
        json_write_null(w);
        return;
    }
    if (f == NULL || strcmp(c->effect, "add_supplier") != 0) {
        json_write_string(w, text);
        return;
    }
    out[0] = '\0';
    while (next_supplier(&text, id)) {
        if (!report_shows(f, process_graph_node_kind(services, id), id))
            hidden++;
        else if (used < sizeof out)
            used += (size_t)snprintf(out + used, sizeof out - used, "%s%s", used ? ", " : "", id);
    }
    if (hidden && used < sizeof out)
        snprintf(out + used, sizeof out - used, "%s(+%zu not shown)", used ? " " : "", hidden);
    json_write_string(w, out);
}

static void changes(struct json_writer *w, const struct whatif_result *r,
                    const struct report_filter *f)
{
    size_t i;
    json_write_array_begin(w);
    for (i = 0; i < r->n_changes; i++) {
        const struct whatif_change *c = &r->changes[i];
        /* likelihood and impact effects name a risk, the others a dependency */
        int risk = c->effect[0] == 'l' || c->effect[0] == 'i';
        int target = c->target[0] && report_shows(f, risk ? KIND_RISK : KIND_DEPENDENCY, c->target);
        json_write_object_begin(w);
        json_write_key(w, "id");
        json_write_string(w, c->measure);
        json_write_key(w, "effect");
        json_write_string(w, c->effect);
        json_write_key(w, "target");
        json_write_string(w, target || !c->target[0] ? c->target : NULL);
        json_write_key(w, "changed");
        json_write_bool(w, c->changed);
        json_write_key(w, "before");
        write_side_text(w, c, c->before, target || !c->target[0], f, r->services);
        json_write_key(w, "after");
        write_side_text(w, c, c->after, target || !c->target[0], f, r->services);
        json_write_key(w, "state_before");
        if (target)
            change_state(w, c, 0, f, r->services);
        else
            json_write_null(w);
        json_write_key(w, "state_after");
        if (target)
            change_state(w, c, 1, f, r->services);
        else
            json_write_null(w);
        json_write_object_end(w);
    }
    json_write_array_end(w);
}

/* The cascade before and after over the nodes shown; returns how many
 * nodes down before or after it left out. */
static uint32_t cascade(struct json_writer *w, const struct whatif_result *r,
                        const struct report_filter *f)
{
    uint32_t not_visible = 0;
    const struct cascade_result *before = r->cascade_before, *after = r->cascade_after;
    uint32_t v, n_before = before->n_affected, n_after = after->n_affected;
    int64_t h_before = before->down_node_hours, h_after = after->down_node_hours;
    if (f != NULL) {
        n_before = n_after = 0;
        h_before = h_after = 0;
        for (v = 0; v < before->n_affected; v++) {
            if (report_shows(f,
                             process_graph_node_kind(
                                 r->services, graph_node_id(r->graph, before->nodes[v].node)),
                             graph_node_id(r->graph, before->nodes[v].node))) {
                n_before++;
                h_before += before->nodes[v].down_h;
            }
        }
        for (v = 0; v < after->n_affected; v++) {
            if (report_shows(f,
                             process_graph_node_kind(r->services,
                                                     graph_node_id(r->graph, after->nodes[v].node)),
                             graph_node_id(r->graph, after->nodes[v].node))) {
                n_after++;
                h_after += after->nodes[v].down_h;
            }
        }
    }
    json_write_object_begin(w);
    json_write_key(w, "affected_before");
    json_write_int(w, n_before);
    json_write_key(w, "affected_after");
    json_write_int(w, n_after);
    json_write_key(w, "down_node_hours_before");
    json_write_int(w, h_before);
    json_write_key(w, "down_node_hours_after");
    json_write_int(w, h_after);
    json_write_key(w, "nodes");
    json_write_array_begin(w);
    for (v = 0; v < graph_node_count(r->graph); v++) {
        const struct cascade_node *b = cascade_result_find(before, v);
        const struct cascade_node *a = cascade_result_find(after, v);
        const char *id = graph_node_id(r->graph, v);
        if (a == NULL && b == NULL)
            continue;
        if (!report_shows(f, process_graph_node_kind(r->services, id), id)) {
            not_visible++;
            continue;
        }
        json_write_object_begin(w);
        json_write_key(w, "id");
        json_write_string(w, id);
        json_write_key(w, "type");
        json_write_string(w, process_graph_node_type(r->services, id));
        json_write_key(w, "before");
        node_state(w, b);
        json_write_key(w, "after");
        node_state(w, a);
        json_write_object_end(w);
    }
    json_write_array_end(w);
    json_write_object_end(w);
    return not_visible;
}

void whatif_write_json(struct json_writer *w, const struct whatif_result *r, size_t top,
                       const struct report_filter *f)
{
    uint32_t not_visible;
    size_t i;
    json_write_object_begin(w);
    json_write_key(w, "outage_h");
    json_write_int(w, r->outage_h);
    json_write_key(w, "horizon_h");
    json_write_int(w, r->horizon_h);
    json_write_key(w, "measures");
    changes(w, r, f);
    json_write_key(w, "failed");
    json_write_array_begin(w);
    for (i = 0; i < r->n_failed; i++) {
        if (report_shows(f, process_graph_node_kind(r->services, r->failed[i]), r->failed[i]))
            json_write_string(w, r->failed[i]);
    }
    json_write_array_end(w);
    json_write_key(w, "failed_default");
    json_write_bool(w, r->failed_default);
    json_write_key(w, "cascade");
    not_visible = cascade(w, r, f);
    json_write_key(w, "criticality");
    json_write_object_begin(w);
    json_write_key(w, "before");
    ranking(w, r->graph, r->ranking_before, top, f, r->services);
    json_write_key(w, "after");
    ranking(w, r->graph, r->ranking_after, top, f, r->services);
    json_write_object_end(w);
    json_write_key(w, "risks");
    json_write_array_begin(w);
    for (i = 0; i < r->n_risks; i++) {
        if (!report_shows(f, KIND_RISK, r->risks[i].id))
            continue;
        json_write_object_begin(w);
        json_write_key(w, "id");
        json_write_string(w, r->risks[i].id);
        json_write_key(w, "before");
        risk_side(w, &r->risks[i], 0);
        json_write_key(w, "after");
        risk_side(w, &r->risks[i], 1);
        json_write_object_end(w);
    }
    json_write_array_end(w);
    json_write_key(w, "score_note");
    json_write_string(w, r->score_note[0] ? r->score_note : NULL);
    /* how many processes and services down before or after the measures
     * the caller may not see, never which (issue 14 part 5) */
    json_write_key(w, "not_visible");
    json_write_int(w, not_visible);
    json_write_object_end(w);
}
