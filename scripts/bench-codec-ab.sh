#!/usr/bin/env bash
# Compares the codec benchmark of two or more builds, jar against jar, on a noisy machine.
#
#   scripts/bench-codec-ab.sh [options] NAME=JAR NAME=JAR ...
#     -b REGEX   the benchmarks (default: 'CodecBenchmark.peerlDecode$')
#     -k KINDS   the term kinds (default: SMALL,GEN_CALL,MAP)
#     -f FORKS   JMH forks a jar a round (default: 3)
#     -r ROUNDS  how many times the jars take turns (default: 2)
#
# Each JAR is a samples/target/peerl-benchmarks.jar built from the commit to compare (copy it
# away before building the next one). The jars run one after the other, ROUNDS times, each with
# 3 warm-up and 3 measured iterations of 1 s per fork on a fixed, pre-touched heap; each row
# gives the median and the best of the measured iterations. Compare the best: interference from
# the rest of the machine only ever slows an iteration down (docs/performance.md, "Session 15").
set -euo pipefail

benchmarks='CodecBenchmark.peerlDecode$'
kinds=SMALL,GEN_CALL,MAP
forks=3
rounds=2
while getopts 'b:k:f:r:' option; do
  case $option in
    b) benchmarks=$OPTARG ;;
    k) kinds=$OPTARG ;;
    f) forks=$OPTARG ;;
    r) rounds=$OPTARG ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
if [[ $# -lt 1 ]]; then
  echo "usage: $0 [-b REGEX] [-k KINDS] [-f FORKS] [-r ROUNDS] NAME=JAR ..." >&2
  exit 2
fi
for pair in "$@"; do
  if [[ $pair != *=* || ! -f ${pair#*=} ]]; then
    echo "not NAME=JAR of an existing jar: $pair" >&2
    exit 2
  fi
done

summarize() {
  python3 -c '
import re, statistics, sys
name = sys.argv[1]
bench = kind = None
scores = {}
for line in sys.stdin:
    m = re.match(r"# Benchmark: \S+\.(\w+)$", line)
    if m:
        bench = m.group(1)
    m = re.match(r"# Parameters: \(kind = (\w+)\)", line)
    if m:
        kind = m.group(1)
        scores.setdefault((bench, kind), [])
    m = re.match(r"Iteration +\d+: ([\d.]+)", line)
    if m and kind:
        scores[(bench, kind)].append(float(m.group(1)))
if not scores:
    sys.exit(name + ": no iterations measured (is the jar a peerl-benchmarks.jar?)")
for (bench, kind), values in scores.items():
    print("%-10s %-24s %-10s n=%2d  median %9.3f  best %9.3f ops/us"
          % (name, bench, kind, len(values), statistics.median(values), max(values)))
' "$1"
}

for round in $(seq "$rounds"); do
  echo "# round $round of $rounds"
  for pair in "$@"; do
    name=${pair%%=*}
    jar=${pair#*=}
    java -jar "$jar" "$benchmarks" -p kind="$kinds" -f "$forks" -wi 3 -i 3 \
      -jvmArgsAppend "-Xms2g -Xmx2g -XX:+AlwaysPreTouch" 2>&1 | summarize "$name"
  done
done
