/*
 * framework.h — requirement frameworks (CER, NIS2, any framework in CISO
 * Assistant's YAML format): reading them into import batches, and how far
 * the measures of the action programme cover their requirements.
 *
 * The YAML reader takes objects.framework (urn, ref_id, name, description)
 * and its requirement_nodes (urn, parent_urn, ref_id, name, description,
 * assessable) and ignores everything else. It streams libyaml events and
 * keeps only those fields: nesting, file size, text size and node count are
 * capped, aliases are never expanded. It never writes to the database; the
 * batch does (import.h), all or nothing.
 *
 * Ids: a record's id is its URN when that is a valid id; otherwise the URN
 * with every run of other characters turned into '-', cut to 119 characters
 * and followed by '-' and eight hex digits of a hash of the whole URN. The
 * same file therefore always gives the same ids, and re-importing it updates
 * the records in place.
 */
#ifndef VITAAL_DOMAIN_FRAMEWORK_H
#define VITAAL_DOMAIN_FRAMEWORK_H

#include "base/arena.h"
#include "base/error.h"
#include "domain/import.h"
#include "store/store.h"

#include <jansson.h>
#include <stddef.h>

#define FRAMEWORK_MAX_FILE_BYTES (16u * 1024u * 1024u) /* one YAML file */
#define FRAMEWORK_MAX_DEPTH      32                    /* nesting of mappings and lists */
#define FRAMEWORK_MAX_NODES      100000                /* requirement nodes in one file */
#define FRAMEWORK_MAX_TEXT       (256u * 1024u)        /* one urn, name or description */
#define FRAMEWORK_ID_SIZE        129                   /* an id and its NUL */

/* Reads the framework YAML file at path and adds one `frameworks` record and
 * one `requirements` record per requirement node to b, all public and owned
 * by the organisation `owner` (checked when the batch is applied). Refuses,
 * with ERR_INVALID and the file plus line or YAML path in e, and adding
 * nothing: YAML that does not parse, a missing objects.framework (or its urn,
 * name or requirement_nodes), a node without urn, two nodes with the same
 * urn, a parent_urn that names no node of the file, parents that form a
 * cycle, a key given twice. Over a cap: ERR_TOO_LARGE. */
int framework_batch_add_yaml_file(struct import_batch *b, const char *path, const char *owner,
                                  struct error *e);

/* The same for YAML text in memory (len bytes); name stands for the file in
 * messages and as the batch source. */
int framework_batch_add_yaml(struct import_batch *b, const char *name, const char *text, size_t len,
                             const char *owner, struct error *e);

/* The record id for a URN (see the top of this file); buf has
 * FRAMEWORK_ID_SIZE bytes. */
void framework_id_from_urn(const char *urn, char *buf);

/* The owner to use when none is given: the one organisation of kind
 * coordinator. None, or several, is ERR_INVALID asking for --owner. */
int framework_owner_default(struct store *s, char *buf, size_t size, struct error *e);

/* The framework a user means by `name`: its id, else its urn, else its
 * ref_id (case-insensitive). ERR_NOTFOUND when none matches, ERR_INVALID
 * when a ref_id matches several. */
int framework_resolve(struct store *s, const char *name, char *buf, size_t size, struct error *e);

/* One requirement in the tree. A measure covers a requirement when its
 * `requirements` list names it and it is not cancelled. */
struct framework_node {
    json_t *record;   /* the requirement record (held by the coverage's arena) */
    size_t depth;     /* 0 for a top node */
    json_t *measures; /* array of the measure records that name it, cancelled ones included
                         (held by the coverage's arena) */
    int covered;      /* some measure that is not cancelled names it */
    int covered_done; /* some measure with status done names it */
};

struct framework_coverage {
    struct arena arena;           /* holds the nodes and the json values below */
    json_t *framework;            /* the framework record */
    struct framework_node *nodes; /* depth first, siblings by position then id */
    size_t n;
    size_t assessable;   /* assessable requirements */
    size_t covered;      /* ... of which covered by a measure */
    size_t covered_done; /* ... of which covered by a done measure */
};

/* The requirement tree of framework `id` with the measures mapped to each
 * requirement. ERR_NOTFOUND when there is no such framework. Free *out with
 * framework_coverage_release (also after a failure). */
int framework_coverage_compute(struct store *s, const char *id, struct framework_coverage *out,
                               struct error *e);

/* What a coverage is counted over, so that a reader who may not see every
 * measure gets figures counted over the measures shown (the server's
 * need-to-know) and one process's view of a framework. */
struct framework_scope {
    const char *process; /* only measures whose `processes` name it (NULL: every measure) */
    /* keep(ctx, kind, record, e): 1 to count the requirement ("requirements")
     * or measure ("measures"), 0 to leave it out as if absent, a negative
     * ERR_* with e set to stop. NULL keeps everything. A requirement left
     * out takes no measures; its children become top nodes. */
    int (*keep)(void *ctx, enum kind_id kind, const json_t *record, struct error *e);
    void *ctx;
};

/* framework_coverage_compute over what scope lets through (NULL: all). */
int framework_coverage_compute_scoped(struct store *s, const char *id,
                                      const struct framework_scope *scope,
                                      struct framework_coverage *out, struct error *e);
/* Frees the coverage; idempotent, fine on a zeroed struct. */
void framework_coverage_release(struct framework_coverage *c);

#endif
