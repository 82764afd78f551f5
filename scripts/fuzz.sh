#!/usr/bin/env bash
# Coverage-guided fuzzing of Peerl's wire parsers with Jazzer, one target after the other (each
# @FuzzTest needs a JVM of its own). See docs/reliability.md.
#
#   scripts/fuzz.sh [TARGET|all] [INPUTS] [MAX_SECONDS]
#
#   TARGET       codec | dist | frames | handshake | epmd | all (default: all)
#   INPUTS       inputs to run per target (default: 10000000)
#   MAX_SECONDS  stop a target earlier after this many seconds (default: 86400)
#
# The corpus of each target is its regression directory, src/test/resources/.../<Test>Inputs/<method>/:
# the run starts from everything in it and adds the inputs that reach new coverage, and Jazzer
# writes every finding (crash-*, timeout-*) there too, so the normal build replays the corpus and
# every reproducer. Commit what a run adds. The log of each target is target/fuzz/<target>.log.
# MVN_ARGS (default -o) goes to Maven.
set -euo pipefail
cd "$(dirname "$0")/.."

target=${1:-all}
inputs=${2:-10000000}
max_seconds=${3:-86400}

# name -> module, test class, method, package path
declare -A TARGETS=(
  [codec]="codec TermDecoderFuzzTest decodesToATermThatRoundTripsOrRefuses dev/peerl/codec"
  [dist]="runtime DistMessageCodecFuzzTest readsAControlMessageThatRoundTripsOrRefusesTheFrame dev/peerl/runtime/control"
  [frames]="runtime DistFrameReaderFuzzTest readsFramesIntoMessagesOrRefusesOneAndHoldsBoundedMemory dev/peerl/runtime/control"
  [handshake]="runtime HandshakeFuzzTest endsWithAResultOrAHandshakeExceptionAndConnectsOnlyWithTheCookie dev/peerl/runtime/handshake"
  [epmd]="epmd EpmdServerFuzzTest answersTheFirstRequestValidlyOrClosesWithAnInvalidRequestException dev/peerl/epmd"
)
ORDER=(codec dist frames handshake epmd)

fuzz() {
  local name=$1
  read -r module class method package <<<"${TARGETS[$name]}"
  local corpus="$PWD/$module/src/test/resources/$package/${class}Inputs/$method"
  local log="$PWD/target/fuzz/$name.log"
  mkdir -p "$corpus" "$(dirname "$log")"
  echo "== $name: $class, up to $inputs inputs or ${max_seconds}s; log: $log"
  local started=$SECONDS status=0
  # shellcheck disable=SC2086
  mvn ${MVN_ARGS:--o} -pl "$module" -am verify \
    -Dtest="$class" -Dsurefire.failIfNoSpecifiedTests=false -Dfuzz.smoke.skip=true \
    -DargLine=-Xmx1g \
    -DJAZZER_FUZZ=1 \
    -Djazzer.internal.arg.0=fuzz \
    -Djazzer.internal.arg.1="$corpus" \
    -Djazzer.internal.arg.2=-runs="$inputs" \
    -Djazzer.internal.arg.3=-max_total_time="$max_seconds" \
    -Djazzer.internal.arg.4=-timeout=30 \
    -Djazzer.internal.arg.5=-print_final_stats=1 \
    >"$log" 2>&1 || status=$?
  local done_line stats
  done_line=$(grep -aE '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1 || true)
  stats=$(grep -aE '^Done [0-9]+ runs' "$log" | tail -1 || true)
  echo "   ${stats:-no 'Done' line} ($((SECONDS - started))s wall, Maven included)"
  echo "   ${done_line:-no final stats}"
  echo "   corpus: $(find "$corpus" -type f | wc -l) files in $corpus"
  if [[ $status -ne 0 ]]; then
    echo "   FAILED (exit $status): a finding or a build error, see $log" >&2
    grep -aE '== Java Exception|^crash|^timeout|FuzzTestFinding|artifact_prefix|Test unit written' "$log" | head -20 >&2 || true
  fi
  return $status
}

if [[ $target == all ]]; then
  failed=0
  for name in "${ORDER[@]}"; do
    fuzz "$name" || failed=1
  done
  exit $failed
elif [[ -n ${TARGETS[$target]:-} ]]; then
  fuzz "$target"
else
  echo "unknown target '$target'; one of: ${ORDER[*]} all" >&2
  exit 2
fi
