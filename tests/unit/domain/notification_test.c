/*
 * notification_test.c — tests src/domain/notification.c: the regimes of a
 * provider link, the NIS2 and CER deadlines of one incident (exactly on a
 * deadline, one second late, month ends, months on the Dutch wall clock across
 * the summer-time switch, sent or not, not significant, no link), rules from
 * settings, and the report and entity list over a store.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/timefmt.h"
#include "domain/import.h"
#include "domain/notification.h"
#include "support/testutil.h"

#include <stdio.h>
#include <string.h>

static int64_t at(const char *time)
{
    int64_t t = 0;
    assert_int_equal(timefmt_parse_datetime(time, &t), 0);
    return t;
}

static json_t *incident(const char *detected, int significant)
{
    return json_pack("{ss ss ss ss ss sb}", "id", "inc", "process", "power", "provider", "grid",
                     "title", "t", "detected_at", detected, "significant", significant);
}

static void set_time(json_t *inc, const char *field, const char *time)
{
    json_object_set_new(inc, field, json_string(time));
}

static void evaluate(json_t *inc, unsigned regimes, int64_t now, struct notification_incident *out)
{
    struct notification_rules rules;
    struct error e = {0};
    notification_rules_default(&rules);
    assert_int_equal(
        notification_incident_evaluate(inc, regimes, NOTIFICATION_NO_REGIME, &rules, now, out, &e),
        0);
    json_decref(inc); /* out holds its own reference */
}

static void expect_deadline(const struct notification_deadline *d, const char *regime,
                            const char *step, const char *due, enum notification_state state,
                            int64_t margin)
{
    char buf[24];
    assert_string_equal(d->regime, regime);
    assert_string_equal(d->step, step);
    timefmt_format_datetime(d->due, buf);
    assert_string_equal(buf, due);
    assert_string_equal(notification_state_name(d->state), notification_state_name(state));
    assert_int_equal(d->margin, margin);
}

static void test_link_regimes(void **state)
{
    json_t *link = json_pack("{ss sb}", "nis2_entity", "essential", "cer_critical", 1);
    (void)state;
    assert_int_equal(cer_nis2_link(link), NOTIFICATION_NIS2 | NOTIFICATION_CER);
    json_object_set_new(link, "nis2_entity", json_string("important"));
    json_object_set_new(link, "cer_critical", json_false());
    assert_int_equal(cer_nis2_link(link), NOTIFICATION_NIS2);
    json_object_set_new(link, "nis2_entity", json_string("none"));
    assert_int_equal(cer_nis2_link(link), 0);
    json_object_set_new(link, "cer_critical", json_true());
    assert_int_equal(cer_nis2_link(link), NOTIFICATION_CER);
    assert_string_equal(cer_nis2_name(NOTIFICATION_CER), "CER");
    assert_string_equal(cer_nis2_name(3), "NIS2+CER");
    assert_string_equal(cer_nis2_name(0), "none");
    json_decref(link);
}

static void test_nis2_nothing_sent(void **state)
{
    struct notification_incident r;
    (void)state;
    /* exactly on the early-warning deadline: still open, 0 seconds left */
    evaluate(incident("2026-01-10T08:00:00Z", 1), NOTIFICATION_NIS2, at("2026-01-11T08:00:00Z"),
             &r);
    assert_int_equal(r.reason, NOTIFICATION_APPLIES);
    assert_int_equal(r.n_deadlines, 3);
    expect_deadline(&r.deadlines[0], "NIS2", "early_warning", "2026-01-11T08:00:00Z",
                    NOTIFICATION_OPEN, 0);
    expect_deadline(&r.deadlines[1], "NIS2", "notification", "2026-01-13T08:00:00Z",
                    NOTIFICATION_OPEN, 48 * 3600);
    /* not notified yet: the final report runs from the notification's due time */
    expect_deadline(&r.deadlines[2], "NIS2", "final_report", "2026-02-13T08:00:00Z",
                    NOTIFICATION_OPEN, (int64_t)(33 * 24 + 0) * 3600);
    notification_incident_release(&r);
    /* one second later: overdue by one second */
    evaluate(incident("2026-01-10T08:00:00Z", 1), NOTIFICATION_NIS2, at("2026-01-11T08:00:01Z"),
             &r);
    expect_deadline(&r.deadlines[0], "NIS2", "early_warning", "2026-01-11T08:00:00Z",
                    NOTIFICATION_OVERDUE, 1);
    notification_incident_release(&r);
}

static void test_nis2_sent(void **state)
{
    struct notification_incident r;
    json_t *inc = incident("2026-01-10T08:00:00Z", 1);
    (void)state;
    set_time(inc, "early_warning_at", "2026-01-11T08:00:00Z"); /* exactly on time: met */
    set_time(inc, "notification_at", "2026-01-13T08:00:01Z");  /* one second late */
    set_time(inc, "final_report_at", "2026-02-13T08:00:01Z");  /* exactly a month after it */
    evaluate(inc, NOTIFICATION_NIS2, at("2026-06-01T00:00:00Z"), &r);
    expect_deadline(&r.deadlines[0], "NIS2", "early_warning", "2026-01-11T08:00:00Z",
                    NOTIFICATION_MET, 0);
    assert_true(r.deadlines[0].sent_known);
    expect_deadline(&r.deadlines[1], "NIS2", "notification", "2026-01-13T08:00:00Z",
                    NOTIFICATION_LATE, 1);
    expect_deadline(&r.deadlines[2], "NIS2", "final_report", "2026-02-13T08:00:01Z",
                    NOTIFICATION_MET, 0);
    notification_incident_release(&r);
}

static void test_month_ends(void **state)
{
    struct notification_incident r;
    json_t *inc;
    (void)state;
    /* notified on 31 January at 22:30 in Amsterdam: the final report is due on
     * the last day of February */
    inc = incident("2026-01-29T10:00:00Z", 1);
    set_time(inc, "notification_at", "2026-01-31T21:30:00Z");
    evaluate(inc, NOTIFICATION_NIS2, at("2026-02-01T00:00:00Z"), &r);
    expect_deadline(&r.deadlines[2], "NIS2", "final_report", "2026-02-28T21:30:00Z",
                    NOTIFICATION_OPEN, at("2026-02-28T21:30:00Z") - at("2026-02-01T00:00:00Z"));
    notification_incident_release(&r);
    /* 23:30 UTC on 31 January is already 1 February in Amsterdam: a month
     * later is 1 March 00:30 there, still 28 February in UTC */
    inc = incident("2026-01-29T10:00:00Z", 1);
    set_time(inc, "notification_at", "2026-01-31T23:30:00Z");
    evaluate(inc, NOTIFICATION_NIS2, at("2026-02-01T00:00:00Z"), &r);
    expect_deadline(&r.deadlines[2], "NIS2", "final_report", "2026-02-28T23:30:00Z",
                    NOTIFICATION_OPEN, at("2026-02-28T23:30:00Z") - at("2026-02-01T00:00:00Z"));
    notification_incident_release(&r);
    inc = incident("2028-01-29T10:00:00Z", 1); /* a leap year */
    set_time(inc, "notification_at", "2028-01-31T12:00:00Z");
    evaluate(inc, NOTIFICATION_NIS2, at("2028-03-01T00:00:00Z"), &r);
    expect_deadline(&r.deadlines[2], "NIS2", "final_report", "2028-02-29T12:00:00Z",
                    NOTIFICATION_OVERDUE, at("2028-03-01T00:00:00Z") - at("2028-02-29T12:00:00Z"));
    notification_incident_release(&r);
    /* a month after 30 December is 30 January, across the year */
    inc = incident("2026-12-29T00:00:00Z", 1);
    set_time(inc, "early_warning_at", "2026-12-30T00:00:00Z");
    evaluate(inc, NOTIFICATION_CER, at("2027-01-01T00:00:00Z"), &r);
    expect_deadline(&r.deadlines[1], "CER", "detailed_report", "2027-01-30T00:00:00Z",
                    NOTIFICATION_OPEN, 29 * 86400);
    notification_incident_release(&r);
    /* 28 February 23:30 UTC is 1 March 00:30 in Amsterdam (CET); a month on
     * is 1 April 00:30 there, in summer time: 31 March 22:30 UTC (counting
     * in UTC would say 28 March, three days early) */
    inc = incident("2026-02-26T10:00:00Z", 1);
    set_time(inc, "notification_at", "2026-02-28T23:30:00Z");
    evaluate(inc, NOTIFICATION_NIS2, at("2026-03-01T00:00:00Z"), &r);
    expect_deadline(&r.deadlines[2], "NIS2", "final_report", "2026-03-31T22:30:00Z",
                    NOTIFICATION_OPEN, at("2026-03-31T22:30:00Z") - at("2026-03-01T00:00:00Z"));
    notification_incident_release(&r);
    /* and back to winter time: 10:00 in Amsterdam on 10 October (CEST) is
     * 10:00 on 10 November (CET), 09:00 UTC */
    inc = incident("2026-10-01T10:00:00Z", 1);
    set_time(inc, "early_warning_at", "2026-10-10T08:00:00Z");
    evaluate(inc, NOTIFICATION_CER, at("2026-10-11T00:00:00Z"), &r);
    expect_deadline(&r.deadlines[1], "CER", "detailed_report", "2026-11-10T09:00:00Z",
                    NOTIFICATION_OPEN, at("2026-11-10T09:00:00Z") - at("2026-10-11T00:00:00Z"));
    notification_incident_release(&r);
    assert_int_equal(timefmt_add_months(0, 1), 31);        /* 1970-01-01 -> 02-01 */
    assert_int_equal(timefmt_add_months(30, 1), 30 + 28);  /* 01-31 -> 02-28 */
    assert_int_equal(timefmt_add_months(31 + 27, -1), 27); /* 02-28 -> 01-28 */
}

static void test_cer_and_both(void **state)
{
    struct notification_incident r;
    json_t *inc = incident("2026-03-01T12:00:00Z", 1);
    (void)state;
    set_time(inc, "early_warning_at", "2026-03-02T13:00:00Z"); /* an hour late */
    evaluate(inc, NOTIFICATION_NIS2 | NOTIFICATION_CER, at("2026-03-03T00:00:00Z"), &r);
    assert_int_equal(r.n_deadlines, 5);
    expect_deadline(&r.deadlines[0], "NIS2", "early_warning", "2026-03-02T12:00:00Z",
                    NOTIFICATION_LATE, 3600);
    expect_deadline(&r.deadlines[3], "CER", "initial_notification", "2026-03-02T12:00:00Z",
                    NOTIFICATION_LATE, 3600);
    /* the detailed report runs from when the initial notification was sent:
     * 14:00 in Amsterdam on 2 March, so 14:00 there on 2 April, in summer time */
    expect_deadline(&r.deadlines[4], "CER", "detailed_report", "2026-04-02T12:00:00Z",
                    NOTIFICATION_OPEN, at("2026-04-02T12:00:00Z") - at("2026-03-03T00:00:00Z"));
    notification_incident_release(&r);
}

static void test_nothing_to_notify(void **state)
{
    struct notification_rules rules;
    struct notification_incident r;
    struct error e = {0};
    json_t *inc = incident("2026-03-01T12:00:00Z", 0);
    (void)state;
    notification_rules_default(&rules);
    assert_int_equal(notification_incident_evaluate(inc, NOTIFICATION_NIS2, NOTIFICATION_APPLIES,
                                                    &rules, 0, &r, &e),
                     0);
    assert_int_equal(r.reason, NOTIFICATION_NOT_SIGNIFICANT);
    assert_int_equal(r.regimes, NOTIFICATION_NIS2);
    assert_int_equal(r.n_deadlines, 0);
    notification_incident_release(&r);
    json_object_set_new(inc, "significant", json_true());
    assert_int_equal(
        notification_incident_evaluate(inc, 0, NOTIFICATION_NO_LINK, &rules, 0, &r, &e), 0);
    assert_int_equal(r.reason, NOTIFICATION_NO_LINK);
    assert_int_equal(r.n_deadlines, 0);
    assert_non_null(strstr(notification_reason_text(r.reason), "no link"));
    notification_incident_release(&r);
    /* custom rules: a 12-hour early warning */
    rules.nis2_early_warning_h = 12;
    assert_int_equal(notification_incident_evaluate(inc, NOTIFICATION_NIS2, NOTIFICATION_APPLIES,
                                                    &rules, 0, &r, &e),
                     0);
    assert_int_equal(r.deadlines[0].due, at("2026-03-02T00:00:00Z"));
    notification_incident_release(&r);
    json_object_set_new(inc, "notification_at", json_string("yesterday"));
    assert_int_equal(notification_incident_evaluate(inc, NOTIFICATION_NIS2, NOTIFICATION_APPLIES,
                                                    &rules, 0, &r, &e),
                     ERR_INVALID);
    notification_incident_release(&r);
    json_decref(inc);
}

static const char document[] =
    "{\"format\": \"vitaal\", \"version\": 2,"
    " \"organisations\": ["
    "  {\"id\": \"nctv\", \"name\": \"N\", \"kind\": \"coordinator\", \"classification\": "
    "\"public\", \"owner\": \"nctv\"},"
    "  {\"id\": \"ezk\", \"name\": \"E\", \"kind\": \"ministry\", \"classification\": \"public\", "
    "\"owner\": \"nctv\"},"
    "  {\"id\": \"grid\", \"name\": \"Grid\", \"kind\": \"provider\", \"classification\": "
    "\"public\", \"owner\": \"nctv\"},"
    "  {\"id\": \"lonely\", \"name\": \"L\", \"kind\": \"provider\", \"classification\": "
    "\"public\", \"owner\": \"nctv\"}],"
    " \"settings\": [{\"id\": \"nis2_early_warning_h\", \"value\": \"12\", \"classification\": "
    "\"public\", \"owner\": \"nctv\"}],"
    " \"sectors\": [{\"id\": \"energy\", \"name\": \"Energy\", \"classification\": \"public\", "
    "\"owner\": \"nctv\"}],"
    " \"processes\": ["
    "  {\"id\": \"power\", \"name\": \"Power\", \"sector\": \"energy\", \"ministry\": \"ezk\", "
    "\"category\": \"A\", \"classification\": \"public\", \"owner\": \"ezk\"},"
    "  {\"id\": \"gas\", \"name\": \"Gas\", \"sector\": \"energy\", \"ministry\": \"ezk\", "
    "\"category\": \"B\", \"classification\": \"public\", \"owner\": \"ezk\"}],"
    " \"provider_links\": [{\"id\": \"grid-power\", \"provider\": \"grid\", \"process\": "
    "\"power\", \"nis2_entity\": \"important\", \"cer_critical\": true, \"classification\": "
    "\"public\", \"owner\": \"grid\"}],"
    " \"incidents\": ["
    "  {\"id\": \"a\", \"process\": \"power\", \"provider\": \"grid\", \"title\": \"A\", "
    "\"detected_at\": \"2026-02-01T00:00:00Z\", \"significant\": true, \"classification\": "
    "\"internal\", \"owner\": \"grid\"},"
    "  {\"id\": \"b\", \"process\": \"gas\", \"provider\": \"grid\", \"title\": \"B\", "
    "\"detected_at\": \"2026-01-01T00:00:00Z\", \"significant\": true, \"classification\": "
    "\"internal\", \"owner\": \"grid\"},"
    "  {\"id\": \"c\", \"process\": \"power\", \"title\": \"C\", \"detected_at\": "
    "\"2026-03-01T00:00:00Z\", \"significant\": true, \"classification\": \"internal\", "
    "\"owner\": \"nctv\"}]}";

static struct store *open_store(void)
{
    struct import_batch b = IMPORT_BATCH_INIT;
    struct import_stats stats;
    struct store *s = NULL;
    struct error e = {0};
    const char *doc = testutil_temp_path("doc.json");
    assert_int_equal(store_open(testutil_db_path("n.db"), STORE_CREATE, &s, &e), 0);
    assert_int_equal(testutil_write_file(doc, document), 0);
    if (import_batch_add_json_file(&b, doc, &e) != 0 ||
        import_batch_apply(&b, s, 0, &testutil_change, NULL, &stats, &e) != 0)
        fail_msg("%s: %s", e.where, e.message);
    import_batch_release(&b);
    return s;
}

static void test_report_over_a_store(void **state)
{
    struct notification_report r;
    struct notification_entities ent;
    struct error e = {0};
    struct store *s = open_store();
    (void)state;
    assert_int_equal(notification_report_compute(s, at("2026-02-01T12:00:00Z"), &r, &e), 0);
    assert_int_equal(r.rules.nis2_early_warning_h, 12); /* from settings */
    assert_int_equal(r.rules.nis2_notification_h, 72);  /* the default */
    assert_int_equal(r.n, 3);
    /* by detected_at: b (no link for gas), a (NIS2 + CER), c (no provider) */
    assert_string_equal(json_string_value(json_object_get(r.incidents[0].record, "id")), "b");
    assert_int_equal(r.incidents[0].reason, NOTIFICATION_NO_LINK);
    assert_string_equal(json_string_value(json_object_get(r.incidents[1].record, "id")), "a");
    assert_int_equal(r.incidents[1].regimes, NOTIFICATION_NIS2 | NOTIFICATION_CER);
    assert_int_equal(r.incidents[1].n_deadlines, 5);
    assert_int_equal(r.incidents[1].deadlines[0].state, NOTIFICATION_OPEN); /* 12 h, exactly */
    assert_int_equal(r.incidents[1].deadlines[0].margin, 0);
    assert_int_equal(r.incidents[1].deadlines[3].state, NOTIFICATION_OPEN); /* CER 24 h */
    assert_int_equal(r.incidents[2].reason, NOTIFICATION_NO_PROVIDER);
    notification_report_release(&r);
    notification_report_release(&r); /* idempotent */

    assert_int_equal(notification_entities_compute(s, &ent, &e), 0);
    assert_int_equal(ent.n, 2); /* grid and lonely, not the ministry */
    assert_string_equal(json_string_value(json_object_get(ent.entities[0].provider, "id")), "grid");
    assert_int_equal(ent.entities[0].n_links, 1);
    assert_string_equal(ent.entities[0].nis2_entity, "important");
    assert_true(ent.entities[0].cer_critical);
    assert_string_equal(ent.entities[0].links[0].process_name, "Power");
    assert_int_equal(ent.entities[1].n_links, 0);
    assert_int_equal(ent.entities[1].regimes, 0);
    notification_entities_release(&ent);
    notification_entities_release(&ent); /* idempotent */
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_link_regimes),        cmocka_unit_test(test_nis2_nothing_sent),
        cmocka_unit_test(test_nis2_sent),           cmocka_unit_test(test_month_ends),
        cmocka_unit_test(test_cer_and_both),        cmocka_unit_test(test_nothing_to_notify),
        cmocka_unit_test(test_report_over_a_store),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
