#!/usr/bin/env bash
# Ticket-opening benchmark on PostgreSQL + Redis: every request to /webhook/generic comes from a new resident with
# a signed report that opens a ticket at once. A fresh database is created (and dropped afterwards) on the local
# PostgreSQL; Redis at 127.0.0.1:6379. Usage: bench/open.sh [CONNECTIONS] [SECONDS]   (defaults 32 and 60;
# warm-up 5 s). JFR=1 records a flight recording of the server to bench/target/open.jfr.
set -euo pipefail
cd "$(dirname "$0")/.."
conns=${1:-32}
secs=${2:-60}
pg=${PGURL:-127.0.0.1:5432}
mvn -q -B -Dstyle.color=never -DskipTests -pl bench -am package
bench=bench/target/benchmarks.jar
db="openbench_$(date +%s)"
psql -q -h "${pg%:*}" -p "${pg#*:}" -U postgres -d postgres -c "CREATE DATABASE $db"
data=$(mktemp -d)
jfr=()
[ "${JFR:-0}" = 1 ] && jfr=("-XX:StartFlightRecording=filename=$PWD/bench/target/open.jfr,settings=${JFC:-profile}")
SHAOZI_SERVER_HOST=127.0.0.1 SHAOZI_SERVER_PORT=18183 SHAOZI_CHANNELS_GENERIC_SECRET=open-bench \
  SHAOZI_STORAGE_URL="jdbc:postgresql://$pg/$db" SHAOZI_STORAGE_USER=postgres SHAOZI_REDIS_URL=redis://127.0.0.1:6379/0 \
  java "${jfr[@]}" -Dshaozi.home="$PWD" -jar bot-core/target/shaozi.jar serve --data "$data" > "$data/server.log" 2>&1 &
shaozi=$!
cleanup() {
  kill "$shaozi" 2>/dev/null; wait "$shaozi" 2>/dev/null
  psql -q -h "${pg%:*}" -p "${pg#*:}" -U postgres -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true
  rm -rf "$data"
}
trap cleanup EXIT
for i in $(seq 1 120); do curl -sf http://127.0.0.1:18183/healthz >/dev/null 2>&1 && break; sleep 0.5; done
echo "# $(nproc) cores, $conns connections, ${secs}s measured after 5s warm-up, $(date -u +%F)"
java -cp "$bench" io.shaozi.bench.load.LoadGen http://127.0.0.1:18183/webhook/generic OPEN "$conns" 5 "$secs" open-bench
echo "# tickets in the database: $(psql -At -h "${pg%:*}" -p "${pg#*:}" -U postgres -d "$db" -c 'SELECT count(*) FROM ticket')"
