// End to end, TRM Lens: Open Dataset Report in a real VS Code (code-server): the real CLI runs three of the
// bundled Sudoku puzzles through the bundled model and writes its report into the workspace; the report.json,
// opened from Quick Open, goes into a report panel with the command, and the panel shows the figures
// report.json holds; a task row, focused and given Enter, opens that row's trace in the trace editor.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
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

const PUZZLES = ['sudoku6-001.arc.json', 'sudoku6-002.arc.json', 'sudoku6-003.arc.json'];

/** `trm-lens run` and `trm-lens report` into a fresh folder: its files, under `runs/`, for the workspace. */
function cliRun() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'trm-e2e-report-'));
  try {
    const tasks = path.join(work, 'tasks');
    fs.mkdirSync(tasks);
    for (const name of PUZZLES) fs.copyFileSync(path.join(root, 'examples', 'sudoku6', name), path.join(tasks, name));
    const out = path.join(work, 'runs');
    const cli = (...args) =>
      execFileSync(process.execPath, [path.join(root, 'dist', 'cli.js'), ...args], { cwd: root });
    cli('run', tasks, '--model', path.join(root, 'models', 'sudoku6-tiny'), '--out', out, '--blank-id');
    cli('report', out);
    return Object.fromEntries(
      fs.readdirSync(out).map((name) => [`runs/${name}`, fs.readFileSync(path.join(out, name))]),
    );
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

const pct = (v) => (v === null ? '-' : `${(100 * v).toFixed(1)} %`);

let vscode;
let files;
before(
  async () => {
    files = cliRun();
    vscode = await launch(files, { vsix: packageExtension() });
  },
  { timeout: 600000 },
);
after(async () => vscode?.close());

let reportPanel;

test('Open Dataset Report shows the figures, plots and task rows of the report.json in the editor', async () => {
  const { page } = vscode;
  const report = JSON.parse(files['runs/report.json'].toString('utf8'));
  const before = await snapshotFrames(page);
  await openFile(page, 'report.json');
  await page.waitForSelector('.tab.active[data-resource-name="report.json"]', { timeout: 30000 });
  await command(page, 'TRM Lens: Open Dataset Report');
  reportPanel = await webviewFrame(page, '#tasks .task-row', { exclude: before, timeoutMs: 60000 });
  assert.equal(await reportPanel.$eval('#title', (e) => e.textContent), `Report: ${report.title}`);
  assert.equal(await reportPanel.$eval('#file', (e) => e.textContent), 'from runs/report.json');
  const figures = await reportPanel.$$eval('#summary td', (tds) =>
    Object.fromEntries(tds.map((td) => [td.dataset.figure, td.textContent])),
  );
  assert.deepEqual(figures, {
    runs: String(report.runs),
    tasks: String(report.tasks),
    'test inputs': String(report.testInputs),
    scored: String(report.scored),
    'exact at halt': pct(report.exactAtHalt),
    'pass@1': pct(report.passAt['1']),
    'pass@2': pct(report.passAt['2']),
    'cells turned wrong': `${report.turnedWrong.cells} in ${report.turnedWrong.runs} run(s)`,
  });
  assert.equal(report.runs, PUZZLES.length);
  const plots = await reportPanel.$$eval('.plot', (sections) =>
    sections.map((s) => ({ heading: s.dataset.heading, svg: s.querySelector('svg')?.getBoundingClientRect().width })),
  );
  assert.equal(plots.length, 6, JSON.stringify(plots));
  assert.ok(
    plots.every((p) => p.svg > 100),
    `every plot is drawn: ${JSON.stringify(plots)}`,
  );
  const curve = await reportPanel.$$eval('.plot[data-heading="Refinement curve"] polyline', (ls) => ls.length);
  assert.equal(curve, 2, 'exact and cell accuracy');
  const rows = await reportPanel.$$eval('#tasks .task-row', (trs) =>
    trs.map((tr) => [tr.dataset.task, Number(tr.dataset.test), [...tr.cells].map((c) => c.textContent)]),
  );
  const yes = (v) => (v === null ? '-' : v ? 'yes' : 'no');
  assert.deepEqual(
    rows,
    report.rows.map((r) => [
      r.task,
      r.test,
      [
        r.task,
        String(r.test),
        String(r.runs),
        r.firstRight === null ? '-' : String(r.firstRight),
        r.haltsAt === null ? '-' : String(r.haltsAt),
        String(r.stableFrom),
        String(r.turnedWrong),
        yes(r.finalExact),
        yes(r.passAt1),
        yes(r.passAt2),
      ],
    ]),
  );
  const tabs = await page.$$eval('.tab', (els) => els.map((e) => e.textContent ?? ''));
  assert.ok(
    tabs.some((t) => t.includes('Report: runs')),
    tabs.join(' | '),
  );
  await screenshot(page, 'e2e-report-panel.png');
});

test("a task row, focused and given Enter, opens that row's trace in the trace editor", async () => {
  const { page } = vscode;
  assert.ok(reportPanel, 'the first test opened the report panel');
  const report = JSON.parse(files['runs/report.json'].toString('utf8'));
  const index = 1;
  const row = report.rows[index];
  const trace = JSON.parse(files[`runs/${row.trace}`].toString('utf8'));
  const before = await snapshotFrames(page);
  await reportPanel.focus(`#tasks .task-row[data-row="${index}"]`);
  await page.keyboard.press('Enter');
  const panel = await webviewFrame(page, '#answer-grid', { exclude: before, timeoutMs: 60000 });
  await panel.waitForFunction(
    (n) => document.getElementById('step-counter')?.textContent?.endsWith(`/ ${n}`),
    trace.steps.length,
    { timeout: 60000 },
  );
  await page.waitForSelector(`.tab[data-resource-name=${JSON.stringify(row.trace)}]`, { timeout: 10000 });
  assert.equal(await reportPanel.$eval('#status', (e) => e.hidden), true, 'no error on the report');
  await screenshot(page, 'e2e-report-trace.png');
});

test('after a window reload the report panel comes back, found by the id its webview state holds', async () => {
  const { page } = vscode;
  const report = JSON.parse(files['runs/report.json'].toString('utf8'));
  const before = await snapshotFrames(page);
  const reloaded = page.waitForEvent('load', { timeout: 120000 });
  await command(page, 'Developer: Reload Window');
  await reloaded;
  await page.waitForSelector('.monaco-workbench .statusbar', { timeout: 120000 });
  const restored = await webviewFrame(page, '#tasks .task-row', { exclude: before, timeoutMs: 120000 });
  assert.equal(await restored.$eval('#title', (e) => e.textContent), `Report: ${report.title}`);
  assert.equal(await restored.$$eval('#tasks .task-row', (trs) => trs.length), report.rows.length);
  assert.equal(await restored.$eval('#summary td[data-figure="runs"]', (e) => e.textContent), String(report.runs));
  await screenshot(page, 'e2e-report-restored.png');
});
