#!/usr/bin/env bash
# The distribution benchmark: the same workloads against a BEAM node, a JInterface node and a Peerl
# node side by side, the reverse direction (each sending to a BEAM sink), and a million Peerl
# processes. Every node is its own OS process on this machine; see docs/performance.md.
#
#   scripts/bench-dist.sh            # the full run (about 15 minutes; run it on a quiet machine)
#   scripts/bench-dist.sh --rounds 1 # one measured round per workload instead of 3 (about 7 minutes)
#   scripts/bench-dist.sh --quick    # a smoke run with small counts (under 2 minutes)
#   scripts/bench-dist.sh --only small-1,call-1,reverse-small-1,million
#
# Needs erl/erlc (OTP 25+; PEERL_ERL/PEERL_ERLC choose another, e.g. scripts/erl27) and
# JInterface (Debian's erlang-jinterface; set JINTERFACE_JAR to use a jar elsewhere). The report is
# printed and written to samples/target/bench-dist.md (--out FILE for another place); the nodes'
# logs go to samples/target/bench-dist-logs. BENCH_JAVA_OPTS sets the Java nodes' JVM options
# (default -Xms1g -Xmx4g). BENCH_SKIP_BUILD=1 reuses the jars already built.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

jinterface_jar=${JINTERFACE_JAR:-/usr/share/java/OtpErlang.jar}
if [[ ! -f $jinterface_jar ]]; then
  if [[ -n ${JINTERFACE_JAR:-} ]]; then
    echo "JINTERFACE_JAR=$jinterface_jar does not exist" >&2
    exit 1
  fi
  sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    sudo=(sudo)
  fi
  echo "Installing erlang-jinterface for $jinterface_jar" >&2
  "${sudo[@]}" apt-get install -y erlang-jinterface \
    || { "${sudo[@]}" apt-get update && "${sudo[@]}" apt-get install -y erlang-jinterface; }
fi

if [[ -z ${BENCH_SKIP_BUILD:-} ]]; then
  mvn -q -Pbench -pl samples -am package -DskipTests -Djinterface.jar="$jinterface_jar"
fi

# Without BENCH_JAVA_OPTS the harness's own default applies (DistBenchmark.DEFAULT_JAVA_OPTIONS).
java_opts=()
if [[ -n ${BENCH_JAVA_OPTS:-} ]]; then
  java_opts=(--java-opts "$BENCH_JAVA_OPTS")
fi
exec java -cp samples/target/peerl-benchmarks.jar dev.peerl.samples.bench.dist.DistBenchmark \
  --jinterface-jar "$jinterface_jar" "${java_opts[@]}" "$@"
