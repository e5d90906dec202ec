/*
 * cmd_keys.c — `vitaal keys new NAME` and `vitaal decrypt`: the recipient's
 * side of sealed exports and reports (base/seal.h). The recipient makes a
 * key pair and hands out NAME.pub; whoever exports or reports with
 * `--encrypt-to NAME.pub` produces a file that only NAME.key opens. Neither
 * command touches a database.
 */
#include "cli/cli.h"

#include "base/file.h"
#include "base/seal.h"
#include "base/strbuf.h"

#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char keys_usage[] =
    "usage: vitaal keys new NAME\n\n"
    "Makes a key pair for sealed documents: NAME.pub (hand it to whoever sends\n"
    "you exports or reports: vitaal export --encrypt-to NAME.pub) and NAME.key\n"
    "(the secret key, readable by you alone; vitaal decrypt --key NAME.key opens\n"
    "what was sealed to NAME.pub). Existing files are never overwritten.\n";

static const char decrypt_usage[] =
    "usage: vitaal decrypt --key NAME.key FILE [-o OUT]\n\n"
    "Opens a document sealed with --encrypt-to (an export or a report) with the\n"
    "secret key; writes it to OUT (created readable by its owner alone) or to\n"
    "standard output. A document sealed to another key, or changed since it was\n"
    "sealed, does not open (exit 2).\n";

int cmd_keys(struct cli *cli, int argc, char **argv)
{
    struct seal_keys keys;
    struct strbuf pub = STRBUF_INIT, sec = STRBUF_INIT;
    struct error e = {0};
    char pub_path[4096], key_path[4096];
    int rc;
    (void)cli;

    if (argc >= 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
        fputs(keys_usage, stdout);
        return 0;
    }
    if (argc != 3 || strcmp(argv[1], "new") != 0)
        return cli_usage_error("keys", "use: vitaal keys new NAME");
    if (argv[2][0] == '\0' ||
        (size_t)snprintf(pub_path, sizeof pub_path, "%s.pub", argv[2]) >= sizeof pub_path ||
        (size_t)snprintf(key_path, sizeof key_path, "%s.key", argv[2]) >= sizeof key_path)
        return cli_usage_error("keys", "the name is empty or too long");
    if (access(pub_path, F_OK) == 0 || access(key_path, F_OK) == 0) {
        error_set(&e, ERR_CONFLICT, access(key_path, F_OK) == 0 ? key_path : pub_path,
                  "exists already; keys are never overwritten (choose another NAME)");
        return cli_report(&e);
    }
    if ((rc = seal_keys_new(&keys, &e)) == 0) {
        seal_public_text(&keys, &pub);
        seal_secret_text(&keys, &sec);
        rc = file_write_private(key_path, sec.data, sec.len, &e);
        if (rc == 0)
            rc = file_write_private(pub_path, pub.data, pub.len, &e);
    }
    sodium_memzero(&keys, sizeof keys);
    if (sec.data)
        sodium_memzero(sec.data, sec.len);
    strbuf_release(&pub);
    strbuf_release(&sec);
    if (rc != 0)
        return cli_report(&e);
    printf("vitaal: wrote %s (give it to senders) and %s (secret: keep it)\n", pub_path, key_path);
    return 0;
}

int cmd_decrypt(struct cli *cli, int argc, char **argv)
{
    static const struct option options[] = {CLI_COMMON_LONG_OPTIONS,
                                            {"key", required_argument, NULL, 'k'},
                                            {"output", required_argument, NULL, 'o'},
                                            {NULL, 0, NULL, 0}};
    struct seal_keys keys;
    struct strbuf plain = STRBUF_INIT;
    struct error e = {0};
    const char *key = NULL, *output = "-";
    char *data = NULL;
    size_t len = 0;
    int c, rc;

    while ((c = getopt_long(argc, argv, "ho:", options, NULL)) != -1) {
        switch (c) {
        case CLI_OPT_DB:
            cli->db_path = optarg;
            break;
        case 'h':
            fputs(decrypt_usage, stdout);
            return 0;
        case 'k':
            key = optarg;
            break;
        case 'o':
            output = optarg;
            break;
        default:
            return cli_usage_error("decrypt", "unknown option");
        }
    }
    if (!key)
        return cli_usage_error("decrypt", "--key NAME.key is required");
    if (optind + 1 != argc)
        return cli_usage_error("decrypt", "name one sealed FILE");
    /* a sealed export is as large as the database's records: 4 GiB is far
     * beyond any, and bounds the memory a wrong file can take */
    if ((rc = seal_read_secret(key, &keys, &e)) == 0 &&
        (rc = file_read_all(argv[optind], (size_t)4 << 30, &data, &len, &e)) == 0) {
        rc = seal_open(&keys, data, len, &plain, &e);
        if (rc != 0)
            error_prefix_where(&e, argv[optind]);
        else
            rc = cli_write_output(output, &plain, NULL, &e);
    }
    sodium_memzero(&keys, sizeof keys);
    if (plain.data)
        sodium_memzero(plain.data, plain.len);
    strbuf_release(&plain);
    free(data);
    return rc ? cli_report(&e) : 0;
}
