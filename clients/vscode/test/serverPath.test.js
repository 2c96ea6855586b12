// Checks how the extension finds accord-ls: the setting, else PATH, else the bundled bin/accord-ls.
// Run after `npm run compile` (it loads out/serverPath.js): `npm test`.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { resolveServer, expandConfiguredPath, searchPath, ServerNotFoundError } = require("../out/serverPath.js");

/** A fake file system: the set of paths that are executable. */
function fake(files) {
  const set = new Set(files);
  return (p) => set.has(p);
}

const base = {
  extensionPath: "/ext",
  homedir: "/home/u",
  platform: "linux",
  workspaceFolder: "/ws",
};

test("the setting wins over PATH and the bundled binary", () => {
  const r = resolveServer({
    ...base,
    configured: "/opt/accord/accord-ls",
    env: { PATH: "/usr/bin" },
    isExecutable: fake(["/opt/accord/accord-ls", "/usr/bin/accord-ls", "/ext/bin/accord-ls"]),
  });
  assert.deepEqual(r, { command: "/opt/accord/accord-ls", source: "setting" });
});

test("a setting that names a missing file is an error, not a silent fall-back", () => {
  assert.throws(
    () =>
      resolveServer({
        ...base,
        configured: "/nope/accord-ls",
        env: { PATH: "/usr/bin" },
        isExecutable: fake(["/usr/bin/accord-ls"]),
      }),
    (err) => err instanceof ServerNotFoundError && /\/nope\/accord-ls/.test(err.message),
  );
});

test("~, ${userHome}, ${workspaceFolder} and relative paths are expanded", () => {
  assert.equal(expandConfiguredPath("~/bin/accord-ls", base), "/home/u/bin/accord-ls");
  assert.equal(expandConfiguredPath("${userHome}/a", base), "/home/u/a");
  assert.equal(expandConfiguredPath("${workspaceFolder}/build/accord-ls", base), "/ws/build/accord-ls");
  assert.equal(expandConfiguredPath("build/accord-ls", base), "/ws/build/accord-ls");
  const r = resolveServer({
    ...base,
    configured: "./build/accord-ls",
    env: { PATH: "" },
    isExecutable: fake(["/ws/build/accord-ls"]),
  });
  assert.equal(r.command, "/ws/build/accord-ls");
});

test("a bare name in the setting is looked up on PATH", () => {
  const r = resolveServer({
    ...base,
    configured: "accord-ls-dev",
    env: { PATH: "/a:/b" },
    isExecutable: fake(["/b/accord-ls-dev"]),
  });
  assert.deepEqual(r, { command: "/b/accord-ls-dev", source: "setting" });
});

test("without a setting, the first accord-ls on PATH is used", () => {
  const r = resolveServer({
    ...base,
    configured: "",
    env: { PATH: "/a::/b:/c" },
    isExecutable: fake(["/b/accord-ls", "/c/accord-ls", "/ext/bin/accord-ls"]),
  });
  assert.deepEqual(r, { command: "/b/accord-ls", source: "path" });
});

test("an empty PATH entry never means the current directory", () => {
  const r = resolveServer({
    ...base,
    env: { PATH: ":/x" },
    isExecutable: fake(["accord-ls", "/ext/bin/accord-ls"]),
  });
  assert.equal(r.source, "bundled");
});

test("without a setting or PATH hit, the bundled binary is used", () => {
  const r = resolveServer({ ...base, env: { PATH: "/usr/bin" }, isExecutable: fake(["/ext/bin/accord-ls"]) });
  assert.deepEqual(r, { command: "/ext/bin/accord-ls", source: "bundled" });
});

test("nothing found: the error names every place tried", () => {
  assert.throws(
    () => resolveServer({ ...base, env: { PATH: "/usr/bin" }, isExecutable: fake([]) }),
    (err) =>
      err instanceof ServerNotFoundError &&
      err.tried.includes("/ext/bin/accord-ls") &&
      /accord\.server\.path/.test(err.message),
  );
});

test("Windows: PATHEXT and accord-ls.exe", () => {
  const isExe = fake([path.join("C:\\tools", "accord-ls.EXE")]);
  assert.equal(
    searchPath("accord-ls", { Path: "C:\\tools", PATHEXT: ".COM;.EXE" }, "win32", isExe),
    path.join("C:\\tools", "accord-ls.EXE"),
  );
  const r = resolveServer({
    ...base,
    platform: "win32",
    env: { PATH: "" },
    isExecutable: fake([path.join("/ext", "bin", "accord-ls.exe")]),
  });
  assert.equal(r.command, path.join("/ext", "bin", "accord-ls.exe"));
});

test("the real file system: a non-executable file on PATH is skipped", { skip: process.platform === "win32" }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "accord-path-"));
  try {
    const a = path.join(dir, "a");
    const b = path.join(dir, "b");
    const ext = path.join(dir, "ext");
    for (const d of [a, b, path.join(ext, "bin")]) fs.mkdirSync(d, { recursive: true });
    fs.writeFileSync(path.join(a, "accord-ls"), "not executable", { mode: 0o644 });
    fs.mkdirSync(path.join(b, "accord-ls")); // a directory of that name is not a binary either
    fs.writeFileSync(path.join(ext, "bin", "accord-ls"), "#!/bin/sh\n", { mode: 0o755 });
    const r = resolveServer({ extensionPath: ext, env: { PATH: `${a}:${b}` } });
    assert.deepEqual(r, { command: path.join(ext, "bin", "accord-ls"), source: "bundled" });
    fs.chmodSync(path.join(a, "accord-ls"), 0o755);
    assert.equal(resolveServer({ extensionPath: ext, env: { PATH: `${a}:${b}` } }).source, "path");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("bundle-server lays out bin/accord-ls and share/accord/{corpus,lexicon}, and the resolver finds it", { skip: process.platform === "win32" }, () => {
  const { bundle } = require("../scripts/bundle-server.js");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "accord-bundle-"));
  try {
    const fakeBinary = path.join(dir, "built-accord-ls");
    fs.writeFileSync(fakeBinary, "#!/bin/sh\n", { mode: 0o644 });
    const ext = path.join(dir, "ext");
    const repo = path.join(__dirname, "..", "..", "..");
    const installed = bundle(fakeBinary, ext, repo);
    assert.equal(installed, path.join(ext, "bin", "accord-ls"));
    assert.ok(fs.existsSync(path.join(ext, "share", "accord", "corpus", "catalog.json")));
    assert.ok(fs.readdirSync(path.join(ext, "share", "accord", "lexicon")).some((f) => f.endsWith(".json")));
    const r = resolveServer({ extensionPath: ext, env: { PATH: path.join(dir, "nothing-here") } });
    assert.deepEqual(r, { command: installed, source: "bundled" });
    assert.throws(() => bundle(path.join(dir, "missing"), ext, repo), /not a file/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
