/*
 * cmd_quickscan.c — `vitaal quickscan` (being built for issue 4).
 */
#include "cli/cli.h"

int cmd_quickscan(struct cli *cli, int argc, char **argv)
{
    (void)cli;
    (void)argc;
    (void)argv;
    return cli_usage_error("quickscan", "not built yet");
}
