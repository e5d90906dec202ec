/*
 * paths.h — where the files vitaal ships beside its binary are: the data
 * folder (the catalogue CSVs, the frameworks, the demo documents) and the
 * browser UI's folder. They are found relative to the running binary
 * (/proc/self/exe), never by a path compiled in, so an installed or moved
 * tree works from any working folder:
 *
 *   installed   PREFIX/bin/vitaal    PREFIX/share/vitaal/data, .../web
 *   checkout    ROOT/BUILD/vitaal    ROOT/data; BUILD/web when the build
 *                                    made one, else ROOT/web
 *
 * (a data folder counts when it holds catalogue/, a web folder when it
 * holds index.html).
 *
 * $VITAAL_DATA and $VITAAL_WEB override (taken as given, read at each
 * call). The layouts are looked at once; safe to ask from any thread.
 */
#ifndef VITAAL_BASE_PATHS_H
#define VITAAL_BASE_PATHS_H

/* The data folder: $VITAAL_DATA, else the first of the layouts above that
 * exists, else "data" (relative to the working folder; callers report the
 * missing file). Never NULL; static storage. */
const char *paths_data_dir(void);

/* The browser UI's folder, chosen the same way ($VITAAL_WEB), else "web".
 * Never NULL; static storage. */
const char *paths_web_dir(void);

/* The folder the running binary is in ("" when /proc/self/exe cannot be
 * read). Never NULL; static storage. */
const char *paths_exe_dir(void);

#endif
