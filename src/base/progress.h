/*
 * progress.h — progress of long work: the callback the engine reports
 * through (struct progress_sink: the engine does no I/O, it only calls the
 * pointer it is given), and a meter that draws it on a terminal.
 *
 * The meter shows one line on its stream, redrawn at most ten times a
 * second: phase, percentage, done of total with a rate, time left. It draws
 * nothing unless the stream is a terminal (isatty), so scripts, pipes and
 * tests see exactly the output they saw without it, and nothing for a phase
 * that ends within half a second. It erases its line when freed.
 */
#ifndef VITAAL_BASE_PROGRESS_H
#define VITAAL_BASE_PROGRESS_H

#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>

/* unit: "B" (shown as MB), or a plural noun ("hours", "events"). */
typedef void (*progress_fn)(void *context, const char *phase, const char *unit, uint64_t done,
                            uint64_t total);

struct progress_sink {
    progress_fn report;
    void *context;
    /* NULL, or a flag the owner sets (from report or another thread) to ask
     * the work to stop early; work that looks at it says so in its header */
    atomic_int *stop;
};

/* Whether p asks the work to stop (p may be NULL). */
int progress_stopped(const struct progress_sink *p);

/* Calls p->report when p is not NULL. */
void progress_report(const struct progress_sink *p, const char *phase, const char *unit,
                     uint64_t done, uint64_t total);

struct progress_meter;

/* A meter drawing on out when out is a terminal, or when always (for the
 * tests). Returns NULL when it would draw nothing. */
struct progress_meter *progress_meter_new(FILE *out, int always);
/* Erases the line and frees m; NULL is fine. */
void progress_meter_free(struct progress_meter *m);
/* The sink that feeds m: {NULL, NULL} when m is NULL, so the engine then
 * calls nothing. */
struct progress_sink progress_meter_sink(struct progress_meter *m);

/* The line the meter would draw (without the terminal codes): phase,
 * done of total after seconds. For the meter and its tests. */
void progress_format(char *buf, size_t cap, const char *phase, const char *unit, uint64_t done,
                     uint64_t total, double seconds);

#endif
