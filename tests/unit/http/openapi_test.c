/*
 * openapi_test.c — tests src/http/openapi.c: the document is OpenAPI 3.1
 * JSON, every route of the router's table (kinds expanded) is described
 * in it with an operationId and responses, nothing else is, every
 * kind's schema names exactly its model fields, the embedded part
 * (openapi.json) comes filled from the lists' owners, and every 2xx
 * answer is typed: each object names its properties (or types its values),
 * each array its items, and every operation has a default answer; the
 * components of the report writers' documents are the schemas the writers
 * declare (report/report_schema.h), as they declare them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "domain/comment.h"
#include "domain/users.h"
#include "http/openapi.h"
#include "http/router.h"
#include "report/report_schema.h"
#include "store/model.h"

#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static json_t *doc;

static int setup(void **ctx)
{
    struct strbuf b = STRBUF_INIT;
    struct error e = {0};
    (void)ctx;
    if (openapi_document(&b, &e) != 0)
        return -1;
    doc = json_loads(strbuf_str(&b), JSON_REJECT_DUPLICATES, NULL);
    strbuf_release(&b);
    return doc ? 0 : -1;
}

static int teardown(void **ctx)
{
    (void)ctx;
    json_decref(doc);
    return 0;
}

static size_t n_routes;

static void route_is_documented(void *ctx, const char *method, const char *path)
{
    char lower[16];
    json_t *op;
    size_t i;
    (void)ctx;
    for (i = 0; method[i] && i < sizeof lower - 1; i++)
        lower[i] = (char)tolower((unsigned char)method[i]);
    lower[i] = '\0';
    op = json_object_get(json_object_get(json_object_get(doc, "paths"), path), lower);
    if (op == NULL)
        fail_msg("%s %s is not in the OpenAPI document", method, path);
    assert_true(json_is_string(json_object_get(op, "operationId")));
    assert_true(json_object_size(json_object_get(op, "responses")) > 0);
    n_routes++;
}

static void test_every_route_is_documented(void **ctx)
{
    const char *path, *method;
    json_t *item, *op;
    size_t n_documented = 0;
    (void)ctx;
    assert_string_equal(json_string_value(json_object_get(doc, "openapi")), "3.1.0");
    n_routes = 0;
    router_each(route_is_documented, NULL);
    json_object_foreach(json_object_get(doc, "paths"), path, item)
    {
        json_object_foreach(item, method, op)
        {
            n_documented++;
        }
    }
    assert_int_equal(n_documented, n_routes); /* and nothing the router does not answer */
}

static void test_schemas_follow_the_model(void **ctx)
{
    json_t *schemas = json_object_get(json_object_get(doc, "components"), "schemas");
    size_t i, j;
    (void)ctx;
    for (i = 0; i < model_kind_count; i++) {
        const struct kind *k = model_kinds[i];
        json_t *s = json_object_get(schemas, k->singular), *props;
        assert_non_null(s);
        props = json_object_get(s, "properties");
        if (strcmp(k->name, "measures") == 0) {
            /* and the follow-up the server derives, marked read-only */
            static const char *const derived[] = {"overdue", "adjustment_due", "follow_up"};
            assert_int_equal(json_object_size(props), k->n_fields + 3);
            for (j = 0; j < 3; j++)
                assert_true(
                    json_is_true(json_object_get(json_object_get(props, derived[j]), "readOnly")));
        } else {
            assert_int_equal(json_object_size(props), k->n_fields);
        }
        for (j = 0; j < k->n_fields; j++)
            assert_non_null(json_object_get(props, k->fields[j].name));
        assert_true(json_is_false(json_object_get(s, "additionalProperties")));
    }
}

/* A key of the embedded file's own (x-vitaal-enum, -extends, -paths-per-kind)
 * left anywhere in v. */
static int has_marker(json_t *v)
{
    const char *key;
    json_t *child;
    size_t i;
    if (json_is_array(v)) {
        json_array_foreach(v, i, child)
        {
            if (has_marker(child))
                return 1;
        }
    }
    json_object_foreach(v, key, child)
    {
        if (strcmp(key, "x-vitaal-enum") == 0 || strcmp(key, "x-vitaal-extends") == 0 ||
            strcmp(key, "x-vitaal-paths-per-kind") == 0 || has_marker(child))
            return 1;
    }
    return 0;
}

static void test_fixed_part_is_filled_from_the_owners(void **ctx)
{
    json_t *schemas = json_object_get(json_object_get(doc, "components"), "schemas");
    json_t *roles = json_object_get(
        json_object_get(json_object_get(json_object_get(schemas, "User"), "properties"), "role"),
        "enum");
    char path[128];
    size_t i;
    (void)ctx;
    assert_false(has_marker(doc));
    for (i = 0; users_roles[i]; i++)
        assert_string_equal(json_string_value(json_array_get(roles, i)), users_roles[i]);
    assert_int_equal(json_array_size(roles), i);
    for (i = 0; comment_parent_kinds[i]; i++) {
        snprintf(path, sizeof path, "/api/v1/%s/{id}/comments", comment_parent_kinds[i]);
        assert_non_null(json_object_get(json_object_get(doc, "paths"), path));
    }
    /* the request as read: the generated record's fields and its own */
    assert_non_null(json_object_get(
        json_object_get(json_object_get(schemas, "RequestRead"), "properties"), "due"));
}

/* Whether schema s (and what it holds) is typed: fails naming where not. */
static void assert_typed(json_t *s, const char *where, int depth)
{
    json_t *schemas = json_object_get(json_object_get(doc, "components"), "schemas");
    const char *ref = json_string_value(json_object_get(s, "$ref")), *key, *t;
    json_t *type = json_object_get(s, "type"), *child, *props = json_object_get(s, "properties");
    int is_object = 0, is_array = 0;
    size_t i;
    if (depth > 12)
        return; /* a schema that refers to itself is checked once round */
    if (ref) {
        assert_non_null(json_object_get(schemas, strrchr(ref, '/') + 1));
        assert_typed(json_object_get(schemas, strrchr(ref, '/') + 1), ref, depth + 1);
        return;
    }
    json_array_foreach(json_object_get(s, "oneOf"), i, child)
    {
        assert_typed(child, where, depth + 1);
    }
    t = json_string_value(type);
    is_object = t && strcmp(t, "object") == 0;
    is_array = t && strcmp(t, "array") == 0;
    json_array_foreach(type, i, child)
    {
        is_object |= strcmp(json_string_value(child), "object") == 0;
        is_array |= strcmp(json_string_value(child), "array") == 0;
    }
    if (is_object && props == NULL && !json_is_object(json_object_get(s, "additionalProperties")))
        fail_msg("%s: an object without properties", where);
    if (is_object && props && !json_is_false(json_object_get(s, "additionalProperties")))
        fail_msg("%s: an object not closed (additionalProperties: false)", where);
    if (is_array && json_object_get(s, "items") == NULL)
        fail_msg("%s: an array without items", where);
    json_object_foreach(props, key, child)
    {
        assert_typed(child, where, depth + 1);
    }
    if (json_is_object(json_object_get(s, "additionalProperties")))
        assert_typed(json_object_get(s, "additionalProperties"), where, depth + 1);
    if (json_object_get(s, "items"))
        assert_typed(json_object_get(s, "items"), where, depth + 1);
}

static void test_every_answer_is_typed(void **ctx)
{
    const char *path, *method, *status;
    json_t *item, *op, *resp;
    char where[256];
    (void)ctx;
    json_object_foreach(json_object_get(doc, "paths"), path, item)
    {
        json_object_foreach(item, method, op)
        {
            assert_non_null(json_object_get(json_object_get(op, "responses"), "default"));
            json_object_foreach(json_object_get(op, "responses"), status, resp)
            {
                json_t *json =
                    json_object_get(json_object_get(resp, "content"), "application/json");
                if (status[0] != '2' || json == NULL || strcmp(path, "/api/v1/openapi.json") == 0)
                    continue;
                snprintf(where, sizeof where, "%s %s %s", method, path, status);
                assert_typed(json_object_get(json, "schema"), where, 0);
            }
        }
    }
}

static void test_writers_schemas_are_the_writers(void **ctx)
{
    json_t *writers = NULL, *schema,
           *served = json_object_get(json_object_get(doc, "components"), "schemas");
    const char *name;
    json_t *op;
    struct error e = {0};
    char *text;
    (void)ctx;
    assert_int_equal(report_schemas(&writers, &e), 0);
    assert_true(json_object_size(writers) > 0);
    json_object_foreach(writers, name, schema)
    {
        if (!json_equal(json_object_get(served, name), schema))
            fail_msg("the document's %s is not the one its writer declares", name);
    }
    json_decref(writers);
    /* the answers use them: the cascade's 200 and the jobs' results */
    op = json_object_get(json_object_get(json_object_get(doc, "paths"), "/api/v1/cascade"), "post");
    text = json_dumps(json_object_get(json_object_get(op, "responses"), "200"), 0);
    assert_non_null(strstr(text, "#/components/schemas/CascadeResult"));
    free(text);
    text = json_dumps(json_object_get(served, "CriticalityJob"), 0);
    assert_non_null(strstr(text, "#/components/schemas/CriticalityResult"));
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_route_is_documented),
        cmocka_unit_test(test_schemas_follow_the_model),
        cmocka_unit_test(test_fixed_part_is_filled_from_the_owners),
        cmocka_unit_test(test_every_answer_is_typed),
        cmocka_unit_test(test_writers_schemas_are_the_writers),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
