#!/usr/bin/env bash
# MCP Inspector CLI smoke: tools/list and one tools/call against a toolgate server, with the
# output checked. Starts the server as `npm start` does (built CLI, free loopback port) unless
# --url names one that is already running.
#
# The Inspector (pinned: INSPECTOR_VERSION, default 2.12.0) needs Node >= 22.19, so on an older
# Node it runs under Node 24 from scripts/with-node24.sh; the server keeps the current Node.
#
#   npm run test:inspector
#   scripts/inspector-smoke.sh --manifests test/fixtures/packs/notes --upstream notes
#   scripts/inspector-smoke.sh --url http://127.0.0.1:8080/v1/ds-mcp/mcp --tool resolve_company --tool-arg name=Acme
#
# Options: see scripts/lib/test-server.sh (--manifests, --upstream, --no-build, --serve-arg), and
#   --url URL        a running server's MCP endpoint (nothing is started or built)
#   --tool NAME      the tool to call (default: per pack, see default_call below)
#   --tool-arg K=V   an argument for it (repeatable)
#   --expect TEXT    text the tools/call output must contain
set -euo pipefail
source "$(dirname "$0")/lib/test-server.sh"

INSPECTOR_VERSION=${INSPECTOR_VERSION:-2.12.0}
url=
tool=
tool_args=()
expect=
while [[ $# -gt 0 ]]; do
  tg_parse_server_option "$@"
  if [[ $tg_used -gt 0 ]]; then shift "$tg_used"; continue; fi
  case $1 in
    --url) url=${2:?--url needs the MCP endpoint URL}; shift 2 ;;
    --tool) tool=${2:?--tool needs a name}; shift 2 ;;
    --tool-arg) tool_args+=("${2:?--tool-arg needs key=value}"); shift 2 ;;
    --expect) expect=${2?--expect needs text}; shift 2 ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "inspector-smoke: unknown option $1" >&2; exit 2 ;;
  esac
done

advertised=
if [[ -n $url ]]; then
  cd "$TG_ROOT"
  tg_work=$(mktemp -d "${TMPDIR:-/tmp}/toolgate-inspector.XXXXXX")
  trap tg_stop_all EXIT
else
  tg_start_server
  url=$TG_MCP_URL
  # "toolgate: serving NAME (N tools) at URL": the count tools/list must return.
  advertised=$(grep -m1 -oE 'serving [^ ]+ \([0-9]+ tools\)' "$tg_work/server.log" | grep -oE '[0-9]+' || true)
fi

inspector=(npx --yes "@modelcontextprotocol/inspector@$INSPECTOR_VERSION" --cli "$url" --transport http)
if (($(node -p 'process.versions.node.split(".")[0]') < 22)); then
  inspector=("$TG_ROOT/scripts/with-node24.sh" "${inspector[@]}")
fi

run_inspector() {
  local out=$1
  shift
  echo "\$ ${inspector[*]} $*" >&2
  local rc=0
  timeout --kill-after=10 300 "${inspector[@]}" "$@" >"$out" 2>"$out.err" || rc=$?
  if [[ $rc -ne 0 ]]; then
    echo "inspector-smoke: the Inspector exited with $rc" >&2
    cat "$out" "$out.err" >&2
    return 1
  fi
}

echo "--- tools/list"
run_inspector "$tg_work/list.json" --method tools/list
# The tool to call: --tool, else a known read for the pack served, else the first read-only tool
# that needs no arguments.
read -r pack_kind < <(node -e '
  const { tools } = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const names = new Set(tools.map((t) => t.name));
  console.log(names.has("get_note") ? "notes" : names.has("resolve_company") ? "gainsight-cs" : "other");
' "$tg_work/list.json")
if [[ -z $tool ]]; then
  case $pack_kind in
    notes) tool=get_note tool_args=(id=n-1) expect=${expect:-Kick-off} ;;
    gainsight-cs) tool=resolve_company tool_args=(name=Acme) expect=${expect:-1P02} ;;
    *) tool=$(node -e '
         const { tools } = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
         const t = tools.find((t) => t.annotations?.readOnlyHint && !(t.inputSchema.required ?? []).length);
         if (!t) { console.error("inspector-smoke: no read-only tool without required arguments; pass --tool"); process.exit(1); }
         console.log(t.name);
       ' "$tg_work/list.json") ;;
  esac
fi
node -e '
  const [file, advertised, tool] = process.argv.slice(1);
  const fail = (m) => { console.error(`inspector-smoke: tools/list: ${m}`); process.exit(1); };
  const { tools } = JSON.parse(require("fs").readFileSync(file, "utf8"));
  if (!Array.isArray(tools) || tools.length === 0) fail("no tools");
  for (const t of tools) {
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(t.name ?? "")) fail(`bad tool name ${JSON.stringify(t.name)}`);
    if (t.inputSchema?.type !== "object") fail(`${t.name}: inputSchema is not an object schema`);
    if (typeof t.description !== "string" || !t.description) fail(`${t.name}: no description`);
  }
  if (advertised && tools.length !== Number(advertised)) fail(`${tools.length} tools listed, the server serves ${advertised}`);
  if (!tools.some((t) => t.name === tool)) fail(`no tool named ${tool}`);
  console.log(`tools/list: ${tools.length} tools: ${tools.map((t) => t.name).join(", ")}`);
' "$tg_work/list.json" "$advertised" "$tool"

echo "--- tools/call $tool ${tool_args[*]}"
call=(--method tools/call --tool-name "$tool")
for arg in "${tool_args[@]}"; do call+=(--tool-arg "$arg"); done
run_inspector "$tg_work/call.json" "${call[@]}"
node -e '
  const [listFile, callFile, tool, expect] = process.argv.slice(1);
  const fs = require("fs");
  const fail = (m) => { console.error(`inspector-smoke: tools/call ${tool}: ${m}`); console.error(fs.readFileSync(callFile, "utf8")); process.exit(1); };
  const text = fs.readFileSync(callFile, "utf8");
  const result = JSON.parse(text);
  const def = JSON.parse(fs.readFileSync(listFile, "utf8")).tools.find((t) => t.name === tool);
  if (result.isError) fail("isError is true");
  if (!Array.isArray(result.content) || result.content.length === 0) fail("no content");
  if (def.outputSchema && (typeof result.structuredContent !== "object" || result.structuredContent === null)) fail("an outputSchema but no structuredContent");
  if (expect && !text.includes(expect)) fail(`the output does not contain ${JSON.stringify(expect)}`);
  console.log(`tools/call ${tool}: ok (${text.length} bytes${expect ? `, contains ${JSON.stringify(expect)}` : ""})`);
' "$tg_work/list.json" "$tg_work/call.json" "$tool" "$expect"

echo "inspector-smoke: passed against $url (Inspector $INSPECTOR_VERSION)"
