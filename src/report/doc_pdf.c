/*
 * doc_pdf.c — a document as PDF through cairo and pango (to come; until then
 * it says it cannot).
 */
#include "report/doc.h"

int doc_render_pdf(const struct doc *d, struct strbuf *out, struct error *e)
{
    (void)d;
    (void)out;
    return error_set(e, ERR_INTERNAL, NULL, "PDF rendering is not built yet");
}
