/*
 * notify.c — the notifications derived for one user, their read state and
 * mailing them (see notify.h). `sources` below is the one list of what a
 * user is told of; every item goes through notify_add and its
 * access_can_read.
 */
#include "domain/notify.h"

#include "base/timefmt.h"
#include "base/xmalloc.h"
#include "domain/approval.h"
#include "domain/comment.h"
#include "domain/request.h"
#include "store/comments.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOTIFY_TEXT_MAX 200 /* characters of a comment shown in a notification */

struct notify_ctx {
    struct store *s;
    const struct store_user *u;
    struct access *a;
    int64_t now, today;
    char since[24];
    json_t *items; /* id -> item */
};

const struct store_user *notify_user(const struct notify_ctx *c)
{
    return c->u;
}

struct access *notify_access(const struct notify_ctx *c)
{
    return c->a;
}

struct store *notify_store(const struct notify_ctx *c)
{
    return c->s;
}

int64_t notify_now(const struct notify_ctx *c)
{
    return c->now;
}

int64_t notify_today(const struct notify_ctx *c)
{
    return c->today;
}

const char *notify_since(const struct notify_ctx *c)
{
    return c->since;
}

/* A copy of text cut after NOTIFY_TEXT_MAX characters (UTF-8), with "…". */
static char *excerpt(const char *text)
{
    size_t n = 0, i;
    char *out;
    for (i = 0; text[i]; i++) {
        if (((unsigned char)text[i] & 0xC0) != 0x80 && n++ == NOTIFY_TEXT_MAX)
            break;
    }
    out = xmalloc(i + 4);
    memcpy(out, text, i);
    strcpy(out + i, text[i] ? "\xE2\x80\xA6" : "");
    return out;
}

int notify_add(struct notify_ctx *c, const char *id, const char *event, const struct kind *k,
               const json_t *record, const char *at, const char *text, const char *by,
               struct error *e)
{
    const char *title = NULL;
    char *cut = NULL;
    json_t *item;
    int rc, classified;

    if (json_object_get(c->items, id))
        return 0;
    rc = access_can_read(c->a, c->s, k, record, e);
    if (rc == ERR_NOTFOUND) {
        error_clear(e);
        return 0; /* never a word about what the user may not read */
    }
    if (rc != 0)
        return rc;
    classified = access_read_is_audited(record);
    if (k->label && !classified)
        title = json_string_value(json_object_get(record, k->label));
    if (text && !classified)
        cut = excerpt(text);
    item = json_pack("{s:s, s:s, s:s, s:s, s:s?, s:s?, s:s?, s:s, s:b}", "id", id, "event", event,
                     "kind", k->name, "record", json_string_value(json_object_get(record, "id")),
                     "title", title, "text", cut, "by", by, "at", at, "read", 0);
    free(cut);
    if (item == NULL)
        return error_set(e, ERR_INTERNAL, id, "cannot make the notification (a text not UTF-8?)");
    json_object_set_new(c->items, id, item);
    return 0;
}

/* --- the sources --------------------------------------------------------------------- */

struct comment_walk {
    struct notify_ctx *c;
    json_t *took_part; /* "kind/id" of the threads the user wrote in -> true */
    struct error *e;
};

static int mentions_user(const char *mentions, const char *user)
{
    json_t *list = json_loads(mentions, 0, NULL), *v;
    size_t i;
    int found = 0;
    json_array_foreach(list, i, v) found |=
        json_is_string(v) && strcmp(json_string_value(v), user) == 0;
    json_decref(list);
    return found;
}

static int on_comment(void *ctx, const struct store_comment *cm)
{
    struct comment_walk *w = ctx;
    struct notify_ctx *c = w->c;
    const struct kind *k = model_kind_find(cm->parent_kind);
    const char *owner;
    json_t *parent = NULL;
    char key[300], id[40];
    int mentioned, rc;

    snprintf(key, sizeof key, "%s/%s", cm->parent_kind, cm->parent_id);
    if (strcmp(cm->author, c->u->id) == 0) {
        json_object_set_new(w->took_part, key, json_true());
        return 0;
    }
    if (cm->retracted_at || strcmp(cm->created_at, c->since) < 0 || !comment_kind_allowed(k) ||
        comment_hidden(c->s, users_role_of(c->u), c->u->org, cm))
        return 0;
    mentioned = mentions_user(cm->mentions, c->u->id);
    rc = store_record_get(c->s, k, cm->parent_id, &parent, w->e);
    if (rc == ERR_NOTFOUND) { /* the record is gone, and its thread with it */
        error_clear(w->e);
        return 0;
    }
    if (rc != 0)
        return rc;
    owner = json_string_value(json_object_get(parent, "owner"));
    if (mentioned || (owner && strcmp(owner, c->u->org) == 0) ||
        json_object_get(w->took_part, key)) {
        snprintf(id, sizeof id, "comment:%" PRId64, cm->id);
        rc = notify_add(c, id, mentioned ? "mention" : "comment", k, parent, cm->created_at,
                        cm->text, cm->author, w->e);
    }
    json_decref(parent);
    return rc;
}

static int from_comments(struct notify_ctx *c, struct error *e)
{
    struct comment_walk w = {c, json_object(), e};
    /* from the first comment: a thread the user wrote in long ago still counts */
    int rc = store_comment_each_since(c->s, "", on_comment, &w, e);
    json_decref(w.took_part);
    return rc;
}

static int collect(void *ctx, json_t *record)
{
    json_array_append(ctx, record);
    return 0;
}

static int newest_at(void *ctx, const struct store_version *v)
{
    snprintf(ctx, 24, "%s", v->at);
    return 1; /* newest first: the first is the one */
}

static int from_approvals(struct notify_ctx *c, struct error *e)
{
    static const char *const kinds[] = {"analyses", "assessments", "reviews", NULL};
    json_t *list = NULL, *r;
    size_t i, j;
    int rc = 0;

    for (i = 0; kinds[i] && rc == 0; i++) {
        const struct kind *k = model_kind_find(kinds[i]);
        struct store_filter f = {model_field_find(k, "status"), "review"};
        list = json_array();
        if ((rc = store_record_each(c->s, k, &f, 1, 0, 0, collect, list, e)) != 0)
            break;
        json_array_foreach(list, j, r)
        {
            const char *rid = json_string_value(json_object_get(r, "id"));
            struct approval_request rq = {k, rid, 1, NULL, 0, c->u->id, c->a, NULL};
            char id[300], at[24] = "";
            int64_t version = 0;
            rc = approval_may_decide(c->s, &rq, r, e);
            if (rc == ERR_FORBIDDEN || rc == ERR_NOTFOUND) {
                error_clear(e);
                rc = 0;
                continue;
            }
            if (rc != 0 || (rc = store_record_version(c->s, k, rid, &version, e)) != 0)
                break;
            rc = store_history_each(c->s, k, rid, newest_at, at, e);
            if (rc < 0)
                break;
            rc = 0; /* in review for however long: still asked */
            snprintf(id, sizeof id, "approval:%s:%s:v%" PRId64, k->name, rid, version);
            if ((rc = notify_add(c, id, "approval", k, r, at, NULL, NULL, e)) != 0)
                break;
        }
        json_decref(list);
        list = NULL;
    }
    json_decref(list);
    return rc;
}

/* Whether the user answers for measure m: its organisation owns it, or
 * (department) is the ministry of one of its processes (ministries: process
 * id -> ministry). */
static int responsible_for(const struct notify_ctx *c, const json_t *m, const json_t *ministries)
{
    const char *owner = json_string_value(json_object_get(m, "owner"));
    json_t *p;
    size_t i;
    if (owner && strcmp(owner, c->u->org) == 0)
        return 1;
    if (users_role_of(c->u) != ROLE_DEPARTMENT)
        return 0;
    json_array_foreach(json_object_get(m, "processes"), i, p)
    {
        const char *ministry = json_string_value(json_object_get(ministries, json_string_value(p)));
        if (ministry && strcmp(ministry, c->u->org) == 0)
            return 1;
    }
    return 0;
}

static int note_ministry(void *ctx, json_t *process)
{
    json_object_set(ctx, json_string_value(json_object_get(process, "id")),
                    json_object_get(process, "ministry"));
    return 0;
}

/* The moment a deadline (day) is told of: the start of the day after it
 * passed, or NOTIFY_SOON_DAYS before it; never after now. */
static void deadline_at(const struct notify_ctx *c, int64_t day, int passed, char at[24])
{
    int64_t moment = (passed ? day + 1 : day - NOTIFY_SOON_DAYS) * 86400;
    timefmt_format_datetime(moment < c->now ? moment : c->now, at);
}

static int from_measure_deadlines(struct notify_ctx *c, struct error *e)
{
    const struct kind *k = model_kind(KIND_MEASURE);
    json_t *list = json_array(), *ministries = json_object(), *m;
    size_t i;
    int rc;

    if ((rc = store_record_each(c->s, model_kind(KIND_PROCESS), NULL, 0, 0, 0, note_ministry,
                                ministries, e)) != 0 ||
        (rc = store_record_each(c->s, k, NULL, 0, 0, 0, collect, list, e)) != 0)
        goto cleanup;
    json_array_foreach(list, i, m)
    {
        const char *due = json_string_value(json_object_get(m, "due"));
        const char *status = json_string_value(json_object_get(m, "status"));
        char id[300], at[24], text[40];
        int64_t day;
        int passed;
        if (due == NULL || timefmt_parse_date(due, &day) != 0 ||
            (status && (strcmp(status, "done") == 0 || strcmp(status, "cancelled") == 0)))
            continue;
        passed = day < c->today;
        if (!passed && day - c->today > NOTIFY_SOON_DAYS)
            continue;
        if (!responsible_for(c, m, ministries))
            continue;
        deadline_at(c, day, passed, at);
        snprintf(id, sizeof id, "%s:measures:%s:%s", passed ? "deadline_passed" : "deadline_soon",
                 json_string_value(json_object_get(m, "id")), due);
        snprintf(text, sizeof text, "%s", due);
        if ((rc = notify_add(c, id, passed ? "deadline_passed" : "deadline_soon", k, m, at, text,
                             NULL, e)) != 0)
            break;
    }
cleanup:
    json_decref(list);
    json_decref(ministries);
    return rc;
}

/* The notifications of one request r for the user: sender is whether the
 * user's organisation sent it (or the user did), view its request_view
 * for everyone (every recipient's state and answer). */
static int request_items(struct notify_ctx *c, const struct kind *k, const json_t *r, int sender,
                         const json_t *view, int64_t due, struct error *e)
{
    const struct kind *contributions = model_kind(KIND_CONTRIBUTION);
    const char *rid = json_string_value(json_object_get(r, "id"));
    const char *sent_at = json_string_value(json_object_get(r, "sent_at"));
    const char *due_text = json_string_value(json_object_get(r, "due"));
    int open = !json_is_string(json_object_get(r, "status")) ||
               strcmp(json_string_value(json_object_get(r, "status")), "open") == 0;
    int overdue = 0, rc = 0;
    char id[300], at[24];
    json_t *v;
    size_t i;

    json_array_foreach(json_object_get(view, "recipients"), i, v)
    {
        const char *provider = json_string_value(json_object_get(v, "provider"));
        const char *state = json_string_value(json_object_get(v, "state"));
        int passed = strcmp(state, "overdue") == 0;
        overdue |= passed && open;
        if (strcmp(provider, c->u->org) != 0)
            continue;
        /* addressed to the user's organisation */
        if (sent_at && strcmp(sent_at, c->since) >= 0) {
            snprintf(id, sizeof id, "request:%s", rid);
            if ((rc = notify_add(c, id, "request", k, r, sent_at, NULL,
                                 json_string_value(json_object_get(r, "sent_by")), e)) != 0)
                return rc;
        }
        if (!open || strcmp(state, "answered") == 0 ||
            (!passed && due - c->today > NOTIFY_SOON_DAYS))
            continue;
        deadline_at(c, due, passed, at);
        snprintf(id, sizeof id, "%s:requests:%s:%s", passed ? "deadline_passed" : "deadline_soon",
                 rid, due_text);
        if ((rc = notify_add(c, id, passed ? "deadline_passed" : "deadline_soon", k, r, at,
                             due_text, NULL, e)) != 0)
            return rc;
    }
    if (!sender)
        return 0;
    json_array_foreach(json_object_get(view, "answers"), i, v)
    {
        const char *status = json_string_value(json_object_get(v, "status"));
        const char *when = json_string_value(json_object_get(v, "submitted_at"));
        if (status == NULL || strcmp(status, "draft") == 0 || when == NULL ||
            strcmp(when, c->since) < 0)
            continue;
        rc = access_can_read(c->a, c->s, contributions, v, e);
        if (rc == ERR_NOTFOUND) { /* the answer is above the user's clearance */
            error_clear(e);
            rc = 0;
            continue;
        }
        if (rc != 0)
            return rc;
        snprintf(id, sizeof id, "answer:%s", json_string_value(json_object_get(v, "id")));
        if ((rc = notify_add(c, id, "answer", k, r, when,
                             json_string_value(json_object_get(v, "summary")),
                             json_string_value(json_object_get(v, "submitted_by")), e)) != 0)
            return rc;
    }
    if (overdue) { /* some recipient has not answered in time */
        deadline_at(c, due, 1, at);
        snprintf(id, sizeof id, "deadline_passed:requests:%s:%s", rid, due_text);
        rc = notify_add(c, id, "deadline_passed", k, r, at, due_text, NULL, e);
    }
    return rc;
}

/* Requests (issue 12 part 2): "request" to the users of each organisation
 * it is addressed to; "answer" (submitted ones) to the sender's
 * organisation; deadline_soon / deadline_passed to a recipient that has
 * not answered an open request, and deadline_passed to the sender once a
 * recipient is overdue. */
static int notify_from_requests(struct notify_ctx *c, struct error *e)
{
    const struct kind *k = model_kind(KIND_REQUEST);
    json_t *list = json_array(), *r, *view = NULL;
    size_t i;
    int rc;

    if ((rc = store_record_each(c->s, k, NULL, 0, 0, 0, collect, list, e)) != 0)
        goto cleanup;
    json_array_foreach(list, i, r)
    {
        const char *owner = json_string_value(json_object_get(r, "owner"));
        const char *sent_by = json_string_value(json_object_get(r, "sent_by"));
        int sender =
            (owner && strcmp(owner, c->u->org) == 0 && users_role_of(c->u) != ROLE_PROVIDER) ||
            (sent_by && strcmp(sent_by, c->u->id) == 0);
        int64_t due = 0;
        json_t *to = json_object_get(r, "to"), *v;
        size_t j;
        int addressed = 0;
        json_array_foreach(to, j, v) addressed |=
            json_is_string(v) && strcmp(json_string_value(v), c->u->org) == 0;
        if ((!sender && !addressed) ||
            timefmt_parse_date(json_string_value(json_object_get(r, "due")), &due) != 0)
            continue;
        if ((rc = request_view(c->s, r, NULL, c->today, &view, e)) != 0 ||
            (rc = request_items(c, k, r, sender, view, due, e)) != 0)
            break;
        json_decref(view);
        view = NULL;
    }
cleanup:
    json_decref(view);
    json_decref(list);
    return rc;
}

/* Everything a user is told of. */
static int (*const sources[])(struct notify_ctx *c, struct error *e) = {
    from_comments, from_approvals, from_measure_deadlines, notify_from_requests, NULL,
};

/* --- listing and read state ---------------------------------------------------------- */

static int newest_first(const void *pa, const void *pb)
{
    const json_t *a = *(json_t *const *)pa, *b = *(json_t *const *)pb;
    int c = strcmp(json_string_value(json_object_get(b, "at")),
                   json_string_value(json_object_get(a, "at")));
    return c ? c
             : strcmp(json_string_value(json_object_get(b, "id")),
                      json_string_value(json_object_get(a, "id")));
}

int notify_list(struct store *s, const struct store_user *u, struct access *a, int64_t now,
                json_t **out, struct error *e)
{
    struct notify_ctx c = {s, u, a, now, timefmt_amsterdam_day(now), "", json_object()};
    json_t **sorted = NULL, *read = NULL, *items = NULL, *v;
    char read_until[24] = "";
    const char *id;
    size_t n = 0, i, unread = 0;
    int rc = 0;

    *out = NULL;
    timefmt_format_datetime(now - (int64_t)NOTIFY_WINDOW_DAYS * 86400, c.since);
    for (i = 0; sources[i] && rc == 0; i++)
        rc = sources[i](&c, e);
    if (rc != 0 || (rc = store_notify_read_get(s, u->id, read_until, &read, e)) != 0)
        goto cleanup;
    sorted = xmalloc((json_object_size(c.items) + 1) * sizeof *sorted);
    json_object_foreach(c.items, id, v)
    {
        int is_read = json_object_get(read, id) != NULL ||
                      strcmp(json_string_value(json_object_get(v, "at")), read_until) <= 0;
        json_object_set_new(v, "read", json_boolean(is_read));
        unread += !is_read;
        sorted[n++] = v;
    }
    qsort(sorted, n, sizeof *sorted, newest_first);
    items = json_array();
    for (i = 0; i < n; i++)
        json_array_append(items, sorted[i]);
    *out = json_pack("{s:o, s:I}", "items", items, "unread", (json_int_t)unread);
cleanup:
    free(sorted);
    json_decref(read);
    json_decref(c.items);
    return rc;
}

int notify_mark_read(struct store *s, const char *user, const json_t *ids, int64_t now,
                     struct error *e)
{
    char at[24];
    json_t *v;
    size_t i;
    int rc = 0;
    timefmt_format_datetime(now, at);
    if (ids == NULL)
        return store_notify_read_all(s, user, at, e);
    if (!json_is_array(ids) || json_array_size(ids) > 1000)
        return error_set(e, ERR_INVALID, "ids", "a list of at most 1000 notification ids");
    json_array_foreach(ids, i, v)
    {
        if (!json_is_string(v) || json_string_length(v) == 0 || json_string_length(v) > 300)
            return error_set(e, ERR_INVALID, "ids", "a list of notification ids");
        if ((rc = store_notify_read_one(s, user, json_string_value(v), at, e)) != 0)
            return rc;
    }
    return 0;
}

/* --- mail ---------------------------------------------------------------------------- */

static const char *const events[][3] = {
    {"comment", "Nieuwe reactie", "New comment"},
    {"mention", "Je bent genoemd in een reactie", "You were mentioned in a comment"},
    {"approval", "Goedkeuring gevraagd", "Approval asked"},
    {"deadline_soon", "Termijn binnen 7 dagen", "Deadline within 7 days"},
    {"deadline_passed", "Termijn verstreken", "Deadline passed"},
    {"request", "Nieuwe uitvraag", "New request"},
    {"answer", "Nieuw antwoord op een uitvraag", "New answer to a request"},
};

static const char *item_str(const json_t *item, const char *key)
{
    return json_string_value(json_object_get(item, key));
}

void notify_mail_message(const json_t *item, char **subject, char **body)
{
    const char *event = item_str(item, "event"), *nl = event, *en = event;
    const struct kind *k = model_kind_find(item_str(item, "kind"));
    const char *singular = k ? k->singular : item_str(item, "kind");
    const char *title = item_str(item, "title"), *text = item_str(item, "text");
    const char *by = item_str(item, "by");
    size_t i;

    for (i = 0; i < sizeof events / sizeof events[0]; i++) {
        if (strcmp(events[i][0], event) == 0) {
            nl = events[i][1];
            en = events[i][2];
        }
    }
    *body = NULL;
    *subject = xasprintf("[vitaal] %s: %s %s", en, singular, item_str(item, "record"));
    *body = xasprintf("%s / %s\n\n%s %s%s%s\n%s%s%s%s%s%s\n"
                      "Lees het in vitaal. / Read it in vitaal.\n",
                      nl, en, singular, item_str(item, "record"), title ? ": " : "",
                      title ? title : "", by ? "door / by: " : "", by ? by : "", by ? "\n" : "",
                      text ? "\n" : "", text ? text : "", text ? "\n" : "");
}

static int collect_mailable(void *ctx, const struct store_user *u)
{
    if (u->email[0] && !u->disabled)
        json_array_append_new(ctx, json_string(u->id));
    return 0;
}

/* Tries one notification's mail for u unless sent, given up, or waiting. */
static int mail_one(struct store *s, const struct store_user *u, const json_t *item, int64_t now,
                    const struct notify_mailer *m, struct notify_mail_stats *st, struct error *e)
{
    const char *id = item_str(item, "id");
    char last_at[24], at[24];
    char *subject = NULL, *body = NULL;
    struct error why = {0};
    int sent = 0, attempts = 0, rc;
    int64_t last = 0;

    if ((rc = store_notify_mail_get(s, u->id, id, &sent, &attempts, last_at, e)) != 0)
        return rc;
    if (sent || attempts >= NOTIFY_MAIL_TRIES)
        return 0;
    if (attempts > 0 && timefmt_parse_datetime(last_at, &last) == 0 &&
        now < last + ((int64_t)60 << (attempts - 1)))
        return 0; /* tried a short while ago: later */
    notify_mail_message(item, &subject, &body);
    sent = m->send(m->ctx, u->email, subject, body, &why) == 0;
    free(subject);
    free(body);
    timefmt_format_datetime(now, at);
    if (!sent) {
        st->failed++;
        fprintf(stderr, "vitaal: mail of notification %s to %s failed (try %d of %d): %s\n", id,
                u->id, attempts + 1, NOTIFY_MAIL_TRIES, why.message);
        if (attempts + 1 == NOTIFY_MAIL_TRIES) {
            st->given_up++;
            fprintf(stderr, "vitaal: mail of notification %s to %s: given up\n", id, u->id);
        }
    } else {
        st->sent++;
    }
    if ((rc = store_begin(s, e)) != 0)
        return rc;
    if ((rc = store_notify_mail_put(s, u->id, id, sent, at, sent ? NULL : why.message, e)) != 0 ||
        (rc = store_commit(s, e)) != 0)
        store_rollback(s);
    return rc;
}

int notify_mail_run(struct store *s, int64_t now, const struct notify_mailer *m,
                    struct notify_mail_stats *out, struct error *e)
{
    json_t *users = json_array(), *uid, *list = NULL, *item;
    struct store_user *u = NULL;
    struct access *a = NULL;
    size_t i, j;
    int rc;

    memset(out, 0, sizeof *out);
    if ((rc = store_user_each(s, collect_mailable, users, e)) != 0)
        goto cleanup;
    json_array_foreach(users, i, uid)
    {
        if ((rc = store_user_get(s, json_string_value(uid), &u, e)) != 0 ||
            (rc = access_new(s, u, &a, e)) != 0 || (rc = notify_list(s, u, a, now, &list, e)) != 0)
            goto cleanup;
        json_array_foreach(json_object_get(list, "items"), j, item)
        {
            if (strcmp(item_str(item, "at"), u->email_since) < 0)
                continue; /* before the address was set: not mailed */
            if ((rc = mail_one(s, u, item, now, m, out, e)) != 0)
                goto cleanup;
        }
        json_decref(list);
        list = NULL;
        access_free(a);
        a = NULL;
        store_user_free(u);
        u = NULL;
    }
cleanup:
    json_decref(list);
    access_free(a);
    store_user_free(u);
    json_decref(users);
    return rc;
}
