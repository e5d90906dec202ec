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

struct kind {
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
extern const size_t model_kind_count;

const struct kind *model_kind_find(const char *name); /* by name or singular; NULL if none */
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
