/*
 * cmd_user.c — `vitaal user add|list|disable|enable|passwd|mfa-reset` and
 * `vitaal audit verify|list`: accounts for the server and the audit log.
 * Passwords are read from standard input (without echo on a terminal),
 * never from the command line where other users could see them.
 */
#include "cli/cli.h"

#include "base/timefmt.h"
#include "cli/table.h"
#include "domain/audit.h"
#include "domain/audit_checkpoint.h"
#include "domain/audit_journal.h"
#include "domain/mfa.h"
#include "domain/users.h"
#include "store/audit.h"
#include "store/store.h"
#include "store/users.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static const char user_usage[] =
    "usage: vitaal user add NAME --role ROLE --org ORG --clearance LEVEL [--scope P,P...]\n"
    "       vitaal user passwd NAME\n"
    "       vitaal user disable NAME | vitaal user enable NAME\n"
    "       vitaal user email NAME ADDRESS | vitaal user email NAME --remove\n"
    "       vitaal user mfa-reset NAME\n"
    "       vitaal user list [--json]\n\n"
    "Accounts for 'vitaal serve'. The password is read from standard input (one\n"
    "line; at least 10 characters). Roles: coordinator (everything), department\n"
    "(the processes its ministry ORG is responsible for), provider (its own\n"
    "organisation's records and the processes it provides), auditor (read-only,\n"
    "within --scope). LEVEL: public, internal, confidential or secret; a user sees\n"
    "records up to that classification. Disabling a user or changing its\n"
    "password ends its sessions. 'user email' sets where the user's notifications\n"
    "are mailed ('vitaal serve --smtp-url', 'vitaal notify send-mail'): what\n"
    "happens from then on. Users log in with a second factor (TOTP, enrolled in the\n"
    "browser UI) when they have one, and must enrol when their clearance is at or\n"
    "above the setting mfa_required_clearance (default confidential); 'user\n"
    "mfa-reset' removes a user's TOTP key and recovery codes (a lost phone) and\n"
    "ends its sessions: it enrols again at its next login. 'user list' shows each\n"
    "user's MFA: none, pending (enrolment started) or enrolled; with --json as a\n"
    "JSON array (user, role, org, clearance, state, mfa, scope, email, created_at;\n"
    "never a password hash, key or recovery code).\n";

static const char audit_usage[] =
    "usage: vitaal audit verify [--db PATH]\n"
    "       vitaal audit list [--db PATH] [--after SEQ] [--limit N]\n\n"
    "The audit log holds every write, login and read of a confidential or secret\n"
    "record. Each entry carries a MAC over itself and the entry before, keyed by\n"
    "the file DB.auditkey. verify walks the chain and names the first changed,\n"
    "removed or reordered entry, then checks every signed checkpoint of the chain's\n"
    "head (DB.checkpoints, signed with DB.signkey, checked with DB.signkey.pub;\n"
    "VITAAL_AUDIT_CHECKPOINTS, VITAAL_AUDIT_SIGN_KEY and VITAAL_AUDIT_VERIFY_KEY put\n"
    "them elsewhere): entries cut off the end, a deleted log and a chain forged\n"
    "again are found against the last checkpoint. Every command that writes to the\n"
    "log, and the server on start, every audit_checkpoint_every entries and on\n"
    "stop, adds a checkpoint.\n\n"
    "Reads made while another writer (an import) held the database's lock are\n"
    "audited in the read journal DB.readlog, chained with the same key, and folded\n"
    "into the log by the next writer. verify and list fold it first when the lock\n"
    "comes (verify waits as any writer, see --wait; list does not wait and shows\n"
    "entries still in the journal with seq '-'); verify also checks the journal.\n";

/* Reads one line from stdin into buf without echo when it is a terminal. */
static int read_password(char *buf, size_t size)
{
    struct termios old, quiet;
    int tty = isatty(STDIN_FILENO);
    size_t n;
    if (tty) {
        fputs("password: ", stderr);
        tcgetattr(STDIN_FILENO, &old);
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    if (fgets(buf, (int)size, stdin) == NULL)
        buf[0] = '\0';
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
        fputc('\n', stderr);
    }
    n = strlen(buf);
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
        buf[--n] = '\0';
    return buf[0] ? 0 : -1;
}

/* Splits "a,b,c" in place into at most max pointers. */
static size_t split_list(char *list, char **out, size_t max)
{
    size_t n = 0;
    char *save = NULL, *item;
    for (item = strtok_r(list, ",", &save); item && n < max; item = strtok_r(NULL, ",", &save))
        out[n++] = item;
    return n;
}

static int print_user_row(void *ctx, const struct store_user *u)
{
    struct table *t = ctx;
    char scope[512] = "";
    size_t i, used = 0;
    const char *row[7];
    for (i = 0; i < u->n_scope && used < sizeof scope; i++)
        used +=
            (size_t)snprintf(scope + used, sizeof scope - used, "%s%s", i ? "," : "", u->scope[i]);
    row[0] = u->id;
    row[1] = u->role;
    row[2] = u->org;
    row[3] = u->clearance;
    row[4] = u->disabled ? "disabled" : "active";
    row[5] = u->mfa == STORE_MFA_ENROLLED  ? "enrolled"
             : u->mfa == STORE_MFA_PENDING ? "pending"
                                           : "none";
    row[6] = scope;
    table_add_row(t, row);
    return 0;
}

/* A user as JSON for `user list --json`: what the table shows, the e-mail
 * address and the creation time; never the password hash or MFA secrets. */
static int add_user_json(void *ctx, const struct store_user *u)
{
    json_t *scope = json_array(), *o;
    size_t i;
    for (i = 0; scope && i < u->n_scope; i++)
        json_array_append_new(scope, json_string(u->scope[i]));
    o = json_pack("{ss ss ss ss ss ss so s:s? ss}", "user", u->id, "role", u->role, "org", u->org,
                  "clearance", u->clearance, "state", u->disabled ? "disabled" : "active", "mfa",
                  u->mfa == STORE_MFA_ENROLLED  ? "enrolled"
                  : u->mfa == STORE_MFA_PENDING ? "pending"
                                                : "none",
                  "scope", scope, "email", u->email[0] ? u->email : NULL, "created_at",
                  u->created_at);
    if (o == NULL) /* a name or field that is not UTF-8: never stored */
        return ERR_INTERNAL;
    json_array_append_new(ctx, o);
    return 0;
}

int cmd_user(struct cli *cli, int argc, char **argv)
{
    static const struct option options[] = {CLI_COMMON_LONG_OPTIONS,
                                            {"role", required_argument, NULL, 'r'},
                                            {"org", required_argument, NULL, 'o'},
                                            {"clearance", required_argument, NULL, 'c'},
                                            {"scope", required_argument, NULL, 's'},
                                            {"remove", no_argument, NULL, 'x'},
                                            {"json", no_argument, NULL, 'j'},
                                            {NULL, 0, NULL, 0}};
    const char *email = NULL;
    int remove_email = 0, as_json = 0;
    const char *role = NULL, *org = NULL, *clearance = NULL, *action, *name = NULL;
    char *scope_items[256], password[USERS_PASSWORD_MAX + 2];
    size_t n_scope = 0;
    struct store *s = NULL;
    struct cli_audit audit_ctx;
    struct users_audit audit = {NULL, NULL};
    struct error e = {0};
    int c, rc = 0;

    while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (c) {
        case CLI_OPT_DB:
            cli->db_path = optarg;
            break;
        case 'h':
            fputs(user_usage, stdout);
            return 0;
        case 'r':
            role = optarg;
            break;
        case 'o':
            org = optarg;
            break;
        case 'c':
            clearance = optarg;
            break;
        case 's':
            n_scope = split_list(optarg, scope_items, 256);
            break;
        case 'x':
            remove_email = 1;
            break;
        case 'j':
            as_json = 1;
            break;
        default:
            return cli_usage_error("user", "unknown option");
        }
    }
    if (optind >= argc)
        return cli_usage_error(
            "user", "name an action: add, passwd, disable, enable, email, mfa-reset or list");
    action = argv[optind];
    if (strcmp(action, "email") == 0) {
        if (argc - optind != 3 - remove_email)
            return cli_usage_error("user", "email needs NAME and ADDRESS, or NAME --remove");
        name = argv[optind + 1];
        email = remove_email ? NULL : argv[optind + 2];
    } else if (strcmp(action, "list") != 0) {
        if (argc - optind != 2)
            return cli_usage_error("user", "'%s' needs one NAME", action);
        name = argv[optind + 1];
    }
    if (as_json && strcmp(action, "list") != 0)
        return cli_usage_error("user", "--json is for 'user list'");
    if (strcmp(action, "add") == 0 && (!role || !org || !clearance))
        return cli_usage_error("user", "add needs --role, --org and --clearance");
    if (strcmp(action, "add") != 0 && strcmp(action, "passwd") != 0 &&
        strcmp(action, "disable") != 0 && strcmp(action, "enable") != 0 &&
        strcmp(action, "list") != 0 && strcmp(action, "email") != 0 &&
        strcmp(action, "mfa-reset") != 0)
        return cli_usage_error("user", "'%s' is not an action", action);
    if ((rc = cli_open_store(cli, 0, &s)) != 0)
        return rc;
    /* every change to an account goes into the audit log, like the API's */
    if (strcmp(action, "list") != 0) {
        if ((rc = cli_audit_open(cli, &audit_ctx, &e)) != 0)
            goto cleanup;
        audit.log = &audit_ctx.log;
        audit.actor = audit_ctx.actor;
    }
    if (strcmp(action, "add") == 0 || strcmp(action, "passwd") == 0) {
        if (read_password(password, sizeof password) != 0) {
            rc = error_set(&e, ERR_INVALID, "password", "no password on standard input");
            goto cleanup;
        }
        if (strcmp(action, "add") == 0)
            rc = users_add(s, name, role, org, clearance, (const char *const *)scope_items, n_scope,
                           password, &audit, &e);
        else
            rc = users_set_password(s, name, password, &audit, &e);
        memset(password, 0, sizeof password);
        if (rc == 0)
            printf("%s %s\n", strcmp(action, "add") == 0 ? "saved user" : "new password for", name);
    } else if (strcmp(action, "email") == 0) {
        char at[24];
        timefmt_format_datetime(timefmt_now(), at);
        rc = users_set_email(s, name, email, at, &audit, &e);
        if (rc == 0)
            printf("%s: %s\n", name, email ? email : "no e-mail address");
    } else if (strcmp(action, "mfa-reset") == 0) {
        struct audit_event ev = {
            audit.actor, NULL, "mfa_reset",
            "users",     name, "TOTP key and recovery codes removed, sessions ended"};
        if ((rc = store_begin(s, &e)) == 0) {
            if ((rc = mfa_reset(s, name, 1, &e)) == 0 &&
                (rc = audit_append(audit.log, s, &ev, &e)) == 0)
                rc = store_commit(s, &e);
            else
                store_rollback(s);
        }
        if (rc == 0)
            printf("%s: MFA reset; the user enrols again at its next login\n", name);
    } else if (strcmp(action, "disable") == 0 || strcmp(action, "enable") == 0) {
        rc = users_set_disabled(s, name, action[0] == 'd', &audit, &e);
        if (rc == 0)
            printf("%s %sd\n", name, action);
    } else if (as_json) {
        json_t *users = json_array();
        if ((rc = store_user_each(s, add_user_json, users, &e)) == ERR_INTERNAL)
            error_set(&e, ERR_INTERNAL, NULL, "a user could not be written as JSON");
        if (rc == 0 && (json_dumpf(users, stdout, JSON_INDENT(2)) != 0 || fputc('\n', stdout) < 0))
            rc = error_set(&e, ERR_IO, "standard output", "cannot write");
        json_decref(users);
    } else {
        struct table t;
        static const char *const header[] = {"user",  "role", "org",  "clearance",
                                             "state", "mfa",  "scope"};
        table_init(&t, 7, 60);
        table_add_row(&t, header);
        rc = store_user_each(s, print_user_row, &t, &e);
        if (rc == 0)
            table_print(&t, stdout);
        table_release(&t);
    }
cleanup:
    store_close(s);
    return rc ? cli_report(&e) : 0;
}

struct audit_print {
    struct table *t;
};

static int print_audit_row(void *ctx, const struct store_audit_entry *a)
{
    struct table *t = ctx;
    char seq[24];
    const char *row[7];
    snprintf(seq, sizeof seq, "%lld", (long long)a->seq);
    row[0] = a->seq ? seq : "-"; /* 0: still in the read journal */
    row[1] = a->at;
    row[2] = a->actor;
    row[3] = a->action;
    row[4] = a->kind;
    row[5] = a->record;
    row[6] = a->detail;
    table_add_row(t, row);
    return 0;
}

int cmd_audit(struct cli *cli, int argc, char **argv)
{
    static const struct option options[] = {CLI_COMMON_LONG_OPTIONS,
                                            {"after", required_argument, NULL, 'a'},
                                            {"limit", required_argument, NULL, 'l'},
                                            {NULL, 0, NULL, 0}};
    struct store *s = NULL;
    struct error e = {0};
    struct audit_log log;
    long long after = 0, limit = 0;
    int c, rc, writable, list, have_log = 1;

    while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (c) {
        case CLI_OPT_DB:
            cli->db_path = optarg;
            break;
        case 'h':
            fputs(audit_usage, stdout);
            return 0;
        case 'a':
            after = atoll(optarg);
            break;
        case 'l':
            limit = atoll(optarg);
            break;
        default:
            return cli_usage_error("audit", "unknown option");
        }
    }
    if (argc - optind != 1 ||
        (strcmp(argv[optind], "verify") != 0 && strcmp(argv[optind], "list") != 0))
        return cli_usage_error("audit", "name an action: verify or list");
    list = strcmp(argv[optind], "list") == 0;
    /* a copy the auditor may only read is checked as it is */
    writable = access(cli->db_path, W_OK) == 0;
    if ((rc = cli_open_store(cli, writable ? 0 : STORE_READONLY, &s)) != 0)
        return rc;
    if ((rc = audit_open(cli->db_path, 0, &log, &e)) != 0) {
        /* no key yet (nothing was ever audited): nothing can be in the read
         * journal either, and `list` shows the (empty) table as before */
        if (!list)
            goto cleanup;
        have_log = 0;
        error_clear(&e);
        rc = 0;
    }
    /* what readers left in the read journal goes into the chain first; a
     * writer that keeps the lock leaves it where it is (checked below) */
    if (have_log && writable &&
        (rc = audit_journal_settle(&log, s, strcmp(argv[optind], "verify") == 0, NULL, &e)) ==
            ERR_BUSY) {
        fprintf(stderr, "vitaal: %s; the read journal is checked where it is\n", e.message);
        error_clear(&e);
        rc = 0;
    } else if (rc != 0) {
        goto cleanup;
    }
    if (strcmp(argv[optind], "verify") == 0) {
        struct audit_check check;
        struct audit_anchor anchor;
        struct audit_anchor_check anchored;
        struct audit_journal_check journal;
        audit_anchor_defaults(cli->db_path, &anchor);
        if ((rc = audit_verify(&log, s, &check, &e)) == 0 &&
            (rc = audit_checkpoint_verify(&anchor, s, &anchored, &e)) == 0 &&
            (rc = audit_journal_verify(&log, s, &journal, &e)) == 0) {
            if (check.first_bad) {
                rc = error_set(&e, ERR_CONFLICT, "audit log", "%s", check.problem);
            } else if (journal.problem[0]) {
                rc = error_set(&e, ERR_CONFLICT, "audit log", "%s", journal.problem);
            } else if (anchored.problem[0]) {
                rc = error_set(&e, ERR_CONFLICT, "audit log", "%s (checkpoints: %s)",
                               anchored.problem, anchor.checkpoints);
            } else {
                printf("audit log intact: %lld entries\n", (long long)check.entries);
                if (check.entries)
                    printf("head: %lld %s\n", (long long)check.entries, check.head_mac);
                if (anchored.checkpoints)
                    printf("checkpoints: %lld signed, all held; the last of %s at entry %lld "
                           "(%s)\n",
                           (long long)anchored.checkpoints, anchored.last_at,
                           (long long)anchored.last_seq, anchor.checkpoints);
                else
                    printf("checkpoints: none (%s): a cut tail cannot be detected\n",
                           anchor.checkpoints);
                if (journal.pending)
                    printf("read journal: %lld entries intact, not folded yet (%s)\n",
                           (long long)journal.pending, log.journal);
            }
        }
    } else {
        struct table t;
        static const char *const header[] = {"seq",  "at",     "actor", "action",
                                             "kind", "record", "detail"};
        table_init(&t, 7, 48);
        table_add_row(&t, header);
        rc = store_audit_each(s, after, limit > 0 ? (size_t)limit : 0, print_audit_row, &t, &e);
        if (rc == 0 && have_log)
            rc = audit_journal_each_pending(&log, s, print_audit_row, &t, &e);
        if (rc == 0)
            table_print(&t, stdout);
        table_release(&t);
    }
cleanup:
    store_close(s);
    return rc ? cli_report(&e) : 0;
}
