/*
 * cer_nis2_test.c — tests src/domain/cer_nis2.c: the one CER/NIS2 rule for
 * links, sectors (through eu_sector) and processes (a process outside every
 * directive's sector still falls under one when a provider of it is an
 * entity: the waterkeren case), the CER clock of a critical entity step by
 * step and on the boundary days, and what is due: the milestones from
 * settings and the entities with the earliest dates over their links.
 *
 * The database is tests/data/full.json with records added per test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/timefmt.h"
#include "domain/cer_nis2.h"
#include "store/store.h"
#include "support/testutil.h"

#include <stdlib.h>
#include <string.h>

static int64_t day(const char *date)
{
    int64_t d = 0;
    assert_int_equal(timefmt_parse_date(date, &d), 0);
    return d;
}

static void put(struct store *s, const char *kind, json_t *record)
{
    struct error e = {0};
    assert_int_equal(store_begin(s, &e), 0);
    if (store_record_put(s, model_kind_find(kind), record, &testutil_change, NULL, &e) != 0)
        fail_msg("%s: %s", e.where, e.message);
    assert_int_equal(store_commit(s, &e), 0);
    json_decref(record);
}

static void test_link_and_sector_rules(void **state)
{
    json_t *link = json_pack("{ss sb}", "nis2_entity", "important", "cer_critical", 1);
    json_t *sector = json_pack("{ss sb}", "nis2_annex", "II", "cer", 0);
    (void)state;
    assert_int_equal(cer_nis2_link(link), CER_NIS2_NIS2 | CER_NIS2_CER);
    json_object_set_new(link, "nis2_entity", json_string("none"));
    assert_int_equal(cer_nis2_link(link), CER_NIS2_CER);
    json_object_set_new(link, "cer_critical", json_false());
    assert_int_equal(cer_nis2_link(link), 0);
    assert_int_equal(cer_nis2_sector_record(sector), CER_NIS2_NIS2);
    json_object_set_new(sector, "nis2_annex", json_string("none"));
    assert_int_equal(cer_nis2_sector_record(sector), 0);
    assert_string_equal(cer_nis2_name(CER_NIS2_NIS2 | CER_NIS2_CER), "NIS2+CER");
    assert_string_equal(cer_nis2_name(0), "none");
    json_decref(link);
    json_decref(sector);
}

static void test_process_rule(void **state)
{
    struct store *s = testutil_store_from_fixture("full.json");
    struct cer_nis2_map m = {0};
    struct error e = {0};
    (void)state;
    /* a national sector under no directive, with a process in it */
    put(s, "sectors",
        json_pack("{ss ss ss sb ss ss}", "id", "nl-water", "name", "Water", "nis2_annex", "none",
                  "cer", 0, "classification", "public", "owner", "nctv"));
    put(s, "processes",
        json_pack("{ss ss ss ss ss ss ss}", "id", "keren", "name", "Keren", "sector", "nl-water",
                  "ministry", "ezk", "category", "A", "classification", "public", "owner", "ezk"));
    put(s, "processes",
        json_pack("{ss ss ss ss ss ss ss}", "id", "peil", "name", "Peil", "sector", "nl-water",
                  "ministry", "ezk", "category", "B", "classification", "public", "owner", "ezk"));
    put(s, "provider_links",
        json_pack("{ss ss ss ss sb ss ss}", "id", "grid-co-keren", "provider", "grid-co", "process",
                  "keren", "nis2_entity", "essential", "cer_critical", 1, "classification",
                  "internal", "owner", "grid-co"));
    assert_int_equal(cer_nis2_map_load(s, &m, &e), 0);
    /* nl-energie is under CER itself and under NIS2 through eu-energy (annex I) */
    assert_int_equal(cer_nis2_sector(&m, "nl-energie"), CER_NIS2_NIS2 | CER_NIS2_CER);
    assert_int_equal(cer_nis2_sector(&m, "nl-water"), 0);
    /* its provider is an entity for it: the process falls under both */
    assert_int_equal(cer_nis2_process(&m, "keren", "nl-water"), CER_NIS2_NIS2 | CER_NIS2_CER);
    /* same sector, no entity among its providers: neither */
    assert_int_equal(cer_nis2_process(&m, "peil", "nl-water"), 0);
    assert_int_equal(cer_nis2_process(&m, "telecom", "nl-energie"), CER_NIS2_NIS2 | CER_NIS2_CER);
    cer_nis2_map_release(&m);
    store_close(s);
}

static const struct cer_nis2_rules rules = {1, 9, 10};

static void test_clock_steps(void **state)
{
    struct cer_nis2_clock c;
    (void)state;
    /* not identified: due by the national milestone, overdue after it */
    cer_nis2_clock_compute(NULL, NULL, &rules, "2026-07-17", day("2026-07-17"), &c);
    assert_int_equal(c.step, CER_NIS2_NOT_IDENTIFIED);
    assert_string_equal(c.next_due, "2026-07-17");
    assert_int_equal(c.overdue, 0);
    cer_nis2_clock_compute(NULL, NULL, &rules, "2026-07-17", day("2026-07-18"), &c);
    assert_int_equal(c.overdue, 1);
    /* without a milestone there is nothing to be late for */
    cer_nis2_clock_compute("", "", &rules, "", day("2030-01-01"), &c);
    assert_string_equal(c.next_due, "");
    assert_int_equal(c.overdue, 0);
    /* identified 31 January: notified by the end of February (clamped) */
    cer_nis2_clock_compute("2026-01-31", NULL, &rules, "2026-07-17", day("2026-02-28"), &c);
    assert_int_equal(c.step, CER_NIS2_TO_NOTIFY);
    assert_string_equal(c.notification_due, "2026-02-28");
    assert_int_equal(c.overdue, 0);
    cer_nis2_clock_compute("2026-01-31", NULL, &rules, "2026-07-17", day("2026-03-01"), &c);
    assert_int_equal(c.overdue, 1);
    /* notified 10 February: risk assessment 10 November, Chapter III 10 December */
    cer_nis2_clock_compute("2026-01-20", "2026-02-10", &rules, "", day("2026-11-10"), &c);
    assert_string_equal(c.risk_assessment_due, "2026-11-10");
    assert_string_equal(c.chapter3_applies, "2026-12-10");
    assert_int_equal(c.step, CER_NIS2_RISK_ASSESSMENT); /* due today is still due */
    assert_string_equal(c.next_due, "2026-11-10");
    cer_nis2_clock_compute("2026-01-20", "2026-02-10", &rules, "", day("2026-11-11"), &c);
    assert_int_equal(c.step, CER_NIS2_CHAPTER3_COMING);
    assert_string_equal(c.next_due, "2026-12-10");
    cer_nis2_clock_compute("2026-01-20", "2026-02-10", &rules, "", day("2026-12-10"), &c);
    assert_int_equal(c.step, CER_NIS2_CHAPTER3_APPLIES); /* applies from its day on */
    assert_string_equal(c.next_due, "");
    assert_int_equal(c.overdue, 0);
}

static void test_due_from_store(void **state)
{
    struct store *s = testutil_store_from_fixture("full.json");
    struct cer_nis2_due d = {0};
    struct error e = {0};
    (void)state;
    put(s, "settings",
        json_pack("{ss ss ss ss ss}", "id", "cer_milestone_identification", "value", "2026-07-17",
                  "description", "identified", "classification", "public", "owner", "nctv"));
    put(s, "settings",
        json_pack("{ss ss ss ss ss}", "id", "cer_milestone_member_state_risk_assessment", "value",
                  "2026-01-17", "description", "MS risk assessment", "classification", "public",
                  "owner", "nctv"));
    put(s, "settings",
        json_pack("{ss ss ss ss}", "id", "cer_risk_assessment_months", "value", "6",
                  "classification", "public", "owner", "nctv"));
    /* two links of one entity: the earliest dates count */
    put(s, "provider_links",
        json_pack("{ss ss ss ss sb ss ss ss ss}", "id", "grid-co-telecom", "provider", "grid-co",
                  "process", "telecom", "nis2_entity", "none", "cer_critical", 1, "cer_identified",
                  "2026-03-01", "cer_notified", "2026-03-20", "classification", "internal", "owner",
                  "grid-co"));
    put(s, "provider_links",
        json_pack("{ss ss ss ss sb ss ss ss ss}", "id", "grid-co-water", "provider", "grid-co",
                  "process", "water", "nis2_entity", "none", "cer_critical", 1, "cer_identified",
                  "2026-02-01", "cer_notified", "2026-04-01", "classification", "internal", "owner",
                  "grid-co"));
    assert_int_equal(cer_nis2_due_compute(s, day("2026-07-01"), &d, &e), 0);
    assert_int_equal(d.n_milestones, 2);
    assert_string_equal(d.milestones[0].id, "cer_milestone_member_state_risk_assessment");
    assert_int_equal(d.milestones[0].past, 1);
    assert_string_equal(d.milestones[1].due, "2026-07-17");
    assert_int_equal(d.milestones[1].past, 0);
    assert_int_equal(d.rules.risk_assessment_months, 6);
    assert_int_equal(d.n_entities, 1);
    assert_string_equal(d.entities[0].provider, "grid-co");
    assert_string_equal(d.entities[0].name, "Grid Co (fictief)");
    assert_int_equal(json_array_size(d.entities[0].processes), 3);
    assert_string_equal(d.entities[0].clock.identified, "2026-02-01");
    assert_string_equal(d.entities[0].clock.notified, "2026-03-20");
    assert_string_equal(d.entities[0].clock.risk_assessment_due, "2026-09-20");
    assert_int_equal(d.not_identified, 0);
    cer_nis2_due_release(&d);

    /* a milestone that is not a date is refused, naming the settings */
    put(s, "settings",
        json_pack("{ss ss ss ss}", "id", "cer_milestone_other", "value", "soon", "classification",
                  "public", "owner", "nctv"));
    assert_int_equal(cer_nis2_due_compute(s, day("2026-07-01"), &d, &e), ERR_INVALID);
    assert_non_null(strstr(e.message, "cer_milestone_"));
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_link_and_sector_rules),
        cmocka_unit_test(test_process_rule),
        cmocka_unit_test(test_clock_steps),
        cmocka_unit_test(test_due_from_store),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
