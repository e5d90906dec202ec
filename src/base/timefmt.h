/*
 * timefmt.h — calendar dates and UTC times as the data model writes them:
 * dates "YYYY-MM-DD", times "YYYY-MM-DDTHH:MM:SSZ". Parsing is strict (a real
 * calendar day, no trailing text); times with an offset are converted to UTC.
 *
 * One calendar: a calendar day is a day in the Netherlands (Europe/Amsterdam),
 * whatever the machine's zone. Times stay UTC; only the day an instant falls
 * on, and "today", are Amsterdam days. The rule is the EU's summer time,
 * computed here without tzdata: CET (UTC+1), and CEST (UTC+2) from the last
 * Sunday of March 01:00 UTC up to the last Sunday of October 01:00 UTC. It is
 * applied to every year (the EU rule holds since 1996; earlier years do not
 * occur in the cycle).
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

/* The Netherlands' offset from UTC at an instant (seconds since the epoch):
 * 3600 (CET) or 7200 (CEST). Pure: no TZ, no tzdata, thread-safe. */
int timefmt_amsterdam_offset(int64_t seconds);
/* The Amsterdam calendar day (days since 1970-01-01) an instant falls on:
 * 2026-01-05T23:30:00Z is 2026-01-06, 2026-07-05T22:30:00Z is 2026-07-06. */
int64_t timefmt_amsterdam_day(int64_t seconds);
/* The instant of an Amsterdam wall-clock time (seconds since the epoch as if
 * the wall clock were UTC). A time the October switch shows twice is read as
 * the earlier one (summer time); a time the March switch skips (02:00-03:00)
 * is read with winter time, one hour later on the clock. */
int64_t timefmt_amsterdam_from_wall(int64_t wall);
/* An instant plus whole months on the Amsterdam wall clock: the same time of
 * day, on the same day of the month, clamped to a shorter month's last day. */
int64_t timefmt_amsterdam_add_months(int64_t seconds, int months);

/* The clock's one test and demo hook: the environment variable VITAAL_NOW
 * (a time as timefmt_parse_datetime reads it, e.g. "2026-01-05T23:30:00Z")
 * fixes the instant timefmt_now() and timefmt_today() answer with. Returns 0
 * when it is not set, 1 with *seconds when it is, ERR_INVALID when it is
 * set but not a time (the CLI refuses to start then). */
int timefmt_clock_fixed(int64_t *seconds);
/* Now, seconds since the epoch: VITAAL_NOW when set, else the system clock.
 * For calendar questions (today, deadlines); sessions, rate limits and the
 * audit log keep the system clock. */
int64_t timefmt_now(void);
/* Today in the Netherlands as a day number: timefmt_amsterdam_day(timefmt_now()). */
int64_t timefmt_today(void);

#endif
