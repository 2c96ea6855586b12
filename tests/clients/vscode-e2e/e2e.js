// The VS Code extension in VS Code: code-server serves the workbench, headless Chromium (driven
// by playwright-core) shows it, and this script uses it as a writer would. Each step leaves a
// screenshot in SHOTS; a failed step names it and exits 1.
// Environment: PLAYWRIGHT_CORE (module path), CHROMIUM, URL, SHOTS, DRAFT (the file name).
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { chromium } = require(process.env.PLAYWRIGHT_CORE);

const SHOTS = process.env.SHOTS;
const TIMEOUT = Number(process.env.ACCORD_E2E_STEP_TIMEOUT_MS || 60000);
const failures = [];
let page;
let shot = 0;

function log(msg) {
  process.stderr.write(`[vscode-e2e] ${msg}\n`);
}

async function screenshot(name) {
  const file = path.join(SHOTS, `${String(++shot).padStart(2, "0")}-${name}.png`);
  await page.screenshot({ path: file }).catch(() => {});
  return file;
}

async function step(name, fn) {
  try {
    await fn();
    log(`ok    ${name} (${await screenshot(name)})`);
  } catch (err) {
    const file = await screenshot(`FAILED-${name}`);
    failures.push(`${name}: ${err.message.split("\n")[0]} (screenshot ${file})`);
    log(`FAIL  ${name}: ${err.message}\n      screenshot: ${file}`);
  }
}

/// Text of the visible editor lines, with Monaco's non-breaking spaces as spaces.
async function editorText() {
  return (await page.locator(".editor-instance .view-lines").first().innerText()).replace(/\u00a0/g, " ");
}

async function waitFor(what, predicate) {
  const deadline = Date.now() + TIMEOUT;
  let last;
  while (Date.now() < deadline) {
    last = await predicate();
    if (last === true) return;
    await page.waitForTimeout(250);
  }
  throw new Error(`timed out waiting for ${what}${last && last !== true && last !== false ? `: ${last}` : ""}`);
}

async function palette(command) {
  await page.keyboard.press("F1");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible", timeout: TIMEOUT });
  await input.fill(`>${command}`);
  await page.locator(".quick-input-list .monaco-list-row").first().waitFor({ timeout: TIMEOUT });
  await page.waitForTimeout(300);
  await page.keyboard.press("Enter");
}

async function goTo(line, column) {
  await page.keyboard.press("Control+G");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible", timeout: TIMEOUT });
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press("Enter");
  await page.waitForTimeout(300);
}

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
  page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
  await page.goto(process.env.URL);
  await page.locator(".monaco-workbench").waitFor({ timeout: 180000 });
  await page.waitForTimeout(3000);

  const draft = process.env.DRAFT;
  const openDraft = async () => {
    await page.keyboard.press("Control+P");
    const input = page.locator(".quick-input-widget input");
    await input.waitFor({ state: "visible", timeout: TIMEOUT });
    await input.fill(draft);
    await page.locator(`.quick-input-list .monaco-list-row:has-text("${draft}")`).first().click({ timeout: TIMEOUT });
    await page.locator(`.tab.active:has-text("${draft}")`).waitFor({ timeout: TIMEOUT });
    await page.locator(".editor-instance .view-lines").first().click();
  };
  await step("open the draft", openDraft);

  await step("diagnostics in the Problems panel", async () => {
    await palette("View: Focus Problems");
    await waitFor("an accord diagnostic on GSOMIA", async () => {
      const text = await page.locator(".markers-panel").innerText().catch(() => "");
      return /GSOMIA/.test(text) && /accord/.test(text) ? true : text.slice(0, 300);
    });
  });

  await step("hover card", async () => {
    await page.locator(".editor-instance .view-lines").first().click();
    await goTo(3, 30);
    await palette("Show or Focus Hover");
    await waitFor("a hover with the long form", async () => {
      const text = (await page.locator(".monaco-hover").allInnerTexts().catch(() => [])).join("\n");
      return /General Security of Military Information Agreement/.test(text) ? true : text.slice(0, 200);
    });
    await screenshot("the hover card, open"); // before Escape closes it
    await page.keyboard.press("Escape");
  });

  await step("go to definition into the commentary", async () => {
    await goTo(3, 30);
    await page.keyboard.press("F12");
    await waitFor("the commentary in the active tab", async () => {
      const label = await page.locator(".tab.active").first().innerText().catch(() => "");
      return /\.txt/.test(label) ? true : label;
    });
    await page.waitForTimeout(1000);
    await screenshot("the commentary");
    await openDraft();
  });

  await step("a quick fix", async () => {
    await goTo(3, 30);
    await page.keyboard.press("Control+.");
    const menu = page.locator(".action-widget");
    await menu.waitFor({ state: "visible", timeout: TIMEOUT });
    await page.locator('.action-widget:has-text("Spell out GSOMIA")').first().waitFor({ timeout: TIMEOUT });
    await screenshot("the quick fix menu");
    await page.keyboard.press("Enter"); // the first item, focused
    await waitFor("GSOMIA spelled out", async () =>
      /General Security of Military Information Agreement \(GSOMIA\)/.test(await editorText()));
  });

  await step("the table of abbreviations command", async () => {
    await palette("Accord: Insert a table of abbreviations");
    await waitFor("the table", async () => /Abbreviations/.test(await editorText()));
  });

  await step("the cite command", async () => {
    await page.keyboard.press("Control+End");
    await page.keyboard.type("\nThe PSI matters.");
    await page.keyboard.press("Home");
    await page.keyboard.press("ArrowRight");
    for (let i = 0; i < 5; ++i) await page.keyboard.press("ArrowRight");
    await palette("Accord: Cite the commentary for the term under the cursor");
    await waitFor("a footnote marker", async () => /PSI\[\^\w+\]/.test(await editorText()));
  });

  await step("a bad server path: the message, and Open Settings shows the setting", async () => {
    const file = process.env.SETTINGS;
    const settings = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {};
    fs.mkdirSync(path.dirname(file), { recursive: true });
    settings["accord.server.path"] = "/nonexistent/accord-ls";
    fs.writeFileSync(file, JSON.stringify(settings, null, 2));
    const toast = page.locator('.notification-toast:has-text("/nonexistent/accord-ls")').first();
    await toast.waitFor({ state: "visible", timeout: TIMEOUT });
    await toast.locator('a.monaco-button:has-text("Open Settings"), .monaco-button:has-text("Open Settings")').first().click();
    await waitFor("the settings editor on accord.server.path", async () => {
      const text = await page.locator(".settings-editor").first().innerText().catch(() => "");
      return /Server: Path|server\.path/i.test(text) && /accord-ls/.test(text) ? true : text.slice(0, 300);
    });
  });

  await browser.close();
  if (failures.length) {
    log(`${failures.length} step(s) failed:\n  - ${failures.join("\n  - ")}`);
    process.exit(1);
  }
  log("all steps passed");
}

main().catch(async (err) => {
  log(`error: ${err.stack || err}`);
  if (page) log(`screenshot: ${await screenshot("error")}`);
  process.exit(1);
});
