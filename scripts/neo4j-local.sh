#!/usr/bin/env bash
# A real Neo4j 5.26 Community server on loopback, without Docker (see docs/neo4j.md).
#
#   bash scripts/neo4j-local.sh start    # fetch the jars once (Maven), start, wait for Bolt,
#                                        # print the QINYOU_* settings to use (stdout)
#   bash scripts/neo4j-local.sh env      # print those settings again
#   bash scripts/neo4j-local.sh status   # running or not, and where
#   bash scripts/neo4j-local.sh stop     # stop the server this script started (pid file)
#   bash scripts/neo4j-local.sh admin …  # neo4j-admin from the same jars (e.g. database import full …)
#   bash scripts/neo4j-local.sh fetch    # only fetch the jars
#
# `eval "$(bash scripts/neo4j-local.sh start)"` starts it and sets the settings in the shell.
# Authentication is on: user neo4j with a password generated on the first start and kept in
# STATE/password.env (mode 0600); the settings printed source that file, so the password is
# never printed. The server listens on 127.0.0.1 only, on a free port (the same one again on a
# restart when it is still free), heap 1g and page cache 256m by default.
#
# Environment (all optional):
#   NEO4J_LOCAL_DIR        state folder: conf, data, logs, pid, password (default .neo4j/local)
#   NEO4J_LOCAL_FRESH=1    delete the state folder's data before starting (a throw-away server)
#   NEO4J_LOCAL_PORT       Bolt port (default: a free one)
#   NEO4J_LOCAL_HEAP       JVM heap (default 1g)
#   NEO4J_LOCAL_PAGECACHE  page cache (default 256m)
#   NEO4J_LOCAL_TIMEOUT    seconds to wait for Bolt (default 180)
# Exit status: 0 done, 1 failed, 3 Java 17+ or Maven missing (scripts/test.sh tells skip from fail).
set -euo pipefail

NEO4J_VERSION=5.26.30          # keep in step with tools/neo4j/pom.xml
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE="$ROOT/.neo4j"
LIB="$CACHE/lib-$NEO4J_VERSION"
STATE=${NEO4J_LOCAL_DIR:-$CACHE/local}
mkdir -p "$STATE" && STATE=$(cd "$STATE" && pwd)
CONF="$STATE/conf"
PIDFILE="$STATE/neo4j.pid"
PORTFILE="$STATE/port"
SECRET="$STATE/password.env"
CONSOLE="$STATE/logs/console.log"
HEAP=${NEO4J_LOCAL_HEAP:-1g}
PAGECACHE=${NEO4J_LOCAL_PAGECACHE:-256m}
TIMEOUT=${NEO4J_LOCAL_TIMEOUT:-180}
MAIN_SERVER=org.neo4j.server.CommunityEntryPoint
MAIN_ADMIN=org.neo4j.cli.AdminTool

say() { echo "neo4j-local: $*" >&2; }
die() { say "$*"; exit 1; }

need_tools() {  # Java 17+ (and Maven when the jars are not there yet)
    command -v java >/dev/null 2>&1 || { say "java is not installed (Neo4j $NEO4J_VERSION needs Java 17 or 21)"; exit 3; }
    local major
    major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1)
    if [ -z "$major" ] || [ "$major" -lt 17 ]; then
        say "java ${major:-?} found; Neo4j $NEO4J_VERSION needs Java 17 or 21"; exit 3
    fi
    if [ ! -f "$LIB/.complete" ] && ! command -v mvn >/dev/null 2>&1; then
        say "mvn (Maven) is not installed: it fetches Neo4j $NEO4J_VERSION once from Maven Central"; exit 3
    fi
}

fetch() {  # the pinned jars, once, into .neo4j/lib-VERSION (a partial copy is never used)
    [ -f "$LIB/.complete" ] && return 0
    grep -q "<neo4j.version>$NEO4J_VERSION</neo4j.version>" "$ROOT/tools/neo4j/pom.xml" \
        || die "tools/neo4j/pom.xml does not pin $NEO4J_VERSION (keep the two in step)"
    say "fetching Neo4j $NEO4J_VERSION Community (about 125 MB of jars, once) into $LIB"
    rm -rf "$LIB.part"
    if ! mvn -B -q -f "$ROOT/tools/neo4j/pom.xml" dependency:copy-dependencies -DincludeScope=runtime \
            -DoutputDirectory="$LIB.part" >"$CACHE/mvn.log" 2>&1; then
        tail -n 20 "$CACHE/mvn.log" >&2
        die "Maven could not fetch org.neo4j:neo4j:$NEO4J_VERSION (log: $CACHE/mvn.log)"
    fi
    ls "$LIB.part"/neo4j-"$NEO4J_VERSION".jar >/dev/null || die "the fetched jars lack neo4j-$NEO4J_VERSION.jar"
    touch "$LIB.part/.complete"
    rm -rf "$LIB" && mv "$LIB.part" "$LIB"
}

running_pid() {  # the pid of the server this state folder started, if it still runs
    [ -f "$PIDFILE" ] || return 1
    local pid
    pid=$(cat "$PIDFILE")
    [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
    # the pid must still be our server (a pid can be reused): its command line names our config
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$MAIN_SERVER.*--config-dir=$CONF" || return 1
    echo "$pid"
}

free_port() {
    local want=${NEO4J_LOCAL_PORT:-}
    if [ -z "$want" ] && [ -f "$PORTFILE" ]; then want=$(cat "$PORTFILE"); fi
    if [ -n "$want" ] && ! (exec 3<>"/dev/tcp/127.0.0.1/$want") 2>/dev/null; then
        echo "$want"; return
    fi
    [ -n "${NEO4J_LOCAL_PORT:-}" ] && die "port $NEO4J_LOCAL_PORT is taken"
    # let the kernel pick an unused one
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

java_flags() {  # what Neo4j's own launcher passes on Java 17
    printf '%s\n' "-Xms$HEAP" "-Xmx$HEAP" -XX:+UseG1GC -XX:-OmitStackTraceInFastThrow -XX:+DisableExplicitGC \
        -Djdk.nio.maxCachedBufferSize=1024 -Dio.netty.tryReflectionSetAccessible=true \
        -Dfile.encoding=UTF-8 -Dlog4j2.disable.jmx=true -Djdk.tls.ephemeralDHKeySize=2048 \
        --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
        --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED \
        --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --enable-native-access=ALL-UNNAMED
}

write_conf() {  # one neo4j.conf for the server and the admin tool; strict: a wrong key stops the server
    mkdir -p "$CONF" "$STATE/data" "$STATE/logs" "$STATE/run" "$STATE/import"
    cat >"$CONF/neo4j.conf" <<EOF
# written by scripts/neo4j-local.sh: a server for this machine only
server.default_listen_address=127.0.0.1
server.default_advertised_address=127.0.0.1
server.bolt.listen_address=127.0.0.1:$1
server.bolt.advertised_address=127.0.0.1:$1
server.http.enabled=false
server.https.enabled=false
dbms.security.auth_enabled=true
dbms.usage_report.enabled=false
server.memory.pagecache.size=$PAGECACHE
server.directories.data=$STATE/data
server.directories.logs=$STATE/logs
server.directories.run=$STATE/run
server.directories.import=$STATE/import
db.tx_log.preallocate=false
db.tx_log.rotation.retention_policy=2 files
EOF
}

admin() {  # neo4j-admin (org.neo4j.cli.AdminTool) on this state folder's configuration
    need_tools
    fetch
    [ -f "$CONF/neo4j.conf" ] || write_conf "$(free_port)"
    local flags
    mapfile -t flags < <(java_flags)
    NEO4J_HOME="$STATE" NEO4J_CONF="$CONF" java "${flags[@]}" -cp "$LIB/*" "$MAIN_ADMIN" "$@"
}

settings() {  # the QINYOU_* settings of the running server: stdout, without the password itself
    local port
    port=$(cat "$PORTFILE")
    cat <<EOF
export QINYOU_STORE=neo4j
export QINYOU_NEO4J_URI=bolt://127.0.0.1:$port
export QINYOU_NEO4J_USER=neo4j
export QINYOU_NEO4J_DATABASE=neo4j
. '$SECRET'   # sets QINYOU_NEO4J_PASSWORD (file mode 0600)
EOF
}

answers() {  # does Bolt answer a query? (through the project's driver when it is installed)
    local port=$1 py="$ROOT/.venv/bin/python"
    if [ -x "$py" ] && "$py" -c 'import neo4j' 2>/dev/null; then
        # shellcheck disable=SC1090
        (. "$SECRET"; QINYOU_NEO4J_URI="bolt://127.0.0.1:$port" "$py" - <<'EOF'
import os, neo4j
uri, password = os.environ["QINYOU_NEO4J_URI"], os.environ["QINYOU_NEO4J_PASSWORD"]
with neo4j.GraphDatabase.driver(uri, auth=("neo4j", password), connection_timeout=5) as driver:
    driver.execute_query("RETURN 1", database_="neo4j")
EOF
        ) >/dev/null 2>&1
    else
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
    fi
}

start() {
    local pid port
    if pid=$(running_pid); then
        say "already running (pid $pid, bolt://127.0.0.1:$(cat "$PORTFILE"))"
        settings; return 0
    fi
    need_tools
    fetch
    if [ "${NEO4J_LOCAL_FRESH:-0}" = 1 ]; then
        rm -rf "$STATE/data" "$STATE/logs" "$STATE/run" "$SECRET"
    fi
    port=$(free_port)
    write_conf "$port"
    echo "$port" >"$PORTFILE"
    if [ ! -s "$SECRET" ] || [ ! -d "$STATE/data/databases/system" ]; then  # a new DBMS: a new password
        local secret
        secret=$(head -c 24 /dev/urandom | base64 | tr -d '/+=' | head -c 24)
        (umask 077; printf "export QINYOU_NEO4J_PASSWORD='%s'\n" "$secret" >"$SECRET")
        rm -rf "$STATE/data/dbms"
        admin dbms set-initial-password "$secret" >"$STATE/logs/admin.log" 2>&1 \
            || { cat "$STATE/logs/admin.log" >&2; die "could not set the initial password"; }
    fi
    local flags
    mapfile -t flags < <(java_flags)
    say "starting Neo4j $NEO4J_VERSION on 127.0.0.1:$port (data $STATE/data, log $CONSOLE)"
    # setsid: the server is not in the caller's process group (Ctrl-C there does not reach it)
    NEO4J_HOME="$STATE" NEO4J_CONF="$CONF" setsid java "${flags[@]}" -cp "$LIB/*" "$MAIN_SERVER" \
        --home-dir="$STATE" --config-dir="$CONF" --console-mode >"$CONSOLE" 2>&1 </dev/null &
    pid=$!
    echo "$pid" >"$PIDFILE"
    local waited=0
    until grep -q 'Started\.' "$CONSOLE" 2>/dev/null && answers "$port"; do
        if ! kill -0 "$pid" 2>/dev/null; then
            tail -n 25 "$CONSOLE" >&2; rm -f "$PIDFILE"
            die "the server stopped while starting (log: $CONSOLE)"
        fi
        if [ "$waited" -ge "$TIMEOUT" ]; then
            tail -n 25 "$CONSOLE" >&2; stop >/dev/null 2>&1 || true
            die "Bolt did not answer within ${TIMEOUT}s (log: $CONSOLE)"
        fi
        sleep 1; waited=$((waited + 1))
    done
    say "ready after ${waited}s (pid $pid); settings:"
    settings
}

stop() {
    local pid
    if ! pid=$(running_pid); then
        rm -f "$PIDFILE"; say "not running"; return 0
    fi
    kill -TERM "$pid"
    local waited=0
    while kill -0 "$pid" 2>/dev/null; do
        if [ "$waited" -ge 90 ]; then say "pid $pid did not stop in 90s: killing it"; kill -KILL "$pid"; fi
        sleep 1; waited=$((waited + 1))
    done
    rm -f "$PIDFILE"
    say "stopped (pid $pid)"
}

status() {
    local pid
    if pid=$(running_pid); then
        say "running: pid $pid, bolt://127.0.0.1:$(cat "$PORTFILE"), data $STATE/data"
    else
        say "not running (state $STATE)"; return 1
    fi
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    env) running_pid >/dev/null || die "not running"; settings ;;
    fetch) need_tools; fetch ;;
    admin) shift; admin "$@" ;;
    *) echo "usage: bash scripts/neo4j-local.sh start|stop|status|env|fetch|admin ARGS" >&2; exit 2 ;;
esac
