/*
 * replay.c — the driver `make test` links each fuzz target with instead of
 * libFuzzer: feeds every file named on the command line (or every file of
 * every folder named) to LLVMFuzzerTestOneInput once, so each seed and each
 * input that once crashed is run again under gcc (and SAN=1) without clang.
 * Prints "N inputs replayed"; a crash is the test's failure.
 */
#include "fuzz.h"

#include <dirent.h>
#include <string.h>
#include <sys/stat.h>

static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf = NULL;
    long len;
    if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) < 0 ||
        fseek(f, 0, SEEK_SET) != 0) {
        fprintf(stderr, "replay: cannot read %s\n", path);
        if (f)
            fclose(f);
        return -1;
    }
    /* a buffer of exactly the input's size, as libFuzzer gives: an overread
     * shows under AddressSanitizer */
    buf = malloc(len > 0 ? (size_t)len : 1);
    if (buf == NULL || fread(buf, 1, (size_t)len, f) != (size_t)len) {
        fprintf(stderr, "replay: cannot read %s\n", path);
        free(buf);
        fclose(f);
        return -1;
    }
    fclose(f);
    fprintf(stderr, "replay: %s\n", path);
    LLVMFuzzerTestOneInput(buf, (size_t)len);
    free(buf);
    return 0;
}

static int replay(const char *path, size_t *count)
{
    struct stat st;
    DIR *d;
    struct dirent *de;
    int rc = 0;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "replay: no such file %s\n", path);
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) {
        (*count)++;
        return replay_file(path);
    }
    if ((d = opendir(path)) == NULL)
        return -1;
    while (rc == 0 && (de = readdir(d)) != NULL) {
        char child[4096];
        if (de->d_name[0] == '.')
            continue;
        snprintf(child, sizeof child, "%s/%s", path, de->d_name);
        rc = replay(child, count);
    }
    closedir(d);
    return rc;
}

int main(int argc, char **argv)
{
    size_t count = 0;
    int i;
    for (i = 1; i < argc; i++)
        if (replay(argv[i], &count) != 0)
            return 1;
    printf("%zu inputs replayed\n", count);
    return 0;
}
