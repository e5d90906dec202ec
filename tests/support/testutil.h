/*
 * testutil.h — small helpers the unit tests share: temporary files that are
 * removed at exit, and paths of fixtures in tests/data.
 */
#ifndef VITAAL_TESTS_TESTUTIL_H
#define VITAAL_TESTS_TESTUTIL_H

#include <stddef.h>

/* A fresh path in a temporary folder (the file does not exist yet); the
 * folder is removed when the test program exits. Returns a static buffer
 * that stays valid until the tenth next call. */
const char *testutil_temp_path(const char *name);

/* Where a test's new database goes: testutil_temp_path(name), or, when
 * $VITAAL_TEST_PG names a running cluster's folder (scripts/pg-cluster.sh),
 * the URL of a new empty PostgreSQL database in it: the same tests run on
 * both backends. Static buffer, same rule as above. */
const char *testutil_db_path(const char *name);

/* Whether the tests run on PostgreSQL ($VITAAL_TEST_PG set). */
int testutil_on_pg(void);

/* "tests/data/<name>" relative to the source tree (tests run from its root,
 * or $VITAAL_ROOT names it). Static buffer, same rule as above. */
const char *testutil_fixture(const char *name);

/* The whole content of a file (malloc'd, NUL-terminated) or NULL. */
char *testutil_read_file(const char *path, size_t *len);

/* Writes text to path; returns 0 on success. */
int testutil_write_file(const char *path, const char *text);

struct store;
struct store_change;

/* The change a test's writes are recorded as ("test", via "cli"). */
extern const struct store_change testutil_change;

/* A new database (testutil_db_path) holding tests/data/<fixture>,
 * imported the way `vitaal import` does (validated, references checked, one
 * transaction); fails the test on any error. Close with store_close. */
struct store *testutil_store_from_fixture(const char *fixture);

#endif
