/*
 * listener.c — the listener thread (see listener.h). A lost connection is
 * opened again after a second and the caches dropped then too (what was
 * missed is unknown); until then the caches' own CACHE_TTL_MS bounds what
 * is stale. The wait is a quarter of a second at a time, so that a stop is
 * seen soon.
 */
#include "http/listener.h"

#include "base/xmalloc.h"

#include "store/shared.h"
#include "store/store.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

struct listener {
    pthread_t thread;
    char *db_path;
    _Atomic uint64_t *generation;
    _Atomic int stopping;
};

static void *listener_main(void *arg)
{
    struct listener *l = arg;
    struct store *s = NULL;
    int complained = 0;
    while (!atomic_load(&l->stopping)) {
        struct error e = {0};
        int supported = 1, heard = 0;
        if (s == NULL && (store_open(l->db_path, 0, &s, &e) != 0 ||
                          store_notice_listen(s, &supported, &e) != 0)) {
            if (!complained++)
                fprintf(stderr, "vitaal serve: not hearing other servers' writes: %s\n", e.message);
            store_close(s);
            s = NULL;
            sleep(1);
            continue;
        }
        if (!supported)
            break;
        if (store_notice_wait(s, 250, &heard, &e) != 0) {
            store_close(s);
            s = NULL;
            heard = 1;
        }
        if (heard) {
            complained = 0;
            atomic_fetch_add(l->generation, 1);
        }
    }
    store_close(s);
    return NULL;
}

int listener_start(const char *db_path, _Atomic uint64_t *generation, struct listener **out,
                   struct error *e)
{
    struct listener *l = xcalloc(1, sizeof *l);
    *out = NULL;
    l->db_path = xstrdup(db_path);
    l->generation = generation;
    atomic_init(&l->stopping, 0);
    if (pthread_create(&l->thread, NULL, listener_main, l) != 0) {
        free(l->db_path);
        free(l);
        return error_set(e, ERR_INTERNAL, NULL, "cannot start the listener");
    }
    *out = l;
    return 0;
}

void listener_stop(struct listener *l)
{
    if (l == NULL)
        return;
    atomic_store(&l->stopping, 1);
    pthread_join(l->thread, NULL);
    free(l->db_path);
    free(l);
}
