#!/usr/bin/env bash
# Starts, stops and reports a local Chroma server (the `chroma` CLI bundled in the `chromadb` npm
# package of @chatbuddy/adapters-chroma), listening on 127.0.0.1.
#
#   bash scripts/chroma-server.sh start|stop|status [--port N] [--data DIR]
#
# The server's native module needs glibc >= 2.39. On older systems (Debian 12 …) the script runs
# the unmodified server through the loader of Debian 13's libc6, fetched once with apt's ordinary
# client into .cache/glibc-trixie (git-ignored) without touching the system's own apt sources.
# The server ignores SIGTERM (it spins), so `stop` uses SIGKILL.
#
# Environment: CHROMA_START_TIMEOUT (seconds to wait for the heartbeat, default 60).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
command="${1:-}"
shift || true
port=8000
data=""
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port="${2:?--port needs a value}"; shift 2 ;;
    --port=*) port="${1#--port=}"; shift ;;
    --data) data="${2:?--data needs a value}"; shift 2 ;;
    --data=*) data="${1#--data=}"; shift ;;
    *) echo "chroma-server: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
case "$port" in '' | *[!0-9]*) echo "chroma-server: --port must be a number" >&2; exit 2 ;; esac
data="${data:-$root/.data/chroma-$port}"
state="$root/.cache/chroma"
pid_file="$state/chroma-$port.pid"
log_file="$state/chroma-$port.log"
heartbeat_url="http://127.0.0.1:$port/api/v2/heartbeat"
cli="$root/packages/adapters-chroma/node_modules/chromadb/dist/cli.mjs"

fail() { echo "chroma-server: $*" >&2; exit 1; }

# The real node binary (the repo's Node 22 when installed, else the system one), not a shim.
node_binary() {
  local candidate="$root/node_modules/.bin/node"
  [ -x "$candidate" ] || candidate="$(command -v node || true)"
  [ -n "$candidate" ] || fail "node not found"
  "$candidate" -p process.execPath
}

heartbeat() {
  if command -v curl > /dev/null; then
    curl -fsS --max-time 2 "$heartbeat_url" > /dev/null 2>&1
  else
    "$node" -e "fetch('$heartbeat_url',{signal:AbortSignal.timeout(2000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
  fi
}

running_pid() {
  [ -f "$pid_file" ] || return 1
  local pid
  pid="$(cat "$pid_file")"
  [ -n "$pid" ] && kill -0 "$pid" 2> /dev/null || return 1
  # Never act on a recycled pid: the process must still be this port's Chroma CLI.
  if [ -r "/proc/$pid/cmdline" ]; then
    tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q -- "cli.mjs run .*--port $port" || return 1
  fi
  echo "$pid"
}

# Whether the native module loads with the system's glibc.
native_module_loads() {
  (cd "$(dirname "$cli")" && "$node" --input-type=module -e "
    import { createRequire } from 'node:module';
    const require = createRequire(import.meta.url + '/');
    const arch = process.arch === 'arm64' ? 'arm64' : 'x64';
    require('chromadb-js-bindings-linux-' + arch + '-gnu');" > /dev/null 2>&1)
}

# Prints the loader and library folder of Debian trixie's glibc, downloading it once.
trixie_glibc() {
  local glibc="$root/.cache/glibc-trixie" multiarch loader
  case "$(uname -m)" in
    x86_64) multiarch=x86_64-linux-gnu; loader=ld-linux-x86-64.so.2 ;;
    aarch64) multiarch=aarch64-linux-gnu; loader=ld-linux-aarch64.so.1 ;;
    *) fail "no glibc work-around for $(uname -m)" ;;
  esac
  local library="$glibc/sysroot/usr/lib/$multiarch"
  mkdir -p "$glibc"
  (
    flock 9
    if [ ! -x "$library/$loader" ]; then
      command -v apt-get > /dev/null || fail "glibc is older than 2.39 and apt-get is missing"
      local keyring=/usr/share/keyrings/debian-archive-keyring.gpg
      [ -f "$keyring" ] || fail "glibc is older than 2.39; install debian-archive-keyring for the work-around"
      echo "chroma-server: system glibc too old, fetching Debian trixie libc6 into .cache/glibc-trixie" >&2
      mkdir -p "$glibc/lists/partial" "$glibc/cache/archives/partial" "$glibc/debs"
      echo "deb [signed-by=$keyring] http://deb.debian.org/debian trixie main" > "$glibc/sources.list"
      local options=(-o "Dir::Etc::SourceList=$glibc/sources.list" -o Dir::Etc::SourceParts=/dev/null
        -o "Dir::State::Lists=$glibc/lists" -o "Dir::Cache=$glibc/cache" -o Debug::NoLocking=1)
      [ "$(id -u)" != 0 ] || options+=(-o APT::Sandbox::User=root)
      apt-get "${options[@]}" -qq update >&2
      rm -f "$glibc"/debs/libc6_*.deb
      (cd "$glibc/debs" && apt-get "${options[@]}" -qq download libc6 >&2)
      rm -rf "$glibc/sysroot"
      dpkg-deb -x "$glibc"/debs/libc6_*.deb "$glibc/sysroot"
      rm -rf "$glibc/lists" "$glibc/cache"
    fi
  ) 9> "$glibc/.lock"
  [ -x "$library/$loader" ] || fail "glibc work-around failed (no $library/$loader)"
  echo "$library/$loader"
  echo "$library:/usr/lib/$multiarch:/lib/$multiarch"
}

start() {
  local pid
  if pid="$(running_pid)"; then
    echo "chroma-server: already running on port $port (pid $pid)"
    return 0
  fi
  if heartbeat; then
    echo "chroma-server: a Chroma server already answers on port $port (not started by this script)"
    return 0
  fi
  [ -f "$cli" ] || fail "chromadb is not installed (run pnpm install)"
  mkdir -p "$state" "$data"
  local launcher=("$node")
  if ! native_module_loads; then
    local glibc
    mapfile -t glibc < <(trixie_glibc)
    [ "${#glibc[@]}" -eq 2 ] || fail "glibc work-around unavailable"
    launcher=("${glibc[0]}" --library-path "${glibc[1]}" "$node")
  fi
  # A new session so the server outlives this shell and a terminal's signals.
  ANONYMIZED_TELEMETRY=False setsid "${launcher[@]}" "$cli" run --path "$data" --host 127.0.0.1 --port "$port" \
    > "$log_file" 2>&1 < /dev/null &
  pid=$!
  echo "$pid" > "$pid_file"
  local timeout="${CHROMA_START_TIMEOUT:-60}" waited=0
  until heartbeat; do
    if ! kill -0 "$pid" 2> /dev/null; then
      rm -f "$pid_file"
      tail -n 20 "$log_file" >&2 || true
      fail "server exited during start (log: $log_file)"
    fi
    if [ "$waited" -ge $((timeout * 4)) ]; then
      kill -KILL "$pid" 2> /dev/null || true
      rm -f "$pid_file"
      tail -n 20 "$log_file" >&2 || true
      fail "no heartbeat on port $port after ${timeout}s (log: $log_file)"
    fi
    sleep 0.25
    waited=$((waited + 1))
  done
  echo "chroma-server: running on http://127.0.0.1:$port (pid $pid, data $data)"
}

stop() {
  local pid
  if ! pid="$(running_pid)"; then
    rm -f "$pid_file"
    echo "chroma-server: not running on port $port"
    return 0
  fi
  kill -KILL "$pid" 2> /dev/null || true
  local waited=0
  while kill -0 "$pid" 2> /dev/null && [ "$waited" -lt 40 ]; do
    sleep 0.25
    waited=$((waited + 1))
  done
  rm -f "$pid_file"
  echo "chroma-server: stopped (pid $pid)"
}

status() {
  local pid
  if pid="$(running_pid)" && heartbeat; then
    echo "chroma-server: running on http://127.0.0.1:$port (pid $pid)"
  elif pid="$(running_pid)"; then
    echo "chroma-server: process $pid alive but no heartbeat on port $port"
    return 1
  else
    echo "chroma-server: not running on port $port"
    return 3
  fi
}

node="$(node_binary)"
case "$command" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status [--port N] [--data DIR]" >&2; exit 2 ;;
esac
