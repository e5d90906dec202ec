/*
 * import_legacy.c — dating records that were in force before vitaal, so
 * that their history (and every point-in-time answer built on it) starts
 * when they did rather than on the day they were brought in. The rules are
 * in import.h (import_batch_set_legacy); they use only dates the records
 * carry themselves, so nothing is invented.
 */
#include "domain/import.h"

#include "base/timefmt.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* A day's version is dated 10:00 UTC: within the same Amsterdam calendar
 * day in summer and winter, so a point-in-time view of that day sees it. */
static void at_of_date(const char *date, char *out)
{
    snprintf(out, 24, "%.10sT10:00:00Z", date);
}

static const char *field_string(const json_t *record, const char *name)
{
    return json_string_value(json_object_get(record, name));
}

/* When the batch's analyses and risks began: id -> "YYYY-MM-DD"; and when
 * its contributions were submitted (or their analysis began). */
struct starts {
    json_t *analyses, *risks, *contributions;
};

static void find_starts(const struct import_batch *b, struct starts *out)
{
    size_t i;
    out->analyses = json_object();
    out->risks = json_object();
    out->contributions = json_object();
    for (i = 0; i < b->n; i++) {
        const struct import_item *it = &b->items[i];
        if (!it->superseded && it->kind->id == KIND_ANALYSIS)
            json_object_set_new(out->analyses, field_string(it->record, "id"),
                                json_string(field_string(it->record, "started")));
    }
    for (i = 0; i < b->n; i++) {
        const struct import_item *it = &b->items[i];
        json_t *start;
        if (it->superseded || it->kind->id != KIND_RISK)
            continue;
        start = json_object_get(out->analyses, field_string(it->record, "analysis"));
        if (start)
            json_object_set(out->risks, field_string(it->record, "id"), start);
    }
    for (i = 0; i < b->n; i++) {
        const struct import_item *it = &b->items[i];
        const char *submitted;
        json_t *start;
        if (it->superseded || it->kind->id != KIND_CONTRIBUTION)
            continue;
        if ((submitted = field_string(it->record, "submitted_at")) != NULL)
            json_object_set_new(out->contributions, field_string(it->record, "id"),
                                json_string(submitted));
        else if ((start = json_object_get(out->analyses, field_string(it->record, "analysis"))) !=
                 NULL)
            json_object_set(out->contributions, field_string(it->record, "id"), start);
    }
}

/* The date a record of the batch was made, or NULL for "from". */
static const char *record_date(const struct import_item *it, const struct starts *starts)
{
    enum kind_id kind = it->kind->id;
    const char *first = NULL;
    const json_t *r = it->record;
    json_t *risk;
    size_t i;
    if (kind == KIND_ANALYSIS)
        return field_string(r, "started");
    if (kind == KIND_ASSESSMENT || kind == KIND_REVIEW)
        return field_string(r, "date");
    if (kind == KIND_EVENT)
        return field_string(r, "occurred");
    if (kind == KIND_INCIDENT)
        return field_string(r, "detected_at");
    if (kind == KIND_RISK)
        return json_string_value(json_object_get(starts->risks, field_string(r, "id")));
    if (kind == KIND_CONTRIBUTION)
        return json_string_value(json_object_get(starts->contributions, field_string(r, "id")));
    if (kind == KIND_PROPOSED_RISK) /* proposed with its contribution */
        return json_string_value(
            json_object_get(starts->contributions, field_string(r, "contribution")));
    if (kind != KIND_MEASURE)
        return NULL;
    /* a measure comes out of the earliest analysis whose risk it treats */
    json_array_foreach(json_object_get(r, "risks"), i, risk)
    {
        const char *d = json_string_value(json_object_get(starts->risks, json_string_value(risk)));
        if (d && (first == NULL || strcmp(d, first) < 0))
            first = d;
    }
    return first;
}

int import_legacy_date(struct import_batch *b, struct store *s, struct error *e)
{
    struct starts starts;
    char now[24];
    size_t i;
    int rc = 0;

    find_starts(b, &starts);
    timefmt_format_datetime(timefmt_now(), now);
    for (i = 0; i < b->n; i++) {
        struct import_item *it = &b->items[i];
        const char *id = field_string(it->record, "id"), *date;
        int exists = 0;
        if (it->superseded)
            continue;
        if ((rc = store_record_exists(s, it->kind, id, &exists, e)) != 0)
            goto cleanup;
        if (exists) {
            rc = error_set(e, ERR_CONFLICT, it->where,
                           "%s '%s' is in vitaal already; records from before vitaal can only "
                           "be brought in new (import it without --legacy-from to update it)",
                           it->kind->singular, id);
            error_prefix_where(e, it->source);
            goto cleanup;
        }
        date = record_date(it, &starts);
        if (date && strlen(date) > 10)
            snprintf(it->at, sizeof it->at, "%s", date); /* a time already */
        else
            at_of_date(date ? date : b->legacy_from, it->at);
        if (strcmp(it->at, now) > 0) /* nothing takes effect in the future */
            memcpy(it->at, now, sizeof now);
        if (it->kind->id == KIND_ANALYSIS &&
            strcmp(field_string(it->record, "status"), "final") == 0 &&
            field_string(it->record, "finalised")) {
            memcpy(it->draft_at, it->at, sizeof it->at);
            at_of_date(field_string(it->record, "finalised"), it->at);
            if (strcmp(it->at, it->draft_at) <= 0)
                it->draft_at[0] = '\0';
        } else if (it->kind->id == KIND_MEASURE &&
                   strcmp(field_string(it->record, "status"), "done") == 0 &&
                   field_string(it->record, "due")) {
            /* a done measure: in progress from its start, done by its due
             * date (the only date of completion it carries), unless that
             * is still to come */
            memcpy(it->draft_at, it->at, sizeof it->at);
            at_of_date(field_string(it->record, "due"), it->at);
            if (strcmp(it->at, it->draft_at) <= 0 || strcmp(it->at, now) > 0) {
                memcpy(it->at, it->draft_at, sizeof it->at);
                it->draft_at[0] = '\0';
            }
        }
    }
cleanup:
    json_decref(starts.analyses);
    json_decref(starts.risks);
    json_decref(starts.contributions);
    return rc;
}
