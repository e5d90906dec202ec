/*
 * cmd_assess.c — `vitaal assess` (being built for issue 4).
 */
#include "cli/cli.h"

int cmd_assess(struct cli *cli, int argc, char **argv)
{
    (void)cli;
    (void)argc;
    (void)argv;
    return cli_usage_error("assess", "not built yet");
}
