// End to end under Workspace Trust: a code-server with trust on opens a folder it does not trust
// (Restricted Mode), whose own folder holds a model bundle. A relative trmLens.modelPath in the user's
// settings would resolve to that bundle; Solve must run the bundled model instead, and say why.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { plainWindowSettings } from './codeServer.mjs';
import {
  command,
  launch,
  openFile,
  packageExtension,
  root,
  screenshot,
  snapshotFrames,
  webviewFrame,
} from './harness.mjs';

const PUZZLE = 'sudoku6-002.arc.json';
const bundled = path.join(root, 'models', 'sudoku6-tiny');

/** The bundled model's files under `folder/`, renamed so a trace says which of the two ran. */
function workspaceBundle(folder) {
  const manifest = JSON.parse(fs.readFileSync(path.join(bundled, 'manifest.json'), 'utf8'));
  const files = { [`${folder}/manifest.json`]: JSON.stringify({ ...manifest, name: 'workspace-supplied-model' }) };
  for (const graph of new Set(Object.values(manifest.graphs)))
    files[`${folder}/${graph}`] = fs.readFileSync(path.join(bundled, graph));
  return files;
}

let vscode;
before(
  async () => {
    vscode = await launch(
      {
        [PUZZLE]: fs.readFileSync(path.join(root, 'examples', 'sudoku6', PUZZLE), 'utf8'),
        ...workspaceBundle('ws-model'),
      },
      {
        vsix: packageExtension(),
        workspaceTrust: true,
        // No trust prompt: the folder opens untrusted, in Restricted Mode.
        settings: { ...plainWindowSettings, 'security.workspace.trust.startupPrompt': 'never' },
        // trmLens.modelPath is machine-scoped: code-server's user-level value for it lives in the machine settings.
        machineSettings: { 'trmLens.modelPath': 'ws-model' },
      },
    );
  },
  { timeout: 600000 },
);
after(async () => vscode?.close());

const statusTexts = (page) => page.$$eval('.statusbar-item', (els) => els.map((e) => e.textContent ?? ''));

test(
  "in an untrusted workspace a relative user modelPath does not load the workspace's bundle, and the user is told",
  { timeout: 240000 },
  async () => {
    const { page } = vscode;
    // The status bar shows Restricted Mode once the window has resolved its trust, which may follow the load.
    await page
      .waitForFunction(
        () => [...document.querySelectorAll('.statusbar-item')].some((e) => e.textContent?.includes('Restricted Mode')),
        null,
        { timeout: 30000 },
      )
      .catch(async () =>
        assert.fail(`not in Restricted Mode; the status bar: ${(await statusTexts(page)).join(' | ')}`),
      );
    const before = await snapshotFrames(page);
    await openFile(page, PUZZLE);
    await webviewFrame(page, '.arc-grid', { exclude: before });
    await command(page, 'TRM Lens: Solve');
    // The warning shows as Solve starts (a toast, or in the notifications centre once it hides).
    const told = page.waitForFunction(
      () =>
        /This workspace is not trusted, so your user setting.*?instead\./.exec(
          document.querySelector('.monaco-workbench')?.textContent ?? '',
        )?.[0],
      null,
      { timeout: 30000 },
    );
    const panel = await webviewFrame(page, '#answer-grid', { exclude: before });
    assert.match(
      await (await told).jsonValue(),
      /^This workspace is not trusted, so your user setting trmLens\.modelPath \(ws-model\) was not loaded/,
    );
    await screenshot(page, 'e2e-untrusted-relative-model-note.png');
    await panel.waitForFunction(
      () => /step \d+ \/ \d+$/.test(document.getElementById('step-counter')?.textContent ?? ''),
      null,
      { timeout: 90000 },
    );
    const title = await panel.$eval('#title', (e) => e.textContent);
    assert.match(title, /sudoku6-tiny/);
    assert.doesNotMatch(title, /workspace-supplied-model/);
    assert.ok(
      (await statusTexts(page)).some((t) => t.includes('sudoku6-tiny')),
      'the status bar names the bundled model',
    );
    await screenshot(page, 'e2e-untrusted-relative-model.png');
  },
);

test(
  'after a window reload the Solve panel comes back with its trace, found by the id its webview state holds',
  { timeout: 240000 },
  async () => {
    const { page } = vscode;
    const counter = () => document.getElementById('step-counter')?.textContent ?? '';
    const panel = await webviewFrame(page, '#answer-grid');
    const steps = (await panel.evaluate(counter)).match(/\/ (\d+)$/)?.[1];
    assert.ok(steps, 'the Solve test left a finished trace');
    const before = await snapshotFrames(page);
    const reloaded = page.waitForEvent('load', { timeout: 120000 });
    await command(page, 'Developer: Reload Window');
    await reloaded;
    await page.waitForSelector('.monaco-workbench .statusbar', { timeout: 120000 });
    const restored = await webviewFrame(page, '#answer-grid', { exclude: before, timeoutMs: 120000 });
    await restored.waitForFunction(
      (n) => document.getElementById('step-counter')?.textContent?.endsWith(`/ ${n}`),
      steps,
      { timeout: 60000 },
    );
    const title = await restored.$eval('#title', (e) => e.textContent);
    assert.match(title, /sudoku6-002.*sudoku6-tiny/);
    await screenshot(page, 'e2e-panel-restored.png');
  },
);
