/*
 * api_quickscan.c — POST /api/v1/events/{id}/quickscan {"dry_run"?}: a
 * shock opens quickscans for the processes the event names, as `vitaal
 * quickscan` does (domain/quickscan.h, the document of report/). The event
 * must be one the user may read (404 otherwise); every analysis it opens
 * must be one the user may write (403 for the whole call otherwise, nothing
 * written), and each is audited in the write's transaction. Reading a
 * confidential event this way is audited too.
 */
#include "http/api.h"

#include "base/timefmt.h"
#include "domain/access.h"
#include "domain/quickscan.h"
#include "report/report_json.h"
#include "store/shared.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* Inside the quickscan's write transaction, after each new analysis. */
static int after_write(void *ctx, struct store *s, const struct import_item *item,
                       const struct store_write *w, struct error *e)
{
    struct request *req = ctx;
    const char *id = json_string_value(json_object_get(item->record, "id"));
    char detail[200];
    int rc;
    if ((rc = access_can_write(req->auth.access, s, item->kind, NULL, item->record, e)) != 0)
        return rc;
    snprintf(detail, sizeof detail, "version %" PRId64 "; quickscan %.120s", w->version, req->id);
    if ((rc = request_audit(req, "create", item->kind, id, detail)) != 0)
        *e = req->error;
    return rc;
}

int api_quickscan(struct request *req)
{
    static const char *const keys[] = {"dry_run", NULL};
    const struct kind *events = model_kind(KIND_EVENT);
    struct quickscan_result result = {0};
    struct import_hook hook = {after_write, req};
    struct json_writer w;
    json_t *body, *event = NULL, *x;
    char started[11];
    size_t i, created = 0;
    int dry_run, rc;

    req->kind = events;
    if ((rc = request_body_json(req, &body)) != 0 || (rc = api_body_keys(req, body, keys)) != 0)
        return rc;
    x = json_object_get(body, "dry_run");
    if (x != NULL && !json_is_boolean(x))
        return error_set(&req->error, ERR_INVALID, "dry_run", "true or false");
    dry_run = json_is_true(x);
    rc = store_record_get(req->store, events, req->id, &event, &req->error);
    if (rc == 0) {
        request_keep(req, event);
        rc = access_can_read(req->auth.access, req->store, events, event, &req->error);
    }
    if (rc == ERR_NOTFOUND)
        return error_set(&req->error, ERR_NOTFOUND, req->id, "no event with this id");
    if (rc != 0)
        return rc;
    rc = quickscan_open(req->store, req->id, req->today, dry_run, request_change(req),
                        dry_run ? NULL : &hook, &result, &req->error);
    /* quickscan_open committed: every thread's cache must drop what it holds */
    if (rc == 0 && !dry_run) {
        atomic_fetch_add(&req->state->generation, 1);
        store_notice_send(req->store, &req->error); /* and every other server's */
    }
    if (rc == 0 && access_read_is_audited(event)) {
        if ((rc = store_begin_read(req->store, &req->error)) == 0 &&
            (rc = request_audit(req, "read", events, req->id, "quickscan")) == 0)
            rc = request_commit(req);
    }
    if (rc == 0) {
        for (i = 0; i < result.n; i++)
            created += result.items[i].created;
        timefmt_format_date(req->today, started);
        request_json_begin(req, !dry_run && created > 0 ? 201 : 200, &w);
        quickscan_write_json(&w, req->id, started, dry_run, &result);
        rc = request_json_end_checked(req, &w, "QuickscanResult");
    }
    quickscan_result_release(&result);
    return rc;
}
