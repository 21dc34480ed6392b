// healthlint for VS Code: starts `healthlint server` (stdio) from the user's environment.
'use strict';

const path = require('path');
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

const CONFIG_FILES = '**/{.healthlint.yaml,.healthlint.yml,healthlint.yaml,pyproject.toml}';
const INSTALL_HINT = 'Install it with: pip install "healthlint[lsp]" (in the environment VS Code starts it from), or set healthlint.path.';

function workspaceFolder() {
  const folders = vscode.workspace.workspaceFolders;
  return folders && folders.length ? folders[0].uri.fsPath : undefined;
}

function expand(value, folder) {
  let out = value.replace(/\$\{workspaceFolder\}/g, folder || '');
  if (out.startsWith('~/')) {
    out = path.join(require('os').homedir(), out.slice(2));
  }
  return out;
}

function serverCommand() {
  const settings = vscode.workspace.getConfiguration('healthlint');
  const folder = workspaceFolder();
  const command = expand(settings.get('path', 'healthlint') || 'healthlint', folder);
  const args = (settings.get('args', ['server']) || ['server']).map((a) => expand(String(a), folder));
  return { command, args, folder, debounceMs: settings.get('debounceMs', 150) };
}

async function start(context) {
  const { command, args, folder, debounceMs } = serverCommand();
  const serverOptions = {
    command,
    args,
    transport: TransportKind.stdio,
    options: folder ? { cwd: folder } : {},
  };
  const clientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'markdown' },
      { scheme: 'file', language: 'html' },
      { scheme: 'file', language: 'plaintext' },
      { scheme: 'file', pattern: '**/*.{mdx,xhtml}' },
      { scheme: 'untitled', language: 'markdown' },
      { scheme: 'untitled', language: 'html' },
    ],
    initializationOptions: { debounceMs },
    synchronize: {
      // a changed configuration is picked up at once: the server re-lints the open documents
      fileEvents: vscode.workspace.createFileSystemWatcher(CONFIG_FILES),
    },
  };
  client = new LanguageClient('healthlint', 'healthlint', serverOptions, clientOptions);
  try {
    await client.start();
  } catch (err) {
    const message = err && err.message ? err.message : String(err);
    vscode.window.showErrorMessage(`healthlint: could not start "${command} ${args.join(' ')}": ${message}. ${INSTALL_HINT}`);
    client = undefined;
  }
}

async function stop() {
  if (client) {
    const running = client;
    client = undefined;
    await running.stop();
  }
}

async function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand('healthlint.restart', async () => {
      await stop();
      await start(context);
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (['healthlint.path', 'healthlint.args', 'healthlint.debounceMs'].some((key) => event.affectsConfiguration(key))) {
        await stop();
        await start(context);
      }
    }),
  );
  await start(context);
}

function deactivate() {
  return stop();
}

module.exports = { activate, deactivate };
