#!/usr/bin/env bash
# The long soak: traffic both ways between Peerl and a real erl node (messages, gen_server calls
# each way, processes linking to and monitoring erl) while erl drops the connection every
# DISCONNECT_SECONDS; heap after GC and table sizes sampled every SAMPLE_SECONDS
# (docs/reliability.md, "Soak").
#
#   scripts/soak.sh [MINUTES] [SAMPLE_SECONDS] [DISCONNECT_SECONDS]   # defaults: 30 60 10
#
# Runs the bridge's SoakInteropTest with -Dpeerl.soak.seconds etc.; the table of samples is printed
# at the end and written to bridge/target/soak-report.md. MVN_ARGS (default -o) goes to Maven; add
# -Potp27 to run against OTP 27.
set -euo pipefail
cd "$(dirname "$0")/.."

minutes=${1:-30}
sample=${2:-60}
disconnect=${3:-10}
started=$SECONDS
status=0
# shellcheck disable=SC2086
mvn ${MVN_ARGS:--o} -q -pl bridge -am verify \
  -Dtest=SoakInteropTest -Dsurefire.failIfNoSpecifiedTests=false -Dfuzz.smoke.skip=true \
  -Dpeerl.soak.seconds=$((minutes * 60)) -Dpeerl.soak.sample-seconds="$sample" \
  -Dpeerl.soak.disconnect-ms=$((disconnect * 1000)) || status=$?
echo "== soak, $minutes min, a sample every $sample s, a disconnect every $disconnect s" \
  "($((SECONDS - started)) s wall, Maven included)"
cat bridge/target/soak-report.md 2>/dev/null || echo "no report in bridge/target/soak-report.md" >&2
exit $status
