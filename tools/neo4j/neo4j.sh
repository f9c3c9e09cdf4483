#!/usr/bin/env bash
# Start/stop a local Neo4j 5.26 LTS Community server (Bolt on 127.0.0.1) built from
# Maven Central artifacts. See tools/neo4j/README.md.
#
#   neo4j.sh start    build if needed, start in background, wait for Bolt, print bolt URI
#   neo4j.sh stop     SIGTERM, wait, SIGKILL if needed
#   neo4j.sh status   print state (exit 0 running, 3 not running)
#
# Settings (env): YIJU_NEO4J_HOME (state dir, default <repo>/.neo4j), YIJU_NEO4J_PORT (7687),
# YIJU_NEO4J_PASSWORD (unset = auth disabled), YIJU_NEO4J_HEAP (1g), YIJU_NEO4J_PAGECACHE_MB (256),
# YIJU_NEO4J_TX_TIMEOUT_S (300), YIJU_NEO4J_START_TIMEOUT (180), YIJU_NEO4J_PROFILE (test | server),
# YIJU_NEO4J_JAVA_OPTS (extra JVM flags).
#
# Only the bolt URI is written to stdout by `start`; everything else goes to stderr.
set -euo pipefail

TOOL_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
REPO="$(cd "$TOOL_DIR/../.." && pwd -P)"
STATE="${YIJU_NEO4J_HOME:-$REPO/.neo4j}"
PORT="${YIJU_NEO4J_PORT:-7687}"
HEAP="${YIJU_NEO4J_HEAP:-1g}"
START_TIMEOUT="${YIJU_NEO4J_START_TIMEOUT:-180}"
PROFILE="${YIJU_NEO4J_PROFILE:-test}"
PID_FILE="$STATE/neo4j.pid"
PORT_FILE="$STATE/neo4j.port"
LOG_FILE="$STATE/neo4j.log"
LOCK_FILE="$STATE/neo4j.lock"
TARGET="$TOOL_DIR/target"
CP_FILE="$TARGET/classpath.txt"
STAMP="$TARGET/.yiju-build-stamp"
MAIN_CLASS="yiju.Neo4jLauncher"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

log() { echo "neo4j.sh: $*" >&2; }

die() {
    log "ERROR: $*"
    if [[ -f "$LOG_FILE" ]]; then
        echo "----- last 40 lines of $LOG_FILE -----" >&2
        tail -n 40 "$LOG_FILE" >&2 || true
        echo "-----" >&2
        grep -m1 "^YIJU-NEO4J FAILED" "$LOG_FILE" >&2 || true
    fi
    exit 1
}

# pid of our running server, or empty.
running_pid() {
    [[ -f "$PID_FILE" ]] || return 0
    local pid
    pid="$(cat "$PID_FILE" 2>/dev/null || true)"
    [[ "$pid" =~ ^[0-9]+$ ]] || return 0
    if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q "$MAIN_CLASS"; then
        echo "$pid"
    fi
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

is_ready() { grep -q "^YIJU-NEO4J READY " "$LOG_FILE" 2>/dev/null && port_open "$1"; }

needs_build() {
    [[ -f "$STAMP" && -f "$CP_FILE" && -f "$TARGET/classes/yiju/Neo4jLauncher.class" ]] || return 0
    [[ -n "$(find "$TOOL_DIR/pom.xml" "$TOOL_DIR/src" -newer "$STAMP" -print -quit)" ]] && return 0
    # Every jar of the recorded classpath must still be in the local Maven repository.
    local jar
    while IFS= read -r jar; do
        [[ -z "$jar" || -e "$jar" ]] || return 0
    done < <(tr ':' '\n' < "$CP_FILE")
    return 1
}

build() {
    command -v mvn >/dev/null || die "mvn not found (apt-get install maven)"
    log "building launcher (mvn -q -B compile in $TOOL_DIR) ..."
    rm -f "$STAMP"
    if ! mvn -q -B -f "$TOOL_DIR/pom.xml" compile >&2; then
        die "maven build failed"
    fi
    [[ -s "$CP_FILE" ]] || die "maven did not write $CP_FILE"
    touch "$STAMP"
}

stop_pid() {
    local pid="$1" i
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 600; i++)); do  # up to 60 s for a clean shutdown
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    log "server (pid $pid) did not stop after SIGTERM; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    return 1
}

# JIT and GC by profile (measured on a 2-core machine, see tools/neo4j/README.md):
# - test: C1 JIT only -- half the start-up CPU and time, fast first queries; enough for
#   test-sized graphs.
# - server: C2 JIT with smaller inlining limits and the parallel (throughput) collector.
#   On a fresh server the C2 compiler threads otherwise take as much CPU as a bulk load
#   itself (JFR: ~60 s of compilation in a 65 s load of the shared corpus); the trimmed
#   limits compile less and still give C2 code (bench/neo4j_load_bench.py).
set_profile_flags() {
    case "$PROFILE" in
        test) PROFILE_FLAGS=(-XX:TieredStopAtLevel=1 -XX:+UseG1GC) ;;
        server) PROFILE_FLAGS=(-XX:TieredStopAtLevel=4 -XX:FreqInlineSize=100 -XX:InlineSmallCode=1000
                               -XX:+UseParallelGC) ;;
        *) die "YIJU_NEO4J_PROFILE must be 'test' or 'server', not '$PROFILE'" ;;
    esac
}

cmd_start() {
    set_profile_flags
    mkdir -p "$STATE"
    exec 9>"$LOCK_FILE"
    flock -w 600 9 || die "could not lock $LOCK_FILE (another start/stop still running?)"

    local pid
    pid="$(running_pid)"
    if [[ -n "$pid" ]]; then
        local rport
        rport="$(cat "$PORT_FILE" 2>/dev/null || echo "$PORT")"
        if is_ready "$rport"; then
            [[ "$rport" == "$PORT" ]] || log "WARNING: already running on port $rport (YIJU_NEO4J_PORT=$PORT ignored; stop it first)"
            echo "bolt://127.0.0.1:$rport"
            return 0
        fi
        die "server process $pid exists but is not ready; run '$0 stop' and retry"
    fi
    rm -f "$PID_FILE" "$PORT_FILE"

    if port_open "$PORT"; then
        die "port 127.0.0.1:$PORT is already in use by another process (set YIJU_NEO4J_PORT)"
    fi

    if needs_build; then build; fi
    command -v "$JAVA" >/dev/null || die "java not found"

    local cp
    cp="$TARGET/classes:$(cat "$CP_FILE")"
    local -a jvm=(
        "-Xms256m" "-Xmx$HEAP" "${PROFILE_FLAGS[@]}"
        -XX:-OmitStackTraceInFastThrow -XX:+ExitOnOutOfMemoryError
        -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints
        -Djdk.nio.maxCachedBufferSize=1024
        -Dio.netty.tryReflectionSetAccessible=true
        -Dlog4j2.disable.jmx=true
        -Dfile.encoding=UTF-8
        --add-opens=java.base/java.nio=ALL-UNNAMED
        --add-opens=java.base/java.io=ALL-UNNAMED
        --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
        --add-opens=java.base/java.lang=ALL-UNNAMED
        --add-opens=java.base/java.util=ALL-UNNAMED
        --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
        --add-opens=java.base/jdk.internal.misc=ALL-UNNAMED
        --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED
        --add-exports=java.base/sun.nio.ch=ALL-UNNAMED
    )
    # shellcheck disable=SC2206
    [[ -n "${YIJU_NEO4J_JAVA_OPTS:-}" ]] && jvm+=(${YIJU_NEO4J_JAVA_OPTS})

    log "starting Neo4j (home $STATE, port $PORT, profile $PROFILE, log $LOG_FILE) ..."
    : >"$LOG_FILE"
    echo "$PORT" >"$PORT_FILE"
    # New session (setsid) so the server survives the caller; stdio detached so callers that
    # capture our output do not wait for the server; the lock fd 9 is not inherited.
    # The inner shell writes its own pid and then execs java, so the pid file is the JVM's pid.
    # shellcheck disable=SC2016
    PIDF="$PID_FILE" setsid nohup bash -c 'echo $$ >"$PIDF"; exec "$@"' bash \
        "$JAVA" "${jvm[@]}" -cp "$cp" "$MAIN_CLASS" "$STATE" "$PORT" \
        </dev/null >>"$LOG_FILE" 2>&1 9>&- &

    local t0=$SECONDS i
    for ((i = 0; i < 50; i++)); do [[ -s "$PID_FILE" ]] && break; sleep 0.1; done
    pid="$(cat "$PID_FILE" 2>/dev/null || true)"
    [[ -n "$pid" ]] || die "server did not start (no pid file)"

    while true; do
        if ! kill -0 "$pid" 2>/dev/null; then
            rm -f "$PID_FILE" "$PORT_FILE"
            die "server process exited during startup"
        fi
        if is_ready "$PORT"; then
            log "ready after $((SECONDS - t0)) s (pid $pid)"
            echo "bolt://127.0.0.1:$PORT"
            return 0
        fi
        if ((SECONDS - t0 >= START_TIMEOUT)); then
            log "not ready after ${START_TIMEOUT} s; stopping pid $pid"
            stop_pid "$pid" || true
            rm -f "$PID_FILE" "$PORT_FILE"
            die "timed out waiting for Bolt on 127.0.0.1:$PORT"
        fi
        sleep 0.5
    done
}

cmd_stop() {
    mkdir -p "$STATE"
    exec 9>"$LOCK_FILE"
    flock -w 120 9 || die "could not lock $LOCK_FILE"
    local pid
    pid="$(running_pid)"
    if [[ -z "$pid" ]]; then
        rm -f "$PID_FILE" "$PORT_FILE"
        log "not running"
        return 0
    fi
    log "stopping pid $pid ..."
    stop_pid "$pid" || die "could not stop pid $pid"
    rm -f "$PID_FILE" "$PORT_FILE"
    log "stopped"
}

cmd_status() {
    local pid rport
    pid="$(running_pid)"
    if [[ -z "$pid" ]]; then
        echo "not running"
        return 3
    fi
    rport="$(cat "$PORT_FILE" 2>/dev/null || echo "$PORT")"
    if is_ready "$rport"; then
        echo "running (pid $pid) bolt://127.0.0.1:$rport"
    else
        echo "starting (pid $pid) port $rport"
    fi
}

case "${1:-}" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    *)
        echo "usage: $0 {start|stop|status}" >&2
        exit 2
        ;;
esac
