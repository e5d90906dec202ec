/*
 * document.c — a document of report_json.h written under need-to-know
 * inside the audited read (domain/visible.h): the one way the API and its
 * jobs answer with a document that names or counts records, each checked
 * against its writer's schema as it is written (report_schema.h).
 */
#include "report/report_json.h"

#include "base/strbuf.h"
#include "report/report_schema.h"

struct doc_build {
    const struct report_doc *d;
    struct strbuf *out;
};

/* visible_run's build: the result computed over what v lets the user read
 * and written with v's filter, so that what it names is noted. */
static int doc_build(void *ctx, struct visible *v, struct error *e)
{
    struct doc_build *b = ctx;
    struct report_filter f = report_filter_visible(v);
    struct json_writer w;
    int rc;
    strbuf_reset(b->out);
    if (b->d->compute != NULL && (rc = b->d->compute(b->d->ctx, v, e)) != 0)
        return rc;
    json_writer_init_buf(&w, b->out, 0);
    b->d->write(b->d->ctx, &w, &f);
    if ((rc = json_writer_finish(&w)) != 0)
        return error_set(e, rc, NULL, "writing the answer failed");
#ifndef NDEBUG
    /* a field the writer's schema does not declare is a bug, not an answer */
    if (b->d->schema != NULL)
        return report_schema_check(b->d->schema, b->out->data, b->out->len, e);
#endif
    return 0;
}

static void doc_release(void *ctx)
{
    struct doc_build *b = ctx;
    if (b->d->release != NULL)
        b->d->release(b->d->ctx);
}

int report_doc_run(const struct report_doc *d, struct visible *v, struct store *to,
                   struct audit_log *log, const char *actor, const char *address,
                   const char *detail, struct strbuf *out, struct error *e)
{
    struct doc_build b = {d, out};
    return visible_run(v, to, log, actor, address, detail, doc_build, doc_release, &b, e);
}
