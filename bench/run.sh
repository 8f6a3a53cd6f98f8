#!/usr/bin/env bash
# Runs Stevedore's benchmarks and prints their tables.
#
#   bench/run.sh [all|write|api|watch|coldstart]...   (default: write watch coldstart)
#
#   write      StoreVsEtcdBench: Hazelcast store, HTTP API and etcd 3.4 (started here on loopback), 1 KiB objects;
#              closed loops with 8 and 32 writers, open loop at a fixed rate; ratios to etcd
#   api        ApiWriteBench: HTTP API and in-JVM registry writes
#   watch      WatchLatencyBench: Store.watch, Registry.watch and HTTP watch stream delivery latency
#   coldstart  bench/coldstart.sh: ./stevedore up to API ready, idle RSS of the Karaf JVM
#   dist       DistributionBench: the distribution ./stevedore up starts (own home, free ports), driven over HTTP
#              from another JVM: 1 KiB creates open loop, GC pauses from its gc.log, RSS idle/after load/after churn
#   scale      ScaleBench: 5,000 hollow nodes, the scheduler, the controller manager and 150,000 pods in one JVM;
#              p50/p99 of single-object writes over HTTP while the pods arrive and held at scale; heap, RSS
#              (about 15 minutes; BENCH_SCALE_JAVA_OPTS, default -Xms4g -Xmx14g)
#   node       NodeBench: the kubelet on Docker in the distribution: pod startup latency over 100 pods beside raw
#              docker run, RSS with 100 pods running, kill -9 of Karaf with 20 pods and one ./stevedore up
#              (needs a Docker engine and the busybox:stevedore-it image the itests import)
#
# Environment: BENCH_SECONDS (per measured run, default 20), BENCH_WARMUP (default 5), BENCH_RATE (open-loop
# writes/s, default 1000), BENCH_WATCH_RATE (default 500), BENCH_JAVA_OPTS (default -Xms1g -Xmx2g),
# BENCH_SKIP_BUILD=1, BENCH_MVN_ARGS (extra Maven arguments, e.g. -o). Results also go to bench/target/results-*.txt.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"
SECONDS_PER_RUN="${BENCH_SECONDS:-20}"
WARMUP="${BENCH_WARMUP:-5}"
RATE="${BENCH_RATE:-1000}"
WATCH_RATE="${BENCH_WATCH_RATE:-500}"
JAVA_OPTS="${BENCH_JAVA_OPTS:--Xms1g -Xmx2g}"
# what Hazelcast asks for on Java 17 (as in Karaf's launcher)
HZ_OPTS="--add-modules java.se --add-exports java.base/jdk.internal.ref=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens java.management/sun.management=ALL-UNNAMED --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED"
LOCK=/tmp/stevedore-mvn.lock

say() { printf 'bench: %s\n' "$*" >&2; }
die() { printf 'bench: error: %s\n' "$*" >&2; exit 1; }

targets=("$@")
(( ${#targets[@]} == 0 )) && targets=(write watch coldstart)
[[ " ${targets[*]} " == *" all "* ]] && targets=(write api watch coldstart dist scheduler deployment scale)

build() {
  [[ "${BENCH_SKIP_BUILD:-}" == 1 && -d "$BENCH/target/lib" ]] && return 0
  cd "$ROOT"
  if grep -q '<module>bench</module>' pom.xml; then
    say "building (mvn -q -pl bench -am package -DskipTests) ..."
    flock "$LOCK" mvn -q -B ${BENCH_MVN_ARGS:-} -pl bench -am package -DskipTests >&2
  else
    # bench is not in the reactor yet: install what it depends on, then build it on its own
    say "building (bench not in the reactor: install its dependencies, then mvn -f bench/pom.xml package) ..."
    flock "$LOCK" mvn -q -B ${BENCH_MVN_ARGS:-} -pl bundles/api,bundles/store,bundles/apiserver -am install -DskipTests >&2
    flock "$LOCK" mvn -q -B ${BENCH_MVN_ARGS:-} -f bench/pom.xml package -DskipTests >&2
  fi
  [[ -d "$BENCH/target/lib" ]] || die "the build wrote no bench/target/lib"
}

# The drivers run from a private copy of their classes and jars: other developers' builds may rewrite
# bench/target or reinstall the bundles while a benchmark runs.
snapshot_classpath() {
  RUNDIR="$(mktemp -d "${TMPDIR:-/tmp}/stevedore-bench-run.XXXXXX")"
  trap 'rm -rf "$RUNDIR"' EXIT
  flock "$LOCK" cp -r "$BENCH/target/classes" "$BENCH/target/lib" "$RUNDIR/"
  CLASSPATH_RUN="$RUNDIR/classes:$RUNDIR/lib/*"
}

ensure_etcd() {
  if command -v etcd >/dev/null 2>&1 || [[ -x /usr/bin/etcd ]]; then
    return 0
  fi
  say "installing etcd-server (Debian) ..."
  if [[ $(id -u) == 0 ]]; then
    apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q etcd-server >&2
  else
    sudo apt-get update -q >&2 && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q etcd-server >&2
  fi
  command -v etcd >/dev/null 2>&1 || [[ -x /usr/bin/etcd ]] || die "etcd is not installed"
}

run_java() { # main-class timeout-seconds args...
  local main="$1" limit="$2"
  shift 2
  local logging="$RUNDIR/logging.properties"
  printf 'handlers=java.util.logging.ConsoleHandler\n.level=WARNING\n' > "$logging"
  # shellcheck disable=SC2086
  timeout --kill-after=30 "$limit" java $JAVA_OPTS $HZ_OPTS \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -Djava.util.logging.config.file="$logging" \
    -cp "$CLASSPATH_RUN" "io.stevedore.bench.$main" "$@" || say "$main failed (exit $?)"
}

mkdir -p "$BENCH/target"
OUT="$BENCH/target/results-$(date -u +%Y%m%dT%H%M%SZ).txt"
need_java=0
for t in "${targets[@]}"; do
  case "$t" in
    write|api|watch|dist|scheduler|deployment|scale|node) need_java=1 ;;
    coldstart) ;;
    *) die "unknown benchmark: $t (all, write, api, watch, coldstart, dist, scheduler, deployment, scale, node)" ;;
  esac
done
if (( need_java )); then
  build
  snapshot_classpath
fi
common=(--seconds="$SECONDS_PER_RUN" --warmup="$WARMUP" --rate="$RATE")
per_suite=$(( 4 * (WARMUP + 3 * SECONDS_PER_RUN) + 240 ))

{
  echo "# Stevedore benchmarks, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, $(java -version 2>&1 | head -n 1)"
  echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT"
for t in "${targets[@]}"; do
  echo | tee -a "$OUT"
  case "$t" in
    write)
      ensure_etcd
      echo "## write: store, HTTP API and etcd ($(etcd --version 2>/dev/null | sed -n 1p))" | tee -a "$OUT"
      run_java StoreVsEtcdBench $(( 3 * per_suite )) "${common[@]}" | tee -a "$OUT"
      ;;
    api)
      echo "## api: HTTP API and in-JVM registry writes" | tee -a "$OUT"
      run_java ApiWriteBench $(( 2 * per_suite )) "${common[@]}" | tee -a "$OUT"
      ;;
    watch)
      echo "## watch: delivery latency" | tee -a "$OUT"
      run_java WatchLatencyBench $(( 3 * (2 * WARMUP + 2 * SECONDS_PER_RUN) + 240 )) "${common[@]}" \
        --watchRate="$WATCH_RATE" | tee -a "$OUT"
      ;;
    dist)
      echo "## dist: the distribution over HTTP from another JVM" | tee -a "$OUT"
      archive="$(ls -1t "$ROOT"/karaf-assembly/target/stevedore-karaf-*.tar.gz 2>/dev/null | head -n 1 || true)"
      if [[ -z "$archive" ]]; then
        say "building the assembly (mvn -q -B -DskipTests install) ..."
        flock "$LOCK" mvn -q -B ${BENCH_MVN_ARGS:-} -DskipTests install >&2
        archive="$(ls -1t "$ROOT"/karaf-assembly/target/stevedore-karaf-*.tar.gz | head -n 1)"
      fi
      cp "$archive" "$RUNDIR/dist.tar.gz"
      run_java DistributionBench $(( 3 * WARMUP + SECONDS_PER_RUN + 900 )) "${common[@]}" --root="$ROOT" \
        --archive="$RUNDIR/dist.tar.gz" | tee -a "$OUT"
      ;;
    node)
      echo "## node: the kubelet on Docker (pod startup, RSS with 100 pods, kill -9 recovery)" | tee -a "$OUT"
      archive="$(ls -1t "$ROOT"/karaf-assembly/target/stevedore-karaf-*.tar.gz 2>/dev/null | head -n 1 || true)"
      [[ -n "$archive" ]] || die "build the assembly first (mvn -DskipTests install)"
      cp "$archive" "$RUNDIR/dist.tar.gz"
      run_java NodeBench 1200 "${common[@]}" --root="$ROOT" --archive="$RUNDIR/dist.tar.gz" | tee -a "$OUT"
      ;;
    scheduler)
      echo "## scheduler: SchedulingBasic (5,000 nodes, 1,000 initial pods, 10,000 measured)" | tee -a "$OUT"
      run_java SchedulerBench 900 "${common[@]}" | tee -a "$OUT"
      echo "## scheduler: SchedulingPodAntiAffinity (5,000 nodes, 1,000 initial pods, 1,000 measured)" | tee -a "$OUT"
      run_java SchedulerBench 900 "${common[@]}" --shape=antiaffinity --pods=1000 | tee -a "$OUT"
      echo "## scheduler: SchedulingBasic with taints (5,000 tainted nodes, 1,000 initial pods, 10,000 measured)" \
        | tee -a "$OUT"
      run_java SchedulerBench 900 "${common[@]}" --shape=taints | tee -a "$OUT"
      ;;
    deployment)
      echo "## deployment: 1,000 replicas on 200 hollow nodes, create then rolling update" | tee -a "$OUT"
      run_java DeploymentBench 1900 "${common[@]}" | tee -a "$OUT"
      ;;
    scale)
      echo "## scale: 5,000 hollow nodes and 150,000 pods in one JVM, single-object write latency over HTTP" \
        | tee -a "$OUT"
      JAVA_OPTS="${BENCH_SCALE_JAVA_OPTS:--Xms4g -Xmx14g}" run_java ScaleBench 3600 "${common[@]}" | tee -a "$OUT"
      ;;
    coldstart)
      echo "## coldstart: ./stevedore up to API ready, idle RSS" | tee -a "$OUT"
      "$BENCH/coldstart.sh" | tee -a "$OUT"
      ;;
  esac
done
echo | tee -a "$OUT"
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg); results in $OUT" | tee -a "$OUT"
