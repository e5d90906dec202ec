/*
 * asof.c — the database as it stood at the end of a day (see asof.h).
 */
#include "domain/asof.h"

#include "base/timefmt.h"

void asof_until(int64_t day, char out[24])
{
    timefmt_format_datetime(timefmt_amsterdam_from_wall(day * 86400 + 86399), out);
}

int asof_open(struct store *s, int64_t day, struct store **out, struct error *e)
{
    char until[24], date[11];
    *out = NULL;
    if (day > timefmt_today()) {
        timefmt_format_date(day, date);
        return error_set(e, ERR_INVALID, "as_of",
                         "%s is in the future; the record knows only "
                         "the past and today",
                         date);
    }
    asof_until(day, until);
    return store_snapshot(s, until, out, e);
}

int asof_advance(struct store *s, struct store *view, int64_t day, struct error *e)
{
    char until[24];
    if (day > timefmt_today())
        return error_set(e, ERR_INVALID, "as_of", "the record knows only the past and today");
    asof_until(day, until);
    return store_snapshot_advance(s, view, until, e);
}
