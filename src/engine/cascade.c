/*
 * cascade.c — the event-driven simulation of the cascade model (cascade.h).
 *
 * Within an hour t the down nodes are the least set D closed under:
 *   seeds: forced nodes (failed, t < T) and recovering nodes (cond at some
 *          hour in [t - recovery_h, t - 1]);
 *   rule:  node(g) is in D when every supplier of input g is in D and g is
 *          "vulnerable" at t, i.e. not bridged at loss length L, where
 *          L = lambda_g(t-1) + 1 — known at the start of the hour.
 * cond(n, t) is "some input of n fires": n_fire[n] > 0 at the fixed point.
 *
 * From one hour to the next only a few things change, and each is on an
 * agenda: the forced set at t = 0 and t = T; a recovery that runs out
 * (scheduled when cond ends); and an input whose loss is still running
 * reaching a loss length where its bridged state can flip (buffer_h + 1,
 * activation_h + 1, activation_h + duration_h + 1: scheduled when the loss
 * starts). Losses themselves are stored as their start hour, so a loss that
 * goes on costs nothing per hour.
 *
 * Keeping D the least fixed point when support disappears (a cycle must not
 * keep itself down) follows what answer-set solvers do with "source
 * pointers": every down node that is not a seed keeps one supporting input
 * (src: firing, all suppliers down) and a rank above the ranks of those
 * suppliers, so following src never runs in a circle and always ends in a
 * seed. When a node loses its src (its seed ends, its src input is bridged
 * again, or a supplier of its src leaves D) it first looks for another
 * firing input whose suppliers rank below it (a constant-time repair, no
 * propagation); only if there is none does it join the set S of suspects,
 * and the nodes whose src runs through it are checked in turn. Then the
 * suspects that are seeds or have a firing input with no supplier in S are
 * founded again, in an order that keeps the ranks acyclic, and what is left
 * of S has no support outside itself: it leaves D. An hour thus costs the
 * nodes whose support actually changed and the nodes hanging on them, not
 * everything that is down (docs/method.md, "Change-driven fixed point").
 * Every hour-state change passes through touch_node/touch_input, which
 * snapshot the state at the start of the hour so the end of the hour can
 * record down intervals, start and end losses, and schedule the agenda.
 */
#include "engine/cascade.h"

#include "base/progress.h"
#include "base/xmalloc.h"
#include "engine/cascade_internal.h"
#include "engine/graph_internal.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

/* how far ahead the loops over an hour's changes fetch the state they
 * will need: the lists are in touch order, the states anywhere in memory */
#define PREFETCH_AHEAD 8

void cascade_list_push(struct u32_list *l, uint32_t v)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 256;
        l->v = xrealloc(l->v, cap * sizeof *l->v);
        l->cap = cap;
    }
    l->v[l->n++] = v;
}

static struct input_state input_initial(const struct graph *g, uint32_t i)
{
    uint32_t n = g->sup_off[i + 1] - g->sup_off[i];
    return (struct input_state){n, -1, -1, -1, n > 1 ? INPUT_MULTI : 0, 0};
}

struct cascade_workspace *cascade_workspace_new(const struct graph *g)
{
    struct cascade_workspace *w = xcalloc(1, sizeof *w);
    size_t n = g->n_nodes ? g->n_nodes : 1, m = g->n_inputs ? g->n_inputs : 1, i;
    w->g = g;
    w->node = xmalloc(n * sizeof *w->node);
    w->input = xmalloc(m * sizeof *w->input);
    w->hour_nodes = xmalloc(n * 4);
    w->run_nodes = xmalloc(n * 4);
    w->stack = xmalloc(n * 4);
    w->suspects = xmalloc(n * 4);
    w->hour_inputs = xmalloc(m * 4);
    w->run_inputs = xmalloc(m * 4);
    for (i = 0; i < g->n_nodes; i++)
        w->node[i] = (struct node_state){0, -1, -1, 0, 0, 0, 0, 0, SRC_NONE, 0};
    for (i = 0; i < g->n_inputs; i++)
        w->input[i] = input_initial(g, (uint32_t)i);
    return w;
}

void cascade_workspace_free(struct cascade_workspace *w)
{
    if (w == NULL)
        return;
    free(w->node);
    free(w->input);
    free(w->hour_nodes);
    free(w->run_nodes);
    free(w->stack);
    free(w->suspects);
    free(w->hour_inputs);
    free(w->run_inputs);
    free(w->lost.v);
    free(w->insert_candidates.v);
    free(w->affected.v);
    free(w->failed.v);
    free(w->event_head);
    free(w->events);
    free(w->used_hours.v);
    free(w->log);
    free(w);
}

static void schedule(struct cascade_workspace *w, int64_t hour, int kind, uint32_t item,
                     int32_t stamp)
{
    struct event *ev;
    if (hour <= w->t || hour >= w->horizon_h)
        return;
    assert(kind == EVENT_FLIP ? item < w->g->n_inputs : item < w->g->n_nodes);
    if (w->n_events == w->events_cap) {
        size_t cap = w->events_cap ? w->events_cap * 2 : 1024;
        w->events = xrealloc(w->events, cap * sizeof *w->events);
        w->events_cap = cap;
    }
    if (w->event_head[hour] < 0)
        cascade_list_push(&w->used_hours, (uint32_t)hour);
    if (hour > w->last_event)
        w->last_event = (int32_t)hour;
    ev = &w->events[w->n_events];
    ev->item = item;
    ev->stamp = stamp;
    ev->kind = kind;
    ev->next = w->event_head[hour];
    w->event_head[hour] = (int32_t)w->n_events++;
}

/* A full input's loss reached a length where its bridged state may change. */
static void apply_flip(struct cascade_workspace *w, uint32_t i)
{
    struct input_state *in = &w->input[i];
    int64_t loss_before = (int64_t)w->t - in->loss_start; /* at t - 1 */
    int before = !bridged(w->g, i, loss_before), now = !bridged(w->g, i, loss_before + 1);
    uint32_t m = w->g->input_node[i];
    in->flip_stamp = w->t;
    if (before == now)
        return;
    touch_node(w, m);
    if (now) {
        w->node[m].n_fire++;
        cascade_list_push(&w->insert_candidates, m);
    } else {
        assert(w->node[m].n_fire > 0); /* an input stops firing only if it fired */
        w->node[m].n_fire--;
        if ((w->node[m].flags & NODE_DOWN) && w->node[m].src == i)
            cascade_lose_support(w, m);
    }
}

/* n may have stopped being a seed this hour. */
static void seed_ended(struct cascade_workspace *w, uint32_t n)
{
    const struct node_state *s = &w->node[n];
    if ((s->flags & NODE_DOWN) && s->src == SRC_SEED && !is_seed(w, n))
        cascade_lose_support(w, n);
}

static void run_agenda(struct cascade_workspace *w)
{
    int32_t k = w->event_head[w->t];
    size_t f;
    if (w->t == 0 && w->outage_h > 0)
        for (f = 0; f < w->failed.n; f++)
            cascade_list_push(&w->insert_candidates, w->failed.v[f]);
    if (w->t == w->outage_h)
        for (f = 0; f < w->failed.n; f++)
            seed_ended(w, w->failed.v[f]);
    for (; k >= 0; k = w->events[k].next) {
        const struct event *ev = &w->events[k];
        if (ev->kind == EVENT_FLIP) {
            const struct input_state *in = &w->input[ev->item];
            /* stale if the loss ended (and perhaps restarted) since */
            if (in->loss_start == ev->stamp && in->flip_stamp != w->t)
                apply_flip(w, ev->item);
        } else {
            const struct node_state *s = &w->node[ev->item];
            if (!(s->flags & NODE_COND_OPEN) && s->cond_last_end == ev->stamp)
                seed_ended(w, ev->item);
        }
    }
    w->event_head[w->t] = -1;
}

static void log_interval(struct cascade_workspace *w, uint32_t n, int32_t end)
{
    struct node_state *s = &w->node[n];
    assert(s->down_since >= 0 && end > s->down_since); /* a down interval ends after it began */
    s->down_h += end - s->down_since;
    s->n_intervals++;
    if (!w->keep_log)
        return;
    if (w->n_log + 3 > w->log_cap) {
        size_t cap = w->log_cap ? w->log_cap * 2 : 3072;
        w->log = xrealloc(w->log, cap * sizeof *w->log);
        w->log_cap = cap;
    }
    w->log[w->n_log++] = (int32_t)n;
    w->log[w->n_log++] = s->down_since;
    w->log[w->n_log++] = end;
}

/* Records what changed this hour and schedules what follows from it. */
static void end_hour(struct cascade_workspace *w)
{
    const struct graph *g = w->g;
    int32_t t = w->t;
    size_t k;
    for (k = 0; k < w->n_hour_inputs; k++) {
        uint32_t i = w->hour_inputs[k];
        struct input_state *in = &w->input[i];
        if (k + PREFETCH_AHEAD < w->n_hour_inputs)
            __builtin_prefetch(&w->input[w->hour_inputs[k + PREFETCH_AHEAD]]);
        int full = in->n_up == 0;
        int was = (in->flags & INPUT_PREV_FULL) != 0;
        if (full && !was) {
            int64_t a = g->activation_h[i];
            in->loss_start = t;
            /* the hours whose loss length is buffer_h + 1, activation_h + 1
             * and activation_h + duration_h + 1 */
            schedule(w, (int64_t)t + g->buffer_h[i], EVENT_FLIP, i, t);
            if (g->duration_h[i] > 0) {
                schedule(w, t + a, EVENT_FLIP, i, t);
                schedule(w, t + a + g->duration_h[i], EVENT_FLIP, i, t);
            }
        } else if (!full && was) {
            in->loss_start = -1;
        }
    }
    w->n_hour_inputs = 0;
    for (k = 0; k < w->n_hour_nodes; k++) {
        uint32_t n = w->hour_nodes[k];
        struct node_state *s = &w->node[n];
        if (k + PREFETCH_AHEAD < w->n_hour_nodes)
            __builtin_prefetch(&w->node[w->hour_nodes[k + PREFETCH_AHEAD]]);
        int cond = s->n_fire > 0, was_cond = (s->flags & NODE_PREV_COND) != 0;
        int down = (s->flags & NODE_DOWN) != 0, was_down = (s->flags & NODE_PREV_DOWN) != 0;
        if (cond && !was_cond) {
            s->flags |= NODE_COND_OPEN;
        } else if (!cond && was_cond) {
            s->flags &= ~(uint32_t)NODE_COND_OPEN;
            s->cond_last_end = t - 1;
            if (g->recovery_h[n] > 0)
                schedule(w, (int64_t)t + g->recovery_h[n], EVENT_RECOVERY_END, n, t - 1);
        }
        if (down && !was_down) {
            s->down_since = t;
            if (!(s->flags & NODE_AFFECTED)) {
                s->flags |= NODE_AFFECTED;
                s->first_down = t;
                cascade_list_push(&w->affected, n);
            }
        } else if (!down && was_down) {
            log_interval(w, n, t);
        }
    }
    w->n_hour_nodes = 0;
}

static void run_hour(struct cascade_workspace *w)
{
    size_t k;
    w->lost.n = 0;
    w->insert_candidates.n = 0;
    run_agenda(w);
    /* delete first: what is added below then never needs taking out again */
    cascade_settle_losses(w);
    for (k = 0; k < w->insert_candidates.n; k++) {
        uint32_t n = w->insert_candidates.v[k];
        if (!(w->node[n].flags & NODE_DOWN) && (w->node[n].n_fire > 0 || is_seed(w, n)))
            cascade_add_down(w, n);
    }
    end_hour(w);
}

int cascade_event_check(const struct graph *g, const struct cascade_event *ev, struct error *e)
{
    size_t f;
    if (ev->outage_h < 0)
        return error_set(e, ERR_INVALID, "outage_h", "the outage must be a whole number >= 0");
    if (ev->horizon_h < 1 || ev->horizon_h > CASCADE_MAX_HORIZON_H)
        return error_set(e, ERR_INVALID, "horizon_h", "the horizon must be 1 .. %d hours",
                         CASCADE_MAX_HORIZON_H);
    for (f = 0; f < ev->n_failed; f++)
        if (ev->failed[f] >= g->n_nodes)
            return error_set(e, ERR_INVALID, "failed", "node index %u out of range", ev->failed[f]);
    return 0;
}

/* Puts everything the run touched back as cascade_workspace_new left it. */
static void reset(struct cascade_workspace *w)
{
    size_t k;
    for (k = 0; k < w->n_run_nodes; k++)
        w->node[w->run_nodes[k]] = (struct node_state){0, -1, -1, 0, 0, 0, 0, 0, SRC_NONE, 0};
    for (k = 0; k < w->failed.n; k++)
        w->node[w->failed.v[k]].flags = 0;
    for (k = 0; k < w->n_run_inputs; k++) {
        uint32_t i = w->run_inputs[k];
        w->input[i] = input_initial(w->g, i);
    }
    for (k = 0; k < w->used_hours.n; k++)
        w->event_head[w->used_hours.v[k]] = -1;
    w->n_run_nodes = w->n_run_inputs = 0;
    w->n_hour_nodes = w->n_hour_inputs = 0;
    w->n_stack = w->n_suspects = 0;
    w->used_hours.n = w->failed.n = w->affected.n = 0;
    w->n_events = w->n_log = 0;
}

/* Runs the hours; the per-node totals are left in w->node for the caller. */
static int simulate(struct cascade_workspace *w, const struct cascade_event *ev, struct error *e)
{
    size_t f, k;
    int rc;
    if ((rc = cascade_event_check(w->g, ev, e)) != 0)
        return rc;
    if (w->heads_size < ev->horizon_h) {
        int32_t *h = xrealloc(w->event_head, (size_t)ev->horizon_h * sizeof *h);
        memset(h, 0xff, (size_t)ev->horizon_h * sizeof *h);
        w->event_head = h;
        w->heads_size = ev->horizon_h;
    }
    w->outage_h = ev->outage_h;
    w->horizon_h = ev->horizon_h;
    for (f = 0; f < ev->n_failed; f++) {
        struct node_state *s = &w->node[ev->failed[f]];
        if (!(s->flags & NODE_FAILED)) {
            s->flags |= NODE_FAILED;
            cascade_list_push(&w->failed, ev->failed[f]);
        }
    }
    w->last_event = 0;
    for (w->t = 0; w->t < w->horizon_h; w->t++) {
        /* an hour with nothing on the agenda changes nothing; after the
         * last one, nothing changes any more */
        if (w->t > w->last_event && w->t > w->outage_h)
            break;
        if (w->event_head[w->t] < 0 && w->t != 0 && w->t != w->outage_h)
            continue;
        run_hour(w);
        progress_report(ev->progress, "cascade", "hours", (uint64_t)w->t + 1,
                        (uint64_t)w->horizon_h);
    }
    for (k = 0; k < w->affected.n; k++)
        if (w->node[w->affected.v[k]].flags & NODE_DOWN)
            log_interval(w, w->affected.v[k], w->horizon_h);
    return 0;
}

int cascade_workspace_summary(struct cascade_workspace *w, const struct cascade_event *ev,
                              const unsigned char *counted, struct cascade_summary *out,
                              struct error *e)
{
    size_t k;
    int rc;
    w->keep_log = 0;
    rc = simulate(w, ev, e);
    out->affected = 0;
    out->down_node_hours = 0;
    for (k = 0; k < w->affected.n; k++) {
        if (counted && !counted[w->affected.v[k]])
            continue;
        out->affected++;
        out->down_node_hours += w->node[w->affected.v[k]].down_h;
    }
    reset(w);
    return rc;
}

/* A node's place in the result: by first hour down, then by id. The id's
 * first eight bytes, big-endian and padded with zeros, order as strcmp
 * does, so most comparisons never touch the ids themselves. */
struct order_key {
    uint64_t prefix;
    int32_t first_down;
    uint32_t node;
};

static uint64_t id_prefix(const char *id)
{
    uint64_t v = 0;
    int i;
    for (i = 0; i < 8; i++) {
        v <<= 8;
        if (*id)
            v |= (unsigned char)*id++;
    }
    return v;
}

static int compare_order(const void *a, const void *b, void *context)
{
    const struct graph *g = context;
    const struct order_key *x = a, *y = b;
    if (x->first_down != y->first_down)
        return x->first_down < y->first_down ? -1 : 1;
    if (x->prefix != y->prefix)
        return x->prefix < y->prefix ? -1 : 1;
    return strcmp(g->id_pool + g->id_off[x->node], g->id_pool + g->id_off[y->node]);
}

int cascade_workspace_run(struct cascade_workspace *w, const struct cascade_event *ev,
                          struct cascade_result **out, struct error *e)
{
    struct cascade_result *r = NULL;
    struct order_key *order = NULL;
    size_t k, off = 0;
    int rc;

    *out = NULL;
    w->keep_log = 1;
    if ((rc = simulate(w, ev, e)) != 0)
        goto cleanup;
    r = xcalloc(1, sizeof *r);
    r->nodes = xmalloc((w->affected.n ? w->affected.n : 1) * sizeof *r->nodes);
    r->interval_pool = xmalloc((w->n_log ? w->n_log : 1) * sizeof(int32_t));
    order = xmalloc((w->affected.n ? w->affected.n : 1) * sizeof *order);
    r->outage_h = ev->outage_h;
    r->horizon_h = ev->horizon_h;
    r->n_affected = (uint32_t)w->affected.n;
    for (k = 0; k < w->affected.n; k++) {
        uint32_t n = w->affected.v[k];
        order[k] = (struct order_key){id_prefix(w->g->id_pool + w->g->id_off[n]),
                                      w->node[n].first_down, n};
    }
    qsort_r(order, w->affected.n, sizeof *order, compare_order, (void *)w->g);
    for (k = 0; k < w->affected.n; k++) {
        uint32_t n = order[k].node;
        const struct node_state *s = &w->node[n];
        r->nodes[k] = (struct cascade_node){n, s->first_down, s->down_h, s->n_intervals, NULL};
        r->down_node_hours += s->down_h;
    }
    /* place each node's intervals after its predecessors' in the sorted order;
     * down_since is free now and serves as each node's write position */
    for (k = 0; k < w->affected.n; k++) {
        r->nodes[k].intervals = r->interval_pool + off;
        w->node[r->nodes[k].node].down_since = (int32_t)off;
        off += 2 * (size_t)r->nodes[k].n_intervals;
    }
    for (k = 0; k < w->n_log; k += 3) {
        struct node_state *s = &w->node[w->log[k]];
        r->interval_pool[s->down_since++] = w->log[k + 1];
        r->interval_pool[s->down_since++] = w->log[k + 2];
    }
    *out = r;
    r = NULL;
cleanup:
    free(order);
    reset(w);
    cascade_result_free(r);
    return rc;
}

int cascade_run(const struct graph *g, const struct cascade_event *event,
                struct cascade_result **out, struct error *e)
{
    struct cascade_workspace *w = NULL;
    int rc;
    *out = NULL;
    if ((rc = cascade_event_check(g, event, e)) != 0)
        return rc;
    w = cascade_workspace_new(g);
    rc = cascade_workspace_run(w, event, out, e);
    cascade_workspace_free(w);
    return rc;
}

const struct cascade_node *cascade_result_find(const struct cascade_result *r, uint32_t node)
{
    uint32_t k;
    for (k = 0; r != NULL && k < r->n_affected; k++) {
        if (r->nodes[k].node == node)
            return &r->nodes[k];
    }
    return NULL;
}

void cascade_result_free(struct cascade_result *r)
{
    if (r == NULL)
        return;
    free(r->nodes);
    free(r->interval_pool);
    free(r);
}
