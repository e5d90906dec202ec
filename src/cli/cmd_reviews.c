/*
 * cmd_reviews.c — `vitaal reviews` (being built for issue 4).
 */
#include "cli/cli.h"

int cmd_reviews(struct cli *cli, int argc, char **argv)
{
    (void)cli;
    (void)argc;
    (void)argv;
    return cli_usage_error("reviews", "not built yet");
}
