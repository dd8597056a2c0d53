#!/usr/bin/env bash
# The WeChat plain-mode "帮助" path, a recorded WeChat command ("我的工单") and the generic webhook ("帮助"), this checkout's server against another build's jar,
# run alternately on loopback (the machine's speed drifts: compare within one run).
# Usage: bench/compare.sh OTHER_CHECKOUT [ROUNDS]   e.g. git worktree add /tmp/old <commit>; build it with
#        (cd /tmp/old && mvn -q -B -DskipTests -pl bot-core -am package); bench/compare.sh /tmp/old 2
set -euo pipefail
cd "$(dirname "$0")/.."
other=$(cd "$1" && pwd)
rounds=${2:-2}
mvn -q -B -Dstyle.color=never -DskipTests -pl bench -am package
bench=bench/target/benchmarks.jar
dn=$(mktemp -d)
do_=$(mktemp -d)
SHAOZI_SERVER_PORT=18190 SHAOZI_DIALOG_MESSAGESPERMINUTE=1000 java -Dshaozi.home="$PWD" \
  -jar bot-core/target/shaozi.jar serve --data "$dn" --config bench/wechat-bench.yaml > "$dn/log" 2>&1 &
pn=$!
SHAOZI_SERVER_PORT=18191 SHAOZI_DIALOG_MESSAGESPERMINUTE=1000 java -Dshaozi.home="$other" \
  -jar "$other/bot-core/target/shaozi.jar" serve --data "$do_" --config "$other/bench/wechat-bench.yaml" \
  > "$do_/log" 2>&1 &
po=$!
trap 'kill $pn $po 2>/dev/null; wait $pn $po 2>/dev/null; rm -rf "$dn" "$do_"' EXIT
for i in $(seq 1 120); do
  curl -sf http://127.0.0.1:18190/healthz >/dev/null 2>&1 && curl -sf http://127.0.0.1:18191/healthz >/dev/null 2>&1 && break
  sleep 0.5
done
for round in $(seq 1 "$rounds"); do
  for port in 18191 18190; do
    [ "$port" = 18190 ] && echo "# this checkout, round $round" || echo "# $other, round $round"
    java -cp "$bench" io.shaozi.bench.load.LoadGen "http://127.0.0.1:$port/wechat/benchplain" WECHAT_PLAIN 16 3 8 "帮助"
    # a recorded command (claim, ticket lookup, stored reply): what durability costs where it is needed
    java -cp "$bench" io.shaozi.bench.load.LoadGen "http://127.0.0.1:$port/wechat/benchplain" WECHAT_PLAIN 16 3 8 "我的工单"
    java -cp "$bench" io.shaozi.bench.load.LoadGen "http://127.0.0.1:$port/webhook/generic" GENERIC 16 3 8
  done
done
