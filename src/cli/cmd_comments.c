/*
 * cmd_comments.c — `vitaal comments list|add|retract KIND ID`: a record's
 * comment thread from the command line (domain/comment.h). The command
 * line acts for the coordinator, as cli:<login>: it reads every thread
 * (reading that of a confidential or secret record is audited) and writes
 * as cli:<login>, each write audited in its own transaction.
 */
#include "cli/cli.h"

#include "base/timefmt.h"
#include "domain/comment.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char comments_usage[] =
    "usage: vitaal comments list [--db PATH] KIND ID [--json]\n"
    "       vitaal comments add [--db PATH] KIND ID --text TEXT\n"
    "       vitaal comments retract [--db PATH] KIND ID N --note TEXT\n\n"
    "The comment thread of a record (KIND: analyses, risks, measures,\n"
    "contributions). A comment mentions users as @username; each must be a user.\n"
    "Comments are never edited: the author retracts one (N, its number) with a\n"
    "note, and its text is no longer shown. The command line writes as\n"
    "cli:<login>, acting for the coordinator; every write is audited.\n\n"
    "  --text TEXT   add: the comment (1 .. 4000 characters)\n"
    "  --note TEXT   retract: why\n"
    "  --json        list: the document GET /api/v1/KIND/ID/comments answers\n";

static void print_thread(const json_t *items)
{
    const json_t *c, *m;
    size_t i, j;
    json_array_foreach(items, i, c)
    {
        printf("#%" JSON_INTEGER_FORMAT " %s %s", json_integer_value(json_object_get(c, "id")),
               json_string_value(json_object_get(c, "created_at")),
               json_string_value(json_object_get(c, "author")));
        json_array_foreach(json_object_get(c, "mentions"), j, m)
            printf("%s@%s", j ? " " : " (mentions ", json_string_value(m));
        printf("%s\n", json_array_size(json_object_get(c, "mentions")) ? ")" : "");
        if (json_is_string(json_object_get(c, "retracted_at")))
            printf("  [retracted %s: %s]\n", json_string_value(json_object_get(c, "retracted_at")),
                   json_string_value(json_object_get(c, "retraction")));
        else
            printf("  %s\n", json_string_value(json_object_get(c, "text")));
    }
}

int cmd_comments(struct cli *cli, int argc, char **argv)
{
    static const struct option options[] = {CLI_COMMON_LONG_OPTIONS,
                                            {"json", no_argument, NULL, CLI_OPT_JSON},
                                            {"text", required_argument, NULL, 't'},
                                            {"note", required_argument, NULL, 'n'},
                                            {NULL, 0, NULL, 0}};
    const char *text = NULL, *note = NULL, *action;
    const struct kind *k;
    struct cli_audit audit;
    struct audit_event ev;
    struct store *s = NULL;
    struct error e = {0};
    json_t *list = NULL, *made = NULL;
    char at[24], detail[64], *end = NULL;
    int c, rc = 0, json = 0, audited = 0, want;
    long long n = 0;

    while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (c) {
        case CLI_OPT_DB:
            cli->db_path = optarg;
            break;
        case 'h':
            fputs(comments_usage, stdout);
            return 0;
        case CLI_OPT_JSON:
            json = 1;
            break;
        case 't':
            text = optarg;
            break;
        case 'n':
            note = optarg;
            break;
        default:
            return cli_usage_error("comments", "unknown option");
        }
    }
    if (optind >= argc)
        return cli_usage_error("comments", "say list, add or retract, then KIND and ID");
    action = argv[optind];
    want = strcmp(action, "retract") == 0 ? 4 : 3;
    if ((strcmp(action, "list") != 0 && strcmp(action, "add") != 0 && want != 4) ||
        argc - optind != want)
        return cli_usage_error("comments", "say list KIND ID, add KIND ID or retract KIND ID N");
    k = model_kind_find(argv[optind + 1]);
    if (!comment_kind_allowed(k))
        return cli_usage_error("comments",
                               "'%s' takes no comments (analyses, risks, measures, "
                               "contributions)",
                               argv[optind + 1]);
    if (strcmp(action, "add") == 0 && text == NULL)
        return cli_usage_error("comments", "add needs --text TEXT");
    if (want == 4) {
        n = strtoll(argv[optind + 3], &end, 10);
        if (*end != '\0' || n < 1)
            return cli_usage_error("comments", "N is the comment's number, not '%s'",
                                   argv[optind + 3]);
        if (note == NULL)
            return cli_usage_error("comments", "retract needs --note TEXT");
    }
    if (strcmp(action, "list") == 0) {
        if ((rc = cli_open_store(cli, STORE_READONLY, &s)) != 0)
            return rc;
        rc = comment_list(s, NULL, k, argv[optind + 2], &list, &audited, &e);
        if (rc == 0 && audited) {
            json_t *reads = json_pack("[[ss]]", k->name, argv[optind + 2]);
            rc = cli_audit_reads(cli, reads, "comments", &e);
            json_decref(reads);
        }
        if (rc == 0 && json) {
            json_t *doc = json_pack("{s:O}", "items", list);
            char *dump = json_dumps(doc, JSON_INDENT(2));
            puts(dump);
            free(dump);
            json_decref(doc);
        } else if (rc == 0) {
            print_thread(list);
        }
        goto cleanup;
    }
    timefmt_format_datetime(timefmt_now(), at);
    if ((rc = cli_write_begin(cli, &s, &audit, &e)) != 0)
        goto cleanup;
    if (want == 3) {
        struct comment_new cn = {k, argv[optind + 2], text, audit.actor, NULL, at};
        rc = comment_add(s, &cn, &made, &e);
        n = rc == 0 ? (long long)json_integer_value(json_object_get(made, "id")) : 0;
        snprintf(detail, sizeof detail, "comment %lld", n);
    } else {
        rc = comment_retract(s, NULL, k, argv[optind + 2], (int64_t)n, audit.actor, note, at, &e);
        snprintf(detail, sizeof detail, "comment %lld retracted", n);
    }
    ev = (struct audit_event){audit.actor,      NULL,  want == 3 ? "comment" : "retract", k->name,
                              argv[optind + 2], detail};
    rc = cli_write_end(s, &audit, rc, &ev, &e);
    if (rc == 0)
        printf("%s comment #%lld on %s %s\n", want == 3 ? "added" : "retracted", n, k->singular,
               argv[optind + 2]);
cleanup:
    json_decref(list);
    json_decref(made);
    store_close(s);
    return rc ? cli_report(&e) : 0;
}
