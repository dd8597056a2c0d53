#!/usr/bin/env bash
# Load benchmark: Shaozi's /healthz and /webhook/generic beside a bare Netty hello-world, in the same run,
# on loopback. Usage: bench/load.sh [CONNECTIONS] [SECONDS]   (defaults 16 and 15; warm-up 5 s)
set -euo pipefail
cd "$(dirname "$0")/.."
conns=${1:-16}
secs=${2:-15}
mvn -q -B -Dstyle.color=never -DskipTests -pl bench -am package
bench=bench/target/benchmarks.jar
data=$(mktemp -d)
java -cp "$bench" io.shaozi.bench.load.BareNettyServer 18181 > /dev/null 2>&1 &
bare=$!
SHAOZI_SERVER_PORT=18182 SHAOZI_DIALOG_MESSAGESPERMINUTE=1000 java -Dshaozi.home="$PWD" \
  -jar bot-core/target/shaozi.jar serve --data "$data" --config bench/wechat-bench.yaml > "$data/server.log" 2>&1 &
shaozi=$!
trap 'kill $bare $shaozi 2>/dev/null; wait $bare $shaozi 2>/dev/null; rm -rf "$data"' EXIT
for i in $(seq 1 60); do
  curl -sf http://127.0.0.1:18182/healthz >/dev/null 2>&1 && curl -sf http://127.0.0.1:18181/ >/dev/null 2>&1 && break
  sleep 0.5
done
echo "# $(nproc) cores, $conns connections, ${secs}s measured after 5s warm-up, $(date -u +%F)"
java -cp "$bench" io.shaozi.bench.load.LoadGen http://127.0.0.1:18181/healthz GET "$conns" 5 "$secs"
java -cp "$bench" io.shaozi.bench.load.LoadGen http://127.0.0.1:18182/healthz GET "$conns" 5 "$secs"
java -cp "$bench" io.shaozi.bench.load.LoadGen http://127.0.0.1:18182/webhook/generic GENERIC "$conns" 5 "$secs"
for mode in WECHAT_PLAIN WECHAT_SAFE; do
  acct=$([ "$mode" = WECHAT_PLAIN ] && echo benchplain || echo benchsafe)
  java -cp "$bench" io.shaozi.bench.load.LoadGen "http://127.0.0.1:18182/wechat/$acct" "$mode" "$conns" 5 "$secs" "帮助"
  java -cp "$bench" io.shaozi.bench.load.LoadGen "http://127.0.0.1:18182/wechat/$acct" "$mode" "$conns" 5 "$secs" \
    "3号楼2单元楼道灯坏了好几天了"
done
