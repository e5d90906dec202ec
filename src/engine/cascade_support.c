/*
 * cascade_support.c — each hour's least fixed point of the cascade model,
 * kept up to date by source pointers (see cascade.c and docs/method.md,
 * "Change-driven fixed point"): every down node that is not a seed has one
 * supporting input (firing, all suppliers down) whose suppliers rank below
 * it. Additions propagate forward and give each new node its support; a node
 * that loses its support repairs it from an input ranking below it, or joins
 * the suspects S; the suspects that have a seed or a firing input free of S
 * are founded again, and the rest leave D.
 */
#include "engine/cascade_internal.h"

#include <assert.h>

static int full(const struct cascade_workspace *w, uint32_t i)
{
    return w->input[i].n_up == 0;
}

/* Does input i fail its node now (all suppliers down, not bridged)? */
static int firing(const struct cascade_workspace *w, uint32_t i)
{
    return full(w, i) && vulnerable(w, i);
}

/* The highest rank among the suppliers of i. */
static uint32_t input_rank(const struct cascade_workspace *w, uint32_t i)
{
    const struct graph *g = w->g;
    uint32_t j, r = 0;
    for (j = g->sup_off[i]; j < g->sup_off[i + 1]; j++)
        if (w->node[g->sup[j]].rank > r)
            r = w->node[g->sup[j]].rank;
    return r;
}

/* Gives n (down, in no suspect set) a support: a seed, or a firing input. */
static void found_new(struct cascade_workspace *w, uint32_t n)
{
    const struct graph *g = w->g;
    uint32_t i;
    struct node_state *s = &w->node[n];
    s->src = SRC_SEED;
    s->rank = 0;
    if (is_seed(w, n))
        return;
    for (i = g->node_input_off[n]; i < g->node_input_off[n + 1]; i++)
        if (firing(w, i)) {
            s->src = i;
            s->rank = input_rank(w, i) + 1;
            return;
        }
    assert(!"a node put down with neither a seed nor a firing input");
}

/* Puts n into D and propagates what follows; each node put in gets the input
 * that brought it down as its support. */
void cascade_add_down(struct cascade_workspace *w, uint32_t start)
{
    const struct graph *g = w->g;
    assert(start < g->n_nodes && !(w->node[start].flags & NODE_DOWN));
    touch_node(w, start);
    w->node[start].flags |= NODE_DOWN;
    found_new(w, start);
    w->stack[w->n_stack++] = start;
    while (w->n_stack) {
        uint32_t n = w->stack[--w->n_stack], j;
        for (j = g->dep_off[n]; j < g->dep_off[n + 1]; j++) {
            uint32_t i = g->dep[j], m;
            struct input_state *in = &w->input[i];
            touch_input(w, i);
            assert(in->n_up > 0); /* each supplier goes down once: the count never wraps */
            if (--in->n_up != 0 || !vulnerable(w, i))
                continue;
            m = g->input_node[i];
            touch_node(w, m);
            w->node[m].n_fire++;
            if (!(w->node[m].flags & NODE_DOWN)) {
                w->node[m].flags |= NODE_DOWN;
                w->node[m].src = i;
                w->node[m].rank =
                    (in->flags & INPUT_MULTI ? input_rank(w, i) : w->node[n].rank) + 1;
                assert(w->n_stack < g->n_nodes); /* a node is pushed once, when it goes down */
                w->stack[w->n_stack++] = m;
            }
        }
    }
}

/* n (down) lost its support this hour. */
void cascade_lose_support(struct cascade_workspace *w, uint32_t n)
{
    struct node_state *s = &w->node[n];
    assert(s->flags & NODE_DOWN); /* only a down node has a support to lose */
    s->src = SRC_NONE;
    if (!(s->flags & NODE_QUEUED)) {
        s->flags |= NODE_QUEUED;
        cascade_list_push(&w->lost, n);
    }
}

/* The cheap repair: a seed, or a firing input with no supplier in S whose
 * suppliers all rank below n (so the supports stay free of cycles without
 * looking further). */
static int repair(struct cascade_workspace *w, uint32_t n)
{
    const struct graph *g = w->g;
    struct node_state *s = &w->node[n];
    uint32_t i;
    if (is_seed(w, n)) {
        s->src = SRC_SEED;
        s->rank = 0;
        return 1;
    }
    for (i = g->node_input_off[n]; i < g->node_input_off[n + 1]; i++)
        if (w->input[i].n_suspects == 0 && firing(w, i) && input_rank(w, i) < s->rank) {
            s->src = i;
            return 1;
        }
    return 0;
}

/* Phase 1: the nodes that lost support either repair it or join S, and
 * the nodes whose support runs through a node of S lose theirs. */
static void collect_suspects(struct cascade_workspace *w)
{
    const struct graph *g = w->g;
    size_t k;
    for (k = 0; k < w->lost.n; k++)
        w->stack[w->n_stack++] = w->lost.v[k];
    while (w->n_stack) {
        uint32_t n = w->stack[--w->n_stack], j;
        struct node_state *s = &w->node[n];
        s->flags &= ~(uint32_t)NODE_QUEUED;
        if (!(s->flags & NODE_DOWN) || (s->flags & NODE_SUSPECT) || s->src != SRC_NONE ||
            repair(w, n))
            continue;
        s->flags |= NODE_SUSPECT;
        w->suspects[w->n_suspects++] = n;
        for (j = g->dep_off[n]; j < g->dep_off[n + 1]; j++) {
            uint32_t i = g->dep[j], m = g->input_node[i];
            struct node_state *ms = &w->node[m];
            /* only inputs of down nodes count suspects: no other node can
             * be a suspect, nor be founded on an input */
            if (!(ms->flags & NODE_DOWN))
                continue;
            w->input[i].n_suspects++;
            if (ms->src == i && !(ms->flags & NODE_SUSPECT)) {
                ms->src = SRC_NONE;
                if (!(ms->flags & NODE_QUEUED)) {
                    ms->flags |= NODE_QUEUED;
                    w->stack[w->n_stack++] = m;
                }
            }
        }
    }
}

/* Takes n out of S with support src, and founds the suspects that this
 * leaves with a firing input free of S. */
static void found(struct cascade_workspace *w, uint32_t start, uint32_t src, uint32_t rank)
{
    const struct graph *g = w->g;
    w->node[start].flags &= ~(uint32_t)NODE_SUSPECT;
    w->node[start].src = src;
    w->node[start].rank = rank;
    w->stack[w->n_stack++] = start;
    while (w->n_stack) {
        uint32_t n = w->stack[--w->n_stack], j;
        for (j = g->dep_off[n]; j < g->dep_off[n + 1]; j++) {
            uint32_t i = g->dep[j], m = g->input_node[i];
            struct node_state *ms = &w->node[m];
            /* counted in collect_suspects only where m is down (it still is) */
            if (!(ms->flags & NODE_DOWN) || --w->input[i].n_suspects != 0 ||
                !(ms->flags & NODE_SUSPECT) || !firing(w, i))
                continue;
            ms->flags &= ~(uint32_t)NODE_SUSPECT;
            ms->src = i;
            ms->rank = (w->input[i].flags & INPUT_MULTI ? input_rank(w, i) : w->node[n].rank) + 1;
            w->stack[w->n_stack++] = m;
        }
    }
}

/* Phases 2 and 3: found again what has support outside S; the rest of S
 * supports only itself and leaves D. */
static void settle_suspects(struct cascade_workspace *w)
{
    const struct graph *g = w->g;
    size_t k;
    for (k = 0; k < w->n_suspects; k++) {
        uint32_t n = w->suspects[k], i;
        if (!(w->node[n].flags & NODE_SUSPECT))
            continue;
        if (is_seed(w, n)) {
            found(w, n, SRC_SEED, 0);
            continue;
        }
        for (i = g->node_input_off[n]; i < g->node_input_off[n + 1]; i++)
            if (w->input[i].n_suspects == 0 && firing(w, i)) {
                found(w, n, i, input_rank(w, i) + 1);
                break;
            }
    }
    for (k = 0; k < w->n_suspects; k++) {
        uint32_t n = w->suspects[k], j;
        struct node_state *s = &w->node[n];
        if (!(s->flags & NODE_SUSPECT))
            continue;
        touch_node(w, n);
        s->flags &= ~(uint32_t)(NODE_SUSPECT | NODE_DOWN);
        s->src = SRC_NONE;
        for (j = g->dep_off[n]; j < g->dep_off[n + 1]; j++) {
            uint32_t i = g->dep[j], m;
            struct input_state *in = &w->input[i];
            int was_full = full(w, i);
            touch_input(w, i);
            in->n_up++;
            in->n_suspects = 0; /* whatever of it counted suspects, they are gone */
            if (!was_full || !vulnerable(w, i))
                continue;
            m = g->input_node[i];
            touch_node(w, m);
            w->node[m].n_fire--;
        }
    }
    w->n_suspects = 0;
}

void cascade_settle_losses(struct cascade_workspace *w)
{
    collect_suspects(w);
    settle_suspects(w);
}
