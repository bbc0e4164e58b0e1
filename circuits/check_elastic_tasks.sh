#!/usr/bin/env bash
# The elastic-network tasks shipped in circuits/, trained from their fixed seeds by EP and by
# coupled learning with the settings recorded in each file's header; fails unless every run
# ends below the loss recorded there. `make test` runs it on the release build.
#   usage: circuits/check_elastic_tasks.sh [NUDGE_BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
nudge=${1:-.build/release/nudge}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# name | file | expected: "train" or "test" loss below LIMIT | flags
runs=(
  "allostery-ep|allostery_400|train|1e-9|--epochs 200 --lr 0.1 --beta 1e-3 --estimator centered"
  "allostery-cl|allostery_400|train|1e-15|--epochs 200 --lr 0.1 --estimator coupled-learning --eta 0.1"
  "regression-ep|springs_regression|test|5e-5|--epochs 60 --batch 12 --lr 0.05 --test-fraction 0.25 --beta 1e-3 --estimator centered"
  "regression-cl|springs_regression|test|5e-5|--epochs 60 --batch 12 --lr 0.05 --test-fraction 0.25 --estimator coupled-learning --eta 0.1"
)

run() {
  IFS='|' read -r name file _ _ flags <<<"$1"
  # shellcheck disable=SC2086
  "$nudge" train "circuits/$file.elastic" --data "circuits/$file.csv" --probe 0 $flags \
    --out "$out/$name" >"$out/$name.log" 2>&1
}

# Two at a time (the machines have two cores).
for ((i = 0; i < ${#runs[@]}; i += 2)); do
  pids=()
  for spec in "${runs[@]:i:2}"; do run "$spec" & pids+=($!); done
  for pid in "${pids[@]}"; do wait "$pid" || { cat "$out"/*.log; exit 1; }; done
done

status=0
for spec in "${runs[@]}"; do
  IFS='|' read -r name file which limit _ <<<"$spec"
  summary="$out/$name/summary.json"
  loss=$(grep -o "\"${which}_loss\": *[-0-9.eE+naif]*" "$summary" | sed 's/.*: *//')
  wall=$(grep -o '"wall_seconds": *[0-9.eE+-]*' "$summary" | sed 's/.*: *//')
  if awk -v x="$loss" -v l="$limit" 'BEGIN { exit !(x == x + 0 && x + 0 < l + 0) }'; then
    printf 'ok    %-14s %s loss %s < %s (%.0f s)\n' "$name" "$which" "$loss" "$limit" "$wall"
  else
    printf 'FAIL  %-14s %s loss %s, expected < %s\n' "$name" "$which" "$loss" "$limit"
    status=1
  fi
done
exit $status
