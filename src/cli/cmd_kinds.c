/*
 * cmd_kinds.c — `vitaal kinds [KIND] [--markdown|--json]`: the data model,
 * read from store/model.c, for people writing import files and for scripts
 * (--json: the one machine-readable copy; scripts never parse model.c).
 * docs/data-model.md is this command's --markdown output (a test keeps the
 * two equal).
 */
#include "cli/cli.h"

#include "base/json_writer.h"
#include "store/model.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char kinds_usage[] =
    "usage: vitaal kinds [KIND] [--markdown | --json]\n\n"
    "Lists the kinds of record and, for one KIND (or all with --markdown), its\n"
    "fields: type, whether required, allowed values and what it means. --json:\n"
    "every kind (or KIND) with its fields, for scripts: name, type (id, text,\n"
    "int, real, bool, enum, ref, date, datetime, ref_list, map), required, ref\n"
    "(the kind a reference names), values, min and max.\n";

static const char *const type_names[] = {"id",  "text", "int",      "real",     "bool", "enum",
                                         "ref", "date", "datetime", "ref_list", "map"};
_Static_assert(sizeof type_names / sizeof type_names[0] == FIELD_MAP + 1,
               "a name for every field type");

static void json_strings(struct json_writer *w, const char *key, const char *const *values)
{
    size_t i;
    if (values == NULL)
        return;
    json_write_key(w, key);
    json_write_array_begin(w);
    for (i = 0; values[i]; i++)
        json_write_string(w, values[i]);
    json_write_array_end(w);
}

static void json_kind(struct json_writer *w, const struct kind *k)
{
    size_t i;
    json_write_object_begin(w);
    json_write_key(w, "name");
    json_write_string(w, k->name);
    json_write_key(w, "singular");
    json_write_string(w, k->singular);
    json_write_key(w, "catalogue");
    json_write_bool(w, k->catalogue);
    json_write_key(w, "fields");
    json_write_array_begin(w);
    for (i = 0; i < k->n_fields; i++) {
        const struct field *f = &k->fields[i];
        json_write_object_begin(w);
        json_write_key(w, "name");
        json_write_string(w, f->name);
        json_write_key(w, "type");
        json_write_string(w, type_names[f->type]);
        json_write_key(w, "required");
        json_write_bool(w, (f->flags & FIELD_REQUIRED) != 0);
        if (f->ref_kind) {
            json_write_key(w, "ref");
            json_write_string(w, f->ref_kind);
        }
        json_strings(w, "values", f->values);
        if (f->type == FIELD_INT || f->type == FIELD_REAL ||
            (f->type == FIELD_MAP && (f->value_type == FIELD_INT || f->value_type == FIELD_REAL))) {
            json_write_key(w, "min");
            json_write_real(w, f->min);
            json_write_key(w, "max");
            json_write_real(w, f->max);
        }
        if (f->type == FIELD_MAP) {
            json_write_key(w, "value_type");
            json_write_string(w, type_names[f->value_type]);
            json_strings(w, "value_values", f->value_values);
        }
        json_write_object_end(w);
    }
    json_write_array_end(w);
    json_write_object_end(w);
}

/* --json: the kinds (all, or the one given) as a JSON array on stdout. */
static int print_json(const struct kind *only)
{
    struct json_writer w;
    size_t i;
    json_writer_init_file(&w, stdout, 2);
    json_write_array_begin(&w);
    for (i = 0; i < model_kind_count; i++)
        if (only == NULL || model_kinds[i] == only)
            json_kind(&w, model_kinds[i]);
    json_write_array_end(&w);
    if (json_writer_finish(&w) != 0)
        return cli_usage_error("kinds", "could not write the JSON");
    fputc('\n', stdout);
    return 0;
}

static void type_text(const struct field *f, char *buf, size_t size)
{
    size_t used = 0;
    int i;
    switch (f->type) {
    case FIELD_ID:
        snprintf(buf, size, "id");
        return;
    case FIELD_TEXT:
        snprintf(buf, size, "text");
        return;
    case FIELD_INT:
        snprintf(buf, size, "whole number %g..%g", f->min, f->max);
        return;
    case FIELD_REAL:
        snprintf(buf, size, "number %g..%g", f->min, f->max);
        return;
    case FIELD_BOOL:
        snprintf(buf, size, "true/false");
        return;
    case FIELD_DATE:
        snprintf(buf, size, "date YYYY-MM-DD");
        return;
    case FIELD_DATETIME:
        snprintf(buf, size, "time YYYY-MM-DDTHH:MM:SSZ");
        return;
    case FIELD_REF:
        snprintf(buf, size, "id of %s", f->ref_kind);
        return;
    case FIELD_REF_LIST:
        if (f->ref_kind)
            snprintf(buf, size, "list of ids of %s", f->ref_kind);
        else /* shared_with_people: users are not records */
            snprintf(buf, size, "list of user ids");
        return;
    case FIELD_ENUM:
        used = (size_t)snprintf(buf, size, "one of ");
        for (i = 0; f->values[i] && used < size; i++)
            used += (size_t)snprintf(buf + used, size - used, "%s%s", i ? "/" : "", f->values[i]);
        return;
    case FIELD_MAP:
        if (f->ref_kind)
            used = (size_t)snprintf(buf, size, "map: id of %s -> ", f->ref_kind);
        else {
            used = (size_t)snprintf(buf, size, "map: ");
            for (i = 0; f->values[i] && used < size; i++)
                used +=
                    (size_t)snprintf(buf + used, size - used, "%s%s", i ? "/" : "", f->values[i]);
            used += (size_t)snprintf(buf + used, size - used, " -> ");
        }
        if (used >= size)
            return;
        if (f->value_type == FIELD_ENUM) {
            for (i = 0; f->value_values[i] && used < size; i++)
                used += (size_t)snprintf(buf + used, size - used, "%s%s", i ? "/" : "",
                                         f->value_values[i]);
        } else if (f->value_type == FIELD_INT) {
            snprintf(buf + used, size - used, "whole number %g..%g", f->min, f->max);
        } else if (f->value_type == FIELD_REAL) {
            snprintf(buf + used, size - used, "number %g..%g", f->min, f->max);
        } else {
            snprintf(buf + used, size - used, "text");
        }
        return;
    }
}

static const char *need_text(const struct field *f, char *buf, size_t size)
{
    if (f->flags & FIELD_REQUIRED)
        return "required";
    if (f->default_value) {
        snprintf(buf, size, "default %s", f->default_value);
        return buf;
    }
    if (f->type == FIELD_REF_LIST || f->type == FIELD_MAP)
        return "default empty";
    return "optional";
}

static void print_kind(const struct kind *k, int markdown)
{
    char type[512], need[64];
    size_t i;
    if (markdown)
        printf("## %s\n\nEach record is one %s.%s\n\n| field | type | | meaning "
               "|\n|---|---|---|---|\n",
               k->name, k->singular, k->catalogue ? " Part of the public catalogue (CSV)." : "");
    else
        printf("%s (one: %s)\n", k->name, k->singular);
    for (i = 0; i < k->n_fields; i++) {
        const struct field *f = &k->fields[i];
        type_text(f, type, sizeof type);
        if (markdown)
            printf("| `%s` | %s | %s | %s |\n", f->name, type, need_text(f, need, sizeof need),
                   f->help);
        else
            printf("  %-18s %-40s %-14s %s\n", f->name, type, need_text(f, need, sizeof need),
                   f->help);
    }
    if (markdown)
        fputc('\n', stdout);
}

int cmd_kinds(struct cli *cli, int argc, char **argv)
{
    static const struct option options[] = {CLI_COMMON_LONG_OPTIONS,
                                            {"markdown", no_argument, NULL, 'm'},
                                            {"json", no_argument, NULL, 'j'},
                                            {NULL, 0, NULL, 0}};
    int markdown = 0, json = 0, c;
    size_t i;
    (void)cli;
    while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (c) {
        case CLI_OPT_DB:
            break;
        case 'h':
            fputs(kinds_usage, stdout);
            return 0;
        case 'm':
            markdown = 1;
            break;
        case 'j':
            json = 1;
            break;
        default:
            return cli_usage_error("kinds", "unknown option");
        }
    }
    if (json && markdown)
        return cli_usage_error("kinds", "--markdown and --json exclude each other");
    if (optind < argc) {
        const struct kind *k = model_kind_find(argv[optind]);
        if (k == NULL)
            return cli_usage_error("kinds", "'%s' is not a kind of record", argv[optind]);
        if (json)
            return print_json(k);
        print_kind(k, markdown);
        return 0;
    }
    if (json)
        return print_json(NULL);
    if (markdown) {
        printf("# The data model\n\n"
               "Generated by `vitaal kinds --markdown` from src/store/model.c; do not edit.\n\n"
               "A vitaal JSON document is an object `{\"format\": \"vitaal\", \"version\": 1,\n"
               "\"<kind>\": [records...], ...}` with the collections below, in this order when\n"
               "exported. Every record has an `id` (1-128 letters, digits, `.`, `_`, `:`, `-`),\n"
               "a `classification` and an `owner` organisation. CSV files of one kind have a\n"
               "header row of field names and may hold every field but lists and maps.\n\n");
        for (i = 0; i < model_kind_count; i++)
            print_kind(model_kinds[i], 1);
        return 0;
    }
    for (i = 0; i < model_kind_count; i++)
        printf("%-20s %s\n", model_kinds[i]->name, model_kinds[i]->catalogue ? "(catalogue)" : "");
    printf("\n'vitaal kinds KIND' shows the fields of one kind.\n");
    return 0;
}
