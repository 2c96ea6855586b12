// Checks that package.json contributes exactly the server's accord.* settings, with matching types and defaults.
// Run after `npm run compile` (it loads out/settings.js): `npm test`.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");

const root = path.join(__dirname, "..");
const repo = path.join(root, "..", "..");
const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
const props = pkg.contributes.configuration.properties;
const { SERVER_SETTING_PATHS, CLIENT_ONLY_KEYS, serverSettings } = require("../out/settings.js");

const SEVERITIES = ["off", "error", "warning", "information", "hint"];
const CHECK_DEFAULTS = {
  "used-before-defined": "warning",
  "never-spelled-out": "warning",
  "defined-twice": "warning",
  "defined-two-ways": "warning",
  "expansion-differs": "warning",
  "used-once": "hint",
  "fact-contradicts": "warning",
  "undefined-acronym": "warning",
  "house-style": "warning",
};

// The server's settings as the team brief defines them (server/settings.h implements the same list).
const SERVER_SETTINGS = {
  corpus: { type: "array", items: "string", default: [] },
  lexicon: { type: "array", items: "string", default: [] },
  wellKnown: { type: "array", items: "string", default: ["UN", "US", "EU", "UK", "USA", "NATO"] },
  firstUseScope: { type: "string", enum: ["document", "section"], default: "document" },
  checks: { type: "object", default: CHECK_DEFAULTS },
  "inlayHints.enabled": { type: "boolean", default: false },
  "workspace.exclude": { type: "array", items: "string", default: [] },
  "workspace.maxFileSize": { type: "number", default: 2000000 },
  "citations.style": { type: "string", enum: ["auto", "footnote", "pandoc", "latex"], default: "auto" },
  "citations.bibFile": { type: "string", default: "references.bib" },
  "houseStyle.islets": {
    type: "string",
    enum: ["off", "Dokdo/Takeshima", "Takeshima/Dokdo", "Dokdo", "Takeshima", "Liancourt Rocks"],
    default: "off",
  },
  "houseStyle.sea": {
    type: "string",
    enum: ["off", "East Sea", "Sea of Japan", "East Sea/Sea of Japan", "Sea of Japan/East Sea"],
    default: "off",
  },
  "diagnostics.debounceMs": { type: "number", default: 0 },
};

const serverKeys = Object.keys(props)
  .map((k) => k.replace(/^accord\./, ""))
  .filter((k) => !CLIENT_ONLY_KEYS.includes(k.split(".")[0]));

test("every contributed setting lives under accord. and has a description", () => {
  for (const [key, schema] of Object.entries(props)) {
    assert.match(key, /^accord\./, key);
    const text = schema.description ?? schema.markdownDescription;
    assert.ok(typeof text === "string" && text.length > 20, `${key} needs a description`);
  }
});

test("the contributed server settings are exactly the server's list", () => {
  assert.deepEqual([...serverKeys].sort(), Object.keys(SERVER_SETTINGS).sort());
  assert.deepEqual([...SERVER_SETTING_PATHS].sort(), Object.keys(SERVER_SETTINGS).sort());
});

test("types, enums and defaults match the server's", () => {
  for (const [key, want] of Object.entries(SERVER_SETTINGS)) {
    const got = props[`accord.${key}`];
    assert.equal(got.type, want.type, `${key}: type`);
    assert.deepEqual(got.default, want.default, `${key}: default`);
    if (want.enum) {
      assert.deepEqual(got.enum, want.enum, `${key}: enum`);
    }
    if (want.items) {
      assert.equal(got.items?.type, want.items, `${key}: item type`);
    }
  }
});

test("accord.checks names every diagnostic code with the five severities", () => {
  const checks = props["accord.checks"];
  assert.deepEqual(Object.keys(checks.properties).sort(), Object.keys(CHECK_DEFAULTS).sort());
  for (const [code, schema] of Object.entries(checks.properties)) {
    assert.deepEqual(schema.enum, SEVERITIES, `${code}: severities`);
    assert.equal(schema.default, CHECK_DEFAULTS[code], `${code}: default`);
    assert.ok(schema.description, `${code}: description`);
  }
});

test("the client-only settings are the server path, its arguments and the trace level", () => {
  const clientKeys = Object.keys(props).filter((k) => CLIENT_ONLY_KEYS.includes(k.split(".")[1]));
  assert.deepEqual(clientKeys.sort(), ["accord.server.args", "accord.server.path", "accord.trace.server"]);
});

test("serverSettings drops client-only keys and helper functions", () => {
  const section = {
    server: { path: "/x/accord-ls", args: [] },
    trace: { server: "verbose" },
    wellKnown: ["UN"],
    inlayHints: { enabled: true },
    get() {},
    update() {},
  };
  assert.deepEqual(serverSettings(section), { wellKnown: ["UN"], inlayHints: { enabled: true } });
  assert.deepEqual(serverSettings(undefined), {});
});

// Cross-check against the server's own source when it is there, so a renamed setting fails here.
test("server/settings.h spells every setting the extension contributes", (t) => {
  const header = path.join(repo, "server", "settings.h");
  if (!fs.existsSync(header)) {
    t.skip("server/settings.h not present");
    return;
  }
  const text = fs.readFileSync(header, "utf8");
  const names = new Set();
  for (const key of Object.keys(SERVER_SETTINGS)) {
    for (const part of key.split(".")) names.add(part);
  }
  for (const code of Object.keys(CHECK_DEFAULTS)) names.add(code);
  const missing = [...names].filter((n) => !text.includes(n));
  assert.deepEqual(missing, [], `names absent from server/settings.h`);
});

test("the commands the brief asks for are contributed", () => {
  const ids = pkg.contributes.commands.map((c) => c.command).sort();
  assert.deepEqual(ids, [
    "accord.citeCommentary",
    "accord.insertAbbreviationTable",
    "accord.restartServer",
    "accord.showLog",
  ]);
  const events = pkg.activationEvents;
  for (const lang of ["markdown", "plaintext", "latex"]) {
    assert.ok(events.includes(`onLanguage:${lang}`), lang);
  }
});
