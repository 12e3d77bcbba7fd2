# Shared set-up for scripts/serve, scripts/test, scripts/lock and bench/run: sourced, not run.
# Finds Python 3.12+, makes .venv with the packages of a lock (requirements/prod.lock or test.lock, each file
# checked against the lock's hashes), and installs missing Debian packages.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

find_python() {
    local candidates=() cand
    for cand in python3.14 python3.13 python3.12 python3; do
        command -v "$cand" >/dev/null 2>&1 && candidates+=("$(command -v "$cand")")
    done
    # pyenv keeps newer interpreters out of PATH on these machines; newest first.
    for cand in $(ls -d /root/.pyenv/versions/3.* "$HOME"/.pyenv/versions/3.* 2>/dev/null | sort -rV); do
        [ -x "$cand/bin/python3" ] && candidates+=("$cand/bin/python3")
    done
    for cand in "${candidates[@]}"; do
        if "$cand" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
            echo "$cand"
            return 0
        fi
    done
    echo "Django 6 needs Python 3.12 or newer and none was found." >&2
    echo "Install one, e.g. 'apt-get install python3.12 python3.12-venv' or 'pyenv install 3.13'." >&2
    return 1
}

APT_UPDATED=""
need_debian_packages() {
    # Installs the named Debian packages that are not installed yet.
    local missing=() pkg
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        echo "Missing Debian packages: ${missing[*]} — install them with: sudo apt-get install ${missing[*]}" >&2
        return 1
    fi
    say "Installing Debian packages: ${missing[*]}"
    if [ -z "$APT_UPDATED" ]; then
        apt-get update -qq
        APT_UPDATED=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

setup_python() {
    # setup_python prod|test: .venv with requirements/prod.lock (what a server runs) or requirements/test.lock
    # (that and the test tools).
    local lock="requirements/${1:?setup_python needs prod or test}.lock" python stamp want
    # WeasyPrint draws with Pango; the documents are set in DejaVu, which has every Swedish character.
    need_debian_packages libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core gettext
    if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then
        python="$(find_python)"
        say "Creating .venv with $python ($("$python" --version))"
        rm -rf .venv
        "$python" -m venv .venv
    fi
    stamp=.venv/.requirements.sha
    want="$(sha256sum "$lock" | cut -d' ' -f1)"
    if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
        say "Installing Python packages from $lock"
        # Every package the lock names, at its version, from a file with one of its hashes: nothing else.
        .venv/bin/pip install --quiet --disable-pip-version-check --require-hashes -r "$lock" \
            2> >(grep -v "is ignored" >&2)
        echo "$want" > "$stamp"
    fi
    export PATH="$ROOT/.venv/bin:$PATH"
}

as_postgres() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_throwaway_postgres() {
    # Starts a PostgreSQL cluster of its own on a free loopback port, without durability, and exports
    # DATABASE_URL (database "sodertorn", not created) and PG_BIN. The caller traps stop_throwaway_postgres.
    PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
    PG_DIR="$(mktemp -d /tmp/sodertorn-pg.XXXXXX)"
    chmod 755 "$PG_DIR"
    [ "$(id -u)" -eq 0 ] && chown postgres "$PG_DIR"
    say "Starting PostgreSQL ($("$PG_BIN/postgres" --version)) in $PG_DIR"
    as_postgres "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    PG_PORT="$(python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w -o \
        "-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories='$PG_DIR' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null
    export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/sodertorn"
    export PG_BIN PG_PORT
}

stop_throwaway_postgres() {
    [ -n "${PG_DIR:-}" ] || return 0
    as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
}

start_throwaway_redis() {
    # Starts a Redis server of its own on a free loopback port, keeping nothing on disk, and exports its URL as
    # TEST_REDIS_URL (database 0; each test worker takes the database of its number, tests/shared_cache.py). The
    # caller traps stop_throwaway_redis.
    REDIS_DIR="$(mktemp -d /tmp/sodertorn-redis.XXXXXX)"
    REDIS_PORT="$(python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    say "Starting Redis ($(redis-server --version | cut -d' ' -f3)) on port $REDIS_PORT"
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no --dir "$REDIS_DIR" \
        --databases 256 --daemonize yes --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/log"
    local tries
    for tries in $(seq 50); do
        redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break
        sleep 0.1
    done
    export TEST_REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
}

stop_throwaway_redis() {
    [ -n "${REDIS_DIR:-}" ] || return 0
    redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
    # If it did not answer, its process by the pid it wrote.
    [ -f "$REDIS_DIR/redis.pid" ] && kill "$(cat "$REDIS_DIR/redis.pid")" 2>/dev/null || true
    rm -rf "$REDIS_DIR"
}
