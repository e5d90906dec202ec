/*
 * iim_input.h — the input document of the inoperability input-output model
 * (engine/iim.h), read from JSON and checked, each problem named by its
 * JSON path ("$.a_star[2][0]"): sectors, A* or an input-output table, c*,
 * and the optional dynamic part.
 *
 * The one reader of that document: `vitaal iim FILE` and POST /api/v1/iim
 * both use it.
 */
#ifndef VITAAL_DOMAIN_IIM_INPUT_H
#define VITAAL_DOMAIN_IIM_INPUT_H

#include "base/arena.h"
#include "base/error.h"
#include "engine/iim.h"

#include <jansson.h>
#include <stddef.h>

struct iim_input {
    struct arena arena; /* holds every array below */
    const char *file;
    size_t n;
    json_t *sectors;                  /* borrowed from the document */
    double *a_star, *output, *c_star; /* output NULL unless from an io_table */
    int dynamic;
    double *k, *q0;
    size_t steps;
    struct iim_perturbation *pert;
    double *pert_c;
    size_t n_pert;
};

/* Reads root into *in (zeroed by the caller). Returns 0 or ERR_INVALID
 * naming the JSON path. Release *in with iim_input_release (one arena),
 * also after a failure; a second release is harmless; root must outlive
 * it. */
int iim_input_read(json_t *root, struct iim_input *in, struct error *e);
void iim_input_release(struct iim_input *in);

#endif
