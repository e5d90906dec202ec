/*
 * cmd_iim.c — placeholder until the engine lands.
 */
#include "cli/cli.h"

int cmd_iim(struct cli *cli, int argc, char **argv)
{
    (void)cli;
    (void)argc;
    (void)argv;
    return cli_usage_error("iim", "not built yet");
}
