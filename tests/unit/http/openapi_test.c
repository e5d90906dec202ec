/*
 * openapi_test.c — tests src/http/openapi.c: the document is OpenAPI 3.1
 * JSON, every route of the router's table (kinds expanded) is described
 * in it with an operationId and responses, nothing else is, and every
 * kind's schema names exactly its model fields.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "http/openapi.h"
#include "http/router.h"
#include "store/model.h"

#include <ctype.h>
#include <jansson.h>
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_route_is_documented),
        cmocka_unit_test(test_schemas_follow_the_model),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
