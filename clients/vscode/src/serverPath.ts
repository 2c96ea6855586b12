// Finds the accord-ls binary: the accord.server.path setting, else PATH, else the copy bundled in the extension.
// Kept free of the vscode module so that `node --test` can exercise it outside the editor.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export type ServerSource = "setting" | "path" | "bundled";

export interface ResolvedServer {
  command: string;
  source: ServerSource;
}

export interface ResolveOptions {
  /** The accord.server.path setting as the user wrote it ("" or undefined when unset). */
  configured?: string;
  /** The extension's install directory; the bundled binary lives in <extensionPath>/bin. */
  extensionPath: string;
  /** The first workspace folder, for ${workspaceFolder} and relative settings. */
  workspaceFolder?: string;
  /** Defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** Defaults to process.platform. */
  platform?: NodeJS.Platform;
  /** Defaults to os.homedir(). */
  homedir?: string;
  /** Defaults to a check that the file exists, is a regular file and (off Windows) is executable. */
  isExecutable?: (file: string) => boolean;
}

export class ServerNotFoundError extends Error {
  constructor(message: string, readonly tried: string[]) {
    super(message);
    this.name = "ServerNotFoundError";
  }
}

export function defaultIsExecutable(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    if (process.platform !== "win32") {
      fs.accessSync(file, fs.constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}

export function binaryName(platform: NodeJS.Platform): string {
  return platform === "win32" ? "accord-ls.exe" : "accord-ls";
}

/** Expands a leading ~ and ${workspaceFolder}/${userHome}, then anchors a relative path at the workspace folder. */
export function expandConfiguredPath(value: string, opts: { workspaceFolder?: string; homedir: string }): string {
  let out = value.trim();
  out = out.replace(/\$\{userHome\}/g, opts.homedir);
  if (opts.workspaceFolder !== undefined) {
    out = out.replace(/\$\{workspaceFolder\}/g, opts.workspaceFolder);
  }
  if (out === "~") {
    out = opts.homedir;
  } else if (out.startsWith("~/") || out.startsWith("~\\")) {
    out = path.join(opts.homedir, out.slice(2));
  }
  if (!path.isAbsolute(out) && hasSeparator(out) && opts.workspaceFolder !== undefined) {
    out = path.join(opts.workspaceFolder, out);
  }
  return out;
}

function hasSeparator(p: string): boolean {
  return p.includes("/") || p.includes("\\");
}

/** Looks a bare command name up on PATH the way a shell would (PATHEXT on Windows). */
export function searchPath(
  name: string,
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform,
  isExecutable: (file: string) => boolean,
): string | undefined {
  const pathVar = env.PATH ?? env.Path ?? "";
  const delimiter = platform === "win32" ? ";" : ":";
  const exts =
    platform === "win32" && path.extname(name) === ""
      ? (env.PATHEXT ?? ".EXE;.CMD;.BAT;.COM").split(";").filter((e) => e !== "")
      : [""];
  for (const dir of pathVar.split(delimiter)) {
    if (dir === "") {
      continue; // an empty entry means the current directory; never run a binary from there implicitly
    }
    for (const ext of exts) {
      const candidate = path.join(dir, name + ext);
      if (isExecutable(candidate)) {
        return candidate;
      }
    }
  }
  return undefined;
}

/**
 * Resolves the server command. A setting that names a missing binary is an error rather than a
 * silent fall-back: the user asked for that binary and should learn why it does not run.
 */
export function resolveServer(opts: ResolveOptions): ResolvedServer {
  const env = opts.env ?? process.env;
  const platform = opts.platform ?? process.platform;
  const homedir = opts.homedir ?? os.homedir();
  const isExecutable = opts.isExecutable ?? defaultIsExecutable;
  const tried: string[] = [];

  const configured = (opts.configured ?? "").trim();
  if (configured !== "") {
    const expanded = expandConfiguredPath(configured, { workspaceFolder: opts.workspaceFolder, homedir });
    if (!hasSeparator(expanded) && !path.isAbsolute(expanded)) {
      const found = searchPath(expanded, env, platform, isExecutable);
      if (found !== undefined) {
        return { command: found, source: "setting" };
      }
      throw new ServerNotFoundError(
        `accord.server.path is "${configured}", but no executable of that name is on PATH.`,
        [expanded],
      );
    }
    if (isExecutable(expanded)) {
      return { command: expanded, source: "setting" };
    }
    throw new ServerNotFoundError(
      `accord.server.path is "${configured}", but ${expanded} is not an executable file.`,
      [expanded],
    );
  }

  const name = binaryName(platform);
  const onPath = searchPath(name, env, platform, isExecutable);
  if (onPath !== undefined) {
    return { command: onPath, source: "path" };
  }
  tried.push(`${name} on PATH`);

  const bundled = path.join(opts.extensionPath, "bin", name);
  if (isExecutable(bundled)) {
    return { command: bundled, source: "bundled" };
  }
  tried.push(bundled);

  throw new ServerNotFoundError(
    `Cannot find accord-ls (tried ${tried.join(", ")}). Set accord.server.path to the binary ` +
      `(build it with scripts/run; it is build/accord-ls in the Accord repository).`,
    tried,
  );
}
