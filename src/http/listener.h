/*
 * listener.h — hears the other servers' writes (issue 15 part 2). On
 * PostgreSQL a thread with a connection of its own LISTENs for the notice
 * every server's write sends in its transaction (request_commit) and bumps
 * the server's cache generation, so that every worker drops its cache at
 * once. On SQLite (one server: its own writes bump the generation) the
 * thread ends at once.
 */
#ifndef VITAAL_HTTP_LISTENER_H
#define VITAAL_HTTP_LISTENER_H

#include "base/error.h"

#include <stdint.h>

struct listener;

/* Starts the listener on the database at db_path, bumping *generation on
 * every notice. ERR_INTERNAL when the thread cannot start. */
int listener_start(const char *db_path, _Atomic uint64_t *generation, struct listener **out,
                   struct error *e);

/* Stops and joins the thread (within a quarter of a second); NULL is fine. */
void listener_stop(struct listener *l);

#endif
