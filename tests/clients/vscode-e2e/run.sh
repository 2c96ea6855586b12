#!/usr/bin/env bash
# The VS Code extension end to end in VS Code (code-server + headless Chromium): installs the
# .vsix built by the same run, opens a draft and checks diagnostics, hover, go to definition, a
# quick fix and the two commands (e2e.js). Screenshots go to build-test/vscode-e2e/.
# Environment: ACCORD_VSIX (default build-test/accord-0.1.0.vsix), ACCORD_E2E_CACHE (installs
# kept between runs, default build-test/vscode-e2e-cache).
set -uo pipefail
cd "$(dirname "$0")/../../.."
repo=$(pwd)
vsix=${ACCORD_VSIX:-$repo/build-test/accord-0.1.0.vsix}
cache=${ACCORD_E2E_CACHE:-$repo/build-test/vscode-e2e-cache}
shots=$repo/build-test/vscode-e2e
[ -f "$vsix" ] || { echo "accord: $vsix not found; scripts/test.d/clients builds it" >&2; exit 1; }
tests/clients/vscode-e2e/install.sh "$cache" || exit 1
cs=$(ls -d "$cache"/code-server-*/node_modules/.bin/code-server | head -1)
pw=$(ls -d "$cache"/playwright-core-*/node_modules/playwright-core | head -1)

work=$(mktemp -d "${TMPDIR:-/tmp}/accord-vscode.XXXXXX")
rm -rf "$shots"
mkdir -p "$shots" "$work/ws" "$work/user/User" "$work/ext"
cat >"$work/user/User/settings.json" <<'JSON'
{
  "workbench.startupEditor": "none",
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "workbench.tips.enabled": false,
  "extensions.autoUpdate": false,
  "editor.hover.delay": 100
}
JSON
printf '# Brief\n\nJapan and Korea renewed the GSOMIA in 2019, and GSOMIA held.\n' >"$work/ws/brief.md"

"$cs" --user-data-dir "$work/user" --extensions-dir "$work/ext" --install-extension "$vsix" >"$work/install.log" 2>&1 ||
  { cat "$work/install.log" >&2; exit 1; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# Its own process group, so that ending it ends its children (the extension host, the server).
setsid "$cs" --auth none --bind-addr "127.0.0.1:$port" --user-data-dir "$work/user" \
  --extensions-dir "$work/ext" --disable-telemetry --disable-update-check --disable-workspace-trust \
  "$work/ws" >"$work/code-server.log" 2>&1 &
pgid=$!
trap 'kill -- -$pgid 2>/dev/null' EXIT
python3 - "$port" <<'PY' || { echo "accord: code-server did not start; see $work/code-server.log" >&2; exit 1; }
import sys, time, urllib.request
for _ in range(240):
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/healthz", timeout=2)
        sys.exit(0)
    except Exception:
        time.sleep(0.5)
sys.exit(1)
PY

PLAYWRIGHT_CORE=$pw CHROMIUM=$(command -v chromium) SHOTS=$shots DRAFT=brief.md SETTINGS=$work/ws/.vscode/settings.json \
  URL="http://127.0.0.1:$port/?folder=$work/ws" timeout -k 10 600 node tests/clients/vscode-e2e/e2e.js
rc=$?
if [ $rc -ne 0 ]; then
  echo "==== screenshots: $shots" >&2
  ls "$shots" >&2
  echo "==== extension host log:" >&2
  find "$work/user/logs" -name '*.log' \( -path '*exthost*' -o -name '*Accord*' \) -exec sh -c 'echo "--- $1"; tail -c 8000 "$1"' _ {} \; >&2
  echo "==== code-server log: $work/code-server.log (kept)" >&2
else
  rm -rf "$work"
fi
exit $rc
