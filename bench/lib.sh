# shellcheck shell=bash disable=SC2034  # variables here are used by the scripts that source it
# Shared helpers of the bench/ scripts; sourced, not run. See bench/README.md.
# Each script starts its own scratch PostgreSQL cluster, times pgkeeper and its baseline
# alternately BENCH_RUNS times, and appends one result row per target to $BENCH_RESULTS.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pgkeeper="$repo/scripts/pgkeeper"

# BENCH_SCALE multiplies the data sizes of issue 8 (1 GB database, 8 x 100 MB databases). The
# default, the full size, fits bench/run's 20-minute budget on a 2-core machine (8-11 minutes).
BENCH_SCALE="${BENCH_SCALE:-1}"
BENCH_RUNS="${BENCH_RUNS:-3}"          # runs of each slow pair (dumps, verify)
BENCH_FAST_RUNS="${BENCH_FAST_RUNS:-9}" # runs of each fast pair (archive push/get, start-up)
BENCH_RESULTS="${BENCH_RESULTS:-}"      # file collecting result rows (bench/run sets it)

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf 'bench FAILED: %s\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" -eq 0 ]; }

bindir="${BENCH_PG_BINDIR:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5,5n | tail -n1 || true)}"
[ -x "$bindir/initdb" ] || die "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin (set BENCH_PG_BINDIR)"
pg_user=""
if is_root; then
    pg_user=postgres
    id -u "$pg_user" >/dev/null 2>&1 || die "running as root needs the OS user postgres (useradd --system --user-group postgres)"
fi

scratch="$(mktemp -d "${BENCH_TMP:-/tmp}/pgkeeper-bench.XXXXXX")"
chmod 0711 "$scratch"
pg_dirs=()

# The jar all runs use: built once into its own folder, so that edits to the checkout (and
# scripts/pgkeeper's rebuild-when-stale) cannot change it half-way through a benchmark.
# The CDS archive the build makes sits beside it (pgkeeper.jsa), as in target/.
bench_build="${BENCH_BUILD:-/tmp/pgkeeper-bench-build}"
export PGKEEPER_JAR="$bench_build/pgkeeper.jar"
ensure_jar() {
    if [ "${BENCH_SKIP_BUILD:-0}" != 1 ] || [ ! -f "$PGKEEPER_JAR" ]; then
        log "building $PGKEEPER_JAR"
        (cd "$repo" && mvn -B -q -DbuildDir="$bench_build" -Dmaven.test.skip=true package </dev/null >"$scratch/build.log" 2>&1) ||
            { cat "$scratch/build.log" >&2; die "the build failed"; }
    fi
    chmod -R a+rX "$bench_build"
}

as_pg() {
    if [ -n "$pg_user" ]; then (cd "$scratch" && runuser -u "$pg_user" -- "$@"); else (cd "$scratch" && "$@"); fi
}

# A directory the server's OS user owns.
pg_mkdir() { mkdir -p "$@"; [ -z "$pg_user" ] || chown "$pg_user": "$@"; }

free_port() {
    local p
    for _ in $(seq 200); do
        p=$(( 20000 + (RANDOM % 30000) ))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
    done
    return 1
}

# start_cluster NAME [postgresql.conf lines...]: sets PGDATA_<NAME>, PORT_<NAME>, and the
# current PGDATA/PGPORT/PGHOST used by psql/pg_dump below. fsync stays on: the archive
# benchmarks measure durable writes, and the dumps read from the cache either way.
start_cluster() {
    local name="$1"; shift
    local dir="$scratch/pg-$name" port
    pg_mkdir "$dir"; chmod 0700 "$dir"
    port="$(free_port)" || die "no free port"
    as_pg "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >"$scratch/initdb-$name.log" 2>&1 ||
        { cat "$scratch/initdb-$name.log" >&2; die "initdb failed"; }
    {
        echo "listen_addresses = '127.0.0.1'"; echo "port = $port"; echo "unix_socket_directories = '$dir'"
        echo "shared_buffers = 256MB"; echo "max_wal_size = 4GB"; echo "checkpoint_timeout = 30min"
        printf '%s\n' "$@"
    } >>"$dir/data/postgresql.conf"
    as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 120 start >/dev/null ||
        { tail -n 20 "$dir/server.log" >&2; die "pg_ctl start failed"; }
    pg_dirs+=("$dir")
    export PGHOST=127.0.0.1 PGPORT="$port" PGUSER=postgres PGDATA_DIR="$dir/data" PGSOCKDIR="$dir"
}

cleanup() {
    local rc=$?
    for d in "${pg_dirs[@]}"; do
        as_pg "$bindir/pg_ctl" -D "$d/data" -m immediate -w stop >/dev/null 2>&1 || true
    done
    if [ "${BENCH_KEEP:-0}" = 1 ]; then log "kept $scratch"; else rm -rf "$scratch"; fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

psql_() { "$bindir/psql" -X -q -v ON_ERROR_STOP=1 "$@"; }

# make_db NAME MB: a database of about MB megabytes: pgbench tables (half) and a table of
# random text (half) whose rows compress about 2:1, so that the dumps' compression is real work.
make_db() {
    local db="$1" mb="$2" scale rows
    scale=$(awk -v m="$mb" 'BEGIN { s = int(m / 2 / 15 + 0.5); print (s < 1 ? 1 : s) }')
    rows=$(awk -v m="$mb" 'BEGIN { print int(m / 2 * 1024 * 1024 / 260) }')
    psql_ -d postgres -c "CREATE DATABASE $db"
    "$bindir/pgbench" -q -i -s "$scale" "$db" >"$scratch/pgbench-init-$db.log" 2>&1 || { cat "$scratch/pgbench-init-$db.log" >&2; die "pgbench -i failed"; }
    psql_ -d "$db" <<SQL
CREATE TABLE notes (id bigint PRIMARY KEY, author text NOT NULL, created timestamptz NOT NULL, body text NOT NULL);
INSERT INTO notes
SELECT i, 'user' || (random() * 50000)::int, now() - random() * interval '900 days',
       md5(random()::text) || ' ' || md5(random()::text) || ' ' || (random() * 1e9)::bigint || ' '
       || md5(random()::text) || ' ' || md5(random()::text) || ' ' || md5(random()::text) || ' ' || md5(random()::text)
FROM generate_series(1, $rows) AS i;
CREATE INDEX notes_author_idx ON notes (author);
VACUUM ANALYZE;
SQL
}

db_size() { psql_ -At -d postgres -c "SELECT pg_size_pretty(pg_database_size('$1'))"; }

# now_ms / elapsed: wall time in milliseconds.
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# timed VAR cmd...: runs cmd (output to $scratch/last.log), appends its wall ms to the array VAR.
timed() {
    local -n _acc="$1"; shift
    local s e
    s=$(now_ms)
    "$@" >"$scratch/last.log" 2>&1 || { tail -n 30 "$scratch/last.log" >&2; die "failed: $*"; }
    e=$(now_ms)
    _acc+=($(( e - s )))
}

median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print int((a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }

# row WHAT PGKEEPER_MS BASELINE_MS MAX_RATIO: prints and records one ratio row.
row() {
    local what="$1" a="$2" b="$3" max="$4" ratio verdict
    ratio=$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", a / b }')
    verdict=$(awk -v r="$ratio" -v m="$max" 'BEGIN { print (r <= m ? "PASS" : "MISS") }')
    record "$what" "${a} ms" "${b} ms" "$ratio" "<= $max" "$verdict"
}

# record WHAT PGKEEPER BASELINE RESULT TARGET VERDICT
record() {
    local line
    line=$(printf '| %s | %s | %s | %s | %s | %s |' "$@")
    echo "$line"
    [ -z "$BENCH_RESULTS" ] || echo "$line" >>"$BENCH_RESULTS"
}
