/*
 * cmd_framework.c — `vitaal framework` (being built for issue 4).
 */
#include "cli/cli.h"

int cmd_framework(struct cli *cli, int argc, char **argv)
{
    (void)cli;
    (void)argc;
    (void)argv;
    return cli_usage_error("framework", "not built yet");
}
