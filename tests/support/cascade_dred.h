/*
 * cascade_dred.h — the engine's cascade before the change-driven rework
 * (issue 16), for the tests: the same results as cascade_run, computed by
 * delete-and-rederive (tests/support/cascade_dred.c).
 */
#ifndef VITAAL_TESTS_CASCADE_DRED_H
#define VITAAL_TESTS_CASCADE_DRED_H

#include "base/error.h"

struct graph;
struct cascade_event;
struct cascade_result;

/* As cascade_run (engine/cascade.h); free the result with cascade_result_free. */
int dred_cascade_run(const struct graph *g, const struct cascade_event *event,
                     struct cascade_result **out, struct error *e);

#endif
