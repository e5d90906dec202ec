/*
 * comment_test.c — tests src/domain/comment.c on tests/data/full.json:
 * which records take comments, mentions (e-mail addresses are none,
 * unknown users refused), who may read and write a thread (need-to-know of
 * the record, auditors read only, a hidden record is not found), and that
 * a retraction is the author's, needs a note and keeps the text stored.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "domain/access.h"
#include "domain/comment.h"
#include "store/comments.h"
#include "store/model.h"
#include "store/store.h"
#include "store/users.h"
#include "support/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void add_user(struct store *s, const char *id, const char *role, const char *org,
                     const char *clearance, const char *scope)
{
    struct store_user u;
    struct error e = {0};
    char *scopes[1] = {(char *)scope};
    memset(&u, 0, sizeof u);
    snprintf(u.id, sizeof u.id, "%s", id);
    snprintf(u.role, sizeof u.role, "%s", role);
    snprintf(u.org, sizeof u.org, "%s", org);
    snprintf(u.clearance, sizeof u.clearance, "%s", clearance);
    snprintf(u.password_hash, sizeof u.password_hash, "x");
    snprintf(u.created_at, sizeof u.created_at, "2026-01-01T00:00:00Z");
    u.scope = scope ? scopes : NULL;
    u.n_scope = scope ? 1 : 0;
    if (store_user_put(s, &u, &e) != 0)
        fail_msg("user %s: %s", id, e.message);
}

static struct store *open_world(void)
{
    struct store *s = testutil_store_from_fixture("full.json");
    struct error e = {0};
    assert_int_equal(store_begin(s, &e), 0);
    add_user(s, "dep-ezk", "department", "ezk", "secret", NULL);
    add_user(s, "dep-low", "department", "ezk", "internal", NULL);
    add_user(s, "dep-jenv", "department", "jenv", "secret", NULL);
    add_user(s, "prov", "provider", "grid-co", "secret", NULL);
    add_user(s, "aud", "auditor", "nctv", "secret", "power");
    assert_int_equal(store_commit(s, &e), 0);
    return s;
}

static struct access *as(struct store *s, const char *user)
{
    struct store_user *u = NULL;
    struct access *a = NULL;
    struct error e = {0};
    assert_int_equal(store_user_get(s, user, &u, &e), 0);
    assert_int_equal(access_new(s, u, &a, &e), 0);
    store_user_free(u);
    return a;
}

/* Adds a comment in its own transaction; returns the code (e filled). */
static int add(struct store *s, const char *user, const char *kind, const char *id,
               const char *text, struct error *e)
{
    struct access *a = user ? as(s, user) : NULL;
    struct comment_new c = {model_kind_find(kind),    id, text,
                            user ? user : "cli:test", a,  "2026-12-01T10:00:00Z"};
    json_t *made = NULL;
    int rc;
    assert_int_equal(store_begin(s, e), 0);
    rc = comment_add(s, &c, &made, e);
    if (rc == 0)
        assert_int_equal(store_commit(s, e), 0);
    else
        store_rollback(s);
    json_decref(made);
    access_free(a);
    return rc;
}

static void test_parent_kinds(void **ctx)
{
    (void)ctx;
    assert_true(comment_kind_allowed(model_kind_find("analyses")));
    assert_true(comment_kind_allowed(model_kind_find("risks")));
    assert_true(comment_kind_allowed(model_kind_find("measures")));
    assert_true(comment_kind_allowed(model_kind_find("contributions")));
    assert_false(comment_kind_allowed(model_kind_find("processes")));
    assert_false(comment_kind_allowed(model_kind_find("organisations")));
    assert_false(comment_kind_allowed(NULL));
}

static void test_mentions(void **ctx)
{
    struct store *s = open_world();
    struct error e = {0};
    json_t *names = NULL;
    (void)ctx;
    assert_int_equal(comment_mentions(s,
                                      "@dep-ezk, see mail prov@grid.nl; @dep-ezk again, and "
                                      "@prov. Not @",
                                      &names, &e),
                     0);
    assert_int_equal(json_array_size(names), 2);
    assert_string_equal(json_string_value(json_array_get(names, 0)), "dep-ezk");
    assert_string_equal(json_string_value(json_array_get(names, 1)), "prov");
    json_decref(names);
    assert_int_equal(comment_mentions(s, "hello @nobody", &names, &e), ERR_INVALID);
    assert_string_equal(e.id, "comment_unknown_mention");
    assert_null(names);
    store_close(s);
}

static void test_who_writes(void **ctx)
{
    struct store *s = open_world();
    struct error e = {0};
    char *long_text = malloc(4002);
    (void)ctx;
    /* the responsible ministry on its confidential analysis */
    assert_int_equal(add(s, "dep-ezk", "analyses", "an-power-2022", "Looks right @prov", &e), 0);
    /* too low a clearance, another ministry, a provider on a confidential
     * analysis of a process it provides: as if there were none */
    assert_int_equal(add(s, "dep-low", "analyses", "an-power-2022", "x", &e), ERR_NOTFOUND);
    assert_int_equal(add(s, "dep-jenv", "analyses", "an-power-2022", "x", &e), ERR_NOTFOUND);
    assert_int_equal(add(s, "prov", "analyses", "an-power-2022", "x", &e), ERR_NOTFOUND);
    assert_int_equal(add(s, "dep-ezk", "analyses", "no-such", "x", &e), ERR_NOTFOUND);
    assert_int_equal(add(s, "dep-ezk", "processes", "power", "x", &e), ERR_NOTFOUND);
    /* the auditor reads it (power is in its scope) but never writes */
    assert_int_equal(add(s, "aud", "analyses", "an-power-2022", "x", &e), ERR_FORBIDDEN);
    assert_string_equal(e.id, "comment_auditor_reads");
    /* text: not empty, not blank, at most 4000 characters (not bytes) */
    assert_int_equal(add(s, "dep-ezk", "measures", "m-batteries", " \n ", &e), ERR_INVALID);
    assert_string_equal(e.id, "comment_text");
    memset(long_text, 'a', 4001);
    long_text[4001] = '\0';
    assert_int_equal(add(s, "dep-ezk", "measures", "m-batteries", long_text, &e), ERR_INVALID);
    long_text[4000] = '\0';
    assert_int_equal(add(s, "dep-ezk", "measures", "m-batteries", long_text, &e), 0);
    free(long_text);
    assert_int_equal(add(s, "dep-ezk", "measures", "m-batteries", "ping @ghost", &e), ERR_INVALID);
    /* the CLI acts for the coordinator */
    assert_int_equal(add(s, NULL, "risks", "r1", "secret risk noted", &e), 0);
    store_close(s);
}

static void test_who_reads(void **ctx)
{
    struct store *s = open_world();
    struct error e = {0};
    struct access *a;
    json_t *list = NULL;
    int audited = 0;
    (void)ctx;
    assert_int_equal(add(s, "dep-ezk", "analyses", "an-power-2022", "first", &e), 0);
    a = as(s, "aud");
    assert_int_equal(
        comment_list(s, a, model_kind_find("analyses"), "an-power-2022", &list, &audited, &e), 0);
    assert_int_equal(json_array_size(list), 1);
    assert_true(audited); /* confidential */
    assert_string_equal(json_string_value(json_object_get(json_array_get(list, 0), "text")),
                        "first");
    json_decref(list);
    access_free(a);
    a = as(s, "dep-jenv");
    assert_int_equal(
        comment_list(s, a, model_kind_find("analyses"), "an-power-2022", &list, &audited, &e),
        ERR_NOTFOUND);
    assert_null(list);
    access_free(a);
    a = as(s, "dep-ezk");
    assert_int_equal(
        comment_list(s, a, model_kind_find("measures"), "m-batteries", &list, &audited, &e), 0);
    assert_false(audited); /* internal */
    json_decref(list);
    access_free(a);
    store_close(s);
}

static int count_text(void *ctx, const struct store_comment *c)
{
    if (strcmp(c->text, "to be retracted") == 0 && c->retracted_at)
        (*(int *)ctx)++;
    return 0;
}

static void test_retract(void **ctx)
{
    struct store *s = open_world();
    const struct kind *k = model_kind_find("analyses");
    struct error e = {0};
    struct access *a = as(s, "dep-ezk"), *other = as(s, "dep-low");
    json_t *list = NULL;
    int audited, kept = 0;
    (void)ctx;
    assert_int_equal(add(s, "dep-ezk", "analyses", "an-power-2022", "to be retracted", &e), 0);
    assert_int_equal(store_begin(s, &e), 0);
    assert_int_equal(
        comment_retract(s, a, k, "an-power-2022", 1, "dep-low", "no", "2026-12-02T00:00:00Z", &e),
        ERR_FORBIDDEN);
    assert_int_equal(comment_retract(s, other, k, "an-power-2022", 1, "dep-low", "no",
                                     "2026-12-02T00:00:00Z", &e),
                     ERR_NOTFOUND); /* dep-low may not read the analysis */
    assert_int_equal(
        comment_retract(s, a, k, "an-power-2022", 1, "dep-ezk", " ", "2026-12-02T00:00:00Z", &e),
        ERR_INVALID);
    assert_int_equal(
        comment_retract(s, a, k, "an-power-2022", 2, "dep-ezk", "typo", "2026-12-02T00:00:00Z", &e),
        ERR_NOTFOUND);
    assert_int_equal(comment_retract(s, a, k, "an-power-2022", 1, "dep-ezk", "wrong analysis",
                                     "2026-12-02T00:00:00Z", &e),
                     0);
    assert_int_equal(comment_retract(s, a, k, "an-power-2022", 1, "dep-ezk", "again",
                                     "2026-12-02T00:00:00Z", &e),
                     ERR_CONFLICT);
    assert_int_equal(store_commit(s, &e), 0);
    assert_int_equal(comment_list(s, a, k, "an-power-2022", &list, &audited, &e), 0);
    assert_true(json_is_null(json_object_get(json_array_get(list, 0), "text")));
    assert_string_equal(json_string_value(json_object_get(json_array_get(list, 0), "retraction")),
                        "wrong analysis");
    json_decref(list);
    /* the text is kept */
    assert_int_equal(store_comment_each(s, "analyses", "an-power-2022", count_text, &kept, &e), 0);
    assert_int_equal(kept, 1);
    access_free(a);
    access_free(other);
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parent_kinds), cmocka_unit_test(test_mentions),
        cmocka_unit_test(test_who_writes),   cmocka_unit_test(test_who_reads),
        cmocka_unit_test(test_retract),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
