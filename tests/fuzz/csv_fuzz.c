/*
 * csv_fuzz.c — fuzzes base/csv: every record of the input; checks that
 * fields are NUL-terminated, at most CSV_MAX_FIELDS, and that lines only
 * go forward.
 */
#include "fuzz.h"

#include "base/csv.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct csv_reader r;
    struct error e = {0};
    size_t last_line = 0, i;
    int rc;
    csv_reader_init(&r, (const char *)data, size);
    while ((rc = csv_reader_next(&r, &e)) == 1) {
        FUZZ_CHECK(r.n_fields >= 1 && r.n_fields <= CSV_MAX_FIELDS);
        FUZZ_CHECK(r.record_line > last_line);
        last_line = r.record_line;
        for (i = 0; i < r.n_fields; i++)
            FUZZ_CHECK(strlen(r.fields[i]) <= size);
        FUZZ_CHECK(r.pos <= size);
    }
    FUZZ_CHECK(rc == 0 || (rc < 0 && e.code != 0));
    csv_reader_release(&r);
    return 0;
}
