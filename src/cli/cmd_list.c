/*
 * cmd_list.c — `vitaal list KIND [FIELD=VALUE...]` and `vitaal show KIND ID`:
 * records as a table or indented fields for people, JSON for machines.
 */
#include "cli/cli.h"

#include "base/json_writer.h"
#include "cli/table.h"
#include "base/timefmt.h"
#include "domain/access.h"
#include "domain/export.h"
#include "domain/toetsing.h"
#include "store/store.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LIST_MAX_FILTERS 16
#define LIST_CELL_WIDTH  40

static void print_kinds(FILE *to)
{
    size_t i;
    fputs("kinds:", to);
    for (i = 0; i < model_kind_count; i++)
        fprintf(to, "%s %s", i ? "," : "", model_kinds[i]->name);
    fputc('\n', to);
}

static const char list_usage[] =
    "usage: vitaal list [--db PATH] KIND [FIELD=VALUE...] [--limit N] [--offset N] [--json]\n\n"
    "Lists the records of a kind in id order, as a table (long texts cut) or with\n"
    "--json as a JSON array of whole records. Each FIELD=VALUE keeps the records\n"
    "whose field has that value; for a list field (e.g. measures processes=X), those\n"
    "whose list holds it; for a map field, those that have that key.\n"
    "Measures also show their follow-up, derived as of today and never stored:\n"
    "overdue (past the due date, not done or cancelled) and adjustment due (the\n"
    "latest review found the measure partly effective or ineffective); with\n"
    "--json as the keys overdue, adjustment_due and follow_up.\n"
    "Example: vitaal list processes category=A\n\n";

static const char show_usage[] =
    "usage: vitaal show [--db PATH] KIND ID [--json]\n\n"
    "Shows every field of one record; a measure also its follow-up as of today\n"
    "(overdue, adjustment due and the follow-up date; see `vitaal list --help`).\n\n";

/* A scalar value as text for a table cell. */
static void value_text(const json_t *v, char *buf, size_t size)
{
    if (v == NULL || json_is_null(v))
        snprintf(buf, size, "%s", "");
    else if (json_is_string(v))
        snprintf(buf, size, "%s", json_string_value(v));
    else if (json_is_integer(v))
        snprintf(buf, size, "%lld", (long long)json_integer_value(v));
    else if (json_is_real(v))
        json_format_real(json_real_value(v), buf);
    else if (json_is_boolean(v))
        snprintf(buf, size, "%s", json_is_true(v) ? "yes" : "no");
    else if (json_is_array(v))
        snprintf(buf, size, "%zu items", json_array_size(v));
    else
        snprintf(buf, size, "%zu entries", json_object_size(v));
}

/* Columns a table shows: all but long free texts (the label is kept). */
static size_t table_columns(const struct kind *k, const struct field **cols)
{
    size_t i, n = 0;
    for (i = 0; i < k->n_fields && n < TABLE_MAX_COLUMNS; i++) {
        const struct field *f = &k->fields[i];
        if (f->type == FIELD_TEXT && !(k->label && strcmp(k->label, f->name) == 0) &&
            strcmp(f->name, "unit") != 0 && strcmp(f->name, "interest") != 0)
            continue;
        cols[n++] = f;
    }
    return n;
}

struct list_ctx {
    struct table *table;
    const struct field **cols;
    size_t n_cols;
    struct json_writer *w;
    const struct kind *kind;
    struct store *store;
    struct error *e;
    int follow_up;       /* measures: the derived follow-up as a column / keys */
    size_t follow_up_at; /* the column it takes: right after status */
    json_t *reads;       /* the classified records shown, to audit */
};

static int is_measures(const struct kind *k)
{
    return k->id == KIND_MEASURE;
}

static int list_one(void *ctx, json_t *record)
{
    struct list_ctx *c = ctx;
    int rc = 0;
    cli_note_read(c->reads, c->kind, record);
    if (c->w && c->follow_up) {
        rc = toetsing_write_measure(c->w, c->store, record, timefmt_today(), c->e);
    } else if (c->w) {
        export_write_record(c->w, c->kind, record);
    } else {
        char text[TABLE_MAX_COLUMNS + 1][LIST_CELL_WIDTH * 4 + 8];
        const char *cells[TABLE_MAX_COLUMNS + 1];
        size_t i, at = 0;
        for (i = 0; i < c->n_cols; i++, at++) {
            if (c->follow_up && i == c->follow_up_at) {
                struct toetsing_follow_up f;
                if ((rc = toetsing_follow_up_get(c->store, record, timefmt_today(), &f, c->e)) == 0)
                    toetsing_follow_up_text(&f, text[at], sizeof text[at]);
                cells[at] = text[at];
                at++;
            }
            value_text(json_object_get(record, c->cols[i]->name), text[at], sizeof text[at]);
            cells[at] = text[at];
        }
        if (rc == 0)
            table_add_row(c->table, cells);
    }
    return rc;
}

/* Parses FIELD=VALUE arguments into filters, checking field and value. */
static int parse_filters(const struct kind *k, int argc, char **argv, struct store_filter *filters,
                         size_t *n, struct error *e)
{
    int i;
    *n = 0;
    for (i = 0; i < argc; i++) {
        char *eq = strchr(argv[i], '=');
        const struct field *f;
        if (eq == NULL)
            return error_set(e, ERR_INVALID, argv[i], "a filter is FIELD=VALUE");
        if (*n == LIST_MAX_FILTERS)
            return error_set(e, ERR_INVALID, argv[i], "at most %d filters", LIST_MAX_FILTERS);
        *eq = '\0';
        f = model_field_find(k, argv[i]);
        if (f == NULL)
            return error_set(e, ERR_INVALID, argv[i], "%s have no such field", k->name);
        if (f->type == FIELD_ENUM && model_value_index(f->values, eq + 1) < 0)
            return error_set(e, ERR_INVALID, argv[i], "'%s' is not a value of this field", eq + 1);
        filters[*n].field = f;
        filters[*n].value = eq + 1;
        (*n)++;
    }
    return 0;
}

int cmd_list(struct cli *cli, int argc, char **argv)
{
    static const struct option options[] = {CLI_COMMON_LONG_OPTIONS,
                                            {"json", no_argument, NULL, CLI_OPT_JSON},
                                            {"limit", required_argument, NULL, 'l'},
                                            {"offset", required_argument, NULL, 'o'},
                                            {NULL, 0, NULL, 0}};
    struct store_filter filters[LIST_MAX_FILTERS];
    const struct field *cols[TABLE_MAX_COLUMNS];
    struct table table;
    struct json_writer w;
    struct list_ctx ctx = {0};
    struct store *s = NULL;
    struct error e = {0};
    const struct kind *k;
    size_t n_filters = 0, limit = 0, offset = 0, total = 0, i;
    int json = 0, c, rc;
    char *end;

    while ((c = getopt_long(argc, argv, "+h", options, NULL)) != -1) {
        switch (c) {
        case CLI_OPT_DB:
            cli->db_path = optarg;
            break;
        case 'h':
            fputs(list_usage, stdout);
            print_kinds(stdout);
            return 0;
        case CLI_OPT_JSON:
            json = 1;
            break;
        case 'l':
        case 'o':
            i = strtoul(optarg, &end, 10);
            if (*end || end == optarg || optarg[0] == '-')
                return cli_usage_error("list", "--%s needs a whole number",
                                       c == 'l' ? "limit" : "offset");
            *(c == 'l' ? &limit : &offset) = i;
            break;
        default:
            return cli_usage_error("list", "unknown option");
        }
    }
    if (optind >= argc) {
        cli_usage_error("list", "name a KIND");
        print_kinds(stderr);
        return 2;
    }
    if ((k = model_kind_find(argv[optind])) == NULL) {
        cli_usage_error("list", "'%s' is not a kind of record", argv[optind]);
        print_kinds(stderr);
        return 2;
    }
    /* options may also follow the kind and filters */
    {
        int rest = optind + 1, nargs = 0;
        char *args[64];
        for (; rest < argc && nargs < 64; rest++) {
            if (strcmp(argv[rest], "--json") == 0)
                json = 1;
            else if ((strcmp(argv[rest], "--limit") == 0 || strcmp(argv[rest], "--offset") == 0) &&
                     rest + 1 < argc) {
                i = strtoul(argv[rest + 1], &end, 10);
                if (*end || end == argv[rest + 1] || argv[rest + 1][0] == '-')
                    return cli_usage_error("list", "%s needs a whole number", argv[rest]);
                *(argv[rest][2] == 'l' ? &limit : &offset) = i;
                rest++;
            } else if (argv[rest][0] == '-')
                return cli_usage_error("list", "unknown option '%s'", argv[rest]);
            else
                args[nargs++] = argv[rest];
        }
        if (parse_filters(k, nargs, args, filters, &n_filters, &e) != 0)
            return cli_report(&e);
    }
    if ((rc = cli_open_store(cli, STORE_READONLY, &s)) != 0)
        return rc;
    ctx.kind = k;
    ctx.store = s;
    ctx.e = &e;
    ctx.follow_up = is_measures(k);
    if (json) {
        json_writer_init_file(&w, stdout, 2);
        json_write_array_begin(&w);
        ctx.w = &w;
    } else {
        const char *header[TABLE_MAX_COLUMNS + 1];
        ctx.n_cols = table_columns(k, cols);
        if (ctx.follow_up && ctx.n_cols == TABLE_MAX_COLUMNS)
            ctx.n_cols--; /* room for the follow-up */
        ctx.cols = cols;
        table_init(&table, ctx.n_cols + (size_t)ctx.follow_up, LIST_CELL_WIDTH);
        for (i = 0; ctx.follow_up && i < ctx.n_cols; i++) {
            if (strcmp(cols[i]->name, "status") == 0)
                ctx.follow_up_at = i + 1;
        }
        for (i = 0, c = 0; i < ctx.n_cols; i++, c++) {
            if (ctx.follow_up && i == ctx.follow_up_at)
                header[c++] = "follow-up";
            header[c] = cols[i]->name;
            if (cols[i]->type == FIELD_INT || cols[i]->type == FIELD_REAL)
                table.right_align |= 1u << c;
        }
        table_add_row(&table, header);
        ctx.table = &table;
    }
    ctx.reads = json_array();
    rc = store_record_each(s, k, filters, n_filters, limit, offset, list_one, &ctx, &e);
    if (rc == 0)
        rc = store_record_count(s, k, filters, n_filters, &total, &e);
    store_close(s);
    s = NULL;
    if (rc == 0)
        rc = cli_audit_reads(cli, ctx.reads, "vitaal list", &e);
    json_decref(ctx.reads);
    if (json) {
        json_write_array_end(&w);
        if (rc == 0 && (rc = json_writer_finish(&w)) != 0)
            error_set(&e, rc, NULL, "writing the output failed");
    } else {
        if (rc == 0) {
            table_print(&table, stdout);
            printf("(%zu of %zu %s)\n", table.n_rows - 1, total, k->name);
        }
        table_release(&table);
    }
    store_close(s);
    return rc ? cli_report(&e) : 0;
}

static void show_value(const struct field *f, const json_t *v)
{
    char text[64];
    if (f->type == FIELD_REF_LIST) {
        size_t i;
        json_t *item;
        if (json_array_size(v) == 0)
            puts("-");
        else
            fputc('\n', stdout);
        json_array_foreach(v, i, item)
        {
            printf("    - %s\n", json_string_value(item));
        }
    } else if (f->type == FIELD_MAP) {
        const char *key;
        json_t *item;
        if (json_object_size(v) == 0)
            puts("-");
        else
            fputc('\n', stdout);
        json_object_foreach((json_t *)v, key, item)
        {
            if (json_is_string(item)) {
                printf("    %s: %s\n", key, json_string_value(item));
            } else {
                value_text(item, text, sizeof text);
                printf("    %s: %s\n", key, text);
            }
        }
    } else if (json_is_string(v)) {
        puts(json_string_value(v));
    } else if (v == NULL || json_is_null(v)) {
        puts("-");
    } else {
        value_text(v, text, sizeof text);
        puts(text);
    }
}

int cmd_show(struct cli *cli, int argc, char **argv)
{
    static const struct option options[] = {
        CLI_COMMON_LONG_OPTIONS, {"json", no_argument, NULL, CLI_OPT_JSON}, {NULL, 0, NULL, 0}};
    struct store *s = NULL;
    struct error e = {0};
    struct toetsing_follow_up f = {0};
    const struct kind *k;
    json_t *record = NULL;
    int json = 0, c, rc;
    size_t i;

    while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (c) {
        case CLI_OPT_DB:
            cli->db_path = optarg;
            break;
        case 'h':
            fputs(show_usage, stdout);
            print_kinds(stdout);
            return 0;
        case CLI_OPT_JSON:
            json = 1;
            break;
        default:
            return cli_usage_error("show", "unknown option");
        }
    }
    if (argc - optind != 2)
        return cli_usage_error("show", "name a KIND and an ID");
    if ((k = model_kind_find(argv[optind])) == NULL) {
        cli_usage_error("show", "'%s' is not a kind of record", argv[optind]);
        print_kinds(stderr);
        return 2;
    }
    if ((rc = cli_open_store(cli, STORE_READONLY, &s)) != 0)
        return rc;
    if ((rc = store_record_get(s, k, argv[optind + 1], &record, &e)) != 0)
        goto cleanup;
    if (access_read_is_audited(record)) {
        json_t *reads = json_array();
        cli_note_read(reads, k, record);
        rc = cli_audit_reads(cli, reads, "vitaal show", &e);
        json_decref(reads);
        if (rc != 0)
            goto cleanup;
    }
    if (is_measures(k) && (rc = toetsing_follow_up_get(s, record, timefmt_today(), &f, &e)) != 0)
        goto cleanup;
    if (json) {
        struct json_writer w;
        json_writer_init_file(&w, stdout, 2);
        json_write_object_begin(&w);
        export_write_fields(&w, k, record);
        if (is_measures(k))
            toetsing_follow_up_write(&w, &f);
        json_write_object_end(&w);
        if ((rc = json_writer_finish(&w)) != 0)
            error_set(&e, rc, NULL, "writing the output failed");
    } else {
        printf("%s %s\n", k->singular, argv[optind + 1]);
        for (i = 1; i < k->n_fields; i++) {
            printf("  %-16s ", k->fields[i].name);
            show_value(&k->fields[i], json_object_get(record, k->fields[i].name));
        }
        if (is_measures(k)) {
            /* derived as of today, not stored (docs/method.md) */
            printf("  %-16s %s\n", "overdue", f.overdue ? "yes" : "no");
            printf("  %-16s %s\n", "adjustment due", f.adjustment_due ? "yes" : "no");
            if (f.adjustment_due)
                printf("  %-16s %s (review %s)\n", "follow-up", f.follow_up[0] ? f.follow_up : "-",
                       f.review_id);
        }
    }
cleanup:
    json_decref(record);
    store_close(s);
    return rc ? cli_report(&e) : 0;
}
