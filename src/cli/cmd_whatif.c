/*
 * cmd_whatif.c — `vitaal whatif` (being built for issue 4).
 */
#include "cli/cli.h"

int cmd_whatif(struct cli *cli, int argc, char **argv)
{
    (void)cli;
    (void)argc;
    (void)argv;
    return cli_usage_error("whatif", "not built yet");
}
