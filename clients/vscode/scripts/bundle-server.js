#!/usr/bin/env node
// Copies accord-ls and its data into the extension (bin/, share/accord/) so the .vsix can run without a separate install.
// Usage: node scripts/bundle-server.js [path/to/accord-ls] [--out DIR]   (defaults: ../../build/accord-ls, this folder)
// The server finds its corpus and lexicon at <dir of the binary>/../share/accord/{corpus,lexicon}.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

function bundle(binary, outDir, repo) {
  if (!fs.statSync(binary, { throwIfNoEntry: false })?.isFile()) {
    throw new Error(`${binary} is not a file; build it first (scripts/run builds build/accord-ls)`);
  }
  const name = process.platform === "win32" ? "accord-ls.exe" : "accord-ls";
  const bin = path.join(outDir, "bin");
  const share = path.join(outDir, "share", "accord");
  fs.rmSync(bin, { recursive: true, force: true });
  fs.rmSync(path.join(outDir, "share"), { recursive: true, force: true });
  fs.mkdirSync(bin, { recursive: true });
  fs.copyFileSync(binary, path.join(bin, name));
  fs.chmodSync(path.join(bin, name), 0o755);
  fs.cpSync(path.join(repo, "corpus"), path.join(share, "corpus"), { recursive: true });
  fs.cpSync(path.join(repo, "grammar", "lexicon"), path.join(share, "lexicon"), { recursive: true });
  return path.join(bin, name);
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const here = path.join(__dirname, "..");
  const repo = path.join(here, "..", "..");
  let out = here;
  const i = args.indexOf("--out");
  if (i >= 0) {
    out = path.resolve(args[i + 1]);
    args.splice(i, 2);
  }
  const binary = path.resolve(args[0] ?? path.join(repo, "build", "accord-ls"));
  try {
    console.log(`bundled ${bundle(binary, out, repo)} with the corpus and lexicon under ${path.join(out, "share", "accord")}`);
  } catch (err) {
    console.error(`bundle-server: ${err.message}`);
    process.exit(1);
  }
}

module.exports = { bundle };
