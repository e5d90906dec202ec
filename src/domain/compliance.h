/*
 * compliance.h — compliance per entity (issue 12, part 6): each provider
 * (entity) assesses the requirements of an imported framework
 * (requirement_assessments: compliant, partially_compliant, non_compliant,
 * not_applicable, not_assessed), a campaign sends a framework to chosen
 * providers as a questionnaire, and the coverage is counted per entity,
 * per sector and per process.
 *
 * Counting (docs/decisions.md): an entity's total is the framework's
 * assessable requirements; a requirement without an assessment counts as
 * not_assessed, as does one the reader may not see (so a hidden record
 * changes no count but not_assessed). % assessed = (total - not_assessed)
 * / total; % compliant = compliant / (total - not_applicable): a
 * requirement not yet assessed counts as applicable and not (yet) met. A
 * sector or process sums its entities, each entity once.
 *
 * Need-to-know: every figure is counted over what the reader may see
 * (domain/access.h): the entities it may see (a provider only itself), the
 * assessments it may read, the processes and provider links it may read.
 * The rules for writing assessments and campaigns are here too
 * (compliance_prepare_write, compliance_check_write); this module writes
 * nothing itself.
 */
#ifndef VITAAL_DOMAIN_COMPLIANCE_H
#define VITAAL_DOMAIN_COMPLIANCE_H

#include "base/arena.h"
#include "base/error.h"
#include "domain/access.h"
#include "store/store.h"

#include <jansson.h>
#include <stddef.h>

enum compliance_result {
    COMPLIANCE_COMPLIANT,
    COMPLIANCE_PARTIALLY_COMPLIANT,
    COMPLIANCE_NON_COMPLIANT,
    COMPLIANCE_NOT_APPLICABLE,
    COMPLIANCE_NOT_ASSESSED,
    COMPLIANCE_RESULT_COUNT
};

/* The result's name as stored ("compliant", ...); index by enum. */
extern const char *const compliance_result_names[];

/* The enum value of a stored result; -1 for an unknown one. */
int compliance_result_index(const char *result);

struct compliance_counts {
    size_t entities;                           /* entities counted */
    size_t total;                              /* assessable requirements, summed over entities */
    size_t by_result[COMPLIANCE_RESULT_COUNT]; /* not_assessed: also those without assessment */
};

/* Adds one entity's results: total requirements, and how many of them have
 * each result (those not given are not_assessed). */
void compliance_counts_add_entity(struct compliance_counts *c, size_t total,
                                  const size_t by_result[COMPLIANCE_RESULT_COUNT]);
/* Requirements with a result other than not_assessed. */
size_t compliance_assessed(const struct compliance_counts *c);
/* 100 * assessed / total; -1 when total is 0. */
double compliance_percent_assessed(const struct compliance_counts *c);
/* 100 * compliant / (total - not_applicable); -1 when nothing is applicable. */
double compliance_percent_compliant(const struct compliance_counts *c);

/* A framework text in a language: the record's `<field>_translations` entry
 * for lang when lang is not the library's own language and the library
 * translates it; else the field itself (NULL when absent). lang NULL: the
 * library's own. Borrowed from record. */
const char *compliance_text(const json_t *record, const char *field, const char *lang,
                            const char *library_language);

/* Replaces, in place, name, description and annotation of record (a
 * framework or requirement of a library in library_language) by their
 * texts in lang, and drops the *_translations maps. */
void compliance_localise(json_t *record, const char *lang, const char *library_language);

/* The language of `want` (e.g. "nl", "en-GB,en;q=0.8") that vitaal knows,
 * or NULL: the first tag of an Accept-Language list whose primary subtag is
 * a known language. */
const char *compliance_language(const char *want);

enum compliance_group { COMPLIANCE_BY_ENTITY, COMPLIANCE_BY_SECTOR, COMPLIANCE_BY_PROCESS };

struct compliance_query {
    const char *framework;       /* the framework's id (required) */
    enum compliance_group group; /* rows per entity, sector or process */
    const char *only;            /* the one entity, sector or process asked for; NULL: all */
    struct access *access;       /* the reader's rules; NULL: everything (the CLI) */
};

struct compliance_row {
    json_t *record; /* the organisation, sector or process (held by the table's arena) */
    struct compliance_counts counts;
};

struct compliance_table {
    struct arena arena; /* holds the rows and the references to the records */
    json_t *framework;  /* the framework record */
    struct compliance_row *rows;
    size_t n;
};

/* Coverage of q->framework grouped as asked, counted over what the reader
 * may see. The entities counted are those the reader may see that a
 * campaign it may read addresses with this framework, or that have an
 * assessment of it it may read. Rows: every such entity; every sector or
 * process (the reader may read) with at least one of them; with q->only,
 * that one row (ERR_NOTFOUND when there is no such record or it is hidden;
 * an entity with nothing to count still gets its row). Rows ordered by id.
 * Free *out with compliance_table_release (also after a failure). */
int compliance_compute(struct store *s, const struct compliance_query *q,
                       struct compliance_table *out, struct error *e);
/* Frees the table; idempotent, fine on a zeroed struct. */
void compliance_table_release(struct compliance_table *t);

/* The progress of a campaign per addressed provider the reader may see:
 * a new JSON array of {"provider", "name", "total", "assessed", "open",
 * "percent_assessed", and a count per result}; not_assessed counts as open.
 * campaign is the stored record; access NULL: every provider. */
int compliance_campaign_progress(struct store *s, const json_t *campaign, struct access *access,
                                 json_t **out, struct error *e);

/* The questionnaire of a campaign for one of its providers: a new JSON
 * object {"campaign", "provider", "language", "framework": {id, ref_id,
 * name, description}, "requirements": [{id, parent, ref_id, name,
 * description, annotation, depth, assessable, "assessment": the provider's
 * assessment or null}], "progress": {total, assessed, open}}, texts in lang
 * where the library has them. ERR_NOTFOUND when provider is not addressed
 * by the campaign or the reader may not see it. */
int compliance_questionnaire(struct store *s, const json_t *campaign, const char *provider,
                             const char *lang, struct access *access, json_t **out,
                             struct error *e);

/* Before a write of a requirement assessment (old: NULL for a new one):
 * the assessor (user) and the day (today) are set when the result or the
 * remarks change, kept as they were otherwise. Other kinds: nothing. */
void compliance_prepare_write(const struct kind *k, const json_t *old, json_t *record,
                              const char *user);

/* 0 when a write (record NULL: a delete) keeps the rules: an assessment is
 * of an assessable requirement, by an organisation of kind provider, and
 * the only one of that provider and requirement; its provider and
 * requirement do not change; a campaign is sent only to organisations of
 * kind provider. ERR_INVALID or ERR_CONFLICT naming the field otherwise.
 * Call after validation (references exist). Other kinds: 0. */
int compliance_check_write(struct store *s, const struct kind *k, const json_t *old,
                           const json_t *record, struct error *e);

#endif
