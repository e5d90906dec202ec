/*
 * cli.h — what the `vitaal` subcommands share: the run context (database
 * path), error reporting to stderr with the exit status of base/error.h,
 * and the declarations of every subcommand (one file src/cli/cmd_NAME.c each).
 *
 * A subcommand gets argv with argv[0] = its own name, parses its options with
 * getopt_long, answers --help on stdout with exit 0, and returns the process
 * exit status. It never calls exit() itself.
 */
#ifndef VITAAL_CLI_CLI_H
#define VITAAL_CLI_CLI_H

#include "base/error.h"
#include "base/strbuf.h"
#include "report/doc.h"

#include <stdint.h>

#include <stdio.h>

#define CLI_DEFAULT_DB "vitaal.db"

struct cli {
    const char *db_path; /* --db PATH, else $VITAAL_DB, else CLI_DEFAULT_DB */
};

/* Prints "vitaal: WHERE: MESSAGE" (or without WHERE) to stderr and returns
 * the exit status for e->code. */
int cli_report(const struct error *e);

/* Prints "vitaal NAME: MESSAGE" plus a hint to run --help, returns 2. */
int cli_usage_error(const char *command, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Reads the date of option (e.g. "--today") into *out as days since the
 * epoch; else the usage error of command naming the value (exit status 2). */
int cli_option_date(const char *command, const char *option, const char *value, int64_t *out);

/* Handles the options every subcommand accepts; call from the getopt loop's
 * default branch. Returns 1 if it took the option, 0 if not. */
#define CLI_OPT_DB    1000
#define CLI_OPT_JSON  1001
#define CLI_OPT_AS_OF 1002
/* --as-of DATE: the commands that can answer for a day in the past */
#define CLI_AS_OF_OPTION                                                                           \
    {                                                                                              \
        "as-of", required_argument, NULL, CLI_OPT_AS_OF                                            \
    }
#define CLI_AS_OF_HELP                                                                             \
    "  --as-of DATE   answer as the records stood at the end of DATE (a Netherlands\n"             \
    "                 calendar day; the clock is computed for that day)\n"
#define CLI_OPT_HELP 'h'
#define CLI_COMMON_LONG_OPTIONS                                                                    \
    {"db", required_argument, NULL, CLI_OPT_DB},                                                   \
    {                                                                                              \
        "help", no_argument, NULL, CLI_OPT_HELP                                                    \
    }

struct store;

/* Opens cli->db_path with store_open flags; on failure prints the error and
 * returns the exit status (non-zero). */
int cli_open_store(const struct cli *cli, int flags, struct store **out);

/* Writes b to path ("-": standard output) through a temporary file beside
 * it, so a failure leaves no half-written document, readable by its owner
 * alone (0600, base/file.h); sealed to the public key in the file
 * encrypt_to first when it is not NULL (base/seal.h). ERR_IO, or
 * ERR_INVALID (a name too long, not a key file) with the message in e. */
int cli_write_output(const char *path, const struct strbuf *b, const char *encrypt_to,
                     struct error *e);

/* The options every report command takes: --format pdf|html|md (default
 * pdf), --lang nl|en (default nl), -o FILE and --encrypt-to KEY.pub. */
struct cli_doc_options {
    enum doc_format format;
    const char *lang, *path, *encrypt_to;
};
#define CLI_DOC_OPTIONS_INIT                                                                       \
    {                                                                                              \
        DOC_FORMAT_PDF, "nl", NULL, NULL                                                           \
    }
/* Takes getopt's c and arg into o when c is one of those options
 * (*taken = 1); returns 0, or the exit status of a usage error of command. */
int cli_doc_option(const char *command, int c, const char *arg, struct cli_doc_options *o,
                   int *taken);

/* Reads --as-of's value into *as_of (a day number); a usage error (exit 2)
 * otherwise. */
int cli_option_as_of(const char *command, const char *value, int64_t *as_of);
/* Opens the database to read: as it is (as_of < 0), or as it stood at the
 * end of day as_of (domain/asof.h). *today is the day the clock is computed
 * for: as_of, or today. On failure prints the error and returns the exit
 * status (non-zero). */
int cli_open_as_of(const struct cli *cli, int64_t as_of, struct store **out, int64_t *today);

/* The folder of shipped data (catalogue CSVs, demo.json): $VITAAL_DATA, else
 * the one found beside the binary (base/paths.h). */
const char *cli_data_dir(void);

/* The audit context of a command that writes: actor "cli:<login>", the
 * audit key of the database (created if missing) and the change its writes
 * are recorded as in the history (via "cli"; a command that imports sets
 * change.via to "import"). cli_audit_hook gives an import hook that appends
 * one entry per record written, naming the version it made. */
#include "domain/audit.h"
#include "domain/import.h"

struct cli_audit {
    struct audit_log log;
    char actor[160];
    const char *detail; /* e.g. "import data.json" */
    struct store_change change;
};
int cli_audit_open(const struct cli *cli, struct cli_audit *out, struct error *e);
/* One command's write, in one transaction: cli_write_begin opens the
 * database for writing and its audit log and begins (on failure nothing is
 * left open); cli_write_end appends ev when rc is 0 and commits, else rolls
 * back, and returns rc or what failed. The store stays open for the caller
 * to close. */
int cli_write_begin(const struct cli *cli, struct store **s, struct cli_audit *audit,
                    struct error *e);
int cli_write_end(struct store *s, struct cli_audit *audit, int rc, const struct audit_event *ev,
                  struct error *e);

/* Reads of confidential and secret records from the command line are
 * audited like the API's, with cli:<login> as the actor: reads is an array
 * of [kind, id] pairs of the records shown (gathered with
 * cli_note_read); one "read" entry per run of records of one kind (a
 * single record names it; several are one entry with no record and the
 * detail "DETAIL: id id ..."), in one transaction on the live database
 * (also when the answer came from an --as-of view). An empty array writes
 * nothing. */
void cli_note_read(json_t *reads, const struct kind *k, const json_t *record);
int cli_audit_reads(const struct cli *cli, const json_t *reads, const char *detail,
                    struct error *e);
/* Only who: the actor and change, without the audit key (vitaal init). */
void cli_audit_who(struct cli_audit *out);
struct import_hook cli_audit_hook(struct cli_audit *audit);

/* After a command: a signed checkpoint of the audit chain's head when the
 * command added entries (domain/audit_checkpoint.h); a failure is a warning
 * on standard error, the command's result stands. Nothing when the database
 * does not exist. */
void cli_anchor_audit(const struct cli *cli);

typedef int (*cli_command_fn)(struct cli *cli, int argc, char **argv);

struct cli_command {
    const char *name;
    cli_command_fn run;
    const char *summary; /* one line for `vitaal --help` */
};

/* The table of subcommands, ending with a zeroed entry (cli/commands.c). */
extern const struct cli_command cli_commands[];

int cmd_init(struct cli *cli, int argc, char **argv);
int cmd_import(struct cli *cli, int argc, char **argv);
int cmd_export(struct cli *cli, int argc, char **argv);
int cmd_list(struct cli *cli, int argc, char **argv);
int cmd_show(struct cli *cli, int argc, char **argv);
int cmd_history(struct cli *cli, int argc, char **argv);
int cmd_restore(struct cli *cli, int argc, char **argv);
int cmd_approve(struct cli *cli, int argc, char **argv);
int cmd_reject(struct cli *cli, int argc, char **argv);
int cmd_contribution(struct cli *cli, int argc, char **argv);
int cmd_attach(struct cli *cli, int argc, char **argv);
int cmd_compliance(struct cli *cli, int argc, char **argv);
int cmd_campaigns(struct cli *cli, int argc, char **argv);
int cmd_requests(struct cli *cli, int argc, char **argv);
int cmd_status(struct cli *cli, int argc, char **argv);
int cmd_kinds(struct cli *cli, int argc, char **argv);
int cmd_cascade(struct cli *cli, int argc, char **argv);
int cmd_criticality(struct cli *cli, int argc, char **argv);
int cmd_iim(struct cli *cli, int argc, char **argv);
int cmd_assess(struct cli *cli, int argc, char **argv);
int cmd_risks(struct cli *cli, int argc, char **argv);
int cmd_fallback_need(struct cli *cli, int argc, char **argv);
int cmd_whatif(struct cli *cli, int argc, char **argv);
int cmd_reviews(struct cli *cli, int argc, char **argv);
int cmd_quickscan(struct cli *cli, int argc, char **argv);
int cmd_framework(struct cli *cli, int argc, char **argv);
int cmd_incidents(struct cli *cli, int argc, char **argv);
int cmd_user(struct cli *cli, int argc, char **argv);
int cmd_audit(struct cli *cli, int argc, char **argv);
int cmd_report(struct cli *cli, int argc, char **argv);
/* `report process` (cmd_report_process.c), called by cmd_report. */
int cmd_report_process(struct cli *cli, int argc, char **argv);
int cmd_serve(struct cli *cli, int argc, char **argv);
int cmd_migrate(struct cli *cli, int argc, char **argv);
int cmd_keys(struct cli *cli, int argc, char **argv);
int cmd_decrypt(struct cli *cli, int argc, char **argv);
int cmd_comments(struct cli *cli, int argc, char **argv);
int cmd_notify(struct cli *cli, int argc, char **argv);

/* Notification mail (cmd_notify.c): one run of domain/notify's mailing
 * over the database at db_path; and a thread that runs it every
 * interval_s seconds beside the server until stopped (the first run at
 * once). Call smtp_global_init before. */
struct smtp_config;
struct cli_mail_worker;
int cli_mail_run(const char *db_path, const struct smtp_config *smtp, struct error *e);
int cli_mail_worker_start(const char *db_path, const struct smtp_config *smtp, int interval_s,
                          struct cli_mail_worker **out);
void cli_mail_worker_stop(struct cli_mail_worker *w); /* NULL is fine */

#endif
