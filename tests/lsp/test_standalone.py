# A copied accord-ls carries its knowledge: away from its build tree, with no install beside it,
# it writes the compiled-in commentaries and lexicon once to $XDG_CACHE_HOME/accord (default
# ~/.cache/accord) and reads them there, so go to definition opens real, unchanged files. And
# `cmake --install` lays out what a package would, a binary that reads its share/accord.
import filecmp
import glob
import os
import shutil
import subprocess
import tempfile

import lsp
from lsp import Server

REPO = os.path.realpath(os.path.join(os.path.dirname(__file__), "..", ".."))


def bundled_files():
    out = {}
    for p in glob.glob(os.path.join(REPO, "corpus", "*.txt")) + [os.path.join(REPO, "corpus", "catalog.json")]:
        out["corpus/" + os.path.basename(p)] = p
    for p in glob.glob(os.path.join(REPO, "grammar", "lexicon", "*.json")):
        out["lexicon/" + os.path.basename(p)] = p
    return out


def run_terms(binary, env, cwd):
    r = subprocess.run([binary, "terms"], env=env, cwd=cwd, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, (r.returncode, r.stderr)
    assert "not found" not in r.stderr, r.stderr
    assert "GSOMIA" in r.stdout and "Proliferation Security Initiative" in r.stdout, r.stdout[:2000]
    return r


def isolated_env(tmp, xdg=True):
    env = {k: v for k, v in os.environ.items() if k not in ("XDG_CACHE_HOME", "HOME")}
    env["HOME"] = os.path.join(tmp, "home")
    os.makedirs(env["HOME"], exist_ok=True)
    if xdg:
        env["XDG_CACHE_HOME"] = os.path.join(tmp, "cache")
    return env


def test_a_copied_binary_writes_its_data_once_and_reads_it(binary):
    with tempfile.TemporaryDirectory() as tmp:
        tmp = os.path.realpath(tmp)
        copy = os.path.join(tmp, "anywhere", "accord-ls")
        os.makedirs(os.path.dirname(copy))
        shutil.copy2(binary, copy)
        env = isolated_env(tmp)
        run_terms(copy, env, os.path.dirname(copy))
        dirs = glob.glob(os.path.join(tmp, "cache", "accord", "bundled-*"))
        assert len(dirs) == 1, dirs
        # Byte for byte the files of the source tree, and nothing else.
        files = bundled_files()
        written = sorted(os.path.relpath(p, dirs[0])
                         for p in glob.glob(os.path.join(dirs[0], "*", "*")))
        assert written == sorted(files), (written, sorted(files))
        for rel, src in files.items():
            assert filecmp.cmp(src, os.path.join(dirs[0], rel), shallow=False), rel
        # A second run reuses the directory: no second copy, no temporary left behind.
        stamp = os.stat(os.path.join(dirs[0], "corpus", "catalog.json")).st_mtime_ns
        run_terms(copy, env, tmp)
        # (the cache folder also holds the library's SQLite index, index-v*.sqlite)
        bundled = [d for d in os.listdir(os.path.join(tmp, "cache", "accord"))
                   if d.startswith("bundled-")]
        assert bundled == [os.path.basename(dirs[0])], bundled
        assert os.stat(os.path.join(dirs[0], "corpus", "catalog.json")).st_mtime_ns == stamp

        # The server: go to definition opens the commentary in that directory.
        saved = dict(os.environ)
        os.environ.clear()
        os.environ.update(env)
        try:
            s = Server(copy, bundled=True)
        finally:
            os.environ.clear()
            os.environ.update(saved)
        s.initialize()
        uri = "file://" + os.path.join(tmp, "draft.md")
        s.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "markdown", "version": 1, "text": "The PSI holds.\n"}})
        pos = {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 5}}
        defs = s.result("textDocument/definition", pos)
        assert defs, defs
        target = defs[0].get("targetUri") or defs[0].get("uri")
        assert target.startswith("file://" + dirs[0] + "/corpus/"), target
        assert s.shutdown_and_exit() == 0


def test_without_xdg_cache_home_the_cache_is_under_home(binary):
    with tempfile.TemporaryDirectory() as tmp:
        tmp = os.path.realpath(tmp)
        copy = os.path.join(tmp, "accord-ls")
        shutil.copy2(binary, copy)
        run_terms(copy, isolated_env(tmp, xdg=False), tmp)
        assert glob.glob(os.path.join(tmp, "home", ".cache", "accord", "bundled-*", "corpus", "catalog.json"))


def test_cmake_install_lays_out_a_package(binary):
    build = os.path.dirname(os.path.realpath(binary))
    with tempfile.TemporaryDirectory() as tmp:
        tmp = os.path.realpath(tmp)
        stage = os.path.join(tmp, "stage")
        r = subprocess.run(["cmake", "--install", build], env=dict(os.environ, DESTDIR=stage),
                           capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, r.stdout + r.stderr
        bins = glob.glob(os.path.join(stage, "**", "bin", "accord-ls"), recursive=True)
        assert len(bins) == 1, bins
        prefix = os.path.dirname(os.path.dirname(bins[0]))
        for rel in ["share/accord/corpus/catalog.json", "share/accord/lexicon/acronyms.json",
                    "share/doc/accord/README.md",
                    "share/nvim/site/pack/accord/start/accord/lua/accord/init.lua"]:
            assert os.path.isfile(os.path.join(prefix, rel)), rel
        for rel, src in bundled_files().items():
            assert filecmp.cmp(src, os.path.join(prefix, "share", "accord", rel), shallow=False), rel
        # The installed binary reads its share/accord: nothing is written to the cache.
        env = isolated_env(tmp)
        run_terms(bins[0], env, tmp)
        cache = os.path.join(tmp, "cache", "accord")
        copies = [d for d in os.listdir(cache) if d.startswith("bundled-")] if os.path.isdir(cache) else []
        assert not copies, copies


if __name__ == "__main__":
    lsp.main([test_a_copied_binary_writes_its_data_once_and_reads_it,
              test_without_xdg_cache_home_the_cache_is_under_home,
              test_cmake_install_lays_out_a_package])
