/*
 * graph.c — the graph builder and the finished graph's lookups (graph.h).
 *
 * The builder interns every id it meets — a node's own id or a supplier or
 * node named by an input — once, so a million inputs naming a hub do not
 * store its id a million times, and references to nodes that come later in
 * the file cost nothing extra. finish() checks that every interned id was
 * defined as a node (then the symbols are exactly the nodes) and lays the
 * arrays out by counting sort: no comparison sorts, linear in the size.
 */
#include "base/xmalloc.h"
#include "engine/graph_internal.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* A hash table slot: the hash beside the symbol, so a probe that meets
 * another id rarely has to look at its string. */
struct slot {
    uint32_t hash;
    uint32_t sym;
    size_t off; /* the id in pool: a lookup touches the slot and the string only */
};

struct graph_builder {
    /* interned ids: symbols */
    char *pool;
    size_t pool_len, pool_cap;
    size_t *sym_off;
    uint32_t *sym_hash;
    uint32_t *sym_node; /* the node defining it, GRAPH_NONE until then */
    uint32_t n_syms, syms_cap;
    struct slot *table; /* symbols by hash; sym GRAPH_NONE when empty */
    size_t table_mask;

    uint32_t *node_sym;
    int32_t *node_recovery;
    uint32_t n_nodes, nodes_cap;

    uint32_t *in_sym;
    int32_t *in_buffer, *in_activation, *in_duration;
    uint32_t *in_sup_off; /* n_inputs + 1 */
    uint32_t n_inputs, inputs_cap;
    uint32_t *sup_sym;
    size_t n_sup, sup_cap;
};

uint32_t graph_id_hash(const char *id)
{
    uint32_t h = 2166136261u;
    for (; *id; id++)
        h = (h ^ (unsigned char)*id) * 16777619u;
    /* FNV alone clusters on ids that differ in their last digit */
    h ^= h >> 16;
    h *= 0x85ebca6bu;
    h ^= h >> 13;
    h *= 0xc2b2ae35u;
    h ^= h >> 16;
    return h;
}

/* The hash table is probed at random, a miss per lookup; on large graphs
 * huge pages spare most of the TLB misses on top (a hint: the kernel may
 * ignore it). Never NULL: out of memory aborts (base/xmalloc.h). */
static void *table_alloc(size_t bytes)
{
    void *p = NULL;
    if (bytes < (4u << 20))
        return xmalloc(bytes);
    if (posix_memalign(&p, 2u << 20, bytes) != 0)
        xmalloc_die(bytes);
#ifdef MADV_HUGEPAGE
    madvise(p, bytes, MADV_HUGEPAGE);
#endif
    return p;
}

static void resize(void *pp, size_t count, size_t size)
{
    void **p = pp;
    if (count > SIZE_MAX / size)
        xmalloc_die(SIZE_MAX);
    *p = xrealloc(*p, count * size);
}

struct graph_builder *graph_builder_new(void)
{
    struct graph_builder *b = xcalloc(1, sizeof *b);
    b->table_mask = 1023;
    b->table = xmalloc((b->table_mask + 1) * sizeof *b->table);
    b->in_sup_off = xmalloc(sizeof *b->in_sup_off);
    memset(b->table, 0xff, (b->table_mask + 1) * sizeof *b->table);
    b->in_sup_off[0] = 0;
    return b;
}

void graph_builder_free(struct graph_builder *b)
{
    if (b == NULL)
        return;
    free(b->pool);
    free(b->sym_off);
    free(b->sym_hash);
    free(b->sym_node);
    free(b->table);
    free(b->node_sym);
    free(b->node_recovery);
    free(b->in_sym);
    free(b->in_buffer);
    free(b->in_activation);
    free(b->in_duration);
    free(b->in_sup_off);
    free(b->sup_sym);
    free(b);
}

static void table_grow(struct graph_builder *b)
{
    size_t size = (b->table_mask + 1) * 2, i, j;
    struct slot *t = table_alloc(size * sizeof *t);
    memset(t, 0xff, size * sizeof *t);
    for (j = 0; j <= b->table_mask; j++) {
        if (b->table[j].sym == GRAPH_NONE)
            continue;
        i = b->table[j].hash & (size - 1);
        while (t[i].sym != GRAPH_NONE)
            i = (i + 1) & (size - 1);
        t[i] = b->table[j];
    }
    free(b->table);
    b->table = t;
    b->table_mask = size - 1;
}

/* The symbol of id, made if new. */
static int intern(struct graph_builder *b, const char *id, size_t len, uint32_t *out)
{
    uint32_t h = graph_id_hash(id), s;
    size_t i = h & b->table_mask;
    while ((s = b->table[i].sym) != GRAPH_NONE) {
        if (b->table[i].hash == h && strcmp(b->pool + b->table[i].off, id) == 0) {
            *out = s;
            return 0;
        }
        i = (i + 1) & b->table_mask;
    }
    if (b->n_syms >= GRAPH_MAX_NODES)
        return ERR_TOO_LARGE;
    if (b->n_syms == b->syms_cap) {
        size_t cap = b->syms_cap ? (size_t)b->syms_cap * 2 : 1024;
        resize(&b->sym_off, cap, sizeof *b->sym_off);
        resize(&b->sym_hash, cap, 4);
        resize(&b->sym_node, cap, 4);
        b->syms_cap = (uint32_t)cap;
    }
    if (b->pool_len + len + 1 > b->pool_cap) {
        size_t cap = b->pool_cap ? b->pool_cap : 16384;
        while (cap < b->pool_len + len + 1)
            cap *= 2;
        resize(&b->pool, cap, 1);
        b->pool_cap = cap;
    }
    memcpy(b->pool + b->pool_len, id, len + 1);
    s = b->n_syms++;
    b->sym_off[s] = b->pool_len;
    b->sym_hash[s] = h;
    b->sym_node[s] = GRAPH_NONE;
    b->pool_len += len + 1;
    b->table[i].hash = h;
    b->table[i].sym = s;
    b->table[i].off = b->sym_off[s];
    *out = s;
    if ((size_t)b->n_syms * 2 > b->table_mask + 1)
        table_grow(b);
    return 0;
}

void graph_builder_prefetch(const struct graph_builder *b, const char *id, int stage)
{
    const struct slot *slot = &b->table[graph_id_hash(id) & b->table_mask];
    if (stage == 0)
        __builtin_prefetch(slot);
    else if (slot->sym != GRAPH_NONE)
        __builtin_prefetch(b->pool + slot->off);
}

/* Where a problem is, formatted only when there is one: the fields of
 * "$.nodes[k].id", "$.inputs[k].node" and "$.inputs[k].suppliers[j]". */
enum place {
    PLACE_NODE,
    PLACE_NODE_ID,
    PLACE_INPUT,
    PLACE_INPUT_NODE,
    PLACE_SUPPLIERS,
    PLACE_SUPPLIER
};

static const char *place_name(char *buf, size_t size, enum place p, uint32_t k, size_t j)
{
    static const char *const formats[] = {
        "$.nodes[%u]",       "$.nodes[%u].id",         "$.inputs[%u]",
        "$.inputs[%u].node", "$.inputs[%u].suppliers", "$.inputs[%u].suppliers[%zu]"};
    if (p == PLACE_SUPPLIER)
        snprintf(buf, size, formats[p], k, j);
    else
        snprintf(buf, size, formats[p], k);
    return buf;
}

static int intern_checked(struct graph_builder *b, const char *id, uint32_t *out, struct error *e,
                          enum place p, uint32_t k, size_t j)
{
    char where[96];
    int rc;
    size_t len = id ? strlen(id) : 0;
    if (len == 0)
        return error_set(e, ERR_INVALID, place_name(where, sizeof where, p, k, j),
                         "a node id must not be empty");
    if (len > GRAPH_ID_MAX)
        return error_set(e, ERR_INVALID, place_name(where, sizeof where, p, k, j),
                         "node id longer than %d bytes", GRAPH_ID_MAX);
    rc = intern(b, id, len, out);
    if (rc == ERR_TOO_LARGE)
        return error_set(e, rc, place_name(where, sizeof where, p, k, j), "more than %u node ids",
                         GRAPH_MAX_NODES);
    return 0;
}

int graph_builder_add_node(struct graph_builder *b, const char *id, int32_t recovery_h,
                           struct error *e)
{
    char where[96];
    uint32_t k = b->n_nodes, s;
    int rc;
    if (recovery_h < 0)
        return error_set(e, ERR_INVALID, place_name(where, sizeof where, PLACE_NODE, k, 0),
                         "recovery_h must be a whole number >= 0");
    if ((rc = intern_checked(b, id, &s, e, PLACE_NODE_ID, k, 0)) != 0)
        return rc;
    if (b->sym_node[s] != GRAPH_NONE)
        return error_set(e, ERR_INVALID, place_name(where, sizeof where, PLACE_NODE_ID, k, 0),
                         "duplicate node id '%s' (also $.nodes[%u])", id, b->sym_node[s]);
    if (b->n_nodes == b->nodes_cap) {
        size_t cap = b->nodes_cap ? (size_t)b->nodes_cap * 2 : 1024;
        resize(&b->node_sym, cap, 4);
        resize(&b->node_recovery, cap, 4);
        b->nodes_cap = (uint32_t)cap;
    }
    b->sym_node[s] = k;
    b->node_sym[k] = s;
    b->node_recovery[k] = recovery_h;
    b->n_nodes++;
    return 0;
}

int graph_builder_add_input(struct graph_builder *b, const char *node_id,
                            const char *const *suppliers, size_t n_suppliers, int32_t buffer_h,
                            int has_fallback, int32_t activation_h, int32_t duration_h,
                            struct error *e)
{
    char where[96];
    uint32_t k = b->n_inputs, s;
    size_t i;
    int rc;
    if (b->n_inputs >= GRAPH_MAX_EDGES || b->n_sup + n_suppliers > GRAPH_MAX_EDGES)
        return error_set(e, ERR_TOO_LARGE, place_name(where, sizeof where, PLACE_INPUT, k, 0),
                         "more than %u inputs or supplier references", GRAPH_MAX_EDGES);
    if (buffer_h < 0)
        return error_set(e, ERR_INVALID, place_name(where, sizeof where, PLACE_INPUT, k, 0),
                         "buffer_h must be a whole number >= 0");
    if (has_fallback && activation_h < 0)
        return error_set(e, ERR_INVALID, place_name(where, sizeof where, PLACE_INPUT, k, 0),
                         "fallback activation_h must be a whole number >= 0");
    if (has_fallback && duration_h < 1)
        return error_set(e, ERR_INVALID, place_name(where, sizeof where, PLACE_INPUT, k, 0),
                         "fallback duration_h must be a whole number >= 1");
    if (n_suppliers == 0)
        return error_set(e, ERR_INVALID, place_name(where, sizeof where, PLACE_SUPPLIERS, k, 0),
                         "an input needs at least one supplier");
    if (b->n_inputs == b->inputs_cap) {
        size_t cap = b->inputs_cap ? (size_t)b->inputs_cap * 2 : 1024;
        resize(&b->in_sym, cap, 4);
        resize(&b->in_buffer, cap, 4);
        resize(&b->in_activation, cap, 4);
        resize(&b->in_duration, cap, 4);
        resize(&b->in_sup_off, cap + 1, 4);
        b->inputs_cap = (uint32_t)cap;
    }
    if (b->n_sup + n_suppliers > b->sup_cap) {
        size_t cap = b->sup_cap ? b->sup_cap : 2048;
        while (cap < b->n_sup + n_suppliers)
            cap *= 2;
        resize(&b->sup_sym, cap, 4);
        b->sup_cap = cap;
    }
    if ((rc = intern_checked(b, node_id, &s, e, PLACE_INPUT_NODE, k, 0)) != 0)
        return rc;
    b->in_sym[k] = s;
    for (i = 0; i < n_suppliers; i++) {
        if ((rc = intern_checked(b, suppliers[i], &s, e, PLACE_SUPPLIER, k, i)) != 0)
            return rc; /* n_sup is not advanced: the input is not added */
        b->sup_sym[b->n_sup + i] = s;
    }
    b->n_sup += n_suppliers;
    b->in_buffer[k] = buffer_h;
    b->in_activation[k] = has_fallback ? activation_h : 0;
    b->in_duration[k] = has_fallback ? duration_h : 0;
    b->in_sup_off[k + 1] = (uint32_t)b->n_sup;
    b->n_inputs++;
    return 0;
}

/* Checks that every reference names a node, in the order they were added so
 * the first problem in the file is the one reported. */
static int check_references(const struct graph_builder *b, struct error *e)
{
    char where[96];
    uint32_t k, j;
    for (k = 0; k < b->n_inputs; k++) {
        uint32_t s = b->in_sym[k];
        if (b->sym_node[s] == GRAPH_NONE) {
            snprintf(where, sizeof where, "$.inputs[%u].node", k);
            return error_set(e, ERR_INVALID, where, "unknown node '%s'", b->pool + b->sym_off[s]);
        }
        for (j = b->in_sup_off[k]; j < b->in_sup_off[k + 1]; j++) {
            s = b->sup_sym[j];
            if (b->sym_node[s] == GRAPH_NONE) {
                snprintf(where, sizeof where, "$.inputs[%u].suppliers[%u]", k,
                         j - b->in_sup_off[k]);
                return error_set(e, ERR_INVALID, where, "unknown node '%s'",
                                 b->pool + b->sym_off[s]);
            }
        }
    }
    return 0;
}

static void graph_alloc(struct graph *g, size_t n_sup)
{
    size_t n = g->n_nodes, m = g->n_inputs;
    g->id_off = xmalloc((n ? n : 1) * sizeof *g->id_off);
    g->recovery_h = xmalloc((n ? n : 1) * 4);
    g->node_input_off = xmalloc((n + 1) * 4);
    g->dep_off = xcalloc(n + 1, 4);
    g->dep = xmalloc((n_sup ? n_sup : 1) * 4);
    g->input_node = xmalloc((m ? m : 1) * 4);
    g->buffer_h = xmalloc((m ? m : 1) * 4);
    g->activation_h = xmalloc((m ? m : 1) * 4);
    g->duration_h = xmalloc((m ? m : 1) * 4);
    g->sup_off = xmalloc((m + 1) * 4);
    g->sup = xmalloc((n_sup ? n_sup : 1) * 4);
    g->table_hash = xmalloc((n ? n : 1) * 4);
}

/* Sorts a short list of indexes and drops repeats; returns the new length. */
static uint32_t sort_unique(uint32_t *a, uint32_t n)
{
    uint32_t i, j, k;
    for (i = 1; i < n; i++) {
        uint32_t v = a[i];
        for (j = i; j > 0 && a[j - 1] > v; j--)
            a[j] = a[j - 1];
        a[j] = v;
    }
    for (i = 0, k = 0; i < n; i++)
        if (k == 0 || a[k - 1] != a[i])
            a[k++] = a[i];
    return k;
}

static int compare_u32(const void *x, const void *y)
{
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    return (a > b) - (a < b);
}

int graph_builder_finish(struct graph_builder *b, struct graph **out, struct error *e)
{
    struct graph *g = NULL;
    uint32_t *pos = NULL, n, k, j, i;
    size_t t;
    int rc = 0;

    *out = NULL;
    if ((rc = check_references(b, e)) != 0)
        goto cleanup;
    g = xcalloc(1, sizeof *g);
    g->n_nodes = n = b->n_nodes;
    g->n_inputs = b->n_inputs;
    pos = xcalloc((size_t)n + 1, 4);
    graph_alloc(g, b->n_sup);

    /* nodes: ids stay in the builder's pool (every symbol is a node now) */
    g->id_pool = b->pool;
    b->pool = NULL;
    for (i = 0; i < n; i++) {
        g->id_off[i] = b->sym_off[b->node_sym[i]];
        g->recovery_h[i] = b->node_recovery[i];
        g->table_hash[i] = b->sym_hash[b->node_sym[i]];
    }
    g->table_mask = b->table_mask;
    g->table = table_alloc((g->table_mask + 1) * sizeof *g->table);
    for (t = 0; t <= g->table_mask; t++)
        g->table[t] = b->table[t].sym == GRAPH_NONE ? GRAPH_NONE : b->sym_node[b->table[t].sym];

    /* inputs grouped by node, each node's in the order added */
    for (k = 0; k < b->n_inputs; k++)
        pos[b->sym_node[b->in_sym[k]] + 1]++;
    for (i = 0; i < n; i++)
        pos[i + 1] += pos[i];
    memcpy(g->node_input_off, pos, ((size_t)n + 1) * 4);
    {
        /* first pass: each input's place, and its supplier count after dedupe */
        uint32_t *place = xmalloc((b->n_inputs ? b->n_inputs : 1) * 4);
        for (k = 0; k < b->n_inputs; k++) {
            uint32_t node = b->sym_node[b->in_sym[k]];
            uint32_t at = pos[node]++;
            place[k] = at;
            g->input_node[at] = node;
            g->buffer_h[at] = b->in_buffer[k];
            g->activation_h[at] = b->in_activation[k];
            g->duration_h[at] = b->in_duration[k];
        }
        /* suppliers: resolve, dedupe, then lay out in the new input order */
        for (k = 0; k < b->n_inputs; k++) {
            uint32_t m = b->in_sup_off[k + 1] - b->in_sup_off[k];
            for (j = 0; j < m; j++)
                b->sup_sym[b->in_sup_off[k] + j] = b->sym_node[b->sup_sym[b->in_sup_off[k] + j]];
            if (m <= 16)
                m = sort_unique(b->sup_sym + b->in_sup_off[k], m);
            else {
                uint32_t *a = b->sup_sym + b->in_sup_off[k], w = 0;
                qsort(a, m, 4, compare_u32);
                for (j = 0; j < m; j++)
                    if (w == 0 || a[w - 1] != a[j])
                        a[w++] = a[j];
                m = w;
            }
            /* count kept in sup_off of the new place, as a length for now */
            g->sup_off[place[k] + 1] = m;
        }
        g->sup_off[0] = 0;
        for (k = 0; k < b->n_inputs; k++)
            g->sup_off[k + 1] += g->sup_off[k];
        for (k = 0; k < b->n_inputs; k++) {
            uint32_t m = g->sup_off[place[k] + 1] - g->sup_off[place[k]];
            memcpy(g->sup + g->sup_off[place[k]], b->sup_sym + b->in_sup_off[k], (size_t)m * 4);
        }
        free(place);
    }

    /* supplier -> dependent inputs, by counting sort over the new order */
    for (k = 0; k < g->n_inputs; k++)
        for (j = g->sup_off[k]; j < g->sup_off[k + 1]; j++)
            g->dep_off[g->sup[j] + 1]++;
    for (i = 0; i < n; i++)
        g->dep_off[i + 1] += g->dep_off[i];
    memcpy(pos, g->dep_off, ((size_t)n + 1) * 4);
    for (k = 0; k < g->n_inputs; k++)
        for (j = g->sup_off[k]; j < g->sup_off[k + 1]; j++) {
            assert(g->sup[j] < n); /* every supplier is a node */
            g->dep[pos[g->sup[j]]++] = k;
        }
    /* the offsets close: as many dependents as supplier slots, and as many
     * inputs as the nodes' input ranges hold */
    assert(g->dep_off[n] == g->sup_off[g->n_inputs]);
    assert(g->node_input_off[n] == g->n_inputs);

    *out = g;
    g = NULL;
cleanup:
    free(pos);
    graph_free(g);
    return rc;
}

void graph_free(struct graph *g)
{
    if (g == NULL)
        return;
    free(g->id_pool);
    free(g->id_off);
    free(g->recovery_h);
    free(g->node_input_off);
    free(g->dep_off);
    free(g->dep);
    free(g->input_node);
    free(g->buffer_h);
    free(g->activation_h);
    free(g->duration_h);
    free(g->sup_off);
    free(g->sup);
    free(g->table);
    free(g->table_hash);
    free(g);
}

uint32_t graph_node_count(const struct graph *g)
{
    return g->n_nodes;
}

uint32_t graph_input_count(const struct graph *g)
{
    return g->n_inputs;
}

const char *graph_node_id(const struct graph *g, uint32_t node)
{
    assert(node < g->n_nodes);
    return g->id_pool + g->id_off[node];
}

int graph_node_find(const struct graph *g, const char *id, uint32_t *out)
{
    uint32_t h = graph_id_hash(id), n;
    size_t i = h & g->table_mask;
    if (g->table == NULL)
        return ERR_NOTFOUND;
    while ((n = g->table[i]) != GRAPH_NONE) {
        if (g->table_hash[n] == h && strcmp(g->id_pool + g->id_off[n], id) == 0) {
            *out = n;
            return 0;
        }
        i = (i + 1) & g->table_mask;
    }
    return ERR_NOTFOUND;
}

int32_t graph_node_recovery_h(const struct graph *g, uint32_t node)
{
    assert(node < g->n_nodes);
    return g->recovery_h[node];
}

void graph_node_inputs(const struct graph *g, uint32_t node, uint32_t *first, uint32_t *count)
{
    assert(node < g->n_nodes);
    *first = g->node_input_off[node];
    *count = g->node_input_off[node + 1] - g->node_input_off[node];
}

const uint32_t *graph_node_dependents(const struct graph *g, uint32_t node, uint32_t *count)
{
    assert(node < g->n_nodes);
    *count = g->dep_off[node + 1] - g->dep_off[node];
    return g->dep + g->dep_off[node];
}

void graph_input_get(const struct graph *g, uint32_t input, struct graph_input *out)
{
    assert(input < g->n_inputs);
    out->node = g->input_node[input];
    out->buffer_h = g->buffer_h[input];
    out->has_fallback = g->duration_h[input] > 0;
    out->activation_h = g->activation_h[input];
    out->duration_h = g->duration_h[input];
    out->suppliers = g->sup + g->sup_off[input];
    out->n_suppliers = g->sup_off[input + 1] - g->sup_off[input];
}
