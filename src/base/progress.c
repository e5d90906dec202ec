/*
 * progress.c — the progress callback and its terminal meter (progress.h).
 */
#include "base/progress.h"

#include "base/xmalloc.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define REDRAW_S 0.1 /* at most ten lines a second */
#define QUIET_S  0.5 /* a phase shorter than this shows nothing */

struct progress_meter {
    FILE *out;
    char phase[64];
    double phase_start, last_draw;
    int drawn; /* a line is on the terminal */
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void progress_report(const struct progress_sink *p, const char *phase, const char *unit,
                     uint64_t done, uint64_t total)
{
    if (p != NULL && p->report != NULL)
        p->report(p->context, phase, unit, done, total);
}

/* n in the unit, short: "176.2 MB", "1.2M events", "168 hours". */
static void amount(char *buf, size_t cap, double n, const char *unit)
{
    if (strcmp(unit, "B") == 0)
        snprintf(buf, cap, "%.1f MB", n / 1048576.0);
    else if (n >= 1e6)
        snprintf(buf, cap, "%.1fM %s", n / 1e6, unit);
    else if (n >= 1e4)
        snprintf(buf, cap, "%.0fk %s", n / 1e3, unit);
    else
        snprintf(buf, cap, "%.0f %s", n, unit);
}

void progress_format(char *buf, size_t cap, const char *phase, const char *unit, uint64_t done,
                     uint64_t total, double seconds)
{
    char d[32], t[32], r[32], left[32] = "";
    double rate = seconds > 0 ? (double)done / seconds : 0;
    if (done > total)
        done = total;
    amount(d, sizeof d, (double)done, unit);
    amount(t, sizeof t, (double)total, unit);
    amount(r, sizeof r, rate, unit);
    if (rate > 0 && done < total)
        snprintf(left, sizeof left, ", %.0f s left", (double)(total - done) / rate);
    snprintf(buf, cap, "%s: %3.0f%% (%s of %s, %s/s%s)", phase,
             total ? 100.0 * (double)done / (double)total : 100.0, d, t, r, left);
}

static void meter_report(void *context, const char *phase, const char *unit, uint64_t done,
                         uint64_t total)
{
    struct progress_meter *m = context;
    double t = now_s();
    char line[200];
    if (strncmp(m->phase, phase, sizeof m->phase - 1) != 0) {
        snprintf(m->phase, sizeof m->phase, "%s", phase);
        m->phase_start = t;
        m->last_draw = 0;
    }
    if (t - m->phase_start < QUIET_S || t - m->last_draw < REDRAW_S)
        return;
    m->last_draw = t;
    progress_format(line, sizeof line, phase, unit, done, total, t - m->phase_start);
    fprintf(m->out, "\r\033[K%s", line);
    fflush(m->out);
    m->drawn = 1;
}

struct progress_meter *progress_meter_new(FILE *out, int always)
{
    struct progress_meter *m;
    if (!always && !isatty(fileno(out)))
        return NULL;
    m = xcalloc(1, sizeof *m);
    m->out = out;
    return m;
}

void progress_meter_free(struct progress_meter *m)
{
    if (m == NULL)
        return;
    if (m->drawn) {
        fputs("\r\033[K", m->out);
        fflush(m->out);
    }
    free(m);
}

struct progress_sink progress_meter_sink(struct progress_meter *m)
{
    struct progress_sink s = {NULL, NULL, NULL};
    if (m != NULL) {
        s.report = meter_report;
        s.context = m;
    }
    return s;
}

int progress_stopped(const struct progress_sink *p)
{
    return p && p->stop && atomic_load(p->stop);
}
