/*
 * cmd_serve.c — `vitaal serve`: starts the HTTP server (http/server.h) on a
 * database, prints its address, and runs until SIGINT or SIGTERM, then
 * finishes the requests in flight and stops cleanly. `--routes` prints the
 * route table instead (METHOD PATH per line) for the OpenAPI check.
 */
#include "cli/cli.h"

#include "base/file.h"
#include "domain/audit.h"
#include "domain/audit_checkpoint.h"
#include "domain/settings.h"
#include "store/audit.h"
#include "store/store.h"

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
#include <syslog.h>

static const char serve_usage[] =
    "usage: vitaal serve [--db PATH] [--listen HOST:PORT] [--tls-cert FILE --tls-key FILE]\n"
    "                    [--session-ttl DURATION] [--max-body BYTES] [--threads N] [--no-cache]\n"
    "                    [--per-address-limit N] [--request-deadline DURATION]\n"
    "                    [--job-budget DURATION] [--trusted-proxies ADDR[/BITS],...]\n"
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
    "  --per-address-limit N connections one client address may hold open at once\n"
    "                        (default 64, of 1024 in all; more are closed at once)\n"
    "  --request-deadline D  the total time a client has to send one request's\n"
    "                        headers and body, counted from the connection or the\n"
    "                        previous answer; sending slowly does not extend it\n"
    "                        (default 30s)\n"
    "  --job-budget D        how long one analysis job (criticality, what-if) may\n"
    "                        run before it is stopped and fails (default 2m)\n"
    "  --trusted-proxies L   reverse proxies (addresses or networks, comma-separated;\n"
    "                        default $VITAAL_TRUSTED_PROXIES) whose X-Forwarded-For is\n"
    "                        believed: from them, the right-most forwarded address that\n"
    "                        is not a trusted proxy is the client's (login delays, the\n"
    "                        audit log); from anyone else the header is ignored. The\n"
    "                        per-address connection limit stays on the proxy's address\n"
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

/* The server holds password hashes and secret records: it does not start on
 * a database (or its WAL, shared memory or audit key) that grants its group
 * or others any access. vitaal creates them 0600; an older file is fixed
 * with chmod, which the message names. */
static int refuse_shared_files(const char *db, struct error *e)
{
    static const char *const suffixes[] = {"", "-wal", "-shm", ".auditkey", ".readlog"};
    char path[4200], base[4000];
    size_t i;
    /* a PostgreSQL database has no file here: its audit key has */
    audit_key_base(db, base, sizeof base);
    for (i = store_is_pg_url(db) ? 3 : 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        int shared = 0, rc;
        unsigned mode = 0;
        snprintf(path, sizeof path, "%s%s", base, suffixes[i]);
        rc = file_is_shared(path, &shared, &mode, e);
        if (rc == ERR_NOTFOUND) {
            error_clear(e);
            continue; /* the WAL and the key come when first needed */
        }
        if (rc != 0)
            return rc;
        if (shared)
            return error_set(e, ERR_FORBIDDEN, path,
                             "readable or writable by others (mode %04o): it holds password "
                             "hashes and classified records; 'chmod 600 %s*' and start again",
                             mode, base);
    }
    return 0;
}

/* A signed checkpoint of the audit chain's head (domain/audit_checkpoint.h):
 * always on "start" and "stop"; on "entries" once audit_checkpoint_every
 * entries came since the last. A failure is said on standard error and
 * in the system log; the server goes on (its answers are in the log). */
static void anchor(const char *db, const char *reason)
{
    struct audit_anchor a;
    struct store *s = NULL;
    struct error e = {0};
    int64_t head = 0, last = 0, every = 100;
    char mac[129];
    int written = 0, rc;

    audit_anchor_defaults(db, &a);
    if ((rc = store_open(db, STORE_READONLY, &s, &e)) == 0 && strcmp(reason, "entries") == 0) {
        if ((rc = settings_get_int(s, "audit_checkpoint_every", 100, &every, &e)) == 0 &&
            (rc = store_audit_last(s, &head, mac, &e)) == 0)
            rc = audit_checkpoint_last(&a, &last, &e);
        if (rc == 0 && head - last < (every > 0 ? every : 1)) {
            store_close(s);
            return;
        }
    }
    if (rc == 0)
        rc = audit_checkpoint(&a, s, reason, &written, &e);
    if (rc != 0) {
        fprintf(stderr, "vitaal: warning: the audit log is not anchored: %s%s%s\n", e.where,
                e.where[0] ? ": " : "", e.message);
        syslog(LOG_WARNING, "vitaal: the audit log is not anchored: %s", e.message);
    }
    store_close(s);
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
        OPT_MAIL_INTERVAL,
        OPT_PER_ADDRESS,
        OPT_DEADLINE,
        OPT_JOB_BUDGET,
        OPT_PROXIES
    };
    static const struct option options[] = {
        CLI_COMMON_LONG_OPTIONS,
        {"listen", required_argument, NULL, OPT_LISTEN},
        {"tls-cert", required_argument, NULL, OPT_CERT},
        {"tls-key", required_argument, NULL, OPT_KEY},
        {"session-ttl", required_argument, NULL, OPT_TTL},
        {"max-body", required_argument, NULL, OPT_BODY},
        {"threads", required_argument, NULL, OPT_THREADS},
        {"per-address-limit", required_argument, NULL, OPT_PER_ADDRESS},
        {"request-deadline", required_argument, NULL, OPT_DEADLINE},
        {"job-budget", required_argument, NULL, OPT_JOB_BUDGET},
        {"trusted-proxies", required_argument, NULL, OPT_PROXIES},
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
    char shown[4096];
    sigset_t stop_signals;
    char *end = NULL;
    int c, sig = 0, routes = 0;
    int64_t fixed;
    long long n;

    memset(&config, 0, sizeof config);
    config.listen = HTTP_DEFAULT_LISTEN;
    config.trusted_proxies = getenv("VITAAL_TRUSTED_PROXIES");
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
        case OPT_PROXIES:
            config.trusted_proxies = optarg;
            break;
        case OPT_PER_ADDRESS:
            n = strtoll(optarg, &end, 10);
            if (*end != '\0' || n < 1 || n > 1024)
                return cli_usage_error("serve", "--per-address-limit needs 1 .. 1024");
            config.per_address_limit = (unsigned)n;
            break;
        case OPT_DEADLINE:
            if ((config.request_deadline = parse_duration(optarg)) < 0 ||
                config.request_deadline > 3600)
                return cli_usage_error(
                    "serve", "--request-deadline needs a duration of 1s .. 1h, not '%s'", optarg);
            break;
        case OPT_JOB_BUDGET:
            if ((config.job_budget = parse_duration(optarg)) < 0 || config.job_budget > 86400)
                return cli_usage_error(
                    "serve", "--job-budget needs a duration of 1s .. 1d, not '%s'", optarg);
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
    if (refuse_shared_files(cli->db_path, &e) != 0)
        return cli_report(&e);

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
    store_display_name(cli->db_path, shown, sizeof shown);
    printf("vitaal: serving %s on %s (Ctrl-C stops)\n", shown, http_server_url(server));
    fflush(stdout);
    anchor(cli->db_path, "start");
    for (;;) { /* anchor the audit log every so many entries until told to stop */
        struct timespec wait = {2, 0};
        sig = sigtimedwait(&stop_signals, NULL, &wait);
        if (sig == SIGINT || sig == SIGTERM)
            break;
        anchor(cli->db_path, "entries");
    }
    fprintf(stderr, "vitaal: %s: stopping\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    cli_mail_worker_stop(mailer);
    http_server_stop(server);
    anchor(cli->db_path, "stop");
    return 0;
}
