#!/usr/bin/env bash
# Cold start and idle footprint of a Stevedore cluster:
#   1. `./stevedore down; time ./stevedore up` on a fresh state directory (unpack + first boot), then again after
#      `./stevedore down` (a restart of the installed cluster: the figure the 8 s target is about);
#   2. the Karaf JVM's resident set size (VmRSS from /proc) after COLDSTART_IDLE_SECONDS (30) of idling;
#   3. `./stevedore down`, also on any failure.
# The cluster lives in its own STEVEDORE_HOME (default /tmp/stevedore-bench-coldstart) on free loopback ports, so a
# developer's cluster is not touched. The build is done beforehand (under the shared Maven lock) only when there is
# no assembly archive or COLDSTART_BUILD=1; the timed `up` runs with STEVEDORE_MVN=true so that it never builds.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
IDLE="${COLDSTART_IDLE_SECONDS:-30}"
export STEVEDORE_HOME="${COLDSTART_HOME:-${TMPDIR:-/tmp}/stevedore-bench-coldstart}"

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
    || echo "$1"
}
export STEVEDORE_API_PORT="${STEVEDORE_API_PORT:-$(free_port 16443)}"
export STEVEDORE_SSH_PORT="${STEVEDORE_SSH_PORT:-$(free_port 18101)}"

say() { printf 'coldstart: %s\n' "$*" >&2; }

cd "$ROOT"
if [[ "${COLDSTART_BUILD:-}" == 1 ]] || ! ls karaf-assembly/target/stevedore-karaf-*.tar.gz >/dev/null 2>&1; then
  say "building the assembly (mvn -q -B -DskipTests install, under the shared lock) ..."
  flock /tmp/stevedore-mvn.lock mvn -q -B -DskipTests install >&2
fi
ARCHIVE="$(ls -1t karaf-assembly/target/stevedore-karaf-*.tar.gz | head -n 1)"
export STEVEDORE_MVN=true

cleanup() { ./stevedore down >/dev/null 2>&1 || true; }
trap cleanup EXIT

now_ms() { date +%s%3N; }

timed_up() { # prints seconds with millisecond precision
  local t0 t1
  t0=$(now_ms)
  ./stevedore up >/dev/null
  t1=$(now_ms)
  awk -v d=$((t1 - t0)) 'BEGIN { printf "%.2f", d / 1000 }'
}

karaf_jvm() { # pid of the java process running this STEVEDORE_HOME's Karaf
  local p
  for p in /proc/[0-9]*; do
    [[ "$(cat "$p/comm" 2>/dev/null)" == java ]] || continue
    if tr '\0' '\n' < "$p/cmdline" 2>/dev/null | grep -q "^-Dkaraf.base=$STEVEDORE_HOME/karaf\$"; then
      basename "$p"
      return 0
    fi
  done
  return 1
}

status_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }

say "archive $ARCHIVE ($(date -u -r "$ARCHIVE" '+%Y-%m-%d %H:%M UTC')), home $STEVEDORE_HOME, API port $STEVEDORE_API_PORT"
./stevedore down >/dev/null 2>&1 || true
rm -rf "$STEVEDORE_HOME"
say "first start (fresh state directory: unpack, first boot) ..."
first=$(timed_up)
say "first start: ${first} s; stopping"
./stevedore down >/dev/null 2>&1
say "restart (./stevedore down; time ./stevedore up) ..."
second=$(timed_up)
say "restart: ${second} s; idling ${IDLE} s"
pid="$(karaf_jvm)" || { say "cannot find the Karaf JVM"; exit 1; }
sleep "$IDLE"
rss_kb=$(status_kb "$pid" VmRSS)
hwm_kb=$(status_kb "$pid" VmHWM)
ready=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$STEVEDORE_API_PORT/readyz" || true)

printf '| measure | value | target |\n|---|---|---|\n'
printf '| cold start, fresh install (unpack + first boot) to /readyz 200 | %s s | - |\n' "$first"
printf '| cold start, ./stevedore down; ./stevedore up to /readyz 200 | %s s | <= 8 s (%s) |\n' "$second" \
  "$(awk -v s="$second" 'BEGIN { print (s <= 8 ? "MET" : "NOT MET") }')"
printf '| Karaf JVM RSS after %s s idle (pid %s, /readyz %s) | %s MiB | - |\n' "$IDLE" "$pid" "$ready" \
  "$(awk -v k="$rss_kb" 'BEGIN { printf "%.0f", k / 1024 }')"
printf '| Karaf JVM peak RSS (VmHWM) | %s MiB | - |\n' "$(awk -v k="$hwm_kb" 'BEGIN { printf "%.0f", k / 1024 }')"
say "stopping the cluster"
./stevedore down >/dev/null 2>&1
trap - EXIT
