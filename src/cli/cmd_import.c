/*
 * cmd_import.c — `vitaal import FILE...`: JSON documents and catalogue CSV
 * files, validated together and written in one transaction.
 */
#include "cli/cli.h"

#include "base/progress.h"
#include "domain/import.h"
#include "store/store.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char import_usage[] =
    "usage: vitaal import [--db PATH] [--kind KIND] [--dry-run] [--legacy-from DATE]\n"
    "                     [--max-size MIB] FILE...\n\n"
    "Imports vitaal JSON documents (as written by 'vitaal export') and CSV files\n"
    "of one kind of record (header row = field names; the kind comes from --kind or\n"
    "from a file name such as processes.csv). Every file is validated first; then\n"
    "all records are written in one transaction, or nothing is when anything is\n"
    "wrong. A record whose id exists is updated; new ones are inserted.\n\n"
    "  --kind KIND  the kind of records in the CSV files (e.g. processes, threats)\n"
    "  --dry-run    validate and report, write nothing\n"
    "  --max-size MIB\n"
    "               refuse a JSON document larger than MIB mebibytes (default\n"
    "               2048; JSON is read as a stream, so size costs time, not memory)\n"
    "  --legacy-from DATE\n"
    "               the records were in force before vitaal (a register being\n"
    "               migrated): each one's history starts at the date it carries\n"
    "               (an analysis at started, and when final again at finalised;\n"
    "               an assessment or review at date; an event at occurred; an\n"
    "               incident at detected_at; a risk with its analysis; a measure\n"
    "               with its earliest analysis, and when done again at its due\n"
    "               date), others at DATE. Only records\n"
    "               vitaal does not have yet; final ones come in as final.\n";

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

/* The kind named by a CSV file's name: ".../processes.csv" -> processes. */
static const struct kind *kind_from_file_name(const char *path)
{
    const char *base = strrchr(path, '/');
    char name[128];
    size_t n;
    base = base ? base + 1 : path;
    n = strlen(base);
    if (n < 5 || n - 4 >= sizeof name)
        return NULL;
    memcpy(name, base, n - 4);
    name[n - 4] = '\0';
    return model_kind_find(name);
}

int cmd_import(struct cli *cli, int argc, char **argv)
{
    static const struct option options[] = {CLI_COMMON_LONG_OPTIONS,
                                            {"kind", required_argument, NULL, 'k'},
                                            {"dry-run", no_argument, NULL, 'n'},
                                            {"legacy-from", required_argument, NULL, 'L'},
                                            {"max-size", required_argument, NULL, 'M'},
                                            {NULL, 0, NULL, 0}};
    struct import_batch batch = IMPORT_BATCH_INIT;
    struct import_stats stats = {0};
    struct store *s = NULL;
    struct error e = {0};
    const struct kind *kind = NULL;
    struct cli_audit audit;
    struct import_hook hook = {NULL, NULL};
    struct progress_meter *meter = NULL;
    struct progress_sink progress;
    char detail[512];
    const char *legacy_from = NULL;
    int dry_run = 0, c, rc = 0, i;

    while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (c) {
        case CLI_OPT_DB:
            cli->db_path = optarg;
            break;
        case 'h':
            fputs(import_usage, stdout);
            return 0;
        case 'k':
            if ((kind = model_kind_find(optarg)) == NULL)
                return cli_usage_error("import", "'%s' is not a kind of record", optarg);
            break;
        case 'n':
            dry_run = 1;
            break;
        case 'L': {
            int64_t day;
            if ((rc = cli_option_date("import", "--legacy-from", optarg, &day)) != 0)
                return rc;
            legacy_from = optarg;
            break;
        }
        case 'M': {
            char *end;
            unsigned long long mib;
            errno = 0;
            mib = strtoull(optarg, &end, 10);
            if (!isdigit((unsigned char)optarg[0]) || *end || errno || mib == 0 ||
                mib > 1024ull * 1024u)
                return cli_usage_error("import", "--max-size needs a whole number of MiB, not '%s'",
                                       optarg);
            batch.max_json_bytes = mib * 1024u * 1024u;
            break;
        }
        default:
            return cli_usage_error("import", "unknown option");
        }
    }
    if (optind >= argc)
        return cli_usage_error("import", "name at least one FILE");
    if ((rc = cli_open_store(cli, 0, &s)) != 0)
        return rc;
    /* progress on standard error only when it is a terminal */
    meter = progress_meter_new(stderr, 0);
    progress = progress_meter_sink(meter);
    batch.progress = &progress;
    for (i = optind; i < argc; i++) {
        const char *path = argv[i];
        if (ends_with(path, ".csv")) {
            const struct kind *k = kind ? kind : kind_from_file_name(path);
            if (k == NULL) {
                rc = error_set(&e, ERR_INVALID, path,
                               "cannot tell the kind of record from the file name; use --kind");
                goto cleanup;
            }
            rc = import_batch_add_csv_file(&batch, path, k, &e);
        } else {
            rc = import_batch_add_json_file(&batch, path, &e);
        }
        if (rc != 0)
            goto cleanup;
    }
    if (legacy_from && (rc = import_batch_set_legacy(&batch, legacy_from, &e)) != 0)
        goto cleanup;
    if (!dry_run) {
        if ((rc = cli_audit_open(cli, &audit, &e)) != 0)
            goto cleanup;
        snprintf(detail, sizeof detail, "vitaal import %s%s%s", argv[optind],
                 argc - optind > 1 ? " ..." : "", legacy_from ? "; " IMPORT_LEGACY_NOTE : "");
        audit.detail = detail;
        audit.change.via = "import";
        hook = cli_audit_hook(&audit);
    }
    if ((rc = import_batch_apply(&batch, s, dry_run, dry_run ? NULL : &audit.change,
                                 dry_run ? NULL : &hook, &stats, &e)) != 0)
        goto cleanup;
    progress_meter_free(meter); /* erases its line before the output */
    meter = NULL;
    printf("%s %zu records: %zu new, %zu updated", dry_run ? "would import" : "imported",
           stats.inserted + stats.updated + stats.unchanged, stats.inserted, stats.updated);
    if (stats.unchanged)
        printf(", %zu unchanged", stats.unchanged);
    putchar('\n');
cleanup:
    progress_meter_free(meter);
    import_batch_release(&batch);
    store_close(s);
    return rc ? cli_report(&e) : 0;
}
