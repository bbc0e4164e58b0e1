#!/usr/bin/env bash
# Strong and weak scaling of data-parallel EP training (mpirun -n 1, 2, 4 of the MPI build) on
# the digits with benchmarks/mpi/drn_wide.drn. Strong: the global minibatch fixed at 256 samples;
# weak: 64 samples per process. Prints the wall seconds per epoch and per update (rank 0's timing
# of the training epochs, from summary.json) and, against one process, the speed-up of an epoch
# (strong: ideally P) or the efficiency of an update (weak: ideally the same time per update).
#   usage: bash benchmarks/mpi/scaling.sh [NUDGE]   (default .build-mpi/release/nudge; make mpi builds it)
set -euo pipefail
cd "$(dirname "$0")/../.."
nudge=${1:-.build-mpi/release/nudge}
epochs=${EPOCHS:-3}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'); OpenBLAS threads ${OPENBLAS_NUM_THREADS:-default}"
printf "%-6s %-5s %-6s %9s %10s %8s %10s %s\n" mode ranks batch "s/epoch" "ms/update" speedup efficiency "test acc"
for mode in strong weak; do
  base=""
  for ranks in 1 2 4; do
    batch=$([ "$mode" = strong ] && echo 256 || echo $((64 * ranks)))
    out="$scratch/$mode-$ranks"
    mpirun --oversubscribe --mca btl self,vader -n "$ranks" "$nudge" train benchmarks/mpi/drn_wide.drn --data digits \
      --epochs "$epochs" --batch "$batch" --lr 1e-6 --probe 0 --seed 1 --out "$out" > "$out.log" 2>&1
    read -r wall update acc < <(python3 -c "
import json
s = json.load(open('$out/summary.json'))
epoch = s['ep']['wall_seconds'] / s['ep']['epochs']
print(epoch, epoch / s['energy']['updates_per_epoch'], s['ep']['test_accuracy'])")
    if [ -z "$base" ]; then base=$wall; base_update=$update; fi
    python3 -c "
ranks = $ranks
if '$mode' == 'strong':
    speedup = $base / $wall; efficiency = speedup / ranks
else:
    speedup = ranks * $base_update / $update; efficiency = $base_update / $update
print('%-6s %-5d %-6d %9.3f %10.2f %8.2f %9.0f%% %.4f' % ('$mode', ranks, $batch, $wall, 1000 * $update, speedup, 100 * efficiency, $acc))"
  done
done
