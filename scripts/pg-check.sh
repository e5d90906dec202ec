#!/usr/bin/env bash
# pg-check.sh BUILD — the tests that run on both backends, run again on
# PostgreSQL: starts a throwaway cluster (scripts/pg-cluster.sh), runs the
# unit tests of the layers that use the store and the integration scripts
# named in PG_INTEGRATION against it (VITAAL_TEST_PG), and removes the
# cluster whatever happens. `make check` runs it after the SQLite run.
# A subset: PG_UNIT names the layers whose unit tests run (empty: none),
# PG_INTEGRATION the scripts, e.g.
#   PG_UNIT= PG_INTEGRATION=migrate scripts/pg-check.sh build
set -uo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

# The integration scripts that make their databases with new_db/copy_db and
# look into them with db_sql/db_sum (lib.sh); grow this list as scripts are
# moved onto it. run-tests.sh runs them side by side (TEST_JOBS).
# On SQLite only, for now or for good:
#   busy          SQLite's write lock, busy_timeout and WAL readers
#   crash         a server killed mid-write, then the SQLite file's recovery
#   files         the SQLite file's mode, journal and sidecar files
#   install       an installed tree's SQLite database (PRAGMA user_version)
#   import_stream, progress  memory and the meter of an import into a file: to move
#   browser       one chromium run (backend independent UI), the longest script
#   fuzz_replay   no database
PG_INTEGRATION=${PG_INTEGRATION:-"history comments approval contribution requests attach
  calendar notify_mail server server_users server_mfa server_framework jobs connections
  http_edges report_process server_rules migrate multi_server
  documents openapi_writers static_cache compliance engine report services risks
  framework rules toetsing demo iim_table cli audit_anchor"}
PG_UNIT=${PG_UNIT-"store domain http report"}

dir=$(scripts/pg-cluster.sh start) || { echo "pg-check: no PostgreSQL cluster" >&2; exit 1; }
trap 'scripts/pg-cluster.sh stop "$dir"' EXIT
echo "pg-check: PostgreSQL cluster in $dir"
VITAAL_TEST_PG=$dir RUN_UNIT="$PG_UNIT" RUN_INTEGRATION="$PG_INTEGRATION" \
  scripts/run-tests.sh "$build"
