/*
 * approval.h — four eyes: an analysis (regular or quickscan), an
 * assessment (vitaalbeoordeling) or an effectiveness review becomes final
 * only when a second person approves it.
 *
 * The cycle's decisions are the responsible ministry's, checked by someone
 * who did not write them. So a record of an approvable kind goes draft ->
 * review (its author sends it) -> final, and the last step is never a write
 * of `status: final` but an approval: by a user of the responsible ministry
 * of the record's process (for a review: of one of its measure's
 * processes; department role) or the coordinator, with a clearance at
 * least the record's classification (otherwise the record is not even
 * visible), who made none of the versions since the record was last final.
 * Before approving, the approver is shown the open points and must
 * acknowledge them: for an analysis topics without findings, inputs whose
 * fallback need is not covered, risks without a measure and risks providers
 * proposed that are not yet decided on; for an
 * assessment vitaal criteria without an estimate and a category that
 * differs from the national list; for a review the absence of findings. A
 * rejection sends the record back to draft with its reason. The approval
 * (who, when, comment) is kept on the record, and every step in its
 * history. Only final assessments and reviews count (assess_latest,
 * toetsing).
 *
 * Writes through the API are held to this by approval_check_write; an
 * import (the CLI's, or a coordinator creating a record through the API)
 * may bring in records that were final before vitaal.
 */
#ifndef VITAAL_DOMAIN_APPROVAL_H
#define VITAAL_DOMAIN_APPROVAL_H

#include "base/error.h"
#include "domain/access.h"
#include "store/store.h"

#include <jansson.h>
#include <stdint.h>

/* Whether records of kind k are approved rather than written final. */
int approval_is_approvable(const struct kind *k);

/* The points an approver must acknowledge, as a new JSON array of
 * {"type", "ref"}: for analyses "topic_without_findings" (ref: the topic),
 * "fallback_not_covered" (the dependency), "risk_without_measure" (the
 * risk), "proposed_risk_undecided" (a risk a provider proposed in a
 * submitted contribution that nobody adopted or declined yet); for
 * assessments "criterion_without_estimate" (the vitaal
 * criterion), "category_differs_from_list" (the process); for reviews
 * "review_without_findings" (the measure). Empty: nothing open. */
int approval_open_points(struct store *s, const struct kind *k, const json_t *record, json_t **out,
                         struct error *e);

struct approval_request {
    const struct kind *kind;
    const char *id;
    int approve;           /* 1: approve, 0: reject */
    const char *comment;   /* required */
    int acknowledged;      /* the open points are acknowledged */
    const char *user;      /* who decides: a user name, or "cli:<login>" */
    struct access *access; /* the user's rules; NULL: the CLI, acting for the coordinator */
    const struct store_change *change;
};

struct approval_result {
    json_t *open_points; /* approve refused for them (ERR_CONFLICT): the list; else NULL */
    int64_t version;     /* the record's new version */
};

/* Approves or rejects, in the caller's transaction. ERR_NOTFOUND for a
 * record the user may not see; ERR_FORBIDDEN when the user may not decide
 * (not of the responsible ministry, or an editor of the version under
 * review); ERR_CONFLICT when the record is not in review, or (approve) the
 * open points are not acknowledged (out->open_points lists them; release
 * with approval_result_release); ERR_INVALID for a missing comment. */
int approval_decide(struct store *s, const struct approval_request *rq, struct approval_result *out,
                    struct error *e);
void approval_result_release(struct approval_result *r);

/* What the user of rq (its comment and acknowledgement are not used) would
 * meet on deciding, without deciding: a new JSON object {"status",
 * "may_decide": bool, "reason": null | {"message_id", "message"} (why not:
 * not in review, not the responsible ministry, its own work), "open_points":
 * [...] (as approval_open_points)}. ERR_NOTFOUND for a record the user may
 * not see. Writes nothing: the UI asks before it offers the decision. */
int approval_preview(struct store *s, const struct approval_request *rq, json_t **out,
                     struct error *e);

/* 0 when the user of rq (its access; NULL: the CLI, acting for the
 * coordinator) may decide on record (of rq->kind, as stored) once it is in
 * review: it reads it, is of the responsible ministry or the coordinator,
 * and edited none of its versions since it was last final. ERR_FORBIDDEN
 * or ERR_NOTFOUND otherwise. Its status is not looked at. Writes nothing
 * (domain/notify asks it whom to tell that an approval is asked). */
int approval_may_decide(struct store *s, const struct approval_request *rq, const json_t *record,
                        struct error *e);

/* Reopening a final record (a write that takes it out of final) clears
 * its approval: the approval was of the version that is now being revised
 * (it stays in the history). Call before approval_check_write. */
void approval_prepare_write(const struct kind *k, const json_t *old, json_t *record);

/* 0 when a write of an approvable record from old (NULL: new) to record
 * respects four eyes: status final is not written but approved (a new
 * record may come in final only when import_final: the coordinator's
 * import of records final before vitaal), a final record is not changed
 * while it stays final (but for its TLP marking and shares: whom it goes to
 * is not what was decided), and the approval fields are set only by approval.
 * ERR_INVALID naming the field otherwise. Other kinds: always 0. */
int approval_check_write(const struct kind *k, const json_t *old, const json_t *record,
                         int import_final, struct error *e);

#endif
