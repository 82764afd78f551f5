#!/usr/bin/env bash
# Runs one of the samples (docs/samples.md) on this machine: builds Peerl, starts the sample's Java
# node, runs its Erlang side (and for kv its Elixir side) against it, prints what both printed.
#   bash scripts/sample.sh ping-pong|kv|shop|chat|cluster
# Needs Java 17 and Maven (the build), erl and erlc (apt-get install -y erlang-base), and elixir
# for kv. SAMPLE_SKIP_BUILD=1 reuses samples/target/peerl-demo.jar.
set -euo pipefail
cd "$(dirname "$0")/.."

usage="usage: bash scripts/sample.sh ping-pong|kv|shop|chat|cluster"
exs=""
case "${1-}" in
  ping-pong) main=dev.peerl.samples.pingpong.PingPong module=ping_pong ;;
  kv) main=dev.peerl.samples.kv.KeyValue module=kv_client exs=samples/src/main/elixir/kv_client.exs ;;
  shop) main=dev.peerl.samples.shop.Shop module=shop ;;
  chat) main=dev.peerl.samples.chat.ChatRoom module=chat ;;
  cluster) main=dev.peerl.samples.cluster.ClusterSample module=cluster_greeter ;;
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
cluster_pids=()
cleanup() {
  # The Java node ends by SIGTERM (status 143): that is not the sample's status, so not ours.
  if [[ -n "$java_pid" ]] && kill "$java_pid" 2>/dev/null; then
    wait "$java_pid" 2>/dev/null || true
  fi
  for pid in "${cluster_pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# Waits until the java process $1 prints "ready NODE" into $2; prints NODE.
await_ready() {
  for _ in $(seq 600); do
    grep -q '^ready ' "$2" && break
    kill -0 "$1" 2>/dev/null || { cat "${2%.out}.err" >&2; exit 1; }
    sleep 0.1
  done
  sed -n 's/^ready //p' "$2"
}

if [[ "$1" == cluster ]]; then
  # Sample 5 (docs/cluster.md): two erl nodes with an Erlang greeter each, two JVMs in a Pekko
  # Cluster on 127.0.0.1 (ports SAMPLE_CLUSTER_PORTS, default 25521 and 25522), then one of each
  # killed. The Java members print what their Receptionist lists; a third erl node shows pg.
  erlc -o "$work" "samples/src/main/erlang/$module.erl"
  host=$(erl -sname "sample_probe_$$" -noshell -eval 'io:format("~s", [lists:nth(2, string:split(atom_to_list(node()), "@"))]), halt().')
  read -r port1 port2 <<<"${SAMPLE_CLUSTER_PORTS:-25521 25522}"
  for n in 1 2; do
    erl -sname "sample_erl${n}_$$" -setcookie "$cookie" -noshell -kernel start_pg true -pa "$work" \
      -eval 'cluster_greeter:start(), receive never -> ok end.' </dev/null >"$work/erl$n.out" 2>&1 &
    cluster_pids+=($!)
  done
  erl_nodes="sample_erl1_$$@$host,sample_erl2_$$@$host"
  for n in 1 2; do
    port=$([[ $n == 1 ]] && echo "$port1" || echo "$port2")
    java -cp samples/target/peerl-demo.jar "$main" --name "sample_java${n}_$$" --cookie "$cookie" \
      --port "$port" --seed "$port1" --erlang "$erl_nodes" >"$work/java$n.out" 2>"$work/java$n.err" &
    cluster_pids+=($!)
    java_node[$n]=$(await_ready "$!" "$work/java$n.out")
    [[ -n "${java_node[$n]}" ]] || { echo "Java member $n did not start" >&2; cat "$work/java$n.err" >&2; exit 1; }
    echo "Java member ${java_node[$n]} is up (Pekko Cluster port $port)"
  done
  # An erl node that watches pg: it sees both Java greeters and greets them, and writes that into
  # the kill file; after the kills it shows the greeters again once the killed JVM's one has left.
  echo "--- erl calls the Java greeters through pg"
  erl -sname "sample_watch_$$" -setcookie "$cookie" -noshell -pa "$work" -eval \
    "cluster_greeter:watch(['${java_node[1]}', '${java_node[2]}'], \"$work/kill\"), halt()." </dev/null &
  watcher=$!
  cluster_pids+=($watcher)
  for _ in $(seq 300); do [[ -s "$work/kill" ]] && break; sleep 0.1; done
  cat "$work/kill"
  echo "--- killing Java member ${java_node[2]} and erl node sample_erl2_$$ (kill -9)"
  kill -9 "${cluster_pids[3]}" "${cluster_pids[1]}"
  wait "${cluster_pids[3]}" "${cluster_pids[1]}" 2>/dev/null || true
  wait "$watcher" || true
  # The Java side: the first member lists its own greeter alone once the failure detector has
  # marked the dead member unreachable (the split brain resolver then downs it).
  for _ in $(seq 300); do
    [[ $(grep -c 'sees Java greeters on \[this JVM\]$' "$work/java1.out") -ge 2 ]] && break
    sleep 0.1
  done
  sleep 0.5
  for n in 1 2; do
    echo "--- Java member ${java_node[$n]} printed:"
    grep -v '^ready ' "$work/java$n.out" || true
  done
  exit 0
fi

# The Java node prints "ready NODE" once Erlang can reach it (it starts EPMD if none runs).
java -cp samples/target/peerl-demo.jar "$main" --name "sample_java_$$" --cookie "$cookie" \
  >"$work/java.out" 2>"$work/java.err" &
java_pid=$!
java_node=$(await_ready "$java_pid" "$work/java.out")
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
