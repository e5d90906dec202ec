/*
 * iim_table.h — interdependency tables on the database (issue 16 part 4):
 * an `iim_tables` record holds the table `vitaal iim` reads (sectors and an
 * input-output table or A*, in its `data` field), with its source and year,
 * and `sector_map`: the table's sector of each vitaal sector. Through that
 * map a cascade's result becomes the IIM's perturbation:
 *
 *   c*_i = the down-hours of the processes mapped onto sector i
 *          / (their number x the horizon)
 *
 * the share of those processes' hours lost (0 for a sector onto which no
 * process maps), and hour by hour, c*_i(t) = the share of them down in
 * hour t, for the dynamic model with one step per hour (docs/method.md,
 * "The IIM on the database").
 */
#ifndef VITAAL_DOMAIN_IIM_TABLE_H
#define VITAAL_DOMAIN_IIM_TABLE_H

#include "base/error.h"
#include "domain/access.h"
#include "domain/iim_input.h"
#include "engine/cascade.h"
#include "engine/graph.h"
#include "store/store.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* The IIM document of a table record: its `data` parsed, with only
 * "sectors" and "io_table" or "a_star" (no "c_star", no "dynamic": a run
 * adds those). *out is a new object. Returns 0 or ERR_INVALID naming
 * "data" and the JSON path. */
int iim_table_document(const json_t *record, json_t **out, struct error *e);

/* The checks of a table record on every write (domain/validate.c): data is
 * a table `vitaal iim` can solve (square, outputs > 0, I - A* not singular),
 * and every value of sector_map names one of its sectors. where: the
 * record's place ("$.iim_tables[0]"). */
int iim_table_check(const json_t *record, const char *where, struct error *e);

/* One process as the cascade left it: its vitaal sector and its down
 * intervals [start, end) in hours (none when the cascade did not reach it). */
struct iim_process_down {
    const char *sector;
    uint32_t n_intervals;
    const int32_t *intervals; /* n_intervals pairs */
};

/* The perturbation of a cascade over horizon_h hours for a table with the
 * n sectors named in sectors (a JSON array of strings) and sector_map (an
 * object: vitaal sector id -> table sector name; a process whose sector it
 * does not map counts nowhere): c_star (n), and when hourly is not NULL the
 * share down per hour (horizon_h x n, row t = hour t); counts (n, may be
 * NULL): the processes mapped onto each sector. Returns 0 or ERR_INVALID
 * (horizon_h < 1, a map value that is no sector). */
int iim_cascade_perturbation(const json_t *sectors, const json_t *sector_map,
                             const struct iim_process_down *procs, size_t n_procs,
                             int32_t horizon_h, double *c_star, double *hourly, size_t *counts,
                             struct error *e);

/* The IIM document of table record t run on cascade result r (on graph g of
 * the processes of s): the table's document with "c_star" the cascade's
 * perturbation, and when recovery_h > 0 also "dynamic": one step per hour
 * (steps = horizon + 1), the hourly shares as perturbations, every sector's
 * recovery time recovery_h. Only the processes a may read count (a NULL:
 * all): a hidden process is in neither the down-hours nor the number of its
 * sector. *doc is new; *counts (new, may be NULL) the processes per sector.
 * Returns 0 or ERR_INVALID. */
int iim_table_cascade_document(struct store *s, struct access *a, const json_t *t,
                               const struct graph *g, const struct cascade_result *r,
                               int32_t recovery_h, json_t **doc, json_t **counts, struct error *e);

#endif
