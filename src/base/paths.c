/*
 * paths.c — the shipped folders found relative to the running binary (see
 * paths.h). Owns the list of layouts and the one read of /proc/self/exe;
 * it only looks (stat), never creates or changes anything.
 */
#include "base/paths.h"

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static pthread_once_t paths_once = PTHREAD_ONCE_INIT;
static char exe_dir[PATH_MAX], data_dir[PATH_MAX], web_dir[PATH_MAX];

/* Candidate folders relative to the binary's folder, first that exists
 * wins: the installed layout, then the checkout's. */
static const char *const data_layouts[] = {"../share/vitaal/data", "../data", NULL};
static const char *const web_layouts[] = {"../share/vitaal/web", "web", "../web", NULL};

/* Whether folder holds marker (so that an unrelated folder of the same
 * name, /usr/local/data say, is never taken for ours). */
static int holds(const char *folder, const char *marker)
{
    char path[PATH_MAX * 2 + 64];
    snprintf(path, sizeof path, "%s/%s", folder, marker);
    return access(path, R_OK) == 0;
}

/* out = the first layout under exe_dir that holds marker (its real path),
 * else fallback. */
static void choose(char *out, size_t size, const char *const *layouts, const char *marker,
                   const char *fallback)
{
    char candidate[PATH_MAX * 2];
    size_t i;
    for (i = 0; exe_dir[0] && layouts[i]; i++) {
        snprintf(candidate, sizeof candidate, "%s/%s", exe_dir, layouts[i]);
        if (holds(candidate, marker) && realpath(candidate, out) != NULL)
            return;
    }
    snprintf(out, size, "%s", fallback);
}

static void paths_init(void)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    char *slash;
    if (n > 0) {
        exe[n] = '\0';
        if ((slash = strrchr(exe, '/')) != NULL) {
            *slash = '\0';
            snprintf(exe_dir, sizeof exe_dir, "%s", exe[0] ? exe : "/");
        }
    }
    choose(data_dir, sizeof data_dir, data_layouts, "catalogue", "data");
    choose(web_dir, sizeof web_dir, web_layouts, "index.html", "web");
}

const char *paths_exe_dir(void)
{
    pthread_once(&paths_once, paths_init);
    return exe_dir;
}

/* $name when set (read at every call: a test may set it), else found. */
static const char *override_or(const char *name, const char *found)
{
    const char *value = getenv(name);
    return value && *value ? value : found;
}

const char *paths_data_dir(void)
{
    pthread_once(&paths_once, paths_init);
    return override_or("VITAAL_DATA", data_dir);
}

const char *paths_web_dir(void)
{
    pthread_once(&paths_once, paths_init);
    return override_or("VITAAL_WEB", web_dir);
}
