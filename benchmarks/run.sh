#!/usr/bin/env bash
# Reproduces every number in docs/benchmarks.md, on loopback only, each step bounded in time.
#
#   benchmarks/run.sh [--quick] [--wait-quiet] [STEP...]
#
# STEPs (default: all, in this order): filter jmh refresh nightly store session
#   filter   1. the same secured page with no filter / OidcFilter / pac4j, wrk, 3 rounds      (~5 min)
#   jmh      2. bearer validation (RS256, cached JWKS) and 3. token-API cache hit, JMH 1.37      (~9 min)
#   refresh  4. token-API refresh vs a bare nimbus refresh, real Keycloak                         (~2 min)
#   nightly  5. nightly job over 1,000 and 10,000 users vs Keycloak's ceiling (wrk), 10,000 again with
#               Keycloak pinned to its own core                                                   (~20 min)
#   store    6. 1,000,000 grants in PostgreSQL: lookups, locked writes, start-up                  (~6 min)
#   session  7. bytes per signed-in session with Keycloak's tokens                                (~1 min)
#
# --quick       short iterations and small sizes: a smoke test of the whole chain, not numbers to quote
# --wait-quiet  first wait (up to $QUIET_WAIT_MINUTES, default 60 min, polling every 60 s) until the 1-minute load
#               average is below 1.0; then run anyway (the report states the load average of every step)
#
# Needs: JDK 17, Maven, wrk (Debian: apt-get install -y wrk), and the Keycloak of tools/keycloak (started here
# if it is not running; never stopped here). The results go to benchmarks/target/results/report-<time>.md.
# The nightly step creates and deletes the Keycloak realm 'offline-access-bench'.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

QUICK=0
WAIT_QUIET=0
STEPS=()
for arg in "$@"; do
  case "$arg" in
    --quick) QUICK=1 ;;
    --wait-quiet) WAIT_QUIET=1 ;;
    filter|jmh|refresh|nightly|store|session) STEPS+=("$arg") ;;
    *) sed -n '2,20p' "$0"; exit 2 ;;
  esac
done
[ ${#STEPS[@]} -eq 0 ] && STEPS=(filter jmh refresh nightly store session)

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }

echo "building (mvn -pl benchmarks -am package -DskipTests)..."
mvn -B -q -pl benchmarks -am package -DskipTests
CP="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
mkdir -p benchmarks/target/results
REPORT="$ROOT/benchmarks/target/results/report-$(date -u +%Y%m%dT%H%M%SZ).md"
SECRETS="$(mktemp -d)"   # the nightly step's offline tokens; owner-only, deleted on exit
chmod 700 "$SECRETS"
trap 'rm -rf "$SECRETS"' EXIT

load1() { cut -d' ' -f1 /proc/loadavg; }
if [ "$WAIT_QUIET" = 1 ]; then
  for _ in $(seq 1 "${QUIET_WAIT_MINUTES:-60}"); do
    awk -v l="$(load1)" 'BEGIN { exit !(l < 1.0) }' && break
    echo "waiting for a quiet machine: load average $(cut -d' ' -f1-3 /proc/loadavg)"
    sleep 60
  done
fi

JAVA=(java -Dbench.report="$REPORT" -Djol.magicFieldOffset=true -cp "$CP")
{
  echo "# Benchmark run $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo
  echo "- machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/^Mem:/ {print $2}') GiB RAM"
  echo "- JDK: $(java -version 2>&1 | sed -n 2p)"
  echo "- wrk: $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)"
  echo "- commit: $(git rev-parse --short HEAD)$(git diff --quiet || echo ' (with uncommitted changes)')"
  echo "- mode: $([ "$QUICK" = 1 ] && echo 'quick (smoke test, not for quoting)' || echo full)"
  echo "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$REPORT"

if [ "$QUICK" = 1 ]; then
  FILTER_ARGS=(3 1 8 1 4 2); JMH_ARGS=(-f 1 -wi 1 -w 1s -i 2 -r 1s); REFRESH_ARGS=(3 6 10)
  USERS_SMALL=100; USERS_LARGE=300; WRK_SECONDS=3; STORE_ARGS=(20000 2000 300 2)
else
  FILTER_ARGS=(20 3 16 1 32 10); JMH_ARGS=(-f 1 -wi 3 -w 5s -i 5 -r 5s); REFRESH_ARGS=(15 60 20)
  USERS_SMALL=1000; USERS_LARGE=10000; WRK_SECONDS=20; STORE_ARGS=(1000000 50000 5000 5)
fi

failed=()
step() {   # step NAME TIMEOUT COMMAND...: runs one measurement; a failure is recorded and the others still run
  local name="$1" limit="$2"; shift 2
  echo "== $name (load $(cut -d' ' -f1-3 /proc/loadavg))"
  local runner=(timeout "$limit")
  declare -F "$1" >/dev/null && runner=()   # a function of this script bounds itself (JMH, wrk: fixed times)
  if ! "${runner[@]}" "$@"; then
    failed+=("$name")
    echo "- **step '$name' failed or timed out** (see the console output)" >> "$REPORT"
  fi
}

jmh() {
  local log="$SECRETS/jmh.txt"
  {
    echo
    echo "### 2-3. JMH 1.37 (one thread; load average at start $(cut -d' ' -f1-3 /proc/loadavg))"
    echo
  } >> "$REPORT"
  "${JAVA[@]}" org.openjdk.jmh.Main 'BearerValidationBenchmark' -bm thrpt -tu s "${JMH_ARGS[@]}" | tee "$log"
  # p50/p99 of both bearer paths: a token seen for the first time (signature verified) and a token presented again
  "${JAVA[@]}" org.openjdk.jmh.Main 'BearerValidationBenchmark\.validateRs256Jwt(FirstSight|Repeated)$' -bm sample -tu us \
      "${JMH_ARGS[@]}" | tee -a "$log"
  "${JAVA[@]}" org.openjdk.jmh.Main 'TokenCacheHitBenchmark' "${JMH_ARGS[@]}" | tee -a "$log"
  {
    echo '```'
    grep -E '^(Benchmark|BearerValidation|TokenCacheHit)' "$log"
    echo '```'
    echo "- load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  } >> "$REPORT"
}

nightly() {
  local tokens="$SECRETS/offline-tokens.txt"
  "${JAVA[@]}" dev.offlineaccess.benchmarks.nightly.NightlyJob prepare "$tokens" "$USERS_LARGE" 8
  java -Xms64m -Xmx256m "${JAVA[@]:1}" dev.offlineaccess.benchmarks.nightly.NightlyJob run "$tokens" \
      "$USERS_SMALL" 8 "$WRK_SECONDS"
  java -Xms64m -Xmx256m "${JAVA[@]:1}" dev.offlineaccess.benchmarks.nightly.NightlyJob run "$tokens" \
      "$USERS_LARGE" 8 "$WRK_SECONDS"
  java -Xms64m -Xmx256m "${JAVA[@]:1}" dev.offlineaccess.benchmarks.nightly.NightlyJob run "$tokens" \
      "$USERS_LARGE" 8 "$WRK_SECONDS" pinned
  "${JAVA[@]}" dev.offlineaccess.benchmarks.nightly.NightlyJob cleanup
}

tools/keycloak/keycloak.sh start >/dev/null

for s in "${STEPS[@]}"; do
  case "$s" in
    filter) step filter 1200 "${JAVA[@]}" dev.offlineaccess.benchmarks.http.FilterOverhead "${FILTER_ARGS[@]}" ;;
    jmh) step jmh 1800 jmh ;;
    refresh) step refresh 900 "${JAVA[@]}" dev.offlineaccess.benchmarks.refresh.RefreshPathComparison \
        "${REFRESH_ARGS[@]}" ;;
    nightly) step nightly 3600 nightly ;;
    store) step store 2400 "${JAVA[@]}" dev.offlineaccess.benchmarks.store.StoreScale "${STORE_ARGS[@]}" ;;
    session) step session 600 "${JAVA[@]}" dev.offlineaccess.benchmarks.session.SessionFootprint ;;
  esac
done

echo "- load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$REPORT"
echo "report: $REPORT"
if [ ${#failed[@]} -gt 0 ]; then
  echo "failed steps: ${failed[*]}" >&2
  exit 1
fi
