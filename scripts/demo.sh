#!/usr/bin/env bash
# The main job: build Peerl and start the demo node.
#   bash scripts/demo.sh [--name NAME[@HOST]] [--cookie COOKIE] [--epmd-port PORT]
# Defaults: --name demo --cookie peerl. The node serves EPMD itself when none answers on the EPMD
# port (no Erlang install needed to start it), prints "ready" and how to reach it from erl and iex,
# and runs until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v mvn >/dev/null 2>&1 || {
  echo "Maven is missing: apt-get install -y maven openjdk-17-jdk-headless" >&2
  exit 1
}
# Debian's maven package brings a JRE only; the build needs the JDK's javac.
command -v javac >/dev/null 2>&1 || {
  echo "A JDK is missing (javac): apt-get install -y openjdk-17-jdk-headless" >&2
  exit 1
}
echo "Building Peerl (the first build downloads its dependencies and takes minutes)..." >&2
mvn -B -ntp -q -DskipTests package
args=("$@")
[[ " ${args[*]-} " == *" --name "* ]] || args+=(--name demo)
[[ " ${args[*]-} " == *" --cookie "* ]] || args+=(--cookie peerl)
exec java -jar samples/target/peerl-demo.jar "${args[@]}"
