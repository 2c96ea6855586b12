// The accord.* settings the server reads, separated from the ones only this extension uses.
// Kept free of the vscode module so that `node --test` can check it against package.json.

/** Top-level keys under "accord" that configure the extension itself, never sent to the server. */
export const CLIENT_ONLY_KEYS: readonly string[] = ["server", "trace"];

/** The server's settings (section "accord"), as dotted paths of the leaves VS Code stores. */
export const SERVER_SETTING_PATHS: readonly string[] = [
  "corpus",
  "lexicon",
  "wellKnown",
  "firstUseScope",
  "checks",
  "inlayHints.enabled",
  "workspace.exclude",
  "workspace.maxFileSize",
  "citations.style",
  "citations.bibFile",
  "houseStyle.islets",
  "houseStyle.sea",
  "diagnostics.debounceMs",
];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Copies the "accord" section into plain JSON without the client-only keys. VS Code hands out a
 * proxy object with helper methods (get, has, update, inspect); JSON round-tripping drops them.
 */
export function serverSettings(section: unknown): { [key: string]: Json } {
  const plain = JSON.parse(JSON.stringify(section ?? {})) as { [key: string]: Json };
  for (const key of CLIENT_ONLY_KEYS) {
    delete plain[key];
  }
  return plain;
}
