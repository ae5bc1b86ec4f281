# shellcheck shell=bash
# Finds or starts the Postgres server Switchboard uses, and exports DATABASE_URL.
#
#   1. DATABASE_URL, if set, is used as it is.
#   2. Else a server on 127.0.0.1:5432 that lets us log in (PGUSER/PGPASSWORD/~/.pgpass) is used,
#      with the database named by $1 created there if missing.
#   3. Else a private cluster under target/postgres (system binaries, installed with apt if
#      absent) is started on a free port. Only that cluster and our own databases are touched.
#
# Sourced by scripts/serve and scripts/test after scripts/lib/common.sh.

PRIVATE_PG_DIR="$REPO_ROOT/target/postgres"
PRIVATE_PG_USER=switchboard
PRIVATE_PG_STARTED_HERE=0

# ensure_database NAME: exports DATABASE_URL pointing at database NAME.
ensure_database() {
    local database="$1"
    if [ -n "${DATABASE_URL:-}" ]; then
        say "Postgres: using DATABASE_URL"
        return
    fi
    if local_postgres_accepts_us; then
        local user="${PGUSER:-postgres}"
        create_database_if_missing "host=127.0.0.1 port=5432 user=$user" "$database"
        export DATABASE_URL="postgres://$user@127.0.0.1:5432/$database"
        say "Postgres: using the server on 127.0.0.1:5432 (database $database)"
        return
    fi
    start_private_cluster
    local password port
    password="$(cat "$PRIVATE_PG_DIR/password")"
    port="$(cat "$PRIVATE_PG_DIR/port")"
    create_database_if_missing "host=127.0.0.1 port=$port user=$PRIVATE_PG_USER password=$password" "$database"
    export DATABASE_URL="postgres://$PRIVATE_PG_USER:$password@127.0.0.1:$port/$database"
}

# Stops the private cluster if this script started it (call from an EXIT trap).
stop_private_cluster_if_started() {
    if [ "$PRIVATE_PG_STARTED_HERE" = 1 ]; then
        say "Postgres: stopping the private cluster"
        run_as_cluster_owner "$PG_BIN/pg_ctl" -D "$(private_pg_data)" -m fast -w stop >/dev/null 2>&1 || true
        PRIVATE_PG_STARTED_HERE=0
    fi
}

local_postgres_accepts_us() {
    command -v pg_isready >/dev/null 2>&1 || return 1
    pg_isready -q -h 127.0.0.1 -p 5432 -t 2 || return 1
    if psql -w -X -q -At -h 127.0.0.1 -p 5432 -U "${PGUSER:-postgres}" -d postgres -c 'SELECT 1' >/dev/null 2>&1; then
        return 0
    fi
    say "Postgres: a server answers on 127.0.0.1:5432 but refused our login; using a private cluster instead"
    return 1
}

# create_database_if_missing CONNINFO NAME
create_database_if_missing() {
    local conninfo="$1" database="$2" exists
    exists="$(psql -w -X -q -At "$conninfo dbname=postgres" \
        -c "SELECT 1 FROM pg_database WHERE datname = '$database'")" || die "cannot query Postgres ($conninfo)"
    if [ "$exists" != 1 ]; then
        psql -w -X -q "$conninfo dbname=postgres" -c "CREATE DATABASE \"$database\"" >/dev/null \
            || die "cannot create database $database"
        say "Postgres: created database $database"
    fi
}

# The newest installed server's initdb, or nothing (no match must not trip `set -e`).
newest_initdb() {
    local candidates=(/usr/lib/postgresql/*/bin/initdb)
    [ -x "${candidates[0]}" ] || return 0
    printf '%s\n' "${candidates[@]}" | sort -V | tail -n 1
}

find_postgres_binaries() {
    local initdb
    initdb="$(newest_initdb)"
    if [ -z "$initdb" ]; then
        say "Postgres: no server binaries found; installing Debian's postgresql"
        apt_install postgresql
        initdb="$(newest_initdb)"
        [ -n "$initdb" ] || die "PostgreSQL binaries are still missing after apt-get install postgresql"
    fi
    PG_BIN="$(dirname "$initdb")"
    export PATH="$PG_BIN:$PATH"
}

# The cluster must belong to an unprivileged user: initdb and postgres refuse to run as root.
run_as_cluster_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# Where the data lives: target/postgres, unless root's checkout is out of the postgres user's reach.
private_pg_data() {
    if [ -f "$PRIVATE_PG_DIR/datadir" ]; then
        cat "$PRIVATE_PG_DIR/datadir"
    else
        echo "$PRIVATE_PG_DIR/data"
    fi
}

start_private_cluster() {
    find_postgres_binaries
    mkdir -p "$PRIVATE_PG_DIR"
    local data
    data="$(private_pg_data)"
    if [ ! -f "$data/PG_VERSION" ]; then
        init_private_cluster
        data="$(private_pg_data)"
    fi
    if run_as_cluster_owner "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        say "Postgres: private cluster already running on 127.0.0.1:$(cat "$PRIVATE_PG_DIR/port") ($data)"
        return
    fi
    local port
    port="$(free_port 55432)"
    echo "$port" > "$PRIVATE_PG_DIR/port"
    say "Postgres: none reachable; starting a private cluster on 127.0.0.1:$port ($data)"
    run_as_cluster_owner "$PG_BIN/pg_ctl" -D "$data" -l "$data/../server.log" -w -t 60 \
        -o "-p $port -k $data/.. -c listen_addresses=127.0.0.1" start >/dev/null \
        || die "the private Postgres cluster did not start; see $data/../server.log"
    PRIVATE_PG_STARTED_HERE=1
}

init_private_cluster() {
    local data="$PRIVATE_PG_DIR/data" owner_home
    if [ "$(id -u)" = 0 ]; then
        id postgres >/dev/null 2>&1 || die "the postgres system user is missing; reinstall Debian's postgresql package"
        chown postgres: "$PRIVATE_PG_DIR"
        if ! runuser -u postgres -- test -w "$PRIVATE_PG_DIR"; then
            # A checkout under /root is out of the postgres user's reach: keep the data in /var/tmp.
            owner_home="/var/tmp/switchboard-postgres-$(echo "$REPO_ROOT" | md5sum | cut -c1-12)"
            mkdir -p "$owner_home" && chown postgres: "$owner_home" && chmod 700 "$owner_home"
            data="$owner_home/data"
            say "Postgres: $PRIVATE_PG_DIR is not reachable by the postgres user; keeping the cluster in $owner_home"
        fi
    fi
    echo "$data" > "$PRIVATE_PG_DIR/datadir"
    (umask 077 && head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$PRIVATE_PG_DIR/password")
    local pwfile
    pwfile="$(dirname "$data")/.pwfile"
    cp "$PRIVATE_PG_DIR/password" "$pwfile"
    [ "$(id -u)" = 0 ] && chown postgres: "$pwfile"
    say "Postgres: initialising a private cluster in $data"
    run_as_cluster_owner "$PG_BIN/initdb" -D "$data" -U "$PRIVATE_PG_USER" --pwfile="$pwfile" \
        --auth-host=scram-sha-256 --auth-local=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null \
        || { rm -f "$pwfile"; die "initdb failed for $data"; }
    rm -f "$pwfile"
}

# free_port START: the first port from START up that nothing on 127.0.0.1 listens on.
free_port() {
    local port="$1"
    while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
        port=$((port + 1))
    done
    echo "$port"
}
