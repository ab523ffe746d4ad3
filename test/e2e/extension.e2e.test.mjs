// End to end in a real VS Code (code-server) driven as a person would: open puzzles, read what the
// webviews show, Solve with the bundled model and step through the recursion.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import Ajv from 'ajv';
import {
  command,
  focusEditorTab,
  launch,
  openFile,
  packageExtension,
  root,
  screenshot,
  sleep,
  snapshotFrames,
  webviewFrame,
} from './harness.mjs';
import { exportFromPanel, movement, press, waitForFile } from './panelDriver.mjs';

const ARC = [
  '#000000',
  '#0074D9',
  '#FF4136',
  '#2ECC40',
  '#FFDC00',
  '#AAAAAA',
  '#F012BE',
  '#FF851B',
  '#7FDBFF',
  '#870C25',
];
const example = (p) => fs.readFileSync(path.join(root, 'examples', p), 'utf8');
// An ARC example the bundled ARC model was trained on (its demonstrations; never its test input), one
// its card lists as solved.
const ARC_EXAMPLE = 'ce22a75a';
const shared = path.resolve(root, '..', 'shared', 'data', 'arc-agi-1');

// A few real tasks in the Kaggle combined layout, with their solutions beside them.
const challenges = JSON.parse(fs.readFileSync(path.join(shared, 'training_challenges.json'), 'utf8'));
const solutions = JSON.parse(fs.readFileSync(path.join(shared, 'training_solutions.json'), 'utf8'));
const combinedIds = Object.keys(challenges).slice(0, 3);
const pick = (o) => Object.fromEntries(combinedIds.map((id) => [id, o[id]]));

let vscode;
before(
  async () => {
    vscode = await launch(
      {
        '3631a71a.arc.json': example('arc/3631a71a.arc.json'),
        [`${ARC_EXAMPLE}.arc.json`]: example(`arc/${ARC_EXAMPLE}.arc.json`),
        'sudoku6-002.arc.json': example('sudoku6/sudoku6-002.arc.json'),
        'bad.arc.json': '{"train": [{"input": [[1, 2]], "output": [[3, 12]]}], "test": [{"input": [[0]]}]}\n',
        'mini_challenges.json': JSON.stringify(pick(challenges)),
        'mini_solutions.json': JSON.stringify(pick(solutions)),
        'sudoku-extreme.csv': fs.readFileSync(
          path.join(root, 'test', 'fixtures', 'dataset-csv', 'sudoku-extreme.csv'),
          'utf8',
        ),
      },
      { vsix: packageExtension() },
    );
  },
  { timeout: 600000 },
);
after(async () => vscode?.close());

/** Every grid the viewer shows, with its cells' values and colours. */
async function viewerGrids(frame) {
  return frame.evaluate(() =>
    [...document.querySelectorAll('.arc-grid')].map((g) => ({
      role: g.dataset.role,
      rows: Number(g.dataset.rows),
      cols: Number(g.dataset.cols),
      values: [...g.querySelectorAll('.cell')].map((c) => Number(c.dataset.value)),
      colours: [...g.querySelectorAll('.cell')].map((c) => getComputedStyle(c).backgroundColor),
    })),
  );
}

const rgb = (hex) =>
  `rgb(${parseInt(hex.slice(1, 3), 16)}, ${parseInt(hex.slice(3, 5), 16)}, ${parseInt(hex.slice(5, 7), 16)})`;

test(
  'an ARC file opens in the viewer with every grid, cell value and colour of the task',
  { timeout: 120000 },
  async () => {
    const { page } = vscode;
    const task = JSON.parse(example('arc/3631a71a.arc.json'));
    const started = Date.now();
    await openFile(page, '3631a71a.arc.json');
    const frame = await webviewFrame(page, '.arc-grid');
    await frame.waitForFunction(
      (n) => document.querySelectorAll('.arc-grid').length >= n,
      task.train.length * 2 + task.test.length,
    );
    console.log(`# open to grids shown: ${Date.now() - started} ms (30x30 task, quick open included)`);
    const grids = await viewerGrids(frame);
    const expected = [
      ...task.train.flatMap((p) => [p.input, p.output]),
      ...task.test.flatMap((p) => (p.output ? [p.input, p.output] : [p.input])),
    ];
    assert.equal(grids.length, expected.length);
    grids.forEach((g, i) => {
      assert.equal(g.rows, expected[i].length, g.role);
      assert.equal(g.cols, expected[i][0].length, g.role);
      assert.deepEqual(g.values, expected[i].flat(), g.role);
      g.colours.forEach((c, k) => assert.equal(c, rgb(ARC[expected[i].flat()[k]]), `${g.role} cell ${k}`));
    });
    await screenshot(page, 'e2e-viewer-arc.png');
    console.log(`# extension activation: ${activationLog(vscode.userDir) ?? 'not found in its log'}`);
  },
);

/** The extension's own `activated in N ms` line (src/extension/extension.ts) from its output-channel log. */
function activationLog(userDir) {
  const logs = [];
  const walk = (dir) =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .forEach((e) =>
        e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.log') && logs.push(path.join(dir, e.name)),
      );
  try {
    walk(path.join(userDir, 'logs'));
  } catch {
    return undefined;
  }
  for (const log of logs) {
    const line = fs.readFileSync(log, 'utf8').match(/activated in [\d.]+ ms/);
    if (line) return line[0];
  }
  return undefined;
}

test(
  'a malformed file shows its problem with the JSON path in the viewer and in the Problems panel',
  { timeout: 120000 },
  async () => {
    const { page } = vscode;
    await openFile(page, 'bad.arc.json');
    const frame = await webviewFrame(page, '.problem[data-path="$.train[0].output[0][1]"]');
    const problems = await frame.$$eval('.problem', (items) =>
      items.map((li) => [li.dataset.path, li.querySelector('.message').textContent]),
    );
    assert.deepEqual(problems, [['$.train[0].output[0][1]', 'expected an integer 0-9, got 12']]);
    await page.keyboard.press('Control+Shift+M');
    await page.waitForSelector('.markers-panel .monaco-list-row', { timeout: 30000 });
    const rows = await page.$$eval('.markers-panel .monaco-list-row', (els) => els.map((e) => e.textContent));
    assert.ok(
      rows.some((r) => r.includes('expected an integer 0-9, got 12') && r.includes('$.train[0].output[0][1]')),
      rows.join(' | '),
    );
    await screenshot(page, 'e2e-malformed.png');
    await page.keyboard.press('Control+Shift+M'); // hide the Problems panel again: later screenshots need the room
  },
);

test(
  'a Kaggle combined file lists its tasks in a quick pick and opens the chosen one with its solution',
  { timeout: 120000 },
  async () => {
    const { page } = vscode;
    await openFile(page, 'mini_challenges.json');
    await sleep(1500);
    await command(page, 'TRM Lens: Open Task from Combined File');
    await page.waitForSelector(`.quick-input-widget [role=option]:has-text("${combinedIds[1]}")`, { timeout: 30000 });
    const options = await page.$$eval('.quick-input-widget [role=option]', (els) => els.map((e) => e.textContent));
    for (const id of combinedIds)
      assert.ok(
        options.some((o) => o.includes(id)),
        `${id} listed`,
      );
    await page.keyboard.type(combinedIds[1]);
    await page.keyboard.press('Enter');
    const task = challenges[combinedIds[1]];
    const frame = await webviewFrame(page, `.arc-grid[data-role="test-0-output"]`);
    const grids = await viewerGrids(frame);
    const testOutput = grids.find((g) => g.role === 'test-0-output');
    assert.deepEqual(testOutput.values, solutions[combinedIds[1]][0].flat());
    assert.equal(grids.filter((g) => g.role.startsWith('train')).length, task.train.length * 2);
    await screenshot(page, 'e2e-combined.png');
  },
);

test(
  'a row of a Sudoku-Extreme CSV opens as a task without demonstrations: its puzzle and its answer',
  { timeout: 120000 },
  async () => {
    const { page } = vscode;
    const csv = fs.readFileSync(path.join(root, 'test', 'fixtures', 'dataset-csv', 'sudoku-extreme.csv'), 'utf8');
    const [source, question, answer] = csv.trim().split('\n')[2].split(','); // data row 2
    const digits = (text) => [...text].map((c) => (c === '.' ? 0 : Number(c)));
    await openFile(page, 'sudoku-extreme.csv');
    await sleep(1500);
    await command(page, 'TRM Lens: Open Task from Dataset CSV');
    await page.waitForSelector(`.quick-input-widget [role=option]:has-text("${source}")`, { timeout: 30000 });
    await page.keyboard.type(source);
    await page.keyboard.press('Enter');
    const frame = await webviewFrame(page, '.arc-grid[data-role="test-0-output"]');
    const grids = await viewerGrids(frame);
    const input = grids.find((g) => g.role === 'test-0-input');
    assert.deepEqual([input.rows, input.cols], [9, 9]);
    assert.deepEqual(input.values, digits(question));
    assert.deepEqual(grids.find((g) => g.role === 'test-0-output').values, digits(answer));
    assert.equal(grids.filter((g) => g.role.startsWith('train')).length, 0);
    assert.match(await frame.evaluate(() => document.body.textContent), /no demonstration/i);
    await screenshot(page, 'e2e-dataset-csv-row.png');
  },
);

/** The panel Solve opened, the CLI's trace and metrics for the same puzzle: the export test goes on from there. */
let solved;

test(
  'Solve with the bundled model streams the recursion into the trace panel, which steps like the CLI trace',
  { timeout: 240000 },
  async () => {
    const { page } = vscode;
    const cliDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trm-e2e-trace-'));
    const out = path.join(cliDir, 't.trace.json');
    const csv = path.join(cliDir, 't.metrics.csv');
    execFileSync(
      process.execPath,
      [
        path.join(root, 'dist', 'cli.js'),
        'solve',
        path.join(root, 'examples', 'sudoku6', 'sudoku6-002.arc.json'),
        '--out',
        out,
        '--csv',
        csv,
      ],
      { stdio: 'ignore' },
    );
    const trace = JSON.parse(fs.readFileSync(out, 'utf8'));
    const before = await snapshotFrames(page);
    await openFile(page, 'sudoku6-002.arc.json');
    const viewer = await webviewFrame(page, '.arc-grid', { exclude: before });
    await command(page, 'TRM Lens: Solve');
    const panel = await webviewFrame(page, '#answer-grid', { exclude: before });
    await panel.waitForFunction(
      (n) => document.getElementById('step-counter')?.textContent.includes(`/ ${n}`),
      trace.steps.length,
      { timeout: 60000 },
    );
    const timing = await panel.evaluate(() => {
      const p = window.trmLensPerf;
      return [p.readyMs, p.scriptStartedAt - p.openedAt, p.loadReceivedAt - p.openedAt];
    });
    console.log(
      `# Solve: trace exists (model loaded) to first step painted: ${timing[0]} ms; ` +
        `relative to it the page's script started at ${timing[1]} ms, its load arrived at ${timing[2]} ms`,
    );
    await panel.click('#title');
    let view = await press(page, panel, 'Home');
    assert.equal(view.index, 0);
    assert.deepEqual(view.cells, trace.steps[0].answer.flat());
    await screenshot(page, 'e2e-panel-first-step.png');
    for (let i = 1; i <= 5; i++) {
      view = await press(page, panel, 'ArrowRight');
      assert.equal(view.index, i);
      assert.deepEqual(view.cells, trace.steps[i].answer.flat(), `answer at step ${i}`);
    }
    view = await press(page, panel, 'PageDown');
    assert.deepEqual(view.cells, trace.steps[view.index].answer.flat());
    view = await press(page, panel, 'ArrowLeft');
    assert.deepEqual(view.cells, trace.steps[view.index].answer.flat());
    await screenshot(page, 'e2e-panel-middle-step.png');
    const halting = trace.steps.findIndex((s) => s.halts);
    view = await press(page, panel, 'Alt+H'); // contributed VS Code keybinding: run to the halting step
    assert.equal(view.index, halting === -1 ? view.index : halting);
    assert.match(view.halt, /halt/i);
    await press(page, panel, '2'); // wrong-cells overlay
    await screenshot(page, 'e2e-panel-halting-step.png');

    // What moves: the step residual of z differs from update to update (its norm would not), and the
    // trajectories have one point per update of their state, which a click goes to.
    const dz = [];
    await press(page, panel, 'Home');
    for (let i = 0; i < 6; i++) {
      dz.push((await movement(panel, 'dz')).readout);
      await press(page, panel, 'ArrowRight');
    }
    assert.ok(new Set(dz.filter((r) => /^-?[\d.]+(e[+-]\d+)?$/.test(r))).size > 1, `Δz readouts: ${dz.join(' | ')}`);
    await panel.waitForFunction(
      () => !document.querySelector('.chart-dist-z .chart-range').textContent.includes('complete'),
    );
    const moved = await movement(panel, 'dist-z');
    assert.match(moved.line, /^M[\d.]+ [\d.]+L/, 'distance to the last z is drawn once the run is complete');
    const updates = (kind) => trace.steps.flatMap((s, i) => (s.kind === kind && s.motion ? [i] : []));
    assert.deepEqual(moved.z, updates('latent'));
    assert.deepEqual(moved.y, updates('answer'));
    const lastY = moved.y[moved.y.length - 1];
    await panel.click(`#trajectory-y circle[data-index="${lastY}"]`); // drawn last: no point covers it
    await panel.waitForFunction((i) => document.body.dataset.paintedIndex === String(i), lastY);
    view = await press(page, panel, 'Home');
    assert.equal(view.index, 0);
    await panel.click(`#trajectory-z circle[data-index="${moved.z[moved.z.length - 1]}"]`);
    await panel.waitForFunction((i) => document.body.dataset.stepIndex === String(i), moved.z[moved.z.length - 1]);
    await press(page, panel, '5'); // motion heat map
    assert.match(await panel.$eval('#heat-legend', (e) => e.textContent), /motion of z per position/);
    await panel.evaluate(() => document.querySelector('.charts-section').scrollIntoView({ block: 'start' }));
    await screenshot(page, 'e2e-panel-movement.png');
    await press(page, panel, '5');
    await panel.evaluate(() => window.scrollTo(0, 0));
    const status = await page.$$eval('.statusbar-item', (els) =>
      els.map((e) => e.textContent).filter((t) => t.includes('TRM')),
    );
    assert.ok(
      status.some((t) => t.includes('sudoku6-tiny') && t.includes('cpu')),
      status.join(' | '),
    );
    solved = {
      viewer,
      panel,
      trace,
      csvHeader: fs.readFileSync(csv, 'utf8').split('\n')[0],
      frames: await snapshotFrames(page),
    };
  },
);

/** What the answer grid's overlays show, from its data attributes and the overlay check boxes. */
async function overlays(frame) {
  return frame.evaluate(() => {
    const grid = document.getElementById('answer-grid');
    const cells = (s) => (s ? s.split(',').map(Number) : []);
    return {
      boxes: Object.fromEntries(
        ['changed', 'wrong', 'confidence', 'norm'].map((o) => [o, document.getElementById(`overlay-${o}`).checked]),
      ),
      changed: cells(grid.dataset.changed),
      wrong: cells(grid.dataset.wrong),
      heat: grid.dataset.heat,
      legend: document.getElementById('heat-legend').textContent,
    };
  });
}

test(
  'the panel toggles its overlays, exports JSON and CSV through the save dialog, and the exported trace reopens',
  { timeout: 240000 },
  async () => {
    const { page, workspace } = vscode;
    assert.ok(solved, 'needs the panel of the Solve test');
    const { panel, trace } = solved;
    const target = trace.header.task.target.flat();
    await panel.click('#title');
    let view = await press(page, panel, 'Alt+Home'); // contributed VS Code keybinding
    assert.equal(view.index, 0);
    view = await press(page, panel, 'ArrowDown'); // an answer update: some cells change
    const wrongAt = (cells) => cells.flatMap((v, i) => (v === target[i] ? [] : [i]));

    // The Solve test left changed and wrong on; 3 turns the doubt heat map on, 4 swaps it for |z|, 1 turns changed off.
    let o = await overlays(panel);
    assert.deepEqual(o.boxes, { changed: true, wrong: true, confidence: false, norm: false });
    assert.deepEqual(o.wrong, wrongAt(view.cells));
    assert.ok(trace.steps[view.index].changed.length > 0);
    assert.deepEqual(o.changed, trace.steps[view.index].changed);
    assert.equal(o.heat, 'off');
    await press(page, panel, '3');
    o = await overlays(panel);
    assert.equal(o.boxes.confidence, true);
    assert.equal(o.heat, 'on');
    assert.match(o.legend, /confidence/);
    await press(page, panel, '4');
    o = await overlays(panel);
    assert.deepEqual([o.boxes.confidence, o.boxes.norm, o.heat], [false, true, 'on']);
    assert.match(o.legend, /\|z\| per position/);
    await screenshot(page, 'e2e-panel-overlays.png');
    await press(page, panel, '1');
    o = await overlays(panel);
    assert.deepEqual([o.boxes.changed, o.changed.length], [false, 0]);

    // The key help lists the Alt keybindings and leaves the debugger's keys alone.
    await page.keyboard.press('Shift+Slash');
    const help = await panel.waitForSelector('#help:not([hidden])');
    const keys = await help.$$eval('th', (ths) => ths.map((th) => th.textContent));
    assert.ok(
      ['Alt+→', 'Alt+Page Down', 'Alt+Home', 'Alt+H'].every((k) => keys.includes(k)),
      keys.join(' | '),
    );
    assert.ok(!keys.some((k) => /F5|F10|F11/.test(k)), keys.join(' | '));
    await screenshot(page, 'e2e-panel-help.png');
    await page.keyboard.press('Escape');
    await panel.waitForSelector('#help', { state: 'hidden' });

    // Step to the halting step recording what the panel shows, then export.
    const seen = new Map();
    view = await press(page, panel, 'Home');
    seen.set(view.index, view.cells);
    while (!trace.steps[view.index].halts && view.index < trace.steps.length - 1) {
      view = await press(page, panel, 'ArrowRight');
      seen.set(view.index, view.cells);
    }
    const jsonFile = await exportFromPanel(page, panel, 'export-json');
    assert.equal(path.dirname(jsonFile), workspace, 'offered in the workspace folder');
    assert.match(path.basename(jsonFile), /^sudoku6-002.*sudoku6-tiny.*\.trace\.json$/);
    await waitForFile(jsonFile);
    const exported = JSON.parse(fs.readFileSync(jsonFile, 'utf8'));
    const schema = JSON.parse(fs.readFileSync(path.join(root, 'schemas', 'trace.schema.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true }).compile(schema);
    assert.ok(validate(exported), JSON.stringify(validate.errors?.slice(0, 3)));
    assert.equal(exported.steps.length, trace.steps.length);
    for (const [i, cells] of seen)
      assert.deepEqual(exported.steps[i].answer.flat(), cells, `exported answer at step ${i}`);
    exported.steps.forEach((s, i) =>
      assert.deepEqual(s.answer, trace.steps[i].answer, `answer at step ${i} as the CLI has it`),
    );

    await panel.click('#title');
    const csvFile = await exportFromPanel(page, panel, 'export-csv');
    assert.match(path.basename(csvFile), /\.metrics\.csv$/);
    await waitForFile(csvFile);
    const rows = fs.readFileSync(csvFile, 'utf8').trimEnd().split('\n');
    assert.equal(rows[0], solved.csvHeader);
    assert.equal(rows.length, 1 + trace.steps.length);
    rows.slice(1).forEach((r, i) => assert.equal(r.split(',')[0], String(i)));

    // The exported file opens in the trace editor, with no model, and steps to the same grids.
    const before = await snapshotFrames(page);
    await openFile(page, path.basename(jsonFile));
    const reopened = await webviewFrame(page, '#answer-grid', { exclude: before });
    await reopened.waitForFunction(
      (n) => document.getElementById('step-counter')?.textContent.includes(`/ ${n}`),
      exported.steps.length,
      { timeout: 30000 },
    );
    await reopened.click('#title');
    view = await press(page, reopened, 'PageDown');
    assert.deepEqual(view.cells, exported.steps[view.index].answer.flat(), `reopened answer at step ${view.index}`);
    view = await press(page, reopened, 'Alt+H');
    assert.equal(
      view.index,
      exported.steps.findIndex((s) => s.halts),
    );
    assert.deepEqual(view.cells, exported.steps[view.index].answer.flat());
    view = await press(page, reopened, 'Alt+End');
    assert.equal(view.index, exported.steps.length - 1);
    assert.deepEqual(view.cells, exported.steps[view.index].answer.flat());
    await screenshot(page, 'e2e-trace-reopened.png');
  },
);

test(
  'a diverged trace reopens: readouts say NaN and Inf, the chart bands the non-finite steps, F goes to the first',
  { timeout: 120000 },
  async () => {
    const { page, workspace } = vscode;
    assert.ok(solved, 'needs the trace of the Solve test');
    const diverged = structuredClone(solved.trace);
    const first = 5;
    diverged.steps.forEach((s, i) => {
      if (i >= first) s.zNorm = 'NaN';
      if (i > first) s.yNorm = 'Infinity';
    });
    fs.writeFileSync(path.join(workspace, 'diverged.trace.json'), JSON.stringify(diverged));
    await sleep(1000); // the file watcher lists it in Quick Open
    const before = await snapshotFrames(page);
    await openFile(page, 'diverged.trace.json');
    const panel = await webviewFrame(page, '#answer-grid', { exclude: before });
    await panel.waitForFunction(
      (n) => document.getElementById('step-counter')?.textContent.includes(`/ ${n}`),
      diverged.steps.length,
      { timeout: 30000 },
    );
    await panel.click('#title');
    const chart = (id) =>
      panel.evaluate(
        (c) => ({
          readout: document.querySelector(`.chart-${c} .chart-readout`).textContent,
          range: document.querySelector(`.chart-${c} .chart-range`).textContent,
          band: document.querySelector(`.chart-${c} .chart-nonfinite`).getAttribute('d'),
        }),
        id,
      );
    const view = await press(page, panel, 'f');
    assert.equal(view.index, first);
    const z = await chart('z');
    assert.equal(z.readout, 'NaN');
    assert.match(z.range, new RegExp(`NaN or infinite from step ${first + 1}$`));
    assert.match(z.band, /^M[\d.]+ 0H/);
    await press(page, panel, 'ArrowRight');
    assert.equal((await chart('y')).readout, 'Inf');
    await screenshot(page, 'e2e-trace-nonfinite.png');
  },
);

test(
  'a trace recorded before motion was measured says so in one line instead of empty movement charts',
  { timeout: 120000 },
  async () => {
    const { page, workspace } = vscode;
    assert.ok(solved, 'needs the trace of the Solve test');
    // Version 2 steps have no motion, and the trace names its halting step `haltedAt`.
    const { haltRuleFiresAt, ...rest } = structuredClone(solved.trace);
    const older = { ...rest, formatVersion: 2, haltedAt: haltRuleFiresAt };
    fs.writeFileSync(path.join(workspace, 'older.trace.json'), JSON.stringify(older));
    await sleep(1000); // the file watcher lists it in Quick Open
    const before = await snapshotFrames(page);
    await openFile(page, 'older.trace.json');
    const panel = await webviewFrame(page, '#answer-grid', { exclude: before });
    await panel.waitForFunction(() => document.getElementById('motion-note')?.hidden === false, null, {
      timeout: 30000,
    });
    const shownNow = await panel.evaluate(() => ({
      note: document.getElementById('motion-note').textContent,
      dz: document.querySelector('.chart-dz').hidden,
      loss: document.querySelector('.chart-loss').hidden,
      trajectory: document.getElementById('trajectory').hidden,
    }));
    assert.match(shownNow.note, /recorded before motion was measured/);
    assert.deepEqual([shownNow.dz, shownNow.loss, shownNow.trajectory], [true, false, true]);
    await screenshot(page, 'e2e-trace-before-motion.png');
  },
);

/** The viewer's look and what each cell shows: its value, background colour and written text. */
async function viewerCells(frame) {
  return frame.evaluate(() => ({
    look: document.getElementById('root').dataset.look,
    switchOn: document.getElementById('show-digits').checked,
    cells: [...document.querySelectorAll('.arc-grid[data-role="test-0-input"] > .cell')].map((c) => ({
      value: Number(c.dataset.value),
      text: c.textContent,
      colour: getComputedStyle(c).backgroundColor,
    })),
  }));
}

test(
  'the viewer draws a Sudoku as digits, as the trace panel does; V switches to ARC colours, which a reload keeps',
  { timeout: 120000 },
  async () => {
    const { page } = vscode;
    assert.ok(solved, 'needs the viewer of the Solve test');
    const input = JSON.parse(example('sudoku6/sudoku6-002.arc.json')).test[0].input.flat();
    let shownNow = await viewerCells(solved.viewer);
    assert.deepEqual([shownNow.look, shownNow.switchOn], ['digits', true]);
    assert.deepEqual(
      shownNow.cells.map((c) => c.text),
      input.map((v) => (v === 0 ? '' : String(v))),
    );
    await screenshot(page, 'e2e-viewer-sudoku-digits.png');

    await solved.viewer.click('h2');
    await page.keyboard.press('v');
    await solved.viewer.waitForFunction(() => document.getElementById('root').dataset.look === 'arc');
    shownNow = await viewerCells(solved.viewer);
    assert.equal(shownNow.switchOn, false);
    shownNow.cells.forEach((c, k) => {
      assert.equal(c.text, '', `cell ${k} has no text`);
      assert.equal(c.colour, rgb(ARC[input[k]]), `cell ${k} colour`);
    });

    const before = await snapshotFrames(page);
    await command(page, 'Developer: Reload Webviews');
    const reloaded = await webviewFrame(page, '.arc-grid[data-role="test-0-input"]', { exclude: before });
    shownNow = await viewerCells(reloaded);
    assert.equal(shownNow.look, 'arc', 'the choice survives a reload of the webview');
    await reloaded.click('h2');
    await page.keyboard.press('v');
    await reloaded.waitForFunction(() => document.getElementById('root').dataset.look === 'digits');
  },
);

test(
  'an ARC example goes to the bundled ARC model, which solves it as the CLI does, and its vote passes',
  { timeout: 300000 },
  async () => {
    const { page } = vscode;
    const file = path.join(root, 'examples', 'arc', `${ARC_EXAMPLE}.arc.json`);
    const target = JSON.parse(example(`arc/${ARC_EXAMPLE}.arc.json`)).test[0].output;
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'trm-e2e-arc-')), 'arc.trace.json');
    // No --model: the CLI picks the bundled model as VS Code does.
    execFileSync(process.execPath, [path.join(root, 'dist', 'cli.js'), 'solve', file, '--out', out], {
      stdio: 'ignore',
    });
    const trace = JSON.parse(fs.readFileSync(out, 'utf8'));
    assert.equal(trace.header.model.name, 'arc-mini', 'the CLI ran the ARC model');
    const before = await snapshotFrames(page);
    await openFile(page, `${ARC_EXAMPLE}.arc.json`);
    await webviewFrame(page, '.arc-grid', { exclude: before });
    await command(page, 'TRM Lens: Solve');
    const panel = await webviewFrame(page, '#answer-grid', { exclude: before });
    await panel.waitForFunction(
      (n) => document.getElementById('step-counter')?.textContent.endsWith(`/ ${n}`),
      trace.steps.length,
      { timeout: 120000 },
    );
    const status = await page.$$eval('.statusbar-item', (els) =>
      els.map((e) => e.textContent).filter((t) => t.includes('TRM')),
    );
    assert.ok(
      status.some((t) => t.includes('arc-mini')),
      status.join(' | '),
    );
    await panel.click('#title');
    const first = await press(page, panel, 'Home');
    assert.deepEqual(first.cells, trace.steps[0].answer.flat());
    const last = await press(page, panel, 'End');
    assert.equal(last.index, trace.steps.length - 1);
    assert.deepEqual(last.cells, trace.steps.at(-1).answer.flat(), 'the panel shows what the CLI computed');
    assert.deepEqual(last.cells, target.flat(), 'the ARC model answers the held-out test input');
    // An empty grid is said as what it is, beside where it would be drawn.
    const emptyNotes = await panel.$$eval('.empty-grid', (notes) =>
      notes.map((n) => [n.parentElement.querySelector('.live-grid').id, n.hidden ? null : n.textContent]),
    );
    const latentAnswer = trace.steps.at(-1).latentAnswer;
    assert.deepEqual(Object.fromEntries(emptyNotes), {
      'answer-grid': null,
      'latent-grid': latentAnswer?.length === 0 ? 'empty: end-of-row at the first cell' : null,
    });
    await screenshot(page, 'e2e-arc-model-solved.png');

    // Back to the task's viewer, which still shows it in the first group, and Vote from there.
    const frames = await snapshotFrames(page);
    await focusEditorTab(page, `${ARC_EXAMPLE}.arc.json`);
    await command(page, 'TRM Lens: Vote over Augmentations');
    const votes = await webviewFrame(page, '.candidate', { exclude: frames, timeoutMs: 180000 });
    const counts = await votes.$$eval('.candidate', (items) => items.map((li) => Number(li.dataset.count)));
    const runs = Number((await votes.$eval('#counts', (e) => e.textContent)).match(/^(\d+) runs/)[1]);
    assert.ok(runs > 1, `${runs} augmentation runs`);
    assert.equal(
      counts.reduce((a, b) => a + b, 0),
      runs,
      'every run votes once',
    );
    assert.match(await votes.$eval('#score', (e) => e.textContent), /^pass@1 yes, pass@2 yes$/);
    assert.match(
      await votes.$eval('#title', (e) => e.textContent),
      new RegExp(`^Vote: ${ARC_EXAMPLE}, test 1, on arc-mini`),
    );
    await screenshot(page, 'e2e-arc-model-vote.png');
  },
);
