/*
 * cmd_incidents.c — `vitaal incidents` (being built for issue 4).
 */
#include "cli/cli.h"

int cmd_incidents(struct cli *cli, int argc, char **argv)
{
    (void)cli;
    (void)argc;
    (void)argv;
    return cli_usage_error("incidents", "not built yet");
}
