/*
 * cmd_contribution.c — `vitaal contribution adopt ID --risk PROPOSED
 * [--as RISK_ID] [--comment TEXT]` and `vitaal contribution decline ID
 * --risk PROPOSED --reason TEXT`: the ministry's decision on a provider's
 * proposed risk from the command line (domain/contribution.h). The command
 * line acts for the coordinator, as cli:<login>. The decision (and on
 * adoption the new risk) is written and audited in one transaction.
 */
#include "cli/cli.h"

#include "domain/contribution.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static const char contribution_usage[] =
    "usage: vitaal contribution adopt [--db PATH] ID --risk PROPOSED [--as RISK_ID]\n"
    "                                 [--comment TEXT]\n"
    "       vitaal contribution decline [--db PATH] ID --risk PROPOSED --reason TEXT\n\n"
    "Providers contribute, ministries decide: a provider's contribution (ID) to the\n"
    "ministry's analysis proposes risks; each is adopted into the analysis (a new\n"
    "risk, PROPOSED's id unless --as names another) or declined with a reason. The\n"
    "contribution must be submitted, the analysis not final. When the last proposed\n"
    "risk is decided the contribution is processed. List a contribution's proposed\n"
    "risks with 'vitaal list proposed_risks contribution=ID'.\n\n"
    "  --risk PROPOSED  the proposed risk's id (required)\n"
    "  --as RISK_ID     adopt: the new risk's id\n"
    "  --comment TEXT   adopt: a comment, kept with the decision\n"
    "  --reason TEXT    decline: why (required)\n";

int cmd_contribution(struct cli *cli, int argc, char **argv)
{
    static const struct option options[] = {CLI_COMMON_LONG_OPTIONS,
                                            {"risk", required_argument, NULL, 'r'},
                                            {"as", required_argument, NULL, 'a'},
                                            {"comment", required_argument, NULL, 'c'},
                                            {"reason", required_argument, NULL, 'y'},
                                            {NULL, 0, NULL, 0}};
    struct contribution_decision d = {NULL, NULL, 0, NULL, NULL, NULL, NULL, NULL};
    struct contribution_result res = {0};
    const char *comment = NULL, *reason = NULL, *action;
    struct cli_audit audit;
    struct audit_event ev;
    struct store *s = NULL;
    struct error e = {0};
    char detail[200];
    int c, rc;

    while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (c) {
        case CLI_OPT_DB:
            cli->db_path = optarg;
            break;
        case 'h':
            fputs(contribution_usage, stdout);
            return 0;
        case 'r':
            d.proposal = optarg;
            break;
        case 'a':
            d.risk_id = optarg;
            break;
        case 'c':
            comment = optarg;
            break;
        case 'y':
            reason = optarg;
            break;
        default:
            return cli_usage_error("contribution", "unknown option");
        }
    }
    if (argc - optind != 2 ||
        (strcmp(argv[optind], "adopt") != 0 && strcmp(argv[optind], "decline") != 0))
        return cli_usage_error("contribution", "say adopt or decline, and the contribution's ID");
    action = argv[optind];
    d.adopt = strcmp(action, "adopt") == 0;
    d.contribution = argv[optind + 1];
    if (d.proposal == NULL)
        return cli_usage_error("contribution", "name the proposed risk with --risk PROPOSED");
    if (d.adopt && reason)
        return cli_usage_error("contribution", "--reason goes with decline (adopt: --comment)");
    if (!d.adopt && (comment || d.risk_id))
        return cli_usage_error("contribution", "--comment and --as go with adopt");
    if (!d.adopt && reason == NULL)
        return cli_usage_error("contribution", "say why with --reason TEXT");
    d.reason = d.adopt ? comment : reason;
    if ((rc = cli_write_begin(cli, &s, &audit, &e)) != 0)
        goto cleanup;
    d.user = audit.actor;
    d.change = &audit.change;
    rc = contribution_decide(s, &d, &res, &e);
    if (rc == 0 && d.adopt) {
        struct audit_event created = {audit.actor, NULL, "create", "risks", res.risk, detail};
        snprintf(detail, sizeof detail, "version %" PRId64 "; adopted from proposed risk %.100s",
                 res.risk_version, d.proposal);
        rc = audit_append(&audit.log, s, &created, &e);
    }
    snprintf(detail, sizeof detail, "version %" PRId64 "; contribution %.60s%s%.60s",
             res.proposal_version, d.contribution, d.adopt ? "; became risk " : "; ",
             d.adopt ? res.risk : reason);
    ev = (struct audit_event){audit.actor, NULL, action, "proposed_risks", d.proposal, detail};
    rc = cli_write_end(s, &audit, rc, &ev, &e);
    if (rc == 0) {
        if (d.adopt)
            printf("adopted proposed risk %s as risk %s of the analysis\n", d.proposal, res.risk);
        else
            printf("declined proposed risk %s\n", d.proposal);
        if (res.processed)
            printf("contribution %s: every proposed risk decided (processed)\n", d.contribution);
    }
cleanup:
    store_close(s);
    return rc ? cli_report(&e) : 0;
}
