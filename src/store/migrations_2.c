/*
 * migrations_2.c — the migrations from 18 on (migrations.c holds 1 to 17
 * and the list of all; it reached the size a file may have). The same
 * rules: never edit one that has shipped, every table STRICT.
 */
#include "store/migrations.h"

/* Issue 15 part 2, several servers on one database: what they share
 * besides sessions. The job queue (http/jobs.c through store/shared.h):
 * a job is a row from its submission to JOBS_KEEP_S after it finished,
 * claimed by one server's worker (on PostgreSQL with FOR UPDATE SKIP
 * LOCKED); its progress, the request to cancel it and its result or error
 * (JSON) are in the row, so any server answers for it; server is the
 * running server's random name and heartbeat (seconds) its last sign of
 * life, runs how often it was
 * claimed. And the failed logins of the login delay (http/ratelimit.h) per
 * key: their count and the last one's time in milliseconds. */
const char store_migration_18[] =
    "CREATE TABLE jobs (\n"
    "  id TEXT PRIMARY KEY,\n"
    "  kind TEXT NOT NULL,\n"
    "  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,\n"
    "  address TEXT,\n"
    "  params TEXT NOT NULL,\n"
    "  status TEXT NOT NULL CHECK (status IN ('queued','running','done','failed')),\n"
    "  progress REAL NOT NULL DEFAULT 0,\n"
    "  phase TEXT,\n"
    "  created INTEGER NOT NULL,\n" /* milliseconds: the queue's order */
    "  server TEXT,\n"
    "  heartbeat INTEGER,\n"
    "  finished INTEGER,\n"
    "  runs INTEGER NOT NULL DEFAULT 0 CHECK (runs >= 0),\n"
    "  cancelled_by TEXT,\n"
    "  result TEXT,\n"
    "  error TEXT\n"
    ") STRICT;\n"
    "CREATE INDEX jobs_status ON jobs(status, created);\n"
    "CREATE TABLE login_failures (\n"
    "  key TEXT PRIMARY KEY,\n"
    "  failures INTEGER NOT NULL CHECK (failures >= 0),\n"
    "  last_ms INTEGER NOT NULL\n"
    ") STRICT;\n";
