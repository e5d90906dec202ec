/*
 * json_reader_fuzz.c — fuzzes base/json_reader: reads every token of the
 * input (twice: once token by token, once skipping whole values) under small
 * limits, and checks what the reader promises: an error is sticky, depth
 * never passes the limit, strings are at most max_string bytes and
 * NUL-terminated, lines and columns are 1-based.
 */
#include "fuzz.h"

#include "base/json_reader.h"

#include <string.h>

static void read_all(const uint8_t *data, size_t size, int skip)
{
    struct json_reader_limits limits = {.max_depth = 16, .max_string = 256};
    struct json_reader *r = NULL;
    struct json_token tok;
    struct error e = {0};
    size_t depth = 0, tokens = 0;
    int rc;
    r = json_reader_new_memory((const char *)data, size, &limits);
    while ((rc = json_reader_next(r, &tok, &e)) == 0 && tok.type != JSON_TOKEN_END) {
        FUZZ_CHECK(tok.line >= 1 && tok.column >= 1);
        FUZZ_CHECK(json_reader_path(r) != NULL && json_reader_path(r)[0] == '$');
        if (tok.type == JSON_TOKEN_OBJECT_BEGIN || tok.type == JSON_TOKEN_ARRAY_BEGIN) {
            if (skip && (tokens++ & 1)) {
                if (json_reader_skip(r, &tok, &e) != 0)
                    break;
                continue;
            }
            depth++;
            FUZZ_CHECK(depth <= limits.max_depth);
        } else if (tok.type == JSON_TOKEN_OBJECT_END || tok.type == JSON_TOKEN_ARRAY_END) {
            FUZZ_CHECK(depth > 0);
            depth--;
        } else if (tok.type == JSON_TOKEN_KEY || tok.type == JSON_TOKEN_STRING) {
            FUZZ_CHECK(tok.len <= limits.max_string);
            FUZZ_CHECK(tok.text[tok.len] == '\0');
        } else if (tok.type == JSON_TOKEN_NUMBER) {
            FUZZ_CHECK(tok.text != NULL && tok.len > 0);
        }
    }
    if (rc != 0) {
        struct error again = {0};
        FUZZ_CHECK(e.code != 0);
        FUZZ_CHECK(json_reader_next(r, &tok, &again) != 0); /* sticky */
    } else if (!skip) {
        FUZZ_CHECK(depth == 0);
    }
    json_reader_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    read_all(data, size, 0);
    read_all(data, size, 1);
    return 0;
}
