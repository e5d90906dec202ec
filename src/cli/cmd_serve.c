/*
 * cmd_serve.c — `vitaal serve`: starts the HTTP server (http/server.h) on a
 * database, prints its address, and runs until SIGINT or SIGTERM, then
 * finishes the requests in flight and stops cleanly. `--routes` prints the
 * route table instead (METHOD PATH per line) for the OpenAPI check.
 */
#include "cli/cli.h"

#include "base/smtp.h"
#include "base/timefmt.h"

#include "http/request.h"
#include "http/router.h"
#include "http/server.h"

#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char serve_usage[] =
    "usage: vitaal serve [--db PATH] [--listen HOST:PORT] [--tls-cert FILE --tls-key FILE]\n"
    "                    [--session-ttl DURATION] [--max-body BYTES] [--threads N] [--no-cache]\n"
    "                    [--smtp-url URL --smtp-from ADDRESS [--smtp-user NAME] [--smtp-tls]\n"
    "                     [--mail-interval SECONDS]]\n"
    "       vitaal serve --routes\n\n"
    "Serves the JSON API under /api/v1 (docs/api.md; the OpenAPI document is at\n"
    "/api/v1/openapi.json). Log in with POST /api/v1/session as a user made with\n"
    "'vitaal user add'. Runs until SIGINT (Ctrl-C) or SIGTERM.\n\n"
    "  --listen HOST:PORT    where to listen (default " HTTP_DEFAULT_LISTEN "; port 0: any free\n"
    "                        port); the address is printed once it listens\n"
    "  --tls-cert, --tls-key PEM files: serve HTTPS (cookies get Secure)\n"
    "  --session-ttl D       how long a session lives: seconds, or with s/m/h/d (default 8h)\n"
    "  --max-body BYTES      the largest request body (default 1048576; larger: 413)\n"
    "  --threads N           worker threads (default: one per core)\n"
    "  --no-cache            no per-thread cache of sessions and list pages: every\n"
    "                        request reads the database (changes made outside this\n"
    "                        server are otherwise seen within a second)\n"
    "  --smtp-url URL        mail each user's notifications through this relay\n"
    "                        (smtp://host:port, smtps://host:port) to the address set\n"
    "                        with 'vitaal user email', once each; failures are logged\n"
    "                        and tried again (see 'vitaal notify --help')\n"
    "  --smtp-from ADDR      the sender's address (with --smtp-url)\n"
    "  --smtp-user NAME      log in to the relay; password in $VITAAL_SMTP_PASSWORD\n"
    "  --smtp-tls            refuse to send mail without TLS\n"
    "  --mail-interval S     seconds between mail runs (default 60)\n"
    "  --routes              print every route the server answers and exit\n";

static void print_route(void *ctx, const char *method, const char *path)
{
    fprintf(ctx, "%s %s\n", method, path);
}

/* "90", "90s", "15m", "8h", "2d" -> seconds; -1 when malformed. */
static int64_t parse_duration(const char *text)
{
    char *end = NULL;
    long long n = strtoll(text, &end, 10);
    int64_t unit = 1;
    if (text[0] < '0' || text[0] > '9' || n <= 0)
        return -1;
    if (*end == 'm')
        unit = 60;
    else if (*end == 'h')
        unit = 3600;
    else if (*end == 'd')
        unit = 86400;
    else if (*end != 's' && *end != '\0')
        return -1;
    if (*end != '\0' && end[1] != '\0')
        return -1;
    if (n > INT64_MAX / unit / 2)
        return -1;
    return n * unit;
}

int cmd_serve(struct cli *cli, int argc, char **argv)
{
    enum {
        OPT_LISTEN = 1100,
        OPT_CERT,
        OPT_KEY,
        OPT_TTL,
        OPT_BODY,
        OPT_THREADS,
        OPT_ROUTES,
        OPT_NO_CACHE,
        OPT_SMTP_URL,
        OPT_SMTP_FROM,
        OPT_SMTP_USER,
        OPT_SMTP_TLS,
        OPT_MAIL_INTERVAL
    };
    static const struct option options[] = {
        CLI_COMMON_LONG_OPTIONS,
        {"listen", required_argument, NULL, OPT_LISTEN},
        {"tls-cert", required_argument, NULL, OPT_CERT},
        {"tls-key", required_argument, NULL, OPT_KEY},
        {"session-ttl", required_argument, NULL, OPT_TTL},
        {"max-body", required_argument, NULL, OPT_BODY},
        {"threads", required_argument, NULL, OPT_THREADS},
        {"routes", no_argument, NULL, OPT_ROUTES},
        {"no-cache", no_argument, NULL, OPT_NO_CACHE},
        {"smtp-url", required_argument, NULL, OPT_SMTP_URL},
        {"smtp-from", required_argument, NULL, OPT_SMTP_FROM},
        {"smtp-user", required_argument, NULL, OPT_SMTP_USER},
        {"smtp-tls", no_argument, NULL, OPT_SMTP_TLS},
        {"mail-interval", required_argument, NULL, OPT_MAIL_INTERVAL},
        {NULL, 0, NULL, 0}};
    struct smtp_config smtp = {NULL, NULL, NULL, getenv("VITAAL_SMTP_PASSWORD"), 0, 0};
    struct cli_mail_worker *mailer = NULL;
    int mail_interval = 60;
    struct http_config config;
    struct http_server *server = NULL;
    struct error e = {0};
    sigset_t stop_signals;
    char *end = NULL;
    int c, sig = 0, routes = 0;
    int64_t fixed;
    long long n;

    memset(&config, 0, sizeof config);
    config.listen = HTTP_DEFAULT_LISTEN;
    while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (c) {
        case CLI_OPT_DB:
            cli->db_path = optarg;
            break;
        case 'h':
            fputs(serve_usage, stdout);
            return 0;
        case OPT_LISTEN:
            config.listen = optarg;
            break;
        case OPT_CERT:
            config.tls_cert = optarg;
            break;
        case OPT_KEY:
            config.tls_key = optarg;
            break;
        case OPT_TTL:
            if ((config.session_ttl = parse_duration(optarg)) < 0)
                return cli_usage_error("serve", "--session-ttl needs a duration like 8h, not '%s'",
                                       optarg);
            break;
        case OPT_BODY:
            n = strtoll(optarg, &end, 10);
            if (*end != '\0' || n < 1024 || n > 1024LL * 1024 * 1024)
                return cli_usage_error("serve", "--max-body needs 1024 .. 1073741824 bytes");
            config.body_max = (size_t)n;
            break;
        case OPT_THREADS:
            n = strtoll(optarg, &end, 10);
            if (*end != '\0' || n < 1 || n > 128)
                return cli_usage_error("serve", "--threads needs 1 .. 128");
            config.threads = (unsigned)n;
            break;
        case OPT_ROUTES:
            routes = 1;
            break;
        case OPT_NO_CACHE:
            config.no_cache = 1;
            break;
        case OPT_SMTP_URL:
            smtp.url = optarg;
            break;
        case OPT_SMTP_FROM:
            smtp.from = optarg;
            break;
        case OPT_SMTP_USER:
            smtp.user = optarg;
            break;
        case OPT_SMTP_TLS:
            smtp.require_tls = 1;
            break;
        case OPT_MAIL_INTERVAL:
            n = strtoll(optarg, &end, 10);
            if (*end != '\0' || n < 1 || n > 86400)
                return cli_usage_error("serve", "--mail-interval needs 1 .. 86400 seconds");
            mail_interval = (int)n;
            break;
        default:
            return cli_usage_error("serve", "unknown option");
        }
    }
    if (optind < argc)
        return cli_usage_error("serve", "unexpected argument '%s'", argv[optind]);
    if ((smtp.url == NULL) != (smtp.from == NULL))
        return cli_usage_error("serve", "--smtp-url and --smtp-from go together");
    if (routes) {
        router_each(print_route, stdout);
        return 0;
    }
    config.db_path = cli->db_path;

    /* Block the stop signals before any thread starts, so every thread
     * inherits the mask and only sigwait below receives them. */
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
    signal(SIGPIPE, SIG_IGN);

    if (smtp.url)
        smtp_global_init(); /* before any thread starts */
    if (http_server_start(&config, &server, &e) != 0)
        return cli_report(&e);
    if (smtp.url && cli_mail_worker_start(cli->db_path, &smtp, mail_interval, &mailer) != 0)
        fprintf(stderr, "vitaal: the notification mail worker did not start\n");
    if (timefmt_clock_fixed(&fixed) == 1) {
        char at[21];
        timefmt_format_datetime(fixed, at);
        fprintf(stderr, "vitaal: the clock stands at %s (VITAAL_NOW, a test and demo hook)\n", at);
    }
    printf("vitaal: serving %s on %s (Ctrl-C stops)\n", cli->db_path, http_server_url(server));
    fflush(stdout);
    sigwait(&stop_signals, &sig);
    fprintf(stderr, "vitaal: %s: stopping\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    cli_mail_worker_stop(mailer);
    http_server_stop(server);
    return 0;
}
