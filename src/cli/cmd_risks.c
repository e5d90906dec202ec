/*
 * cmd_risks.c — `vitaal risks` (being built for issue 4).
 */
#include "cli/cli.h"

int cmd_risks(struct cli *cli, int argc, char **argv)
{
    (void)cli;
    (void)argc;
    (void)argv;
    return cli_usage_error("risks", "not built yet");
}
