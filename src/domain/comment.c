/*
 * comment.c — the rules of comment threads (see comment.h): which records
 * take comments, who reads and writes them, mentions. The SQL is
 * store/comments.c's; the audit entries are the caller's.
 */
#include "domain/comment.h"

#include "store/comments.h"
#include "store/users.h"

#include <stdlib.h>
#include <string.h>

/* The one list of kinds that take a thread. */
const char *const comment_parent_kinds[] = {"analyses",      "risks",    "measures",
                                            "contributions", "requests", NULL};

int comment_kind_allowed(const struct kind *k)
{
    return k != NULL && model_value_index(comment_parent_kinds, k->name) >= 0;
}

int comment_parent_get(struct store *s, struct access *a, const struct kind *k, const char *id,
                       json_t **out, struct error *e)
{
    json_t *record = NULL;
    int rc;
    *out = NULL;
    if (!comment_kind_allowed(k))
        return error_set(e, ERR_NOTFOUND, NULL, "no such endpoint");
    rc = store_record_get(s, k, id, &record, e);
    if (rc == 0 && a != NULL && (rc = access_can_read(a, s, k, record, e)) == ERR_NOTFOUND)
        error_clear(e);
    if (rc == ERR_NOTFOUND)
        rc = error_set(e, ERR_NOTFOUND, id, "no %s with this id", k->singular);
    if (rc != 0) {
        json_decref(record);
        return rc;
    }
    *out = record;
    return 0;
}

static int is_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
}

json_t *comment_mentions_parse(const char *text)
{
    json_t *names = json_array(), *v;
    const char *p;
    size_t i;

    for (p = text; (p = strchr(p, '@')) != NULL; p++) {
        char name[129];
        size_t n = 0;
        int seen = 0;
        if (p > text && is_name_char(p[-1]))
            continue; /* an e-mail address, not a mention */
        while (is_name_char(p[1 + n]) && n < sizeof name - 1)
            n++;
        while (n > 0 && (p[n] == '.' || p[n] == '-')) /* the sentence goes on, not the name */
            n--;
        if (n == 0)
            continue;
        memcpy(name, p + 1, n);
        name[n] = '\0';
        json_array_foreach(names, i, v) seen |= strcmp(json_string_value(v), name) == 0;
        if (!seen)
            json_array_append_new(names, json_string(name));
    }
    return names;
}

int comment_mentions(struct store *s, const char *text, json_t **out, struct error *e)
{
    json_t *names = comment_mentions_parse(text), *v;
    size_t i;
    int rc = 0;

    *out = NULL;
    if (json_array_size(names) > COMMENT_MENTIONS_MAX) {
        rc = error_set_msg(e, ERR_INVALID, "text", "comment_too_many_mentions",
                           "a comment mentions at most 20 users", NULL);
        goto cleanup;
    }
    json_array_foreach(names, i, v)
    {
        struct store_user *u = NULL;
        rc = store_user_get(s, json_string_value(v), &u, e);
        store_user_free(u);
        if (rc == ERR_NOTFOUND)
            rc = error_set_msg(e, ERR_INVALID, "text", "comment_unknown_mention",
                               "@{name} is not a user", "name", json_string_value(v), NULL);
        if (rc != 0)
            goto cleanup;
    }
    *out = names;
    names = NULL;
cleanup:
    json_decref(names);
    return rc;
}

/* Characters (UTF-8 code points) in text. */
static size_t utf8_length(const char *text)
{
    size_t n = 0;
    for (; *text; text++)
        n += ((unsigned char)*text & 0xC0) != 0x80;
    return n;
}

static int only_space(const char *text)
{
    for (; *text; text++)
        if (*text != ' ' && *text != '\t' && *text != '\n' && *text != '\r')
            return 0;
    return 1;
}

static json_t *comment_json(const struct store_comment *c)
{
    json_t *mentions = json_loads(c->mentions, 0, NULL);
    return json_pack("{s:I, s:s, s:s?, s:o, s:s, s:s?, s:s?}", "id", (json_int_t)c->id, "author",
                     c->author, "text", c->retracted_at ? NULL : c->text, "mentions",
                     mentions ? mentions : json_array(), "created_at", c->created_at,
                     "retracted_at", c->retracted_at, "retraction", c->retraction);
}

/* comment_add and comment_import: check_users says whether the names
 * mentioned must be users. */
static int append(struct store *s, const struct comment_new *c, int check_users, json_t **out,
                  struct error *e)
{
    struct store_comment row = {0};
    json_t *parent = NULL, *mentions = NULL;
    char *mentions_text = NULL;
    int64_t id = 0;
    int rc;

    if (out)
        *out = NULL;
    if ((rc = comment_parent_get(s, c->access, c->kind, c->parent_id, &parent, e)) != 0)
        goto cleanup;
    if (c->access && access_role(c->access) == ROLE_AUDITOR) {
        rc = error_set_msg(e, ERR_FORBIDDEN, NULL, "comment_auditor_reads",
                           "an auditor reads the comments, and never writes them", NULL);
        goto cleanup;
    }
    if (c->text == NULL || only_space(c->text) || utf8_length(c->text) > COMMENT_TEXT_MAX) {
        rc = error_set_msg(e, ERR_INVALID, "text", "comment_text",
                           "a comment needs a text of 1 .. 4000 characters", NULL);
        goto cleanup;
    }
    if (check_users)
        rc = comment_mentions(s, c->text, &mentions, e);
    else
        mentions = comment_mentions_parse(c->text);
    if (rc != 0)
        goto cleanup;
    mentions_text = json_dumps(mentions, JSON_COMPACT);
    row = (struct store_comment){
        0, c->kind->name, c->parent_id, c->author, c->text, mentions_text, c->at, NULL, NULL};
    if ((rc = store_comment_add(s, &row, &id, e)) != 0)
        goto cleanup;
    row.id = id;
    if (out)
        *out = comment_json(&row);
cleanup:
    free(mentions_text);
    json_decref(mentions);
    json_decref(parent);
    return rc;
}

int comment_add(struct store *s, const struct comment_new *c, json_t **out, struct error *e)
{
    return append(s, c, 1, out, e);
}

int comment_import(struct store *s, const struct comment_new *c, struct error *e)
{
    return append(s, c, 0, NULL, e);
}

struct found {
    char author[160];
    char retracted;
    int64_t id;
};

static int keep_found(void *ctx, const struct store_comment *c)
{
    struct found *f = ctx;
    snprintf(f->author, sizeof f->author, "%s", c->author);
    f->retracted = c->retracted_at != NULL;
    f->id = c->id;
    return 0;
}

/* Finds comment id in the record's thread. */
static int find_in_thread(void *ctx, const struct store_comment *c)
{
    struct found *f = ctx;
    return c->id == f->id ? keep_found(ctx, c) + 1 : 0;
}

int comment_retract(struct store *s, struct access *a, const struct kind *k, const char *parent_id,
                    int64_t id, const char *author, const char *note, const char *at,
                    struct error *e)
{
    struct found f = {"", 0, id};
    json_t *parent = NULL;
    int rc;

    if ((rc = comment_parent_get(s, a, k, parent_id, &parent, e)) != 0)
        return rc;
    json_decref(parent);
    rc = store_comment_each(s, k->name, parent_id, find_in_thread, &f, e);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return error_set(e, ERR_NOTFOUND, "comment", "no such comment on this %s", k->singular);
    if (strcmp(f.author, author) != 0)
        return error_set_msg(e, ERR_FORBIDDEN, "comment", "comment_not_author",
                             "only its author retracts a comment", NULL);
    if (f.retracted)
        return error_set(e, ERR_CONFLICT, "comment", "the comment is retracted already");
    if (note == NULL || only_space(note) || utf8_length(note) > 1000)
        return error_set_msg(e, ERR_INVALID, "note", "comment_retraction_note",
                             "say why the comment is retracted (at most 1000 characters)", NULL);
    return store_comment_retract(s, k->name, parent_id, id, at, note, e);
}

int comment_hidden(struct store *s, int role, const char *org, const struct store_comment *c)
{
    struct store_user *u = NULL;
    struct error e = {0};
    int hidden;
    if (strcmp(c->parent_kind, "requests") != 0 || role != ROLE_PROVIDER ||
        store_user_get(s, c->author, &u, &e) != 0)
        return 0;
    hidden = users_role_of(u) == ROLE_PROVIDER && strcmp(u->org, org) != 0;
    store_user_free(u);
    return hidden;
}

struct thread {
    struct store *s;
    struct access *a;
    json_t *list;
};

static int append_json(void *ctx, const struct store_comment *c)
{
    struct thread *t = ctx;
    if (t->a == NULL || !comment_hidden(t->s, access_role(t->a), access_org(t->a), c))
        json_array_append_new(t->list, comment_json(c));
    return 0;
}

int comment_list(struct store *s, struct access *a, const struct kind *k, const char *parent_id,
                 json_t **out, int *audited, struct error *e)
{
    json_t *parent = NULL, *list = NULL;
    int rc;
    *out = NULL;
    *audited = 0;
    if ((rc = comment_parent_get(s, a, k, parent_id, &parent, e)) != 0)
        return rc;
    *audited = access_read_is_audited(parent);
    json_decref(parent);
    list = json_array();
    struct thread t = {s, a, list};
    if ((rc = store_comment_each(s, k->name, parent_id, append_json, &t, e)) != 0) {
        json_decref(list);
        return rc;
    }
    *out = list;
    return 0;
}
