/*
 * process_doc_risks.c — the per-process report's sections on the risks of
 * its analyses (classes, residual risk, the risk diagram, resilience and
 * findings), its fallback need, and the measures protecting it with their
 * reviews (process_doc.h). Words only what the gather holds; the classes,
 * the diagram and the resilience are counted by domain/risk_score.h over
 * the risks shown.
 */
#include "report/process_doc_internal.h"

#include <stdio.h>
#include <string.h>

/* The analyses shown: kind, year, status, date and summary, with findings. */
static int analyses(struct ctx *c)
{
    const struct process_report *r = c->r;
    json_t *an, *text;
    const char *topic;
    size_t i;
    int rc;
    if (json_array_size(r->analyses) == 0)
        return doc_paragraph(c->d, L(c, "Er is geen analyse van het proces die u mag inzien.",
                                     "There is no analysis of the process you may read."));
    json_array_foreach(r->analyses, i, an)
    {
        const char *items[8];
        size_t n = 0;
        json_t *cy = json_object_get(an, "cycle_year");
        const char *fin = json_string_value(json_object_get(an, "finalised"));
        char *title = arena_printf(c->a, "%s %lld", pdoc_word(c, pdoc_field(an, "kind")),
                                   (long long)json_integer_value(cy));
        if (title == NULL)
            return ERR_TOO_LARGE;
        if (title[0] >= 'a' && title[0] <= 'z')
            title[0] = (char)(title[0] - 'a' + 'A');
        if ((rc = doc_heading(c->d, 2, title)) != 0 ||
            (rc = fin ? doc_paragraphf(c->d, "%s %s.", L(c, "Vastgesteld op", "Finalised on"),
                                       pdoc_date(c, fin))
                      : doc_paragraphf(c->d, "Status: %s, %s %s.",
                                       pdoc_word(c, pdoc_field(an, "status")),
                                       L(c, "begonnen op", "started on"),
                                       pdoc_date(c, pdoc_field(an, "started")))) != 0)
            return rc;
        if (json_string_value(json_object_get(an, "summary")) &&
            (rc = doc_paragraph(c->d, pdoc_field(an, "summary"))) != 0)
            return rc;
        json_object_foreach(json_object_get(an, "findings"), topic, text)
        {
            if (n < sizeof items / sizeof items[0] && json_string_value(text))
                items[n++] =
                    arena_printf(c->a, "%s: %s", pdoc_word(c, topic), json_string_value(text));
        }
        if (n > 0 && ((rc = doc_paragraph(c->d, L(c, "Bevindingen:", "Findings:"))) != 0 ||
                      (rc = doc_list(c->d, n, items)) != 0))
            return rc;
    }
    return 0;
}

/* The risk diagram of the risks shown: likelihood rows (highest first),
 * impact columns. */
static int diagram(struct ctx *c, int residual)
{
    const struct risk_picture *p = &c->r->shown;
    const char *pid = pdoc_field(c->r->process, "id");
    size_t n = p->tables.n_classes, row, col;
    const char **cats = arena_alloc(c->a, (n + 1) * sizeof *cats);
    double *values = arena_alloc(c->a, (n + 1) * sizeof *values);
    struct risk_grid g;
    struct doc_chart *ch = NULL;
    int rc;
    if (!cats || !values)
        return ERR_TOO_LARGE;
    risk_picture_grid(p, NULL, pid, residual, &g);
    for (col = 0; col < n; col++)
        cats[col] = p->tables.classes[col];
    if ((rc = doc_chart_add(
             c->d, DOC_CHART_GRID,
             residual ? L(c, "Risicodiagram na effectieve maatregelen (restrisico)",
                          "Risk diagram after effective measures (residual risk)")
                      : L(c, "Risicodiagram (inherent risico)", "Risk diagram (inherent risk)"),
             n, cats, &ch)) != 0)
        return rc;
    for (row = n; row-- > 0;) {
        for (col = 0; col < n; col++)
            values[col] = (double)g.cells[row][col];
        if ((rc = doc_chart_series(
                 ch,
                 arena_printf(c->a, "%s %s", L(c, "kans", "likelihood"), p->tables.classes[row]),
                 values)) != 0)
            return rc;
    }
    return doc_chart_labels(ch, L(c, "impact", "impact"), L(c, "kans", "likelihood"),
                            L(c, "Aantal risico's per kans- en impactklasse.",
                              "Number of risks per likelihood and impact class."));
}

static int resilience(struct ctx *c)
{
    static const char *head_nl[] = {"Dimensie", "Risico's gescoord", "Gemiddeld", "Laagste"};
    static const char *head_en[] = {"Dimension", "Risks scored", "Mean", "Lowest"};
    static const unsigned char numeric[] = {0, 1, 1, 1};
    const struct risk_picture *p = &c->r->shown;
    struct risk_resilience res;
    struct doc_table *t = NULL;
    size_t d;
    int rc;
    risk_picture_resilience(p, NULL, pdoc_field(c->r->process, "id"), &res);
    if ((rc = doc_table_add(c->d,
                            L(c, "Weerbaarheid per dimensie (1 zwak .. 5 sterk)",
                              "Resilience per dimension (1 weak .. 5 strong)"),
                            4, c->en ? head_en : head_nl, numeric, &t)) != 0)
        return rc;
    for (d = 0; d < p->tables.n_dimensions; d++) {
        const char *cells[] = {pdoc_word(c, p->tables.dimensions[d]),
                               pdoc_num(c, (long long)res.n[d]),
                               res.n[d] ? arena_printf(c->a, "%.1f", res.mean[d]) : DASH,
                               res.n[d] ? pdoc_num(c, res.min[d]) : DASH};
        if ((rc = doc_table_row(t, cells)) != 0)
            return rc;
    }
    return 0;
}

int pdoc_risks(struct ctx *c)
{
    static const char *head_nl[] = {"Dreiging", "Scenario", "Kans", "Impact", "Restrisico"};
    static const char *head_en[] = {"Threat", "Scenario", "Likelihood", "Impact", "Residual"};
    const struct risk_picture *p = &c->r->shown;
    struct doc_table *t = NULL;
    size_t i;
    int rc;
    if ((rc = doc_heading(c->d, 1, L(c, "Risico's", "Risks"))) != 0 ||
        (rc = doc_paragraph(
             c->d, L(c,
                     "De risico's uit de huidige analyse en de latere quickscans, gescoord met de "
                     "nationale methode: kans en impact in klassen A (laag) tot E (hoog). Het "
                     "restrisico telt het effect mee van maatregelen die gereed zijn en bij de "
                     "laatste toetsing effectief bleken.",
                     "The risks of the current analysis and later quickscans, scored by the "
                     "national method: likelihood and impact in classes A (low) to E (high). "
                     "Residual risk counts the effect of measures that are done and were found "
                     "effective at their latest review."))) != 0 ||
        (rc = analyses(c)) != 0)
        return rc;
    if (p->n_risks == 0)
        return doc_paragraph(c->d, L(c, "Er zijn geen risico's die u mag inzien.",
                                     "There are no risks you may read."));
    if ((rc = doc_heading(c->d, 2, L(c, "Risico's en hun klassen", "Risks and their classes"))) !=
            0 ||
        (rc = doc_table_add(c->d,
                            L(c, "Risico's met kans, impact en restrisico",
                              "Risks with likelihood, impact and residual risk"),
                            5, c->en ? head_en : head_nl, NULL, &t)) != 0)
        return rc;
    for (i = 0; i < p->n_risks; i++) {
        const struct risk_entry *risk = &p->risks[i];
        const char *threat = json_string_value(json_object_get(c->r->threats, risk->threat));
        const char *cells[] = {threat ? threat : risk->threat, risk->scenario,
                               pdoc_class(p, risk->likelihood), pdoc_class(p, risk->impact_class),
                               arena_printf(c->a, "%s / %s",
                                            pdoc_class(p, risk->residual_likelihood),
                                            pdoc_class(p, risk->residual_impact_class))};
        if ((rc = doc_table_row(t, cells)) != 0)
            return rc;
    }
    if ((rc = doc_table_note(t, L(c, "Restrisico: kans / impact na maatregelen.",
                                  "Residual: likelihood / impact after measures."))) != 0 ||
        (rc = diagram(c, 0)) != 0 || (rc = diagram(c, 1)) != 0 ||
        (rc = doc_heading(c->d, 2, L(c, "Weerbaarheid", "Resilience"))) != 0)
        return rc;
    return resilience(c);
}

int pdoc_fallback(struct ctx *c)
{
    static const char *in_nl[] = {"Levering", "Uren uit zonder eigen terugval",
                                  "Uren uit met terugval", "Langer dan toelaatbaar", "Gedekt"};
    static const char *in_en[] = {"Input", "Hours down without own fallback",
                                  "Hours down with fallback", "Beyond tolerable", "Covered"};
    static const char *opt_nl[] = {"Soort",          "Nodig",      "Aanwezig",
                                   "Start na (uur)", "Duur (uur)", "Toelichting"};
    static const char *opt_en[] = {"Kind",          "Needed",   "Available", "Starts after (hours)",
                                   "Lasts (hours)", "Rationale"};
    static const unsigned char in_num[] = {0, 1, 1, 0, 0}, opt_num[] = {0, 0, 0, 1, 1, 0};
    const struct process_report *r = c->r;
    const struct fallback_need_process *p = r->fallback.n ? &r->fallback.processes[0] : NULL;
    struct doc_table *t = NULL;
    json_t *fo;
    size_t i, j;
    int rc;
    if ((rc = doc_heading(c->d, 1, L(c, "Terugvaloptie", "Fallback option"))) != 0)
        return rc;
    if (p == NULL)
        return 0;
    if ((rc = doc_paragraphf(
             c->d,
             c->en ? "A fallback option is %s. The process is %s and tolerates %d hours down; "
                     "its failure takes down %s. Each input is lost for %d "
                     "hours in turn."
                   : "Een terugvaloptie is %s. Het proces is %s en verdraagt %d uur uitval; bij "
                     "zijn uitval vallen %s uit. Elke levering valt om de beurt "
                     "%d uur weg.",
             p->verdict == FALLBACK_NEEDED      ? L(c, "nodig", "needed")
             : p->verdict == FALLBACK_ADVISABLE ? L(c, "raadzaam", "advisable")
                                                : L(c, "niet nodig", "not needed"),
             pdoc_word(c, p->category), (int)p->tolerable_h, pdoc_processes(c, p->reach),
             (int)r->fallback.outage_h)) != 0)
        return rc;
    if ((rc = doc_table_add(c->d, L(c, "Uitval per levering", "Downtime per input"), 5,
                            c->en ? in_en : in_nl, in_num, &t)) != 0)
        return rc;
    for (i = 0; i < p->n_inputs; i++) {
        const struct fallback_need_input *in = &p->inputs[i];
        const char *what = in->dependency;
        if (!r->fallback_input_shown[i])
            continue;
        json_array_foreach(r->inputs, j, fo)
        {
            if (strcmp(pdoc_field(fo, "id"), in->dependency) == 0)
                what = pdoc_field(fo, "description");
        }
        {
            const char *cells[] = {what, pdoc_num(c, in->down_h), pdoc_num(c, in->down_h_with),
                                   pdoc_yes_no(c, in->gap),
                                   in->gap ? pdoc_yes_no(c, in->covered) : DASH};
            if ((rc = doc_table_row(t, cells)) != 0)
                return rc;
        }
    }
    if (json_array_size(r->fallbacks) == 0)
        return doc_paragraph(c->d, L(c, "Er is geen terugvaloptie vastgelegd die u mag inzien.",
                                     "No fallback option is recorded that you may read."));
    if ((rc = doc_table_add(c->d, L(c, "Terugvalopties", "Fallback options"), 6,
                            c->en ? opt_en : opt_nl, opt_num, &t)) != 0)
        return rc;
    json_array_foreach(r->fallbacks, i, fo)
    {
        const char *cells[] = {pdoc_word(c, pdoc_field(fo, "kind")),
                               pdoc_word(c, pdoc_field(fo, "needed")),
                               pdoc_yes_no(c, json_is_true(json_object_get(fo, "available"))),
                               pdoc_int_field(c, fo, "activation_h"),
                               pdoc_int_field(c, fo, "duration_h"),
                               pdoc_field(fo, "need_rationale")};
        if ((rc = doc_table_row(t, cells)) != 0)
            return rc;
    }
    return 0;
}

/* The follow-up in words: overdue, adjustment due (by when). */
static const char *follow_up(struct ctx *c, const struct toetsing_measure *m)
{
    const char *adjust =
        m->adjustment_due
            ? (m->follow_up[0]
                   ? arena_printf(c->a, "%s (%s %s)", L(c, "bijstelling nodig", "adjustment due"),
                                  L(c, "uiterlijk", "by"), pdoc_date(c, m->follow_up))
                   : L(c, "bijstelling nodig", "adjustment due"))
            : NULL;
    if (m->overdue && adjust)
        return arena_printf(c->a, "%s; %s", L(c, "te laat", "overdue"), adjust);
    if (m->overdue)
        return L(c, "te laat", "overdue");
    return adjust ? adjust : DASH;
}

int pdoc_measures(struct ctx *c)
{
    static const char *m_nl[] = {"Maatregel",   "Soort",    "Status",
                                 "Gereed voor", "Toetsing", "Opvolging"};
    static const char *m_en[] = {"Measure", "Kind", "Status", "Due", "Review", "Follow-up"};
    static const char *r_nl[] = {"Maatregel", "Datum",       "Methode",
                                 "Uitkomst",  "Bevindingen", "Status"};
    static const char *r_en[] = {"Measure", "Date", "Method", "Result", "Findings", "Status"};
    const struct process_report *r = c->r;
    struct doc_table *t = NULL;
    size_t i, j, n_reviews = 0;
    json_t *rv;
    int rc;
    if ((rc = doc_heading(c->d, 1, L(c, "Maatregelen en toetsing", "Measures and reviews"))) != 0)
        return rc;
    if (r->n_measures == 0)
        return doc_paragraph(c->d, L(c, "Er zijn geen maatregelen die u mag inzien.",
                                     "There are no measures you may read."));
    if ((rc = doc_table_add(
             c->d,
             L(c, "Maatregelen die het proces beschermen", "Measures that protect the process"), 6,
             c->en ? m_en : m_nl, NULL, &t)) != 0)
        return rc;
    for (i = 0; i < r->n_measures; i++) {
        const struct process_report_measure *m = &r->measures[i];
        const char *cells[] = {pdoc_field(m->record, "name"),
                               pdoc_word(c, pdoc_field(m->record, "kind")),
                               pdoc_word(c, m->state->status),
                               pdoc_date(c, m->state->due),
                               pdoc_word(c, toetsing_state_name(m->state->state)),
                               follow_up(c, m->state)};
        if ((rc = doc_table_row(t, cells)) != 0)
            return rc;
        n_reviews += json_array_size(m->reviews);
    }
    if (n_reviews == 0)
        return 0;
    if ((rc = doc_table_add(c->d, L(c, "Toetsingen van de maatregelen", "Reviews of the measures"),
                            6, c->en ? r_en : r_nl, NULL, &t)) != 0)
        return rc;
    for (i = 0; i < r->n_measures; i++) {
        json_array_foreach(r->measures[i].reviews, j, rv)
        {
            const char *cells[] = {pdoc_field(r->measures[i].record, "name"),
                                   pdoc_date(c, pdoc_field(rv, "date")),
                                   pdoc_word(c, pdoc_field(rv, "method")),
                                   pdoc_word(c, pdoc_field(rv, "result")),
                                   pdoc_field(rv, "findings"),
                                   pdoc_word(c, pdoc_field(rv, "status"))};
            if ((rc = doc_table_row(t, cells)) != 0)
                return rc;
        }
    }
    return 0;
}
