/*
 * process_doc.c — builds the per-process report's document (process_doc.h):
 * a summary, the vitaalbeoordeling with its reasons, the dependencies both
 * ways, the cascade of the process's own failure as a chart and a table,
 * the risks with their classes, residual risk and resilience, the fallback
 * need, the measures and their reviews, and the history of approvals, in
 * plain Dutch (or English) for the department that owns the process.
 *
 * It only words what the gather holds: everything it names was shown to
 * the reader by process_report_gather, nothing is looked up here.
 */
#include "report/process_doc.h"

#include "domain/sharing.h"
#include "report/process_doc_internal.h"

#include "base/timefmt.h"
#include "domain/assess.h"

#include <stdio.h>
#include <stdlib.h>
#include <ctype.h>
#include <string.h>

/* The words for the stored values. */
static const char *const key_words[][3] = {
    {"public", "openbaar", "public"},
    {"internal", "intern", "internal"},
    {"confidential", "vertrouwelijk", "confidential"},
    {"secret", "geheim", "secret"},
    {"draft", "concept", "draft"},
    {"review", "ter beoordeling", "in review"},
    {"final", "vastgesteld", "final"},
    {"regular", "weerbaarheidsanalyse", "resilience analysis"},
    {"quickscan", "quickscan", "quickscan"},
    {"A", "categorie A", "category A"},
    {"B", "categorie B", "category B"},
    {"none", "niet vitaal", "not vital"},
    {"analogue", "analoog", "analogue"},
    {"digital", "digitaal", "digital"},
    {"alternative_supplier", "andere leverancier", "alternative supplier"},
    {"yes", "ja", "yes"},
    {"no", "nee", "no"},
    {"unknown", "onbekend", "unknown"},
    {"redundancy", "redundantie", "redundancy"},
    {"stockpile", "voorraden", "stockpiles"},
    {"alternative_method", "alternatieve werkwijze", "alternative way of working"},
    {"regulation", "regelgeving", "rules"},
    {"other", "overig", "other"},
    {"proposed", "voorgesteld", "proposed"},
    {"planned", "gepland", "planned"},
    {"in_progress", "in uitvoering", "in progress"},
    {"done", "gereed", "done"},
    {"cancelled", "geschrapt", "cancelled"},
    {"exercise", "oefening", "exercise"},
    {"test", "test", "test"},
    {"audit", "audit", "audit"},
    {"incident", "incident", "incident"},
    {"effective", "effectief", "effective"},
    {"partly_effective", "deels effectief", "partly effective"},
    {"ineffective", "niet effectief", "ineffective"},
    {"inconclusive", "geen oordeel", "inconclusive"},
    {"reviewed", "getoetst", "reviewed"},
    {"due", "toetsing binnenkort", "review due soon"},
    {"overdue", "toetsing te laat", "review overdue"},
    {"never", "nog niet getoetst", "not yet reviewed"},
    {"not_active", "niet actief", "not active"},
    {"physical", "fysiek", "physical"},
    {"economic", "economisch", "economic"},
    {"chain", "keten", "supply chain"},
    {"crisis_management", "crisisbeheersing", "crisis management"},
    {"policy_law", "beleid en wetgeving", "policy and law"},
    {"risk_management", "risicomanagement", "risk management"},
    {"business_continuity", "bedrijfscontinuïteit", "business continuity"},
    {"sector_cooperation", "samenwerking in de sector", "cooperation in the sector"},
    {"incidents", "incidenten", "incidents"},
    {"analyses", "analyse", "analysis"},
    {"assessments", "vitaalbeoordeling", "vitality assessment"},
    {"reviews", "toetsing", "review"},
};

const char *pdoc_word(const struct ctx *c, const char *key)
{
    size_t i;
    if (key == NULL)
        return DASH;
    for (i = 0; i < sizeof key_words / sizeof key_words[0]; i++) {
        if (strcmp(key_words[i][0], key) == 0)
            return key_words[i][c->en ? 2 : 1];
    }
    return key;
}

const char *pdoc_field(const json_t *record, const char *key)
{
    const char *t = json_string_value(json_object_get(record, key));
    return t && *t ? t : DASH;
}

const char *pdoc_num(const struct ctx *c, long long v)
{
    return arena_printf(c->a, "%lld", v);
}

const char *pdoc_yes_no(const struct ctx *c, int v)
{
    return v ? L(c, "ja", "yes") : L(c, "nee", "no");
}

/* An integer field as text, "–" when absent. */
const char *pdoc_int_field(const struct ctx *c, const json_t *record, const char *key)
{
    json_t *v = json_object_get(record, key);
    return json_is_integer(v) ? pdoc_num(c, (long long)json_integer_value(v)) : DASH;
}

static const char *const months[2][12] = {
    {"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
     "oktober", "november", "december"},
    {"January", "February", "March", "April", "May", "June", "July", "August", "September",
     "October", "November", "December"}};

/* "12 maart 2024" / "12 March 2024"; "–" for none. */
const char *pdoc_date(const struct ctx *c, const char *date)
{
    int y = 0, m = 0, d = 0;
    if (date == NULL || *date == '\0')
        return DASH;
    if (sscanf(date, "%d-%d-%d", &y, &m, &d) != 3 || m < 1 || m > 12)
        return arena_strdup(c->a, date);
    return arena_printf(c->a, "%d %s %d", d, months[c->en ? 1 : 0][m - 1], y);
}

/* "2026-12-06T09:15:00Z" as "6 december 2026, 09:15 UTC". */
static const char *time_words(const struct ctx *c, const char *at)
{
    char day[11];
    if (at == NULL || strlen(at) < 16)
        return at ? at : DASH;
    snprintf(day, sizeof day, "%.10s", at);
    return arena_printf(c->a, "%s, %.5s UTC", pdoc_date(c, day), at + 11);
}

const char *pdoc_class(const struct risk_picture *p, int idx)
{
    return idx >= 0 && (size_t)idx < p->tables.n_classes ? p->tables.classes[idx] : DASH;
}

/* "1 ander proces" / "2 andere processen", and for sectors likewise. */
const char *pdoc_processes(const struct ctx *c, size_t n)
{
    return arena_printf(c->a, "%zu %s", n,
                        n == 1 ? L(c, "ander proces", "other process")
                               : L(c, "andere processen", "other processes"));
}

static const char *sectors_words(const struct ctx *c, size_t n)
{
    return arena_printf(c->a, "%zu %s", n,
                        n == 1 ? L(c, "andere sector", "other sector")
                               : L(c, "andere sectoren", "other sectors"));
}

/* --- sections --------------------------------------------------------------------- */

static int summary(struct ctx *c)
{
    const struct process_report *r = c->r;
    const json_t *p = r->process;
    const struct fallback_need_process *fb = r->fallback.n ? &r->fallback.processes[0] : NULL;
    size_t i, overdue = 0, adjust = 0, elsewhere = 0;
    int rc;
    for (i = 0; i < r->n_measures; i++) {
        overdue += r->measures[i].state->overdue != 0;
        adjust += r->measures[i].state->adjustment_due != 0;
    }
    if ((rc = doc_heading(c->d, 1, L(c, "Samenvatting", "Summary"))) != 0)
        return rc;
    if ((rc = doc_paragraphf(
             c->d,
             c->en ? "%s belongs to the sector %s; %s is responsible for it. Its current "
                     "category is %s%s%s."
                   : "%s hoort bij de sector %s; %s is ervoor verantwoordelijk. De huidige "
                     "categorie is %s%s%s.",
             pdoc_field(p, "name"), r->sector_name, r->ministry_name,
             pdoc_word(c, pdoc_field(p, "category")),
             r->latest ? L(c, ", volgens de vitaalbeoordeling van ", ", by the assessment of ")
                       : "",
             r->latest ? pdoc_date(c, pdoc_field(r->latest, "date")) : "")) != 0)
        return rc;
    for (i = 0; i < r->n_down; i++)
        elsewhere += !r->down[i].own_sector;
    if ((rc = doc_paragraphf(c->d,
                             c->en ? "When it fails for %d hours, within %d hours %s you may see "
                                     "go down too, %zu of them in %s."
                                   : "Als het %d uur uitvalt, gaan binnen %d uur %s die u mag "
                                     "zien ook uit, waarvan %zu in %s.",
                             (int)r->outage_h, (int)r->horizon_h, pdoc_processes(c, r->n_down),
                             elsewhere, sectors_words(c, r->n_sectors_hit))) != 0)
        return rc;
    if (fb && (rc = doc_paragraphf(
                   c->d,
                   c->en ? "A fallback option is %s. %zu risks are scored; %zu measures protect "
                           "the process, %zu of them overdue and %zu awaiting an adjustment."
                         : "Een terugvaloptie is %s. Er zijn %zu risico's gescoord; %zu "
                           "maatregelen beschermen het proces, waarvan %zu te laat en %zu met "
                           "een bijstelling nodig.",
                   fb->verdict == FALLBACK_NEEDED      ? L(c, "nodig", "needed")
                   : fb->verdict == FALLBACK_ADVISABLE ? L(c, "raadzaam", "advisable")
                                                       : L(c, "niet nodig", "not needed"),
                   r->shown.n_risks, r->n_measures, overdue, adjust)) != 0)
        return rc;
    return 0;
}

/* The estimate table of an assessment: criterion, unit, estimate, decisive. */
static int estimates(struct ctx *c, const json_t *as)
{
    static const char *head_nl[] = {"Criterium", "Eenheid", "Schatting", "Bepalend"};
    static const char *head_en[] = {"Criterion", "Unit", "Estimate", "Decisive"};
    static const unsigned char numeric[] = {0, 0, 1, 0};
    json_t *impacts = json_object_get(as, "impacts"), *decided = json_object_get(as, "decided_by");
    const char **keys = NULL, *key;
    struct doc_table *t = NULL;
    json_t *v, *id;
    size_t n = 0, i, j;
    int rc;
    if (json_object_size(impacts) == 0)
        return 0;
    if ((keys = arena_alloc(c->a, json_object_size(impacts) * sizeof *keys)) == NULL)
        return ERR_TOO_LARGE;
    json_object_foreach(impacts, key, v)
    {
        /* sorted by id, so that the table does not depend on storage order */
        for (i = n; i > 0 && strcmp(keys[i - 1], key) > 0; i--)
            keys[i] = keys[i - 1];
        keys[i] = key;
        n++;
    }
    if ((rc = doc_table_add(
             c->d,
             L(c, "Schattingen van de gevolgen per criterium", "Impact estimates per criterion"), 4,
             c->en ? head_en : head_nl, numeric, &t)) != 0)
        return rc;
    for (i = 0; i < n; i++) {
        const char *cells[4];
        char buf[32];
        int decisive = 0;
        json_array_foreach(decided, j, id) decisive |= strcmp(json_string_value(id), keys[i]) == 0;
        cells[0] = keys[i];
        cells[1] = json_string_value(json_object_get(c->r->criteria, keys[i]));
        if (cells[1] == NULL)
            cells[1] = DASH;
        cells[2] = arena_strdup(
            c->a, assess_format_number(json_number_value(json_object_get(impacts, keys[i])), buf));
        cells[3] = decisive ? L(c, "ja", "yes") : DASH;
        if ((rc = doc_table_row(t, cells)) != 0)
            return rc;
    }
    return 0;
}

static int assessment(struct ctx *c)
{
    const struct process_report *r = c->r;
    static const char *head_nl[] = {"Datum", "Categorie", "Beoordelaar", "Status"};
    static const char *head_en[] = {"Date", "Category", "Assessor", "Status"};
    struct doc_table *t = NULL;
    const json_t *as = r->latest;
    json_t *item;
    size_t i;
    int rc;
    if ((rc = doc_heading(c->d, 1, L(c, "Vitaalbeoordeling", "Vitality assessment"))) != 0)
        return rc;
    if (as == NULL)
        return doc_paragraph(c->d,
                             L(c, "Er is geen vastgestelde vitaalbeoordeling die u mag inzien.",
                               "There is no final vitality assessment you may read."));
    if ((rc = doc_paragraphf(c->d,
                             c->en ? "The latest final assessment, of %s by %s, puts the "
                                     "process in %s."
                                   : "De laatste vastgestelde beoordeling, van %s door %s, "
                                     "plaatst het proces in %s.",
                             pdoc_date(c, pdoc_field(as, "date")), pdoc_field(as, "assessor"),
                             pdoc_word(c, pdoc_field(as, "category")))) != 0 ||
        (rc = estimates(c, as)) != 0)
        return rc;
    if (json_string_value(json_object_get(as, "rationale")) &&
        ((rc = doc_heading(c->d, 2, L(c, "Onderbouwing", "Rationale"))) != 0 ||
         (rc = doc_paragraph(c->d, pdoc_field(as, "rationale"))) != 0))
        return rc;
    if (json_string_value(json_object_get(as, "engine_explanation")) &&
        ((rc = doc_heading(c->d, 2,
                           L(c, "Toelichting van de rekenregel", "The rule's explanation"))) != 0 ||
         (rc = doc_paragraph(c->d, pdoc_field(as, "engine_explanation"))) != 0))
        return rc;
    if ((rc = doc_heading(c->d, 2, L(c, "Alle beoordelingen", "Every assessment"))) != 0 ||
        (rc = doc_table_add(
             c->d,
             L(c, "Vitaalbeoordelingen, nieuwste eerst", "Vitality assessments, newest first"), 4,
             c->en ? head_en : head_nl, NULL, &t)) != 0)
        return rc;
    json_array_foreach(r->assessments, i, item)
    {
        const char *cells[] = {
            pdoc_date(c, pdoc_field(item, "date")), pdoc_word(c, pdoc_field(item, "category")),
            pdoc_field(item, "assessor"), pdoc_word(c, pdoc_field(item, "status"))};
        if ((rc = doc_table_row(t, cells)) != 0)
            return rc;
    }
    return 0;
}

/* The names of a dependency's suppliers, joined. */
static const char *suppliers(struct ctx *c, const json_t *dep)
{
    struct strbuf b = STRBUF_INIT;
    json_t *id;
    const char *out;
    size_t i;
    json_array_foreach(json_object_get(dep, "suppliers"), i, id)
    {
        const char *name = process_report_name(c->r, json_string_value(id));
        strbuf_printf(&b, "%s%s", i ? "; " : "", name ? name : json_string_value(id));
    }
    out = arena_strdup(c->a, b.data ? b.data : "");
    strbuf_release(&b);
    return out ? out : DASH;
}

static int dependencies(struct ctx *c)
{
    const struct process_report *r = c->r;
    static const char *in_nl[] = {"Wat", "Geleverd door", "Buffer (uur)", "Terugvaloptie"};
    static const char *in_en[] = {"What", "Supplied by", "Buffer (hours)", "Fallback option"};
    static const char *out_nl[] = {"Proces", "Wat", "Buffer (uur)"};
    static const char *out_en[] = {"Process", "What", "Buffer (hours)"};
    static const unsigned char in_num[] = {0, 0, 1, 0}, out_num[] = {0, 0, 1};
    struct doc_table *t = NULL;
    json_t *dep;
    size_t i;
    int rc;
    if ((rc = doc_heading(c->d, 1, L(c, "Afhankelijkheden", "Dependencies"))) != 0 ||
        (rc = doc_paragraph(
             c->d, L(c,
                     "Wat het proces nodig heeft, en welke processen het op hun beurt nodig "
                     "hebben. De buffer is hoe lang het proces een uitval zelf overbrugt.",
                     "What the process needs, and which processes need it in turn. The buffer "
                     "is how long the process bridges a loss by itself."))) != 0 ||
        (rc = doc_table_add(c->d, L(c, "Wat het proces nodig heeft", "What the process needs"), 4,
                            c->en ? in_en : in_nl, in_num, &t)) != 0)
        return rc;
    json_array_foreach(r->inputs, i, dep)
    {
        const char *cells[] = {
            pdoc_field(dep, "description"), suppliers(c, dep), pdoc_int_field(c, dep, "buffer_h"),
            json_string_value(json_object_get(dep, "fallback")) ? L(c, "ja", "yes") : DASH};
        if ((rc = doc_table_row(t, cells)) != 0)
            return rc;
    }
    if ((rc = doc_table_add(
             c->d,
             L(c, "Processen die dit proces nodig hebben", "Processes that need this process"), 3,
             c->en ? out_en : out_nl, out_num, &t)) != 0)
        return rc;
    json_array_foreach(r->dependents, i, dep)
    {
        const char *pid = pdoc_field(dep, "process"), *name = process_report_name(r, pid);
        const char *cells[] = {name ? name : pid, pdoc_field(dep, "description"),
                               pdoc_int_field(c, dep, "buffer_h")};
        if ((rc = doc_table_row(t, cells)) != 0)
            return rc;
    }
    return 0;
}

/* The chart's hours: every hour up to two days, else a step that keeps
 * about 28 bars. */
static int cascade_chart(struct ctx *c)
{
    const struct process_report *r = c->r;
    int32_t step = r->horizon_h <= 48 ? 1 : (r->horizon_h + 27) / 28, h;
    size_t n = (size_t)((r->horizon_h + step - 1) / step), k;
    const char **cats = arena_alloc(c->a, n * sizeof *cats);
    double *own = arena_alloc(c->a, n * sizeof *own), *other = arena_alloc(c->a, n * sizeof *other);
    struct doc_chart *ch = NULL;
    int rc;
    if (!cats || !own || !other)
        return ERR_TOO_LARGE;
    for (k = 0, h = 0; k < n; k++, h += step) {
        cats[k] = pdoc_num(c, h);
        own[k] = r->down_own[h];
        other[k] = r->down_other[h];
    }
    if ((rc = doc_chart_add(c->d, DOC_CHART_STACKED,
                            L(c, "Processen die uit zijn, per uur na het begin van de uitval",
                              "Processes down, by hour after the failure began"),
                            n, cats, &ch)) != 0 ||
        (rc = doc_chart_series(
             ch, L(c, "eigen sector (met het proces zelf)", "own sector (the process included)"),
             own)) != 0 ||
        (rc = doc_chart_series(ch, L(c, "andere sectoren", "other sectors"), other)) != 0)
        return rc;
    return doc_chart_labels(
        ch, L(c, "uur na het begin van de uitval", "hours after the failure began"),
        L(c, "processen uit", "processes down"),
        arena_printf(c->a,
                     c->en ? "Stacked bars %s: processes down in the own sector and in other "
                             "sectors when the process fails for %d hours."
                           : "Gestapelde staven %s: processen die uit zijn in de eigen sector en "
                             "in andere sectoren als het proces %d uur uitvalt.",
                     step == 1
                         ? L(c, "per uur", "every hour")
                         : arena_printf(c->a, c->en ? "every %d hours" : "per %d uur", (int)step),
                     (int)r->outage_h));
}

static int cascade(struct ctx *c)
{
    const struct process_report *r = c->r;
    static const char *head_nl[] = {"Proces", "Sector", "Uit vanaf uur", "Uren uit"};
    static const char *head_en[] = {"Process", "Sector", "Down from hour", "Hours down"};
    static const unsigned char numeric[] = {0, 0, 1, 1};
    struct doc_table *t = NULL;
    size_t i;
    int rc;
    if ((rc = doc_heading(c->d, 1, L(c, "Cascade bij uitval", "Cascade on failure"))) != 0 ||
        (rc = doc_paragraphf(
             c->d,
             c->en ? "The cascade model follows the failure of the process for %d hours, hour "
                     "by hour over %d hours: a process that loses an input beyond its buffer "
                     "and fallback goes down too. %s go down, in %s. Only processes you "
                     "may see are counted."
                   : "Het cascademodel volgt een uitval van het proces van %d uur, uur voor uur "
                     "over %d uur: een proces dat een levering langer mist dan zijn buffer en "
                     "terugvaloptie overbruggen, valt ook uit. Er vallen %s uit, in %s. "
                     "Alleen processen die u mag zien tellen mee.",
             (int)r->outage_h, (int)r->horizon_h, pdoc_processes(c, r->n_down),
             sectors_words(c, r->n_sectors_hit))) != 0 ||
        (rc = cascade_chart(c)) != 0)
        return rc;
    if (r->n_down == 0)
        return 0;
    if ((rc = doc_table_add(c->d,
                            L(c, "Processen die uitvallen, in volgorde van uitval",
                              "Processes that go down, in the order they go down"),
                            4, c->en ? head_en : head_nl, numeric, &t)) != 0)
        return rc;
    for (i = 0; i < r->n_down; i++) {
        const struct process_report_down *d = &r->down[i];
        const char *cells[] = {d->name, d->sector ? d->sector : DASH, pdoc_num(c, d->first_down_h),
                               pdoc_num(c, d->down_h)};
        if ((rc = doc_table_row(t, cells)) != 0)
            return rc;
    }
    return 0;
}

static int approvals(struct ctx *c)
{
    const struct process_report *r = c->r;
    static const char *head_nl[] = {"Moment", "Stuk", "Stap", "Door", "Toelichting"};
    static const char *head_en[] = {"When", "Record", "Step", "By", "Comment"};
    static const char *const steps[][2] = {{"ter beoordeling aangeboden", "sent for review"},
                                           {"goedgekeurd (vier ogen)", "approved (four eyes)"},
                                           {"teruggestuurd", "sent back"},
                                           {"als vastgesteld vastgelegd", "recorded as final"}};
    struct doc_table *t = NULL;
    size_t i;
    int rc;
    if ((rc = doc_heading(c->d, 1, L(c, "Vaststelling en goedkeuring", "Approvals"))) != 0 ||
        (rc = doc_paragraph(c->d, L(c,
                                    "Elke analyse, vitaalbeoordeling en toetsing wordt pas "
                                    "vastgesteld als een ander dan de opsteller haar goedkeurt.",
                                    "Every analysis, vitality assessment and review becomes "
                                    "final only when someone other than its author approves "
                                    "it."))) != 0)
        return rc;
    if (r->n_approvals == 0)
        return doc_paragraph(c->d, L(c, "Er zijn geen stappen vastgelegd die u mag inzien.",
                                     "No steps are recorded that you may read."));
    if ((rc = doc_table_add(c->d, L(c, "Geschiedenis van de goedkeuringen", "History of approvals"),
                            5, c->en ? head_en : head_nl, NULL, &t)) != 0)
        return rc;
    for (i = 0; i < r->n_approvals; i++) {
        const struct process_report_approval *ap = &r->approvals[i];
        const char *cells[] = {time_words(c, ap->at),
                               arena_printf(c->a, "%s %s", pdoc_word(c, ap->kind->name), ap->id),
                               steps[ap->step][c->en], ap->who, ap->comment ? ap->comment : DASH};
        if ((rc = doc_table_row(t, cells)) != 0)
            return rc;
    }
    return 0;
}

/* --- the whole --------------------------------------------------------------------- */

const char *process_doc_marking(const char *classification, const char *lang)
{
    static const char *const marks[][3] = {{"public", "OPENBAAR", "PUBLIC"},
                                           {"internal", "INTERN", "INTERNAL"},
                                           {"confidential", "VERTROUWELIJK", "CONFIDENTIAL"},
                                           {"secret", "GEHEIM", "SECRET"}};
    int en = lang && strcmp(lang, "en") == 0;
    size_t i;
    for (i = 0; i < sizeof marks / sizeof marks[0]; i++) {
        if (classification && strcmp(marks[i][0], classification) == 0)
            return marks[i][1 + en];
    }
    return marks[3][1 + en]; /* an unknown classification is marked as the highest */
}

int process_doc_build(const struct process_report *r, const char *lang, const char *date,
                      struct arena *a, struct doc *out, struct error *e)
{
    struct ctx c = {r, out, a, lang && strcmp(lang, "en") == 0};
    const char *marking;
    char *tlp;
    size_t i;
    int rc;
    if (!lang || (strcmp(lang, "nl") != 0 && strcmp(lang, "en") != 0))
        return error_set(e, ERR_INVALID, "lang", "the language must be nl or en, not '%s'",
                         lang ? lang : "");
    tlp = arena_printf(a, "TLP:%s", r->tlp[0] ? r->tlp : sharing_default_tlp(r->classification));
    for (i = 4; tlp && tlp[i]; i++) /* TLP 2.0 writes its labels in capitals */
        tlp[i] = (char)toupper((unsigned char)tlp[i]);
    marking = arena_printf(a, "%s %s %s %s %s", process_doc_marking(r->classification, lang),
                           "\xc2\xb7", tlp ? tlp : "", "\xe2\x80\x94",
                           L(&c, "alleen voor wie het moet weten", "need to know only"));
    if (marking == NULL)
        return error_set(e, ERR_TOO_LARGE, NULL, "the report is over its memory limit");
    rc = doc_init(out, a, lang,
                  arena_printf(a, "%s: %s", L(&c, "Weerbaarheidsanalyse", "Resilience analysis"),
                               pdoc_field(r->process, "name")),
                  arena_printf(a, "%s %s %s", r->sector_name, "\xc2\xb7", r->ministry_name), date,
                  marking);
    if (rc == 0)
        rc = doc_set_author(out, r->ministry_name);
    if (rc == 0)
        rc = summary(&c);
    if (rc == 0)
        rc = assessment(&c);
    if (rc == 0)
        rc = dependencies(&c);
    if (rc == 0)
        rc = cascade(&c);
    if (rc == 0)
        rc = pdoc_risks(&c);
    if (rc == 0)
        rc = pdoc_fallback(&c);
    if (rc == 0)
        rc = pdoc_measures(&c);
    if (rc == 0)
        rc = approvals(&c);
    if (rc == ERR_TOO_LARGE)
        return error_set(e, ERR_TOO_LARGE, NULL, "the report is over its memory limit");
    return rc ? error_set(e, rc, NULL, "the report could not be built") : 0;
}

int process_doc_prepare(struct store *s, const struct process_report_options *o, const char *lang,
                        struct arena *a, struct doc *out, char classification[16], struct error *e)
{
    struct process_report r;
    char date[11];
    int rc;
    timefmt_format_date(o->today, date);
    if ((rc = process_report_gather(s, o, &r, e)) == 0 &&
        (rc = process_doc_build(&r, lang, date, a, out, e)) == 0)
        snprintf(classification, 16, "%s", r.classification);
    process_report_release(&r);
    return rc;
}

int process_doc_render(struct store *s, const struct process_report_options *o, const char *lang,
                       enum doc_format f, struct strbuf *out, char classification[16],
                       struct error *e)
{
    struct arena a = ARENA_INIT;
    struct doc d;
    int rc;
    if ((rc = process_doc_prepare(s, o, lang, &a, &d, classification, e)) == 0)
        rc = doc_render(&d, f, out, e);
    arena_release(&a);
    return rc;
}

void process_doc_filename(const char *process, const char *lang, enum doc_format f, char *buf,
                          size_t size)
{
    snprintf(buf, size, "%s-%s.%s",
             lang && strcmp(lang, "en") == 0 ? "resilience-analysis" : "weerbaarheidsanalyse",
             process, doc_format_extension(f));
}
