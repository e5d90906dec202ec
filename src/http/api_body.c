/*
 * api_body.c — reading a request's JSON body for the handlers (api.h):
 * only the known fields, whole numbers in a range.
 */
#include "http/api.h"

#include <stdio.h>

int api_body_keys(struct request *req, json_t *body, const char *const *known)
{
    const char *key;
    json_t *v;
    if (!json_is_object(body))
        return error_set(&req->error, ERR_INVALID, NULL, "the body is a JSON object");
    json_object_foreach(body, key, v)
    {
        if (model_value_index(known, key) < 0)
            return error_set(&req->error, ERR_INVALID, key, "unknown field");
    }
    return 0;
}

int api_body_int(struct request *req, json_t *body, const char *key, int64_t def, int64_t min,
                 int64_t max, int32_t *out)
{
    json_t *v = json_object_get(body, key);
    if (v == NULL || json_is_null(v)) {
        if (def < min)
            return error_set(&req->error, ERR_INVALID, key, "required");
        *out = (int32_t)def;
        return 0;
    }
    if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max) {
        char lo[24], hi[24];
        snprintf(lo, sizeof lo, "%lld", (long long)min);
        snprintf(hi, sizeof hi, "%lld", (long long)max);
        return error_set_msg(&req->error, ERR_INVALID, key, "int_range",
                             "must be a whole number {min} .. {max}", "min", lo, "max", hi, NULL);
    }
    *out = (int32_t)json_integer_value(v);
    return 0;
}
