/*
 * timefmt.c — strict date and time parsing and formatting, the clock and the
 * Netherlands' calendar day (see timefmt.h). Day arithmetic uses the
 * proleptic Gregorian calendar (Howard Hinnant's days-from-civil algorithm).
 * Nothing here asks the C library for a time zone: no localtime, no TZ, no
 * tzdata. The summer-time rule is computed, so the answer is the same on every
 * machine and the functions are pure and thread-safe (the clock only reads
 * the environment, which nothing in vitaal changes after start-up).
 */
#include "base/timefmt.h"

#include "base/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int64_t days_from_civil(int64_t y, int m, int d)
{
    int64_t era, yoe, doy, doe;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    int64_t era, doe, yoe, doy, mp;
    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

static int days_in_month(int64_t y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

static int digits(const char *s, int n, int *out)
{
    int i, v = 0;
    for (i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

static int parse_ymd(const char *s, int64_t *days)
{
    int y, m, d;
    if (digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &m) || s[7] != '-' ||
        digits(s + 8, 2, &d))
        return ERR_INVALID;
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return ERR_INVALID;
    *days = days_from_civil(y, m, d);
    return 0;
}

int timefmt_parse_date(const char *s, int64_t *days)
{
    if (strlen(s) != 10)
        return ERR_INVALID;
    return parse_ymd(s, days);
}

int timefmt_parse_datetime(const char *s, int64_t *seconds)
{
    int64_t days;
    int hh, mm, ss = 0, oh = 0, om = 0, sign = 1;
    const char *p;
    if (strlen(s) < 17 || parse_ymd(s, &days) != 0 || (s[10] != 'T' && s[10] != ' ') ||
        digits(s + 11, 2, &hh) || s[13] != ':' || digits(s + 14, 2, &mm))
        return ERR_INVALID;
    p = s + 16;
    if (*p == ':') {
        if (digits(p + 1, 2, &ss))
            return ERR_INVALID;
        p += 3;
    }
    if (hh > 23 || mm > 59 || ss > 59)
        return ERR_INVALID;
    if (strcmp(p, "Z") == 0) {
        /* UTC */
    } else if ((*p == '+' || *p == '-') && strlen(p) == 6 && !digits(p + 1, 2, &oh) &&
               p[3] == ':' && !digits(p + 4, 2, &om) && oh <= 23 && om <= 59) {
        sign = *p == '-' ? -1 : 1;
    } else {
        return ERR_INVALID;
    }
    *seconds = days * 86400 + hh * 3600 + mm * 60 + ss - sign * (oh * 3600 + om * 60);
    return 0;
}

void timefmt_format_date(int64_t days, char *buf)
{
    int64_t y;
    int m, d;
    civil_from_days(days, &y, &m, &d);
    snprintf(buf, 11, "%04d-%02d-%02d", (int)y, m, d);
}

void timefmt_format_datetime(int64_t seconds, char *buf)
{
    int64_t days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
    int64_t rest = seconds - days * 86400, y;
    int m, d;
    civil_from_days(days, &y, &m, &d);
    snprintf(buf, 21, "%04d-%02d-%02dT%02d:%02d:%02dZ", (int)y, m, d, (int)(rest / 3600),
             (int)(rest / 60 % 60), (int)(rest % 60));
}

int64_t timefmt_add_years(int64_t days, int years)
{
    int64_t y;
    int m, d;
    civil_from_days(days, &y, &m, &d);
    y += years;
    if (d > days_in_month(y, m))
        d = days_in_month(y, m);
    return days_from_civil(y, m, d);
}

int64_t timefmt_add_months(int64_t days, int months)
{
    int64_t y, total;
    int m, d;
    civil_from_days(days, &y, &m, &d);
    total = y * 12 + (m - 1) + months;
    y = total >= 0 ? total / 12 : (total - 11) / 12;
    m = (int)(total - y * 12) + 1;
    if (d > days_in_month(y, m))
        d = days_in_month(y, m);
    return days_from_civil(y, m, d);
}

/* --- the Netherlands' calendar ------------------------------------------------ */

static int64_t floor_div(int64_t a, int64_t b)
{
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/* The day number of the last Sunday of a 31-day month (March, October):
 * 1970-01-01 was a Thursday, so day z is a Sunday when (z + 4) mod 7 == 0. */
static int64_t last_sunday(int64_t year, int month)
{
    int64_t last = days_from_civil(year, month, 31);
    return last - (last + 4 - floor_div(last + 4, 7) * 7);
}

int timefmt_amsterdam_offset(int64_t seconds)
{
    int64_t y;
    int m, d;
    civil_from_days(floor_div(seconds, 86400), &y, &m, &d);
    /* The switches fall in March and October, far from New Year, so the UTC
     * year of the instant is the year whose switches matter. */
    if (seconds >= last_sunday(y, 3) * 86400 + 3600 && seconds < last_sunday(y, 10) * 86400 + 3600)
        return 7200;
    return 3600;
}

int64_t timefmt_amsterdam_day(int64_t seconds)
{
    return floor_div(seconds + timefmt_amsterdam_offset(seconds), 86400);
}

int64_t timefmt_amsterdam_from_wall(int64_t wall)
{
    int64_t summer = wall - 7200, winter = wall - 3600;
    /* The earlier reading of a time the autumn switch shows twice; a time the
     * spring switch skips is read with winter time (02:30 becomes 03:30). */
    if (timefmt_amsterdam_offset(summer) == 7200)
        return summer;
    return winter;
}

int64_t timefmt_amsterdam_add_months(int64_t seconds, int months)
{
    int64_t wall = seconds + timefmt_amsterdam_offset(seconds);
    int64_t day = floor_div(wall, 86400);
    return timefmt_amsterdam_from_wall(timefmt_add_months(day, months) * 86400 +
                                       (wall - day * 86400));
}

int timefmt_clock_fixed(int64_t *seconds)
{
    const char *v = getenv("VITAAL_NOW");
    if (v == NULL || *v == '\0')
        return 0;
    return timefmt_parse_datetime(v, seconds) == 0 ? 1 : ERR_INVALID;
}

int64_t timefmt_now(void)
{
    int64_t fixed;
    if (timefmt_clock_fixed(&fixed) == 1)
        return fixed;
    return (int64_t)time(NULL);
}

int64_t timefmt_today(void)
{
    return timefmt_amsterdam_day(timefmt_now());
}
