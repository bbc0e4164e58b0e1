#!/usr/bin/env bash
# The finite-temperature tasks of circuits/thermal_regression.cir (issue 7), trained from their
# fixed seeds with the settings recorded in the file's header; fails unless each run reaches the
# figure recorded there: clamp-free training under Boltzmann noise (thermal-covariance) and
# thermal nudged EP under Johnson noise at 300 K, whose last-epoch <C> must sit on the Johnson
# floor kT/(2C). `make test` runs it on the release build.
#   usage: circuits/check_thermal_tasks.sh [NUDGE_BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
nudge=${1:-.build/release/nudge}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

common="--data data/thermal_regression.csv --epochs 20 --batch 4 --lr 2e-8 --test-fraction 0.25 --seed 1 --samples 400 --interval 10"
# shellcheck disable=SC2086
"$nudge" train circuits/thermal_regression.cir $common --estimator thermal-covariance --temperature 1e-12 \
  --out "$out/boltzmann" >"$out/boltzmann.log" 2>&1 &
first=$!
# shellcheck disable=SC2086
"$nudge" train circuits/thermal_regression.cir $common --estimator thermal-nudged --beta 1u --nudge-element resistor \
  --noise johnson --temperature 4.14e-21 --out "$out/johnson" >"$out/johnson.log" 2>&1 &
second=$!
wait "$first" || { cat "$out/boltzmann.log"; exit 1; }
wait "$second" || { cat "$out/johnson.log"; exit 1; }

field() { grep -o "\"$2\": *[-0-9.eE+naul]*" "$out/$1/summary.json" | sed 's/.*: *//'; }
status=0
for run in boltzmann johnson; do
  loss=$(field "$run" test_loss)
  wall=$(field "$run" wall_seconds)
  if awk -v x="$loss" 'BEGIN { exit !(x == x + 0 && x + 0 < 2e-8) }'; then
    echo "thermal task $run: noiseless test loss $loss V² (< 2e-8), ${wall} s"
  else
    echo "thermal task $run: noiseless test loss $loss V², expected < 2e-8" >&2
    status=1
  fi
done
# <C> at 300 K in the last epoch (metrics.csv's train_loss) against kT/(2C), C = 4 fF.
floor=$(awk 'BEGIN { printf "%.6e", 4.14e-21 / (2 * 4e-15) }')
thermal=$(tail -n 1 "$out/johnson/metrics.csv" | cut -d, -f2)
if awk -v x="$thermal" -v f="$floor" 'BEGIN { exit !(x == x + 0 && x > 0.9 * f && x < 1.1 * f) }'; then
  echo "thermal task johnson: last-epoch <C> $thermal V² on the Johnson floor kT/(2C) = $floor V² (±10 %)"
else
  echo "thermal task johnson: last-epoch <C> $thermal V², expected within 10 % of kT/(2C) = $floor V²" >&2
  status=1
fi
exit $status
