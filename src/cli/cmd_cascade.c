/*
 * cmd_cascade.c — placeholder until the engine lands.
 */
#include "cli/cli.h"

int cmd_cascade(struct cli *cli, int argc, char **argv)
{
    (void)cli;
    (void)argc;
    (void)argv;
    return cli_usage_error("cascade", "not built yet");
}
