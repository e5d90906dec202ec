/*
 * deadline.c — per-connection total receive deadline (see deadline.h): a
 * doubly linked list under one mutex and a sweeper thread that wakes once
 * a second. It only ever calls shutdown(2) on a registered socket; closing
 * stays libmicrohttpd's.
 */
#include "http/deadline.h"

#include "base/error.h"
#include "base/xmalloc.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

struct deadline_conn {
    struct deadline_conn *prev, *next;
    int fd;
    int busy;        /* a complete request is being handled or answered */
    int cut;         /* shut down already */
    int64_t since_s; /* monotonic second the current receive began */
};

struct deadline {
    pthread_mutex_t lock;
    pthread_cond_t wake;
    pthread_t sweeper;
    int stopping;
    int64_t seconds;
    uint64_t cut_count;
    struct deadline_conn *head;
};

static int64_t now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec;
}

static void *sweep(void *arg)
{
    struct deadline *d = arg;
    pthread_mutex_lock(&d->lock);
    while (!d->stopping) {
        struct deadline_conn *c;
        struct timespec until;
        int64_t now = now_s();
        for (c = d->head; c; c = c->next) {
            if (c->busy || c->cut || now - c->since_s < d->seconds)
                continue;
            shutdown(c->fd, SHUT_RDWR);
            c->cut = 1;
            d->cut_count++;
        }
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += 1;
        while (!d->stopping && pthread_cond_timedwait(&d->wake, &d->lock, &until) != ETIMEDOUT)
            ;
    }
    pthread_mutex_unlock(&d->lock);
    return NULL;
}

int deadline_new(int64_t seconds, struct deadline **out)
{
    struct deadline *d = xcalloc(1, sizeof *d);
    *out = NULL;
    d->seconds = seconds > 0 ? seconds : DEADLINE_DEFAULT_S;
    pthread_mutex_init(&d->lock, NULL);
    pthread_cond_init(&d->wake, NULL);
    if (pthread_create(&d->sweeper, NULL, sweep, d) != 0) {
        pthread_cond_destroy(&d->wake);
        pthread_mutex_destroy(&d->lock);
        free(d);
        return ERR_INTERNAL;
    }
    *out = d;
    return 0;
}

void deadline_free(struct deadline *d)
{
    struct deadline_conn *c, *next;
    if (d == NULL)
        return;
    pthread_mutex_lock(&d->lock);
    d->stopping = 1;
    pthread_cond_signal(&d->wake);
    pthread_mutex_unlock(&d->lock);
    pthread_join(d->sweeper, NULL);
    for (c = d->head; c; c = next) {
        next = c->next;
        free(c);
    }
    pthread_cond_destroy(&d->wake);
    pthread_mutex_destroy(&d->lock);
    free(d);
}

struct deadline_conn *deadline_open(struct deadline *d, int fd)
{
    struct deadline_conn *c = xcalloc(1, sizeof *c);
    c->fd = fd;
    c->since_s = now_s();
    pthread_mutex_lock(&d->lock);
    c->next = d->head;
    if (d->head)
        d->head->prev = c;
    d->head = c;
    pthread_mutex_unlock(&d->lock);
    return c;
}

int deadline_busy(struct deadline *d, struct deadline_conn *c)
{
    int cut;
    if (c == NULL)
        return 0;
    pthread_mutex_lock(&d->lock);
    c->busy = 1;
    cut = c->cut;
    pthread_mutex_unlock(&d->lock);
    return cut ? ERR_IO : 0;
}

void deadline_receiving(struct deadline *d, struct deadline_conn *c)
{
    if (c == NULL)
        return;
    pthread_mutex_lock(&d->lock);
    c->busy = 0;
    c->since_s = now_s();
    pthread_mutex_unlock(&d->lock);
}

void deadline_close(struct deadline *d, struct deadline_conn *c)
{
    if (c == NULL)
        return;
    pthread_mutex_lock(&d->lock);
    if (c->prev)
        c->prev->next = c->next;
    else
        d->head = c->next;
    if (c->next)
        c->next->prev = c->prev;
    pthread_mutex_unlock(&d->lock);
    free(c);
}

uint64_t deadline_cut_count(struct deadline *d)
{
    uint64_t n;
    pthread_mutex_lock(&d->lock);
    n = d->cut_count;
    pthread_mutex_unlock(&d->lock);
    return n;
}
