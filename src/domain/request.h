/*
 * request.h — requests for information (uitvraag, issue 12 part 2): the
 * responsible ministry or the coordinator asks chosen providers of a
 * process questions by a due day; each provider answers in vitaal.
 *
 * A request names its process, its recipients (`to`: each a provider of
 * the process, by a provider link), the due day, its questions (stored one
 * a line; the API and the CLI take them as a list) and optionally a
 * framework whose assessable requirements are asked as questions too, and
 * the ministry's analysis the answers feed.
 *
 * An answer is a contribution (domain/contribution.h) with `request` set:
 * one per provider per request, owned by the provider, classified as the
 * request, to the request's analysis — or, when the request names none, to
 * the newest analysis of the process that its ministry owns and that is
 * not final at the moment of answering (none: the answer is refused, request_no_analysis, until the
 * ministry opens one or names one). Answering again changes the answer
 * while it is a draft; submitted, it is frozen as every contribution is,
 * and the ministry decides on the risks it proposes as on any other.
 *
 * Per recipient the state is answered (its answer submitted or processed),
 * overdue (not answered and the due day, in the Netherlands, has passed) or
 * open. A draft answer does not count as answered and is listed among the
 * request's answers only to its provider (as a contribution it stays
 * readable where any draft contribution is: on the analysis, to the
 * ministry).
 *
 * Who: a ministry (department) for the processes it is responsible for or
 * the coordinator sends and closes (domain/access.h); a provider sees only
 * the requests sent to it, and of those only itself as recipient and its
 * own answer. A closed request takes no answers and no changes.
 *
 * Writes happen in the caller's transaction; the caller audits.
 */
#ifndef VITAAL_DOMAIN_REQUEST_H
#define VITAAL_DOMAIN_REQUEST_H

#include "base/error.h"
#include "domain/access.h"
#include "store/store.h"

#include <jansson.h>
#include <stdint.h>

/* 0 unless the user is a provider: a provider never writes a request (it
 * answers one), refused with request_provider_answers before anything else
 * is looked at, so it hears why rather than of a reference it cannot see.
 * access NULL (the CLI): 0. */
int request_may_write(struct access *access, struct error *e);

/* A recipient's state: "answered" when answer (its contribution, or NULL)
 * is submitted or processed, else "overdue" when today (a day number,
 * base/timefmt.h) is after the due day, else "open". Pure. */
const char *request_recipient_state(const json_t *answer, int64_t due, int64_t today);

/* Before a write of a request (old: NULL for a new one) by user: a new
 * request without an id gets the next free "REQ-<year>-<nnn>"; `questions`
 * given as a list of texts becomes the stored form, one a line (a question
 * that is empty or holds a line break is refused, ERR_INVALID); sent_by and
 * sent_at are set on sending and kept as they were on changes. Other
 * kinds: nothing. Call in the write's transaction, before validation. */
int request_prepare_write(struct store *s, const struct kind *k, const json_t *old, json_t *record,
                          const char *user, struct error *e);

/* 0 when a write (record NULL: a delete) of a request keeps the rules: a
 * closed request is not changed or deleted; every recipient provides the
 * process; the analysis is one of the process; there is a question or a
 * framework; a recipient who answered is not taken off, and once any
 * answer came in the process and the analysis stay as they were. For a
 * contribution with `request` set (an answer): the request is open, the
 * provider is one of its recipients and has no other answer to it, the
 * analysis is the request's (or one of its process); `request` is not
 * changed once set. Call after validation. Other kinds: 0. */
int request_check_write(struct store *s, const struct kind *k, const json_t *old,
                        const json_t *record, struct error *e);

struct request_answer {
    const char *request;   /* the request's id */
    const char *provider;  /* the answering organisation */
    const char *text;      /* the answer */
    int submit;            /* 1: submit it (frozen); 0: keep it a draft */
    const char *user;      /* who answers: a user name, or "cli:<login>" */
    struct access *access; /* the user's rules; NULL: the CLI, for the coordinator */
    const struct store_change *change;
};

struct request_answer_result {
    char contribution[129]; /* the answer's id */
    int64_t version;        /* its new version */
    int created;            /* a new answer (else a changed draft) */
};

/* Writes a provider's answer in the caller's transaction. ERR_NOTFOUND: no
 * such request (or hidden from the user). ERR_FORBIDDEN: the user is not
 * a provider (the API: only a provider answers, for its own organisation).
 * ERR_INVALID: the provider is not a recipient, the text is empty.
 * ERR_CONFLICT: the request is closed, the answer is submitted already, no
 * analysis to answer to. */
int request_answer(struct store *s, const struct request_answer *a,
                   struct request_answer_result *out, struct error *e);

/* Closes request id in the caller's transaction (access NULL: the CLI).
 * ERR_NOTFOUND (hidden too), ERR_FORBIDDEN (not the sender's ministry nor
 * the coordinator), ERR_CONFLICT (closed already). *version: the new one. */
int request_close(struct store *s, const char *id, struct access *access,
                  const struct store_change *change, int64_t *version, struct error *e);

/* What a reader sees of a request beyond the record, as a new object:
 * "recipients" [{"provider", "name", "state", "answer"}], "answers" [the
 * answers (contributions) the reader may read, drafts only to their own
 * provider], "questionnaire" [{"text"} and, of the framework,
 * {"requirement", "ref_id", "text"}]. access NULL: everything (the CLI);
 * a provider sees only itself among the recipients. today: a day number. */
int request_view(struct store *s, const json_t *request, struct access *access, int64_t today,
                 json_t **out, struct error *e);

/* Hides from a provider the other recipients of a request it reads
 * (record is changed in place: `to` keeps only its organisation). Other
 * readers, kinds: nothing. */
void request_mask(struct access *access, const struct kind *k, json_t *record);

#endif
