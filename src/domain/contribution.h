/*
 * contribution.h — providers contribute, ministries decide (issue 10,
 * part 5).
 *
 * A provider never writes the ministry's analysis. Its input is a
 * contribution to that analysis: its text per topic and the risks it
 * proposes (proposed_risks), written while the contribution is a draft and
 * frozen once submitted. The responsible ministry (a department user of the
 * process's ministry) or the coordinator then decides on each proposed risk:
 * adopting makes it a risk of the ministry's analysis (a new risk record,
 * owned by the analysis's owner), declining needs a reason. When every
 * proposed risk is decided the contribution is processed.
 *
 * A contribution is not an analysis and its proposed risks are not risks:
 * the four-year clock (domain/status.h) and the risk picture
 * (domain/risk_score.h) never read them. Only an adopted risk counts, as
 * any risk of the analysis does.
 *
 * Decisions are written here in the caller's transaction, each as a
 * version with a note; the caller appends the audit entries (the
 * decision's and the new risk's) in the same transaction.
 */
#ifndef VITAAL_DOMAIN_CONTRIBUTION_H
#define VITAAL_DOMAIN_CONTRIBUTION_H

#include "base/error.h"
#include "domain/access.h"
#include "store/store.h"

#include <jansson.h>
#include <stdint.h>

struct contribution_decision {
    const char *contribution; /* the contribution's id */
    const char *proposal;     /* the proposed risk's id (one of the contribution's) */
    int adopt;                /* 1: adopt, 0: decline */
    const char *reason;       /* decline: required; adopt: an optional comment */
    const char *risk_id;      /* adopt: the new risk's id; NULL: the proposed risk's id */
    const char *user;         /* who decides: a user name, or "cli:<login>" */
    struct access *access;    /* the user's rules; NULL: the CLI, acting for the coordinator */
    const struct store_change *change;
};

struct contribution_result {
    char risk[129];           /* adopt: the id of the risk it became */
    int64_t proposal_version; /* the proposed risk's new version */
    int64_t risk_version;     /* adopt: the new risk's version (1) */
    int processed;            /* the decision was the contribution's last open one */
};

/* Decides on one proposed risk, in the caller's transaction.
 * ERR_NOTFOUND: no such contribution (or hidden from the user), or no such
 * proposed risk in it. ERR_FORBIDDEN: the user is not of the process's
 * responsible ministry (department) nor the coordinator, or (adopt) may not
 * write the risk (its classification above the user's clearance).
 * ERR_CONFLICT: the contribution is not submitted, the proposed risk is
 * decided already, (adopt) the analysis is final or the risk id is taken.
 * ERR_INVALID: decline without a reason, a bad risk id. */
int contribution_decide(struct store *s, const struct contribution_decision *d,
                        struct contribution_result *out, struct error *e);

/* Before a write of a contribution through the API (old: NULL for a new
 * one): sets who submitted it and when (user, now) when it leaves draft,
 * and keeps them as they were otherwise, so a client never writes them.
 * Other kinds: nothing. */
void contribution_prepare_write(const struct kind *k, const json_t *old, json_t *record,
                                const char *user);

/* 0 when a write (record NULL: a delete) of a contribution or a proposed
 * risk through the API keeps the rules: the contribution's provider
 * provides the analysed process; a new contribution is to an analysis that
 * is not final; a submitted or processed contribution, and the proposed
 * risks of one, are not changed or deleted; status processed and the
 * decision fields are set by deciding only; a proposed risk is owned by
 * its contribution's owner; an answer to a request keeps the request's
 * rules (domain/request.h). ERR_INVALID or ERR_CONFLICT naming the field
 * otherwise. Call after validation (references exist). Other kinds: 0. */
int contribution_check_write(struct store *s, const struct kind *k, const json_t *old,
                             const json_t *record, struct error *e);

#endif
