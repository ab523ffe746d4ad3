// Bench of the trace panel in a real VS Code (code-server + Chromium): panel readiness after the
// trace exists, and key press -> repainted 30x30 grid over a 1,008-step trace. Prints the figures as
// JSON and saves a screenshot to test-artifacts/. A bench, not a test: it asserts nothing about time.
//
//   TRM_CODE_SERVER=path/to/code-server/out/node/entry.js TRM_NODE24=path/to/node24 \
//     node test/e2e/panelBench/run.mjs [--presses 200]
// Without those variables it uses (and first installs, see ../setup.mjs) .tools/code-server and
// .tools/node24 (code-server needs Node 24). Chromium: /usr/bin/chromium or TRM_CHROMIUM.

import { spawn, execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { benchStepping, panelFrame, press, readiness } from '../panelDriver.mjs';
import { requireTools, runCommand } from '../codeServer.mjs';
import { setup } from '../setup.mjs';
import { writeSyntheticTrace } from './syntheticTrace.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const presses = Number(process.argv[process.argv.indexOf('--presses') + 1]) || 200;
if (!process.env.TRM_CODE_SERVER || !process.env.TRM_NODE24) setup();
const { codeServer, node24, chromium: chromiumPath } = requireTools();

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const work = mkdtempSync(path.join(tmpdir(), 'trm-panel-bench-'));
const ext = path.join(work, 'ext');
const workspace = path.join(work, 'workspace');
mkdirSync(path.join(ext, 'dist'), { recursive: true });
mkdirSync(workspace);

// The bench extension: the panel's contributions from the real manifest, plus the bench command.
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const c = manifest.contributes;
const isTrace = (id) => id.startsWith('trmLens.trace') || id.startsWith('trmLens.export');
writeFileSync(
  path.join(ext, 'package.json'),
  JSON.stringify({
    name: 'trm-lens-panel-bench',
    publisher: 'trm-lens',
    version: '0.0.0',
    engines: manifest.engines,
    main: './dist/extension.js',
    activationEvents: ['onCommand:trmLensBench.open', 'onWebviewPanel:trmLens.trace'],
    contributes: {
      customEditors: c.customEditors.filter((e) => e.viewType === 'trmLens.traceEditor'),
      commands: [
        ...c.commands.filter((x) => isTrace(x.command)),
        { command: 'trmLensBench.open', title: 'TRM Lens Bench: Open Synthetic Trace' },
      ],
      keybindings: c.keybindings.filter((k) => isTrace(k.command)),
    },
  }),
);
writeFileSync(path.join(ext, '.vscodeignore'), '**/*.map\n');
await esbuild.build({
  entryPoints: [path.join(here, 'benchExtension.ts')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  external: ['vscode'],
  outfile: path.join(ext, 'dist/extension.js'),
  logLevel: 'warning',
});
await esbuild.build({
  entryPoints: { panel: path.join(root, 'webview/panel/main.ts') },
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  outdir: path.join(ext, 'dist'),
  logLevel: 'warning',
});
execFileSync(
  path.join(root, 'node_modules/.bin/vsce'),
  ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', path.join(work, 'bench.vsix')],
  { cwd: ext, stdio: 'ignore' },
);
const steps = writeSyntheticTrace(path.join(workspace, 'bench.trace.json'));
writeSyntheticTrace(path.join(workspace, 'sudoku6.trace.json'), {
  side: 6,
  supSteps: 16,
  hCycles: 1,
  lCycles: 2,
  haltAt: 3,
  palette: 'digits',
});

const serverArgs = ['--user-data-dir', path.join(work, 'user'), '--extensions-dir', path.join(work, 'extensions')];
// A plain window: no welcome page or chat beside the panel; a dark theme (the panel follows it).
mkdirSync(path.join(work, 'user', 'User'), { recursive: true });
writeFileSync(
  path.join(work, 'user', 'User', 'settings.json'),
  JSON.stringify({
    'workbench.startupEditor': 'none',
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'chat.disableAIFeatures': true,
    'workbench.colorTheme': 'Default Dark Modern',
    'workbench.sideBar.location': 'left',
    'workbench.activityBar.location': 'hidden',
  }),
);
execFileSync(node24, [codeServer, ...serverArgs, '--install-extension', path.join(work, 'bench.vsix')], {
  stdio: 'ignore',
});
const port = 20000 + Math.floor(Math.random() * 20000);
const server = spawn(
  node24,
  [
    codeServer,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    ...serverArgs,
  ],
  { stdio: 'ignore', detached: true },
);

let browser;
try {
  for (let i = 0; i < 120; i++) {
    try {
      await fetch(`http://127.0.0.1:${port}/healthz`);
      break;
    } catch {
      await sleep(500);
    }
  }
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 950 } });
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
  await page.waitForSelector('.monaco-workbench .statusbar', { timeout: 120000 });
  await sleep(2000);
  // runCommand retries while a fresh window has not yet registered the bench extension's command.
  const openBench = () => runCommand(page, 'TRM Lens Bench: Open Synthetic Trace');
  // The first webview of a window also pays for VS Code's webview service worker: time it apart.
  await openBench();
  const first = await panelFrame(page);
  const firstReady = await readiness(first);
  // Later panels: several, as one sample is at the mercy of whatever else the machine is doing.
  const opened = new Set([first]);
  const later = [];
  let frame;
  for (let i = 0; i < 5; i++) {
    await openBench();
    frame = await panelFrame(page, { exclude: opened });
    opened.add(frame);
    later.push(await readiness(frame));
  }
  const byReady = [...later].sort((a, b) => a.readyMs - b.readyMs);
  const ready = { samples: later.map((r) => r.readyMs), median: byReady[byReady.length >> 1] };
  await frame.click('#title');
  const stepping = await benchStepping(page, frame, presses);
  const halt = await press(page, frame, 'Alt+H'); // the contributed VS Code keybinding, forwarded to the panel
  await press(page, frame, '3'); // confidence heat map on
  await press(page, frame, '2'); // wrong cells on
  mkdirSync(path.join(root, 'test-artifacts'), { recursive: true });
  await page.screenshot({ path: path.join(root, 'test-artifacts', 'panel-bench-30x30.png') });
  // A *.trace.json opens in the panel as a custom editor: screenshots of a Sudoku-like trace there.
  const before = new Set(page.frames());
  await page.keyboard.press('Control+P');
  await page.waitForSelector('.quick-input-widget input');
  await page.keyboard.type('sudoku6.trace.json');
  await page.waitForSelector('.quick-input-widget [role=option]:has-text("sudoku6.trace.json")', { timeout: 30000 });
  await page.keyboard.press('Enter');
  const editor = await panelFrame(page, { exclude: before });
  await readiness(editor);
  await editor.click('#title');
  const shot = async (name) =>
    (await editor.frameElement()).screenshot({ path: path.join(root, 'test-artifacts', name) });
  await shot('panel-sudoku6-first-step.png');
  for (let i = 0; i < 8; i++) await press(page, editor, 'ArrowDown');
  await shot('panel-sudoku6-middle-step.png');
  const sudokuHalt = await press(page, editor, 'h');
  await press(page, editor, '2');
  await shot('panel-sudoku6-halting-step.png');
  // Export from the toolbar: VS Code's save dialog (code-server's simple dialog is a path input).
  const exports = {};
  for (const format of ['png', 'csv']) {
    await editor.click(`#export-${format}`);
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 30000 });
    // The dialog offers `<task>-<model>` plus the format's suffix; wait for it before typing over it.
    await page.waitForFunction(
      (suffix) => [...document.querySelectorAll('.quick-input-widget input')].some((i) => i.value.endsWith(suffix)),
      format === 'png' ? '.steps.png' : '.metrics.csv',
      { timeout: 30000 },
    );
    const offered = await page.evaluate(
      () =>
        [...document.querySelectorAll('.quick-input-widget input')].map((i) => i.value).find((v) => v.includes('.')) ??
        '',
    );
    const target = path.join(workspace, `exported.${format}`);
    await input.fill(target);
    await sleep(500);
    await page.locator('.quick-input-widget .monaco-button:has-text("OK")').click();
    for (let i = 0; i < 40 && !existsSync(target); i++) await sleep(250);
    const bytes = existsSync(target) ? readFileSync(target) : Buffer.alloc(0);
    exports[format] = {
      offered: path.basename(offered),
      bytes: bytes.length,
      png: format === 'png' ? bytes.subarray(1, 4).toString() === 'PNG' : undefined,
    };
    if (format === 'png' && bytes.length) cpSync(target, path.join(root, 'test-artifacts', 'panel-sudoku6-strip.png'));
    await sleep(1000);
  }
  // A window reload: VS Code restores the panels (serializer, custom editor) at the steps they showed.
  await sleep(1000);
  await page.reload();
  await page.waitForSelector('.monaco-workbench .statusbar', { timeout: 120000 });
  const restored = [];
  for (let i = 0; i < 60 && restored.length < 2; i++) {
    restored.length = 0;
    for (const f of page.frames()) {
      try {
        const shown = await f.evaluate(() =>
          document.body.dataset.paintedIndex === undefined
            ? null
            : `${document.getElementById('title').textContent.split(' ·')[0]} @ ${document.body.dataset.paintedIndex}`,
        );
        if (shown !== null) restored.push(shown);
      } catch {
        /* detached */
      }
    }
    await sleep(500);
  }
  console.log(
    JSON.stringify(
      {
        trace: { steps, grid: '30x30' },
        firstPanelOfWindow: firstReady,
        panelReady: ready,
        keyToPaint: stepping,
        runToHaltViaAltH: { index: halt.index, halt: halt.halt },
        restoredAfterReload: {
          shown: restored.sort(),
          before: [
            `synthetic-6x6 @ ${sudokuHalt.index}`,
            `synthetic-30x30 @ ${halt.index} (the panel stepped) or 0 (the first panel)`,
          ],
        },
        exports,
        customEditorSudoku6: {
          haltIndex: sudokuHalt.index,
          location: sudokuHalt.location,
          cells: sudokuHalt.cells.join(''),
        },
      },
      null,
      2,
    ),
  );
} finally {
  await browser?.close();
  try {
    process.kill(-server.pid);
  } catch {
    /* already gone */
  }
  rmSync(work, { recursive: true, force: true });
}
