#!/usr/bin/env bash
# Where the cost of the append goes, measured with pgbench alone (no Java client): the baseline
# single-row insert, the messages insert alone, the whole append statement, and the append with
# synchronous_commit off; then once more without the messages table's foreign keys, the floor of
# what the operation costs the server. Runs in a throw-away schema "bench_breakdown" of the test
# database, with every migration applied.
#   benchmarks/append-breakdown.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")"
secs="${1:-10}"
. ./pg-env.sh
fresh_schema bench_breakdown -f sql/breakdown-seed.sql
run() {
  local tps
  tps=$(pgbench -n -M prepared -c 4 -j 4 -T "$secs" -f "sql/$1.sql" -h 127.0.0.1 -U postgres test 2>&1 \
    | sed -n 's/^tps = \([0-9.]*\) (without.*/\1/p')
  printf '%-42s %8.0f tps\n' "$2" "$tps"
}
for round in 1 2; do
  echo "round $round (4 clients, ${secs}s each)"
  run insert "single-row INSERT ON CONFLICT"
  run message-only "messages INSERT only"
  run append "append (message + conversation + lead)"
  run append-async "append, synchronous_commit off"
done
"${PSQL[@]}" -c "ALTER TABLE bench_breakdown.messages DROP CONSTRAINT messages_conversation_fk,
  DROP CONSTRAINT messages_author_fk"
echo "without the messages table's foreign keys (4 clients, ${secs}s each)"
run insert "single-row INSERT ON CONFLICT"
run message-only "messages INSERT only"
run append "append (message + conversation + lead)"
"${PSQL[@]}" -c "DROP SCHEMA bench_breakdown CASCADE"
