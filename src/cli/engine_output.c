/*
 * engine_output.c — shared option parsing, graph loading and the text
 * rendering of cascades for the engine's subcommands (engine_output.h).
 */
#include "cli/engine_output.h"

#include "base/json_reader.h"
#include "base/progress.h"
#include "base/xmalloc.h"
#include "cli/cli.h"
#include "domain/process_graph.h"
#include "engine/cascade.h"
#include "engine/graph.h"
#include "engine/graph_read.h"

#include <errno.h>
#include <getopt.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>

#define ID_WIDTH_MAX 28 /* ids longer than this are cut, to stay within 100 columns */
#define BAR_WIDTH    52 /* timeline columns at most */

int engine_parse_hours(const char *command, const char *option, const char *text, int32_t min,
                       int32_t max, int32_t *out)
{
    char *end = NULL;
    long long v;
    errno = 0;
    v = strtoll(text, &end, 10);
    if (text[0] == '\0' || *end != '\0' || errno != 0 || v < min || v > max)
        return cli_usage_error(command, "%s needs a whole number of hours %d .. %d, not '%s'",
                               option, (int)min, (int)max, text);
    *out = (int32_t)v;
    return 0;
}

int engine_option_error(const char *command, int c, char **argv)
{
    const char *arg = optind > 0 ? argv[optind - 1] : "";
    if (c == ':')
        return cli_usage_error(command, "option '%s' needs a value", arg);
    return cli_usage_error(command, "unknown option '%s'", arg);
}

/* A graph file read through a counter, for the progress of loading. */
struct counted_file {
    FILE *f;
    uint64_t done, total;
    const struct progress_sink *progress;
};

static ssize_t read_counted(void *context, char *buf, size_t cap)
{
    struct counted_file *c = context;
    size_t n = fread(buf, 1, cap, c->f);
    if (n == 0 && ferror(c->f))
        return -1;
    c->done += n;
    if (c->total > 0)
        progress_report(c->progress, "loading the graph", "B", c->done, c->total);
    return (ssize_t)n;
}

int engine_load_graph(const char *graph_path, const char *db_path,
                      const struct progress_sink *progress, struct graph **out, json_t **services,
                      struct error *e)
{
    struct json_reader *r = NULL;
    struct counted_file c = {NULL, 0, 0, progress};
    struct stat st;
    int rc;
    *out = NULL;
    if (services)
        *services = NULL;
    if (graph_path == NULL)
        return process_graph_load(db_path, out, services, e);
    if (strcmp(graph_path, "-") == 0) {
        c.f = stdin;
    } else if ((c.f = fopen(graph_path, "rb")) == NULL) {
        return error_set(e, errno == ENOENT ? ERR_NOTFOUND : ERR_IO, graph_path, "cannot open: %s",
                         strerror(errno));
    }
    if (fstat(fileno(c.f), &st) == 0 && S_ISREG(st.st_mode))
        c.total = (uint64_t)st.st_size; /* a pipe's size is unknown: no percentage */
    r = json_reader_new(read_counted, &c, NULL);
    if ((rc = graph_read_json(r, out, e)) != 0)
        error_prefix_where(e, strcmp(graph_path, "-") == 0 ? "<stdin>" : graph_path);
    json_reader_free(r);
    if (c.f && c.f != stdin)
        fclose(c.f);
    return rc;
}

/* Prints id cut to width characters, padded. */
static void print_id(FILE *out, const char *id, int width)
{
    int len = (int)strlen(id);
    if (len <= width)
        fprintf(out, "%-*s", width, id);
    else
        fprintf(out, "%.*s~", width - 1, id);
}

static void print_table(FILE *out, const struct graph *g, const struct cascade_result *r,
                        uint32_t shown, int idw)
{
    uint32_t k, j;
    fprintf(out, "%-*s  %5s  %5s  %5s  %s\n", idw, "node", "first", "last", "hours",
            "intervals (down from..to, the end hour not included)");
    for (k = 0; k < shown; k++) {
        const struct cascade_node *n = &r->nodes[k];
        int width = 0;
        print_id(out, graph_node_id(g, n->node), idw);
        fprintf(out, "  %5d  %5d  %5d  ", n->first_down_h, n->intervals[2 * n->n_intervals - 1] - 1,
                n->down_h);
        for (j = 0; j < n->n_intervals; j++) {
            if (width > 36) {
                fprintf(out, " (+%u more)", n->n_intervals - j);
                break;
            }
            width += fprintf(out, "%s[%d,%d)", j ? " " : "", n->intervals[2 * j],
                             n->intervals[2 * j + 1]);
        }
        fputc('\n', out);
    }
}

/* One bar: each column covers per hours; '#' all down, '+' partly, '.' up. */
static void print_bar(FILE *out, const struct cascade_node *n, int32_t horizon_h, int32_t per,
                      int columns)
{
    char bar[BAR_WIDTH + 1];
    int32_t c, j = 0;
    for (c = 0; c < columns; c++) {
        int32_t from = c * per, to = from + per < horizon_h ? from + per : horizon_h, down = 0;
        /* intervals are sorted; j only moves forward */
        while (j < (int32_t)n->n_intervals && n->intervals[2 * j + 1] <= from)
            j++;
        for (int32_t k = j; k < (int32_t)n->n_intervals && n->intervals[2 * k] < to; k++) {
            int32_t s = n->intervals[2 * k] > from ? n->intervals[2 * k] : from;
            int32_t e = n->intervals[2 * k + 1] < to ? n->intervals[2 * k + 1] : to;
            down += e - s;
        }
        bar[c] = down == 0 ? '.' : down == to - from ? '#' : '+';
    }
    bar[columns] = '\0';
    fputs(bar, out);
}

static void print_timeline(FILE *out, const struct graph *g, const struct cascade_result *r,
                           uint32_t shown, int idw)
{
    int32_t h = r->horizon_h, per = (h + BAR_WIDTH - 1) / BAR_WIDTH;
    int columns = (int)((h + per - 1) / per), c, at = 0;
    char axis[BAR_WIDTH + 32];
    uint32_t k;
    if (per == 1)
        fprintf(out, "\ntimeline: one column is 1 hour; # down, . up\n");
    else
        fprintf(out, "\ntimeline: one column is %d hours; # down all of them, + part, . up\n", per);
    /* hour labels every 10 columns, and the last hour at the end */
    memset(axis, ' ', sizeof axis);
    for (c = 0; c < columns; c += 10) {
        int n = snprintf(axis + c, sizeof axis - (size_t)c, "%d", c * per);
        axis[c + n] = ' ';
        at = c + n;
    }
    {
        char last[16];
        int n = snprintf(last, sizeof last, "%d", h - 1);
        int pos = columns - n > at + 1 ? columns - n : at + 1;
        memcpy(axis + pos, last, (size_t)n);
        axis[pos + n] = '\0';
    }
    fprintf(out, "%-*s  %s\n", idw, "hour", axis);
    for (k = 0; k < shown; k++) {
        print_id(out, graph_node_id(g, r->nodes[k].node), idw);
        fputs("  ", out);
        print_bar(out, &r->nodes[k], h, per, columns);
        fputc('\n', out);
    }
}

void engine_print_cascade(FILE *out, const struct graph *g, const struct cascade_result *r,
                          uint32_t limit)
{
    uint32_t shown = limit && limit < r->n_affected ? limit : r->n_affected, k;
    int idw = 4;
    fprintf(out, "%u nodes affected, %lld node-hours down (outage %d h, horizon %d h)\n\n",
            r->n_affected, (long long)r->down_node_hours, r->outage_h, r->horizon_h);
    if (r->n_affected == 0)
        return;
    for (k = 0; k < shown; k++) {
        int len = (int)strlen(graph_node_id(g, r->nodes[k].node));
        if (len > idw)
            idw = len > ID_WIDTH_MAX ? ID_WIDTH_MAX : len;
    }
    print_table(out, g, r, shown, idw);
    print_timeline(out, g, r, shown, idw);
    if (shown < r->n_affected)
        fprintf(out, "\n... and %u more nodes (--all shows every node, --json gives all data)\n",
                r->n_affected - shown);
}

void id_list_add(struct id_list *l, const char *text)
{
    const char *p = text;
    while (1) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        size_t i;
        for (i = 0; i < l->n && len > 0; i++)
            if (strncmp(l->ids[i], p, len) == 0 && l->ids[i][len] == '\0')
                len = 0; /* named before: once is enough */
        if (len > 0) {
            if (l->n == l->cap) {
                size_t cap = l->cap ? l->cap * 2 : 8;
                char **ids = xrealloc(l->ids, cap * sizeof *ids);
                l->ids = ids;
                l->cap = cap;
            }
            l->ids[l->n] = xstrndup(p, len);
            l->n++;
        }
        if (comma == NULL)
            return;
        p = comma + 1;
    }
}

void id_list_release(struct id_list *l)
{
    size_t i;
    for (i = 0; i < l->n; i++)
        free(l->ids[i]);
    free(l->ids);
}
