/*
 * access.h — need-to-know: which records a user may see and change. The one
 * place these rules live; every API endpoint asks here, below any handler.
 *
 * A record is visible only when its classification is at or below the
 * user's clearance, and then by role:
 *   coordinator  every record; writes every record.
 *   department   the catalogue, and every record that hangs under a process
 *                its ministry (the user's organisation) is responsible for;
 *                writes those its own ministry owns (`owner`; a process:
 *                its `ministry`), but not the catalogue.
 *   provider     the catalogue, its own organisation's records, its own
 *                provider links, the dependencies of the processes it
 *                provides, and the other public records of those processes;
 *                writes only records its organisation owns, under those
 *                processes.
 *   auditor      the catalogue and what hangs under the processes of its
 *                scope; never writes.
 * "Hangs under": a process itself; a record naming a process (provider
 * links, assessments, analyses, fallback options, dependencies, incidents);
 * a risk or a provider's contribution through its analysis; a proposed
 * risk through its contribution; a measure or event through its processes;
 * a review through its measure; a request for information through its
 * process. A request (domain/request.h) is sent by the responsible ministry
 * or the coordinator: a provider sees one only when its organisation is
 * among the request's recipients (`to`), whatever the classification or
 * owner, and never writes one (it answers with a contribution).
 * Contributions (and their proposed risks) are between a provider and the
 * responsible ministry: a provider sees and writes only its own, never
 * another provider's; a department reads those on its processes but does
 * not write them (it decides on them, domain/contribution.h).
 * Compliance per entity (requirement_assessments, campaigns) hangs under
 * the processes its providers provide: an assessment under those of its
 * provider, a campaign under those of the providers it is sent to. A
 * provider sees only its own assessments and the campaigns sent to it
 * (another provider's never, whatever the classification) and writes only
 * its own assessments; a department reads them for its processes, writes
 * no assessment, and sends campaigns only to providers of its processes;
 * an auditor reads them within its scope. Catalogue kinds (organisations,
 * settings, sectors, criteria, classes, threats, frameworks, requirements) hang under no process
 * and are readable by every role.
 * Services (issue 20 part 4: suppliers that are not vital processes, a
 * cloud platform, a satellite timing service) hang under the processes that
 * depend on them (the dependencies naming them in supplier_services): a
 * department reads a service its processes depend on; a provider reads
 * those of the processes it provides (within clearance, as it reads their
 * dependencies) and the services it delivers itself (`provider` = its
 * organisation); an auditor those of its scope. Only the coordinator
 * writes services: many ministries' processes share one.
 * Besides all this, a record shared with the user's organisation (or, under
 * TLP:RED, with the user) is readable by every role, within clearance, as
 * far as its TLP marking lets the share reach (domain/sharing.h). A share
 * never grants a write.
 * Owners write their own (issue 14 part 4): apart from the coordinator, a
 * record is created, changed or deleted only by users of the organisation
 * its `owner` field names (every kind has one, F_COMMON), and only while it
 * hangs under one of their processes; naming one of your processes in
 * another organisation's record gives no right to write it. A process is
 * the one exception: its responsible ministry (`ministry`) writes it, as
 * the coordinator (`owner` nctv) keeps the list. Deciding is not writing:
 * the responsible ministry approves (domain/approval.h) and adopts or
 * declines a provider's proposals (domain/contribution.h).
 */
#ifndef VITAAL_DOMAIN_ACCESS_H
#define VITAAL_DOMAIN_ACCESS_H

#include "base/error.h"
#include "store/model.h"
#include "store/store.h"
#include "store/users.h"
#include "domain/users.h"

#include <jansson.h>

struct access;

/* Prepares the rules for user u (copies what it needs of u). */
int access_new(struct store *s, const struct store_user *u, struct access **out, struct error *e);
void access_free(struct access *a);

const char *access_user(const struct access *a);
enum user_role access_role(const struct access *a);
/* Whether the user is the coordinator (NCTV): the keeper of the record, who
 * alone brings back earlier versions and imports records final before vitaal. */
int access_is_coordinator(const struct access *a);
const char *access_org(const struct access *a);

/* 0 when the user may see record (of kind k, as stored); ERR_NOTFOUND when
 * it is hidden (callers answer as if it did not exist). */
int access_can_read(struct access *a, struct store *s, const struct kind *k, const json_t *record,
                    struct error *e);

/* 0 when the user may write: change or delete `old` (NULL for a new record)
 * into `new_record` (NULL for a delete). ERR_NOTFOUND when old is hidden,
 * ERR_FORBIDDEN when visible but not the user's to change, or when the new
 * version would fall outside what the user may write. Call after validation:
 * references in new_record must exist. */
int access_can_write(struct access *a, struct store *s, const struct kind *k, const json_t *old,
                     const json_t *new_record, struct error *e);

/* 0 when the user may name target (a record of f's ref_kind) in field f of
 * a record of kind k it writes; ERR_NOTFOUND when it is hidden. That is
 * access_can_read, but for one case: a provider names, as the analysis of
 * its contribution, the ministry's analysis of a process it provides,
 * which it may not read. */
int access_may_refer(struct access *a, struct store *s, const struct kind *k, const struct field *f,
                     const json_t *target, struct error *e);

/* 0 when the user may see the compliance of provider (an organisation id)
 * as an entity: the coordinator any; a provider only itself; a department or
 * an auditor a provider of one of its processes. ERR_NOTFOUND otherwise. */
int access_may_see_entity(struct access *a, struct store *s, const char *provider, struct error *e);

/* Whether reading record must be written to the audit log (confidential or secret). */
int access_read_is_audited(const json_t *record);

/* Whether kind k is catalogue (global reference data). */
int access_kind_is_catalogue(const struct kind *k);

#endif
