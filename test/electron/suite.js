// Host-side checks inside a real VS Code extension host, run by @vscode/test-electron in desktop VS Code
// (`npm run test:electron`) on machines that can download it. Machines without internet access cannot; the end-to-end
// tests in test/e2e cover the same behaviour in code-server.
const assert = require('node:assert/strict');
const path = require('node:path');
const vscode = require('vscode');

const EXTENSION_ID = 'trm-lens.trm-lens';

async function waitFor(check, what, ms = 30000) {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const checks = {
  async 'nothing of TRM Lens runs at start-up'() {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, 'the extension is installed');
    assert.equal(ext.isActive, false);
  },
  async 'opening an .arc.json selects the puzzle viewer and activates the extension'() {
    const folder = vscode.workspace.workspaceFolders[0].uri;
    const file = vscode.Uri.joinPath(folder, 'sudoku6-001.arc.json');
    await vscode.commands.executeCommand('vscode.open', file);
    const tab = await waitFor(
      () =>
        vscode.window.tabGroups.all
          .flatMap((g) => g.tabs)
          .find((t) => t.input instanceof vscode.TabInputCustom && t.input.uri.path === file.path),
      'the viewer tab',
    );
    assert.equal(tab.input.viewType, 'trmLens.arcViewer');
    await waitFor(() => vscode.extensions.getExtension(EXTENSION_ID).isActive, 'activation');
  },
  async 'every contributed command is registered'() {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const c of ext.packageJSON.contributes.commands) assert.ok(registered.has(c.command), c.command);
  },
  async 'a malformed puzzle gets a diagnostic at its JSON path'() {
    const folder = vscode.workspace.workspaceFolders[0].uri;
    const file = vscode.Uri.joinPath(folder, 'bad.arc.json');
    await vscode.commands.executeCommand('vscode.open', file);
    const diagnostics = await waitFor(() => {
      const d = vscode.languages.getDiagnostics(file).filter((x) => x.source === 'TRM Lens');
      return d.length ? d : undefined;
    }, 'diagnostics');
    assert.match(diagnostics[0].message, /12/);
    assert.equal(diagnostics[0].code, '$.train[0].output[0][1]');
  },
};

async function run() {
  const failures = [];
  for (const [name, check] of Object.entries(checks)) {
    try {
      await check();
      console.log(`ok - ${name}`);
    } catch (e) {
      failures.push(name);
      console.log(`not ok - ${name}: ${e && e.stack ? e.stack : e}`);
    }
  }
  console.log(`${Object.keys(checks).length - failures.length} passed, ${failures.length} failed`);
  if (failures.length) throw new Error(`failed: ${failures.join(', ')}`);
}

module.exports = { run, fixtures: path.join(__dirname, 'workspace') };
