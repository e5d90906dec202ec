/*
 * model.h — the data model of the cyclus vitaal as a table: every kind of
 * record, its fields, their types, ranges, allowed values and references.
 *
 * One description serves every layer: the store derives its SQL statements
 * from it, the domain validates imports and API bodies against it, the CLI
 * lists and shows records with it, the export writes documents in its order.
 * The SQL schema itself is written out by hand as versioned migrations
 * (migrations.c); a unit test proves the two agree.
 *
 * Everything here is static, read-only data: no allocation, nothing to free.
 */
#ifndef VITAAL_STORE_MODEL_H
#define VITAAL_STORE_MODEL_H

#include <stddef.h>

enum field_type {
    FIELD_ID,       /* the record's own id: [A-Za-z0-9][A-Za-z0-9._:-]*, at most 128 */
    FIELD_TEXT,     /* a string */
    FIELD_INT,      /* a whole number within [min, max] */
    FIELD_REAL,     /* a number within [min, max] */
    FIELD_BOOL,     /* true / false */
    FIELD_ENUM,     /* one of `values` */
    FIELD_REF,      /* the id of a record of kind `ref_kind` */
    FIELD_DATE,     /* YYYY-MM-DD */
    FIELD_DATETIME, /* YYYY-MM-DDTHH:MM:SSZ (UTC; offsets are converted on input) */
    FIELD_REF_LIST, /* an ordered list of distinct ids of `ref_kind`, in a child table */
    FIELD_MAP       /* an object from keys (ids of `ref_kind`, or `values`) to values of
                       `value_type`, in a child table */
};

#define FIELD_REQUIRED 0x1 /* must be present and not null in input */
#define FIELD_NONEMPTY 0x2 /* a list that needs at least one element */

struct field {
    const char *name;
    enum field_type type;
    unsigned flags;
    const char *ref_kind;            /* REF, REF_LIST, and a MAP whose keys are ids */
    const char *const *values;       /* ENUM values; MAP keys when ref_kind is NULL */
    double min, max;                 /* INT and REAL bounds (and MAP values of those types) */
    const char *default_value;       /* used when absent: "0", "false", an enum value */
    enum field_type value_type;      /* MAP: INT, REAL, TEXT or ENUM */
    const char *const *value_values; /* MAP with ENUM values: the allowed values */
    const char *help;                /* one line for docs and --help */
};

/* Every kind of record, in the order of model_kinds[] (dependency order).
 * Code names a kind by its id; the names ("processes") are for the edges
 * where users and documents type them (model_kind_find). */
enum kind_id {
    KIND_ORGANISATION,
    KIND_SETTING,
    KIND_SECTOR,
    KIND_VITAAL_CRITERION,
    KIND_IMPACT_CRITERION,
    KIND_IMPACT_CLASS,
    KIND_LIKELIHOOD_CLASS,
    KIND_THREAT,
    KIND_FRAMEWORK,
    KIND_REQUIREMENT,
    KIND_PROCESS,
    KIND_SERVICE,
    KIND_PROVIDER_LINK,
    KIND_ASSESSMENT,
    KIND_EVENT,
    KIND_ANALYSIS,
    KIND_RISK,
    KIND_REQUEST,
    KIND_CONTRIBUTION,
    KIND_PROPOSED_RISK,
    KIND_FALLBACK_OPTION,
    KIND_DEPENDENCY,
    KIND_MEASURE,
    KIND_REVIEW,
    KIND_INCIDENT,
    KIND_REQUIREMENT_ASSESSMENT,
    KIND_CAMPAIGN,
    KIND_IIM_TABLE,
    KIND__COUNT
};

struct kind {
    enum kind_id id;      /* model_kinds[id] is this kind */
    const char *name;     /* collection name: JSON key, table, CLI word ("processes") */
    const char *singular; /* "process" */
    const struct field *fields;
    size_t n_fields;
    const char *label; /* the field that names a record in lists ("name"), or NULL */
    int catalogue;     /* loaded from CSV files of the public catalogue */
};

/* Every kind, in dependency order (a kind refers only to kinds before it,
 * except for the `owner` organisation and a few optional back references);
 * the export writes collections in this order. */
extern const struct kind *const model_kinds[];
extern const size_t model_kind_count; /* == KIND__COUNT */

/* The kind with this id (model_kinds[id]): how code names a kind. */
const struct kind *model_kind(enum kind_id id);
/* By name or singular; NULL if none. Only where a name comes from outside
 * (CLI arguments, URL paths, imported documents, JSON bodies, stored rows). */
const struct kind *model_kind_find(const char *name);
const struct field *model_field_find(const struct kind *k, const char *name);
/* Index of value in a NULL-terminated list, or -1. */
int model_value_index(const char *const *values, const char *value);

/* The classifications, lowest first; a user sees a record at or below their clearance. */
extern const char *const model_classifications[];
/* The Traffic Light Protocol 2.0 markings, most open first (domain/access.h
 * says what each lets a share reach). */
extern const char *const model_tlps[];

/* The languages a framework's texts may be in (ISO 639-1, the EU's official
 * languages), NULL-terminated. */
extern const char *const model_languages[];

/* Name of the child table of a REF_LIST or MAP field: "<kind>_<field>". buf >= 128. */
const char *model_child_table(const struct kind *k, const struct field *f, char *buf, size_t size);

#endif
