#!/usr/bin/env bash
# run-demo.sh BUILD — the main job of `make run`: create the demo database on
# first run (public catalogue + fictional demo data + one demo user per
# role), then start the server on it (API and browser UI) and say where and
# how to log in.
set -euo pipefail
build=${1:-build}
bin="$build/vitaal"
db=${DEMO_DB:-$build/demo.db}
listen=${LISTEN:-127.0.0.1:8080}
password=${DEMO_PASSWORD:-vitaal-demo-2026}

# user  role  organisation  clearance  [scope]
users=(
  "coordinator coordinator nctv secret"
  "analist-ezk department ezk confidential"
  "toetser-ezk department ezk confidential" # the second pair of eyes: approves EZK's analyses
  "netbeheerder provider hoogspanningsnet-nl confidential"
  "analist-ienw department ienw confidential" # sees the refinery's contribution on the chemie analysis
  "raffinaderij provider raffinaderij-pernisse confidential" # its contribution: one risk adopted, one declined; a request to answer
  "analist-fin department fin confidential" # sent the NIS2 campaign to the payment providers
  "betaalverwerker provider betaalverwerking-nederland confidential" # fills in the campaign's questionnaire
  "auditor auditor nctv secret drinkwater,elektriciteit-landelijk"
)

# the browser UI's libraries (cytoscape, echarts) come from npm
"$(dirname "$0")/npm-install.sh" || echo "run: without node/npm the browser UI's graph and charts are missing" >&2

if [ ! -f "$db" ]; then
  echo "run: creating the demo database $db (fictional data)"
  "$bin" --db "$db" init --demo
  for u in "${users[@]}"; do
    set -- $u
    scope=()
    [ $# -ge 5 ] && scope=(--scope "$5")
    printf '%s\n' "$password" | "$bin" --db "$db" user add "$1" --role "$2" --org "$3" \
      --clearance "$4" "${scope[@]}" >/dev/null
  done
fi
"$bin" --db "$db" status | grep -E "processes as of|analysis under the directives" || true
cat <<MSG

run: demo logins (password $password for each):
MSG
for u in "${users[@]}"; do
  set -- $u
  printf '  %-14s %-12s %s, clearance %s\n' "$1" "$2" "$3" "$4"
done
cat <<MSG
run: for example
  curl -s -X POST http://$listen/api/v1/session -H 'Content-Type: application/json' \\
       -d '{"username":"coordinator","password":"$password"}'
run: open http://$listen/ in a browser for the UI (Dutch; English by the switch)
run: the demo asks no second factor (setting mfa_required_clearance: none; a new
     database asks it from confidential up); set one up under Tweestapsverificatie
run: starting the server (Ctrl-C stops it)
MSG
exec "$bin" --db "$db" serve --listen "$listen"
