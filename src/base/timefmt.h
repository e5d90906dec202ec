/*
 * timefmt.h — calendar dates and UTC times as the data model writes them:
 * dates "YYYY-MM-DD", times "YYYY-MM-DDTHH:MM:SSZ". Parsing is strict (a real
 * calendar day, no trailing text); times with an offset are converted to UTC.
 */
#ifndef VITAAL_BASE_TIMEFMT_H
#define VITAAL_BASE_TIMEFMT_H

#include <stdint.h>

/* Days since 1970-01-01 for a date string; returns 0 or ERR_INVALID. */
int timefmt_parse_date(const char *s, int64_t *days);
/* Seconds since the epoch (UTC) for "YYYY-MM-DDTHH:MM[:SS](Z|+HH:MM|-HH:MM)". */
int timefmt_parse_datetime(const char *s, int64_t *seconds);
/* "YYYY-MM-DD" of a day number; buf >= 11 bytes. */
void timefmt_format_date(int64_t days, char *buf);
/* "YYYY-MM-DDTHH:MM:SSZ"; buf >= 21 bytes. */
void timefmt_format_datetime(int64_t seconds, char *buf);
/* Adds years to a date, clamping 29 February to 28 February. */
int64_t timefmt_add_years(int64_t days, int years);
/* Adds months to a date: the same day of the month, clamped to the last day
 * of a shorter month (31 January + 1 month = 28 or 29 February). */
int64_t timefmt_add_months(int64_t days, int months);
/* Today (UTC) as a day number. */
int64_t timefmt_today(void);

#endif
