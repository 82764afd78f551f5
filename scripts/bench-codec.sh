#!/usr/bin/env bash
# Benchmarks Peerl's ETF codec against JInterface (OTP's Java library) with JMH.
#
#   scripts/bench-codec.sh                      # every term kind, JMH defaults from CodecBenchmark
#   scripts/bench-codec.sh -p kind=MIX -wi 2 -i 3 # any JMH options pass through
#
# JInterface comes from Debian's erlang-jinterface (Maven Central only has 1.6.1); set
# JINTERFACE_JAR to use a jar elsewhere. Results are printed and kept in
# samples/target/bench-codec.txt; gc.alloc.rate.norm is the bytes allocated per operation.
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

mvn -q -Pbench -pl samples -am package -DskipTests -Djinterface.jar="$jinterface_jar"

java -jar samples/target/peerl-benchmarks.jar CodecBenchmark -prof gc "$@" \
  | tee samples/target/bench-codec.txt
echo "Results kept in samples/target/bench-codec.txt" >&2
