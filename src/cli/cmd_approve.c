/*
 * cmd_approve.c — `vitaal approve KIND ID --comment TEXT [--acknowledge]`
 * and `vitaal reject KIND ID --comment TEXT`: four eyes from the command
 * line (domain/approval.h). The command line acts for the coordinator, as
 * cli:<login>; the four-eyes rule holds for it too: whoever made a version
 * since the record was last final does not decide on it. Written and
 * audited in one transaction.
 */
#include "cli/cli.h"

#include "domain/approval.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static const char approve_usage[] =
    "usage: vitaal approve [--db PATH] KIND ID --comment TEXT [--acknowledge]\n"
    "       vitaal reject [--db PATH] KIND ID --comment TEXT\n\n"
    "Four eyes: an analysis, an assessment (vitaalbeoordeling) or an effectiveness\n"
    "review (KIND analyses, assessments or reviews) becomes final only when a\n"
    "second person approves it. It must be in review; whoever made a version of\n"
    "it since it was last final does not decide on it. Approving lists the open\n"
    "points and refuses until they are acknowledged with --acknowledge: for an\n"
    "analysis topics without findings, inputs whose fallback need is not covered\n"
    "and risks without a measure; for an assessment vitaal criteria without an\n"
    "estimate and a category that differs from the national list; for a review\n"
    "missing findings. Rejecting sends it back to draft with the comment as its\n"
    "reason.\n\n"
    "  --comment TEXT   why (required)\n"
    "  --acknowledge    the open points are weighed: approve all the same\n";

static void print_points(const json_t *points)
{
    const json_t *p;
    size_t i;
    fprintf(stderr, "open points:\n");
    json_array_foreach(points, i, p)
    {
        fprintf(stderr, "  %-24s %s\n", json_string_value(json_object_get(p, "type")),
                json_string_value(json_object_get(p, "ref")));
    }
}

static int decide(struct cli *cli, int approve, int argc, char **argv)
{
    const char *name = approve ? "approve" : "reject";
    static const struct option options[] = {CLI_COMMON_LONG_OPTIONS,
                                            {"comment", required_argument, NULL, 'c'},
                                            {"acknowledge", no_argument, NULL, 'a'},
                                            {NULL, 0, NULL, 0}};
    struct approval_request rq = {NULL, NULL, approve, NULL, 0, NULL, NULL, NULL};
    struct approval_result res = {0};
    struct cli_audit audit;
    struct audit_event ev;
    struct store *s = NULL;
    struct error e = {0};
    char detail[160];
    int c, rc;

    while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (c) {
        case CLI_OPT_DB:
            cli->db_path = optarg;
            break;
        case 'h':
            fputs(approve_usage, stdout);
            return 0;
        case 'c':
            rq.comment = optarg;
            break;
        case 'a':
            if (!approve)
                return cli_usage_error(name, "--acknowledge goes with approve");
            rq.acknowledged = 1;
            break;
        default:
            return cli_usage_error(name, "unknown option");
        }
    }
    if (argc - optind != 2)
        return cli_usage_error(name, "name a KIND and an ID");
    if ((rq.kind = model_kind_find(argv[optind])) == NULL)
        return cli_usage_error(name, "'%s' is not a kind of record", argv[optind]);
    rq.id = argv[optind + 1];
    if (rq.comment == NULL)
        return cli_usage_error(name, "say why with --comment TEXT");
    if ((rc = cli_write_begin(cli, &s, &audit, &e)) != 0)
        goto cleanup;
    rq.user = audit.actor;
    rq.change = &audit.change;
    rc = approval_decide(s, &rq, &res, &e);
    snprintf(detail, sizeof detail, "version %" PRId64 "; %.120s", res.version, rq.comment);
    ev = (struct audit_event){audit.actor, NULL, name, rq.kind->name, rq.id, detail};
    rc = cli_write_end(s, &audit, rc, &ev, &e);
    if (res.open_points)
        print_points(res.open_points);
    if (rc == 0)
        printf("%s %s %s: version %" PRId64 "\n", approve ? "approved" : "rejected",
               rq.kind->singular, rq.id, res.version);
cleanup:
    approval_result_release(&res);
    store_close(s);
    return rc ? cli_report(&e) : 0;
}

int cmd_approve(struct cli *cli, int argc, char **argv)
{
    return decide(cli, 1, argc, argv);
}

int cmd_reject(struct cli *cli, int argc, char **argv)
{
    return decide(cli, 0, argc, argv);
}
