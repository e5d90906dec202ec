/*
 * service.h — shared suppliers as nodes (issue 20 part 4): the common
 * causes among the services. A service (a cloud platform, a satellite
 * timing service, a fuel supplier) is a node of the process graph without
 * inputs of its own (domain/process_graph.h); a **common cause** is a
 * service whose failure alone takes down processes in two or more sectors
 * (docs/method.md, "Services in the cascade").
 *
 * The failure is the cascade criterion's: the service fails for the
 * setting assess_outage_h (24) over assess_horizon_h (168), and a process
 * counts as down when it is down at least assess_cascade_min_down_h (1)
 * hours. Every process counts, whatever its category; other services that
 * go down do not (they are not processes and have no sector).
 *
 * Computes over the whole stored graph; need-to-know is the caller's (the
 * API shows a cause only when its service is readable, and of it only the
 * readable processes and sectors).
 */
#ifndef VITAAL_DOMAIN_SERVICE_H
#define VITAAL_DOMAIN_SERVICE_H

#include "base/arena.h"
#include "base/error.h"
#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

#define SERVICE_COMMON_CAUSE_MIN_SECTORS 2

struct service_common_cause {
    char *service;    /* the service's id */
    char *name;       /* its name */
    char *kind;       /* cloud, software, satellite, fuel, telecom or other */
    char **processes; /* the processes it takes down, in id order */
    size_t n_processes;
    char **sectors; /* their sectors, distinct, in id order */
    size_t n_sectors;
    int64_t down_node_hours; /* hours down of those processes, summed */
    /* the counts as computed: a copy filtered for need-to-know (the API's)
     * lists fewer processes and sectors but keeps these */
    size_t processes_down, sectors_down;
};

struct service_common_causes {
    struct arena arena;                      /* holds the causes and their lists */
    int32_t outage_h, horizon_h, min_down_h; /* the settings used */
    size_t n_services;                       /* services considered */
    struct service_common_cause *causes;     /* by sectors, then processes (more first), then id */
    size_t n;
};

/* Computes the common causes of the database into *out, which owns an
 * arena (base/arena.h, unbounded) with all its memory: release with
 * service_common_causes_release (one arena_release), also after a failure,
 * and on a zeroed or released one. Returns 0 or ERR_INVALID (a bad setting
 * or graph). */
int service_common_causes_compute(struct store *s, struct service_common_causes *out,
                                  struct error *e);
void service_common_causes_release(struct service_common_causes *c);

#endif
