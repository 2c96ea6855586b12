#!/usr/bin/env bash
# Runs the real-editor tests against accord-ls: headless Neovim (clients/neovim) and Emacs batch with eglot.
# Usage: tests/clients/run-editors.sh [nvim] [emacs]   (default: both)
# ACCORD_LS: the server binary (default build-test/accord-ls). Exits non-zero when any test fails;
# a failed test's scratch directory (protocol transcript, input mirror) is kept and named.
set -uo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)
export ACCORD_REPO=$repo
export ACCORD_LS=${ACCORD_LS:-$repo/build-test/accord-ls}
limit=${ACCORD_CLIENT_TEST_TIMEOUT:-300}   # seconds per editor, so nothing hangs CI
editors=("$@")
[ ${#editors[@]} -eq 0 ] && editors=(nvim emacs)

if [ ! -x "$ACCORD_LS" ]; then
  echo "accord: $ACCORD_LS is not an executable; build it or set ACCORD_LS" >&2
  exit 1
fi

status=0
for editor in "${editors[@]}"; do
  work=$(mktemp -d "${TMPDIR:-/tmp}/accord-$editor.XXXXXX")
  export ACCORD_TEST_DIR=$work
  echo "== $editor: ${ACCORD_LS}"
  case $editor in
    nvim)
      if ! command -v nvim >/dev/null; then echo "accord: nvim not found (scripts/deps test installs it)" >&2; status=1; continue; fi
      # A private XDG tree: no user config, and the LSP log (the transcript) lands in $work.
      XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data XDG_CACHE_HOME=$work/cache XDG_STATE_HOME=$work/state \
        timeout -k 10 "$limit" nvim --headless --noplugin -i NONE -u tests/clients/nvim_init.lua </dev/null
      rc=$?
      transcript=$(ls "$work"/cache/nvim/lsp.log "$work"/state/nvim/lsp.log 2>/dev/null | head -1)
      ;;
    emacs)
      if ! command -v emacs >/dev/null; then echo "accord: emacs not found (scripts/deps test installs it)" >&2; status=1; continue; fi
      HOME=$work timeout -k 10 "$limit" emacs --batch -l tests/clients/eglot-test.el </dev/null
      rc=$?
      transcript=$work/eglot-events.log
      ;;
    *) echo "accord: unknown editor $editor" >&2; status=1; continue ;;
  esac
  if [ $rc -eq 0 ]; then
    rm -rf "$work"
    echo "== $editor: passed"
  else
    [ $rc -eq 124 ] && echo "accord: $editor test timed out after ${limit}s" >&2
    # A test that timed out or crashed never printed its transcript: show the tail here.
    if [ $rc -ge 124 ] && [ -n "${transcript:-}" ] && [ -f "$transcript" ]; then
      echo "==== protocol transcript (tail of $transcript):" >&2
      tail -c 20000 "$transcript" >&2
    fi
    echo "== $editor: FAILED (exit $rc); transcript and input mirror kept in $work" >&2
    status=1
  fi
done
exit $status
