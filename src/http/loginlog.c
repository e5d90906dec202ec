/*
 * loginlog.c — refusals per key and minute (see loginlog.h): a
 * flat table of groups under one mutex.
 */
#include "http/loginlog.h"

#include "base/error.h"
#include "base/xmalloc.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct group {
    int used;
    struct loginlog_summary s;
};

struct loginlog {
    pthread_mutex_t lock;
    struct group groups[LOGINLOG_CAPACITY];
};

struct loginlog *loginlog_new(void)
{
    struct loginlog *l = xcalloc(1, sizeof *l);
    pthread_mutex_init(&l->lock, NULL);
    return l;
}

void loginlog_free(struct loginlog *l)
{
    if (l == NULL)
        return;
    pthread_mutex_destroy(&l->lock);
    free(l);
}

/* Adds name to the comma-separated list unless it is there; "..." once full. */
static void add_name(char *names, const char *name)
{
    size_t len = strlen(names), n = strlen(name);
    const char *p = names;
    while ((p = strstr(p, name)) != NULL) {
        if ((p == names || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
            return;
        p++;
    }
    if (len >= 3 && strcmp(names + len - 3, "...") == 0)
        return;
    if (len + n + 1 > LOGINLOG_NAMES_MAX) {
        memcpy(names + len, "...", 4);
        return;
    }
    snprintf(names + len, LOGINLOG_NAMES_MAX + 4 - len, "%s%s", len ? "," : "", name);
}

int loginlog_fail(struct loginlog *l, const char *address, const char *name, int limited,
                  int64_t now)
{
    int64_t minute = now - now % 60;
    struct group *free_slot = NULL;
    size_t i;
    if (address == NULL)
        address = "";
    pthread_mutex_lock(&l->lock);
    for (i = 0; i < LOGINLOG_CAPACITY; i++) {
        struct group *g = &l->groups[i];
        if (!g->used) {
            if (free_slot == NULL)
                free_slot = g;
            continue;
        }
        if (g->s.minute == minute && strncmp(g->s.key, address, sizeof g->s.key) == 0) {
            g->s.more++;
            g->s.limited += limited != 0;
            add_name(g->s.names, name);
            pthread_mutex_unlock(&l->lock);
            return 0;
        }
    }
    if (free_slot) {
        memset(free_slot, 0, sizeof *free_slot);
        free_slot->used = 1;
        snprintf(free_slot->s.key, sizeof free_slot->s.key, "%s", address);
        free_slot->s.minute = minute;
    }
    pthread_mutex_unlock(&l->lock);
    return 1;
}

size_t loginlog_take(struct loginlog *l, int64_t now, int all, struct loginlog_summary *out,
                     size_t max)
{
    int64_t minute = now - now % 60;
    size_t i, n = 0;
    pthread_mutex_lock(&l->lock);
    for (i = 0; i < LOGINLOG_CAPACITY && n < max; i++) {
        struct group *g = &l->groups[i];
        if (!g->used || (!all && g->s.minute >= minute))
            continue;
        if (g->s.more > 0)
            out[n++] = g->s;
        g->used = 0;
    }
    pthread_mutex_unlock(&l->lock);
    return n;
}
