// Bench of typing in a real VS Code (code-server + Chromium) while a full-size model solves: milliseconds
// from a key press in a text editor to its character on screen, idle, during a Solve in the extension, and
// during the same solve run by the CLI in a separate process. The last one is the baseline: it costs the
// editor only the CPU the network takes, so the extension's own cost is its ratio against that one. A bench,
// not a test: it asserts nothing about time.
//
//   npm run bench:typing [-- --rounds 3 --keys 30]
// Needs the full-size random ARC bundle (npm run fixtures:full) and the tools of the e2e tests (../setup.mjs).

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { plainWindowSettings } from './codeServer.mjs';
import {
  cancelSolve,
  command,
  focusEditorTab,
  launch,
  openFile,
  packageExtension,
  root,
  screenshot,
  sleep,
  typingLatency,
} from './harness.mjs';
import { median } from './panelDriver.mjs';

const option = (name, fallback) => Number(process.argv[process.argv.indexOf(name) + 1]) || fallback;
const rounds = option('--rounds', 3);
const keys = option('--keys', 30);
const bundle = path.join(root, 'bench-out', 'bundles', 'arc-full');
const TASK_FILE = '3631a71a.arc.json'; // 30x30; the full-size model runs every task on its 30x30 canvas anyway
const NOTES = 'notes.txt';
const CANCEL = '.notification-toast-container .monaco-button:has-text("Cancel")';
const SOLVING_AFTER_MS = 10000; // the model loaded and the engine under way (a whole solve takes over 30 s)

if (!fs.existsSync(path.join(bundle, 'manifest.json'))) {
  console.error(`${bundle}: run npm run fixtures:full first`);
  process.exit(1);
}
const taskText = fs.readFileSync(path.join(root, 'examples', 'arc', TASK_FILE), 'utf8');
const vscode = await launch(
  { [TASK_FILE]: taskText, [NOTES]: '' },
  { vsix: packageExtension(), settings: plainWindowSettings, machineSettings: { 'trmLens.modelPath': bundle } },
);
const { page } = vscode;

/** Typing while the extension solves the task; Solve is cancelled after it. The first asks for the blank identifier. */
async function duringExtensionSolve(first) {
  await focusEditorTab(page, TASK_FILE);
  await command(page, 'TRM Lens: Solve');
  const ask = page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Run with the blank identifier' });
  if (first) await ask.click({ timeout: 30000 });
  await page.locator(CANCEL).first().waitFor({ timeout: 30000 }); // the solve's progress, with its Cancel
  await sleep(SOLVING_AFTER_MS);
  const times = await typingLatency(page, NOTES, keys);
  await cancelSolve(page); // fails if the solve had already ended, which would void the figure
  await sleep(3000);
  return times;
}

/** Typing while the CLI solves the same task in another process. */
async function duringCliSolve() {
  const file = path.join(vscode.workspace, TASK_FILE);
  const args = [path.join(root, 'dist', 'cli.js'), 'solve', file, '--model', bundle, '--blank-id'];
  const cli = spawn(process.execPath, args, { stdio: 'ignore' });
  let ended = false;
  cli.on('exit', () => (ended = true));
  await sleep(SOLVING_AFTER_MS);
  const times = await typingLatency(page, NOTES, keys);
  cli.kill();
  if (ended) throw new Error('the CLI solve ended before the typing did: the figure is void');
  await sleep(3000);
  return times;
}

try {
  await openFile(page, NOTES);
  await openFile(page, TASK_FILE);
  await sleep(3000);
  const all = { idle: [], extension: [], cli: [] };
  for (let round = 1; round <= rounds; round++) {
    const row = {
      idle: await typingLatency(page, NOTES, keys),
      extension: await duringExtensionSolve(round === 1),
      cli: await duringCliSolve(),
    };
    for (const k of Object.keys(all)) all[k].push(...row[k]);
    const m = Object.fromEntries(Object.entries(row).map(([k, v]) => [k, median(v)]));
    const ratio = (a, b) => (a / b).toFixed(2);
    console.log(
      `round ${round}: median ms idle ${m.idle}, during Solve ${m.extension} (${ratio(m.extension, m.idle)}x), ` +
        `during a CLI solve ${m.cli} (${ratio(m.cli, m.idle)}x); Solve / CLI ${ratio(m.extension, m.cli)}`,
    );
  }
  const m = Object.fromEntries(Object.entries(all).map(([k, v]) => [k, median(v)]));
  const summary = {
    keysPerCase: rounds * keys,
    medianMs: m,
    duringSolveOverIdle: m.extension / m.idle,
    duringCliOverIdle: m.cli / m.idle,
    solveOverCli: m.extension / m.cli,
  };
  console.log(JSON.stringify(summary, null, 2));
  fs.mkdirSync(path.join(root, 'bench-out'), { recursive: true });
  fs.writeFileSync(path.join(root, 'bench-out', 'typing.json'), JSON.stringify(summary, null, 2) + '\n');
} catch (error) {
  await screenshot(page, 'bench-typing-failed.png');
  throw error;
} finally {
  await vscode.close();
}
