#!/usr/bin/env bash
# Measures the whole-process wall time of one failover command, as an operator waits for it:
# RUNS runs (default 7, at most 50) one after the other, each time printed in milliseconds, then
# the median, the fastest and the slowest, with the machine (cores, CPU model), the date and the
# load average before and after (the machine may be shared: say so next to any figure). The CPU
# time the process used (user + system, from /usr/bin/time) is printed too: on a busy machine it
# says what the tool costs when the wall time mostly says how long it waited for a core.
#
#   scripts/measure-cli-startup.sh [-n RUNS] [-w WARMUP] -- failover-cli/bin/failover --sandbox status
#
# WARMUP runs (default 1) come first and are not counted (they fill the file cache and, with the
# launcher's class-data archive, make it). Standard output and error of the command are discarded;
# a run that exits with a code other than 0 or 3 (drift found) stops the measurement.
set -euo pipefail

runs=7
warmup=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    -n) runs="$2"; shift 2 ;;
    -w) warmup="$2"; shift 2 ;;
    --) shift; break ;;
    *) echo "usage: $0 [-n RUNS] [-w WARMUP] -- COMMAND..." >&2; exit 2 ;;
  esac
done
if [[ $# -eq 0 ]]; then
  echo "usage: $0 [-n RUNS] [-w WARMUP] -- COMMAND..." >&2
  exit 2
fi
if (( runs < 1 || runs > 50 || warmup < 0 || warmup > 10 )); then
  echo "$0: RUNS must be 1 to 50 and WARMUP 0 to 10" >&2
  exit 2
fi

cpu_file=$(mktemp)
trap 'rm -f "$cpu_file"' EXIT

# prints "WALL_MS CPU_MS"
run_once() {
  local start end code
  start=$(date +%s%N)
  set +e
  /usr/bin/time -o "$cpu_file" -f '%U %S' "$@" >/dev/null 2>&1
  code=$?
  set -e
  end=$(date +%s%N)
  if [[ $code -ne 0 && $code -ne 3 ]]; then
    echo "$0: the command exited with $code: $*" >&2
    exit 1
  fi
  echo "$(( (end - start) / 1000000 )) $(awk 'END { printf "%d", ($1 + $2) * 1000 }' "$cpu_file")"
}

median() {
  local sorted n
  sorted=($(printf '%s\n' "$@" | sort -n))
  n=${#sorted[@]}
  if (( n % 2 == 1 )); then
    echo "${sorted[$(( n / 2 ))]} ${sorted[0]} ${sorted[$(( n - 1 ))]}"
  else
    echo "$(( (sorted[n / 2 - 1] + sorted[n / 2]) / 2 )) ${sorted[0]} ${sorted[$(( n - 1 ))]}"
  fi
}

echo "command: $*"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(java -version 2>&1 | head -n 1)"
echo "date:    $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for (( i = 0; i < warmup; i++ )); do
  run_once "$@" >/dev/null
done
times=()
cpus=()
for (( i = 0; i < runs; i++ )); do
  read -r t c < <(run_once "$@")
  [[ -n "${c:-}" ]] || exit 1
  times+=("$t")
  cpus+=("$c")
done
echo "load after:  $(cut -d' ' -f1-3 /proc/loadavg)"
echo "wall (ms): ${times[*]}"
echo "cpu  (ms): ${cpus[*]}"
read -r m lo hi < <(median "${times[@]}")
echo "wall median: ${m} ms  fastest: ${lo} ms  slowest: ${hi} ms"
read -r m lo hi < <(median "${cpus[@]}")
echo "cpu  median: ${m} ms  least: ${lo} ms  most: ${hi} ms"
