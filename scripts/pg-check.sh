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

# The integration scripts that make their databases with new_db (lib.sh);
# grow this list as scripts are moved onto it.
PG_INTEGRATION=${PG_INTEGRATION:-"history comments approval contribution requests attach
  calendar notify_mail server server_users server_mfa server_framework jobs connections
  http_edges report_process server_rules migrate multi_server"}
PG_UNIT=${PG_UNIT-"store domain http report"}

dir=$(scripts/pg-cluster.sh start) || { echo "pg-check: no PostgreSQL cluster" >&2; exit 1; }
trap 'scripts/pg-cluster.sh stop "$dir"' EXIT
echo "pg-check: PostgreSQL cluster in $dir"
VITAAL_TEST_PG=$dir RUN_UNIT="$PG_UNIT" RUN_INTEGRATION="$PG_INTEGRATION" \
  scripts/run-tests.sh "$build"
