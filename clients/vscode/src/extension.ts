// The Accord extension: starts accord-ls over stdio for Markdown, plain-text and LaTeX drafts and adds its commands.
import * as path from "path";
import * as vscode from "vscode";
import {
  DidChangeConfigurationNotification,
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  RevealOutputChannelOn,
  ServerOptions,
  State,
} from "vscode-languageclient/node";
import { resolveServer, ServerNotFoundError } from "./serverPath";
import { serverSettings } from "./settings";

const LANGUAGES = ["markdown", "plaintext", "latex"];

/** Server commands this extension registers itself (they need the active editor's uri and cursor). */
const OWN_SERVER_COMMANDS = new Set(["accord.insertAbbreviationTable", "accord.citeCommentary"]);

let client: LanguageClient | undefined;
let configListener: vscode.Disposable | undefined;
let output: vscode.OutputChannel | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("Accord");
  context.subscriptions.push(output);
  // The "enablement" clauses in package.json test editorLangId against this list.
  void vscode.commands.executeCommand("setContext", "accord.languages", LANGUAGES);

  context.subscriptions.push(
    vscode.commands.registerCommand("accord.restartServer", () => restart(context)),
    vscode.commands.registerCommand("accord.showLog", () => output?.show(true)),
    vscode.commands.registerCommand("accord.insertAbbreviationTable", (...args: unknown[]) =>
      runServerCommand("accord.insertAbbreviationTable", args, false),
    ),
    vscode.commands.registerCommand("accord.citeCommentary", (...args: unknown[]) =>
      runServerCommand("accord.citeCommentary", args, true),
    ),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration("accord.server")) {
        void restart(context);
      }
    }),
  );

  await start(context);
}

export async function deactivate(): Promise<void> {
  configListener?.dispose();
  const c = client;
  client = undefined;
  if (c !== undefined) {
    await c.stop();
  }
}

function firstWorkspaceFolder(): string | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder?.uri.scheme === "file" ? folder.uri.fsPath : undefined;
}

/// Opens the settings where accord.server.path can be set. It is machine-overridable, so in a
/// remote window (SSH, WSL, a container, code-server) it belongs to the remote machine: the user
/// tab would show nothing to set, the Remote tab shows the setting.
async function openServerPathSettings(): Promise<void> {
  const query = "accord.server.path";
  if (vscode.env.remoteName) {
    try {
      await vscode.commands.executeCommand("workbench.action.openRemoteSettings", { query });
      return;
    } catch {
      // An older VS Code without the command: the user settings are the best left.
    }
  }
  await vscode.commands.executeCommand("workbench.action.openSettings", query);
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const config = vscode.workspace.getConfiguration("accord");
  let server;
  try {
    server = resolveServer({
      configured: config.get<string>("server.path", ""),
      extensionPath: context.extensionPath,
      workspaceFolder: firstWorkspaceFolder(),
    });
  } catch (err) {
    if (err instanceof ServerNotFoundError) {
      output?.appendLine(err.message);
      const choice = await vscode.window.showErrorMessage(err.message, "Open Settings", "Show Log");
      if (choice === "Open Settings") {
        void openServerPathSettings();
      } else if (choice === "Show Log") {
        output?.show(true);
      }
      return;
    }
    throw err;
  }
  output?.appendLine(`Starting ${server.command} (found via ${server.source}).`);

  const args = config.get<string[]>("server.args", []);
  const serverOptions: ServerOptions = {
    command: server.command,
    // No transport kind: the library would append "--stdio"; accord-ls serves stdio by default.
    args,
    options: { cwd: firstWorkspaceFolder() ?? path.dirname(server.command) },
  };

  const documentSelector = LANGUAGES.flatMap((language) => [
    { scheme: "file", language },
    { scheme: "untitled", language },
  ]);

  const clientOptions: LanguageClientOptions = {
    documentSelector,
    outputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    initializationOptions: serverSettings(config),
    // No synchronize.configurationSection: the library would send the whole section, including
    // accord.server.* and accord.trace.*, which the server does not know. Changes are pushed by
    // the listener below instead, and workspace/configuration answers are trimmed here.
    middleware: {
      workspace: {
        configuration: async (params, token, next) => {
          const result = await next(params, token);
          if (!Array.isArray(result)) {
            return result;
          }
          return result.map((value, i) => (params.items[i]?.section === "accord" ? serverSettings(value) : value));
        },
      },
    },
  };

  const c = new LanguageClient("accord", "Accord", serverOptions, clientOptions);
  keepOwnCommands(c);
  client = c;
  configListener?.dispose();
  configListener = vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration("accord") && client === c && c.state === State.Running) {
      void c.sendNotification(DidChangeConfigurationNotification.type, {
        settings: { accord: serverSettings(vscode.workspace.getConfiguration("accord")) },
      });
    }
  });
  try {
    await c.start();
  } catch (err) {
    output?.appendLine(`accord-ls did not start: ${String(err)}`);
    void vscode.window.showErrorMessage(`Accord: accord-ls did not start (${String(err)}).`, "Show Log").then(
      (choice) => choice && output?.show(true),
    );
  }
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  const old = client;
  client = undefined;
  if (old !== undefined) {
    try {
      await old.stop();
    } catch (err) {
      output?.appendLine(`Stopping the server failed: ${String(err)}`);
    }
    await old.dispose();
  }
  await start(context);
}

/**
 * The client library registers a VS Code command for every command the server advertises in
 * executeCommandProvider. Two of those are ours (they need the active editor), and registering an
 * id twice throws, so the library is told to skip them; the rest (accord.applyFix …) still go
 * through it.
 */
function keepOwnCommands(c: LanguageClient): void {
  interface RegisterData {
    id: string;
    registerOptions: { commands?: string[] };
  }
  const getFeature = c.getFeature as unknown as (method: string) => { register(data: RegisterData): void } | undefined;
  const feature = getFeature.call(c, ExecuteCommandRequest.method);
  if (feature === undefined) {
    return;
  }
  const register = feature.register.bind(feature);
  feature.register = (data: RegisterData) =>
    register({
      ...data,
      registerOptions: {
        ...data.registerOptions,
        commands: (data.registerOptions.commands ?? []).filter((cmd) => !OWN_SERVER_COMMANDS.has(cmd)),
      },
    });
}

/**
 * Runs a server command on the active draft. Arguments given by a caller (a code action, a
 * keybinding with "args") are passed through; from the palette the uri (and for citations the
 * cursor) come from the active editor.
 */
async function runServerCommand(command: string, args: unknown[], withPosition: boolean): Promise<unknown> {
  const c = client;
  if (c === undefined || c.state !== State.Running) {
    void vscode.window.showWarningMessage("Accord: the language server is not running.", "Show Log").then(
      (choice) => choice && output?.show(true),
    );
    return undefined;
  }
  let params = args;
  if (params.length === 0) {
    const editor = vscode.window.activeTextEditor;
    if (editor === undefined || !LANGUAGES.includes(editor.document.languageId)) {
      void vscode.window.showInformationMessage("Accord: open a Markdown, plain-text or LaTeX draft first.");
      return undefined;
    }
    const arg: { uri: string; position?: unknown } = {
      uri: c.code2ProtocolConverter.asUri(editor.document.uri),
    };
    if (withPosition) {
      arg.position = c.code2ProtocolConverter.asPosition(editor.selection.active);
    }
    params = [arg];
  }
  try {
    return await c.sendRequest(ExecuteCommandRequest.type, { command, arguments: params });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    void vscode.window.showErrorMessage(`Accord: ${message}`);
    return undefined;
  }
}
