/*
 * cmd_fallback_need.c — `vitaal fallback-need` (being built for issue 4).
 */
#include "cli/cli.h"

int cmd_fallback_need(struct cli *cli, int argc, char **argv)
{
    (void)cli;
    (void)argc;
    (void)argv;
    return cli_usage_error("fallback-need", "not built yet");
}
