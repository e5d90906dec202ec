/*
 * cascade_dred.c — the engine's cascade as it was before the change-driven
 * rework (issue 16), kept for the tests only: the same model, with
 * delete-and-rederive over everything derived through a lost support. The
 * property tests compare the engine with it on graphs too large for the
 * reference (tests/support/cascade_reference.c). Not a product path.
 */
#include "support/cascade_dred.h"

#include "engine/cascade.h"
#include "engine/graph_internal.h"

#include <stdlib.h>
#include <string.h>

enum node_flag {
    NODE_DOWN = 1,
    NODE_COND_OPEN = 2, /* cond held at the end of the previous hour */
    NODE_FAILED = 4,
    NODE_IN_RUN = 8, /* on run_nodes, to be reset */
    NODE_PREV_DOWN = 16,
    NODE_PREV_COND = 32,
    NODE_AFFECTED = 64
};

struct node_state {
    uint32_t n_fire;       /* inputs firing now */
    int32_t cond_last_end; /* last hour of the last finished cond run, -1 if none */
    int32_t stamp;         /* hour it was last touched */
    int32_t down_since;    /* start of the current down run */
    int32_t first_down;
    int32_t down_h;
    uint32_t n_intervals;
    uint32_t flags;
};

struct input_state {
    uint32_t n_down;    /* suppliers down now */
    int32_t loss_start; /* first hour of the running loss, -1 if available */
    int32_t stamp;      /* hour it was last touched */
    int32_t flip_stamp; /* hour its last flip event was applied */
    uint32_t flags;     /* INPUT_* */
};

enum input_flag { INPUT_PREV_FULL = 1, INPUT_IN_RUN = 2 };

enum event_kind { EVENT_FLIP, EVENT_RECOVERY_END };

struct event {
    uint32_t item; /* input or node */
    int32_t stamp; /* the loss start / cond end it was scheduled for */
    int32_t next;  /* next event of the same hour, -1 at the end */
    int32_t kind;
};

/* A growable array of uint32_t. */
struct u32_list {
    uint32_t *v;
    size_t n, cap;
};

struct dred_workspace {
    const struct graph *g;
    struct node_state *node;
    struct input_state *input;

    uint32_t *hour_nodes, *hour_inputs; /* touched this hour */
    size_t n_hour_nodes, n_hour_inputs;
    uint32_t *run_nodes, *run_inputs; /* touched this run */
    size_t n_run_nodes, n_run_inputs;
    uint32_t *stack;
    size_t n_stack;
    uint32_t *removed; /* over-deleted this hour */
    size_t n_removed;
    struct u32_list delete_candidates, insert_candidates, affected, failed;

    int32_t *event_head; /* per hour */
    int32_t heads_size;
    struct event *events;
    size_t n_events, events_cap;
    struct u32_list used_hours;

    int32_t *log; /* node, start, end of each finished down interval */
    size_t n_log, log_cap;
    int keep_log;
    int nomem;

    int32_t t, outage_h, horizon_h;
    int32_t last_event; /* the latest hour with something on the agenda */
};

static void list_push(struct dred_workspace *w, struct u32_list *l, uint32_t v)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 256;
        uint32_t *p = realloc(l->v, cap * sizeof *p);
        if (p == NULL) {
            w->nomem = 1;
            return;
        }
        l->v = p;
        l->cap = cap;
    }
    l->v[l->n++] = v;
}

static void dred_workspace_free(struct dred_workspace *w);

static int dred_workspace_new(const struct graph *g, struct dred_workspace **out)
{
    struct dred_workspace *w = calloc(1, sizeof *w);
    size_t n = g->n_nodes ? g->n_nodes : 1, m = g->n_inputs ? g->n_inputs : 1, i;
    *out = NULL;
    if (w == NULL)
        return ERR_NOMEM;
    w->g = g;
    w->node = malloc(n * sizeof *w->node);
    w->input = malloc(m * sizeof *w->input);
    w->hour_nodes = malloc(n * 4);
    w->run_nodes = malloc(n * 4);
    w->stack = malloc(n * 4);
    w->removed = malloc(n * 4);
    w->hour_inputs = malloc(m * 4);
    w->run_inputs = malloc(m * 4);
    if (!w->node || !w->input || !w->hour_nodes || !w->run_nodes || !w->stack || !w->removed ||
        !w->hour_inputs || !w->run_inputs) {
        dred_workspace_free(w);
        return ERR_NOMEM;
    }
    for (i = 0; i < g->n_nodes; i++)
        w->node[i] = (struct node_state){0, -1, -1, 0, 0, 0, 0, 0};
    for (i = 0; i < g->n_inputs; i++)
        w->input[i] = (struct input_state){0, -1, -1, -1, 0};
    *out = w;
    return 0;
}

static void dred_workspace_free(struct dred_workspace *w)
{
    if (w == NULL)
        return;
    free(w->node);
    free(w->input);
    free(w->hour_nodes);
    free(w->run_nodes);
    free(w->stack);
    free(w->removed);
    free(w->hour_inputs);
    free(w->run_inputs);
    free(w->delete_candidates.v);
    free(w->insert_candidates.v);
    free(w->affected.v);
    free(w->failed.v);
    free(w->event_head);
    free(w->events);
    free(w->used_hours.v);
    free(w->log);
    free(w);
}

/* --- the model's rules ---------------------------------------------------- */

static int bridged(const struct graph *g, uint32_t i, int64_t loss)
{
    int32_t d = g->duration_h[i];
    if (loss <= g->buffer_h[i])
        return 1; /* also loss == 0 */
    return d > 0 && loss > g->activation_h[i] && loss <= (int64_t)g->activation_h[i] + d;
}

/* Would input i fail its node if it is unavailable in the current hour? */
static int vulnerable(const struct dred_workspace *w, uint32_t i)
{
    int32_t s = w->input[i].loss_start;
    int64_t loss = s < 0 ? 1 : (int64_t)w->t - s + 1;
    return !bridged(w->g, i, loss);
}

/* Is n down in the current hour whatever its inputs do? */
static int is_seed(const struct dred_workspace *w, uint32_t n)
{
    const struct node_state *s = &w->node[n];
    int32_t rec = w->g->recovery_h[n], last;
    if ((s->flags & NODE_FAILED) && w->t < w->outage_h)
        return 1;
    if (rec == 0)
        return 0;
    last = (s->flags & NODE_COND_OPEN) ? w->t - 1 : s->cond_last_end;
    return last >= 0 && (int64_t)last >= (int64_t)w->t - rec;
}

/* --- state changes -------------------------------------------------------- */

static void touch_node(struct dred_workspace *w, uint32_t n)
{
    struct node_state *s = &w->node[n];
    if (s->stamp == w->t)
        return;
    s->stamp = w->t;
    s->flags &= ~(uint32_t)(NODE_PREV_DOWN | NODE_PREV_COND);
    if (s->flags & NODE_DOWN)
        s->flags |= NODE_PREV_DOWN;
    if (s->n_fire)
        s->flags |= NODE_PREV_COND;
    w->hour_nodes[w->n_hour_nodes++] = n;
    if (!(s->flags & NODE_IN_RUN)) {
        s->flags |= NODE_IN_RUN;
        w->run_nodes[w->n_run_nodes++] = n;
    }
}

static void touch_input(struct dred_workspace *w, uint32_t i)
{
    struct input_state *s = &w->input[i];
    if (s->stamp == w->t)
        return;
    s->stamp = w->t;
    s->flags &= ~(uint32_t)INPUT_PREV_FULL;
    if (s->n_down == w->g->sup_off[i + 1] - w->g->sup_off[i])
        s->flags |= INPUT_PREV_FULL;
    w->hour_inputs[w->n_hour_inputs++] = i;
    if (!(s->flags & INPUT_IN_RUN)) {
        s->flags |= INPUT_IN_RUN;
        w->run_inputs[w->n_run_inputs++] = i;
    }
}

static void schedule(struct dred_workspace *w, int64_t hour, int kind, uint32_t item, int32_t stamp)
{
    struct event *ev;
    if (hour <= w->t || hour >= w->horizon_h)
        return;
    if (w->n_events == w->events_cap) {
        size_t cap = w->events_cap ? w->events_cap * 2 : 1024;
        struct event *p = realloc(w->events, cap * sizeof *p);
        if (p == NULL) {
            w->nomem = 1;
            return;
        }
        w->events = p;
        w->events_cap = cap;
    }
    if (w->event_head[hour] < 0)
        list_push(w, &w->used_hours, (uint32_t)hour);
    if (hour > w->last_event)
        w->last_event = (int32_t)hour;
    ev = &w->events[w->n_events];
    ev->item = item;
    ev->stamp = stamp;
    ev->kind = kind;
    ev->next = w->event_head[hour];
    w->event_head[hour] = (int32_t)w->n_events++;
}

/* Takes n out of D, and everything derived through it (over-deletion). */
static void remove_down(struct dred_workspace *w, uint32_t start)
{
    const struct graph *g = w->g;
    touch_node(w, start);
    w->node[start].flags &= ~(uint32_t)NODE_DOWN;
    w->removed[w->n_removed++] = start;
    w->stack[w->n_stack++] = start;
    while (w->n_stack) {
        uint32_t n = w->stack[--w->n_stack], j;
        for (j = g->dep_off[n]; j < g->dep_off[n + 1]; j++) {
            uint32_t i = g->dep[j], m;
            struct input_state *in = &w->input[i];
            int was_full = in->n_down == g->sup_off[i + 1] - g->sup_off[i];
            touch_input(w, i);
            in->n_down--;
            if (!was_full || !vulnerable(w, i))
                continue;
            m = g->input_node[i];
            touch_node(w, m);
            w->node[m].n_fire--;
            if ((w->node[m].flags & NODE_DOWN) && !is_seed(w, m)) {
                w->node[m].flags &= ~(uint32_t)NODE_DOWN;
                w->removed[w->n_removed++] = m;
                w->stack[w->n_stack++] = m;
            }
        }
    }
}

/* Puts n into D and propagates what follows. */
static void add_down(struct dred_workspace *w, uint32_t start)
{
    const struct graph *g = w->g;
    touch_node(w, start);
    w->node[start].flags |= NODE_DOWN;
    w->stack[w->n_stack++] = start;
    while (w->n_stack) {
        uint32_t n = w->stack[--w->n_stack], j;
        for (j = g->dep_off[n]; j < g->dep_off[n + 1]; j++) {
            uint32_t i = g->dep[j], m;
            struct input_state *in = &w->input[i];
            touch_input(w, i);
            if (++in->n_down != g->sup_off[i + 1] - g->sup_off[i] || !vulnerable(w, i))
                continue;
            m = g->input_node[i];
            touch_node(w, m);
            w->node[m].n_fire++;
            if (!(w->node[m].flags & NODE_DOWN)) {
                w->node[m].flags |= NODE_DOWN;
                w->stack[w->n_stack++] = m;
            }
        }
    }
}

/* A full input's loss reached a length where its bridged state may change. */
static void apply_flip(struct dred_workspace *w, uint32_t i)
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
        list_push(w, &w->insert_candidates, m);
    } else {
        w->node[m].n_fire--;
        list_push(w, &w->delete_candidates, m);
    }
}

static void run_agenda(struct dred_workspace *w)
{
    int32_t k = w->event_head[w->t];
    size_t f;
    if (w->t == 0 && w->outage_h > 0)
        for (f = 0; f < w->failed.n; f++)
            list_push(w, &w->insert_candidates, w->failed.v[f]);
    if (w->t == w->outage_h)
        for (f = 0; f < w->failed.n; f++)
            list_push(w, &w->delete_candidates, w->failed.v[f]);
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
                list_push(w, &w->delete_candidates, ev->item);
        }
    }
    w->event_head[w->t] = -1;
}

static void log_interval(struct dred_workspace *w, uint32_t n, int32_t end)
{
    struct node_state *s = &w->node[n];
    s->down_h += end - s->down_since;
    s->n_intervals++;
    if (!w->keep_log)
        return;
    if (w->n_log + 3 > w->log_cap) {
        size_t cap = w->log_cap ? w->log_cap * 2 : 3072;
        int32_t *p = realloc(w->log, cap * sizeof *p);
        if (p == NULL) {
            w->nomem = 1;
            return;
        }
        w->log = p;
        w->log_cap = cap;
    }
    w->log[w->n_log++] = (int32_t)n;
    w->log[w->n_log++] = s->down_since;
    w->log[w->n_log++] = end;
}

/* Records what changed this hour and schedules what follows from it. */
static void end_hour(struct dred_workspace *w)
{
    const struct graph *g = w->g;
    int32_t t = w->t;
    size_t k;
    for (k = 0; k < w->n_hour_inputs; k++) {
        uint32_t i = w->hour_inputs[k];
        struct input_state *in = &w->input[i];
        int full = in->n_down == g->sup_off[i + 1] - g->sup_off[i];
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
                list_push(w, &w->affected, n);
            }
        } else if (!down && was_down) {
            log_interval(w, n, t);
        }
    }
    w->n_hour_nodes = 0;
}

static void run_hour(struct dred_workspace *w)
{
    size_t k;
    w->delete_candidates.n = 0;
    w->insert_candidates.n = 0;
    w->n_removed = 0;
    run_agenda(w);
    /* delete first: what is re-derived below is then never taken out again */
    for (k = 0; k < w->delete_candidates.n; k++) {
        uint32_t n = w->delete_candidates.v[k];
        if ((w->node[n].flags & NODE_DOWN) && !is_seed(w, n))
            remove_down(w, n);
    }
    for (k = 0; k < w->n_removed; k++) {
        uint32_t n = w->removed[k];
        if (!(w->node[n].flags & NODE_DOWN) && w->node[n].n_fire > 0)
            add_down(w, n);
    }
    for (k = 0; k < w->insert_candidates.n; k++) {
        uint32_t n = w->insert_candidates.v[k];
        if (!(w->node[n].flags & NODE_DOWN) && (w->node[n].n_fire > 0 || is_seed(w, n)))
            add_down(w, n);
    }
    end_hour(w);
}

/* Puts everything the run touched back as dred_workspace_new left it. */
static void reset(struct dred_workspace *w)
{
    size_t k;
    for (k = 0; k < w->n_run_nodes; k++)
        w->node[w->run_nodes[k]] = (struct node_state){0, -1, -1, 0, 0, 0, 0, 0};
    for (k = 0; k < w->failed.n; k++)
        w->node[w->failed.v[k]].flags = 0;
    for (k = 0; k < w->n_run_inputs; k++)
        w->input[w->run_inputs[k]] = (struct input_state){0, -1, -1, -1, 0};
    for (k = 0; k < w->used_hours.n; k++)
        w->event_head[w->used_hours.v[k]] = -1;
    w->n_run_nodes = w->n_run_inputs = 0;
    w->n_hour_nodes = w->n_hour_inputs = 0;
    w->n_stack = w->n_removed = 0;
    w->used_hours.n = w->failed.n = w->affected.n = 0;
    w->n_events = w->n_log = 0;
    w->nomem = 0;
}

/* Runs the hours; the per-node totals are left in w->node for the caller. */
static int simulate(struct dred_workspace *w, const struct cascade_event *ev, struct error *e)
{
    size_t f, k;
    int rc;
    if ((rc = cascade_event_check(w->g, ev, e)) != 0)
        return rc;
    if (w->heads_size < ev->horizon_h) {
        int32_t *h = realloc(w->event_head, (size_t)ev->horizon_h * sizeof *h);
        if (h == NULL)
            return error_set(e, ERR_NOMEM, NULL, "out of memory");
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
            list_push(w, &w->failed, ev->failed[f]);
        }
    }
    w->last_event = 0;
    for (w->t = 0; w->t < w->horizon_h && !w->nomem; w->t++) {
        /* an hour with nothing on the agenda changes nothing; after the
         * last one, nothing changes any more */
        if (w->t > w->last_event && w->t > w->outage_h)
            break;
        if (w->event_head[w->t] < 0 && w->t != 0 && w->t != w->outage_h)
            continue;
        run_hour(w);
    }
    for (k = 0; k < w->affected.n; k++)
        if (w->node[w->affected.v[k]].flags & NODE_DOWN)
            log_interval(w, w->affected.v[k], w->horizon_h);
    if (w->nomem)
        return error_set(e, ERR_NOMEM, NULL, "out of memory");
    return 0;
}

static int compare_affected(const void *a, const void *b, void *context)
{
    const struct graph *g = context;
    const struct cascade_node *x = a, *y = b;
    if (x->first_down_h != y->first_down_h)
        return x->first_down_h < y->first_down_h ? -1 : 1;
    return strcmp(g->id_pool + g->id_off[x->node], g->id_pool + g->id_off[y->node]);
}

static int dred_workspace_run(struct dred_workspace *w, const struct cascade_event *ev,
                              struct cascade_result **out, struct error *e)
{
    struct cascade_result *r = NULL;
    size_t k, off = 0;
    int rc;

    *out = NULL;
    w->keep_log = 1;
    if ((rc = simulate(w, ev, e)) != 0)
        goto cleanup;
    r = calloc(1, sizeof *r);
    if (r == NULL ||
        (r->nodes = malloc((w->affected.n ? w->affected.n : 1) * sizeof *r->nodes)) == NULL ||
        (r->interval_pool = malloc((w->n_log ? w->n_log : 1) * sizeof(int32_t))) == NULL) {
        rc = error_set(e, ERR_NOMEM, NULL, "out of memory");
        goto cleanup;
    }
    r->outage_h = ev->outage_h;
    r->horizon_h = ev->horizon_h;
    r->n_affected = (uint32_t)w->affected.n;
    for (k = 0; k < w->affected.n; k++) {
        uint32_t n = w->affected.v[k];
        const struct node_state *s = &w->node[n];
        r->nodes[k] = (struct cascade_node){n, s->first_down, s->down_h, s->n_intervals, NULL};
        r->down_node_hours += s->down_h;
    }
    qsort_r(r->nodes, w->affected.n, sizeof *r->nodes, compare_affected, (void *)w->g);
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
    reset(w);
    cascade_result_free(r);
    return rc;
}

int dred_cascade_run(const struct graph *g, const struct cascade_event *event,
                     struct cascade_result **out, struct error *e)
{
    struct dred_workspace *w = NULL;
    int rc;
    *out = NULL;
    if ((rc = cascade_event_check(g, event, e)) != 0)
        return rc;
    if ((rc = dred_workspace_new(g, &w)) != 0)
        return error_set(e, rc, NULL, "out of memory");
    rc = dred_workspace_run(w, event, out, e);
    dred_workspace_free(w);
    return rc;
}
