/*
 * cmd_criticality.c — placeholder until the engine lands.
 */
#include "cli/cli.h"

int cmd_criticality(struct cli *cli, int argc, char **argv)
{
    (void)cli;
    (void)argc;
    (void)argv;
    return cli_usage_error("criticality", "not built yet");
}
