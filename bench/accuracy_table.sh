#!/usr/bin/env bash
# The accuracy table of bench/RESULTS.md: `pg-edge eval` on every simulated
# scenario (the multi-day workday aside) for each analyzer and face photo, one
# Markdown row per scenario and analyzer. Cell: macro-F1 over the states the
# truth holds / alerts (of them during good posture) / mean detection delay,
# and "f" when an analyzer without head pose had looking_down or tilt truth
# scored as good (counted by eval as folded_as_good).
#
#   bench/accuracy_table.sh [BUILD_DIR]        (default build)
#   ANALYZERS="mesh blazeface cascade" FACES="desk-man astronaut ..." bench/accuracy_table.sh
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build}
pg=$build/edge/pg-edge
analyzers=${ANALYZERS:-mesh blazeface cascade}
faces=${FACES:-desk-man astronaut astronaut_mirror_bright astronaut_dark_gamma astronaut_tight_small astronaut_rotated_soft}
command -v jq >/dev/null || { echo "accuracy_table: needs jq" >&2; exit 2; }
[[ -x $pg ]] || { echo "accuracy_table: no $pg (build first)" >&2; exit 2; }

printf '| scenario | analyzer |'
for f in $faces; do printf ' %s |' "$f"; done
printf '\n|---|---|'
for f in $faces; do printf -- '---|'; done
printf '\n'
for s in $("$pg" eval --list-scenarios | cut -f1 | grep -v '^workday$'); do
    for a in $analyzers; do
        printf '| %s | %s |' "$s" "$a"
        for f in $faces; do
            cell=$("$pg" eval --source "sim:$s,face=$here/tests/data/faces/$f.png" --analyzer "$a" --json 2>/dev/null |
                jq -r '"\(.macro_f1 * 1000 | round / 1000) / \(.alerts)a(\(.alerts_in_good)g) / \(.mean_detect_delay_s)s\(if .folded_ticks > 0 then " f" else "" end)"') ||
                cell="eval failed"
            printf ' %s |' "$cell"
        done
        printf '\n'
    done
done
