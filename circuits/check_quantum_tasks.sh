#!/usr/bin/env bash
# The quantum EP tasks of circuits/xor_tfim.quantum and circuits/harmonic_regression.quantum
# (issue 8), trained from their fixed seeds with the settings recorded in the files' headers;
# fails unless each run reaches the figures recorded there: the TFIM learns XOR (100 % train
# accuracy) with exact expectations and with 200 shots per setting, and on the harmonic network
# quantum EP ends at a lower quantum loss than classical EP, which fits the means exactly but
# keeps the zero-point spread. `make test` runs it on the release build (about 2 s).
#   usage: circuits/check_quantum_tasks.sh [NUDGE_BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
nudge=${1:-.build/release/nudge}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

xor="circuits/xor_tfim.quantum --data data/xor_fields.csv --epochs 150 --batch 4 --lr 0.05 --estimator centered --beta 2 --seed 1"
harmonic="circuits/harmonic_regression.quantum --data data/harmonic_regression.csv --epochs 300 --batch 8 --lr 0.02 --estimator centered --beta 0.01 --test-fraction 0.25 --seed 1"
run() {
  local name=$1; shift
  # shellcheck disable=SC2068
  "$nudge" quantum train $@ --out "$out/$name" >"$out/$name.log" 2>&1 || { cat "$out/$name.log"; exit 1; }
}
run xor $xor
run xor_shots $xor --shots 200
run quantum $harmonic
run classical $harmonic --classical

field() { grep -o "\"$2\": *[-0-9.eE+nul]*" "$out/$1/summary.json" | sed 's/.*: *//'; }
status=0
check() {  # message, awk condition on x (and y)
  if awk -v x="$3" -v y="${4:-0}" "BEGIN { exit !($2) }"; then echo "quantum task $1"; else echo "quantum task FAILED: $1" >&2; status=1; fi
}
for run in xor xor_shots; do
  accuracy=$(field $run train_accuracy); loss=$(field $run train_loss)
  check "$run: train accuracy $accuracy (expected 1), loss $loss (< 0.1), from epoch $(field $run first_perfect_epoch), $(field $run experiments_per_update) measurements per update, $(field $run wall_seconds) s" \
    'x == 1 && y == y + 0 && y < 0.1' "$accuracy" "$loss"
done
quantum=$(field quantum train_loss); classical=$(field classical train_loss)
check "harmonic, quantum EP: quantum loss $quantum (expected 0.0915, < 0.1), means' part $(field quantum train_classical_loss)" \
  'x == x + 0 && x < 0.1' "$quantum"
check "harmonic, classical EP: quantum loss $classical (expected 0.228, > 0.2), means' part $(field classical train_classical_loss) (< 1e-8)" \
  'x == x + 0 && x > 0.2 && y < 1e-8' "$classical" "$(field classical train_classical_loss)"
check "harmonic: classical EP's quantum loss is $(awk -v a="$classical" -v b="$quantum" 'BEGIN { printf "%.2f", a / b }') times quantum EP's (> 2)" \
  'x > 2 * y' "$classical" "$quantum"
exit $status
