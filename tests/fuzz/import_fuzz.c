/*
 * import_fuzz.c — fuzzes the import batch (domain/import): the input is a
 * vitaal JSON document, added to a batch and applied to a fresh in-memory
 * database as `vitaal import` does (validated whole, then one transaction).
 * A refused batch must leave the database as it was; an applied one holds
 * one more record for each one inserted.
 */
#include "fuzz.h"

#include "domain/import.h"
#include "store/store.h"

#include <stdint.h>
#include <string.h>
#include <unistd.h>

static const struct store_change change = {"fuzz", "import", NULL, NULL, 0};

/* Records of every kind in s, or SIZE_MAX when counting failed. */
static size_t records(struct store *s)
{
    size_t total = 0, n, i;
    struct error e = {0};
    for (i = 0; i < model_kind_count; i++) {
        if (store_record_count(s, model_kinds[i], NULL, 0, &n, &e) != 0)
            return SIZE_MAX;
        total += n;
    }
    return total;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    struct import_batch b = IMPORT_BATCH_INIT;
    struct import_stats stats = {0};
    struct store *s = NULL;
    struct error e = {0};
    size_t before;
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
    if (rc == 0) {
        FUZZ_CHECK(store_open(":memory:", STORE_CREATE, &s, &e) == 0);
        before = records(s);
        memset(&e, 0, sizeof e);
        rc = import_batch_apply(&b, s, 0, &change, NULL, &stats, &e);
        if (rc != 0) {
            FUZZ_CHECK(e.code != 0);
            FUZZ_CHECK(records(s) == before); /* nothing written, or all of it */
        } else {
            FUZZ_CHECK(stats.inserted + stats.updated + stats.unchanged <= import_batch_count(&b));
            FUZZ_CHECK(records(s) == before + stats.inserted);
        }
        store_close(s);
    } else {
        FUZZ_CHECK(e.code != 0);
    }
    import_batch_release(&b);
    return 0;
}
