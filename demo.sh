#!/usr/bin/env bash
# The demo: Keycloak 26.5.6 with the demo realm on http://localhost:8180 and the customer portal on
# http://localhost:8080/customer-portal/ (H2 by default; PostgreSQL with OFFLINE_DB_URL=jdbc:postgresql://...).
# Ctrl-C stops both. A second run downloads nothing and starts in seconds.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "${ROOT}"
KEYCLOAK="${ROOT}/tools/keycloak/keycloak.sh"
PORTAL="${ROOT}/example-customer-portal"
export PORT="${PORT:-8080}"
export PORTAL_DATA_DIR="${PORTAL_DATA_DIR:-${ROOT}/run/demo-data}"
# The demo keeps its token-encryption key in a generated file. Production sets OFFLINE_TOKEN_KEY instead.
if [[ -z "${OFFLINE_TOKEN_KEY:-}" ]]; then
  export OFFLINE_DEV_MODE="${OFFLINE_DEV_MODE:-true}"
fi
mkdir -p "${PORTAL_DATA_DIR}" "${ROOT}/run"

keycloak_started_here=false
portal_pid=""
stop_all() {
  trap - INT TERM EXIT
  echo
  echo "Stopping..."
  if [[ -n "${portal_pid}" ]] && kill -0 "${portal_pid}" 2>/dev/null; then
    kill "${portal_pid}" 2>/dev/null || true
    wait "${portal_pid}" 2>/dev/null || true
  fi
  if [[ "${keycloak_started_here}" == true ]]; then
    bash "${KEYCLOAK}" stop || true
  fi
}
trap stop_all INT TERM EXIT

step() { printf '\n==> %s\n' "$*"; }

step "Keycloak (first run: fetched through Maven and unpacked once)"
if bash "${KEYCLOAK}" status >/dev/null 2>&1; then
  echo "already running; leaving it running afterwards"
else
  keycloak_started_here=true
fi
bash "${KEYCLOAK}" start

step "Building the customer portal"
# one reactor build: the WAR, and the class path of its Jetty launcher (Jetty is kept out of the WAR)
mvn -q -B -DskipTests -pl example-customer-portal -am package dependency:build-classpath \
    -Dmdep.includeScope=provided -Dmdep.outputFile=target/launcher.classpath

step "Starting the customer portal on port ${PORT}"
java -cp "${PORTAL}/target/classes:$(cat "${PORTAL}/target/launcher.classpath")" \
    dev.offlineaccess.example.portal.launcher.PortalLauncher "${PORTAL}/target/customer-portal" \
    > "${ROOT}/run/portal.log" 2>&1 &
portal_pid=$!
printf 'waiting for the portal'
for _ in $(seq 1 120); do
  if curl -fs -o /dev/null "http://localhost:${PORT}/customer-portal/"; then
    break
  fi
  if ! kill -0 "${portal_pid}" 2>/dev/null; then
    echo; echo "The portal did not start. Last lines of run/portal.log:"; tail -n 40 "${ROOT}/run/portal.log"
    exit 1
  fi
  printf '.'; sleep 1
done
echo

cat <<TXT

  Customer portal   http://localhost:${PORT}/customer-portal/
  Keycloak          http://localhost:8180/  (admin console: admin / admin)

  Users (realm demo):
    alice / alice   may grant offline access (roles: user, offline_access)
    admin / admin   sees the admin pages      (roles: admin, user, offline_access)
    bob   / bob     may NOT grant offline access

  Try: "Log in with offline access" as alice, log out, then as admin open
  Backups -> "Run backup now": alice's customers are saved while she is logged out.

  Logs: run/portal.log, $(bash "${KEYCLOAK}" paths 2>/dev/null | sed -n 's/^log: *//p' | head -1)
  Press Ctrl-C to stop.
TXT
wait "${portal_pid}"
