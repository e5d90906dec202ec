/*
 * notify_test.c — tests src/domain/notify.c on tests/data/full.json: each
 * source (comments, mentions, approvals asked, measures' deadlines) tells
 * the right users and nobody who may not read the record (an attacker's
 * mention, another ministry, a too low clearance, a provider); classified
 * records carry no title or text; read state; and mailing through a fake
 * relay: once, only what happened after the address was set, failures
 * kept and tried again later, given up after NOTIFY_MAIL_TRIES.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/timefmt.h"
#include "domain/access.h"
#include "domain/comment.h"
#include "domain/notify.h"
#include "domain/validate.h"
#include "store/model.h"
#include "store/store.h"
#include "store/users.h"
#include "support/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int64_t at(const char *text)
{
    int64_t t = 0;
    assert_int_equal(timefmt_parse_datetime(text, &t), 0);
    return t;
}

static void add_user(struct store *s, const char *id, const char *role, const char *org,
                     const char *clearance)
{
    struct store_user u;
    struct error e = {0};
    memset(&u, 0, sizeof u);
    snprintf(u.id, sizeof u.id, "%s", id);
    snprintf(u.role, sizeof u.role, "%s", role);
    snprintf(u.org, sizeof u.org, "%s", org);
    snprintf(u.clearance, sizeof u.clearance, "%s", clearance);
    snprintf(u.password_hash, sizeof u.password_hash, "x");
    snprintf(u.created_at, sizeof u.created_at, "2026-01-01T00:00:00Z");
    if (store_user_put(s, &u, &e) != 0)
        fail_msg("user %s: %s", id, e.message);
}

static void put(struct store *s, const char *kind, json_t *record)
{
    struct error e = {0};
    assert_int_equal(store_begin(s, &e), 0);
    if (validate_record(model_kind_find(kind), record, "$", &e) != 0 ||
        store_record_put(s, model_kind_find(kind), record, &testutil_change, NULL, &e) != 0)
        fail_msg("%s: %s %s", kind, e.where, e.message);
    assert_int_equal(store_commit(s, &e), 0);
    json_decref(record);
}

/* full.json (an-power-2022 confidential, final, of EZK's power; m-batteries
 * internal, planned, due 2027-01-01, of telecom) with users. */
static struct store *open_world(void)
{
    struct store *s = testutil_store_from_fixture("full.json");
    struct error e = {0};
    assert_int_equal(store_begin(s, &e), 0);
    add_user(s, "coord", "coordinator", "nctv", "secret");
    add_user(s, "dep-ezk", "department", "ezk", "secret");
    add_user(s, "dep-ezk2", "department", "ezk", "secret");
    add_user(s, "dep-low", "department", "ezk", "internal");
    add_user(s, "dep-jenv", "department", "jenv", "secret");
    add_user(s, "prov", "provider", "grid-co", "secret");
    assert_int_equal(store_commit(s, &e), 0);
    /* a second provider of power, never addressed below */
    put(s, "organisations",
        json_pack("{ss ss ss ss ss}", "id", "grid-two", "name", "Grid Two", "kind", "provider",
                  "classification", "public", "owner", "nctv"));
    assert_int_equal(store_begin(s, &e), 0);
    add_user(s, "prov2", "provider", "grid-two", "secret");
    assert_int_equal(store_commit(s, &e), 0);
    put(s, "provider_links",
        json_pack("{ss ss ss ss ss}", "id", "grid-two-power", "provider", "grid-two", "process",
                  "power", "classification", "internal", "owner", "ezk"));
    /* the fixture's request of early 2026, closed: its deadline is no news */
    {
        json_t *r = NULL;
        assert_int_equal(store_record_get(s, model_kind_find("requests"), "rq-power-2026", &r, &e),
                         0);
        json_object_set_new(r, "status", json_string("closed"));
        put(s, "requests", r);
    }
    return s;
}

static void comment(struct store *s, const char *user, const char *kind, const char *id,
                    const char *text, const char *when)
{
    struct store_user *u = NULL;
    struct access *a = NULL;
    struct error e = {0};
    struct comment_new c = {model_kind_find(kind), id, text, user, NULL, when};
    assert_int_equal(store_user_get(s, user, &u, &e), 0);
    assert_int_equal(access_new(s, u, &a, &e), 0);
    c.access = a;
    assert_int_equal(store_begin(s, &e), 0);
    if (comment_add(s, &c, NULL, &e) != 0)
        fail_msg("comment by %s: %s", user, e.message);
    assert_int_equal(store_commit(s, &e), 0);
    access_free(a);
    store_user_free(u);
}

/* The user's notifications at now (a new reference). */
static json_t *list(struct store *s, const char *user, const char *now)
{
    struct store_user *u = NULL;
    struct access *a = NULL;
    struct error e = {0};
    json_t *doc = NULL;
    assert_int_equal(store_user_get(s, user, &u, &e), 0);
    assert_int_equal(access_new(s, u, &a, &e), 0);
    if (notify_list(s, u, a, at(now), &doc, &e) != 0)
        fail_msg("notify_list %s: %s", user, e.message);
    access_free(a);
    store_user_free(u);
    return doc;
}

/* The item of event on record id in doc, or NULL. */
static json_t *find(json_t *doc, const char *event, const char *record)
{
    json_t *it;
    size_t i;
    json_array_foreach(json_object_get(doc, "items"), i, it)
    {
        if (strcmp(json_string_value(json_object_get(it, "event")), event) == 0 &&
            strcmp(json_string_value(json_object_get(it, "record")), record) == 0)
            return it;
    }
    return NULL;
}

static size_t count(const char *user, struct store *s, const char *now)
{
    json_t *doc = list(s, user, now);
    size_t n = json_array_size(json_object_get(doc, "items"));
    json_decref(doc);
    return n;
}

static void test_comments_and_mentions(void **ctx)
{
    struct store *s = open_world();
    json_t *doc, *it;
    (void)ctx;
    /* the coordinator comments on EZK's confidential analysis and
     * mentions a provider and a low-clearance user, who may not read it */
    comment(s, "coord", "analyses", "an-power-2022", "Please check @prov @dep-low @dep-ezk2",
            "2026-12-01T10:00:00Z");
    doc = list(s, "dep-ezk", "2026-12-02T00:00:00Z");
    it = find(doc, "comment", "an-power-2022"); /* its organisation owns it */
    assert_non_null(it);
    assert_string_equal(json_string_value(json_object_get(it, "by")), "coord");
    /* confidential: neither the title nor the comment's text */
    assert_true(json_object_get(it, "text") == NULL || json_is_null(json_object_get(it, "text")));
    assert_int_equal(json_integer_value(json_object_get(doc, "unread")), 1);
    json_decref(doc);
    doc = list(s, "dep-ezk2", "2026-12-02T00:00:00Z");
    assert_non_null(find(doc, "mention", "an-power-2022"));
    assert_null(find(doc, "comment", "an-power-2022"));
    json_decref(doc);
    /* a mention does not open the record: nothing at all */
    assert_int_equal(count("prov", s, "2026-12-02T00:00:00Z"), 0);
    assert_int_equal(count("dep-low", s, "2026-12-02T00:00:00Z"), 0);
    assert_int_equal(count("dep-jenv", s, "2026-12-02T00:00:00Z"), 0);
    /* nor of one's own comment */
    assert_int_equal(count("coord", s, "2026-12-02T00:00:00Z"), 0);
    /* a reply tells who wrote in the thread before */
    comment(s, "dep-ezk", "analyses", "an-power-2022", "Done.", "2026-12-03T10:00:00Z");
    doc = list(s, "coord", "2026-12-04T00:00:00Z");
    assert_non_null(find(doc, "comment", "an-power-2022"));
    json_decref(doc);
    /* an internal measure: the text is shown, cut to 200 characters */
    comment(
        s, "coord", "measures", "m-batteries",
        "Batteries: "
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "2026-12-03T11:00:00Z");
    doc = list(s, "dep-ezk", "2026-12-04T00:00:00Z");
    it = find(doc, "comment", "m-batteries");
    assert_non_null(it);
    assert_non_null(strstr(json_string_value(json_object_get(it, "text")), "Batteries: aaa"));
    assert_string_equal(json_string_value(json_object_get(it, "title")), "Extra batteries");
    /* newest first */
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(doc, "items"), 0), "record")),
                        "m-batteries");
    json_decref(doc);
    /* older than the window: not told */
    doc = list(s, "dep-ezk2", "2027-06-01T00:00:00Z");
    assert_null(find(doc, "mention", "an-power-2022"));
    assert_non_null(find(doc, "deadline_passed", "m-batteries")); /* that is still on */
    json_decref(doc);
    store_close(s);
}

static void test_approval_asked(void **ctx)
{
    struct store *s = open_world();
    json_t *an = json_pack("{ss ss si ss ss ss ss ss}", "id", "an-telecom-2026", "process",
                           "telecom", "cycle_year", 2026, "kind", "regular", "status", "review",
                           "started", "2026-01-05", "classification", "internal", "owner", "ezk");
    json_t *doc, *it;
    (void)ctx;
    put(s, "analyses", an);
    doc = list(s, "dep-ezk", "2026-12-02T00:00:00Z");
    it = find(doc, "approval", "an-telecom-2026");
    assert_non_null(it);
    assert_string_equal(json_string_value(json_object_get(it, "id")),
                        "approval:analyses:an-telecom-2026:v1");
    json_decref(doc);
    doc = list(s, "coord", "2026-12-02T00:00:00Z");
    assert_non_null(find(doc, "approval", "an-telecom-2026"));
    json_decref(doc);
    /* another ministry, a provider: not theirs to approve */
    doc = list(s, "dep-jenv", "2026-12-02T00:00:00Z");
    assert_null(find(doc, "approval", "an-telecom-2026"));
    json_decref(doc);
    doc = list(s, "prov", "2026-12-02T00:00:00Z");
    assert_null(find(doc, "approval", "an-telecom-2026"));
    json_decref(doc);
    store_close(s);
}

static void test_deadlines(void **ctx)
{
    struct store *s = open_world();
    json_t *doc, *m;
    struct error e = {0};
    (void)ctx;
    /* m-batteries is due 2027-01-01, on telecom (EZK's) */
    assert_int_equal(count("dep-ezk", s, "2026-12-20T12:00:00Z"), 0);
    doc = list(s, "dep-ezk", "2026-12-26T12:00:00Z");
    assert_non_null(find(doc, "deadline_soon", "m-batteries"));
    assert_null(find(doc, "deadline_passed", "m-batteries"));
    json_decref(doc);
    doc = list(s, "dep-ezk", "2027-01-02T12:00:00Z");
    assert_non_null(find(doc, "deadline_passed", "m-batteries"));
    assert_null(find(doc, "deadline_soon", "m-batteries"));
    json_decref(doc);
    /* not responsible: another ministry, the coordinator, a provider */
    assert_int_equal(count("dep-jenv", s, "2027-01-02T12:00:00Z"), 0);
    assert_int_equal(count("coord", s, "2027-01-02T12:00:00Z"), 0);
    assert_int_equal(count("prov", s, "2027-01-02T12:00:00Z"), 0);
    /* done: nothing due */
    assert_int_equal(store_record_get(s, model_kind_find("measures"), "m-batteries", &m, &e), 0);
    json_object_set_new(m, "status", json_string("done"));
    put(s, "measures", m);
    assert_int_equal(count("dep-ezk", s, "2027-01-02T12:00:00Z"), 0);
    store_close(s);
}

static json_t *request_to(const char *id, const char *to, const char *due, const char *sent_at,
                          const char *classification)
{
    return json_pack("{ss ss ss s[s] ss ss ss ss ss ss ss}", "id", id, "title", "Uitvraag",
                     "process", "power", "to", to, "due", due, "questions", "Which threats?",
                     "status", "open", "sent_by", "dep-ezk", "sent_at", sent_at, "classification",
                     classification, "owner", "ezk");
}

static json_t *answer_to(const char *id, const char *request, const char *status,
                         const char *submitted_at)
{
    json_t *c = json_pack("{ss ss ss ss ss ss ss ss}", "id", id, "analysis", "an-power-2022",
                          "provider", "grid-co", "request", request, "status", status, "summary",
                          "We see floods.", "classification", "internal", "owner", "grid-co");
    if (submitted_at)
        json_object_set_new(c, "submitted_at", json_string(submitted_at));
    json_object_set_new(c, "submitted_by", json_string("prov"));
    return c;
}

/* Requests: "request" to the addressed provider only, "answer" to the
 * sender once submitted, deadlines to whoever has not answered and, once
 * passed, the sender; nothing to another provider of the process, also
 * when the request is shared with it, another ministry, a too low
 * clearance. */
static void test_requests(void **ctx)
{
    struct store *s = open_world();
    json_t *doc, *it,
        *r = request_to("rq-new", "grid-co", "2026-12-10", "2026-12-01T09:00:00Z", "internal");
    (void)ctx;
    /* shared with the other provider past the rule (request_check_write
     * refuses it): still nothing for it */
    json_object_set_new(r, "shared_with", json_pack("[s]", "grid-two"));
    put(s, "requests", r);
    doc = list(s, "prov", "2026-12-02T00:00:00Z");
    it = find(doc, "request", "rq-new");
    assert_non_null(it);
    assert_string_equal(json_string_value(json_object_get(it, "id")), "request:rq-new");
    assert_string_equal(json_string_value(json_object_get(it, "kind")), "requests");
    assert_string_equal(json_string_value(json_object_get(it, "by")), "dep-ezk");
    assert_string_equal(json_string_value(json_object_get(it, "title")), "Uitvraag");
    assert_null(find(doc, "deadline_soon", "rq-new")); /* 8 days to go */
    json_decref(doc);
    assert_int_equal(count("prov2", s, "2026-12-02T00:00:00Z"), 0);
    assert_int_equal(count("dep-jenv", s, "2026-12-02T00:00:00Z"), 0);
    assert_int_equal(count("coord", s, "2026-12-02T00:00:00Z"), 0);
    /* the sender hears nothing of its own sending, nor of no answer yet */
    assert_int_equal(count("dep-ezk", s, "2026-12-02T00:00:00Z"), 0);
    /* within 7 days: the recipient is reminded */
    doc = list(s, "prov", "2026-12-04T00:00:00Z");
    assert_non_null(find(doc, "deadline_soon", "rq-new"));
    json_decref(doc);
    assert_int_equal(count("prov2", s, "2026-12-04T00:00:00Z"), 0);
    /* a draft answer: still due, and nothing for the sender */
    put(s, "contributions", answer_to("co-rq-new", "rq-new", "draft", NULL));
    doc = list(s, "prov", "2026-12-05T00:00:00Z");
    assert_non_null(find(doc, "deadline_soon", "rq-new"));
    json_decref(doc);
    assert_int_equal(count("dep-ezk", s, "2026-12-05T00:00:00Z"), 0);
    /* submitted: the sender's organisation hears; the recipient is done */
    put(s, "contributions", answer_to("co-rq-new", "rq-new", "submitted", "2026-12-05T10:00:00Z"));
    doc = list(s, "dep-ezk2", "2026-12-06T00:00:00Z");
    it = find(doc, "answer", "rq-new");
    assert_non_null(it);
    assert_string_equal(json_string_value(json_object_get(it, "id")), "answer:co-rq-new");
    assert_string_equal(json_string_value(json_object_get(it, "by")), "prov");
    assert_string_equal(json_string_value(json_object_get(it, "text")), "We see floods.");
    json_decref(doc);
    doc = list(s, "prov", "2026-12-06T00:00:00Z");
    assert_null(find(doc, "deadline_soon", "rq-new"));
    assert_non_null(find(doc, "request", "rq-new"));
    json_decref(doc);
    assert_int_equal(count("prov2", s, "2026-12-06T00:00:00Z"), 0);
    assert_int_equal(count("dep-jenv", s, "2026-12-06T00:00:00Z"), 0);
    /* overdue, confidential: recipient and sender, no title, not below clearance */
    put(s, "requests",
        request_to("rq-late", "grid-co", "2026-11-20", "2026-11-01T09:00:00Z", "confidential"));
    doc = list(s, "prov", "2026-12-06T00:00:00Z");
    it = find(doc, "deadline_passed", "rq-late");
    assert_non_null(it);
    assert_string_equal(json_string_value(json_object_get(it, "id")),
                        "deadline_passed:requests:rq-late:2026-11-20");
    assert_true(json_object_get(it, "title") == NULL || json_is_null(json_object_get(it, "title")));
    json_decref(doc);
    doc = list(s, "dep-ezk", "2026-12-06T00:00:00Z");
    assert_non_null(find(doc, "deadline_passed", "rq-late"));
    assert_null(find(doc, "deadline_passed", "rq-new"));
    json_decref(doc);
    assert_int_equal(count("dep-low", s, "2026-12-06T00:00:00Z"), 1); /* rq-new's answer only */
    assert_int_equal(count("prov2", s, "2026-12-06T00:00:00Z"), 0);
    assert_int_equal(count("dep-jenv", s, "2026-12-06T00:00:00Z"), 0);
    /* closed: no deadline any more */
    {
        json_t *late =
            request_to("rq-late", "grid-co", "2026-11-20", "2026-11-01T09:00:00Z", "confidential");
        json_object_set_new(late, "status", json_string("closed"));
        put(s, "requests", late);
    }
    doc = list(s, "dep-ezk", "2026-12-06T00:00:00Z");
    assert_null(find(doc, "deadline_passed", "rq-late"));
    json_decref(doc);
    store_close(s);
}

/* The thread of comments on request id, as user reads it: how many. */
static size_t thread_size(struct store *s, const char *user, const char *id)
{
    struct store_user *u = NULL;
    struct access *a = NULL;
    struct error e = {0};
    json_t *list = NULL;
    int audited = 0;
    size_t n;
    assert_int_equal(store_user_get(s, user, &u, &e), 0);
    assert_int_equal(access_new(s, u, &a, &e), 0);
    if (comment_list(s, a, model_kind_find("requests"), id, &list, &audited, &e) != 0)
        fail_msg("comment_list %s: %s", user, e.message);
    n = json_array_size(list);
    json_decref(list);
    access_free(a);
    store_user_free(u);
    return n;
}

/* Two recipients of one request do not learn of each other through its
 * thread: a provider reads the sender's comments and its own
 * organisation's, is not told of the other's, even when mentioned. */
static void test_request_thread(void **ctx)
{
    struct store *s = open_world();
    json_t *doc,
        *r = request_to("rq-both", "grid-co", "2027-03-01", "2026-12-01T09:00:00Z", "internal");
    (void)ctx;
    json_array_append_new(json_object_get(r, "to"), json_string("grid-two"));
    put(s, "requests", r);
    comment(s, "prov", "requests", "rq-both", "Vraag 2 is onduidelijk @dep-ezk @prov2",
            "2026-12-02T10:00:00Z");
    comment(s, "dep-ezk", "requests", "rq-both", "Bedoeld is: uw back-up.", "2026-12-02T11:00:00Z");
    comment(s, "prov2", "requests", "rq-both", "Wij hebben er twee.", "2026-12-02T12:00:00Z");
    assert_int_equal(thread_size(s, "dep-ezk", "rq-both"), 3);
    assert_int_equal(thread_size(s, "coord", "rq-both"), 3);
    assert_int_equal(thread_size(s, "prov", "rq-both"), 2);  /* its own and the ministry's */
    assert_int_equal(thread_size(s, "prov2", "rq-both"), 2); /* the same, its side */
    doc = list(s, "prov2", "2026-12-03T00:00:00Z");
    assert_null(find(doc, "mention", "rq-both")); /* mentioned by the other recipient: no word */
    assert_null(find(doc, "comment", "rq-both"));
    json_decref(doc);
    /* prov wrote first: told of the ministry's reply, not of prov2's */
    doc = list(s, "prov", "2026-12-03T00:00:00Z");
    assert_non_null(find(doc, "comment", "rq-both"));
    assert_string_equal(json_string_value(json_object_get(find(doc, "comment", "rq-both"), "by")),
                        "dep-ezk");
    {
        size_t i, comments = 0;
        json_t *it;
        json_array_foreach(json_object_get(doc, "items"), i, it) comments +=
            strcmp(json_string_value(json_object_get(it, "event")), "comment") == 0;
        assert_int_equal(comments, 1);
    }
    json_decref(doc);
    doc = list(s, "dep-ezk", "2026-12-03T00:00:00Z");
    assert_non_null(find(doc, "mention", "rq-both"));
    json_decref(doc);
    store_close(s);
}

static void test_read_state(void **ctx)
{
    struct store *s = open_world();
    struct error e = {0};
    json_t *doc, *ids;
    (void)ctx;
    comment(s, "coord", "measures", "m-batteries", "one", "2026-12-01T10:00:00Z");
    comment(s, "coord", "measures", "m-batteries", "two", "2026-12-01T11:00:00Z");
    doc = list(s, "dep-ezk", "2026-12-02T00:00:00Z");
    assert_int_equal(json_integer_value(json_object_get(doc, "unread")), 2);
    ids = json_pack("[O]", json_object_get(json_array_get(json_object_get(doc, "items"), 0), "id"));
    json_decref(doc);
    assert_int_equal(store_begin(s, &e), 0);
    assert_int_equal(notify_mark_read(s, "dep-ezk", ids, at("2026-12-02T00:00:00Z"), &e), 0);
    assert_int_equal(store_commit(s, &e), 0);
    json_decref(ids);
    doc = list(s, "dep-ezk", "2026-12-02T00:00:00Z");
    assert_int_equal(json_integer_value(json_object_get(doc, "unread")), 1);
    assert_true(
        json_is_true(json_object_get(json_array_get(json_object_get(doc, "items"), 0), "read")));
    json_decref(doc);
    /* another user's state is its own */
    doc = list(s, "dep-ezk2", "2026-12-02T00:00:00Z");
    assert_int_equal(json_integer_value(json_object_get(doc, "unread")), 2);
    json_decref(doc);
    assert_int_equal(store_begin(s, &e), 0);
    assert_int_equal(notify_mark_read(s, "dep-ezk", NULL, at("2026-12-02T00:00:00Z"), &e), 0);
    assert_int_equal(store_commit(s, &e), 0);
    doc = list(s, "dep-ezk", "2026-12-02T00:00:00Z");
    assert_int_equal(json_integer_value(json_object_get(doc, "unread")), 0);
    json_decref(doc);
    comment(s, "coord", "measures", "m-batteries", "three", "2026-12-03T10:00:00Z");
    doc = list(s, "dep-ezk", "2026-12-04T00:00:00Z");
    assert_int_equal(json_integer_value(json_object_get(doc, "unread")), 1);
    json_decref(doc);
    store_close(s);
}

struct fake_relay {
    int fail;
    int calls;
    char to[8][255];
    char subject[8][300];
    char body[8][2000];
};

static int fake_send(void *ctx, const char *to, const char *subject, const char *body,
                     struct error *e)
{
    struct fake_relay *r = ctx;
    int i = r->calls++ % 8;
    snprintf(r->to[i], sizeof r->to[i], "%s", to);
    snprintf(r->subject[i], sizeof r->subject[i], "%s", subject);
    snprintf(r->body[i], sizeof r->body[i], "%s", body);
    return r->fail ? error_set(e, ERR_IO, "relay", "connection refused") : 0;
}

static void set_email(struct store *s, const char *user, const char *email, const char *since)
{
    struct error e = {0};
    assert_int_equal(store_begin(s, &e), 0);
    assert_int_equal(store_user_set_email(s, user, email, since, &e), 0);
    assert_int_equal(store_commit(s, &e), 0);
}

static void test_mail(void **ctx)
{
    struct store *s = open_world();
    struct fake_relay relay = {0};
    struct notify_mailer m = {fake_send, &relay};
    struct notify_mail_stats st;
    struct error e = {0};
    int i;
    (void)ctx;
    comment(s, "coord", "measures", "m-batteries", "before the address", "2026-11-30T10:00:00Z");
    set_email(s, "dep-ezk", "dep@ezk.example", "2026-12-01T00:00:00Z");
    comment(s, "coord", "measures", "m-batteries", "after the address", "2026-12-01T10:00:00Z");
    comment(s, "coord", "analyses", "an-power-2022", "secret matters", "2026-12-01T11:00:00Z");
    assert_int_equal(notify_mail_run(s, at("2026-12-02T00:00:00Z"), &m, &st, &e), 0);
    assert_int_equal(st.sent, 2);
    assert_int_equal(relay.calls, 2);
    for (i = 0; i < 2; i++)
        assert_string_equal(relay.to[i], "dep@ezk.example");
    /* newest first: the confidential analysis, without its text */
    assert_string_equal(relay.subject[0], "[vitaal] New comment: analysis an-power-2022");
    assert_null(strstr(relay.body[0], "secret matters"));
    assert_string_equal(relay.subject[1], "[vitaal] New comment: measure m-batteries");
    assert_non_null(strstr(relay.body[1], "after the address"));
    assert_non_null(strstr(relay.body[1], "Nieuwe reactie"));
    /* once */
    assert_int_equal(notify_mail_run(s, at("2026-12-02T00:10:00Z"), &m, &st, &e), 0);
    assert_int_equal(st.sent, 0);
    assert_int_equal(relay.calls, 2);
    /* a failing relay: kept, tried again later, not before */
    relay.fail = 1;
    comment(s, "coord", "measures", "m-batteries", "third", "2026-12-02T10:00:00Z");
    assert_int_equal(notify_mail_run(s, at("2026-12-02T11:00:00Z"), &m, &st, &e), 0);
    assert_int_equal(st.failed, 1);
    assert_int_equal(notify_mail_run(s, at("2026-12-02T11:00:30Z"), &m, &st, &e), 0);
    assert_int_equal(st.failed + st.sent, 0); /* waits a minute */
    relay.fail = 0;
    assert_int_equal(notify_mail_run(s, at("2026-12-02T11:01:00Z"), &m, &st, &e), 0);
    assert_int_equal(st.sent, 1);
    assert_non_null(strstr(relay.body[(relay.calls - 1) % 8], "third"));
    /* given up after NOTIFY_MAIL_TRIES */
    relay.fail = 1;
    comment(s, "coord", "measures", "m-batteries", "fourth", "2026-12-03T10:00:00Z");
    for (i = 0; i < NOTIFY_MAIL_TRIES + 2; i++)
        assert_int_equal(
            notify_mail_run(s, at("2026-12-03T11:00:00Z") + (int64_t)i * 86400, &m, &st, &e), 0);
    assert_int_equal(relay.calls, 4 + NOTIFY_MAIL_TRIES);
    /* no address, or disabled: no mail */
    set_email(s, "dep-ezk", NULL, NULL);
    relay.fail = 0;
    comment(s, "coord", "measures", "m-batteries", "fifth", "2026-12-20T10:00:00Z");
    assert_int_equal(notify_mail_run(s, at("2026-12-20T11:00:00Z"), &m, &st, &e), 0);
    assert_int_equal(st.sent, 0);
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_comments_and_mentions),
        cmocka_unit_test(test_approval_asked),
        cmocka_unit_test(test_deadlines),
        cmocka_unit_test(test_requests),
        cmocka_unit_test(test_request_thread),
        cmocka_unit_test(test_read_state),
        cmocka_unit_test(test_mail),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
