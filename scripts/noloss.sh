#!/usr/bin/env bash
# The long form of the no-loss test: sequenced messages both ways at once between Peerl and a real
# erl node, 8 senders a side, every receiver checking its sender's sequence (docs/reliability.md,
# "No loss under load").
#
#   scripts/noloss.sh [MESSAGES]     # messages each way (default: 10000000)
#
# Runs NoLossInteropTest with -Dpeerl.noloss.messages=MESSAGES and prints its figures (sent,
# received, lost, reordered, duplicates, time, rate, and what the connection dropped). The whole
# output is in runtime/target/surefire-reports/dev.peerl.runtime.node.NoLossInteropTest-output.txt.
# MVN_ARGS (default -o) goes to Maven; add -Potp27 to run against OTP 27.
set -euo pipefail
cd "$(dirname "$0")/.."

messages=${1:-10000000}
output=runtime/target/surefire-reports/dev.peerl.runtime.node.NoLossInteropTest-output.txt
started=$SECONDS
status=0
# shellcheck disable=SC2086
mvn ${MVN_ARGS:--o} -q -pl runtime -am verify \
  -Dtest=NoLossInteropTest -Dsurefire.failIfNoSpecifiedTests=false -Dfuzz.smoke.skip=true \
  -Dpeerl.noloss.messages="$messages" || status=$?
echo "== no loss, $messages messages each way ($((SECONDS - started)) s wall, Maven included)"
grep -aE '^NOLOSS' "$output" || echo "no figures in $output" >&2
exit $status
