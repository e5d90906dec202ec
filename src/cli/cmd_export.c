/*
 * cmd_export.c — `vitaal export`: the whole database as a vitaal JSON
 * document, or with --graph the process graph for `vitaal cascade --graph`.
 * With -o the file appears only when complete (written aside, then renamed),
 * readable by its owner alone; --encrypt-to seals it to a recipient's key.
 */
#include "cli/cli.h"

#include "base/strbuf.h"
#include "domain/export.h"
#include "store/store.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char export_usage[] =
    "usage: vitaal export [--db PATH] [--graph] [--as-of DATE] [-o FILE]\n"
    "                     [--encrypt-to KEY.pub]\n\n"
    "Writes every record as one JSON document (collections in dependency order,\n"
    "records in id order, so the same database always gives the same bytes and\n"
    "'vitaal import' reads it back).\n\n"
    "  --graph      write the dependency graph of the processes instead, in the\n"
    "               graph format of 'vitaal cascade --graph'\n" CLI_AS_OF_HELP
    "  -o FILE      write to FILE (created 0600) instead of standard output\n"
    "  --encrypt-to KEY.pub\n"
    "               seal the document to the holder of KEY.pub (vitaal keys new):\n"
    "               only 'vitaal decrypt --key KEY.key' opens it\n";

struct note_ctx {
    json_t *reads;
    const struct kind *k;
};

static int note_one(void *ctx, json_t *record)
{
    struct note_ctx *c = ctx;
    cli_note_read(c->reads, c->k, record);
    return 0;
}

/* The export of a document is a read of every confidential and secret
 * record in it: audited, one entry each, as the API audits its reads. */
static int audit_export(const struct cli *cli, struct store *s, struct error *e)
{
    struct note_ctx c = {json_array(), NULL};
    size_t i;
    int rc = 0;
    for (i = 0; rc == 0 && i < model_kind_count; i++) {
        c.k = model_kinds[i];
        rc = store_record_each(s, c.k, NULL, 0, 0, 0, note_one, &c, e);
    }
    if (rc == 0)
        rc = cli_audit_reads(cli, c.reads, "vitaal export", e);
    json_decref(c.reads);
    return rc;
}

int cmd_export(struct cli *cli, int argc, char **argv)
{
    static const struct option options[] = {CLI_COMMON_LONG_OPTIONS,
                                            {"graph", no_argument, NULL, 'g'},
                                            {"output", required_argument, NULL, 'o'},
                                            {"encrypt-to", required_argument, NULL, 'k'},
                                            CLI_AS_OF_OPTION,
                                            {NULL, 0, NULL, 0}};
    struct store *s = NULL;
    struct error e = {0};
    struct strbuf doc = STRBUF_INIT;
    const char *output = NULL, *encrypt_to = NULL;
    char *text = NULL;
    size_t len = 0;
    FILE *out = NULL;
    int64_t as_of = -1, today;
    int graph = 0, c, rc;

    while ((c = getopt_long(argc, argv, "ho:", options, NULL)) != -1) {
        switch (c) {
        case CLI_OPT_DB:
            cli->db_path = optarg;
            break;
        case 'h':
            fputs(export_usage, stdout);
            return 0;
        case 'g':
            graph = 1;
            break;
        case 'o':
            output = optarg;
            break;
        case 'k':
            encrypt_to = optarg;
            break;
        case CLI_OPT_AS_OF:
            if ((rc = cli_option_as_of("export", optarg, &as_of)) != 0)
                return rc;
            break;
        default:
            return cli_usage_error("export", "unknown option");
        }
    }
    if (optind < argc)
        return cli_usage_error("export", "unexpected argument '%s'", argv[optind]);
    if ((rc = cli_open_as_of(cli, as_of, &s, &today)) != 0)
        return rc;
    /* written in memory, then to its file (0600) whole: sealed first when
     * asked, and never half there */
    if ((out = open_memstream(&text, &len)) == NULL) {
        rc = error_set(&e, ERR_NOMEM, NULL, "out of memory");
        goto cleanup;
    }
    rc = graph ? export_graph(s, out, &e) : export_document(s, out, &e);
    if (fclose(out) != 0 && rc == 0)
        rc = error_set(&e, ERR_NOMEM, NULL, "out of memory");
    if (rc == 0 && !graph)
        rc = audit_export(cli, s, &e);
    if (rc == 0) {
        strbuf_append(&doc, text, len);
        rc = cli_write_output(output ? output : "-", &doc, encrypt_to, &e);
    }
cleanup:
    free(text);
    strbuf_release(&doc);
    store_close(s);
    return rc ? cli_report(&e) : 0;
}
