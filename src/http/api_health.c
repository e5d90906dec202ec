/*
 * api_health.c — GET /api/v1/health: whether this server can serve, for the
 * load balancer in front of several (see api.h). It asks the database for
 * its schema version through this worker's connection (reachable) and
 * compares it with the newest migration this binary has (current). It
 * answers without a login and so must never say more than that: no
 * version of the software, no path, no counts, no error text.
 */
#include "http/api.h"

#include "store/migrations.h"
#include "store/store.h"

int api_health(struct request *req)
{
    struct json_writer w;
    struct error e = {0};
    int version = 0, reachable = store_schema_read(req->store, &version, &e) == 0;
    int latest = (int)store_migration_count, ok = reachable && version == latest;

    request_json_begin(req, ok ? 200 : 503, &w);
    json_write_object_begin(&w);
    json_write_key(&w, "status");
    json_write_string(&w, ok ? "ok" : "unavailable");
    json_write_key(&w, "database");
    json_write_string(&w, reachable ? "reachable" : "unreachable");
    json_write_key(&w, "migrations");
    json_write_object_begin(&w);
    json_write_key(&w, "current");
    if (reachable)
        json_write_int(&w, version);
    else
        json_write_null(&w);
    json_write_key(&w, "latest");
    json_write_int(&w, latest);
    json_write_object_end(&w);
    json_write_object_end(&w);
    return request_json_end(req, &w);
}
