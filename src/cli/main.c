/*
 * main.c — the `vitaal` entry point: global options, then one git-style
 * subcommand from the table in commands.c. Everything else lives in the
 * cmd_*.c files and the layers below.
 */
#include "cli/cli.h"

#include "base/timefmt.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VITAAL_VERSION "0.1.0"

static void print_help(FILE *to)
{
    const struct cli_command *c;
    fprintf(to, "usage: vitaal [--db PATH] COMMAND [ARGS]\n\n"
                "vitaal holds the Dutch cyclus vitaal: vital processes, their criticality\n"
                "assessments, resilience analyses, dependencies, measures and reviews.\n\n"
                "commands:\n");
    for (c = cli_commands; c->name; c++)
        fprintf(to, "  %-14s %s\n", c->name, c->summary);
    fprintf(to, "\noptions:\n"
                "  --db PATH    the database (default: $VITAAL_DB, else ./" CLI_DEFAULT_DB ")\n"
                "  --version    print the version\n"
                "  -h, --help   this help; `vitaal COMMAND --help` for a command\n\n"
                "Calendar days are days in the Netherlands (Europe/Amsterdam). For tests\n"
                "and demos, VITAAL_NOW=YYYY-MM-DDTHH:MM:SSZ fixes the clock.\n");
}

int main(int argc, char **argv)
{
    struct cli cli = {0};
    const struct cli_command *c;
    const char *env = getenv("VITAAL_DB");
    int64_t fixed;
    int i = 1;

    cli.db_path = env && *env ? env : CLI_DEFAULT_DB;
    /* global options stand before the command name */
    while (i < argc && argv[i][0] == '-') {
        if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
            cli.db_path = argv[i + 1];
            i += 2;
        } else if (strncmp(argv[i], "--db=", 5) == 0) {
            cli.db_path = argv[i] + 5;
            i++;
        } else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            print_help(stdout);
            return 0;
        } else if (strcmp(argv[i], "--version") == 0) {
            printf("vitaal %s\n", VITAAL_VERSION);
            return 0;
        } else {
            fprintf(stderr, "vitaal: unknown option '%s'\n", argv[i]);
            print_help(stderr);
            return 2;
        }
    }
    if (timefmt_clock_fixed(&fixed) < 0) {
        fprintf(stderr, "vitaal: VITAAL_NOW '%s' is not a time YYYY-MM-DDTHH:MM:SSZ\n",
                getenv("VITAAL_NOW"));
        return 2;
    }
    if (i >= argc) {
        print_help(stderr);
        return 2;
    }
    for (c = cli_commands; c->name; c++) {
        if (strcmp(c->name, argv[i]) == 0) {
            int rc;
            optind = 0; /* each command runs its own getopt_long from the start */
            rc = c->run(&cli, argc - i, argv + i);
            /* the audit entries a command wrote are anchored after they are
             * committed (the server anchors its own) */
            if (strcmp(c->name, "serve") != 0 && strcmp(c->name, "audit") != 0)
                cli_anchor_audit(&cli);
            return rc;
        }
    }
    fprintf(stderr, "vitaal: '%s' is not a command; see 'vitaal --help'\n", argv[i]);
    return 2;
}
