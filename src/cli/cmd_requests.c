/*
 * cmd_requests.c — `vitaal requests`: requests for information (uitvraag,
 * domain/request.h) from the command line: list them with each
 * recipient's state, show one, send one (from a JSON file or options),
 * answer one for a provider, close one. The command line acts for the
 * coordinator, as cli:<login>; every write is validated first and then
 * written and audited in one transaction.
 */
#include "base/xmalloc.h"
#include "cli/cli.h"

#include "base/json_writer.h"
#include "base/timefmt.h"
#include "cli/table.h"
#include "domain/export.h"
#include "domain/request.h"
#include "domain/validate.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char requests_usage[] =
    "usage: vitaal requests [list] [--db PATH] [--process ID] [--json]\n"
    "       vitaal requests show [--db PATH] ID [--json]\n"
    "       vitaal requests send [--db PATH] --file FILE.json\n"
    "       vitaal requests send [--db PATH] --title TEXT --process ID --to ORG[,ORG...]\n"
    "                            --due DATE (--question TEXT... | --framework ID)\n"
    "                            [--analysis ID] [--classification C] [--owner ORG] [--id ID]\n"
    "       vitaal requests answer [--db PATH] ID --provider ORG (--text TEXT | --file FILE)\n"
    "                              [--draft]\n"
    "       vitaal requests close [--db PATH] ID\n\n"
    "Requests for information (uitvraag): the responsible ministry or the coordinator\n"
    "asks providers of a process questions by a due day; each provider answers, and\n"
    "its answer is its contribution to the ministry's analysis (decide on the risks\n"
    "it proposes with 'vitaal contribution'). Per recipient the state is answered\n"
    "(answer submitted), overdue (due day passed, not answered) or open.\n\n"
    "  list             every request with its recipients' states (--process: of one)\n"
    "  show ID          the request, its questions, its recipients and their answers\n"
    "  send             a new request; --file: a JSON object as POST /api/v1/requests\n"
    "                   takes it ({\"title\", \"to\", \"process\", \"due\", \"questions\": [...],\n"
    "                   \"classification\", \"owner\"}); without an id it gets REQ-YEAR-NNN.\n"
    "                   Every recipient must provide the process (a provider link).\n"
    "  --question TEXT  a question (repeat for more)\n"
    "  --framework ID   ask the framework's assessable requirements as questions\n"
    "  --analysis ID    the analysis the answers feed (default: the process's newest\n"
    "                   analysis that is not final, when the answer is given)\n"
    "  --classification public, internal (default), confidential or secret\n"
    "  --owner ORG      default: the process's ministry\n"
    "  answer ID        the answer of --provider (a recipient), submitted unless --draft;\n"
    "                   a draft is changed by answering again\n"
    "  close ID         close the request: it takes no more answers\n"
    "  --json           list, show: as JSON\n";

struct options {
    const char *process, *file, *title, *to, *due, *framework, *analysis, *classification, *owner,
        *id, *provider, *text;
    json_t *questions;
    int json, draft;
};

static int usage(const char *fmt, const char *arg)
{
    return cli_usage_error("requests", fmt, arg);
}

/* --- reading ------------------------------------------------------------------------ */

struct list_ctx {
    struct store *s;
    json_t *items; /* [request, view] pairs */
    int64_t today;
    struct error *e;
};

static int collect(void *ctx, json_t *request)
{
    struct list_ctx *l = ctx;
    json_t *view = NULL;
    int rc = request_view(l->s, request, NULL, l->today, &view, l->e);
    if (rc == 0)
        json_array_append_new(l->items, json_pack("[Oo]", request, view));
    return rc;
}

/* "provider state, provider state" of a view's recipients. */
static void states(const json_t *view, struct strbuf *b)
{
    json_t *r;
    size_t i;
    json_array_foreach(json_object_get(view, "recipients"), i, r)
    {
        strbuf_printf(b, "%s%s %s", i ? ", " : "",
                      json_string_value(json_object_get(r, "provider")),
                      json_string_value(json_object_get(r, "state")));
    }
}

/* The request with its view as one JSON object. */
static void write_full(struct json_writer *w, const json_t *request, const json_t *view)
{
    const struct kind *k = model_kind(KIND_REQUEST);
    const struct kind *contributions = model_kind(KIND_CONTRIBUTION);
    json_t *v;
    size_t i;
    json_write_object_begin(w);
    export_write_fields(w, k, request);
    json_write_key(w, "recipients");
    json_write_array_begin(w);
    json_array_foreach(json_object_get(view, "recipients"), i, v)
    {
        json_write_object_begin(w);
        json_write_key(w, "provider");
        json_write_string(w, json_string_value(json_object_get(v, "provider")));
        json_write_key(w, "name");
        json_write_string(w, json_string_value(json_object_get(v, "name")));
        json_write_key(w, "state");
        json_write_string(w, json_string_value(json_object_get(v, "state")));
        json_write_key(w, "answer");
        if (json_is_string(json_object_get(v, "answer")))
            json_write_string(w, json_string_value(json_object_get(v, "answer")));
        else
            json_write_null(w);
        json_write_object_end(w);
    }
    json_write_array_end(w);
    json_write_key(w, "answers");
    json_write_array_begin(w);
    json_array_foreach(json_object_get(view, "answers"), i, v)
    {
        export_write_record(w, contributions, v);
    }
    json_write_array_end(w);
    json_write_key(w, "questionnaire");
    json_write_array_begin(w);
    json_array_foreach(json_object_get(view, "questionnaire"), i, v)
    {
        json_write_object_begin(w);
        if (json_is_string(json_object_get(v, "requirement"))) {
            json_write_key(w, "requirement");
            json_write_string(w, json_string_value(json_object_get(v, "requirement")));
        }
        json_write_key(w, "text");
        json_write_string(w, json_string_value(json_object_get(v, "text")));
        json_write_object_end(w);
    }
    json_write_array_end(w);
    json_write_object_end(w);
}

static const char *field(const json_t *r, const char *name)
{
    const char *v = json_string_value(json_object_get(r, name));
    return v ? v : "";
}

static void print_text(const json_t *request, const json_t *view)
{
    json_t *v;
    size_t i;
    printf("%s — %s\nprocess %s, due %s, %s, %s (sent by %s at %s)\n", field(request, "id"),
           field(request, "title"), field(request, "process"), field(request, "due"),
           field(request, "status"), field(request, "classification"), field(request, "sent_by"),
           field(request, "sent_at"));
    if (json_is_string(json_object_get(request, "analysis")))
        printf("answers feed analysis %s\n", field(request, "analysis"));
    printf("\nquestions:\n");
    json_array_foreach(json_object_get(view, "questionnaire"), i, v)
    {
        if (json_is_string(json_object_get(v, "requirement")))
            printf("  %zu. [%s] %s\n", i + 1, field(v, "requirement"), field(v, "text"));
        else
            printf("  %zu. %s\n", i + 1, field(v, "text"));
    }
    printf("\nrecipients:\n");
    json_array_foreach(json_object_get(view, "recipients"), i, v)
    {
        printf("  %-24s %-9s %s\n", field(v, "provider"), field(v, "state"),
               json_is_string(json_object_get(v, "answer")) ? field(v, "answer") : "-");
    }
    json_array_foreach(json_object_get(view, "answers"), i, v)
    {
        printf("\nanswer of %s (%s, %s):\n%s\n", field(v, "provider"), field(v, "id"),
               field(v, "status"), field(v, "summary"));
    }
}

static int cmd_read(struct cli *cli, const struct options *o, const char *id)
{
    const struct kind *k = model_kind(KIND_REQUEST);
    const struct kind *contributions = model_kind(KIND_CONTRIBUTION);
    struct store_filter f = {model_field_find(k, "process"), o->process};
    struct list_ctx l = {NULL, json_array(), timefmt_today(), NULL};
    json_t *reads = json_array(), *pair, *a;
    struct json_writer w;
    struct error e = {0};
    struct table t;
    size_t i, j;
    int rc;

    l.e = &e;
    table_init(&t, 6, 60);
    if ((rc = cli_open_store(cli, STORE_READONLY, &l.s)) != 0)
        goto done;
    if (id) {
        json_t *request = NULL;
        if ((rc = store_record_get(l.s, k, id, &request, &e)) == 0) {
            rc = collect(&l, request);
            json_decref(request);
        } else if (rc == ERR_NOTFOUND)
            error_set(&e, ERR_NOTFOUND, id, "no request with this id");
    } else {
        rc = store_record_each(l.s, k, o->process ? &f : NULL, o->process ? 1 : 0, 0, 0, collect,
                               &l, &e);
    }
    store_close(l.s);
    if (rc != 0)
        goto cleanup;
    json_array_foreach(l.items, i, pair)
    {
        cli_note_read(reads, k, json_array_get(pair, 0));
        json_array_foreach(json_object_get(json_array_get(pair, 1), "answers"), j, a)
            cli_note_read(reads, contributions, a);
    }
    if ((rc = cli_audit_reads(cli, reads, id ? "vitaal requests show" : "vitaal requests list",
                              &e)) != 0)
        goto cleanup;
    if (o->json) {
        json_writer_init_file(&w, stdout, 1);
        if (!id)
            json_write_array_begin(&w);
        json_array_foreach(l.items, i, pair)
            write_full(&w, json_array_get(pair, 0), json_array_get(pair, 1));
        if (!id)
            json_write_array_end(&w);
        json_writer_finish(&w);
        putchar('\n');
    } else if (id) {
        pair = json_array_get(l.items, 0);
        print_text(json_array_get(pair, 0), json_array_get(pair, 1));
    } else {
        table_add_row(
            &t, (const char *const[]){"ID", "TITLE", "PROCESS", "DUE", "STATUS", "RECIPIENTS"});
        json_array_foreach(l.items, i, pair)
        {
            const json_t *r = json_array_get(pair, 0);
            struct strbuf b = STRBUF_INIT;
            states(json_array_get(pair, 1), &b);
            table_add_row(&t, (const char *const[]){field(r, "id"), field(r, "title"),
                                                    field(r, "process"), field(r, "due"),
                                                    field(r, "status"), strbuf_str(&b)});
            strbuf_release(&b);
        }
        table_print(&t, stdout);
    }
cleanup:
    if (rc != 0)
        rc = cli_report(&e);
done:
    table_release(&t);
    json_decref(l.items);
    json_decref(reads);
    return rc;
}

/* --- writing ------------------------------------------------------------------------ */

/* Every reference of the request names a record that exists. */
static int check_references(struct store *s, const json_t *request, struct error *e)
{
    const struct kind *k = model_kind(KIND_REQUEST);
    size_t i, j;
    int exists, rc;
    for (i = 0; i < k->n_fields; i++) {
        const struct field *f = &k->fields[i];
        json_t *v = json_object_get(request, f->name), *item;
        json_t *list = f->type == FIELD_REF_LIST ? json_incref(v) : json_pack("[O]", v);
        if (f->ref_kind == NULL || v == NULL || json_is_null(v)) {
            json_decref(list);
            continue;
        }
        json_array_foreach(list, j, item)
        {
            rc = store_record_exists(s, model_kind_find(f->ref_kind), json_string_value(item),
                                     &exists, e);
            if (rc == 0 && !exists)
                rc = error_set_msg(e, ERR_INVALID, f->name, "unknown_ref", "unknown {kind} '{id}'",
                                   "kind", model_kind_find(f->ref_kind)->singular, "id",
                                   json_string_value(item), NULL);
            if (rc != 0) {
                json_decref(list);
                return rc;
            }
        }
        json_decref(list);
    }
    return 0;
}

/* The request the options describe (a new object), or the file's. */
static int build_request(struct store *s, const struct options *o, json_t **out, struct error *e)
{
    json_t *r, *process = NULL;
    char *copy, *tok, *save = NULL;
    json_error_t jerr;
    *out = NULL;
    if (o->file) {
        r = json_load_file(o->file, JSON_REJECT_DUPLICATES, &jerr);
        if (r == NULL)
            return error_set(e, ERR_INVALID, o->file, "line %d: %s", jerr.line, jerr.text);
        if (!json_is_object(r)) {
            json_decref(r);
            return error_set(e, ERR_INVALID, o->file, "a request is one JSON object");
        }
        *out = r;
        return 0;
    }
    r = json_pack("{ss ss ss ss sO}", "title", o->title, "process", o->process, "due", o->due,
                  "classification", o->classification ? o->classification : "internal", "questions",
                  o->questions);
    json_object_set_new(r, "to", json_array());
    copy = xstrdup(o->to);
    for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
        json_array_append_new(json_object_get(r, "to"), json_string(tok));
    free(copy);
    if (json_array_size(o->questions) == 0)
        json_object_del(r, "questions");
    if (o->id)
        json_object_set_new(r, "id", json_string(o->id));
    if (o->framework)
        json_object_set_new(r, "framework", json_string(o->framework));
    if (o->analysis)
        json_object_set_new(r, "analysis", json_string(o->analysis));
    if (o->owner)
        json_object_set_new(r, "owner", json_string(o->owner));
    else if (store_record_get(s, model_kind(KIND_PROCESS), o->process, &process, e) == 0)
        json_object_set(r, "owner", json_object_get(process, "ministry"));
    json_decref(process);
    *out = r;
    return 0;
}

static int cmd_send(struct cli *cli, const struct options *o)
{
    const struct kind *k = model_kind(KIND_REQUEST);
    struct cli_audit audit;
    struct audit_event ev;
    struct store_write wr = {0};
    struct store *s = NULL;
    struct error e = {0};
    json_t *r = NULL;
    char detail[80];
    int exists = 0, rc;

    if ((rc = cli_write_begin(cli, &s, &audit, &e)) != 0)
        goto cleanup;
    if ((rc = build_request(s, o, &r, &e)) == 0 &&
        (rc = request_prepare_write(s, k, NULL, r, audit.actor, &e)) == 0 &&
        (rc = validate_record(k, r, "$", &e)) == 0 && (rc = check_references(s, r, &e)) == 0 &&
        (rc = request_check_write(s, k, NULL, r, &e)) == 0 &&
        (rc = store_record_exists(s, k, json_string_value(json_object_get(r, "id")), &exists,
                                  &e)) == 0) {
        if (exists)
            rc = error_set_msg(&e, ERR_CONFLICT, "id", "id_taken", "the id '{id}' is taken", "id",
                               json_string_value(json_object_get(r, "id")), NULL);
        else
            rc = store_record_put(s, k, r, &audit.change, &wr, &e);
    }
    snprintf(detail, sizeof detail, "version %" PRId64 "; sent", wr.version);
    ev = (struct audit_event){audit.actor,
                              NULL,
                              "create",
                              "requests",
                              r ? json_string_value(json_object_get(r, "id")) : NULL,
                              detail};
    rc = cli_write_end(s, &audit, rc, &ev, &e);
    if (rc == 0)
        printf("sent request %s to %zu provider(s)\n", json_string_value(json_object_get(r, "id")),
               json_array_size(json_object_get(r, "to")));
cleanup:
    json_decref(r);
    store_close(s);
    return rc ? cli_report(&e) : 0;
}

static int read_text_file(const char *path, char **out, struct error *e)
{
    FILE *f = fopen(path, "rb");
    struct strbuf b = STRBUF_INIT;
    char buf[4096];
    size_t n;
    *out = NULL;
    if (f == NULL)
        return error_set(e, ERR_IO, path, "cannot open it");
    while ((n = fread(buf, 1, sizeof buf, f)) > 0 && b.len < 1024 * 1024)
        strbuf_append(&b, buf, n);
    fclose(f);
    if (b.len >= 1024 * 1024) {
        strbuf_release(&b);
        return error_set(e, ERR_INVALID, path, "an answer is at most 1 MiB of text");
    }
    *out = xstrdup(strbuf_str(&b));
    strbuf_release(&b);
    return 0;
}

static int cmd_answer(struct cli *cli, const struct options *o, const char *id)
{
    struct request_answer a = {0};
    struct request_answer_result res = {0};
    struct cli_audit audit;
    struct audit_event ev;
    struct store *s = NULL;
    struct error e = {0};
    char detail[200], *text = NULL;
    int rc;

    if (o->file && (rc = read_text_file(o->file, &text, &e)) != 0)
        return cli_report(&e);
    if ((rc = cli_write_begin(cli, &s, &audit, &e)) != 0)
        goto cleanup;
    a.request = id;
    a.provider = o->provider;
    a.text = text ? text : o->text;
    a.submit = !o->draft;
    a.user = audit.actor;
    a.change = &audit.change;
    rc = request_answer(s, &a, &res, &e);
    snprintf(detail, sizeof detail, "version %" PRId64 "; answers request %.100s%s", res.version,
             id, a.submit ? "; submitted" : "; draft");
    ev = (struct audit_event){
        audit.actor,      NULL,  res.created ? "create" : "update", "contributions",
        res.contribution, detail};
    rc = cli_write_end(s, &audit, rc, &ev, &e);
    if (rc == 0)
        printf("%s answer %s of %s to request %s\n", a.submit ? "submitted" : "saved draft",
               res.contribution, o->provider, id);
cleanup:
    free(text);
    store_close(s);
    return rc ? cli_report(&e) : 0;
}

static int cmd_close(struct cli *cli, const char *id)
{
    struct cli_audit audit;
    struct audit_event ev;
    struct store *s = NULL;
    struct error e = {0};
    int64_t version = 0;
    char detail[48];
    int rc;

    if ((rc = cli_write_begin(cli, &s, &audit, &e)) != 0)
        goto cleanup;
    rc = request_close(s, id, NULL, &audit.change, &version, &e);
    snprintf(detail, sizeof detail, "version %" PRId64 "; closed", version);
    ev = (struct audit_event){audit.actor, NULL, "update", "requests", id, detail};
    rc = cli_write_end(s, &audit, rc, &ev, &e);
    if (rc == 0)
        printf("closed request %s\n", id);
cleanup:
    store_close(s);
    return rc ? cli_report(&e) : 0;
}

int cmd_requests(struct cli *cli, int argc, char **argv)
{
    enum {
        O_PROCESS = 1,
        O_FILE,
        O_TITLE,
        O_TO,
        O_DUE,
        O_QUESTION,
        O_FRAMEWORK,
        O_ANALYSIS,
        O_CLASSIFICATION,
        O_OWNER,
        O_ID,
        O_PROVIDER,
        O_TEXT,
        O_DRAFT
    };
    static const struct option options[] = {
        CLI_COMMON_LONG_OPTIONS,
        {"json", no_argument, NULL, CLI_OPT_JSON},
        {"process", required_argument, NULL, O_PROCESS},
        {"file", required_argument, NULL, O_FILE},
        {"title", required_argument, NULL, O_TITLE},
        {"to", required_argument, NULL, O_TO},
        {"due", required_argument, NULL, O_DUE},
        {"question", required_argument, NULL, O_QUESTION},
        {"framework", required_argument, NULL, O_FRAMEWORK},
        {"analysis", required_argument, NULL, O_ANALYSIS},
        {"classification", required_argument, NULL, O_CLASSIFICATION},
        {"owner", required_argument, NULL, O_OWNER},
        {"id", required_argument, NULL, O_ID},
        {"provider", required_argument, NULL, O_PROVIDER},
        {"text", required_argument, NULL, O_TEXT},
        {"draft", no_argument, NULL, O_DRAFT},
        {NULL, 0, NULL, 0}};
    struct options o = {0};
    const char *action = "list", *id = NULL;
    int c, rc = 2;

    o.questions = json_array();
    while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (c) {
        case CLI_OPT_DB:
            cli->db_path = optarg;
            break;
        case 'h':
            fputs(requests_usage, stdout);
            rc = 0;
            goto done;
        case CLI_OPT_JSON:
            o.json = 1;
            break;
        case O_PROCESS:
            o.process = optarg;
            break;
        case O_FILE:
            o.file = optarg;
            break;
        case O_TITLE:
            o.title = optarg;
            break;
        case O_TO:
            o.to = optarg;
            break;
        case O_DUE:
            o.due = optarg;
            break;
        case O_QUESTION:
            json_array_append_new(o.questions, json_string(optarg));
            break;
        case O_FRAMEWORK:
            o.framework = optarg;
            break;
        case O_ANALYSIS:
            o.analysis = optarg;
            break;
        case O_CLASSIFICATION:
            o.classification = optarg;
            break;
        case O_OWNER:
            o.owner = optarg;
            break;
        case O_ID:
            o.id = optarg;
            break;
        case O_PROVIDER:
            o.provider = optarg;
            break;
        case O_TEXT:
            o.text = optarg;
            break;
        case O_DRAFT:
            o.draft = 1;
            break;
        default:
            rc = usage("unknown option%s", "");
            goto done;
        }
    }
    if (optind < argc)
        action = argv[optind++];
    if (optind < argc)
        id = argv[optind++];
    if (optind < argc) {
        rc = usage("one ID only, not '%s'", argv[optind]);
        goto done;
    }
    if (strcmp(action, "list") == 0 && id == NULL) {
        rc = cmd_read(cli, &o, NULL);
    } else if (strcmp(action, "show") == 0 && id) {
        rc = cmd_read(cli, &o, id);
    } else if (strcmp(action, "send") == 0 && id == NULL) {
        if (o.file && (o.title || o.to || o.due || o.process || json_array_size(o.questions)))
            rc = usage("--file holds the whole request; leave out the other options%s", "");
        else if (!o.file && !(o.title && o.process && o.to && o.due))
            rc = usage("say --title, --process, --to and --due (or --file)%s", "");
        else if (!o.file && json_array_size(o.questions) == 0 && !o.framework)
            rc = usage("ask at least one --question, or name a --framework%s", "");
        else
            rc = cmd_send(cli, &o);
    } else if (strcmp(action, "answer") == 0 && id) {
        if (o.provider == NULL)
            rc = usage("say whose answer it is: --provider ORG%s", "");
        else if ((o.text == NULL) == (o.file == NULL))
            rc = usage("give the answer with --text TEXT or --file FILE (one of the two)%s", "");
        else
            rc = cmd_answer(cli, &o, id);
    } else if (strcmp(action, "close") == 0 && id) {
        rc = cmd_close(cli, id);
    } else {
        rc = usage("say list, show ID, send, answer ID or close ID (not '%s')", action);
    }
done:
    json_decref(o.questions);
    return rc;
}
