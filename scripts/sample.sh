#!/usr/bin/env bash
# Runs one of the samples (docs/samples.md) on this machine: builds Peerl, starts the sample's Java
# node, runs its Erlang side (and for kv its Elixir side) against it, prints what both printed.
#   bash scripts/sample.sh ping-pong|kv|shop|chat
# Needs Java 17 and Maven (the build), erl and erlc (apt-get install -y erlang-base), and elixir
# for kv. SAMPLE_SKIP_BUILD=1 reuses samples/target/peerl-demo.jar.
set -euo pipefail
cd "$(dirname "$0")/.."

usage="usage: bash scripts/sample.sh ping-pong|kv|shop|chat"
exs=""
case "${1-}" in
  ping-pong) main=dev.peerl.samples.pingpong.PingPong module=ping_pong ;;
  kv) main=dev.peerl.samples.kv.KeyValue module=kv_client exs=samples/src/main/elixir/kv_client.exs ;;
  shop) main=dev.peerl.samples.shop.Shop module=shop ;;
  chat) main=dev.peerl.samples.chat.ChatRoom module=chat ;;
  *) echo "$usage" >&2; exit 2 ;;
esac
for tool in java erl erlc ${exs:+elixir}; do
  command -v "$tool" >/dev/null 2>&1 || { echo "$tool is missing (see docs/samples.md)" >&2; exit 1; }
done
if [[ "${SAMPLE_SKIP_BUILD-}" != 1 || ! -f samples/target/peerl-demo.jar ]]; then
  echo "Building Peerl (SAMPLE_SKIP_BUILD=1 skips it; the first build takes minutes)..." >&2
  mvn -B -ntp -q -DskipTests package -pl samples -am
fi

cookie=peerl_sample
work=$(mktemp -d)
java_pid=""
cleanup() {
  # The Java node ends by SIGTERM (status 143): that is not the sample's status, so not ours.
  if [[ -n "$java_pid" ]] && kill "$java_pid" 2>/dev/null; then
    wait "$java_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# The Java node prints "ready NODE" once Erlang can reach it (it starts EPMD if none runs).
java -cp samples/target/peerl-demo.jar "$main" --name "sample_java_$$" --cookie "$cookie" \
  >"$work/java.out" 2>"$work/java.err" &
java_pid=$!
for _ in $(seq 600); do
  grep -q '^ready ' "$work/java.out" && break
  kill -0 "$java_pid" 2>/dev/null || { cat "$work/java.err" >&2; exit 1; }
  sleep 0.1
done
java_node=$(sed -n 's/^ready //p' "$work/java.out")
[[ -n "$java_node" ]] || { echo "the Java node did not start" >&2; cat "$work/java.err" >&2; exit 1; }
echo "Java node $java_node is up; running samples/src/main/erlang/$module.erl against it"

erlc -o "$work" "samples/src/main/erlang/$module.erl"
erl -sname "sample_erl_$$" -setcookie "$cookie" -noshell -pa "$work" -eval \
  "R = $module:run('$java_node'), io:format(\"erlang: ~p~n\", [R]), halt()."
if [[ -n "$exs" ]]; then
  echo "running $exs against it"
  elixir --sname "sample_ex_$$" --cookie "$cookie" "$exs" "$java_node"
fi
echo "--- the Java node printed:"
grep -v '^ready ' "$work/java.out" || true
