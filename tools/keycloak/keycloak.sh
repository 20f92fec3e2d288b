#!/usr/bin/env bash
# Runs the local Keycloak that the demo and the interop tests use.
#
#   tools/keycloak/keycloak.sh start [--fresh]    start it (or find it running) and wait until it is ready
#   tools/keycloak/keycloak.sh stop               stop the Keycloak this script started
#   tools/keycloak/keycloak.sh restart [--fresh]  stop, then start
#   tools/keycloak/keycloak.sh status             say whether it runs; exit 0 when ready, 3 when not running
#   tools/keycloak/keycloak.sh wait [SECONDS]     wait until the running Keycloak is ready
#   tools/keycloak/keycloak.sh paths              print where the distribution, log and pid file live
#
# The distribution (org.keycloak:keycloak-quarkus-dist, a zip) is fetched through Maven once and unpacked
# once into the cache directory; later starts reuse it. The realms in tools/keycloak/realms/*-realm.json are
# imported on the first start of an empty database. When those files change, the next start wipes the dev
# database so the change takes effect; --fresh forces that.
#
# Keycloak listens on 127.0.0.1 only. The issuer is pinned to http://localhost:<port>, so requests through
# localhost and 127.0.0.1 see the same issuer. Browser-like clients (HtmlUnit) must use localhost: Keycloak's
# cookies are Secure, and only localhost is treated as a secure context over plain http.
#
# Environment (all optional):
#   KEYCLOAK_CACHE_DIR        cache root       (default ${XDG_CACHE_HOME:-$HOME/.cache}/offline-access)
#   KEYCLOAK_PORT             HTTP port        (default 8180)
#   KEYCLOAK_MANAGEMENT_PORT  health port      (default 9180)
#   KEYCLOAK_START_TIMEOUT    seconds to wait  (default 240)
#   KEYCLOAK_HEAP             JVM heap options (default "-Xms64m -Xmx768m")
set -euo pipefail

readonly KC_VERSION=26.5.6
readonly KC_ARTIFACT="org.keycloak:keycloak-quarkus-dist:${KC_VERSION}:zip"
readonly DEPENDENCY_PLUGIN="org.apache.maven.plugins:maven-dependency-plugin:3.6.1"

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly SCRIPT_DIR
readonly REALM_DIR="${SCRIPT_DIR}/realms"
readonly CACHE_ROOT="${KEYCLOAK_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/offline-access}"
readonly KC_HOME="${CACHE_ROOT}/keycloak-${KC_VERSION}"
readonly RUN_DIR="${KC_HOME}/run"
readonly PID_FILE="${RUN_DIR}/keycloak.pid"
readonly LOG_FILE="${RUN_DIR}/keycloak.log"
readonly REALM_SUM_FILE="${RUN_DIR}/realms.sha256"
readonly LOCK_FILE="${CACHE_ROOT}/keycloak.lock"
readonly PORT="${KEYCLOAK_PORT:-8180}"
readonly MANAGEMENT_PORT="${KEYCLOAK_MANAGEMENT_PORT:-9180}"
readonly START_TIMEOUT="${KEYCLOAK_START_TIMEOUT:-240}"
readonly HEAP="${KEYCLOAK_HEAP:--Xms64m -Xmx768m}"
readonly PUBLIC_URL="http://localhost:${PORT}"
readonly LOCAL_URL="http://127.0.0.1:${PORT}"
readonly HEALTH_URL="http://127.0.0.1:${MANAGEMENT_PORT}/health/ready"

say() { printf 'keycloak: %s\n' "$*"; }
fail() { printf 'keycloak: ERROR: %s\n' "$*" >&2; exit 1; }

usage() {
  sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
}

realm_names() {
  local file
  for file in "${REALM_DIR}"/*-realm.json; do
    basename "${file}" -realm.json
  done
}

realms_checksum() {
  (cd "${REALM_DIR}" && sha256sum -- *-realm.json) | sha256sum | cut -d' ' -f1
}

# --- the process ------------------------------------------------------------------------------------------

# The pid of the Keycloak this script started, if it still runs. kc.sh either stays as the parent of java
# or, after a first-start re-augmentation, execs java under the same pid; both carry KC_HOME on the
# command line, which guards against a recycled pid.
running_pid() {
  [[ -f "${PID_FILE}" ]] || return 1
  local pid
  pid="$(cat "${PID_FILE}")"
  [[ "${pid}" =~ ^[0-9]+$ ]] || return 1
  kill -0 "${pid}" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/${pid}/cmdline" 2>/dev/null | grep -qF "${KC_HOME}" || return 1
  echo "${pid}"
}

http_ok() {
  curl -fsS -o /dev/null --max-time 3 "$1" 2>/dev/null
}

all_realms_served() {
  local realm
  for realm in $(realm_names); do
    http_ok "${LOCAL_URL}/realms/${realm}/.well-known/openid-configuration" || return 1
  done
}

is_ready() {
  http_ok "${HEALTH_URL}" && all_realms_served
}

log_tail() {
  if [[ -f "${LOG_FILE}" ]]; then
    printf -- '----- last 40 lines of %s -----\n' "${LOG_FILE}" >&2
    tail -n 40 "${LOG_FILE}" >&2
    printf -- '-----\n' >&2
  fi
}

# Waits until ready; prints a dot every 2 s and the elapsed time every 10 s.
wait_ready() {
  local timeout="$1" pid="${2:-}" started elapsed mark=0
  started=$(date +%s)
  printf 'keycloak: waiting for %s ' "${PUBLIC_URL}"
  while true; do
    elapsed=$(( $(date +%s) - started ))
    if is_ready; then
      printf ' ready after %ss\n' "${elapsed}"
      return 0
    fi
    if [[ -n "${pid}" ]] && ! kill -0 "${pid}" 2>/dev/null; then
      printf '\n'
      log_tail
      fail "Keycloak exited during start-up after ${elapsed}s (log: ${LOG_FILE})"
    fi
    if (( elapsed >= timeout )); then
      printf '\n'
      log_tail
      return 1
    fi
    if (( elapsed / 10 > mark )); then
      mark=$(( elapsed / 10 ))
      printf '%ss' "${elapsed}"
    else
      printf '.'
    fi
    sleep 2
  done
}

# --- the distribution -------------------------------------------------------------------------------------

ensure_distribution() {
  if [[ -x "${KC_HOME}/bin/kc.sh" && -f "${KC_HOME}/.unpacked" ]]; then
    return 0
  fi
  command -v mvn >/dev/null || fail "mvn is needed to fetch ${KC_ARTIFACT}"
  local started download staging
  started=$(date +%s)
  download="${CACHE_ROOT}/download"
  staging="${CACHE_ROOT}/unpacking-$$"
  mkdir -p "${download}"
  say "fetching ${KC_ARTIFACT} through Maven"
  # run outside any project so that the reactor is not involved; transitive=false because the dist's
  # transitive POMs do not resolve from every mirror
  if ! (cd "${download}" && mvn -B -Dstyle.color=never "${DEPENDENCY_PLUGIN}:copy" \
      -Dartifact="${KC_ARTIFACT}" -Dtransitive=false -DoutputDirectory="${download}") \
      >"${download}/mvn.log" 2>&1; then
    tail -n 30 "${download}/mvn.log" >&2
    fail "could not fetch ${KC_ARTIFACT} with Maven (log: ${download}/mvn.log)"
  fi
  local zip="${download}/keycloak-quarkus-dist-${KC_VERSION}.zip"
  [[ -f "${zip}" ]] || fail "Maven did not produce ${zip}"
  say "unpacking into ${KC_HOME}"
  rm -rf "${staging}" "${KC_HOME}"
  mkdir -p "${staging}"
  if command -v unzip >/dev/null; then
    unzip -q "${zip}" -d "${staging}"
  else
    python3 -m zipfile -e "${zip}" "${staging}"
    chmod +x "${staging}/keycloak-${KC_VERSION}"/bin/*.sh
  fi
  mv "${staging}/keycloak-${KC_VERSION}" "${KC_HOME}"
  rm -rf "${staging}" "${zip}"
  touch "${KC_HOME}/.unpacked"
  say "distribution ready in $(( $(date +%s) - started ))s"
}

# --- the realms -------------------------------------------------------------------------------------------

# An import always adds offline_access to the realm's default role (Keycloak creates the role before it
# reads the file). The users in the files list offline_access where they should have it; this takes it
# out of the default role so that nobody else, including users created later, gets it implicitly.
remove_offline_access_from_default_roles() {
  local token realm role
  token="$(curl -fsS --max-time 10 -X POST "${LOCAL_URL}/realms/master/protocol/openid-connect/token" \
      -d grant_type=password -d client_id=admin-cli -d username=admin -d password=admin \
    | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')" || fail "cannot get an admin token from the master realm"
  [[ -n "${token}" ]] || fail "cannot get an admin token from the master realm"
  for realm in $(realm_names); do
    role="$(curl -fsS --max-time 10 -H "Authorization: Bearer ${token}" \
        "${LOCAL_URL}/admin/realms/${realm}/roles/offline_access")" \
      || fail "realm ${realm} has no offline_access role"
    curl -fsS --max-time 10 -o /dev/null -X DELETE -H "Authorization: Bearer ${token}" \
        -H 'Content-Type: application/json' --data "[${role}]" \
        "${LOCAL_URL}/admin/realms/${realm}/roles/default-roles-${realm}/composites" \
      || fail "cannot remove offline_access from default-roles-${realm}"
  done
  say "offline_access removed from the default roles of: $(realm_names | tr '\n' ' ')"
}

# --- commands ---------------------------------------------------------------------------------------------

prepare_realms() {
  local fresh="$1" sum
  sum="$(realms_checksum)"
  NEW_DATABASE=false
  if [[ "${fresh}" == true ]]; then
    say "starting with a fresh database (--fresh)"
  elif [[ -d "${KC_HOME}/data/h2" && "$(cat "${REALM_SUM_FILE}" 2>/dev/null)" != "${sum}" ]]; then
    say "realm files changed since the database was created: starting with a fresh database"
    fresh=true
  fi
  if [[ "${fresh}" == true ]]; then
    rm -rf "${KC_HOME}/data/h2" "${KC_HOME}/data/tmp"
  fi
  [[ -d "${KC_HOME}/data/h2" ]] || NEW_DATABASE=true
  rm -rf "${KC_HOME}/data/import"
  mkdir -p "${KC_HOME}/data/import" "${RUN_DIR}"
  cp "${REALM_DIR}"/*-realm.json "${KC_HOME}/data/import/"
  # written again once the realms are set up: an interrupted first start then counts as a change
  rm -f "${REALM_SUM_FILE}"
  REALM_SUM="${sum}"
}

launch() {
  mkdir -p "${RUN_DIR}"
  : >"${LOG_FILE}"
  # setsid: Keycloak gets its own process group, detached from the caller's terminal and signals.
  # 9>&-: the start lock must not be inherited by the server.
  KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
  JAVA_OPTS_KC_HEAP="${HEAP}" \
    setsid "${KC_HOME}/bin/kc.sh" start-dev \
      --http-host=127.0.0.1 --http-port="${PORT}" \
      --http-management-port="${MANAGEMENT_PORT}" \
      --hostname="${PUBLIC_URL}" \
      --health-enabled=true \
      --import-realm \
      >>"${LOG_FILE}" 2>&1 </dev/null 9>&- &
  echo $! >"${PID_FILE}"
}

cmd_start() {
  local fresh=false
  [[ "${1:-}" == "--fresh" ]] && fresh=true
  local pid
  if pid="$(running_pid)"; then
    if [[ "${fresh}" == false && "$(cat "${REALM_SUM_FILE}" 2>/dev/null)" == "$(realms_checksum)" ]]; then
      if is_ready; then
        say "already running (pid ${pid}) at ${PUBLIC_URL}"
        return 0
      fi
      say "already starting (pid ${pid})"
      wait_ready "${START_TIMEOUT}" "${pid}" || fail "Keycloak (pid ${pid}) is not ready after ${START_TIMEOUT}s"
      return 0
    fi
    say "restarting: realm files changed or --fresh given"
    stop_pid "${pid}"
  elif http_ok "${LOCAL_URL}/realms/demo/.well-known/openid-configuration"; then
    say "a Keycloak not started by this script already serves ${PUBLIC_URL}; using it"
    return 0
  elif curl -s -o /dev/null --max-time 3 "${LOCAL_URL}/"; then
    fail "port ${PORT} is taken by a process that is not this Keycloak"
  fi
  ensure_distribution
  prepare_realms "${fresh}"
  local started
  started=$(date +%s)
  launch
  pid="$(cat "${PID_FILE}")"
  say "started pid ${pid}, log ${LOG_FILE}"
  if ! wait_ready "${START_TIMEOUT}" "${pid}"; then
    stop_pid "${pid}"
    fail "Keycloak was not ready after ${START_TIMEOUT}s (log: ${LOG_FILE})"
  fi
  if [[ "${NEW_DATABASE}" == true ]]; then
    remove_offline_access_from_default_roles
  fi
  echo "${REALM_SUM}" >"${REALM_SUM_FILE}"
  say "ready at ${PUBLIC_URL} (admin console: ${PUBLIC_URL}/admin, admin/admin) in $(( $(date +%s) - started ))s"
}

# SIGTERM to the recorded pid (kc.sh forwards it to java; after a re-exec the pid is java itself), wait,
# then SIGKILL the whole process group, which also reaches a java child of kc.sh.
stop_pid() {
  local pid="$1" waited=0
  kill -TERM "${pid}" 2>/dev/null || true
  while kill -0 "${pid}" 2>/dev/null && (( waited < 60 )); do
    sleep 0.5
    waited=$(( waited + 1 ))
  done
  if kill -0 "${pid}" 2>/dev/null; then
    say "pid ${pid} ignored SIGTERM for 30s; killing its process group"
    kill -KILL -- "-${pid}" 2>/dev/null || kill -KILL "${pid}" 2>/dev/null || true
  fi
  # a java child that outlived kc.sh (should not happen) shares the process group
  if pgrep -g "${pid}" >/dev/null 2>&1; then
    kill -KILL -- "-${pid}" 2>/dev/null || true
  fi
  rm -f "${PID_FILE}"
}

cmd_stop() {
  local pid
  if pid="$(running_pid)"; then
    say "stopping pid ${pid}"
    stop_pid "${pid}"
    say "stopped"
  else
    rm -f "${PID_FILE}"
    say "not running"
  fi
}

cmd_status() {
  local pid
  if pid="$(running_pid)"; then
    if is_ready; then
      say "running (pid ${pid}), ready at ${PUBLIC_URL}"
      return 0
    fi
    say "running (pid ${pid}) but not ready"
    return 1
  fi
  if http_ok "${LOCAL_URL}/realms/demo/.well-known/openid-configuration"; then
    say "not started by this script, but a Keycloak with realm demo answers at ${PUBLIC_URL}"
    return 0
  fi
  say "not running"
  return 3
}

cmd_wait() {
  local timeout="${1:-${START_TIMEOUT}}" pid=""
  pid="$(running_pid)" || true
  wait_ready "${timeout}" "${pid}" || fail "not ready after ${timeout}s"
}

cmd_paths() {
  echo "distribution: ${KC_HOME}"
  echo "log:          ${LOG_FILE}"
  echo "pid file:     ${PID_FILE}"
  echo "realms:       ${REALM_DIR}"
  echo "url:          ${PUBLIC_URL}"
  echo "health:       ${HEALTH_URL}"
}

# Serialises start/stop between concurrent callers (two test JVMs, a test and a person).
with_lock() {
  mkdir -p "${CACHE_ROOT}"
  exec 9>"${LOCK_FILE}"
  flock -w "$(( START_TIMEOUT + 120 ))" 9 || fail "another keycloak.sh holds ${LOCK_FILE}"
  "$@"
}

main() {
  local command="${1:-}"
  [[ $# -gt 0 ]] && shift
  case "${command}" in
    start) with_lock cmd_start "$@" ;;
    stop) with_lock cmd_stop ;;
    restart) with_lock cmd_stop && with_lock cmd_start "$@" ;;
    status) cmd_status ;;
    wait) cmd_wait "$@" ;;
    paths) cmd_paths ;;
    *) usage ;;
  esac
}

main "$@"
