/*
 * validate.c — record validation against store/model.h (see validate.h).
 */
#include "domain/validate.h"

#include "domain/iim_table.h"

#include "domain/fields.h"
#include "domain/settings.h"
#include "domain/sharing.h"

#include "base/timefmt.h"
#include "domain/toetsing.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

const char *validate_field_where(const char *where, const char *field, char *buf, size_t size)
{
    if (where[0] == '$')
        snprintf(buf, size, "%s.%s", where, field);
    else
        snprintf(buf, size, "%s, column %s", where, field);
    return buf;
}

int validate_id(const char *id)
{
    size_t i, n = strlen(id);
    if (n == 0 || n > 128)
        return ERR_INVALID;
    for (i = 0; i < n; i++) {
        char c = id[i];
        int alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alnum && (i == 0 || (c != '.' && c != '_' && c != ':' && c != '-')))
            return ERR_INVALID;
    }
    return 0;
}

/* "must be <the JSON type of t>", with the message id a client translates. */
static int wrong_type(struct error *e, const char *where, enum field_type t)
{
    switch (t) {
    case FIELD_INT:
        return error_set_msg(e, ERR_INVALID, where, "not_int", "must be a whole number", NULL);
    case FIELD_REAL:
        return error_set_msg(e, ERR_INVALID, where, "not_number", "must be a number", NULL);
    case FIELD_BOOL:
        return error_set_msg(e, ERR_INVALID, where, "not_bool", "must be true or false", NULL);
    case FIELD_REF_LIST:
        return error_set_msg(e, ERR_INVALID, where, "not_list", "must be a list of ids", NULL);
    case FIELD_MAP:
        return error_set_msg(e, ERR_INVALID, where, "not_object", "must be an object", NULL);
    default:
        return error_set_msg(e, ERR_INVALID, where, "not_string", "must be a string", NULL);
    }
}

static const char *num(double d, char buf[32])
{
    snprintf(buf, 32, "%g", d);
    return buf;
}

/* "{value} is out of range: must be {min} .. {max}" */
static int out_of_range(struct error *e, const char *where, double d, const struct field *f)
{
    char v[32], lo[32], hi[32];
    return error_set_msg(e, ERR_INVALID, where, "out_of_range",
                         "{value} is out of range: must be {min} .. {max}", "value", num(d, v),
                         "min", num(f->min, lo), "max", num(f->max, hi), NULL);
}

static void join_values(const char *const *values, char *buf, size_t size)
{
    size_t i, used = 0;
    buf[0] = '\0';
    for (i = 0; values[i] && used < size; i++)
        used += (size_t)snprintf(buf + used, size - used, "%s%s", i ? ", " : "", values[i]);
}

/* Checks one scalar value v of type t (with the field's bounds and values). */
static int check_scalar(const struct field *f, enum field_type t, const char *const *values,
                        json_t *v, const char *where, struct error *e)
{
    char list[256], num_buf[32];
    switch (t) {
    case FIELD_INT: {
        double d;
        if (!json_is_number(v))
            return wrong_type(e, where, t);
        d = json_number_value(v);
        if (json_is_real(v) && d != floor(d))
            return error_set_msg(e, ERR_INVALID, where, "not_whole",
                                 "must be a whole number, not {value}", "value", num(d, num_buf),
                                 NULL);
        if (d < f->min || d > f->max)
            return out_of_range(e, where, d, f);
        return 0; /* a real such as 3.0 is turned into the integer 3 by the caller */
    }
    case FIELD_REAL: {
        double d;
        if (!json_is_number(v))
            return wrong_type(e, where, t);
        d = json_number_value(v);
        if (!isfinite(d) || d < f->min || d > f->max)
            return out_of_range(e, where, d, f);
        return 0;
    }
    case FIELD_BOOL:
        if (!json_is_boolean(v))
            return wrong_type(e, where, t);
        return 0;
    default:
        break;
    }
    if (!json_is_string(v))
        return wrong_type(e, where, t);
    switch (t) {
    case FIELD_ID:
    case FIELD_REF:
        if (validate_id(json_string_value(v)) != 0)
            return error_set_msg(
                e, ERR_INVALID, where, "bad_id",
                "'{value}' is not a valid id (1-128 letters, digits, '.', '_', ':', '-')", "value",
                json_string_value(v), NULL);
        return 0;
    case FIELD_ENUM:
        if (model_value_index(values, json_string_value(v)) < 0) {
            join_values(values, list, sizeof list);
            return error_set_msg(e, ERR_INVALID, where, "not_one_of",
                                 "'{value}' is not one of: {values}", "value", json_string_value(v),
                                 "values", list, NULL);
        }
        return 0;
    case FIELD_DATE: {
        int64_t days;
        if (timefmt_parse_date(json_string_value(v), &days) != 0)
            return error_set_msg(e, ERR_INVALID, where, "not_date",
                                 "'{value}' is not a date (YYYY-MM-DD)", "value",
                                 json_string_value(v), NULL);
        return 0;
    }
    case FIELD_DATETIME: {
        int64_t seconds;
        char buf[32];
        if (timefmt_parse_datetime(json_string_value(v), &seconds) != 0)
            return error_set_msg(e, ERR_INVALID, where, "not_datetime",
                                 "'{value}' is not a time (YYYY-MM-DDTHH:MM:SSZ or with +HH:MM)",
                                 "value", json_string_value(v), NULL);
        timefmt_format_datetime(seconds, buf);
        json_string_set(v, buf);
        return 0;
    }
    case FIELD_TEXT:
        if (json_string_length(v) > 100000)
            return error_set_msg(e, ERR_INVALID, where, "too_long", "longer than {max} bytes",
                                 "max", "100000", NULL);
        return 0;
    default:
        return 0;
    }
}

static int check_field(const struct field *f, json_t *record, json_t *v, const char *where,
                       struct error *e)
{
    char at[ERROR_WHERE_MAX];
    int rc;
    if (f->type == FIELD_REF_LIST) {
        size_t i, j;
        json_t *item;
        if (!json_is_array(v))
            return wrong_type(e, where, f->type);
        if ((f->flags & FIELD_NONEMPTY) && json_array_size(v) == 0)
            return error_set_msg(e, ERR_INVALID, where, "none_named",
                                 "must name at least one {kind}", "kind",
                                 f->ref_kind ? f->ref_kind : "item", NULL);
        json_array_foreach(v, i, item)
        {
            snprintf(at, sizeof at, "%s[%zu]", where, i);
            if ((rc = check_scalar(f, FIELD_REF, NULL, item, at, e)) != 0)
                return rc;
            for (j = 0; j < i; j++) {
                if (json_equal(item, json_array_get(v, j)))
                    return error_set_msg(e, ERR_INVALID, at, "listed_twice",
                                         "'{value}' is listed twice", "value",
                                         json_string_value(item), NULL);
            }
        }
        return 0;
    }
    if (f->type == FIELD_MAP) {
        const char *key;
        json_t *item;
        char list[256];
        if (!json_is_object(v))
            return wrong_type(e, where, f->type);
        json_object_foreach(v, key, item)
        {
            snprintf(at, sizeof at, "%s.%s", where, key);
            if (f->ref_kind == NULL && model_value_index(f->values, key) < 0) {
                join_values(f->values, list, sizeof list);
                return error_set_msg(e, ERR_INVALID, at, "not_one_of",
                                     "'{value}' is not one of: {values}", "value", key, "values",
                                     list, NULL);
            }
            if (f->ref_kind && validate_id(key) != 0)
                return error_set_msg(e, ERR_INVALID, at, "bad_id", "'{value}' is not a valid id",
                                     "value", key, NULL);
            if ((rc = check_scalar(f, f->value_type, f->value_values, item, at, e)) != 0)
                return rc;
            /* one JSON type per model type: 3.0 becomes 3 for whole numbers, 3 becomes
             * 3.0 for reals, so what is stored and exported does not depend on spelling */
            if (f->value_type == FIELD_INT && !json_is_integer(item))
                json_object_set_new(v, key, json_integer((json_int_t)json_number_value(item)));
            else if (f->value_type == FIELD_REAL && !json_is_real(item))
                json_object_set_new(v, key, json_real(json_number_value(item)));
        }
        return 0;
    }
    if (f->type == FIELD_INT && json_is_real(v)) {
        double d = json_number_value(v);
        if ((rc = check_scalar(f, f->type, f->values, v, where, e)) != 0)
            return rc;
        json_object_set_new(record, f->name, json_integer((json_int_t)d));
        return 0;
    }
    if ((rc = check_scalar(f, f->type, f->values, v, where, e)) != 0)
        return rc;
    if (f->type == FIELD_REAL && !json_is_real(v))
        json_object_set_new(record, f->name, json_real(json_number_value(v)));
    return 0;
}

/* A contribution is its provider's, and is submitted with who and when; a
 * proposed risk's decision carries who, when and its outcome: the risk it
 * became, or the reason it was declined (docs/method.md, "Providers
 * contribute, ministries decide"). */
static int check_contribution(const struct kind *k, json_t *r, const char *where, struct error *e)
{
    char at[ERROR_WHERE_MAX];
    const char *status = json_string_value(json_object_get(r, "status"));
    if (k->id == KIND_CONTRIBUTION) {
        const char *provider = json_string_value(json_object_get(r, "provider"));
        const char *owner = json_string_value(json_object_get(r, "owner"));
        if (provider && owner && strcmp(provider, owner) != 0)
            return error_set_msg(
                e, ERR_INVALID, validate_field_where(where, "owner", at, sizeof at),
                "contribution_owner", "a contribution is owned by its provider {provider}",
                "provider", provider, NULL);
        if (status && strcmp(status, "draft") != 0 &&
            (fields_blank(json_string_value(json_object_get(r, "submitted_by"))) ||
             json_string_value(json_object_get(r, "submitted_at")) == NULL))
            return error_set_msg(e, ERR_INVALID,
                                 validate_field_where(where, "submitted_at", at, sizeof at),
                                 "contribution_submitted_by",
                                 "a submitted contribution says who submitted it and when", NULL);
        return 0;
    }
    status = json_string_value(json_object_get(r, "decision"));
    if (status == NULL || strcmp(status, "open") == 0) {
        static const char *const decided[] = {"reason", "decided_by", "decided_at", "risk", NULL};
        size_t i;
        for (i = 0; decided[i]; i++) {
            json_t *v = json_object_get(r, decided[i]);
            if (v && !json_is_null(v))
                return error_set_msg(
                    e, ERR_INVALID, validate_field_where(where, decided[i], at, sizeof at),
                    "proposal_open", "an open proposed risk is not decided yet", NULL);
        }
        return 0;
    }
    if (fields_blank(json_string_value(json_object_get(r, "decided_by"))) ||
        json_string_value(json_object_get(r, "decided_at")) == NULL)
        return error_set_msg(e, ERR_INVALID,
                             validate_field_where(where, "decided_at", at, sizeof at),
                             "proposal_decided_by", "a decision says who decided and when", NULL);
    if (strcmp(status, "adopted") == 0 && json_string_value(json_object_get(r, "risk")) == NULL)
        return error_set_msg(e, ERR_INVALID, validate_field_where(where, "risk", at, sizeof at),
                             "proposal_adopted_risk",
                             "an adopted proposed risk names the risk it became", NULL);
    if (strcmp(status, "declined") == 0) {
        if (json_string_value(json_object_get(r, "risk")) != NULL)
            return error_set_msg(e, ERR_INVALID, validate_field_where(where, "risk", at, sizeof at),
                                 "proposal_declined_risk",
                                 "a declined proposed risk became no risk", NULL);
        if (fields_blank(json_string_value(json_object_get(r, "reason"))))
            return error_set_msg(e, ERR_INVALID,
                                 validate_field_where(where, "reason", at, sizeof at),
                                 "decline_reason", "say why: declining needs a reason", NULL);
    }
    return 0;
}

/* Rules of the cycle that concern one record alone. */
static int check_consistency(const struct kind *k, json_t *r, const char *where, struct error *e)
{
    char at[ERROR_WHERE_MAX];
    if (k->id == KIND_SETTING)
        return settings_check(r, where, e);
    if (k->id == KIND_ANALYSIS) {
        const char *status = json_string_value(json_object_get(r, "status"));
        const char *started = json_string_value(json_object_get(r, "started"));
        const char *finalised = json_string_value(json_object_get(r, "finalised"));
        const char *kind = json_string_value(json_object_get(r, "kind"));
        if (status && strcmp(status, "final") == 0 && finalised == NULL)
            return error_set_msg(
                e, ERR_INVALID, validate_field_where(where, "finalised", at, sizeof at),
                "final_needs_date", "a final analysis needs the date it became final", NULL);
        if (finalised && started && strcmp(finalised, started) < 0)
            return error_set_msg(e, ERR_INVALID,
                                 validate_field_where(where, "finalised", at, sizeof at),
                                 "before_start", "{date} is before the start {start}", "date",
                                 finalised, "start", started, NULL);
        if (kind && strcmp(kind, "regular") == 0 && json_is_string(json_object_get(r, "event")))
            return error_set_msg(
                e, ERR_INVALID, validate_field_where(where, "event", at, sizeof at),
                "event_only_quickscan", "only a quickscan is triggered by an event", NULL);
    } else if (k->id == KIND_REVIEW) {
        /* toetsing follows up: a measure found wanting is adjusted, and a date
         * is set to look again (docs/method.md, "Toetsing that follows up") */
        const char *result = json_string_value(json_object_get(r, "result"));
        const char *date = json_string_value(json_object_get(r, "date"));
        const char *follow_up = json_string_value(json_object_get(r, "follow_up"));
        const char *adjustment = json_string_value(json_object_get(r, "adjustment"));
        if (toetsing_result_needs_adjustment(result) &&
            (adjustment == NULL || adjustment[strspn(adjustment, " \t\r\n")] == '\0'))
            return error_set_msg(
                e, ERR_INVALID, validate_field_where(where, "adjustment", at, sizeof at),
                "needs_adjustment",
                "a review with result {result} must say how the measure is adjusted", "result",
                result, NULL);
        if (toetsing_result_needs_adjustment(result) && follow_up == NULL)
            return error_set_msg(
                e, ERR_INVALID, validate_field_where(where, "follow_up", at, sizeof at),
                "needs_follow_up", "a review with result {result} needs a follow_up date", "result",
                result, NULL);
        if (follow_up && date && strcmp(follow_up, date) < 0)
            return error_set_msg(
                e, ERR_INVALID, validate_field_where(where, "follow_up", at, sizeof at),
                "follow_up_before_review", "{date} is before the review's date {review}", "date",
                follow_up, "review", date, NULL);
    } else if (k->id == KIND_DEPENDENCY) {
        /* an input is met by a process or a service: at least one of them
         * (issue 20 part 4; docs/method.md, "Services in the cascade") */
        if (json_array_size(json_object_get(r, "suppliers")) == 0 &&
            json_array_size(json_object_get(r, "supplier_services")) == 0)
            return error_set_msg(
                e, ERR_INVALID, validate_field_where(where, "suppliers", at, sizeof at),
                "dependency_needs_supplier",
                "a dependency needs a supplier: a process in suppliers or a service in "
                "supplier_services",
                NULL);
    } else if (k->id == KIND_PROCESS) {
        /* a process's own tolerable downtime departs from its category's: say why */
        const char *reason = json_string_value(json_object_get(r, "mtpd_reason"));
        if (json_is_integer(json_object_get(r, "mtpd_h")) &&
            (reason == NULL || reason[strspn(reason, " \t\r\n")] == '\0'))
            return error_set_msg(
                e, ERR_INVALID, validate_field_where(where, "mtpd_reason", at, sizeof at),
                "mtpd_needs_reason", "a process's own maximum tolerable downtime needs its reason",
                NULL);
    } else if (k->id == KIND_FALLBACK_OPTION) {
        /* an option judged not proportionate names the measure chosen instead
         * (docs/method.md, "Decisions that agree, or say why not") */
        if (json_is_false(json_object_get(r, "proportionate")) &&
            !json_is_string(json_object_get(r, "alternative_measure")))
            return error_set_msg(
                e, ERR_INVALID, validate_field_where(where, "alternative_measure", at, sizeof at),
                "disproportionate_needs_alternative",
                "a fallback option judged not proportionate names the mitigating measure chosen "
                "instead",
                NULL);
    } else if (k->id == KIND_PROVIDER_LINK) {
        const char *identified = json_string_value(json_object_get(r, "cer_identified"));
        const char *notified = json_string_value(json_object_get(r, "cer_notified"));
        if ((identified || notified) && !json_is_true(json_object_get(r, "cer_critical")))
            return error_set_msg(
                e, ERR_INVALID,
                validate_field_where(where, identified ? "cer_identified" : "cer_notified", at,
                                     sizeof at),
                "cer_dates_need_critical", "CER dates are for a critical entity: set cer_critical",
                NULL);
        if (notified && identified == NULL)
            return error_set_msg(
                e, ERR_INVALID, validate_field_where(where, "cer_identified", at, sizeof at),
                "cer_notified_needs_identified",
                "an entity is notified of its identification: give the date it was identified",
                NULL);
        if (notified && identified && strcmp(notified, identified) < 0)
            return error_set_msg(e, ERR_INVALID,
                                 validate_field_where(where, "cer_notified", at, sizeof at),
                                 "cer_notified_before_identified",
                                 "{date} is before the identification {identified}", "date",
                                 notified, "identified", identified, NULL);
    } else if (k->id == KIND_IIM_TABLE) {
        /* a table the IIM can solve, mapped onto its own sectors (issue 16 part 4) */
        return iim_table_check(r, where, e);
    } else if (k->id == KIND_CONTRIBUTION || k->id == KIND_PROPOSED_RISK) {
        return check_contribution(k, r, where, e);
    } else if (k->id == KIND_LIKELIHOOD_CLASS) {
        double lo = json_number_value(json_object_get(r, "p_min_5y"));
        double hi = json_number_value(json_object_get(r, "p_max_5y"));
        if (lo > hi) {
            char a[32], b[32];
            return error_set_msg(
                e, ERR_INVALID, validate_field_where(where, "p_min_5y", at, sizeof at),
                "chance_order", "the lowest chance {low} is above the highest {high}", "low",
                num(lo, a), "high", num(hi, b), NULL);
        }
    }
    return 0;
}

int validate_record(const struct kind *k, json_t *record, const char *where, struct error *e)
{
    char at[ERROR_WHERE_MAX];
    const char *key;
    json_t *v;
    size_t i;
    int rc;

    if (!json_is_object(record))
        return error_set_msg(e, ERR_INVALID, where, "record_not_object",
                             "a {kind} must be an object", "kind", k->singular, NULL);
    sharing_fill_defaults(record);
    json_object_foreach(record, key, v)
    {
        if (model_field_find(k, key) == NULL)
            return error_set_msg(e, ERR_INVALID, validate_field_where(where, key, at, sizeof at),
                                 "unknown_field", "unknown field for a {kind}", "kind", k->singular,
                                 NULL);
    }
    for (i = 0; i < k->n_fields; i++) {
        const struct field *f = &k->fields[i];
        v = json_object_get(record, f->name);
        validate_field_where(where, f->name, at, sizeof at);
        if (v == NULL || json_is_null(v)) {
            if (f->flags & FIELD_REQUIRED)
                return error_set_msg(e, ERR_INVALID, at, "missing",
                                     "missing: a {kind} needs a {field}", "kind", k->singular,
                                     "field", f->name, NULL);
            continue;
        }
        if ((rc = check_field(f, record, v, at, e)) != 0)
            return rc;
    }
    if ((rc = sharing_check(record, where, e)) != 0)
        return rc;
    return check_consistency(k, record, where, e);
}

int validate_fallback_process(const struct kind *k, const json_t *record,
                              const char *option_process, const char *where, struct error *e)
{
    const char *process = json_string_value(json_object_get(record, "process"));
    const char *fallback = json_string_value(json_object_get(record, "fallback"));
    const char *id = json_string_value(json_object_get(record, "id"));
    char at[ERROR_WHERE_MAX];
    if (k->id != KIND_DEPENDENCY || option_process == NULL || fallback == NULL || process == NULL ||
        strcmp(process, option_process) == 0)
        return 0;
    /* the option's own process is not named: the writer may not see it */
    return error_set_msg(e, ERR_INVALID, validate_field_where(where, "fallback", at, sizeof at),
                         "fallback_other_process",
                         "the fallback option '{option}' of dependency '{id}' belongs to another "
                         "process, not to its process '{process}'",
                         "option", fallback, "id", id ? id : "(new)", "process", process, NULL);
}
