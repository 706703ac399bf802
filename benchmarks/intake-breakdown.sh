#!/usr/bin/env bash
# What PostgreSQL alone allows for issue 5's intake, measured with pgbench (no Java client, no
# Redis): the baseline single-row insert with 8 clients; one whole inbox row per transaction with
# 8 clients; and inbox rows inserted several per statement (what the handler's group commit sends)
# by fewer clients. Rows per second against the baseline. Runs in a throw-away schema
# "bench_intake" of the test database, with the real migrations (every inbox index, the tenant FK).
#   benchmarks/intake-breakdown.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")"
secs="${1:-10}"
. ./pg-env.sh
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fresh_schema bench_intake -c "INSERT INTO tenants VALUES ('bench', 'Bench', 'UTC', 'en', NULL, '{}', now())" \
  -c "CREATE TABLE pgbench_insert (id bigint PRIMARY KEY)"
printf '\\set id random(1, 2000000000)\nINSERT INTO bench_intake.pgbench_insert (id) VALUES (:id) ON CONFLICT DO NOTHING;\n' \
  > "$work/base.sql"
# A 600-byte payload, as the webhook benchmark's events; event ids unique per row.
payload="$(head -c 600 /dev/zero | tr '\0' 'x')"
for k in 1 4 8; do
  {
    printf '\\set n random(1, 2000000000)\n'
    printf 'INSERT INTO bench_intake.inbox (id, tenant_id, provider, event_id, event_type, payload, status, attempts,'
    printf ' next_attempt_at, received_at) VALUES '
    for ((i = 0; i < k; i++)); do
      [ "$i" -gt 0 ] && printf ', '
      printf "(gen_random_uuid(), 'bench', 'ycloud', 'evt_' || :n || '_%d', 'whatsapp.inbound_message.received'," "$i"
      printf " '%s', 'PENDING', 0, now(), now())" "$payload"
    done
    printf ' ON CONFLICT ON CONSTRAINT inbox_event_uq DO NOTHING;\n'
  } > "$work/inbox$k.sql"
done
tps() { # script clients
  "${PSQL[@]}" -c "TRUNCATE bench_intake.inbox, bench_intake.pgbench_insert"
  pgbench -n -M prepared -c "$2" -j "$2" -T "$secs" -f "$work/$1.sql" -h 127.0.0.1 -U postgres test 2>&1 \
    | sed -n 's/^tps = \([0-9.]*\) (without.*/\1/p'
}
for round in 1 2; do
  echo "round $round (${secs}s each; rows per second, and against the baseline)"
  base=$(tps base 8)
  printf '  %-50s %8.0f rows/s  1.00\n' "single-row INSERT ON CONFLICT, 8 clients" "$base"
  for run in "inbox1 8 1" "inbox4 2 4" "inbox8 1 8"; do
    set -- $run
    rows=$(awk -v t="$(tps "$1" "$2")" -v k="$3" 'BEGIN { printf "%.0f", t * k }')
    printf '  %-50s %8.0f rows/s  %.2f\n' "inbox rows, $3 per statement, $2 client(s)" "$rows" \
      "$(awk -v r="$rows" -v b="$base" 'BEGIN { print r / b }')"
  done
done
"${PSQL[@]}" -c "DROP SCHEMA bench_intake CASCADE"
