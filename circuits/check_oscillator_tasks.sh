#!/usr/bin/env bash
# The oscillator-network tasks shipped in circuits/ (issue 6), trained from their fixed seeds with
# the settings recorded in each file's header; fails unless every run reaches the figure recorded
# there. The denoising task's samples are regenerated (deterministic, 4 MB) and its network must
# equal the shipped file's. `make test` runs it on the release build.
#   usage: circuits/check_oscillator_tasks.sh [NUDGE_BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
nudge=${1:-.build/release/nudge}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

"$nudge" generate denoising --rows 64 --columns 64 --samples 24 --noise 0.6 --seed 1 \
  --output "$out/denoise_64.osc" --data "$out/denoise_64.csv" >/dev/null
if ! diff <(grep -v '^\*' circuits/denoise_64.osc) <(grep -v '^\*' "$out/denoise_64.osc") >/dev/null; then
  echo "circuits/denoise_64.osc differs from what 'nudge generate denoising' makes:" >&2
  diff <(grep -v '^\*' circuits/denoise_64.osc) <(grep -v '^\*' "$out/denoise_64.osc") >&2 || true
  exit 1
fi

# name | file | data | summary field | at least/below | limit | flags
runs=(
  "xor|xor|circuits/xor_phases.csv|train_accuracy|atleast|1|--epochs 60 --lr 0.05 --starts 4 --seed 1"
  "digits|digits|digits|test_accuracy|atleast|0.9|--phase-cost log --epochs 8 --batch 10 --lr 0.02 --probe 0"
  "denoise|denoise_64|$out/denoise_64.csv|test_loss|below|100|--epochs 20 --batch 6 --lr 0.02 --test-fraction 0.25 --probe 0"
)

run() {
  IFS='|' read -r name file data _ _ _ flags <<<"$1"
  # shellcheck disable=SC2086
  "$nudge" train "circuits/$file.osc" --data "$data" $flags --out "$out/$name" >"$out/$name.log" 2>&1
}

# Two at a time (the machines have two cores).
for ((i = 0; i < ${#runs[@]}; i += 2)); do
  pids=()
  for spec in "${runs[@]:i:2}"; do run "$spec" & pids+=($!); done
  for pid in "${pids[@]}"; do wait "$pid" || { cat "$out"/*.log; exit 1; }; done
done

status=0
for spec in "${runs[@]}"; do
  IFS='|' read -r name _ _ field how limit _ <<<"$spec"
  summary="$out/$name/summary.json"
  value=$(grep -o "\"$field\": *[-0-9.eE+naul]*" "$summary" | sed 's/.*: *//')
  wall=$(grep -o '"wall_seconds": *[0-9.eE+-]*' "$summary" | sed 's/.*: *//')
  if [ "$how" = atleast ]; then
    test='BEGIN { exit !(x == x + 0 && x + 0 >= l + 0) }'; word="≥"
  else
    test='BEGIN { exit !(x == x + 0 && x + 0 < l + 0) }'; word="<"
  fi
  if awk -v x="$value" -v l="$limit" "$test"; then
    echo "oscillator task $name: $field $value ($word $limit), ${wall} s"
  else
    echo "oscillator task $name: $field $value, expected $word $limit" >&2
    status=1
  fi
done
exit $status
