/*
 * annual_doc.c — builds the yearly report's document (see annual_doc.h):
 * summary, the cycle, the action programme, toetsing, fallback options,
 * incidents, the national risk picture, the trends and an annex with the
 * method, criteria and sources, in plain Dutch (or English).
 *
 * Every number printed comes from a table cell that disclosure_shown
 * allows; a sentence that would need a suppressed figure says it is
 * withheld instead. No record id, provider name or record text reaches the
 * tree: the figures do not carry them.
 */
#include "report/annual_doc.h"

#include "base/timefmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SUPPRESSED "\xc3\x97" /* "×": withheld (disclosure control) */

struct ctx {
    const struct annual_report *r;
    struct doc *d;
    struct arena *a;
    int en;
};

#define L(c, nl, en_text) ((c)->en ? (en_text) : (nl))

/* The words for the tables' keys. */
static const char *const key_words[][3] = {
    {"current", "binnen de cyclus", "within the cycle"},
    {"overdue", "te laat", "overdue"},
    {"never", "nooit geanalyseerd", "never analysed"},
    {"A", "A", "A"},
    {"B", "B", "B"},
    {"none", "geen (niet vitaal)", "none (not vital)"},
    {"processes", "processen", "processes"},
    {"analysed_since", "geanalyseerd sinds de richtlijnen", "analysed since the directives"},
    {"not_yet", "nog niet", "not yet"},
    {"made", "gemaakt", "made"},
    {"changed", "categorie gewijzigd", "category changed"},
    {"redundancy", "redundantie", "redundancy"},
    {"stockpile", "voorraden", "stockpiles"},
    {"alternative_method", "alternatieve werkwijze", "alternative way of working"},
    {"regulation", "regelgeving", "rules"},
    {"other", "overig", "other"},
    {"sectoral", "sectoraal", "sectoral"},
    {"cross_sectoral", "sectoroverstijgend", "cross-sectoral"},
    {"proposed", "voorgesteld", "proposed"},
    {"planned", "gepland", "planned"},
    {"in_progress", "in uitvoering", "in progress"},
    {"done", "gereed", "done"},
    {"cancelled", "geschrapt", "cancelled"},
    {"completed", "dit jaar gereedgekomen", "completed this year"},
    {"adjustment_due", "bijstelling nodig", "adjustment due"},
    {"measures", "maatregelen", "measures"},
    {"exercise", "oefening", "exercise"},
    {"test", "test", "test"},
    {"audit", "audit", "audit"},
    {"incident", "incident", "incident"},
    {"effective", "effectief", "effective"},
    {"partly_effective", "deels effectief", "partly effective"},
    {"ineffective", "niet effectief", "ineffective"},
    {"inconclusive", "geen oordeel", "inconclusive"},
    {"needed", "nodig", "needed"},
    {"advisable", "raadzaam", "advisable"},
    {"not_needed", "niet nodig", "not needed"},
    {"in_place", "aanwezig", "in place"},
    {"not_in_place", "niet aanwezig", "not in place"},
    {"decision_needed", "besluit: nodig of niet", "decision: needed or not"},
    {"decision_proportionate", "besluit: proportioneel of niet", "decision: proportionate or not"},
    {"agrees", "strookt met de berekening", "agrees with the engine"},
    {"disagrees", "in strijd met de berekening", "contradicted by the engine"},
    {"q1", "1e kwartaal", "Q1"},
    {"q2", "2e kwartaal", "Q2"},
    {"q3", "3e kwartaal", "Q3"},
    {"q4", "4e kwartaal", "Q4"},
    {"NIS2", "NIS2", "NIS2"},
    {"CER", "CER", "CER"},
    {"met", "op tijd", "on time"},
    {"late", "te laat gemeld", "late"},
    {"lapsed", "verlopen (niet gemeld)", "overdue (not sent)"},
    {"open", "nog open", "open"},
    {"assessments", "vitaalbeoordelingen", "vitality assessments"},
    {"analyses_final", "analyses vastgesteld", "analyses finalised"},
    {"measures_completed", "maatregelen gereed", "measures completed"},
    {"reviews", "toetsingen", "reviews"},
    {"incidents", "incidenten", "incidents"},
    {"physical", "fysiek", "physical"},
    {"digital", "digitaal", "digital"},
    {"economic", "economisch", "economic"},
    {"chain", "keten", "supply chain"},
    {"crisis_management", "crisisbeheersing", "crisis management"},
};

static const char *word(const struct ctx *c, const char *key)
{
    size_t i;
    for (i = 0; i < sizeof key_words / sizeof key_words[0]; i++) {
        if (strcmp(key_words[i][0], key) == 0)
            return key_words[i][c->en ? 2 : 1];
    }
    return key;
}

static const char *const months_nl[12] = {"januari",   "februari", "maart",    "april",
                                          "mei",       "juni",     "juli",     "augustus",
                                          "september", "oktober",  "november", "december"};
static const char *const months_en[12] = {"January",   "February", "March",    "April",
                                          "May",       "June",     "July",     "August",
                                          "September", "October",  "November", "December"};

/* "31 december 2025" / "31 December 2025" */
static const char *date_words(const struct ctx *c, const char *date)
{
    const char *const *months = c->en ? months_en : months_nl;
    int y = 0, m = 0, d = 0;
    if (sscanf(date, "%d-%d-%d", &y, &m, &d) != 3 || m < 1 || m > 12)
        return arena_strdup(c->a, date);
    return arena_printf(c->a, "%d %s %d", d, months[m - 1], y);
}

/* A cell as the table prints it: the count, or "×" when suppressed. */
static const char *cell_text(const struct ctx *c, const struct annual_table *t, size_t r,
                             size_t col)
{
    if (!disclosure_shown(&t->cells, r, col))
        return SUPPRESSED;
    return arena_printf(c->a, "%lld", (long long)disclosure_count(&t->cells, r, col));
}

/* A figure in a sentence: the number, or words saying it is withheld. */
static const char *figure_text(const struct ctx *c, const struct annual_table *t, size_t r,
                               size_t col)
{
    if (!disclosure_shown(&t->cells, r, col))
        return L(c, "een klein aantal (afgeschermd)", "a small number (withheld)");
    return arena_printf(c->a, "%lld", (long long)disclosure_count(&t->cells, r, col));
}

static double chart_value(const struct annual_table *t, size_t r, size_t col)
{
    if (!disclosure_shown(&t->cells, r, col))
        return DOC_CHART_NO_VALUE;
    return (double)disclosure_count(&t->cells, r, col);
}

static int row_is_empty(const struct annual_table *t, size_t r)
{
    size_t col;
    for (col = 0; col <= t->ncols; col++) {
        if (disclosure_count(&t->cells, r, col) != 0)
            return 0;
    }
    return 1;
}

static const char *suppression_note(const struct ctx *c)
{
    return arena_printf(
        c->a,
        c->en ? SUPPRESSED " = withheld: the figure concerns fewer than %lld processes or "
                           "providers, or would let such a figure be worked out from the totals."
              : SUPPRESSED " = afgeschermd: het aantal betreft minder dan %lld processen of "
                           "aanbieders, of zou zo'n aantal uit de totalen laten afleiden.",
        (long long)c->r->k);
}

/* Adds table t: first column head first_head, the rows (translated when
 * they are keys; rows without any count left out), the columns and, when
 * the table has them, the totals. */
static int add_table(struct ctx *c, const struct annual_table *t, const char *caption,
                     const char *first_head)
{
    struct doc_table *dt = NULL;
    const char *head[16], *cells[16];
    unsigned char numeric[16];
    int row_totals = (t->cells.margins & DISCLOSURE_ROW_TOTALS) != 0;
    int col_totals = (t->cells.margins & DISCLOSURE_COL_TOTALS) != 0;
    size_t ncols = 1 + t->ncols + (row_totals ? 1 : 0), r, col, shown = 0;
    int rc, any_suppressed = 0;
    if (ncols > 16)
        return ERR_INTERNAL;
    head[0] = first_head;
    numeric[0] = 0;
    for (col = 0; col < t->ncols; col++) {
        head[1 + col] = word(c, t->cols[col]);
        numeric[1 + col] = 1;
    }
    if (row_totals) {
        head[ncols - 1] = L(c, "totaal", "total");
        numeric[ncols - 1] = 1;
    }
    if ((rc = doc_table_add(c->d, caption, ncols, head, numeric, &dt)) != 0)
        return rc;
    for (r = 0; r <= t->nrows; r++) {
        if (r == t->nrows && !col_totals)
            break;
        if (r < t->nrows && !t->rows_are_keys && row_is_empty(t, r))
            continue;
        cells[0] = r == t->nrows      ? L(c, "Totaal", "Total")
                   : t->rows_are_keys ? word(c, t->rows[r])
                                      : t->rows[r];
        for (col = 0; col < t->ncols + (row_totals ? 1 : 0); col++) {
            cells[1 + col] = cell_text(c, t, r, col);
            if (!disclosure_shown(&t->cells, r, col))
                any_suppressed = 1;
        }
        if ((rc = doc_table_row(dt, cells)) != 0)
            return rc;
        shown++;
    }
    if (shown == 0) {
        for (col = 0; col < ncols; col++)
            cells[col] = col == 0 ? L(c, "geen", "none") : "0";
        if ((rc = doc_table_row(dt, cells)) != 0)
            return rc;
    }
    return any_suppressed ? doc_table_note(dt, suppression_note(c)) : 0;
}

/* A chart over the years of a trend table: one series per column. */
static int add_trend_chart(struct ctx *c, const struct annual_table *t, enum doc_chart_kind kind,
                           const char *title, const char *description)
{
    struct doc_chart *ch = NULL;
    double *values = arena_alloc(c->a, (t->nrows + 1) * sizeof *values);
    size_t col, r;
    int rc;
    if (!values)
        return ERR_TOO_LARGE;
    if ((rc = doc_chart_add(c->d, kind, title, t->nrows, (const char *const *)t->rows, &ch)) != 0 ||
        (rc = doc_chart_labels(ch, L(c, "jaar", "year"), L(c, "aantal", "number"), description)) !=
            0)
        return rc;
    for (col = 0; col < t->ncols; col++) {
        for (r = 0; r < t->nrows; r++)
            values[r] = chart_value(t, r, col);
        if ((rc = doc_chart_series(ch, word(c, t->cols[col]), values)) != 0)
            return rc;
    }
    return 0;
}

/* The risk diagram as a grid: rows likelihood (highest on top), columns
 * the aggregated impact class. */
static int add_grid(struct ctx *c, const struct annual_table *t, const char *title)
{
    struct doc_chart *ch = NULL;
    double values[16];
    size_t col, r;
    int rc;
    if (t->ncols > 16)
        return ERR_INTERNAL;
    if ((rc = doc_chart_add(c->d, DOC_CHART_GRID, title, t->ncols, t->cols, &ch)) != 0 ||
        (rc = doc_chart_labels(
             ch, L(c, "impact (geaggregeerd)", "impact (aggregated)"),
             L(c, "waarschijnlijkheid", "likelihood"),
             L(c, "Aantal risico's per combinatie van waarschijnlijkheid en impact.",
               "Number of risks per combination of likelihood and impact."))) != 0)
        return rc;
    for (r = 0; r < t->nrows; r++) {
        for (col = 0; col < t->ncols; col++)
            values[col] = chart_value(t, r, col);
        if ((rc = doc_chart_series(ch, t->rows[r], values)) != 0)
            return rc;
    }
    return 0;
}

#define TRY(x)                                                                                     \
    do {                                                                                           \
        if ((rc = (x)) != 0)                                                                       \
            return rc;                                                                             \
    } while (0)

static const struct annual_table *T(const struct ctx *c, enum annual_table_id id)
{
    return &c->r->tables[id];
}

static int summary(struct ctx *c)
{
    const struct annual_table *cyc = T(c, ANNUAL_CYCLE_SECTOR);
    const struct annual_table *fol = T(c, ANNUAL_MEASURE_FOLLOW);
    size_t tr = cyc->nrows;
    int rc;
    TRY(doc_heading(c->d, 1, L(c, "Samenvatting", "Summary")));
    TRY(doc_paragraphf(
        c->d,
        c->en ? "This report gives the state of the vital infrastructure programme in %d, as the "
                "records stood on %s. On that day %s processes were on the list of vital "
                "processes. Of these, %s had a resilience analysis within the cycle of %lld "
                "years, %s were overdue and %s had never been analysed."
              : "Deze brief geeft de stand van de Aanpak vitaal over %d, zoals de gegevens er op "
                "%s voor stonden. Op die dag stonden %s processen op de lijst van vitale "
                "processen. Daarvan hadden er %s een weerbaarheidsanalyse binnen de cyclus van "
                "%lld jaar, waren er %s te laat en waren er %s nog nooit geanalyseerd.",
        c->r->year, date_words(c, c->r->as_of), figure_text(c, cyc, tr, cyc->ncols),
        figure_text(c, cyc, tr, 0), (long long)c->r->cycle_years, figure_text(c, cyc, tr, 1),
        figure_text(c, cyc, tr, 2)));
    TRY(doc_paragraphf(
        c->d,
        c->en ? "In %d, %s measures of the action programme were completed; %s measures were past "
                "their due date and %s needed an adjustment after a review."
              : "In %d kwamen %s maatregelen van het actieprogramma gereed; %s maatregelen waren "
                "over hun termijn en bij %s was na toetsing een bijstelling nodig.",
        c->r->year, figure_text(c, fol, 0, 0), figure_text(c, fol, 1, 0),
        figure_text(c, fol, 2, 0)));
    return doc_paragraph(
        c->d,
        L(c,
          "Alle cijfers zijn geaggregeerd. Een aantal dat minder dan de drempel aan processen of "
          "aanbieders betreft, is afgeschermd, evenals de aantallen waaruit het terug te rekenen "
          "zou zijn (zie de bijlage).",
          "All figures are aggregated. A figure concerning fewer processes or providers than the "
          "threshold is withheld, as are the figures from which it could be worked out (see the "
          "annex)."));
}

static int cycle(struct ctx *c)
{
    int rc;
    TRY(doc_heading(c->d, 1, L(c, "De cyclus vitaal", "The vital infrastructure cycle")));
    TRY(doc_paragraphf(
        c->d,
        c->en ? "Every vital process needs a resilience analysis at least once every %lld years. "
                "A process counts as within the cycle when its last final analysis is younger; "
                "as overdue when the next analysis was due before %s; as never analysed when it "
                "has no final analysis."
              : "Elk vitaal proces heeft ten minste eens per %lld jaar een weerbaarheidsanalyse "
                "nodig. Een proces telt als binnen de cyclus wanneer de laatste vastgestelde "
                "analyse jonger is; als te laat wanneer de volgende analyse voor %s had moeten "
                "zijn vastgesteld; als nooit geanalyseerd wanneer er geen vastgestelde analyse is.",
        (long long)c->r->cycle_years, date_words(c, c->r->as_of)));
    TRY(doc_heading(c->d, 2, L(c, "Per sector en per ministerie", "Per sector and per ministry")));
    TRY(add_table(c, T(c, ANNUAL_CYCLE_SECTOR),
                  L(c, "Vitale processen per sector naar stand in de cyclus",
                    "Vital processes per sector by their place in the cycle"),
                  L(c, "Sector", "Sector")));
    TRY(add_table(c, T(c, ANNUAL_CYCLE_MINISTRY),
                  L(c, "Vitale processen per verantwoordelijk ministerie",
                    "Vital processes per responsible ministry"),
                  L(c, "Ministerie", "Ministry")));
    TRY(add_table(c, T(c, ANNUAL_CATEGORY),
                  L(c, "Processen naar categorie", "Processes by category"),
                  L(c, "Categorie", "Category")));
    TRY(doc_heading(c->d, 2, L(c, "CER en NIS2", "CER and NIS2")));
    TRY(doc_paragraphf(
        c->d,
        c->en
            ? "Processes under the CER or NIS2 directive need an analysis finalised on or after "
              "%s (when both directives applied), by %s."
            : "Processen onder de CER- of NIS2-richtlijn hebben een analyse nodig die op of na "
              "%s (toen beide richtlijnen van toepassing werden) is vastgesteld, uiterlijk op %s.",
        date_words(c, c->r->cer_nis2_since), date_words(c, c->r->cer_nis2_deadline)));
    TRY(add_table(
        c, T(c, ANNUAL_CER_NIS2),
        L(c, "Processen onder CER of NIS2 per sector", "Processes under CER or NIS2 per sector"),
        L(c, "Sector", "Sector")));
    TRY(doc_heading(c->d, 2, L(c, "Vitaalbeoordelingen", "Vitality assessments")));
    TRY(doc_paragraphf(c->d,
                       c->en ? "Vitality assessments made in %d, and those that changed the "
                               "category of the process compared with its assessment before."
                             : "Vitaalbeoordelingen gemaakt in %d, en het deel daarvan dat de "
                               "categorie van het proces veranderde ten opzichte van de "
                               "beoordeling ervoor.",
                       c->r->year));
    return add_table(c, T(c, ANNUAL_ASSESSMENTS),
                     arena_printf(c->a,
                                  c->en ? "Vitality assessments in %d per sector"
                                        : "Vitaalbeoordelingen in %d per sector",
                                  c->r->year),
                     L(c, "Sector", "Sector"));
}

static int programme(struct ctx *c)
{
    int rc;
    TRY(doc_heading(c->d, 1, L(c, "Het actieprogramma", "The action programme")));
    TRY(doc_paragraph(
        c->d, L(c,
                "De maatregelen van het actieprogramma naar soort en reikwijdte, met hun stand op "
                "de peildatum. Een maatregel telt mee voor het eerste proces dat zij beschermt.",
                "The measures of the action programme by kind and scope, with their status on the "
                "reference date. A measure counts for the first process it protects.")));
    TRY(add_table(c, T(c, ANNUAL_MEASURE_KIND),
                  L(c, "Maatregelen naar soort en stand", "Measures by kind and status"),
                  L(c, "Soort", "Kind")));
    TRY(add_table(c, T(c, ANNUAL_MEASURE_SCOPE),
                  L(c, "Maatregelen naar reikwijdte en stand", "Measures by scope and status"),
                  L(c, "Reikwijdte", "Scope")));
    TRY(add_table(
        c, T(c, ANNUAL_MEASURE_FOLLOW),
        L(c, "Voortgang en opvolging van maatregelen", "Progress and follow-up of measures"),
        L(c, "Stand", "State")));
    TRY(doc_heading(c->d, 1, L(c, "Toetsing", "Reviews of effectiveness")));
    TRY(doc_paragraphf(c->d,
                       c->en ? "Reviews of the effectiveness of measures held in %d, by method "
                               "and result. A measure reviewed as partly effective or "
                               "ineffective needs an adjustment (see the table above)."
                             : "Toetsingen van de effectiviteit van maatregelen in %d, naar "
                               "methode en uitkomst. Een maatregel die deels of niet effectief "
                               "bleek, moet worden bijgesteld (zie de tabel hierboven).",
                       c->r->year));
    return add_table(c, T(c, ANNUAL_REVIEWS),
                     arena_printf(c->a,
                                  c->en ? "Reviews in %d by method and result"
                                        : "Toetsingen in %d naar methode en uitkomst",
                                  c->r->year),
                     L(c, "Methode", "Method"));
}

static int fallback(struct ctx *c)
{
    int rc;
    TRY(doc_heading(c->d, 1, L(c, "Terugvalopties", "Fallback options")));
    TRY(doc_paragraph(
        c->d, L(c,
                "Of een vitaal proces een terugvaloptie nodig heeft (een analoge of digitale "
                "andere manier van werken), volgt uit zijn categorie, de reikwijdte van zijn "
                "uitval en hoe lang het stilvalt wanneer een toelevering wegvalt.",
                "Whether a vital process needs a fallback option (an analogue or digital other "
                "way of working) follows from its category, the reach of its failure and how long "
                "it stops when an input is lost.")));
    TRY(add_table(
        c, T(c, ANNUAL_FALLBACK),
        L(c, "Behoefte aan een terugvaloptie per sector", "Need for a fallback option per sector"),
        L(c, "Sector", "Sector")));
    TRY(add_table(
        c, T(c, ANNUAL_FALLBACK_IN_PLACE),
        L(c, "Terugvalopties aanwezig naar behoefte", "Fallback options in place by need"),
        L(c, "Behoefte", "Need")));
    TRY(doc_paragraph(
        c->d,
        L(c,
          "Per terugvaloptie legt de analist vast of zij nodig en proportioneel is. Waar de "
          "berekening (uitval zonder en met de optie, kosten per bespaard uitvaluur) dat "
          "tegenspreekt, wordt het besluit gemarkeerd; een optie die niet proportioneel is "
          "geoordeeld, noemt de maatregel die in plaats daarvan is gekozen.",
          "Per fallback option the analyst records whether it is needed and proportionate. "
          "Where the engine (downtime without and with the option, cost per saved down-hour) "
          "contradicts that, the decision is flagged; an option judged not proportionate names "
          "the measure chosen instead.")));
    return add_table(c, T(c, ANNUAL_FALLBACK_DECISIONS),
                     L(c, "Besluiten over terugvalopties tegen de berekening",
                       "Decisions on fallback options against the engine"),
                     L(c, "Besluit", "Decision"));
}

static int incidents(struct ctx *c)
{
    int rc;
    TRY(doc_heading(c->d, 1, L(c, "Incidenten en meldingen", "Incidents and notifications")));
    TRY(doc_paragraphf(c->d,
                       c->en ? "Incidents detected in %d per sector and quarter, and the "
                               "notification deadlines of the significant ones under NIS2 and "
                               "CER: met, late, overdue (not sent, past due) or still open."
                             : "Incidenten die in %d zijn vastgesteld, per sector en kwartaal, "
                               "en de meldtermijnen van de significante onder NIS2 en CER: op "
                               "tijd, te laat gemeld, verlopen (niet gemeld) of nog open.",
                       c->r->year));
    TRY(add_table(c, T(c, ANNUAL_INCIDENTS),
                  arena_printf(c->a,
                               c->en ? "Incidents in %d per sector and quarter"
                                     : "Incidenten in %d per sector en kwartaal",
                               c->r->year),
                  L(c, "Sector", "Sector")));
    return add_table(c, T(c, ANNUAL_NOTIFICATIONS),
                     L(c, "Meldtermijnen naar richtlijn", "Notification deadlines by directive"),
                     L(c, "Richtlijn", "Directive"));
}

static int risks(struct ctx *c)
{
    const struct annual_resilience *res = &c->r->resilience;
    struct doc_table *dt = NULL;
    const char *head[12], *cells[12];
    unsigned char numeric[12];
    size_t i, d;
    int rc, any = 0;
    TRY(doc_heading(c->d, 1, L(c, "Het nationale risicobeeld", "The national risk picture")));
    TRY(doc_paragraph(
        c->d,
        L(c,
          "Het risicodiagram telt de risico's uit de geldende analyses naar waarschijnlijkheid "
          "(A laag tot E hoog) en geaggregeerde impact (A beperkt tot E catastrofaal), eerst "
          "zonder en daarna met de maatregelen waarvan de toetsing uitwees dat ze effectief "
          "zijn (restrisico).",
          "The risk diagram counts the risks of the analyses in force by likelihood (A low "
          "to E high) and aggregated impact (A limited to E catastrophic), first without and "
          "then with the measures that reviews found effective (residual risk).")));
    TRY(add_grid(c, T(c, ANNUAL_RISK_INHERENT), L(c, "Risicodiagram", "Risk diagram")));
    TRY(add_table(
        c, T(c, ANNUAL_RISK_INHERENT),
        L(c, "Risico's naar waarschijnlijkheid en impact", "Risks by likelihood and impact"),
        L(c, "Waarschijnlijkheid", "Likelihood")));
    TRY(add_grid(
        c, T(c, ANNUAL_RISK_RESIDUAL),
        L(c, "Risicodiagram na effectieve maatregelen", "Risk diagram after effective measures")));
    TRY(add_table(c, T(c, ANNUAL_RISK_RESIDUAL),
                  L(c, "Restrisico's naar waarschijnlijkheid en impact",
                    "Residual risks by likelihood and impact"),
                  L(c, "Waarschijnlijkheid", "Likelihood")));
    TRY(doc_heading(c->d, 2, L(c, "Weerbaarheid", "Resilience")));
    TRY(doc_paragraph(
        c->d, L(c,
                "De gemiddelde weerbaarheid per dimensie (1 zwak tot 5 sterk) over de risico's die "
                "haar scoren, per sector.",
                "The mean resilience per dimension (1 weak to 5 strong) over the risks that score "
                "it, per sector.")));
    if (res->ndims == 0 || res->ndims > 10)
        return 0;
    head[0] = L(c, "Sector", "Sector");
    numeric[0] = 0;
    for (d = 0; d < res->ndims; d++) {
        head[1 + d] = word(c, res->dimensions[d]);
        numeric[1 + d] = 1;
    }
    TRY(doc_table_add(
        c->d, L(c, "Weerbaarheid per dimensie per sector", "Resilience per dimension per sector"),
        1 + res->ndims, head, numeric, &dt));
    for (i = 0; i < res->nsectors; i++) {
        int scored = 0;
        cells[0] = res->sectors[i];
        for (d = 0; d < res->ndims; d++) {
            size_t k = i * res->ndims + d;
            char buf[16];
            if (!res->shown[k]) {
                cells[1 + d] = SUPPRESSED;
                any = 1;
                continue;
            }
            scored = 1;
            snprintf(buf, sizeof buf, "%.1f", res->mean[k]);
            if (!c->en && strchr(buf, '.'))
                *strchr(buf, '.') = ',';
            cells[1 + d] = arena_strdup(c->a, buf);
        }
        (void)scored;
        TRY(doc_table_row(dt, cells));
    }
    return any ? doc_table_note(dt, arena_printf(c->a,
                                                 c->en ? SUPPRESSED " = not shown: fewer than %lld "
                                                                    "risks or processes score it."
                                                       : SUPPRESSED " = niet getoond: minder dan "
                                                                    "%lld risico's of processen "
                                                                    "scoren haar.",
                                                 (long long)c->r->k))
               : 0;
}

static int trends(struct ctx *c)
{
    int rc;
    TRY(doc_heading(c->d, 1, L(c, "Ontwikkeling door de jaren", "Trends over the years")));
    TRY(doc_paragraphf(c->d,
                       c->en ? "Each year as the records stood at its end, from %d (the first "
                               "year with dated records) to %d."
                             : "Elk jaar zoals de gegevens er aan het eind ervan voor stonden, "
                               "van %d (het eerste jaar met gedateerde gegevens) tot en met %d.",
                       c->r->first_year, c->r->year));
    TRY(add_trend_chart(
        c, T(c, ANNUAL_TREND_CYCLE), DOC_CHART_LINE,
        L(c, "Stand in de cyclus per jaar", "Place in the cycle per year"),
        L(c, "Aantal vitale processen binnen de cyclus, te laat en nooit geanalyseerd, per jaar.",
          "Number of vital processes within the cycle, overdue and never analysed, per year.")));
    TRY(add_table(c, T(c, ANNUAL_TREND_CYCLE),
                  L(c, "Vitale processen naar stand in de cyclus per jaar",
                    "Vital processes by place in the cycle per year"),
                  L(c, "Jaar", "Year")));
    TRY(add_trend_chart(c, T(c, ANNUAL_TREND_ACTIVITY), DOC_CHART_LINE,
                        L(c, "Activiteit in de cyclus per jaar", "Activity in the cycle per year"),
                        L(c,
                          "Vitaalbeoordelingen, vastgestelde analyses, gereedgekomen maatregelen, "
                          "toetsingen en incidenten per jaar.",
                          "Vitality assessments, finalised analyses, completed measures, reviews "
                          "and incidents per year.")));
    return add_table(c, T(c, ANNUAL_TREND_ACTIVITY),
                     L(c, "Activiteit per jaar", "Activity per year"), L(c, "Jaar", "Year"));
}

static int annex(struct ctx *c)
{
    static const char *const sources_nl[] = {
        "De registratie van de cyclus vitaal in vitaal: processen, analyses, risico's, "
        "maatregelen, toetsingen, terugvalopties en incidenten, met hun volledige historie.",
        "Richtlijn (EU) 2022/2557 betreffende de weerbaarheid van kritieke entiteiten (CER).",
        "Richtlijn (EU) 2022/2555 (NIS2) over een hoog gezamenlijk niveau van cyberbeveiliging.",
        "De methode van de Nationale Risicobeoordeling voor waarschijnlijkheid en impact.",
    };
    static const char *const sources_en[] = {
        "The records of the vital infrastructure cycle in vitaal: processes, analyses, risks, "
        "measures, reviews, fallback options and incidents, with their full history.",
        "Directive (EU) 2022/2557 on the resilience of critical entities (CER).",
        "Directive (EU) 2022/2555 (NIS2) on a high common level of cybersecurity.",
        "The method of the National Risk Assessment for likelihood and impact.",
    };
    int rc;
    TRY(doc_page_break(c->d));
    TRY(doc_heading(
        c->d, 1,
        L(c, "Bijlage: methode, criteria en bronnen", "Annex: method, criteria and sources")));
    TRY(doc_heading(c->d, 2, L(c, "Peildatum", "Reference date")));
    TRY(doc_paragraphf(
        c->d,
        c->en
            ? "All figures of %d are the records as they stood at the end of %s (Netherlands "
              "time); the figures of earlier years as they stood at the end of each year. Later "
              "changes to the records do not change this report."
            : "Alle cijfers over %d zijn de gegevens zoals ze er aan het eind van %s (Nederlandse "
              "tijd) voor stonden; die van eerdere jaren zoals ze er aan het eind van elk jaar "
              "voor stonden. Latere wijzigingen veranderen deze brief niet.",
        c->r->year, date_words(c, c->r->as_of)));
    TRY(doc_heading(c->d, 2, L(c, "Criteria", "Criteria")));
    TRY(doc_paragraphf(
        c->d,
        c->en ? "A process is vital in category A or B when an impact estimate meets the "
                "threshold of a vitality criterion. The cycle asks for a resilience analysis at "
                "least every %lld years; processes under CER or NIS2 by %s. A measure is overdue "
                "when its due date has passed and it is neither done nor cancelled. A fallback "
                "option is needed or advisable by the decision table of the method."
              : "Een proces is vitaal in categorie A of B wanneer een impactschatting de drempel "
                "van een vitaalcriterium haalt. De cyclus vraagt ten minste eens per %lld jaar "
                "een weerbaarheidsanalyse; voor processen onder CER of NIS2 uiterlijk %s. Een "
                "maatregel is te laat wanneer haar termijn verstreken is en zij niet gereed of "
                "geschrapt is. Of een terugvaloptie nodig of raadzaam is, volgt uit de "
                "beslistabel van de methode.",
        (long long)c->r->cycle_years, date_words(c, c->r->cer_nis2_deadline)));
    TRY(doc_heading(c->d, 2,
                    L(c, "Afscherming van kleine aantallen", "Withholding small numbers")));
    TRY(doc_paragraphf(
        c->d,
        c->en ? "The analyses are confidential; this report shows aggregates only. A figure that "
                "counts fewer than %lld, or concerns fewer than %lld processes or providers, is "
                "withheld (" SUPPRESSED "). So that it cannot be worked out from a total, other "
                "figures in its row and column are withheld as well: always the smallest that "
                "suffice, until no withheld figure follows from the figures shown. A zero is "
                "shown: it concerns no one."
              : "De analyses zijn vertrouwelijk; deze brief toont alleen totalen. Een aantal "
                "kleiner dan %lld, of dat minder dan %lld processen of aanbieders betreft, is "
                "afgeschermd (" SUPPRESSED "). Opdat het niet uit een totaal is terug te "
                "rekenen, worden ook andere aantallen in zijn rij en kolom afgeschermd: steeds "
                "de kleinste die volstaan, tot geen afgeschermd aantal meer volgt uit de getoonde. "
                "Een nul wordt getoond: die betreft niemand.",
        (long long)c->r->k, (long long)c->r->k));
    TRY(doc_heading(c->d, 2, L(c, "Bronnen", "Sources")));
    return doc_list(c->d, 4, c->en ? sources_en : sources_nl);
}

int annual_doc_build(const struct annual_report *r, const char *lang, struct arena *a,
                     struct doc *out, struct error *e)
{
    struct ctx c = {r, out, a, 0};
    const char *title, *subtitle;
    int rc;
    if (!lang || (strcmp(lang, "nl") != 0 && strcmp(lang, "en") != 0))
        return error_set(e, ERR_INVALID, "lang", "the language must be nl or en, not '%s'",
                         lang ? lang : "");
    c.en = strcmp(lang, "en") == 0;
    title = c.en ? arena_printf(a, "Progress report on vital infrastructure %d", r->year)
                 : arena_printf(a, "Voortgangsbrief Aanpak vitaal %d", r->year);
    subtitle = arena_printf(a, c.en ? "As the records stood on %s" : "Stand per %s",
                            date_words(&c, r->as_of));
    if (!title || !subtitle)
        return ERR_TOO_LARGE;
    if ((rc = doc_init(out, a, lang, title, subtitle, r->as_of,
                       c.en ? ANNUAL_DOC_MARKING_EN : ANNUAL_DOC_MARKING_NL)) != 0 ||
        (rc = doc_set_author(out, c.en ? "National Coordinator for Security and Counterterrorism"
                                       : "Nationaal Coördinator Terrorismebestrijding en "
                                         "Veiligheid")) != 0 ||
        (rc = summary(&c)) != 0 || (rc = cycle(&c)) != 0 || (rc = programme(&c)) != 0 ||
        (rc = fallback(&c)) != 0 || (rc = incidents(&c)) != 0 || (rc = risks(&c)) != 0 ||
        (rc = trends(&c)) != 0 || (rc = annex(&c)) != 0)
        return rc == ERR_TOO_LARGE ? error_set(e, rc, NULL, "the report is over its memory limit")
                                   : rc;
    return 0;
}

void annual_doc_filename(int year, const char *lang, enum doc_format f, char *buf, size_t size)
{
    snprintf(buf, size, "%s-%d.%s",
             lang && strcmp(lang, "en") == 0 ? "annual-report" : "voortgangsbrief", year,
             doc_format_extension(f));
}

int annual_doc_render(struct store *s, const struct annual_options *o, const char *lang,
                      enum doc_format f, struct strbuf *out, char as_of[11], struct error *e)
{
    struct annual_report r;
    struct arena a = ARENA_INIT;
    struct doc d;
    int rc;
    if (!lang || (strcmp(lang, "nl") != 0 && strcmp(lang, "en") != 0))
        return error_set(e, ERR_INVALID, "lang", "the language must be nl or en, not '%s'",
                         lang ? lang : "");
    if ((rc = annual_compute(s, o, &r, e)) == 0 &&
        (rc = annual_doc_build(&r, lang, &a, &d, e)) == 0)
        rc = doc_render(&d, f, out, e);
    if (rc == 0) {
        snprintf(as_of, 11, "%s", r.as_of);
        progress_report(o->progress, "annual report", "steps", r.nyears + 2, r.nyears + 2);
    }
    annual_report_release(&r);
    arena_release(&a);
    return rc;
}
