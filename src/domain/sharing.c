/*
 * sharing.c — TLP markings and what a share reaches (see sharing.h).
 */
#include "domain/sharing.h"

#include "domain/fields.h"
#include "domain/validate.h"
#include "store/model.h"
#include "store/users.h"

#include <stdio.h>

#include <string.h>

const char *sharing_default_tlp(const char *classification)
{
    static const char *const implied[] = {"clear", "green", "amber", "red"};
    int level = classification ? model_value_index(model_classifications, classification) : -1;
    return level >= 0 && level < 4 ? implied[level] : "amber";
}

void sharing_fill_defaults(json_t *record)
{
    json_t *tlp, *cls;
    if (!json_is_object(record))
        return;
    tlp = json_object_get(record, "tlp");
    cls = json_object_get(record, "classification");
    if ((tlp == NULL || json_is_null(tlp)) && json_is_string(cls))
        json_object_set_new(record, "tlp",
                            json_string(sharing_default_tlp(json_string_value(cls))));
    if (json_is_null(json_object_get(record, "shared_with")))
        json_object_del(record, "shared_with");
    if (json_is_null(json_object_get(record, "shared_with_people")))
        json_object_del(record, "shared_with_people");
}

int sharing_check(const json_t *record, const char *where, struct error *e)
{
    char at[ERROR_WHERE_MAX];
    const char *tlp = json_string_value(json_object_get(record, "tlp"));
    const char *cls = json_string_value(json_object_get(record, "classification"));
    size_t orgs = json_array_size(json_object_get(record, "shared_with"));
    size_t people = json_array_size(json_object_get(record, "shared_with_people"));

    if (tlp == NULL)
        return 0; /* the field check reports a wrong value */
    if (strcmp(tlp, "clear") == 0 && cls && strcmp(cls, "public") != 0)
        return error_set_msg(e, ERR_INVALID, validate_field_where(where, "tlp", at, sizeof at),
                             "tlp_clear_needs_public",
                             "TLP:CLEAR means it may be published: only a public record is "
                             "marked clear, this one is {classification}",
                             "classification", cls, NULL);
    if (strcmp(tlp, "red") == 0 && orgs > 0)
        return error_set_msg(
            e, ERR_INVALID, validate_field_where(where, "shared_with", at, sizeof at),
            "tlp_red_people_only",
            "TLP:RED is for the named people only: name them in shared_with_people, not "
            "organisations in shared_with",
            NULL);
    if (strcmp(tlp, "red") != 0 && people > 0)
        return error_set_msg(
            e, ERR_INVALID, validate_field_where(where, "shared_with_people", at, sizeof at),
            "tlp_people_only_red",
            "only a TLP:RED record is shared with named people; share a {tlp} record with "
            "organisations in shared_with",
            "tlp", tlp, NULL);
    return 0;
}

int sharing_reaches(const json_t *record, const char *user_id, const char *org,
                    const json_t *orgs_above)
{
    const char *tlp = json_string_value(json_object_get(record, "tlp"));
    const json_t *orgs = json_object_get(record, "shared_with");
    size_t i;
    json_t *v;

    if (tlp == NULL)
        tlp = sharing_default_tlp(json_string_value(json_object_get(record, "classification")));
    if (strcmp(tlp, "red") == 0)
        return user_id && fields_listed(json_object_get(record, "shared_with_people"), user_id);
    if (org && fields_listed(orgs, org))
        return 1;
    if (strcmp(tlp, "amber+strict") == 0 || orgs_above == NULL)
        return 0;
    json_array_foreach(orgs, i, v)
    {
        if (json_is_string(v) && json_object_get(orgs_above, json_string_value(v)))
            return 1;
    }
    return 0;
}

int sharing_check_people(struct store *s, const json_t *record, const char *where, struct error *e)
{
    char at[ERROR_WHERE_MAX], item_at[ERROR_WHERE_MAX + 24];
    json_t *v;
    size_t i;
    int rc;

    validate_field_where(where, "shared_with_people", at, sizeof at);
    json_array_foreach(json_object_get(record, "shared_with_people"), i, v)
    {
        struct store_user *u = NULL;
        struct error ignored = {0};
        rc = store_user_get(s, json_string_value(v), &u, &ignored);
        store_user_free(u);
        if (rc == ERR_NOTFOUND) {
            snprintf(item_at, sizeof item_at, "%s[%zu]", at, i);
            return error_set_msg(e, ERR_INVALID, item_at, "unknown_person",
                                 "no user '{id}' to share with", "id", json_string_value(v), NULL);
        }
        if (rc != 0) {
            *e = ignored;
            return rc;
        }
    }
    return 0;
}
