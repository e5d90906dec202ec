/*
 * iim_input_fuzz.c — fuzzes the IIM document (domain/iim_input) as
 * `vitaal iim` and POST /api/v1/iim read it: JSON (jansson, duplicate keys
 * refused) then iim_input_read; an accepted document has at least one
 * sector and its A*, and c* unless it is dynamic.
 */
#include "fuzz.h"

#include "domain/iim_input.h"

#include <jansson.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_error_t jerr;
    json_t *root = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &jerr);
    struct iim_input in;
    struct error e = {0};
    if (root == NULL)
        return 0;
    memset(&in, 0, sizeof in);
    in.file = "fuzz.json";
    if (iim_input_read(root, &in, &e) == 0) {
        FUZZ_CHECK(in.n >= 1);
        FUZZ_CHECK(in.a_star != NULL);
        FUZZ_CHECK(in.dynamic || in.c_star != NULL);
        FUZZ_CHECK(!in.dynamic || (in.steps >= 1 && in.k != NULL));
    } else {
        FUZZ_CHECK(e.code != 0);
    }
    iim_input_release(&in);
    json_decref(root);
    return 0;
}
