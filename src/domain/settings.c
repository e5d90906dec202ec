/*
 * settings.c — reading settings records (see settings.h).
 */
#include "domain/settings.h"

#include "base/timefmt.h"
#include "domain/mfa.h"
#include "store/model.h"

#include <ctype.h>

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int settings_get_text(struct store *s, const char *key, const char *fallback, char *buf,
                      size_t size, struct error *e)
{
    json_t *record = NULL;
    int rc = store_record_get(s, model_kind(KIND_SETTING), key, &record, e);
    if (rc == ERR_NOTFOUND) {
        snprintf(buf, size, "%s", fallback);
        return 0;
    }
    if (rc != 0)
        return rc;
    snprintf(buf, size, "%s", json_string_value(json_object_get(record, "value")));
    json_decref(record);
    return 0;
}

int settings_get_int(struct store *s, const char *key, int64_t fallback, int64_t *out,
                     struct error *e)
{
    char buf[64], *end;
    long long v;
    int rc = settings_get_text(s, key, "", buf, sizeof buf, e);
    if (rc != 0)
        return rc;
    if (buf[0] == '\0') {
        *out = fallback;
        return 0;
    }
    errno = 0;
    v = strtoll(buf, &end, 10);
    if (errno || *end)
        return error_set(e, ERR_INVALID, key, "setting '%s' must be a whole number, not '%s'", key,
                         buf);
    *out = v;
    return 0;
}

int settings_get_hours(struct store *s, const char *key, int64_t fallback, int64_t min, int64_t max,
                       int32_t *out, struct error *e)
{
    int64_t v;
    int rc = settings_get_int(s, key, fallback, &v, e);
    if (rc != 0)
        return rc;
    if (v < min || v > max)
        return error_set(e, ERR_INVALID, key, "setting %s must be %lld .. %lld hours, not %lld",
                         key, (long long)min, (long long)max, (long long)v);
    *out = (int32_t)v;
    return 0;
}

/* --- the values the rules can use --------------------------------------------------- */

enum setting_type { SETTING_INT, SETTING_DATE, SETTING_WORD };

struct setting_rule {
    const char *id;
    enum setting_type type;
    int64_t min, max;         /* SETTING_INT */
    const char *const *words; /* SETTING_WORD */
};

static const char *const cascade_units[] = {"sectors", "processes", NULL};

#define HOURS(id)                                                                                  \
    {                                                                                              \
        id, SETTING_INT, 1, 8760, NULL                                                             \
    }
#define MONTHS(id)                                                                                 \
    {                                                                                              \
        id, SETTING_INT, 0, 120, NULL                                                              \
    }
#define DAYS(id)                                                                                   \
    {                                                                                              \
        id, SETTING_INT, 0, 3650, NULL                                                             \
    }
#define DATE(id)                                                                                   \
    {                                                                                              \
        id, SETTING_DATE, 0, 0, NULL                                                               \
    }

static const struct setting_rule setting_rules[] = {
    {"cycle_years", SETTING_INT, 1, 20, NULL},
    DAYS("due_soon_days"),
    DATE("cer_nis2_deadline"),
    HOURS("assess_outage_h"),
    HOURS("assess_horizon_h"),
    {"assess_cascade_unit", SETTING_WORD, 0, 0, cascade_units},
    HOURS("assess_cascade_min_down_h"),
    DATE("cer_nis2_since"),
    HOURS("nis2_early_warning_h"),
    HOURS("nis2_notification_h"),
    MONTHS("nis2_final_report_months"),
    HOURS("cer_notification_h"),
    MONTHS("cer_report_months"),
    HOURS("fallback_outage_h"),
    HOURS("fallback_horizon_h"),
    {"max_tolerable_downtime_h_A", SETTING_INT, 0, 8760, NULL},
    {"max_tolerable_downtime_h_B", SETTING_INT, 0, 8760, NULL},
    {"max_tolerable_downtime_h_none", SETTING_INT, 0, 8760, NULL},
    {"fallback_reach_needed", SETTING_INT, 0, 100000, NULL},
    {"proportionate_eur_per_down_hour", SETTING_INT, 0, INT64_C(1000000000000), NULL},
    HOURS("whatif_outage_h"),
    HOURS("whatif_horizon_h"),
    DAYS("review_due_soon_days"),
    MONTHS("cer_notify_months"),
    MONTHS("cer_risk_assessment_months"),
    MONTHS("cer_chapter3_months"),
    DATE("cer_milestone_member_state_risk_assessment"),
    DATE("cer_milestone_identification"),
    {"report_min_cell", SETTING_INT, 1, 1000, NULL},
    {"attachment_max_bytes", SETTING_INT, 1, INT64_C(1073741824), NULL},
    {"audit_checkpoint_every", SETTING_INT, 1, 1000000, NULL},
    {MFA_SETTING, SETTING_WORD, 0, 0, mfa_required_levels},
};

int settings_check(const json_t *record, const char *where, struct error *e)
{
    const char *id = json_string_value(json_object_get(record, "id"));
    const char *value = json_string_value(json_object_get(record, "value"));
    char at[ERROR_WHERE_MAX], range[96];
    size_t i;

    if (id == NULL || value == NULL)
        return 0; /* the field checks say what is missing */
    for (i = 0; i < sizeof setting_rules / sizeof setting_rules[0]; i++) {
        const struct setting_rule *r = &setting_rules[i];
        int ok = 0;
        if (strcmp(r->id, id) != 0)
            continue;
        if (r->type == SETTING_INT) {
            char *end;
            long long v;
            errno = 0;
            v = strtoll(value, &end, 10);
            ok = value[0] && (isdigit((unsigned char)value[0]) || value[0] == '-') && !*end &&
                 !errno && v >= r->min && v <= r->max;
            snprintf(range, sizeof range, "a whole number from %lld to %lld", (long long)r->min,
                     (long long)r->max);
        } else if (r->type == SETTING_DATE) {
            int64_t day;
            ok = timefmt_parse_date(value, &day) == 0;
            snprintf(range, sizeof range, "a date YYYY-MM-DD");
        } else {
            size_t j, used = 0;
            ok = model_value_index(r->words, value) >= 0;
            used += (size_t)snprintf(range, sizeof range, "one of:");
            for (j = 0; r->words[j] && used < sizeof range; j++)
                used += (size_t)snprintf(range + used, sizeof range - used, " %s", r->words[j]);
        }
        if (ok)
            return 0;
        snprintf(at, sizeof at, "%s.value", where);
        return error_set_msg(e, ERR_INVALID, at, "setting_value",
                             "the setting {setting} must be {rule}, not '{value}'", "setting", id,
                             "rule", range, "value", value, NULL);
    }
    return 0;
}
