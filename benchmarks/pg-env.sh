# Shared by the pgbench-only breakdown scripts (source it from benchmarks/): the connection to
# the test database, and a throw-away schema with every migration applied.
export PGPASSWORD="${PGPASSWORD:-postgres}"
export PGOPTIONS="-c client_min_messages=warning"
PSQL=(psql -q -h 127.0.0.1 -U postgres -d test -v ON_ERROR_STOP=1)

# fresh_schema NAME [psql args...]: (re)creates schema NAME, applies the migrations in it, then
# runs the extra psql arguments (more -f or -c) with NAME on the search path.
fresh_schema() {
  local name="$1"; shift
  "${PSQL[@]}" -c "DROP SCHEMA IF EXISTS $name CASCADE" -c "CREATE SCHEMA $name"
  "${PSQL[@]}" -c "SET search_path = $name" $(printf -- '-f %s ' ../crm-core/src/main/resources/db/migration/V*.sql) "$@"
}
