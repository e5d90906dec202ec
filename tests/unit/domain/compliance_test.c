/*
 * compliance_test.c — tests src/domain/compliance.c and the parts of
 * framework.c and access.c it relies on: the counting (per result, %
 * assessed, % compliant of the applicable), the texts in a language (a
 * Dutch library with English translations read from YAML, and the pick with
 * its fall back), the languages of Accept-Language, and on tests/data/
 * full.json with a second provider: coverage per entity, sector and process
 * counted over what each reader may see, campaign progress, and the rules
 * of writing assessments.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "domain/access.h"
#include "domain/compliance.h"
#include "domain/framework.h"
#include "domain/import.h"
#include "domain/validate.h"
#include "store/model.h"
#include "store/store.h"
#include "support/testutil.h"

#include <stdio.h>
#include <string.h>

/* --- counting ----------------------------------------------------------------- */

static void test_counts_arithmetic(void **state)
{
    struct compliance_counts c = {0};
    size_t a[COMPLIANCE_RESULT_COUNT] = {2, 1, 1, 2, 0}; /* 6 of 10 given */
    size_t b[COMPLIANCE_RESULT_COUNT] = {0, 0, 0, 0, 0};
    (void)state;
    assert_true(compliance_percent_assessed(&c) < 0); /* nothing to divide by */
    assert_true(compliance_percent_compliant(&c) < 0);
    compliance_counts_add_entity(&c, 10, a);
    assert_int_equal(c.entities, 1);
    assert_int_equal(c.by_result[COMPLIANCE_NOT_ASSESSED], 4); /* those not given are open */
    assert_int_equal(compliance_assessed(&c), 6);
    assert_float_equal(compliance_percent_assessed(&c), 60.0, 1e-9);
    /* compliant of the applicable: 2 of (10 - 2 not applicable) */
    assert_float_equal(compliance_percent_compliant(&c), 25.0, 1e-9);
    compliance_counts_add_entity(&c, 10, b); /* an entity that assessed nothing */
    assert_int_equal(c.entities, 2);
    assert_int_equal(c.total, 20);
    assert_int_equal(c.by_result[COMPLIANCE_NOT_ASSESSED], 14);
    assert_float_equal(compliance_percent_assessed(&c), 30.0, 1e-9);
    assert_float_equal(compliance_percent_compliant(&c), 2.0 * 100 / 18, 1e-9);
}

static void test_everything_not_applicable(void **state)
{
    struct compliance_counts c = {0};
    size_t a[COMPLIANCE_RESULT_COUNT] = {0, 0, 0, 3, 0};
    (void)state;
    compliance_counts_add_entity(&c, 3, a);
    assert_float_equal(compliance_percent_assessed(&c), 100.0, 1e-9);
    assert_true(compliance_percent_compliant(&c) < 0); /* nothing applicable: no percentage */
    assert_int_equal(compliance_result_index("partially_compliant"),
                     COMPLIANCE_PARTIALLY_COMPLIANT);
    assert_int_equal(compliance_result_index("yes"), -1);
    assert_int_equal(compliance_result_index(NULL), -1);
}

/* --- languages ------------------------------------------------------------------ */

static const char dutch_yaml[] = "urn: urn:test:library:nl\n"
                                 "locale: nl\n"
                                 "translations:\n"
                                 "  en: {name: Library in English}\n"
                                 "objects:\n"
                                 "  framework:\n"
                                 "    urn: urn:test:fw:nl\n"
                                 "    name: Kader\n"
                                 "    description: Beschrijving\n"
                                 "    translations:\n"
                                 "      en:\n"
                                 "        name: Framework\n"
                                 "        description: Description\n"
                                 "      xx:\n"
                                 "        name: unknown language, skipped\n"
                                 "    requirement_nodes:\n"
                                 "    - urn: urn:test:nl:1\n"
                                 "      assessable: true\n"
                                 "      name: Eis\n"
                                 "      description: Doe het\n"
                                 "      annotation: Toelichting\n"
                                 "      translations:\n"
                                 "        en:\n"
                                 "          description: Do it\n"
                                 "          annotation: Guidance\n"
                                 "    - urn: urn:test:nl:2\n"
                                 "      assessable: true\n"
                                 "      description: Alleen Nederlands\n";

static json_t *batch_record(struct import_batch *b, const char *id)
{
    size_t i;
    for (i = 0; i < b->n; i++) {
        if (strcmp(json_string_value(json_object_get(b->items[i].record, "id")), id) == 0)
            return b->items[i].record;
    }
    fail_msg("no record %s in the batch", id);
    return NULL;
}

static void test_translations_read_and_picked(void **state)
{
    struct import_batch b = IMPORT_BATCH_INIT;
    struct error e = {0};
    json_t *fw, *r1, *r2;
    (void)state;
    assert_int_equal(
        framework_batch_add_yaml(&b, "nl.yaml", dutch_yaml, strlen(dutch_yaml), "nctv", &e), 0);
    fw = batch_record(&b, "urn:test:fw:nl");
    r1 = batch_record(&b, "urn:test:nl:1");
    r2 = batch_record(&b, "urn:test:nl:2");
    assert_string_equal(json_string_value(json_object_get(fw, "language")), "nl");
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(fw, "name_translations"), "en")),
        "Framework");
    assert_null(json_object_get(json_object_get(fw, "name_translations"), "xx"));
    assert_string_equal(json_string_value(json_object_get(r1, "annotation")), "Toelichting");
    assert_null(json_object_get(r1, "name_translations")); /* the node's name is not translated */
    assert_null(json_object_get(r2, "description_translations"));
    assert_int_equal(validate_record(model_kind_find("frameworks"), fw, "$", &e), 0);
    assert_int_equal(validate_record(model_kind_find("requirements"), r1, "$", &e), 0);

    /* the pick: the translation where there is one, else the library's own text */
    assert_string_equal(compliance_text(fw, "name", "en", "nl"), "Framework");
    assert_string_equal(compliance_text(fw, "name", "nl", "nl"), "Kader");
    assert_string_equal(compliance_text(fw, "name", NULL, "nl"), "Kader");
    assert_string_equal(compliance_text(fw, "name", "de", "nl"), "Kader");
    assert_string_equal(compliance_text(r1, "description", "en", "nl"), "Do it");
    assert_string_equal(compliance_text(r1, "annotation", "en", "nl"), "Guidance");
    assert_string_equal(compliance_text(r1, "name", "en", "nl"), "Eis");
    assert_string_equal(compliance_text(r2, "description", "en", "nl"), "Alleen Nederlands");
    assert_null(compliance_text(r2, "name", "en", "nl"));
    compliance_localise(r1, "en", "nl");
    assert_string_equal(json_string_value(json_object_get(r1, "description")), "Do it");
    assert_null(json_object_get(r1, "description_translations"));
    import_batch_release(&b);
}

static void test_english_library_unchanged(void **state)
{
    static const char yaml[] = "objects:\n  framework:\n    urn: urn:t:en\n    name: English\n"
                               "    requirement_nodes:\n    - urn: urn:t:en:1\n      name: One\n";
    static const char bad[] = "locale: klingon\nobjects:\n  framework:\n    urn: urn:t:k\n"
                              "    name: K\n    requirement_nodes: []\n";
    struct import_batch b = IMPORT_BATCH_INIT;
    struct error e = {0};
    (void)state;
    assert_int_equal(framework_batch_add_yaml(&b, "en.yaml", yaml, strlen(yaml), "nctv", &e), 0);
    assert_string_equal(
        json_string_value(json_object_get(batch_record(&b, "urn:t:en"), "language")), "en");
    assert_null(json_object_get(batch_record(&b, "urn:t:en"), "name_translations"));
    assert_int_equal(framework_batch_add_yaml(&b, "k.yaml", bad, strlen(bad), "nctv", &e),
                     ERR_INVALID);
    assert_non_null(strstr(e.message, "klingon"));
    import_batch_release(&b);
}

static void test_accept_language(void **state)
{
    (void)state;
    assert_string_equal(compliance_language("nl"), "nl");
    assert_string_equal(compliance_language("en-GB,en;q=0.8"), "en");
    assert_string_equal(compliance_language("NL-nl"), "nl");
    assert_null(compliance_language("x-klingon"));
    assert_null(compliance_language("eng"));
    assert_null(compliance_language(""));
    assert_null(compliance_language(NULL));
}

/* --- coverage under need-to-know ----------------------------------------------- */

static void put(struct store *s, const char *kind, json_t *record)
{
    struct error e = {0};
    if (validate_record(model_kind_find(kind), record, "$", &e) != 0 ||
        store_record_put(s, model_kind_find(kind), record, &testutil_change, NULL, &e) != 0)
        fail_msg("%s: %s %s", kind, e.where, e.message);
    json_decref(record);
}

static json_t *assessment(const char *id, const char *provider, const char *requirement,
                          const char *result)
{
    return json_pack("{ss ss ss ss ss ss}", "id", id, "provider", provider, "requirement",
                     requirement, "result", result, "classification", "internal", "owner",
                     provider);
}

/* full.json (EZK's power, telecom, water in nl-energie; grid-co provides
 * power) plus: a framework fw of three assessable requirements and a
 * heading; water-co provides water; a campaign to both; grid-co assessed
 * two requirements, water-co one. */
static struct store *open_world(void)
{
    struct store *s = testutil_store_from_fixture("full.json");
    struct error e = {0};
    int i;
    assert_int_equal(store_begin(s, &e), 0);
    put(s, "organisations",
        json_pack("{ss ss ss ss ss}", "id", "water-co", "name", "Water Co", "kind", "provider",
                  "classification", "public", "owner", "nctv"));
    put(s, "provider_links",
        json_pack("{ss ss ss ss ss}", "id", "pl-water", "provider", "water-co", "process", "water",
                  "classification", "internal", "owner", "ezk"));
    put(s, "frameworks",
        json_pack("{ss ss ss ss ss ss}", "id", "fw", "urn", "urn:fw", "name", "Kader", "language",
                  "nl", "classification", "public", "owner", "nctv"));
    put(s, "requirements",
        json_pack("{ss ss sb ss ss}", "id", "fw-h", "framework", "fw", "assessable", 0,
                  "classification", "public", "owner", "nctv"));
    for (i = 1; i <= 3; i++) {
        char id[8];
        snprintf(id, sizeof id, "fw-%d", i);
        put(s, "requirements",
            json_pack("{ss ss ss sb ss ss}", "id", id, "framework", "fw", "parent", "fw-h",
                      "assessable", 1, "classification", "public", "owner", "nctv"));
    }
    put(s, "campaigns",
        json_pack("{ss ss ss s[ss] ss ss}", "id", "camp", "title", "Uitvraag", "framework", "fw",
                  "to", "grid-co", "water-co", "classification", "internal", "owner", "ezk"));
    put(s, "requirement_assessments", assessment("a-g1", "grid-co", "fw-1", "compliant"));
    put(s, "requirement_assessments", assessment("a-g2", "grid-co", "fw-2", "not_applicable"));
    put(s, "requirement_assessments", assessment("a-w1", "water-co", "fw-1", "non_compliant"));
    assert_int_equal(store_commit(s, &e), 0);
    return s;
}

static struct access *as(struct store *s, const char *role, const char *org)
{
    struct store_user u;
    struct access *a = NULL;
    struct error e = {0};
    memset(&u, 0, sizeof u);
    snprintf(u.id, sizeof u.id, "%s-%s", role, org);
    snprintf(u.role, sizeof u.role, "%s", role);
    snprintf(u.org, sizeof u.org, "%s", org);
    snprintf(u.clearance, sizeof u.clearance, "%s", "secret");
    assert_int_equal(access_new(s, &u, &a, &e), 0);
    return a;
}

static const struct compliance_row *row(const struct compliance_table *t, const char *id)
{
    size_t i;
    for (i = 0; i < t->n; i++) {
        if (strcmp(json_string_value(json_object_get(t->rows[i].record, "id")), id) == 0)
            return &t->rows[i];
    }
    return NULL;
}

static void test_coverage_per_entity_sector_process(void **state)
{
    struct store *s = open_world();
    struct compliance_query q = {"fw", COMPLIANCE_BY_ENTITY, NULL, NULL};
    struct compliance_table t;
    struct error e = {0};
    const struct compliance_row *g, *w;
    (void)state;
    assert_int_equal(compliance_compute(s, &q, &t, &e), 0);
    assert_int_equal(t.n, 2);
    g = row(&t, "grid-co");
    w = row(&t, "water-co");
    assert_non_null(g);
    assert_non_null(w);
    assert_int_equal(g->counts.total, 3);
    assert_int_equal(g->counts.by_result[COMPLIANCE_COMPLIANT], 1);
    assert_int_equal(g->counts.by_result[COMPLIANCE_NOT_APPLICABLE], 1);
    assert_int_equal(g->counts.by_result[COMPLIANCE_NOT_ASSESSED], 1);
    assert_float_equal(compliance_percent_compliant(&g->counts), 50.0, 1e-9);
    assert_int_equal(w->counts.by_result[COMPLIANCE_NON_COMPLIANT], 1);
    assert_int_equal(w->counts.by_result[COMPLIANCE_NOT_ASSESSED], 2);
    compliance_table_release(&t);

    q.group = COMPLIANCE_BY_SECTOR;
    assert_int_equal(compliance_compute(s, &q, &t, &e), 0);
    assert_int_equal(t.n, 1);
    assert_int_equal(t.rows[0].counts.entities, 2);
    assert_int_equal(t.rows[0].counts.total, 6);
    compliance_table_release(&t);

    q.group = COMPLIANCE_BY_PROCESS;
    assert_int_equal(compliance_compute(s, &q, &t, &e), 0);
    assert_int_equal(t.n, 2); /* power and water; telecom has no entity */
    assert_non_null(row(&t, "power"));
    assert_null(row(&t, "telecom"));
    compliance_table_release(&t);
    compliance_table_release(&t); /* idempotent */
    assert_int_equal(t.n, 0);
    store_close(s);
}

static void test_coverage_need_to_know(void **state)
{
    struct store *s = open_world();
    struct access *grid = as(s, "provider", "grid-co"), *ezk = as(s, "department", "ezk"),
                  *jenv = as(s, "department", "jenv");
    struct compliance_query q = {"fw", COMPLIANCE_BY_ENTITY, NULL, grid};
    struct compliance_table t;
    struct error e = {0};
    json_t *progress = NULL, *campaign = NULL;
    (void)state;
    /* a provider: only itself; its counts only its own */
    assert_int_equal(compliance_compute(s, &q, &t, &e), 0);
    assert_int_equal(t.n, 1);
    assert_non_null(row(&t, "grid-co"));
    compliance_table_release(&t);
    q.only = "water-co";
    assert_int_equal(compliance_compute(s, &q, &t, &e), ERR_NOTFOUND);
    compliance_table_release(&t);
    /* per sector a provider counts itself alone: 3 requirements, not 6 */
    q.only = NULL;
    q.group = COMPLIANCE_BY_SECTOR;
    assert_int_equal(compliance_compute(s, &q, &t, &e), 0);
    assert_int_equal(t.n, 1);
    assert_int_equal(t.rows[0].counts.entities, 1);
    assert_int_equal(t.rows[0].counts.total, 3);
    compliance_table_release(&t);
    /* the responsible ministry sees both; another ministry none */
    q.group = COMPLIANCE_BY_ENTITY;
    q.access = ezk;
    assert_int_equal(compliance_compute(s, &q, &t, &e), 0);
    assert_int_equal(t.n, 2);
    compliance_table_release(&t);
    q.access = jenv;
    assert_int_equal(compliance_compute(s, &q, &t, &e), 0);
    assert_int_equal(t.n, 0);
    compliance_table_release(&t);

    /* progress: the provider only its own row */
    assert_int_equal(store_record_get(s, model_kind_find("campaigns"), "camp", &campaign, &e), 0);
    assert_int_equal(access_can_read(jenv, s, model_kind_find("campaigns"), campaign, &e),
                     ERR_NOTFOUND);
    assert_int_equal(compliance_campaign_progress(s, campaign, grid, &progress, &e), 0);
    assert_int_equal(json_array_size(progress), 1);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(progress, 0), "assessed")),
                     2);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(progress, 0), "open")), 1);
    json_decref(progress);
    assert_int_equal(compliance_campaign_progress(s, campaign, ezk, &progress, &e), 0);
    assert_int_equal(json_array_size(progress), 2);
    json_decref(progress);
    json_decref(campaign);
    access_free(grid);
    access_free(ezk);
    access_free(jenv);
    store_close(s);
}

static void test_assessment_rules(void **state)
{
    struct store *s = open_world();
    const struct kind *k = model_kind_find("requirement_assessments");
    struct access *grid = as(s, "provider", "grid-co"), *ezk = as(s, "department", "ezk");
    struct error e = {0};
    json_t *dup = assessment("a-g1b", "grid-co", "fw-1", "compliant"),
           *heading = assessment("a-gh", "grid-co", "fw-h", "compliant"),
           *other = assessment("a-w9", "water-co", "fw-3", "compliant"),
           *fresh = assessment("a-g3", "grid-co", "fw-3", "compliant");
    (void)state;
    assert_int_equal(compliance_check_write(s, k, NULL, dup, &e), ERR_CONFLICT);
    assert_string_equal(e.id, "compliance_assessed_already");
    assert_int_equal(compliance_check_write(s, k, NULL, heading, &e), ERR_INVALID);
    assert_int_equal(compliance_check_write(s, k, NULL, fresh, &e), 0);
    /* a provider writes its own only; a ministry writes none */
    assert_int_equal(access_can_write(grid, s, k, NULL, fresh, &e), 0);
    json_object_set_new(other, "owner", json_string("grid-co"));
    assert_int_equal(access_can_write(grid, s, k, NULL, other, &e), ERR_FORBIDDEN);
    assert_int_equal(access_can_write(ezk, s, k, NULL, fresh, &e), ERR_FORBIDDEN);
    assert_string_equal(e.id, "compliance_provider_writes");
    /* the server sets who and when */
    compliance_prepare_write(k, NULL, fresh, "grid-user");
    assert_string_equal(json_string_value(json_object_get(fresh, "assessor")), "grid-user");
    assert_non_null(json_object_get(fresh, "date"));
    json_decref(dup);
    json_decref(heading);
    json_decref(other);
    json_decref(fresh);
    access_free(grid);
    access_free(ezk);
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts_arithmetic),
        cmocka_unit_test(test_everything_not_applicable),
        cmocka_unit_test(test_translations_read_and_picked),
        cmocka_unit_test(test_english_library_unchanged),
        cmocka_unit_test(test_accept_language),
        cmocka_unit_test(test_coverage_per_entity_sector_process),
        cmocka_unit_test(test_coverage_need_to_know),
        cmocka_unit_test(test_assessment_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
