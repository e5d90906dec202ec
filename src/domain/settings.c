/*
 * settings.c — reading settings records (see settings.h).
 */
#include "domain/settings.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

int settings_get_text(struct store *s, const char *key, const char *fallback, char *buf,
                      size_t size, struct error *e)
{
    json_t *record = NULL;
    int rc = store_record_get(s, model_kind_find("settings"), key, &record, e);
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
