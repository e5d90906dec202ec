/*
 * criticality.c — the criticality ranking over all cores (criticality.h).
 *
 * Work is handed out in small chunks from an atomic counter, so a thread
 * that meets a few huge cascades does not hold up the others; each event's
 * counts go to the slot of its node, and the ranking is sorted at the end.
 */
#include "engine/criticality.h"

#include "base/progress.h"
#include "base/xmalloc.h"
#include "engine/cascade.h"
#include "engine/graph_internal.h"

#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHUNK 16 /* events a thread takes at a time */

struct shared {
    const struct graph *g;
    const struct criticality_options *options;
    struct criticality_entry *entries;
    size_t n;
    atomic_size_t next;
    atomic_size_t done;   /* events finished, for the progress report */
    atomic_int stop;      /* set by the first thread that fails */
    atomic_int reporting; /* held by the thread calling the progress report */
};

struct worker {
    pthread_t thread;
    struct shared *shared;
    int rc;
    struct error error;
};

static void *work(void *arg)
{
    struct worker *wk = arg;
    struct shared *sh = wk->shared;
    struct cascade_workspace *w = cascade_workspace_new(sh->g);
    size_t start, i, done;

    while (!atomic_load(&sh->stop) && (start = atomic_fetch_add(&sh->next, CHUNK)) < sh->n) {
        if (progress_stopped(sh->options->progress)) {
            wk->rc = error_set(&wk->error, ERR_INTERNAL, NULL, "stopped before the end");
            atomic_store(&sh->stop, 1);
            break;
        }
        size_t end = start + CHUNK < sh->n ? start + CHUNK : sh->n;
        for (i = start; i < end; i++) {
            struct criticality_entry *en = &sh->entries[i];
            assert(en->node < sh->g->n_nodes); /* checked by criticality_rank */
            struct cascade_event ev = {&en->node, 1, sh->options->outage_h, sh->options->horizon_h,
                                       NULL};
            struct cascade_summary sum;
            wk->rc = cascade_workspace_summary(w, &ev, sh->options->counted, &sum, &wk->error);
            if (wk->rc != 0) {
                atomic_store(&sh->stop, 1);
                break;
            }
            en->affected = sum.affected;
            en->down_node_hours = sum.down_node_hours;
        }
        atomic_fetch_add(&sh->done, end - start);
        /* one thread at a time reports, reading the count while it holds
         * the flag, so the reports never overlap and never go backwards */
        if (sh->options->progress && !atomic_exchange(&sh->reporting, 1)) {
            done = atomic_load(&sh->done);
            progress_report(sh->options->progress, "criticality", "events", done, sh->n);
            atomic_store(&sh->reporting, 0);
        }
    }
    cascade_workspace_free(w);
    return NULL;
}

int criticality_entry_compare(const struct graph *g, const struct criticality_entry *a,
                              const struct criticality_entry *b)
{
    if (a->affected != b->affected)
        return a->affected > b->affected ? -1 : 1;
    if (a->down_node_hours != b->down_node_hours)
        return a->down_node_hours > b->down_node_hours ? -1 : 1;
    return strcmp(graph_node_id(g, a->node), graph_node_id(g, b->node));
}

static int compare(const void *a, const void *b, void *g)
{
    return criticality_entry_compare(g, a, b);
}

static unsigned thread_count(const struct criticality_options *o, size_t n)
{
    long online;
    size_t want = o->threads;
    if (want == 0) {
        online = sysconf(_SC_NPROCESSORS_ONLN);
        want = online > 0 ? (size_t)online : 1;
    }
    if (want > 256)
        want = 256;
    if (want > (n + CHUNK - 1) / CHUNK)
        want = (n + CHUNK - 1) / CHUNK;
    return want ? (unsigned)want : 1;
}

int criticality_rank(const struct graph *g, const struct criticality_options *o,
                     struct criticality_ranking **out, struct error *e)
{
    struct criticality_ranking *r = NULL;
    struct worker *workers = NULL;
    struct shared sh;
    struct cascade_event check = {NULL, 0, o->outage_h, o->horizon_h, NULL};
    unsigned n_threads, k, started = 0;
    size_t i;
    int rc;

    *out = NULL;
    if ((rc = cascade_event_check(g, &check, e)) != 0)
        return rc;
    for (i = 0; o->nodes && i < o->n_nodes; i++)
        if (o->nodes[i] >= g->n_nodes)
            return error_set(e, ERR_INVALID, "nodes", "node index %u out of range", o->nodes[i]);
    memset(&sh, 0, sizeof sh);
    sh.g = g;
    sh.options = o;
    sh.n = o->nodes ? o->n_nodes : g->n_nodes;
    atomic_init(&sh.next, 0);
    atomic_init(&sh.done, 0);
    atomic_init(&sh.reporting, 0);
    atomic_init(&sh.stop, 0);
    r = xcalloc(1, sizeof *r);
    r->entries = xcalloc(sh.n ? sh.n : 1, sizeof *r->entries);
    r->n = sh.n;
    sh.entries = r->entries;
    for (i = 0; i < sh.n; i++)
        r->entries[i].node = o->nodes ? o->nodes[i] : (uint32_t)i;

    n_threads = thread_count(o, sh.n);
    workers = xcalloc(n_threads, sizeof *workers);
    for (k = 0; k < n_threads; k++)
        workers[k].shared = &sh;
    /* the calling thread is worker 0; the others get threads of their own */
    for (k = 1; k < n_threads; k++) {
        if (pthread_create(&workers[k].thread, NULL, work, &workers[k]) != 0)
            break; /* fewer threads still finish the work */
        started = k;
    }
    work(&workers[0]);
    for (k = 1; k <= started; k++)
        pthread_join(workers[k].thread, NULL);
    for (k = 0; k < n_threads; k++) {
        if (workers[k].rc != 0) {
            rc = workers[k].rc;
            if (e)
                *e = workers[k].error;
            goto cleanup;
        }
    }
    /* no worker failed, so none stopped early: every event was run */
    assert(atomic_load(&sh.done) == sh.n);
    qsort_r(r->entries, r->n, sizeof *r->entries, compare, (void *)g);
    *out = r;
    r = NULL;
cleanup:
    free(workers);
    criticality_ranking_free(r);
    return rc;
}

void criticality_ranking_free(struct criticality_ranking *r)
{
    if (r == NULL)
        return;
    free(r->entries);
    free(r);
}
