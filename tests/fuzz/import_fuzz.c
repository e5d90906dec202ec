/*
 * import_fuzz.c — fuzzes the import batch (domain/import): the input is a
 * vitaal JSON document, added to a batch and applied to a fresh in-memory
 * database as `vitaal import` does (validated whole, then one transaction).
 * A refused batch must leave the database without records.
 */
#include "fuzz.h"

#include "domain/import.h"
#include "store/store.h"

#include <string.h>
#include <unistd.h>

static const struct store_change change = {"fuzz", "import", NULL, NULL, 0};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    struct import_batch b = IMPORT_BATCH_INIT;
    struct import_stats stats = {0};
    struct store *s = NULL;
    struct error e = {0};
    FILE *f;
    int rc;
    /* the batch reads files: one per process in the shared-memory folder */
    snprintf(path, sizeof path, "/dev/shm/vitaal-import-fuzz-%ld.json", (long)getpid());
    if ((f = fopen(path, "wb")) == NULL)
        return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    rc = import_batch_add_json_file(&b, path, &e);
    unlink(path);
    if (rc == 0 && store_open(":memory:", 0, &s, &e) == 0) {
        memset(&e, 0, sizeof e);
        rc = import_batch_apply(&b, s, 0, &change, NULL, &stats, &e);
        if (rc != 0)
            FUZZ_CHECK(e.code != 0 && stats.inserted == 0);
        else
            FUZZ_CHECK(stats.inserted + stats.updated + stats.unchanged <= b.n);
        store_close(s);
    }
    import_batch_release(&b);
    return 0;
}
