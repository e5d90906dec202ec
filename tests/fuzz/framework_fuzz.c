/*
 * framework_fuzz.c — fuzzes the YAML framework reader (domain/framework):
 * YAML text into an import batch. Accepted: the batch holds the framework
 * and its requirements; refused: nothing was added and e says why.
 */
#include "fuzz.h"

#include "domain/framework.h"
#include "domain/import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct import_batch b = IMPORT_BATCH_INIT;
    struct error e = {0};
    if (framework_batch_add_yaml(&b, "fuzz.yaml", (const char *)data, size, "nctv", &e) == 0)
        FUZZ_CHECK(b.n >= 1);
    else
        FUZZ_CHECK(b.n == 0 && e.code != 0);
    import_batch_release(&b);
    return 0;
}
