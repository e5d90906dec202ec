/*
 * doc_html.c — a document as one standalone HTML5 file (to come in the next
 * commit; until then it says it cannot).
 */
#include "report/doc.h"

int doc_render_html(const struct doc *d, struct strbuf *out, struct error *e)
{
    (void)d;
    (void)out;
    return error_set(e, ERR_INTERNAL, NULL, "HTML rendering is not built yet");
}
