/*
 * settings.h — the user-changeable settings of the cycle's rules (the
 * `settings` records: cycle_years, due_soon_days, cer_nis2_deadline, ...),
 * read with a fallback for a database that lacks one.
 */
#ifndef VITAAL_DOMAIN_SETTINGS_H
#define VITAAL_DOMAIN_SETTINGS_H

#include "base/error.h"
#include "store/store.h"

#include <jansson.h>

#include <stddef.h>
#include <stdint.h>

/* The setting's value as a whole number in *out; fallback when the setting
 * is absent. A present value that is not a whole number is ERR_INVALID. */
int settings_get_int(struct store *s, const char *key, int64_t fallback, int64_t *out,
                     struct error *e);

/* A whole number of hours within [min, max] (else ERR_INVALID naming the
 * setting); fallback when absent. */
int settings_get_hours(struct store *s, const char *key, int64_t fallback, int64_t min, int64_t max,
                       int32_t *out, struct error *e);

/* The setting's value copied into buf (size bytes); fallback when absent. */
int settings_get_text(struct store *s, const char *key, const char *fallback, char *buf,
                      size_t size, struct error *e);

/* The rule of a setting record's value (ERR_INVALID naming where's
 * `value`, message id setting_value, when it breaks it): the settings the
 * rules read are whole numbers within a range, dates or one of a few words
 * (the table in settings.c, which docs/method.md lists); a setting no rule
 * reads is free text. Every write path validates records, so a coordinator
 * cannot store a value that would stop status, assess or the reports for
 * everyone. */
int settings_check(const json_t *record, const char *where, struct error *e);

#endif
