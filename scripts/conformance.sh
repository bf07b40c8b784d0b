#!/usr/bin/env bash
# MCP conformance: start `toolgate serve` as `npm start` does (built CLI, free loopback port), wait
# for /readyz, run the server scenarios of @modelcontextprotocol/conformance (a devDependency pinned
# to 0.1.13: 0.1.14 and later do not start on Node 20), fail if any scenario fails, always stop the
# server.
#
#   npm run test:conformance
#   npm run test:conformance -- --manifests test/fixtures/packs/notes --upstream notes
#   scripts/conformance.sh --no-build --scenario ping
#
# Options: see scripts/lib/test-server.sh (--manifests, --upstream, --no-build, --serve-arg), and
#   --scenario S   run only S (repeatable; default: the four below)
set -euo pipefail
source "$(dirname "$0")/lib/test-server.sh"

scenarios=()
while [[ $# -gt 0 ]]; do
  tg_parse_server_option "$@"
  if [[ $tg_used -gt 0 ]]; then shift "$tg_used"; continue; fi
  case $1 in
    --scenario) scenarios+=("${2:?--scenario needs a name}"); shift 2 ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "conformance: unknown option $1" >&2; exit 2 ;;
  esac
done
[[ ${#scenarios[@]} -gt 0 ]] || scenarios=(server-initialize ping tools-list dns-rebinding-protection)

# The package's own entry point, not node_modules/.bin/conformance: the authorization-server suite
# (devDependency mcp-conformance-authorization, a later version of the same package) has the same
# bin name, and which of the two npm links there is not defined.
conformance=$TG_ROOT/node_modules/@modelcontextprotocol/conformance/dist/index.js
if [[ ! -f $conformance ]]; then
  echo "conformance: $conformance is missing; run npm ci" >&2
  exit 1
fi

tg_start_server
tg_log "conformance $(node "$conformance" --version) against $TG_MCP_URL"

failed=()
for scenario in "${scenarios[@]}"; do
  echo
  echo "--- conformance scenario: $scenario"
  if timeout --kill-after=10 120 node "$conformance" server --url "$TG_MCP_URL" --scenario "$scenario"; then
    :
  else
    failed+=("$scenario")
  fi
done

echo
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "conformance: FAILED ${#failed[@]}/${#scenarios[@]}: ${failed[*]} (pack $TG_PACK)"
  echo "--- server output"
  tg_server_log
  exit 1
fi
echo "conformance: all ${#scenarios[@]} scenarios passed (${scenarios[*]}) against $TG_MCP_URL (pack $TG_PACK)"
