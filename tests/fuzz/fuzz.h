/*
 * fuzz.h — what every fuzz target under tests/fuzz/ defines: libFuzzer's
 * entry point. Built with clang -fsanitize=fuzzer by `make fuzz`
 * (scripts/fuzz.sh), and with gcc against replay.c by `make test`, which
 * feeds every file of tests/fuzz/corpus/<target>/ to it once.
 *
 * A target returns 0 for every input; a finding is a crash, a sanitizer
 * report, or an abort() of one of the target's own checks.
 */
#ifndef VITAAL_TESTS_FUZZ_H
#define VITAAL_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A target's own check: abort (a finding) when cond does not hold. */
#define FUZZ_CHECK(cond)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);               \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

#endif
