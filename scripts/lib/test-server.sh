# shellcheck shell=bash
# Shared by scripts/conformance.sh and scripts/inspector-smoke.sh (sourced, not run): start
# `toolgate serve` the way `npm start` does (the built CLI, bin/toolgate.js) on a free loopback
# port, optionally with the notes test upstream, wait for /readyz, and stop it all on exit.
#
# Options (parsed by tg_parse_server_option):
#   --manifests DIR     manifest directory (default: manifests/, as `npm start`; when it holds no
#                       Service manifest yet, the notes test pack with its test upstream)
#   --upstream KIND     embedded: whatever the pack does on its own (an unset base URL starts the
#                       pack's embedded upstream; base-URL variables in the environment pass through)
#                       notes: start the notes test upstream and point NOTES_BASE_URL at it
#   --no-build          skip `npm run build` (dist/ is already fresh)
#   --serve-arg ARG     extra argument for `toolgate serve` (repeatable; --no-auth is always passed)

TG_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
NOTES_PACK=test/fixtures/packs/notes

tg_manifests=
tg_upstream=
tg_build=1
# Auth off: the conformance scenarios and the Inspector smoke carry no token (serve allows this only on loopback).
tg_serve_args=(--no-auth)
tg_work=
tg_server_pid=
tg_upstream_pid=
TG_MCP_URL=
TG_BASE_URL=
TG_PACK=

tg_log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

# Consumes one option (and its value): sets tg_used to the number of words taken, 0 when not ours.
tg_used=0
tg_parse_server_option() {
  tg_used=0
  case $1 in
    --manifests) tg_manifests=${2:?--manifests needs a directory}; tg_used=2 ;;
    --upstream) tg_upstream=${2:?--upstream needs embedded or notes}; tg_used=2 ;;
    --no-build) tg_build=0; tg_used=1 ;;
    --serve-arg) tg_serve_args+=("${2:?--serve-arg needs a value}"); tg_used=2 ;;
  esac
}

# Node one-liners instead of curl: a clean CI machine has Node but maybe not curl.
tg_http_ok() {
  node -e 'fetch(process.argv[1], { signal: AbortSignal.timeout(2000) }).then((r) => process.exit(r.status === 200 ? 0 : 1), () => process.exit(1))' "$1"
}

tg_alive() { [[ -n $1 ]] && kill -0 "$1" 2>/dev/null; }

tg_stop_pid() {
  local pid=$1 name=$2 i
  tg_alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    tg_alive "$pid" || { wait "$pid" 2>/dev/null || true; return 0; }
    sleep 0.1
  done
  tg_log "$name (pid $pid) did not stop within 10 s: killing it"
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

tg_stop_all() {
  tg_stop_pid "$tg_server_pid" "toolgate serve"
  tg_stop_pid "$tg_upstream_pid" "notes upstream"
  tg_server_pid= tg_upstream_pid=
  [[ -n $tg_work ]] && rm -rf "$tg_work"
  tg_work=
}

# Waits until FILE has a line matching the extended regex; prints the first match's capture.
tg_wait_for_line() {
  local file=$1 regex=$2 pid=$3 what=$4 limit=$5 i line
  for ((i = 0; i < limit * 10; i++)); do
    line=$(grep -m1 -oE "$regex" "$file" 2>/dev/null || true)
    if [[ -n $line ]]; then
      echo "$line"
      return 0
    fi
    if ! tg_alive "$pid"; then
      tg_log "$what exited before it was up; its output:"
      cat "$file" >&2
      return 1
    fi
    sleep 0.1
  done
  tg_log "$what was not up within $limit s; its output so far:"
  cat "$file" >&2
  return 1
}

tg_has_service() {
  [[ -d $1 || -f $1 ]] && grep -rqsE '^kind:[[:space:]]*Service[[:space:]]*$' --include='*.yaml' --include='*.yml' "$1"
}

# Resolves the defaults, builds, starts the upstream and the server, waits for /readyz.
# Sets TG_BASE_URL (http://127.0.0.1:PORT), TG_MCP_URL (the first service's MCP endpoint), TG_PACK.
tg_start_server() {
  cd "$TG_ROOT"
  trap tg_stop_all EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  if [[ -z $tg_manifests ]]; then
    if tg_has_service manifests; then
      tg_manifests=manifests/
    else
      tg_log "manifests/ holds no Service manifest yet: serving the notes test pack ($NOTES_PACK) with its test upstream"
      tg_manifests=$NOTES_PACK
      tg_upstream=${tg_upstream:-notes}
    fi
  fi
  tg_upstream=${tg_upstream:-embedded}
  TG_PACK=$tg_manifests
  tg_work=$(mktemp -d "${TMPDIR:-/tmp}/toolgate-serve.XXXXXX")

  if [[ $tg_build == 1 ]]; then
    tg_log "npm run build"
    npm run --silent build >&2
  elif [[ ! -f dist/main.js ]]; then
    tg_log "dist/ is missing: run npm run build (or drop --no-build)"
    return 1
  fi

  case $tg_upstream in
    embedded) ;;
    notes)
      node --import tsx test/conformance/run-notes-upstream.ts >"$tg_work/upstream.log" 2>&1 &
      tg_upstream_pid=$!
      export NOTES_BASE_URL NOTES_API_KEY=${NOTES_API_KEY:-dev-key}
      NOTES_BASE_URL=$(tg_wait_for_line "$tg_work/upstream.log" '^http://[^[:space:]]+' "$tg_upstream_pid" "notes upstream" 30)
      tg_log "notes upstream at $NOTES_BASE_URL"
      ;;
    *)
      tg_log "--upstream must be embedded or notes, not '$tg_upstream'"
      return 2
      ;;
  esac

  # --port 0: the server picks a free port and prints its URLs, so two runs never race for one.
  tg_log "node bin/toolgate.js serve --port 0 --manifests $tg_manifests ${tg_serve_args[*]}"
  node bin/toolgate.js serve --port 0 --manifests "$tg_manifests" "${tg_serve_args[@]}" >"$tg_work/server.log" 2>&1 &
  tg_server_pid=$!
  local line
  line=$(tg_wait_for_line "$tg_work/server.log" 'serving .* at http://[^[:space:]]+' "$tg_server_pid" "toolgate serve" 180)
  TG_MCP_URL=${line##* at }
  TG_BASE_URL=$(node -p 'new URL(process.argv[1]).origin' "$TG_MCP_URL")
  local i
  for ((i = 0; i < 300; i++)); do
    tg_http_ok "$TG_BASE_URL/readyz" && break
    if ! tg_alive "$tg_server_pid"; then
      tg_log "toolgate serve exited; its output:"
      cat "$tg_work/server.log" >&2
      return 1
    fi
    sleep 0.2
  done
  if ! tg_http_ok "$TG_BASE_URL/readyz"; then
    tg_log "$TG_BASE_URL/readyz never answered 200"
    cat "$tg_work/server.log" >&2
    return 1
  fi
  tg_log "ready: $TG_MCP_URL (pack $TG_PACK, upstream $tg_upstream)"
}

tg_server_log() { [[ -n $tg_work && -f $tg_work/server.log ]] && cat "$tg_work/server.log"; }
