/*
 * fallback_need.h — is a fallback option needed for a vital process (issue
 * 4, item 3)? Per process: needed, advisable or not needed, from its
 * category, the reach of its cascade, and for each of its inputs how long it
 * is down when every supplier of that input fails (without any fallback of
 * its own, and with the available ones) against the downtime its category
 * tolerates; plus, per fallback option, the cost per down-hour it saves.
 * Besides the inputs, the process's own failure (issue 20 part 1): each
 * scenario of its current analyses that says how long the process itself is
 * down (risks with outage_h or own_systems), and by default a loss of its
 * own digital systems for the outage, bridged or not by a fallback option.
 * The decision table is in docs/method.md; its numbers are settings.
 *
 * Reads the store, never writes it. All hours come from the engine's
 * cascades on edited copies of the stored graph (whatif.h).
 */
#ifndef VITAAL_DOMAIN_FALLBACK_NEED_H
#define VITAAL_DOMAIN_FALLBACK_NEED_H

#include "base/arena.h"
#include "base/error.h"
#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

#define FALLBACK_NEED_ID_MAX 129

enum fallback_need_verdict {
    FALLBACK_NOT_NEEDED = 0,
    FALLBACK_ADVISABLE = 1,
    FALLBACK_NEEDED = 2,
};

/* The proportionality of one fallback option. */
enum fallback_judgement {
    FALLBACK_PROPORTIONATE,    /* cost per saved down-hour at most the setting */
    FALLBACK_DISPROPORTIONATE, /* above it */
    FALLBACK_SAVES_NOTHING,    /* no down-hour saved: no cost is proportionate */
    FALLBACK_NO_COST,          /* cost_eur unknown: not judged */
    FALLBACK_NOT_LINKED,       /* no dependency names it: not judged */
};

/* One input (dependency) of the process, lost for the outage. */
struct fallback_need_input {
    char dependency[FALLBACK_NEED_ID_MAX];
    char fallback[FALLBACK_NEED_ID_MAX]; /* the option it names, "" for none */
    int fallback_available;
    int32_t first_down_h; /* without a fallback of its own: first hour down, -1: never */
    int32_t down_h;       /* without a fallback of its own: hours down */
    int32_t down_h_with;  /* with the available fallbacks (as stored) */
    int gap;              /* down_h > the tolerable downtime */
    int covered;          /* gap, and down_h_with <= the tolerable downtime */
};

/* One scenario of the process's own failure: a risk of its current
 * analyses (risk != ""), or the default loss of its own digital systems
 * (risk == ""). */
struct fallback_need_scenario {
    char risk[FALLBACK_NEED_ID_MAX];     /* "" for the default scenario */
    char fallback[FALLBACK_NEED_ID_MAX]; /* the option that bridges it, "" for none */
    int fallback_available;
    int own_systems;
    int32_t outage_h;    /* hours the process itself is down in it */
    int32_t down_h;      /* outage_h capped by the horizon */
    int32_t down_h_with; /* with its option when available: down until it takes over, bridged
                            for its duration, down again after */
    int32_t bridged_h;   /* with its option as if in place (its proportionality), else down_h */
    int need;            /* down_h > the tolerable downtime */
    int covered;         /* need, and down_h_with <= the tolerable downtime */
};

struct fallback_need_option {
    char id[FALLBACK_NEED_ID_MAX];
    char kind[32];
    int available;
    int has_cost;
    int64_t cost_eur;
    size_t n_dependencies;    /* dependencies that name it */
    size_t n_scenarios;       /* scenarios of the process's own failure it bridges */
    int64_t saved_down_hours; /* down-node-hours over all processes, without minus with (a
                                 scenario: the process failing for down_h against bridged_h
                                 contiguous hours) */
    double eur_per_down_hour; /* cost_eur / saved_down_hours when both are > 0 */
    enum fallback_judgement judgement;
    /* The analyst's decision as stored beside the engine's verdict: needed
     * ("yes", "no", "unknown") and proportionate (1, 0, -1: not judged),
     * and where they contradict it (fallback_need_disagreement). */
    char stored_needed[8];
    int stored_proportionate;
    int needed_disagrees;        /* "yes" for a process that needs none, "no" for one that does */
    int proportionate_disagrees; /* stored proportionate, computed not, or the other way */
    char alternative_measure[FALLBACK_NEED_ID_MAX]; /* stored not proportionate: the measure
                                                       chosen instead, "" for none */
};

struct fallback_need_process {
    char id[FALLBACK_NEED_ID_MAX];
    char name[256];
    char category[8];
    int32_t tolerable_h; /* its own mtpd_h, else setting max_tolerable_downtime_h_<category> */
    int tolerable_own;   /* tolerable_h is the process's own (mtpd_h, with mtpd_reason) */
    uint32_t reach;      /* other processes down when it fails alone */
    struct fallback_need_input *inputs;
    size_t n_inputs;
    struct fallback_need_scenario *scenarios; /* its risks' scenarios, or the default one */
    size_t n_scenarios;
    struct fallback_need_option *options;
    size_t n_options;
    int gap;      /* some input has a gap, or some scenario a need */
    int covered;  /* every gap and need is covered by an available fallback */
    size_t worst; /* index of the input with the most down hours (n_inputs > 0) */
    enum fallback_need_verdict verdict;
    char *explanation; /* one or two sentences */
};

struct fallback_need_options {
    const char *process; /* NULL: every process */
    int32_t outage_h;    /* < 0: setting fallback_outage_h */
};

struct fallback_need_report {
    struct arena arena; /* holds the processes and everything in them */
    int32_t outage_h, horizon_h;
    int64_t reach_needed;                    /* setting fallback_reach_needed */
    int64_t eur_per_down_hour_max;           /* setting proportionate_eur_per_down_hour */
    struct fallback_need_process *processes; /* in id order */
    size_t n;
};

/* The decision table alone (pure): gap = some input loss or scenario of its
 * own failure keeps the process down longer than it tolerates. */
enum fallback_need_verdict fallback_need_decide(const char *category, int gap, uint32_t reach,
                                                int64_t reach_needed);

/* Whether the analyst's stored decision contradicts the engine (pure):
 * *needed when it says "yes" and the verdict is not needed, or "no" and
 * the verdict is needed (advisable agrees with both; "unknown" is no
 * decision); *proportionate when it says proportionate (1) and the option
 * is computed disproportionate or saving nothing, or not proportionate (0)
 * and it is computed proportionate (not judged, -1, or an option the
 * engine cannot judge agrees). */
void fallback_need_disagreement(const char *stored_needed, int stored_proportionate,
                                enum fallback_need_verdict verdict, enum fallback_judgement j,
                                int *needed, int *proportionate);

/* Hours a process is down in a scenario of outage_h hours of its own failure
 * within horizon_h (pure): without a fallback (has_fallback 0) min(outage_h,
 * horizon_h); with one, the hours before it takes over (activation_h) and
 * after it ends (activation_h + duration_h) while the outage lasts. */
int32_t fallback_need_scenario_down(int32_t outage_h, int32_t horizon_h, int has_fallback,
                                    int32_t activation_h, int32_t duration_h);

/* The total count of stored decisions (needed, proportionate) over r's
 * options that the engine contradicts (pure). */
void fallback_need_count_disagreements(const struct fallback_need_report *r, size_t *needed,
                                       size_t *proportionate);

const char *fallback_need_verdict_name(enum fallback_need_verdict v); /* "needed", ... */
const char *fallback_need_judgement_name(enum fallback_judgement j);  /* "proportionate", ... */

/* Computes the report. An unknown o->process is ERR_NOTFOUND; a setting
 * that is not a whole number in range is ERR_INVALID. The report owns an
 * arena (base/arena.h, unbounded) with all its memory:
 * fallback_need_report_release frees it at once (also after a failure, and
 * on a zeroed or released report). */
int fallback_need_compute(struct store *s, const struct fallback_need_options *o,
                          struct fallback_need_report *out, struct error *e);
void fallback_need_report_release(struct fallback_need_report *r);

#endif
