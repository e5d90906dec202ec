/*
 * cer_nis2.h — the one rule for which EU regimes apply (NIS2, CER) and the
 * CER clock of critical entities. Status, incidents and `framework entities`
 * all ask here; nothing else decides whether something falls under CER/NIS2.
 *
 * The rule (docs/method.md, "CER and NIS2"):
 *   - a provider link puts its provider under NIS2 for the process when its
 *     nis2_entity is essential or important, under CER when cer_critical;
 *   - a sector is under NIS2 when it is in an annex of NIS2, under CER when
 *     cer is set, and a national sector also under whatever its eu_sector is;
 *   - a process falls under a regime when its sector does or when one of its
 *     providers is an entity of that regime for it (the designation of an
 *     entity is a fact the sector table cannot overrule).
 *
 * The CER clock of a critical entity runs from the dates on its provider
 * links (the earliest over its CER links): it is to be notified within
 * cer_notify_months (1) of its identification (CER Art. 6(3)), its risk
 * assessment is due cer_risk_assessment_months (9) after the notification
 * (Art. 12(1)) and Chapter III applies to it cer_chapter3_months (10) after
 * the notification (Art. 6(3)). The national milestones are the settings
 * whose id starts with "cer_milestone_" (a date, with their description);
 * cer_milestone_identification is the day by which every critical entity is
 * to be identified (Art. 6(1)).
 *
 * Reads the store only. Every _release frees what its _compute/_load made.
 */
#ifndef VITAAL_DOMAIN_CER_NIS2_H
#define VITAAL_DOMAIN_CER_NIS2_H

#include "base/arena.h"
#include "base/error.h"
#include "store/store.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#define CER_NIS2_NIS2 0x1u
#define CER_NIS2_CER  0x2u

/* The regimes one provider link puts its provider under, for its process. */
unsigned cer_nis2_link(const json_t *link);
/* The regimes of one sector record by itself (not its eu_sector). */
unsigned cer_nis2_sector_record(const json_t *sector);
/* "NIS2+CER", "NIS2", "CER" or "none" (static). */
const char *cer_nis2_name(unsigned regimes);

/* Sectors and provider links, to answer for processes. */
struct cer_nis2_map {
    json_t *sector_regimes; /* sector id -> integer */
    json_t *sector_parent;  /* sector id -> its eu_sector */
    json_t *process_links;  /* process id -> integer: union of its links' regimes */
};

int cer_nis2_map_load(struct store *s, struct cer_nis2_map *out, struct error *e);
void cer_nis2_map_release(struct cer_nis2_map *m);
/* The regimes of a sector, following eu_sector (at most 8 steps). */
unsigned cer_nis2_sector(const struct cer_nis2_map *m, const char *sector);
/* The regimes of a process: its sector's, and its providers' for it. */
unsigned cer_nis2_process(const struct cer_nis2_map *m, const char *process, const char *sector);

/* --- the CER clock ---------------------------------------------------------- */

struct cer_nis2_rules {
    int64_t notify_months;          /* cer_notify_months: identification -> notification */
    int64_t risk_assessment_months; /* cer_risk_assessment_months */
    int64_t chapter3_months;        /* cer_chapter3_months */
};

/* The rules from settings (defaults 1, 9, 10); a value outside 0..120 is ERR_INVALID. */
int cer_nis2_rules_load(struct store *s, struct cer_nis2_rules *r, struct error *e);

/* Where a critical entity stands, in the order the steps come. */
enum cer_nis2_step {
    CER_NIS2_NOT_IDENTIFIED,  /* critical, no identification date yet */
    CER_NIS2_TO_NOTIFY,       /* identified, not yet notified */
    CER_NIS2_RISK_ASSESSMENT, /* notified; its risk assessment is due next */
    CER_NIS2_CHAPTER3_COMING, /* the risk assessment date has passed; Chapter III comes */
    CER_NIS2_CHAPTER3_APPLIES /* Chapter III applies */
};
const char *cer_nis2_step_name(enum cer_nis2_step s); /* "not_identified", "to_notify", ... */

/* The dates of one entity ("" when unknown) and what is due next. */
struct cer_nis2_clock {
    char identified[11];
    char notified[11];
    char notification_due[11];    /* identified + notify_months */
    char risk_assessment_due[11]; /* notified + risk_assessment_months */
    char chapter3_applies[11];    /* notified + chapter3_months */
    enum cer_nis2_step step;
    char next_due[11]; /* the date of the step due next, "" when none (or not identified
                          and no identification milestone) */
    int overdue;       /* next_due lies before today */
};

/* The clock of an entity with these dates (NULL or "": unknown) on `today`;
 * identification_by is the national milestone ("" if none), the due date
 * while it is not identified. Pure. */
void cer_nis2_clock_compute(const char *identified, const char *notified,
                            const struct cer_nis2_rules *rules, const char *identification_by,
                            int64_t today, struct cer_nis2_clock *out);

struct cer_nis2_milestone {
    char *id;          /* the setting's id */
    char *description; /* the setting's description ("" if none) */
    char due[11];
    int past; /* due before today */
};

struct cer_nis2_entity {
    char *provider;    /* organisation id */
    char *name;        /* its name */
    json_t *processes; /* array of the process ids it is critical for (link order) */
    json_t *links;     /* array of the ids of those provider links */
    struct cer_nis2_clock clock;
};

struct cer_nis2_due {
    struct arena arena;                    /* holds everything below (json: released with it) */
    struct cer_nis2_milestone *milestones; /* by date, then id */
    size_t n_milestones;
    struct cer_nis2_entity *entities; /* every provider with a cer_critical link, by id */
    size_t n_entities;
    size_t not_identified; /* entities without an identification date */
    struct cer_nis2_rules rules;
};

/* What is due under CER on `today`: the national milestones and the clock
 * of every critical entity. *out owns an arena (base/arena.h, unbounded):
 * cer_nis2_due_release frees it at once, also after a failure, and on a
 * zeroed or released one. */
int cer_nis2_due_compute(struct store *s, int64_t today, struct cer_nis2_due *out, struct error *e);
void cer_nis2_due_release(struct cer_nis2_due *d);

#endif
