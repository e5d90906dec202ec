/*
 * main.c — the `vitaal` entry point: global options, then one git-style
 * subcommand from the table in commands.c. Everything else lives in the
 * cmd_*.c files and the layers below.
 */
#include "cli/cli.h"

#include "base/timefmt.h"
#include "store/store.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VITAAL_VERSION "0.1.0"

static void print_help(FILE *to)
{
    const struct cli_command *c;
    fprintf(to, "usage: vitaal [--db PATH] [--wait SECONDS] COMMAND [ARGS]\n\n"
                "vitaal holds the Dutch cyclus vitaal: vital processes, their criticality\n"
                "assessments, resilience analyses, dependencies, measures and reviews.\n\n"
                "commands:\n");
    for (c = cli_commands; c->name; c++)
        fprintf(to, "  %-14s %s\n", c->name, c->summary);
    fprintf(to, "\noptions:\n"
                "  --db PATH    the database (default: $VITAAL_DB, else ./" CLI_DEFAULT_DB ")\n"
                "  --wait S     how long a command waits for another writer (an import,\n"
                "               the server) to free the database (default 5; then exit 4)\n"
                "  --version    print the version\n"
                "  -h, --help   this help; `vitaal COMMAND --help` for a command\n\n"
                "Calendar days are days in the Netherlands (Europe/Amsterdam). For tests\n"
                "and demos, VITAAL_NOW=YYYY-MM-DDTHH:MM:SSZ fixes the clock.\n");
}

/* Said once each time a command has to wait for another writer. */
static void say_waiting(int64_t ms)
{
    fprintf(stderr,
            "vitaal: the database is busy with another writer (an import?); waiting up to %lld s "
            "(--wait SECONDS)\n",
            (long long)((ms + 999) / 1000));
}

int main(int argc, char **argv)
{
    struct cli cli = {0};
    const struct cli_command *c;
    const char *env = getenv("VITAAL_DB");
    int64_t fixed, wait_s = STORE_WAIT_DEFAULT_MS / 1000;
    char *end = NULL;
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
        } else if (strcmp(argv[i], "--wait") == 0 && i + 1 < argc) {
            wait_s = strtoll(argv[i + 1], &end, 10);
            if (end == argv[i + 1] || *end != '\0' || wait_s < 0 || wait_s > 86400) {
                fprintf(stderr, "vitaal: --wait needs 0 .. 86400 seconds, not '%s'\n", argv[i + 1]);
                return 2;
            }
            i += 2;
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
    store_set_wait(wait_s * 1000, say_waiting);
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
