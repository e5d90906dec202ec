/*
 * cmd_notify.c — `vitaal notify list USER` (a user's notifications, under
 * that user's need-to-know, as GET /api/v1/notifications answers them) and
 * `vitaal notify send-mail` (mail every notification not mailed yet, once:
 * for cron); and the mail worker `vitaal serve` runs beside the server
 * with --smtp-url (cli_mail_worker_start). What is told and to whom is
 * domain/notify.h's; the sending is base/smtp.h's.
 */
#include "base/xmalloc.h"
#include "cli/cli.h"

#include "base/smtp.h"
#include "base/timefmt.h"
#include "domain/access.h"
#include "domain/notify.h"
#include "store/users.h"

#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char notify_usage[] =
    "usage: vitaal notify list [--db PATH] USER [--json]\n"
    "       vitaal notify send-mail [--db PATH] --smtp-url URL --smtp-from ADDRESS\n"
    "                               [--smtp-user NAME] [--smtp-tls]\n\n"
    "Notifications are derived for each user under its need-to-know: comments on\n"
    "its organisation's records or threads it wrote in, mentions, approvals asked\n"
    "of it, deadlines of measures it answers for within 7 days or passed, requests\n"
    "sent to its organisation, answers to its own and their deadlines. 'list'\n"
    "shows USER's, newest first. 'send-mail' mails every user with an e-mail\n"
    "address ('vitaal user email') each notification since the address was set\n"
    "that was not mailed yet, once; a failure is logged and tried again by a later\n"
    "run. 'vitaal serve --smtp-url ...' does the same every minute.\n\n"
    "  --smtp-url URL      the relay: smtp://host:port or smtps://host:port\n"
    "  --smtp-from ADDR    the sender's address\n"
    "  --smtp-user NAME    log in to the relay (password in $VITAAL_SMTP_PASSWORD)\n"
    "  --smtp-tls          refuse to send without TLS (STARTTLS on smtp://)\n";

static int send_with_smtp(void *ctx, const char *to, const char *subject, const char *body,
                          struct error *e)
{
    return smtp_send(ctx, to, subject, body, e);
}

int cli_mail_run(const char *db_path, const struct smtp_config *smtp, struct error *e)
{
    struct notify_mailer m = {send_with_smtp, (void *)smtp};
    struct notify_mail_stats st;
    struct store *s = NULL;
    int rc;
    if ((rc = store_open(db_path, 0, &s, e)) != 0)
        return rc;
    rc = notify_mail_run(s, timefmt_now(), &m, &st, e);
    store_close(s);
    if (rc == 0 && (st.sent || st.failed))
        fprintf(stderr, "vitaal: notification mail: %d sent, %d failed\n", st.sent, st.failed);
    return rc;
}

/* --- the worker beside the server ---------------------------------------------------- */

struct cli_mail_worker {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    int stop;
    const char *db_path;
    struct smtp_config smtp;
    int interval_s;
};

static void *mail_loop(void *arg)
{
    struct cli_mail_worker *w = arg;
    pthread_mutex_lock(&w->lock);
    while (!w->stop) {
        struct error e = {0};
        struct timespec until;
        pthread_mutex_unlock(&w->lock);
        if (cli_mail_run(w->db_path, &w->smtp, &e) != 0)
            fprintf(stderr, "vitaal: notification mail: %s\n", e.message);
        pthread_mutex_lock(&w->lock);
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += w->interval_s;
        while (!w->stop && pthread_cond_timedwait(&w->wake, &w->lock, &until) != ETIMEDOUT)
            ;
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

int cli_mail_worker_start(const char *db_path, const struct smtp_config *smtp, int interval_s,
                          struct cli_mail_worker **out)
{
    struct cli_mail_worker *w = xcalloc(1, sizeof *w);
    *out = NULL;
    w->db_path = db_path;
    w->smtp = *smtp;
    w->interval_s = interval_s > 0 ? interval_s : 60;
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->wake, NULL);
    if (pthread_create(&w->thread, NULL, mail_loop, w) != 0) {
        free(w);
        return ERR_INTERNAL;
    }
    *out = w;
    return 0;
}

void cli_mail_worker_stop(struct cli_mail_worker *w)
{
    if (w == NULL)
        return;
    pthread_mutex_lock(&w->lock);
    w->stop = 1;
    pthread_cond_signal(&w->wake);
    pthread_mutex_unlock(&w->lock);
    pthread_join(w->thread, NULL);
    pthread_mutex_destroy(&w->lock);
    pthread_cond_destroy(&w->wake);
    free(w);
}

/* --- the command --------------------------------------------------------------------- */

static void print_items(const json_t *doc)
{
    const json_t *it;
    size_t i;
    printf("%" JSON_INTEGER_FORMAT " unread\n", json_integer_value(json_object_get(doc, "unread")));
    json_array_foreach(json_object_get(doc, "items"), i, it)
    {
        const char *title = json_string_value(json_object_get(it, "title"));
        const char *text = json_string_value(json_object_get(it, "text"));
        const char *by = json_string_value(json_object_get(it, "by"));
        printf("%s %s %-15s %s %s%s%s%s%s%s%s\n",
               json_is_true(json_object_get(it, "read")) ? " " : "*",
               json_string_value(json_object_get(it, "at")),
               json_string_value(json_object_get(it, "event")),
               json_string_value(json_object_get(it, "kind")),
               json_string_value(json_object_get(it, "record")), title ? " " : "",
               title ? title : "", by ? " by " : "", by ? by : "", text ? ": " : "",
               text ? text : "");
    }
}

int cmd_notify(struct cli *cli, int argc, char **argv)
{
    static const struct option options[] = {CLI_COMMON_LONG_OPTIONS,
                                            {"json", no_argument, NULL, CLI_OPT_JSON},
                                            {"smtp-url", required_argument, NULL, 'u'},
                                            {"smtp-from", required_argument, NULL, 'f'},
                                            {"smtp-user", required_argument, NULL, 'U'},
                                            {"smtp-tls", no_argument, NULL, 'T'},
                                            {NULL, 0, NULL, 0}};
    struct smtp_config smtp = {NULL, NULL, NULL, getenv("VITAAL_SMTP_PASSWORD"), 0, 0};
    struct store_user *u = NULL;
    struct access *a = NULL;
    struct store *s = NULL;
    struct error e = {0};
    json_t *doc = NULL;
    int c, rc = 0, json = 0;

    while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (c) {
        case CLI_OPT_DB:
            cli->db_path = optarg;
            break;
        case 'h':
            fputs(notify_usage, stdout);
            return 0;
        case CLI_OPT_JSON:
            json = 1;
            break;
        case 'u':
            smtp.url = optarg;
            break;
        case 'f':
            smtp.from = optarg;
            break;
        case 'U':
            smtp.user = optarg;
            break;
        case 'T':
            smtp.require_tls = 1;
            break;
        default:
            return cli_usage_error("notify", "unknown option");
        }
    }
    if (argc - optind == 1 && strcmp(argv[optind], "send-mail") == 0) {
        if (smtp.url == NULL || smtp.from == NULL)
            return cli_usage_error("notify", "send-mail needs --smtp-url and --smtp-from");
        smtp_global_init();
        rc = cli_mail_run(cli->db_path, &smtp, &e);
        return rc ? cli_report(&e) : 0;
    }
    if (argc - optind != 2 || strcmp(argv[optind], "list") != 0)
        return cli_usage_error("notify", "say list USER or send-mail");
    if ((rc = cli_open_store(cli, STORE_READONLY, &s)) != 0)
        return rc;
    if ((rc = store_user_get(s, argv[optind + 1], &u, &e)) != 0 ||
        (rc = access_new(s, u, &a, &e)) != 0 ||
        (rc = notify_list(s, u, a, timefmt_now(), &doc, &e)) != 0)
        goto cleanup;
    if (json) {
        char *dump = json_dumps(doc, JSON_INDENT(2));
        puts(dump);
        free(dump);
    } else {
        print_items(doc);
    }
cleanup:
    json_decref(doc);
    access_free(a);
    store_user_free(u);
    store_close(s);
    return rc ? cli_report(&e) : 0;
}
