/*
 * cmd_attach.c — evidence from the command line (domain/attachment.h):
 * `vitaal attach KIND ID FILE [--name NAME]`, `vitaal attach list KIND
 * ID [--json]`, `vitaal attach get ATTACHMENT_ID -o FILE` and `vitaal
 * attach delete ATTACHMENT_ID`. The command line acts for the coordinator,
 * as cli:<login>, like every other write command. Attaching, deleting and
 * every download are audited in their own transaction; listing the
 * attachments of a confidential or secret record is audited as a read.
 */
#include "base/xmalloc.h"
#include "cli/cli.h"

#include "base/json_writer.h"
#include "cli/table.h"
#include "domain/attachment.h"
#include "store/store.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char attach_usage[] =
    "usage: vitaal attach [--db PATH] KIND ID FILE [--name NAME]\n"
    "       vitaal attach list [--db PATH] KIND ID [--json]\n"
    "       vitaal attach get [--db PATH] ATTACHMENT_ID -o FILE\n"
    "       vitaal attach delete [--db PATH] ATTACHMENT_ID\n\n"
    "Evidence: files attached to a record (KIND: one of the kinds listed at the\n"
    "end), stored in the database with their SHA-256. The type is decided from the content, never "
    "the name: PDF, PNG,\n"
    "JPEG, Word/Excel/PowerPoint (OOXML), OpenDocument, CSV or plain text;\n"
    "anything else is refused. At most the setting attachment_max_bytes (default\n"
    "25 MiB). The command line acts for the coordinator, as cli:<login>;\n"
    "attaching, deleting and every download are audited.\n\n"
    "  --name NAME   the attachment's name (default: FILE's own name)\n"
    "  -o FILE       get: where to write the file ('-': standard output)\n"
    "  --json        list: the API's JSON\n";

/* The usage error naming the kinds that take attachments. */
static int kind_error(void)
{
    char kinds[256] = "";
    size_t i;
    for (i = 0; attachment_parent_kinds[i]; i++)
        snprintf(kinds + strlen(kinds), sizeof kinds - strlen(kinds), "%s%s", i ? ", " : "",
                 attachment_parent_kinds[i]);
    return cli_usage_error("attach", "KIND is one of %s", kinds);
}

/* Reads path into *out (malloc'd), at most max + 1 bytes (so that a larger
 * file is seen to be larger). */
static int read_file(const char *path, int64_t max, char **out, size_t *len, struct error *e)
{
    FILE *f = fopen(path, "rb");
    size_t cap = (size_t)max + 1, n;
    char *buf;
    *out = NULL;
    *len = 0;
    if (f == NULL)
        return error_set(e, ERR_IO, path, "cannot open: %s", strerror(errno));
    buf = xmalloc(cap);
    n = fread(buf, 1, cap, f);
    if (ferror(f)) {
        fclose(f);
        free(buf);
        return error_set(e, ERR_IO, path, "cannot read: %s", strerror(errno));
    }
    fclose(f);
    *out = buf;
    *len = n;
    return 0;
}

static int attach_add(struct cli *cli, const char *kind, const char *id, const char *file,
                      const char *name)
{
    struct attachment_new n = {0};
    struct store_attachment stored;
    struct cli_audit audit;
    struct audit_event ev;
    struct store *s = NULL;
    struct error e = {0};
    char *content = NULL, detail[400];
    const char *base = strrchr(file, '/');
    int64_t max = 0;
    int rc;

    n.kind = model_kind_find(kind);
    n.record = id;
    n.name = name ? name : base ? base + 1 : file;
    if (n.kind == NULL || strcmp(n.kind->name, kind) != 0 || !attachment_parent_allowed(n.kind))
        return kind_error();
    if ((rc = cli_write_begin(cli, &s, &audit, &e)) != 0)
        goto cleanup;
    if ((rc = attachment_max_bytes(s, &max, &e)) == 0 &&
        (rc = read_file(file, max, &content, &n.size, &e)) == 0) {
        n.content = content;
        n.user = audit.actor;
        rc = attachment_add(s, &n, &stored, &e);
    }
    if (rc == 0)
        snprintf(detail, sizeof detail, "attachment %lld: %s (%s, %lld bytes, sha256 %s)",
                 (long long)stored.id, stored.name, stored.media_type, (long long)stored.size,
                 stored.sha256);
    ev = (struct audit_event){audit.actor, NULL, "attach", kind, id, detail};
    if ((rc = cli_write_end(s, &audit, rc, &ev, &e)) == 0)
        printf("attached %s to %s %s: attachment %lld (%s, %lld bytes, sha256 %s)\n", stored.name,
               n.kind->singular, id, (long long)stored.id, stored.media_type,
               (long long)stored.size, stored.sha256);
cleanup:
    free(content);
    store_close(s);
    return rc ? cli_report(&e) : 0;
}

struct list_ctx {
    struct table *table;
    struct json_writer *w;
};

static int list_row(void *ctx, const struct store_attachment *a)
{
    struct list_ctx *l = ctx;
    char id[24], size[24], sha[13];
    if (l->w) {
        json_write_object_begin(l->w);
        json_write_key(l->w, "id");
        json_write_int(l->w, a->id);
        json_write_key(l->w, "name");
        json_write_string(l->w, a->name);
        json_write_key(l->w, "type");
        json_write_string(l->w, a->media_type);
        json_write_key(l->w, "size");
        json_write_int(l->w, a->size);
        json_write_key(l->w, "sha256");
        json_write_string(l->w, a->sha256);
        json_write_key(l->w, "uploaded_by");
        json_write_string(l->w, a->uploaded_by);
        json_write_key(l->w, "uploaded_at");
        json_write_string(l->w, a->uploaded_at);
        json_write_object_end(l->w);
        return 0;
    }
    snprintf(id, sizeof id, "%lld", (long long)a->id);
    snprintf(size, sizeof size, "%lld", (long long)a->size);
    snprintf(sha, sizeof sha, "%.12s", a->sha256);
    table_add_row(l->table, (const char *const[]){id, a->name, a->media_type, size, sha,
                                                  a->uploaded_by, a->uploaded_at});
    return 0;
}

static int attach_list(struct cli *cli, const char *kind, const char *id, int as_json)
{
    static const char *const header[] = {"id", "name", "type", "bytes", "sha256", "by", "at"};
    const struct kind *k = model_kind_find(kind);
    struct table t;
    struct json_writer w;
    struct list_ctx l = {&t, as_json ? &w : NULL};
    struct store *s = NULL;
    struct error e = {0};
    json_t *parent = NULL, *reads = json_array();
    int rc;

    if (k == NULL || strcmp(k->name, kind) != 0 || !attachment_parent_allowed(k)) {
        json_decref(reads);
        return kind_error();
    }
    table_init(&t, 7, 48);
    table_add_row(&t, header);
    if (as_json) {
        json_writer_init_file(&w, stdout, 1);
        json_write_object_begin(&w);
        json_write_key(&w, "items");
        json_write_array_begin(&w);
    }
    if ((rc = store_open(cli->db_path, STORE_READONLY, &s, &e)) == 0 &&
        (rc = attachment_parent_get(s, NULL, k, id, &parent, &e)) == 0)
        rc = store_attachment_each(s, k->name, id, list_row, &l, &e);
    if (rc == 0) {
        cli_note_read(reads, k, parent);
        rc = cli_audit_reads(cli, reads, "attachments", &e);
    }
    if (as_json) {
        json_write_array_end(&w);
        json_write_object_end(&w);
        json_writer_finish(&w);
        if (rc == 0)
            putchar('\n');
    } else if (rc == 0) {
        table_print(&t, stdout);
    }
    table_release(&t);
    json_decref(parent);
    json_decref(reads);
    store_close(s);
    return rc ? cli_report(&e) : 0;
}

static int attach_get(struct cli *cli, const char *id_text, const char *out)
{
    struct store_attachment *a = NULL;
    struct strbuf b = STRBUF_INIT;
    struct cli_audit audit;
    struct audit_event ev;
    struct store *s = NULL;
    struct error e = {0};
    char detail[400] = "";
    int64_t id = 0;
    int rc;

    if ((rc = attachment_id_parse(id_text, &id, &e)) != 0 ||
        (rc = cli_write_begin(cli, &s, &audit, &e)) != 0)
        goto cleanup;
    rc = attachment_get(s, NULL, id, 1, &a, &e);
    if (rc == 0)
        snprintf(detail, sizeof detail, "attachment %lld: %s (%s, %lld bytes, sha256 %s)",
                 (long long)a->id, a->name, a->media_type, (long long)a->size, a->sha256);
    ev = (struct audit_event){audit.actor,          NULL,  "download", a ? a->kind : NULL,
                              a ? a->record : NULL, detail};
    if ((rc = cli_write_end(s, &audit, rc, &ev, &e)) != 0)
        goto cleanup;
    strbuf_append(&b, (const char *)a->content, (size_t)a->size);
    if ((rc = cli_write_output(out, &b, NULL, &e)) == 0 && strcmp(out, "-") != 0)
        fprintf(stderr, "wrote %s (%s, %lld bytes, sha256 %s)\n", out, a->media_type,
                (long long)a->size, a->sha256);
cleanup:
    strbuf_release(&b);
    store_attachment_free(a);
    store_close(s);
    return rc ? cli_report(&e) : 0;
}

static int attach_delete(struct cli *cli, const char *id_text)
{
    struct store_attachment gone;
    struct cli_audit audit;
    struct audit_event ev;
    struct store *s = NULL;
    struct error e = {0};
    char detail[400] = "";
    int64_t id = 0;
    int rc;

    memset(&gone, 0, sizeof gone);
    if ((rc = attachment_id_parse(id_text, &id, &e)) != 0 ||
        (rc = cli_write_begin(cli, &s, &audit, &e)) != 0)
        goto cleanup;
    rc = attachment_remove(s, NULL, id, &gone, &e);
    snprintf(detail, sizeof detail, "attachment %lld: %s (sha256 %s)", (long long)gone.id,
             gone.name, gone.sha256);
    ev = (struct audit_event){audit.actor, NULL, "detach", gone.kind, gone.record, detail};
    if ((rc = cli_write_end(s, &audit, rc, &ev, &e)) == 0)
        printf("deleted attachment %lld (%s) of %s %s\n", (long long)gone.id, gone.name, gone.kind,
               gone.record);
cleanup:
    store_close(s);
    return rc ? cli_report(&e) : 0;
}

int cmd_attach(struct cli *cli, int argc, char **argv)
{
    static const struct option options[] = {CLI_COMMON_LONG_OPTIONS,
                                            {"name", required_argument, NULL, 'n'},
                                            {"json", no_argument, NULL, CLI_OPT_JSON},
                                            {NULL, 0, NULL, 0}};
    const char *name = NULL, *out = NULL, *action;
    int c, as_json = 0, n;

    while ((c = getopt_long(argc, argv, "ho:", options, NULL)) != -1) {
        switch (c) {
        case CLI_OPT_DB:
            cli->db_path = optarg;
            break;
        case 'h':
            fputs(attach_usage, stdout);
            fputs("\nKinds that take attachments:", stdout);
            for (n = 0; attachment_parent_kinds[n]; n++)
                printf(" %s", attachment_parent_kinds[n]);
            putchar('\n');
            return 0;
        case 'n':
            name = optarg;
            break;
        case 'o':
            out = optarg;
            break;
        case CLI_OPT_JSON:
            as_json = 1;
            break;
        default:
            return cli_usage_error("attach", "unknown option");
        }
    }
    n = argc - optind;
    action = n > 0 ? argv[optind] : "";
    if (strcmp(action, "list") == 0) {
        if (n != 3 || name || out)
            return cli_usage_error("attach", "list needs KIND and ID (and no --name or -o)");
        return attach_list(cli, argv[optind + 1], argv[optind + 2], as_json);
    }
    if (strcmp(action, "get") == 0) {
        if (n != 2 || out == NULL || name || as_json)
            return cli_usage_error("attach", "get needs ATTACHMENT_ID and -o FILE");
        return attach_get(cli, argv[optind + 1], out);
    }
    if (strcmp(action, "delete") == 0) {
        if (n != 2 || out || name || as_json)
            return cli_usage_error("attach", "delete needs ATTACHMENT_ID");
        return attach_delete(cli, argv[optind + 1]);
    }
    if (n != 3 || out || as_json)
        return cli_usage_error("attach", "say KIND ID FILE, or list, get or delete");
    return attach_add(cli, argv[optind], argv[optind + 1], argv[optind + 2], name);
}
