#!/usr/bin/env bash
# Chaos check: signed reports to /webhook/generic while a random instance is killed with SIGKILL and restarted;
# then every report is resent once and every acknowledged ticket number is checked through the admin API.
# Usage: bench/chaos.sh [h2|pg] [KILLS] [REPORTS] [extra options of io.shaozi.bench.chaos.Chaos, e.g. --seed 7]
#   h2: one instance, embedded H2 in a temporary directory (default)
#   pg: two instances on a fresh PostgreSQL database (dropped afterwards) and Redis, requests spread over both
# Exit status: 0 nothing lost/duplicated/reused/unfiled, 1 otherwise, 2 setup failure.
set -euo pipefail
cd "$(dirname "$0")/.."
setup=${1:-h2}
kills=${2:-5}
reports=${3:-240}
shift $(( $# < 3 ? $# : 3 ))
mvn -q -B -Dstyle.color=never -DskipTests -pl bench -am package
exec java -cp bench/target/benchmarks.jar io.shaozi.bench.chaos.Chaos --setup "$setup" --kills "$kills" \
  --reports "$reports" --jar bot-core/target/shaozi.jar --home "$PWD" "$@"
