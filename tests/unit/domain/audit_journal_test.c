/*
 * audit_journal_test.c — tests src/domain/audit_journal.c: a read whose
 * write lock is taken by another connection is audited in the read
 * journal, a lock-free one in the table; the next writer folds the journal
 * into the chain in order and exactly once (also after a rollback, and
 * after a crash between the fold's commit and the file's removal); a
 * journal that reads keep adding to is compacted; a cut line is dropped; a changed or cut journal
 * is found by the check and set aside, never folded past the break; a cut
 * unfolded tail and a removed journal are found against the signed marks,
 * and a crash between an entry and its mark raises no false alarm.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "domain/audit.h"
#include "domain/audit_journal.h"
#include "store/audit.h"
#include "store/store.h"
#include "support/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct fixture {
    char path[512];
    struct store *store;  /* the reader, and later the writer */
    struct store *holder; /* another writer holding the lock (the import) */
    struct audit_log log;
};

static int setup(void **state)
{
    static int n;
    struct fixture *f = calloc(1, sizeof *f);
    struct error e = {0};
    struct audit_event ev = {"anna", NULL, "update", "risks", "r1", NULL};
    char name[32];
    snprintf(name, sizeof name, "journal%d.db", n++);
    snprintf(f->path, sizeof f->path, "%s", testutil_temp_path(name));
    assert_int_equal(store_open(f->path, STORE_CREATE, &f->store, &e), 0);
    assert_int_equal(store_open(f->path, 0, &f->holder, &e), 0);
    assert_int_equal(audit_open(f->path, 1, &f->log, &e), 0);
    assert_int_equal(store_begin(f->store, &e), 0);
    assert_int_equal(audit_append(&f->log, f->store, &ev, &e), 0);
    assert_int_equal(store_commit(f->store, &e), 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    store_close(f->store);
    store_close(f->holder);
    free(f);
    return 0;
}

static int journal_exists(const struct fixture *f)
{
    return access(f->log.journal, F_OK) == 0;
}

/* Audited reads of records r[0..n) while the holder keeps the lock. */
static void read_under_lock(struct fixture *f, const char *const *records, size_t n)
{
    struct error e = {0};
    size_t i;
    assert_int_equal(store_begin(f->holder, &e), 0);
    assert_int_equal(store_begin_read(f->store, &e), 0);
    assert_true(store_reading(f->store));
    assert_false(store_holds_write(f->store));
    for (i = 0; i < n; i++) {
        struct audit_event ev = {"bert", "10.0.0.1", "read", "dependencies", records[i], NULL};
        assert_int_equal(audit_append(&f->log, f->store, &ev, &e), 0);
    }
    assert_int_equal(store_commit(f->store, &e), 0);
    store_rollback(f->holder);
}

/* One audited write, which folds the journal first. */
static void write_one(struct fixture *f, int commit)
{
    struct error e = {0};
    struct audit_event ev = {"anna", NULL, "update", "risks", "r2", NULL};
    assert_int_equal(store_begin(f->store, &e), 0);
    assert_int_equal(audit_append(&f->log, f->store, &ev, &e), 0);
    if (commit)
        assert_int_equal(store_commit(f->store, &e), 0);
    else
        store_rollback(f->store);
}

struct tally {
    int64_t entries;
    int64_t reads;
    char order[64]; /* the first letter of each actor, in seq order */
};

static int count_entry(void *ctx, const struct store_audit_entry *a)
{
    struct tally *t = ctx;
    size_t len = strlen(t->order);
    if (len + 1 < sizeof t->order) {
        t->order[len] = a->actor[0];
        t->order[len + 1] = '\0';
    }
    t->entries++;
    t->reads += strcmp(a->action, "read") == 0;
    return 0;
}

static struct tally tally_of(struct fixture *f)
{
    struct tally t = {0, 0, ""};
    struct error e = {0};
    assert_int_equal(store_audit_each(f->store, 0, 0, count_entry, &t, &e), 0);
    return t;
}

static void expect_intact(struct fixture *f)
{
    struct audit_check check;
    struct audit_journal_check journal;
    struct error e = {0};
    assert_int_equal(audit_verify(&f->log, f->store, &check, &e), 0);
    assert_int_equal(check.first_bad, 0);
    assert_int_equal(audit_journal_verify(&f->log, f->store, &journal, &e), 0);
    if (journal.problem[0])
        fail_msg("journal: %s", journal.problem);
}

static char *slurp(const char *path, size_t *len)
{
    char *data = testutil_read_file(path, len);
    assert_non_null(data);
    return data;
}

static int lines_of(const char *path)
{
    size_t len, i;
    char *data = slurp(path, &len);
    int n = 0;
    for (i = 0; i < len; i++)
        n += data[i] == '\n';
    free(data);
    return n;
}

static void test_read_with_free_lock_goes_to_the_table(void **state)
{
    struct fixture *f = *state;
    struct error e = {0};
    struct audit_event ev = {"bert", NULL, "read", "dependencies", "d1", NULL};
    assert_int_equal(store_begin_read(f->store, &e), 0);
    assert_true(store_holds_write(f->store));
    assert_int_equal(audit_append(&f->log, f->store, &ev, &e), 0);
    assert_int_equal(store_commit(f->store, &e), 0);
    assert_false(journal_exists(f));
    assert_int_equal(tally_of(f).reads, 1);
}

static void test_read_under_lock_is_journalled_then_folded_in_order(void **state)
{
    struct fixture *f = *state;
    static const char *const records[] = {"d1", "d2"};
    struct audit_journal_check check;
    struct error e = {0};
    struct stat st;
    struct tally t;

    read_under_lock(f, records, 2);
    assert_true(journal_exists(f));
    assert_int_equal(stat(f->log.journal, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(tally_of(f).reads, 0); /* not in the table yet */
    assert_int_equal(audit_journal_verify(&f->log, f->store, &check, &e), 0);
    assert_int_equal(check.pending, 2);
    assert_string_equal(check.problem, "");

    write_one(f, 1);
    t = tally_of(f);
    assert_int_equal(t.entries, 4);
    assert_int_equal(t.reads, 2);
    assert_string_equal(t.order, "abba"); /* the reads before the write that folded them */
    expect_intact(f);
    /* folded in that very transaction: the file stays until a later writer */
    assert_true(journal_exists(f));
    write_one(f, 1);
    assert_false(journal_exists(f));
    assert_int_equal(tally_of(f).reads, 2);
    expect_intact(f);
}

static void test_journal_kept_busy_is_compacted(void **state)
{
    struct fixture *f = *state;
    static const char *const records[] = {"d1", "d2", "d3"};
    read_under_lock(f, records, 3);
    write_one(f, 1); /* folds three */
    read_under_lock(f, records, 1);
    assert_int_equal(lines_of(f->log.journal), 5); /* header, three folded, one new */
    write_one(f, 1);                               /* the folded three go, the new one is folded */
    assert_int_equal(lines_of(f->log.journal), 2);
    assert_int_equal(tally_of(f).reads, 4);
    expect_intact(f);
    read_under_lock(f, records, 2);
    write_one(f, 1);
    write_one(f, 1);
    assert_false(journal_exists(f));
    assert_int_equal(tally_of(f).reads, 6);
    expect_intact(f);
}

static void test_rolled_back_fold_folds_again_once(void **state)
{
    struct fixture *f = *state;
    static const char *const records[] = {"d1", "d2", "d3"};
    read_under_lock(f, records, 3);
    write_one(f, 0); /* folds, then rolls back */
    assert_int_equal(tally_of(f).reads, 0);
    write_one(f, 1);
    write_one(f, 1);
    write_one(f, 1);
    assert_int_equal(tally_of(f).reads, 3);
    expect_intact(f);
}

static void put(const char *path, const char *data, size_t len)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(data, 1, len, fp), len);
    fclose(fp);
    chmod(path, 0600);
}

static void test_crash_between_fold_and_removal(void **state)
{
    struct fixture *f = *state;
    static const char *const records[] = {"d1", "d2"};
    size_t len;
    char *copy;
    read_under_lock(f, records, 2);
    write_one(f, 1); /* folded and committed */
    copy = slurp(f->log.journal, &len);
    write_one(f, 1); /* removes the file */
    assert_false(journal_exists(f));
    /* a crash before the removal: the folded journal is still there */
    put(f->log.journal, copy, len);
    free(copy);
    store_close(f->store);
    {
        struct error e = {0};
        assert_int_equal(store_open(f->path, 0, &f->store, &e), 0);
    }
    write_one(f, 1);
    assert_false(journal_exists(f));
    assert_int_equal(tally_of(f).reads, 2); /* not twice */
    expect_intact(f);
    /* and the next reads start a new generation that is folded in turn */
    read_under_lock(f, records, 1);
    write_one(f, 1);
    assert_int_equal(tally_of(f).reads, 3);
    expect_intact(f);
}

static void test_cut_line_is_dropped(void **state)
{
    struct fixture *f = *state;
    static const char *const records[] = {"d1"};
    FILE *fp;
    read_under_lock(f, records, 1);
    /* a crash in the middle of writing a line: that read was not answered */
    fp = fopen(f->log.journal, "ab");
    assert_non_null(fp);
    fputs("{\"n\":2,\"at\":\"2026-", fp);
    fclose(fp);
    read_under_lock(f, records, 1);
    expect_intact(f);
    write_one(f, 1);
    assert_int_equal(tally_of(f).reads, 2);
    expect_intact(f);
}

static void test_changed_entry_is_found_and_set_aside(void **state)
{
    struct fixture *f = *state;
    static const char *const records[] = {"d1", "d2", "d3"};
    struct audit_journal_check check;
    struct audit_event ev = {"bert", NULL, "read", "dependencies", "d4", NULL};
    struct error e = {0};
    char aside[4300], *data, *at;
    size_t len;

    read_under_lock(f, records, 3);
    data = slurp(f->log.journal, &len);
    at = strstr(data, "\"d2\"");
    assert_non_null(at);
    at[2] = '9'; /* d2 -> d9: who read what, changed */
    put(f->log.journal, data, len);
    free(data);
    assert_int_equal(audit_journal_verify(&f->log, f->store, &check, &e), 0);
    assert_non_null(strstr(check.problem, "entry 2 was changed"));
    /* no read is chained onto a broken journal */
    assert_int_equal(store_begin(f->holder, &e), 0);
    assert_int_equal(store_begin_read(f->store, &e), 0);
    assert_int_equal(audit_append(&f->log, f->store, &ev, &e), ERR_STORE);
    store_rollback(f->store);
    store_rollback(f->holder);
    /* the writer folds what holds (entry 1) and no further, then sets it aside */
    write_one(f, 1);
    assert_int_equal(tally_of(f).reads, 1);
    write_one(f, 1);
    assert_false(journal_exists(f));
    snprintf(aside, sizeof aside, "%s.damaged", f->log.journal);
    assert_int_equal(access(aside, F_OK), 0);
    assert_int_equal(audit_journal_verify(&f->log, f->store, &check, &e), 0);
    assert_non_null(strstr(check.problem, "set aside"));
    assert_int_equal(tally_of(f).reads, 1);
}

static void test_cut_journal_is_found(void **state)
{
    struct fixture *f = *state;
    static const char *const records[] = {"d1", "d2", "d3"};
    struct audit_journal_check check;
    struct error e = {0};
    char *data, *nl;
    size_t len;
    int lines = 0;

    read_under_lock(f, records, 3);
    write_one(f, 1); /* all three folded, the file still there */
    data = slurp(f->log.journal, &len);
    /* keep the header and the first entry */
    for (nl = data; lines < 2 && (nl = strchr(nl, '\n')) != NULL; nl++)
        lines++;
    assert_non_null(nl);
    put(f->log.journal, data, (size_t)(nl - data));
    free(data);
    assert_int_equal(audit_journal_verify(&f->log, f->store, &check, &e), 0);
    assert_non_null(strstr(check.problem, "was cut"));
    write_one(f, 1);
    assert_int_equal(tally_of(f).reads, 3); /* nothing folded twice */
}

/* Keeps the journal's header and its first keep entries: a valid chain,
 * shorter. */
static void cut_journal(struct fixture *f, int keep)
{
    char *data, *nl;
    size_t len;
    int lines = 0;
    data = slurp(f->log.journal, &len);
    for (nl = data; lines < keep + 1 && (nl = strchr(nl, '\n')) != NULL; nl++)
        lines++;
    assert_non_null(nl);
    put(f->log.journal, data, (size_t)(nl - data));
    free(data);
}

static void test_cut_unfolded_tail_is_found(void **state)
{
    struct fixture *f = *state;
    static const char *const records[] = {"d1", "d2", "d3"};
    struct audit_journal_check check;
    struct audit_event ev = {"bert", NULL, "read", "dependencies", "d4", NULL};
    struct error e = {0};
    char aside[4300];

    read_under_lock(f, records, 3); /* answered, none folded yet */
    cut_journal(f, 1);              /* the last two reads cut off */
    assert_int_equal(audit_journal_verify(&f->log, f->store, &check, &e), 0);
    assert_non_null(strstr(check.problem, "was cut: entry 3 was signed"));
    /* a new read is not chained over the cut (which would hide it) */
    assert_int_equal(store_begin(f->holder, &e), 0);
    assert_int_equal(store_begin_read(f->store, &e), 0);
    assert_int_equal(audit_append(&f->log, f->store, &ev, &e), ERR_STORE);
    error_clear(&e);
    store_rollback(f->store);
    store_rollback(f->holder);
    /* the writer folds what is left, then sets the journal aside */
    write_one(f, 1);
    write_one(f, 1);
    assert_false(journal_exists(f));
    assert_int_equal(tally_of(f).reads, 1);
    snprintf(aside, sizeof aside, "%s.damaged", f->log.journal);
    assert_int_equal(access(aside, F_OK), 0);
    assert_int_equal(audit_journal_verify(&f->log, f->store, &check, &e), 0);
    assert_non_null(strstr(check.problem, "set aside"));
    /* once the evidence is dealt with, reads go on */
    unlink(aside);
    read_under_lock(f, records, 1);
    write_one(f, 1);
    write_one(f, 1);
    expect_intact(f);
}

static void test_removed_journal_is_found(void **state)
{
    struct fixture *f = *state;
    static const char *const records[] = {"d1", "d2"};
    struct audit_journal_check check;
    struct error e = {0};
    char aside[4300], *note;
    size_t len;

    read_under_lock(f, records, 2);
    assert_int_equal(unlink(f->log.journal), 0);
    assert_int_equal(audit_journal_verify(&f->log, f->store, &check, &e), 0);
    assert_non_null(strstr(check.problem, "was removed while it held reads"));
    /* a writer finds nothing to fold; verify still says it */
    write_one(f, 1);
    assert_int_equal(audit_journal_verify(&f->log, f->store, &check, &e), 0);
    assert_non_null(strstr(check.problem, "was removed"));
    /* the next read starts a new journal and leaves a note of the removal
     * first: the alarm outlives the new journal's marks */
    read_under_lock(f, records, 1);
    snprintf(aside, sizeof aside, "%s.damaged", f->log.journal);
    note = slurp(aside, &len);
    assert_non_null(strstr(note, "was removed"));
    free(note);
    assert_int_equal(audit_journal_verify(&f->log, f->store, &check, &e), 0);
    assert_non_null(strstr(check.problem, "set aside"));
    write_one(f, 1);
    write_one(f, 1);
    assert_int_equal(tally_of(f).reads, 1); /* the new read; the removed two are lost */
    unlink(aside);
    expect_intact(f);
}

static void test_marks_hold_without_false_alarms(void **state)
{
    struct fixture *f = *state;
    static const char *const records[] = {"d1", "d2"};
    struct audit_journal_check check;
    struct error e = {0};
    char *data, *last;
    size_t len;

    /* a crash after an entry was durable, before its mark: that read was
     * never answered; the journal holds more than marked, which is fine */
    read_under_lock(f, records, 2);
    data = slurp(f->log.anchor.checkpoints, &len);
    assert_true(len > 1);
    data[len - 1] = '\0';
    last = strrchr(data, '\n');
    assert_non_null(last);
    put(f->log.anchor.checkpoints, data, (size_t)(last + 1 - data));
    free(data);
    expect_intact(f);
    /* folded whole, marked settled and removed: no alarm, nothing pending */
    write_one(f, 1);
    write_one(f, 1);
    assert_false(journal_exists(f));
    expect_intact(f);
    assert_int_equal(audit_journal_verify(&f->log, f->store, &check, &e), 0);
    assert_int_equal(check.pending, 0);
    /* a changed mark is found by its signature */
    read_under_lock(f, records, 1);
    data = slurp(f->log.anchor.checkpoints, &len);
    last = strstr(data, " entry ");
    assert_non_null(last);
    last[7] = last[7] == 'a' ? 'b' : 'a'; /* the generation's first digit */
    put(f->log.anchor.checkpoints, data, len);
    free(data);
    assert_int_equal(audit_journal_verify(&f->log, f->store, &check, &e), 0);
    assert_non_null(strstr(check.problem, "valid signature"));
}

/* The last mark far from the end of the checkpoint file (audit checkpoints
 * written since): still found, so a cut is still found by the writer. */
static void test_mark_far_back_is_found(void **state)
{
    struct fixture *f = *state;
    static const char *const records[] = {"d1", "d2", "d3"};
    char aside[4300];
    FILE *fp;
    int i;
    read_under_lock(f, records, 3);
    fp = fopen(f->log.anchor.checkpoints, "ab");
    assert_non_null(fp);
    for (i = 0; i < 2000; i++) /* 100 KB of other lines after the marks */
        fprintf(fp, "vitaal-checkpoint-1 2026-12-06T12:00:00Z %d %064d entries sig\n", i, i);
    fclose(fp);
    cut_journal(f, 1);
    write_one(f, 1); /* folds what is left: one read, and finds the cut */
    write_one(f, 1); /* sets it aside */
    assert_int_equal(tally_of(f).reads, 1);
    assert_false(journal_exists(f));
    snprintf(aside, sizeof aside, "%s.damaged", f->log.journal);
    assert_int_equal(access(aside, F_OK), 0); /* set aside, not removed as whole */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_read_with_free_lock_goes_to_the_table, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_read_under_lock_is_journalled_then_folded_in_order,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_journal_kept_busy_is_compacted, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rolled_back_fold_folds_again_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_crash_between_fold_and_removal, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cut_line_is_dropped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_changed_entry_is_found_and_set_aside, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cut_journal_is_found, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cut_unfolded_tail_is_found, setup, teardown),
        cmocka_unit_test_setup_teardown(test_removed_journal_is_found, setup, teardown),
        cmocka_unit_test_setup_teardown(test_marks_hold_without_false_alarms, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mark_far_back_is_found, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
