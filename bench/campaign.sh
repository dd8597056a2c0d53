#!/usr/bin/env bash
# Campaign benchmark on PostgreSQL: one learning item, approved by a second person, pushed to N WeCom residents
# through a fake WeCom API server on loopback (io.shaozi.bench.campaign.FakeWeCom) that enforces WeCom's limits:
# PER_MINUTE accepted calls per corp in any 60 s (45009 beyond), 30/min and 1,000/h per member (dropped beyond),
# and honours enable_duplicate_check. When the campaign has sent KILL_AT % (default 40) the server is killed with
# SIGKILL and started again with the same settings. A fresh database is created on the local PostgreSQL and dropped
# afterwards.
#
# Usage: bench/campaign.sh [N=100000] [PER_MINUTE=10000]      quick run: bench/campaign.sh 2000 6000
# Environment: KILL_AT=40 (0 = no kill), PGURL=127.0.0.1:5432, PORT=18292 (server), FAKE_PORT=18291,
#   JAVA_OPTS (server JVM options, as ./bot), SKIP_BUILD=1, SETTLE=10 (seconds to wait after the last send for late
#   duplicates), ENQUEUE_GOAL=10 (s), RATE_GOAL=95 (%), RSS_GOAL=512 (MB), KEEP=1 (keep the database),
#   OLD_SERVER=1 (do not set channels.wecom.limits.corp, for servers that do not know it yet), ENQUEUE_ONLY=1 (stop
#   once the run is enqueued and report the enqueue time only: quick iterations on the enqueue path), BATCH=0 (members
#   per batched app message, push.batch.wecom, at most 1,000; 0 = one message per member).
# With BATCH the kill can hit a batch during its platform call: that batch is not sent again and its members count
# as failed (in_doubt); the goals become sent + in_doubt = N, nobody twice, reached between sent and N.
# Logs and the fake's final /stats: bench/target/campaign/.
# Goals (the issue): audience resolution + ledger + outbox enqueue (POST → enqueuedAt) ≤ ENQUEUE_GOAL s; sending at
# ≥ RATE_GOAL % of PER_MINUTE/60 per second (middle 80 % of the deliveries, without the pause of the kill) with zero
# over-limit answers; exactly N members reached, none twice; server RSS ≤ RSS_GOAL MB (sampled every second).
# Exit status: 0 every goal met, 1 a goal missed, 2 setup failure. Needs java, mvn, psql, curl, jq.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
per_minute=${2:-10000}
kill_at=${KILL_AT:-40}
pg=${PGURL:-127.0.0.1:5432}
port=${PORT:-18292}
fake_port=${FAKE_PORT:-18291}
settle=${SETTLE:-10}
enqueue_goal=${ENQUEUE_GOAL:-10}
rate_goal=${RATE_GOAL:-95}
rss_goal=${RSS_GOAL:-512}
batch=${BATCH:-0}
admin=campaign-bench-admin
app=bench
base=http://127.0.0.1:$port
for tool in java psql curl jq; do
  command -v "$tool" >/dev/null || { echo "campaign.sh: $tool is required" >&2; exit 2; }
done
[[ "$n" =~ ^[1-9][0-9]*$ && "$per_minute" =~ ^[1-9][0-9]*$ ]] || { echo "usage: bench/campaign.sh [N] [PER_MINUTE]" >&2; exit 2; }
[ "${SKIP_BUILD:-0}" = 1 ] || mvn -q -B -Dstyle.color=never -DskipTests -pl bench -am package
out=$PWD/bench/target/campaign
mkdir -p "$out"
rm -f "$out"/*.log "$out"/stats.json
db="campaignbench_$(date +%s)"
data=$(mktemp -d)
shaozi=
fake=
sampler=
fail() { echo "campaign.sh: $*" >&2; exit 2; }
psql_() { psql -X -q -v ON_ERROR_STOP=1 -h "${pg%:*}" -p "${pg#*:}" -U postgres "$@"; }
cleanup() {
  local rc=$?
  set +e
  [ -n "$sampler" ] && kill "$sampler" 2>/dev/null
  [ -n "$shaozi" ] && kill "$shaozi" 2>/dev/null && wait "$shaozi" 2>/dev/null
  [ -n "$fake" ] && kill "$fake" 2>/dev/null && wait "$fake" 2>/dev/null
  cp "$data"/*.log "$out"/ 2>/dev/null
  if [ "${KEEP:-0}" = 1 ]; then echo "# database kept: $db"
  else psql_ -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"; fi
  rm -rf "$data"
  exit "$rc"
}
trap cleanup EXIT
psql_ -d postgres -c "CREATE DATABASE $db"

# --- fake WeCom ---------------------------------------------------------------------------------------------------
# without nodelay the JDK HTTP server answers after the client's delayed ACK (~40 ms a request)
java -Xmx256m -Dsun.net.httpserver.nodelay=true -cp bench/target/benchmarks.jar io.shaozi.bench.campaign.FakeWeCom "$fake_port" "$per_minute" \
  > "$data/fake.log" 2>&1 &
fake=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$fake_port/stats" >/dev/null 2>&1 && break; sleep 0.2; done
curl -sf "http://127.0.0.1:$fake_port/stats" >/dev/null || fail "fake WeCom did not start; see $out/fake.log"

# --- server -------------------------------------------------------------------------------------------------------
cat > "$data/campaign.yaml" <<EOF
channels:
  wecom:
    apiBase: http://127.0.0.1:$fake_port
    apps:
      - {id: $app, corpId: wwcampaignbench01, agentId: "1000002", token: benchToken,
         aesKey: abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG, secret: bench-secret}
EOF
if [ "$batch" -gt 0 ]; then printf 'push:\n  batch:\n    wecom: %s\n' "$batch" >> "$data/campaign.yaml"; fi
server_env=(SHAOZI_SERVER_HOST=127.0.0.1 SHAOZI_SERVER_PORT="$port" SHAOZI_ADMIN_TOKEN="$admin"
  SHAOZI_STORAGE_URL="jdbc:postgresql://$pg/$db" SHAOZI_STORAGE_USER=postgres
  SHAOZI_CHANNELS_WECOM_APIBASE="http://127.0.0.1:$fake_port" SHAOZI_SCHEDULE_POLLSECONDS=1)
# Campaign runs are scheduler jobs: polling every second keeps the wait for the job out of the enqueue time.
# No quiet hours (push.quietFrom == push.quietTo), else a run at night (Beijing time) would wait until 07:00.
# OLD_SERVER=1: a server without channels.wecom.limits.corp and push.quiet* (unknown keys are errors).
# the server's corp limit is a token bucket of PER_MINUTE/61 a second: its burst plus a minute's refill stays within
# PER_MINUTE in any 60 s (a PER_MINUTE-token bucket would allow twice that); PER_MINUTE/61 is 98.4 % of the rate
[ "${OLD_SERVER:-0}" = 1 ] || server_env+=(SHAOZI_CHANNELS_WECOM_LIMITS_CORP="$((per_minute / 61))/1s"
  SHAOZI_PUSH_QUIETFROM=00:00 SHAOZI_PUSH_QUIETTO=00:00)
start_server() {
  # shellcheck disable=SC2086
  env "${server_env[@]}" java ${JAVA_OPTS:--Xmx320m -XX:MaxMetaspaceSize=160m -XX:ReservedCodeCacheSize=80m -XX:+UseG1GC} -Dshaozi.home="$PWD" -jar bot-core/target/shaozi.jar serve \
    --data "$data" --config "$data/campaign.yaml" >> "$data/server.log" 2>&1 &
  shaozi=$!
  echo "$shaozi" > "$data/server.pid"
  for _ in $(seq 1 360); do
    curl -sf "$base/healthz" >/dev/null 2>&1 && return 0
    kill -0 "$shaozi" 2>/dev/null || fail "server exited during start; see $out/server.log"
    sleep 0.5
  done
  fail "server not ready after 180 s; see $out/server.log"
}
start_server
(
  max=0
  while :; do
    kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$(cat "$data/server.pid")/status" 2>/dev/null || true)
    if [ -n "$kb" ] && [ "$kb" -gt "$max" ]; then max=$kb; echo "$max" > "$data/rss.max"; fi
    sleep 1
  done
) &
sampler=$!

# --- admin API helpers ---------------------------------------------------------------------------------------------
# api METHOD PATH TOKEN [BODY]: the answer body on stdout, its HTTP status in $data/status.
api() {
  local args=(-s -o "$data/body" -w '%{http_code}' -X "$1" -H "Authorization: Bearer $3")
  [ $# -ge 4 ] && args+=(-H 'Content-Type: application/json' --data-binary "$4")
  curl "${args[@]}" "$base$2" > "$data/status" || echo 000 > "$data/status"
  cat "$data/body" 2>/dev/null || true
}
status() { cat "$data/status"; }
expect() { # expect STATUS WHAT: fail unless the last call answered STATUS
  [ "$(status)" = "$1" ] || fail "$2: HTTP $(status) $(head -c 500 "$data/body" 2>/dev/null)"
}

# --- residents (after the server migrated the schema) ------------------------------------------------------------------
width=$(( ${#n} > 6 ? ${#n} : 6 ))
t=$(date +%s%N)
psql_ -d "$db" -c "INSERT INTO resident (channel, account, user_id, community, subscribed, consent_at, first_seen, last_seen)
  SELECT 'wecom', '$app', 'u' || lpad(g::text, $width, '0'), NULL, true, NULL, now(), now()
  FROM generate_series(1, $n) g"
echo "# seeded $n residents in $(( ($(date +%s%N) - t) / 1000000 )) ms"

# --- an approved learning item: author = the operator token, approver = a leader with a person token ------------------
api POST /api/org/people "$admin" '{"id":"bench-approver","name":"审核领导","role":"leader"}' >/dev/null
expect 200 "POST /api/org/people"
approver=$(api POST /api/org/people/bench-approver/tokens "$admin" '{"label":"campaign-bench"}' | jq -r .token)
expect 201 "POST /api/org/people/bench-approver/tokens"
item='{"kind":"learning","title":"学习二十届三中全会精神","body":"各位居民：本周学习内容已发布，请抽空阅读。\n\n一、进一步全面深化改革的总目标。"}'
content=$(api POST /api/contents "$admin" "$item" | jq -r '.id // empty')
if [ "$(status)" = 404 ]; then # until POST /api/contents exists: today's /api/content routes
  legacy=1
  content=$(api POST /api/content "$admin" "$item" | jq -r '.id // empty')
fi
expect 201 "POST /api/contents"
act() { # act ACTION TOKEN
  if [ "${legacy:-0}" = 1 ]; then api POST "/api/content/$content/$1" "$2" '{}' >/dev/null
  else api POST "/api/contents/$content/actions" "$2" "{\"action\":\"$1\"}" >/dev/null; fi
  expect 200 "$1 content $content"
}
act submit "$admin"
act approve "$approver"
echo "# content $content approved by bench-approver${legacy:+ (legacy /api/content routes)}"

# --- the campaign ------------------------------------------------------------------------------------------------------
iso_ms() { date -d "$1" +%s%3N; }
now_ms() { date +%s%3N; }
cpu_now() { # CPU seconds so far of the server JVM and of PostgreSQL's backends of the bench database
  local ticks; ticks=$(awk '{print $14 + $15}' "/proc/$shaozi/stat" 2>/dev/null || echo 0)
  echo "$(awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.1f", t / hz}')" \
    "$(ps -eo cputimes=,args= 2>/dev/null | awk -v db="$db" '$0 ~ "postgres: .* " db " " {s += $1} END {print s + 0}')"
}
cpu_posted=$(cpu_now)
posted=$(now_ms)
created=$(api POST /api/campaigns "$admin" "{\"content\":$content,\"audience\":{\"residents\":\"all\"}}")
expect 201 "POST /api/campaigns"
campaign=$(jq -r .id <<< "$created")
targeted=$(jq -r .targeted <<< "$created")
echo "# campaign $campaign: status $(jq -r .status <<< "$created"), targeted $targeted"
rate=$(awk -v p="$per_minute" 'BEGIN {printf "%.2f", p / 60}')
deadline=$(( $(now_ms) + (n * 60000 / per_minute) + 600000 ))
enqueue_ms=
run_ms=
killed_at=
down_ms=
last_print=0
view='{}'
while :; do
  view=$(api GET "/api/campaigns/$campaign" "$admin")
  if [ "$(status)" = 200 ]; then
    sent=$(jq -r '.sent // 0' <<< "$view")
    state=$(jq -r '.status // ""' <<< "$view")
    enqueued=$(jq -r '.enqueuedAt // empty' <<< "$view")
    if [ -z "$enqueue_ms" ] && [ -n "$enqueued" ]; then
      enqueue_ms=$(( $(iso_ms "$enqueued") - posted ))
      started=$(jq -r '.startedAt // empty' <<< "$view")
      [ -n "$started" ] && run_ms=$(( $(iso_ms "$enqueued") - $(iso_ms "$started") ))
      echo "# enqueued $enqueue_ms ms after the POST (run started → enqueued: ${run_ms:-?} ms; queued $(jq -r '.queued // "?"' <<< "$view"))"
      if [ "${ENQUEUE_ONLY:-0}" = 1 ]; then
        echo "# enqueue only: POST -> enqueuedAt $(awk -v m="$enqueue_ms" 'BEGIN {printf "%.2f", m / 1000}') s (goal <= $enqueue_goal s)"
        # CPU of the enqueue (and of the first sends beside it): less noisy than wall time on a shared machine
        read -r jvm0 pg0 <<< "$cpu_posted"; read -r jvm1 pg1 <<< "$(cpu_now)"
        echo "# enqueue only: CPU POST -> enqueued: server JVM $(awk -v a="$jvm0" -v b="$jvm1" 'BEGIN {printf "%.1f", b - a}') s, PostgreSQL backends $(( pg1 - pg0 )) s (whole seconds), load $(cut -d' ' -f1-3 /proc/loadavg)"
        [ "$enqueue_ms" -le $(( enqueue_goal * 1000 )) ]; exit $?
      fi
    fi
    if [ $(( $(now_ms) - last_print )) -ge 10000 ]; then
      last_print=$(now_ms)
      echo "# $(date +%T) $(jq -c '{status, queued, sent, failed, dropped}' <<< "$view")"
    fi
    if [ -z "$killed_at" ] && [ "$kill_at" -gt 0 ] && [ "$sent" -ge $(( n * kill_at / 100 )) ] && [ "$sent" -lt "$n" ]; then
      killed_at=$(now_ms)
      kill -9 "$shaozi"; wait "$shaozi" 2>/dev/null || true
      echo "# $(date +%T) kill -9 at sent=$sent; restarting"
      start_server
      down_ms=$(( $(now_ms) - killed_at ))
      echo "# $(date +%T) server back after $down_ms ms"
      continue
    fi
    [ "$sent" -ge "$n" ] && break
    case "$state" in done|finished|completed|failed|cancelled|canceled) break ;; esac
  fi
  [ "$(now_ms)" -lt "$deadline" ] || { echo "# timed out waiting for the campaign"; break; }
  sleep 0.5
done
finished=$(now_ms)
sleep "$settle"
view=$(api GET "/api/campaigns/$campaign" "$admin")
stats=$(curl -sf "http://127.0.0.1:$fake_port/stats?downAt=${killed_at:-}")
echo "$stats" > "$out/stats.json"
echo "# campaign: $(jq -c . <<< "$view")"
echo "# fake WeCom: $(jq -c 'del(.pauses)' <<< "$stats")"
[ "$(jq '.pauses | length' <<< "$stats")" = 0 ] || echo "# pauses between deliveries: $(jq -c .pauses <<< "$stats")"
rss_kb=$(cat "$data/rss.max" 2>/dev/null || echo 0)

# --- summary -----------------------------------------------------------------------------------------------------------
failed=0
row() { # row NAME VALUE GOAL OK
  printf '%-34s %-22s %-22s %s\n' "$1" "$2" "$3" "$([ "$4" = 1 ] && echo ok || echo FAIL)"
  [ "$4" = 1 ] || failed=1
}
ge() { awk -v a="$1" -v b="$2" 'BEGIN {exit !(a >= b)}' && echo 1 || echo 0; }
le() { awk -v a="$1" -v b="$2" 'BEGIN {exit !(a <= b)}' && echo 1 || echo 0; }
eq() { [ "$1" = "$2" ] && echo 1 || echo 0; }
j() { jq -r "$1 // \"-\"" <<< "$2"; }
steady=$(j .steadyRate "$stats")
echo
echo "# campaign benchmark: N=$n, $per_minute/min ($rate/s), kill -9 at ${kill_at}% (down ${down_ms:--} ms), batch ${batch}, $(nproc) cores, $(date -u +%F)"
printf '%-34s %-22s %-22s %s\n' measure value goal ""
row "targeted" "$targeted" "$n" "$(eq "$targeted" "$n")"
row "POST -> enqueuedAt (s)" "$([ -n "$enqueue_ms" ] && awk -v m="$enqueue_ms" 'BEGIN {printf "%.2f", m / 1000}' || echo -)" \
  "<= $enqueue_goal" "$([ -n "$enqueue_ms" ] && le "$enqueue_ms" $(( enqueue_goal * 1000 )) || echo 0)"
if [ "$batch" -gt 0 ]; then
  in_doubt=$(jq -r '.failedByCode.in_doubt // 0' <<< "$view")
  row "campaign sent + in_doubt / dropped" "$(j .sent "$view") + $in_doubt / $(j .dropped "$view")" "$n / 0" \
    "$(eq "$(( $(j .sent "$view") + in_doubt ))/$(j .failed "$view")/$(j .dropped "$view")" "$n/$in_doubt/0")"
  printf '%-34s %-22s\n' "campaign status" "$(j .status "$view")"
  printf '%-34s %-22s\n' "batch size (push.batch.wecom)" "$batch"
  row "members reached (delivered)" "$(j .delivered "$stats")" "$(j .sent "$view")..$n" \
    "$([ "$(j .delivered "$stats")" -ge "$(j .sent "$view")" ] && [ "$(j .delivered "$stats")" -le "$n" ] && echo 1 || echo 0)"
else
  row "campaign sent / failed / dropped" "$(j .sent "$view") / $(j .failed "$view") / $(j .dropped "$view")" "$n / 0 / 0" \
    "$(eq "$(j .sent "$view")/$(j .failed "$view")/$(j .dropped "$view")" "$n/0/0")"
  printf '%-34s %-22s\n' "campaign status" "$(j .status "$view")"
  row "members reached (delivered)" "$(j .delivered "$stats")" "$n" "$(eq "$(j .delivered "$stats")" "$n")"
fi
row "delivered twice (duplicates)" "$(j .duplicates "$stats")" "0" "$(eq "$(j .duplicates "$stats")" 0)"
row "over-limit answers/drops" "$(j .overLimit "$stats")" "0" "$(eq "$(j .overLimit "$stats")" 0)"
row "rate, middle 80 % w/o kill (/s)" "$steady" ">= $rate_goal % of $rate" \
  "$(ge "$steady" "$(awk -v r="$rate" -v g="$rate_goal" 'BEGIN {print r * g / 100}')")"
printf '%-34s %-22s\n' "run startedAt -> enqueuedAt (s)" "$([ -n "${run_ms:-}" ] && awk -v m="$run_ms" 'BEGIN {printf "%.2f", m / 1000}' || echo -)"
printf '%-34s %-22s\n' "rate, middle 80 % incl. kill (/s)" "$(j .rate "$stats")"
printf '%-34s %-22s\n' "deduplicated by the platform" "$(j .deduplicated "$stats")"
printf '%-34s %-22s\n' "POST -> last delivery (s)" "$(awk -v a="$posted" -v b="$finished" 'BEGIN {printf "%.1f", (b - a) / 1000}')"
row "server max RSS (MB)" "$(( rss_kb / 1024 ))" "<= $rss_goal" "$(le "$rss_kb" $(( rss_goal * 1024 )))"
exit "$failed"
