#!/usr/bin/env bash
# What this machine allows for issue 5's intake without Java. With pgbench (no Redis): the baseline
# single-row insert with 8 clients; one whole inbox row per transaction with 8 clients; and inbox
# rows inserted several per statement (what the handler's group commit sends) by fewer clients.
# Then, if gcc, libpq-dev and libhiredis-dev are installed, intake-ceiling.c (a C client: Redis
# claim, then the insert, then the stored mark, as the handler does) back to back, and behind 8
# producers that each wait for their event, with writer threads or with leader-based batches.
# Rows per second against the baseline. Runs in a throw-away schema "bench_intake" of the test
# database, with the real migrations (every inbox index, the tenant FK).
#   benchmarks/intake-breakdown.sh [seconds] [rounds]
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
ceiling=""
if gcc -O2 -Wall -Wno-format-truncation -o "$work/intake-ceiling" intake-ceiling.c -I/usr/include/postgresql \
    -lpq -lhiredis -lpthread 2>"$work/gcc.log"; then
  ceiling="$work/intake-ceiling"
else
  echo "intake-ceiling.c not built (apt-get install gcc libpq-dev libhiredis-dev): $(head -1 "$work/gcc.log")"
fi
tps() { # script clients
  "${PSQL[@]}" -c "TRUNCATE bench_intake.inbox, bench_intake.pgbench_insert"
  pgbench -n -M prepared -c "$2" -j "$2" -T "$secs" -f "$work/$1.sql" -h 127.0.0.1 -U postgres test 2>&1 \
    | sed -n 's/^tps = \([0-9.]*\) (without.*/\1/p'
}
for round in $(seq 1 "${2:-2}"); do
  echo "round $round (${secs}s each; rows per second, and against the baseline)"
  base=$(tps base 8)
  printf '  %-60s %8.0f rows/s  1.00\n' "single-row INSERT ON CONFLICT, 8 clients" "$base"
  for run in "inbox1 8 1" "inbox4 2 4" "inbox8 1 8"; do
    set -- $run
    rows=$(awk -v t="$(tps "$1" "$2")" -v k="$3" 'BEGIN { printf "%.0f", t * k }')
    printf '  %-60s %8.0f rows/s  %.2f\n' "inbox rows, $3 per statement, $2 client(s)" "$rows" \
      "$(awk -v r="$rows" -v b="$base" 'BEGIN { print r / b }')"
  done
  [ -n "$ceiling" ] || continue
  # The C client, each run between two baseline runs (its ratio is against their mean), in
  # reverse order every other round. WORK_US 2: what a C handler would spend verifying and parsing
  # a delivery (HMAC-SHA256 over 640 bytes takes 0.6 us here, `openssl speed -bytes 640 -hmac
  # sha256`, plus about a microsecond of JSON); 11: what the Java handler spends (92,000/s on one
  # core, BENCHMARKS.md "Issue 5: webhook intake in memory").
  runs=("loop 2 4 redis|back to back, 2 connections x 4 rows, no producers"
    "writers 2 4 redis 8 1000 2|8 producers, 2 writer threads, batches of 4, 2 us work"
    "leaders 2 4 redis 8 1000 0|8 producers, leader-based, 2 x 4, no work"
    "leaders 2 4 redis 8 1000 2|8 producers, leader-based, 2 x 4, 2 us work"
    "leaders 2 4 redis 8 1000 11|8 producers, leader-based, 2 x 4, 11 us work"
    "leaders 1 8 redis 8 1000 2|8 producers, leader-based, 1 x 8, 2 us work"
    "leaders 3 3 redis 8 1000 2|8 producers, leader-based, 3 x 3, 2 us work"
    "leaders 2 4 redis-overlap 8 1000 2|the same 2 x 4, claim overlapped with BEGIN+insert"
    "leaders 2 4 none 8 1000 2|the same 2 x 4 without Redis"
    "leaders 2 4 redis 8 a1000 2|leader-based, 2 x 4, lingering only while producers are on their way"
    "leaders 2 4 redis 8 0 11|as the Java handler: batches of whoever waits, 11 us work"
    "leaders 2 4 none 8 0 11|the same without Redis")
  order=$(seq 0 $((${#runs[@]} - 1)))
  [ $((round % 2)) -eq 0 ] && order=$(echo "$order" | tac)
  before=$(tps base 8)
  for i in $order; do
    run="${runs[$i]}"
    set -- ${run%%|*}
    "${PSQL[@]}" -c "TRUNCATE bench_intake.inbox"
    rows=$("$ceiling" "$1" "$2" "$3" "$secs" "$4" bench_intake ${5:-} ${6:-} ${7:-} 2>"$work/batch")
    after=$(tps base 8)
    printf '  C: %-60s %6.0f rows/s, %s, baseline %5.0f-%5.0f  %.2f\n' "${run#*|}" "$rows" \
      "$(cat "$work/batch")" "$before" "$after" "$(awk -v r="$rows" -v b="$before" -v a="$after" \
      'BEGIN { print 2 * r / (b + a) }')"
    before="$after"
  done
done
redis-cli -h 127.0.0.1 --scan --pattern 'bench:ceiling:*' | xargs -r -n 500 redis-cli -h 127.0.0.1 DEL >/dev/null
"${PSQL[@]}" -c "DROP SCHEMA bench_intake CASCADE"
