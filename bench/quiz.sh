#!/usr/bin/env bash
# 每日一题 benchmark on PostgreSQL: N Party members (imported through POST /api/org/people/import, addressed on the
# generic webhook channel) opt in; the server's quiz-daily-push job runs at quiz.dailyAt (set to LEAD minutes after
# the start, Beijing time: the "08:00 push") and pushes every member their question through the outbox to the
# driver's signed callback; then FRACTION of them (default 30 %) answer at uniform random moments within WINDOW
# seconds (default 600) through signed POST /webhook/generic, DUPS of them twice (a platform retry). The driver
# (io.shaozi.bench.quiz.QuizBench) measures each reply's latency and checks the ledger: every answer recorded once,
# point rows = correct answers = members paid, repeats answered the same and not counted again.
#
# Usage: bench/quiz.sh [N=10000] [FRACTION=0.3] [WINDOW=600]      quick run: bench/quiz.sh 1000 0.3 60
# Environment: PGURL=127.0.0.1:5432, PORT=18392 (server), CB_PORT=18391 (driver callback), LEAD=2 (minutes to
#   the push), PUSH_WAIT=1200 (s to wait for every push), DUPS=0.05, P99_GOAL=200 (ms), JAVA_OPTS (server JVM), SKIP_BUILD=1, KEEP=1 (keep the database).
# Logs: bench/target/quiz/. Exit status: 0 goals met, 1 a goal missed, 2 setup failure. Needs java, mvn, psql, curl, jq.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
fraction=${2:-0.3}
window=${3:-600}
pg=${PGURL:-127.0.0.1:5432}
port=${PORT:-18392}
cb_port=${CB_PORT:-18391}
lead=${LEAD:-2}
dups=${DUPS:-0.05}
p99_goal=${P99_GOAL:-200}
admin=quiz-bench-admin
secret=quiz-bench-webhook-secret
base=http://127.0.0.1:$port
for tool in java psql curl jq; do
  command -v "$tool" >/dev/null || { echo "quiz.sh: $tool is required" >&2; exit 2; }
done
[ "${SKIP_BUILD:-0}" = 1 ] || mvn -q -B -Dstyle.color=never -DskipTests -pl bench -am package
out=$PWD/bench/target/quiz
mkdir -p "$out"
rm -f "$out"/*.log "$out"/summary.json
db="quizbench_$(date +%s)"
data=$(mktemp -d)
shaozi=
fail() { echo "quiz.sh: $*" >&2; exit 2; }
psql_() { psql -X -q -v ON_ERROR_STOP=1 -h "${pg%:*}" -p "${pg#*:}" -U postgres "$@"; }
cleanup() {
  local rc=$?
  set +e
  [ -n "$shaozi" ] && kill "$shaozi" 2>/dev/null && wait "$shaozi" 2>/dev/null
  cp "$data"/*.log "$out"/ 2>/dev/null
  if [ "${KEEP:-0}" = 1 ]; then echo "# database kept: $db"
  else psql_ -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"; fi
  rm -rf "$data"
  exit "$rc"
}
trap cleanup EXIT
psql_ -d postgres -c "CREATE DATABASE $db"

# the push runs on working days (schedule.weekdays): make every day one for the run, and no quiet hours
daily_at=$(TZ=Asia/Shanghai date -d "+$lead min" +%H:%M)
env SHAOZI_SERVER_HOST=127.0.0.1 SHAOZI_SERVER_PORT="$port" SHAOZI_ADMIN_TOKEN="$admin" \
  SHAOZI_STORAGE_URL="jdbc:postgresql://$pg/$db" SHAOZI_STORAGE_USER=postgres SHAOZI_SCHEDULE_POLLSECONDS=1 \
  SHAOZI_SCHEDULE_WEEKDAYS=MON,TUE,WED,THU,FRI,SAT,SUN SHAOZI_PUSH_QUIETFROM=00:00 SHAOZI_PUSH_QUIETTO=00:00 \
  SHAOZI_QUIZ_DAILYAT="$daily_at" SHAOZI_CHANNELS_GENERIC_SECRET="$secret" \
  SHAOZI_CHANNELS_GENERIC_CALLBACKURL="http://127.0.0.1:$cb_port/push" \
  java ${JAVA_OPTS:--Xmx512m -XX:+UseG1GC} -Dshaozi.home="$PWD" -jar bot-core/target/shaozi.jar serve --data "$data" \
  >> "$data/server.log" 2>&1 &
shaozi=$!
for _ in $(seq 1 360); do
  curl -sf "$base/healthz" >/dev/null 2>&1 && break
  kill -0 "$shaozi" 2>/dev/null || fail "server exited during start; see $out/server.log"
  sleep 0.5
done
curl -sf "$base/healthz" >/dev/null || fail "server not ready; see $out/server.log"
echo "# server up; 每日一题 push at $daily_at (Beijing); N=$n, $fraction answer within $window s, repeats $dups"
wait_s=$(( lead * 60 + ${PUSH_WAIT:-1200} ))
set +e
java -Xmx512m -cp bench/target/benchmarks.jar io.shaozi.bench.quiz.QuizBench "$base" "$admin" "$secret" "$cb_port" \
  "jdbc:postgresql://$pg/$db" "$n" "$fraction" "$window" "$dups" "$wait_s" > "$out/summary.json" 2> "$data/driver.log"
driver=$?
set -e
cat "$data/driver.log" | grep '^#' | head -40
s=$(cat "$out/summary.json")
[ -n "$s" ] || fail "driver failed (exit $driver); see $out/driver.log"
j() { jq -r "$1" <<< "$s"; }
failed=0
row() { printf '%-40s %-18s %-14s %s\n' "$1" "$2" "$3" "$([ "$4" = 1 ] && echo ok || echo FAIL)"; [ "$4" = 1 ] || failed=1; }
eq() { [ "$1" = "$2" ] && echo 1 || echo 0; }
le() { awk -v a="$1" -v b="$2" 'BEGIN {exit !(a <= b)}' && echo 1 || echo 0; }
echo
echo "# quiz benchmark: N=$n, $(j .answerers) answers in $window s ($(j .ratePerS)/s), $(nproc) cores, $(date -u +%F)"
printf '%-40s %-18s %-14s %s\n' measure value goal ""
row "pushed (members who got the question)" "$(j .pushed)" "$n" "$(eq "$(j .pushed)" "$n")"
printf '%-40s %-18s\n' "push first -> last received (s)" "$(awk -v m="$(j .pushSpreadMs)" 'BEGIN {printf "%.1f", m / 1000}')"
row "answers sent / HTTP 200" "$(j .answerers) / $(j .ok)" "equal" "$(eq "$(j .answerers)" "$(j .ok)")"
row "answers recorded in the ledger" "$(j .ledgerAnswered)" "$(j .answerers)" "$(eq "$(j .ledgerAnswered)" "$(j .answerers)")"
row "correct replies / ledger point rows" "$(j .correct) / $(j .ledgerPointRows)" "equal" "$(eq "$(j .correct)" "$(j .ledgerPointRows)")"
row "points / members paid" "$(j .ledgerPoints) / $(j .ledgerPaidMembers)" "= rows" \
  "$([ "$(j .ledgerPoints)" = "$(j .ledgerPointRows)" ] && [ "$(j .ledgerPaidMembers)" = "$(j .ledgerPointRows)" ] && echo 1 || echo 0)"
row "repeats answered the same, not counted" "$(j .repeatsAnsweredTheSame)/$(j .repeatsSent)" "all" \
  "$(eq "$(j .repeatsAnsweredTheSame)" "$(j .repeatsSent)")"
row "no answer lost or double-counted" "$(j .noAnswerLostOrDoubleCounted)" "true" "$(eq "$(j .noAnswerLostOrDoubleCounted)" true)"
printf '%-40s %-18s\n' "reply latency p50 / p95 (ms)" "$(j .p50ms) / $(j .p95ms)"
row "reply latency p99 (ms)" "$(j .p99ms)" "<= $p99_goal" "$(le "$(j .p99ms)" "$p99_goal")"
printf '%-40s %-18s\n' "reply latency max (ms)" "$(j .maxms)"
exit "$failed"
