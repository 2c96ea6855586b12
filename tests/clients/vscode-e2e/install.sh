#!/usr/bin/env bash
# Installs what the VS Code end-to-end test needs, once, into a cache kept between runs:
# code-server (VS Code 1.100.3 in Node 20) and playwright-core from npm, Chromium and ripgrep
# from Debian. Prints nothing when everything is there.
# Usage: install.sh CACHE_DIR
set -euo pipefail
cache=$1
CODE_SERVER_VERSION=4.100.3   # the last code-server whose engine is Node 20
PLAYWRIGHT_VERSION=1.65.2
mkdir -p "$cache"

want=(chromium fonts-noto-cjk ripgrep libkrb5-dev pkg-config)
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO=sudo
  echo "accord: installing ${missing[*]}" >&2
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

cs=$cache/code-server-$CODE_SERVER_VERSION
if [ ! -f "$cs/.complete" ]; then
  echo "accord: installing code-server $CODE_SERVER_VERSION into $cs (a few minutes, ~800 MB)" >&2
  rm -rf "$cs"
  mkdir -p "$cs"
  export npm_config_yes=true
  unsafe=()
  [ "$(id -u)" -eq 0 ] && unsafe=(--unsafe-perm)
  # Without scripts first: @vscode/ripgrep's postinstall downloads rg from GitHub, which this
  # machine cannot reach. Seed its download cache with Debian's rg, then run the scripts.
  (cd "$cs" && npm install --no-audit --no-fund --loglevel=error --ignore-scripts "${unsafe[@]}" \
    "code-server@$CODE_SERVER_VERSION" >&2)
  export TMPDIR=${TMPDIR:-/tmp}
  seed=$(mktemp -d)
  cp "$(command -v rg)" "$seed/rg"
  # code-server's own postinstall installs VS Code's dependencies (lib/vscode, pinned by its
  # npm-shrinkwrap.json): the versions of @vscode/ripgrep are read from there.
  versions=$(find "$cs/node_modules/code-server" -name npm-shrinkwrap.json -not -path '*/node_modules/*/node_modules/*' |
    xargs python3 -c 'import json, sys
for f in sys.argv[1:]:
    for k, v in json.load(open(f)).get("packages", dict()).items():
        if k.endswith("node_modules/@vscode/ripgrep"):
            print(v["version"])' | sort -u)
  [ -n "$versions" ] || { echo "accord: no @vscode/ripgrep version in code-server's shrinkwrap" >&2; exit 1; }
  for v in $versions; do
    mkdir -p "$TMPDIR/vscode-ripgrep-cache-$v"
    tar -C "$seed" -czf "$TMPDIR/vscode-ripgrep-cache-$v/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" rg
  done
  rm -rf "$seed"
  (cd "$cs" && npm rebuild --loglevel=error "${unsafe[@]}" >&2)
  touch "$cs/.complete"   # a run cut short starts again
fi

pw=$cache/playwright-core-$PLAYWRIGHT_VERSION
if [ ! -f "$pw/.complete" ]; then
  rm -rf "$pw"
  mkdir -p "$pw"
  (cd "$pw" && npm install --no-audit --no-fund --loglevel=error "playwright-core@$PLAYWRIGHT_VERSION" >&2)
  touch "$pw/.complete"
fi
