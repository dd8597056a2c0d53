#!/usr/bin/env bash
# Ticket-opening benchmark on PostgreSQL + Redis: every request to /webhook/generic comes from a new resident with
# a signed report that opens a ticket at once. A fresh database is created (and dropped afterwards) on the local
# PostgreSQL; Redis at 127.0.0.1:6379. Usage: bench/open.sh [CONNECTIONS] [SECONDS]   (defaults 32 and 60;
# warm-up WARMUP seconds, default 5). STATS=1 prints commits, statements, rows and CPU per new ticket (STATS_SKIP=S: counted from S seconds into the run; LOG_STATEMENTS=0: statements not logged nor counted, which costs PostgreSQL much CPU). JFR=1 records a flight recording of the server to bench/target/open.jfr (JFC=file: other JFR settings).
# OTHER=checkout: runs that checkout's built jar instead (bench/open.sh against another version, same machine).
set -euo pipefail
cd "$(dirname "$0")/.."
conns=${1:-32}
secs=${2:-60}
warmup=${WARMUP:-5}
pg=${PGURL:-127.0.0.1:5432}
mvn -q -B -Dstyle.color=never -DskipTests -pl bench -am package
bench=bench/target/benchmarks.jar
db="openbench_$(date +%s)"
psql -q -h "${pg%:*}" -p "${pg#*:}" -U postgres -d postgres -c "CREATE DATABASE $db"
[ "${STATS:-0}" = 1 ] && [ "${LOG_STATEMENTS:-1}" = 1 ] && psql -q -h "${pg%:*}" -p "${pg#*:}" -U postgres -d postgres -c "ALTER DATABASE $db SET log_statement = 'all'"
data=$(mktemp -d)
jfr=()
[ "${JFR:-0}" = 1 ] && jfr=("-XX:FlightRecorderOptions=stackdepth=256" "-XX:StartFlightRecording=filename=$PWD/bench/target/open.jfr,settings=${JFC:-profile}")
SHAOZI_SERVER_HOST=127.0.0.1 SHAOZI_SERVER_PORT=18183 SHAOZI_CHANNELS_GENERIC_SECRET=open-bench \
  SHAOZI_STORAGE_URL="jdbc:postgresql://$pg/$db" SHAOZI_STORAGE_USER=postgres SHAOZI_REDIS_URL=redis://127.0.0.1:6379/0 \
  java "${jfr[@]}" -Dshaozi.home="${OTHER:-$PWD}" -jar "${OTHER:-$PWD}/bot-core/target/shaozi.jar" serve --data "$data" > "$data/server.log" 2>&1 &
shaozi=$!
cleanup() {
  set +e # the server's exit status (143 after the kill) must not stop the clean-up under errexit
  kill "$shaozi" 2>/dev/null; wait "$shaozi" 2>/dev/null
  [ "${KEEP:-0}" = 1 ] && echo "# kept database $db" || psql -q -h "${pg%:*}" -p "${pg#*:}" -U postgres -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true
  rm -rf "$data"
}
trap cleanup EXIT
for i in $(seq 1 120); do curl -sf http://127.0.0.1:18183/healthz >/dev/null 2>&1 && break; sleep 0.5; done
stats() { psql -At -h "${pg%:*}" -p "${pg#*:}" -U postgres -d "$db" -c "SELECT xact_commit, tup_inserted, tup_updated, tup_deleted, tup_fetched, (SELECT count(*) FROM ticket), (SELECT wal_sync FROM pg_stat_wal), (SELECT wal_records FROM pg_stat_wal) FROM pg_stat_database WHERE datname = current_database()"; }
if [ "${STATS:-0}" = 1 ]; then
  cpu() { # CPU seconds so far of the server and of all PostgreSQL and Redis processes
    python3 -c 'import os,sys
tck=os.sysconf("SC_CLK_TCK"); srv=0; db=0
for p in os.listdir("/proc"):
    if not p.isdigit(): continue
    try:
        st=open("/proc/%s/stat"%p).read(); comm=st[st.index("(")+1:st.rindex(")")]; f=st[st.rindex(")")+2:].split()
    except OSError: continue
    t=(int(f[11])+int(f[12]))/tck
    if p==sys.argv[1]: srv+=t
    else:
        try: cmd=open("/proc/%s/cmdline"%p).read()
        except OSError: continue
        if sys.argv[2] in cmd or "walwriter" in cmd or comm.startswith("redis"): db+=t
print("%.2f %.2f"%(srv,db))' "$shaozi" "$db"; }
  logfile=$(ls -t /var/log/postgresql/*.log | head -1)
  # the "before" snapshot: at once, or STATS_SKIP seconds into the run (leaves out JIT compilation and warm-up)
  snap() { sleep "${STATS_SKIP:-0}"; { cpu; wc -l < "$logfile"; stats; } > "$data/before.txt"; }
  snapper=""
  if [ "${STATS_SKIP:-0}" = 0 ]; then snap; else snap & snapper=$!; fi
fi
echo "# $(nproc) cores, $conns connections, ${secs}s measured after ${warmup}s warm-up, $(date -u +%F)"
# a fresh database has no planner statistics; autovacuum analyzes within a minute or so, as it would long since have
# in production: analyze once during the warm-up so that every measured second runs on the steady-state plans
(sleep $(( warmup < 6 ? 3 : warmup / 2 )); psql -q -h "${pg%:*}" -p "${pg#*:}" -U postgres -d "$db" -c "ANALYZE") &
# the load generator shares the machine's cores: its CPU seconds (warm-up included) are printed after its figures
/usr/bin/time -f "# load generator CPU: %U s user, %S s system, over %e s" \
  java -cp "$bench" io.shaozi.bench.load.LoadGen http://127.0.0.1:18183/webhook/generic OPEN "$conns" "$warmup" "$secs" open-bench
if [ "${STATS:-0}" = 1 ]; then
  after=$(stats); cpu1=$(cpu); [ -z "$snapper" ] || wait "$snapper"
  cpu0=$(sed -n 1p "$data/before.txt"); lines0=$(sed -n 2p "$data/before.txt"); before=$(sed -n 3p "$data/before.txt")
  echo "# rows read by table (sequential, by index), top 6:"
  psql -At -F ' ' -h "${pg%:*}" -p "${pg#*:}" -U postgres -d "$db" -c "SELECT relname, seq_tup_read, idx_tup_fetch, seq_scan, idx_scan FROM pg_stat_user_tables ORDER BY coalesce(seq_tup_read,0) + coalesce(idx_tup_fetch,0) DESC LIMIT 6" | sed 's/^/#   /'
  echo "# CPU seconds (server, this database's PostgreSQL backends + WAL writer + Redis): before $cpu0, after $cpu1"
  # per new ticket: commits, rows inserted/updated/deleted, rows fetched, WAL fsyncs (machine-wide), WAL records, statements
  python3 - "$before" "$after" "$(tail -n +$((lines0 + 1)) "$logfile" | grep -cE 'LOG:  (execute|statement)')" "$cpu0" "$cpu1" <<'PY'
import sys
b = [int(x) for x in sys.argv[1].split('|')]; a = [int(x) for x in sys.argv[2].split('|')]; stm = int(sys.argv[3])
d = [y - x for x, y in zip(b, a)]; t = max(d[5], 1)
cpu0 = [float(x) for x in sys.argv[4].split()]; cpu1 = [float(x) for x in sys.argv[5].split()]
print("# per new ticket (%d tickets): commits %.1f, inserted %.1f, updated %.1f, deleted %.1f, fetched %.1f, wal fsyncs %.2f, wal records %.1f, statements %s, CPU ms server %.2f, PostgreSQL + Redis %.2f"
      % (t, d[0]/t, d[1]/t, d[2]/t, d[3]/t, d[4]/t, d[6]/t, d[7]/t, "%.1f" % (stm/t) if stm else "not logged",
         (cpu1[0]-cpu0[0])*1000/t, (cpu1[1]-cpu0[1])*1000/t))
PY
fi
echo "# tickets in the database: $(psql -At -h "${pg%:*}" -p "${pg#*:}" -U postgres -d "$db" -c 'SELECT count(*) FROM ticket')"
