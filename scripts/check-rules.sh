#!/usr/bin/env bash
# check-rules.sh — the written code rules of docs/decisions.md, checked:
#  1. every C file is formatted as .clang-format says;
#  2. no source file over 800 lines;
#  3. SQL only in src/store;
#  4. includes only go down the layers (see the table below);
#  5. every source file opens with a comment saying what it is for;
#  6. kinds and roles are typed constants in the code: no model_kind_find
#     of a literal name, no strcmp of a kind's name or a role against a
#     literal (strings only where users and documents type them).
#  7. no bare malloc/calloc/realloc/strdup/strndup/asprintf in src/: the
#     x-versions of base/xmalloc.h abort when memory runs out.
# Prints each violation as FILE:LINE: rule and exits 1 if there is any.
set -uo pipefail
cd "$(dirname "$0")/.."
bad=0
say() { echo "$1"; bad=1; }

files=$(git ls-files --cached --others --exclude-standard '*.c' '*.h' 2>/dev/null)

# 1. formatting
for f in $files; do
  if ! clang-format --dry-run --Werror "$f" >/dev/null 2>&1; then
    say "$f: not formatted (run 'make format')"
  fi
done

# 2. length
for f in $(echo "$files" | grep '^src/'); do
  n=$(wc -l <"$f")
  [ "$n" -gt 800 ] && say "$f: $n lines, over 800: split it by concern"
done

# 3. SQL outside the store
for f in $(echo "$files" | grep '^src/' | grep -v '^src/store/'); do
  grep -nE '"[^"]*\b(SELECT|INSERT INTO|UPDATE [a-z_]+ SET|DELETE FROM|CREATE TABLE)\b' "$f" |
    while IFS= read -r hit; do echo "$f:${hit%%:*}: SQL outside src/store"; done | grep . && bad=1
done

# 4. layers: a folder may include itself and the folders listed for it
declare -A allowed=(
  [base]="base"
  [engine]="base engine"
  [store]="base store"
  [domain]="base engine store domain"
  [report]="base engine store domain report"
  [http]="base engine store domain report http"
  [cli]="base engine store domain report http cli"
)
for f in $(echo "$files" | grep '^src/'); do
  layer=$(echo "$f" | cut -d/ -f2)
  while IFS= read -r line; do
    num=${line%%:*}; inc=${line#*:}
    target=$(echo "$inc" | sed -n 's/^#include "\([a-z]*\)\/.*/\1/p')
    [ -z "$target" ] && continue
    case " ${allowed[$layer]:-} " in
      *" $target "*) ;;
      *) say "$f:$num: $layer may not include $target (layers go down only)";;
    esac
  done < <(grep -n '^#include "' "$f")
done

# 5. header comment
for f in $files; do
  head -1 "$f" | grep -q '^/\*' || say "$f:1: should open with a comment saying what the file is for"
done

# 6. kinds and roles as typed constants (docs/decisions.md)
for f in $(echo "$files" | grep '^src/'); do
  grep -nE 'model_kind_find\("' "$f" |
    while IFS= read -r hit; do
      echo "$f:${hit%%:*}: model_kind_find of a literal: use model_kind(KIND_...)"
    done | grep . && bad=1
  grep -nE 'strcmp\([^,;]*\bk(ind)?->name, *"' "$f" |
    while IFS= read -r hit; do
      echo "$f:${hit%%:*}: a kind compared by name: compare k->id with KIND_..."
    done | grep . && bad=1
  grep -nE 'strcmp\([^,;]*role[^,;]*, *"(coordinator|department|provider|auditor)"' "$f" |
    while IFS= read -r hit; do
      echo "$f:${hit%%:*}: a role compared as a string: compare enum user_role (ROLE_...)"
    done | grep . && bad=1
done

# 7. one memory policy: allocation through base/xmalloc.h
for f in $(echo "$files" | grep '^src/' | grep -v '^src/base/xmalloc\.c$'); do
  grep -nP '(?<![\w.>])(malloc|calloc|realloc|strdup|strndup|v?asprintf)\s*\(' "$f" |
    while IFS= read -r hit; do
      echo "$f:${hit%%:*}: bare allocation: use xmalloc/xcalloc/xrealloc/xstrdup/xstrndup/xasprintf (base/xmalloc.h), which abort when memory runs out"
    done | grep . && bad=1
done

if [ $bad -ne 0 ]; then echo "rules: violations found"; exit 1; fi
echo "rules: ok ($(echo "$files" | wc -w) files)"
