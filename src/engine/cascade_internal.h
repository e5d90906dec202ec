/*
 * cascade_internal.h — the state of a cascade workspace, shared by the two
 * halves of the simulation: cascade.c (hours, agenda, results) and
 * cascade_support.c (each hour's least fixed point, kept by source pointers).
 * Only these two include it.
 */
#ifndef VITAAL_ENGINE_CASCADE_INTERNAL_H
#define VITAAL_ENGINE_CASCADE_INTERNAL_H

#include "engine/cascade.h"
#include "engine/graph_internal.h"

#include <stddef.h>
#include <stdint.h>

enum node_flag {
    NODE_DOWN = 1,
    NODE_COND_OPEN = 2, /* cond held at the end of the previous hour */
    NODE_FAILED = 4,
    NODE_IN_RUN = 8, /* on run_nodes, to be reset */
    NODE_PREV_DOWN = 16,
    NODE_PREV_COND = 32,
    NODE_AFFECTED = 64,
    NODE_SUSPECT = 128, /* in S this hour */
    NODE_QUEUED = 256   /* on the stack of the suspect search */
};

#define SRC_NONE UINT32_MAX       /* not down, or looking for support */
#define SRC_SEED (UINT32_MAX - 1) /* down as a seed */

struct node_state {
    uint32_t n_fire;       /* inputs firing now */
    int32_t cond_last_end; /* last hour of the last finished cond run, -1 if none */
    int32_t stamp;         /* hour it was last touched */
    int32_t down_since;    /* start of the current down run */
    int32_t first_down;
    int32_t down_h;
    uint32_t n_intervals;
    uint32_t flags;
    uint32_t src;  /* the input that keeps it down, SRC_SEED or SRC_NONE */
    uint32_t rank; /* above the ranks of src's suppliers; 0 for seeds */
};

struct input_state {
    uint32_t n_up;       /* suppliers not down now: 0 is a full loss */
    int32_t loss_start;  /* first hour of the running loss, -1 if available */
    int32_t stamp;       /* hour it was last touched */
    int32_t flip_stamp;  /* hour its last flip event was applied */
    uint32_t flags;      /* INPUT_* */
    uint32_t n_suspects; /* suppliers in S, during the suspect search */
};

enum input_flag {
    INPUT_PREV_FULL = 1,
    INPUT_IN_RUN = 2,
    INPUT_MULTI = 4 /* more than one supplier (else the rank of n's support is n's + 1) */
};

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

struct cascade_workspace {
    const struct graph *g;
    struct node_state *node;
    struct input_state *input;

    uint32_t *hour_nodes, *hour_inputs; /* touched this hour */
    size_t n_hour_nodes, n_hour_inputs;
    uint32_t *run_nodes, *run_inputs; /* touched this run */
    size_t n_run_nodes, n_run_inputs;
    uint32_t *stack;
    size_t n_stack;
    uint32_t *suspects; /* S: lost support this hour and found none yet */
    size_t n_suspects;
    struct u32_list lost, insert_candidates, affected, failed;

    int32_t *event_head; /* per hour */
    int32_t heads_size;
    struct event *events;
    size_t n_events, events_cap;
    struct u32_list used_hours;

    int32_t *log; /* node, start, end of each finished down interval */
    size_t n_log, log_cap;
    int keep_log;

    int32_t t, outage_h, horizon_h;
    int32_t last_event; /* the latest hour with something on the agenda */
};

/* Appends v to l. */
void cascade_list_push(struct u32_list *l, uint32_t v);

static inline int bridged(const struct graph *g, uint32_t i, int64_t loss)
{
    int32_t d = g->duration_h[i];
    if (loss <= g->buffer_h[i])
        return 1; /* also loss == 0 */
    return d > 0 && loss > g->activation_h[i] && loss <= (int64_t)g->activation_h[i] + d;
}

/* Would input i fail its node if it is unavailable in the current hour? */
static inline int vulnerable(const struct cascade_workspace *w, uint32_t i)
{
    int32_t s = w->input[i].loss_start;
    int64_t loss = s < 0 ? 1 : (int64_t)w->t - s + 1;
    return !bridged(w->g, i, loss);
}

/* Is n down in the current hour whatever its inputs do? */
static inline int is_seed(const struct cascade_workspace *w, uint32_t n)
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

static inline void touch_node(struct cascade_workspace *w, uint32_t n)
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

static inline void touch_input(struct cascade_workspace *w, uint32_t i)
{
    struct input_state *s = &w->input[i];
    if (s->stamp == w->t)
        return;
    s->stamp = w->t;
    s->flags &= ~(uint32_t)INPUT_PREV_FULL;
    if (s->n_up == 0)
        s->flags |= INPUT_PREV_FULL;
    w->hour_inputs[w->n_hour_inputs++] = i;
    if (!(s->flags & INPUT_IN_RUN)) {
        s->flags |= INPUT_IN_RUN;
        w->run_inputs[w->n_run_inputs++] = i;
    }
}

/* Puts start into D (it is a seed or has a firing input) and propagates. */
void cascade_add_down(struct cascade_workspace *w, uint32_t start);
/* n, down, lost its support (src) this hour. */
void cascade_lose_support(struct cascade_workspace *w, uint32_t n);
/* Repairs or re-founds the support of the nodes that lost it this hour, and
 * takes out of D what has none left (before any addition of the hour). */
void cascade_settle_losses(struct cascade_workspace *w);

#endif
