import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { root } from '../core/badBundle.fixtures';
import type { DatasetReport } from '../core/datasetReportShape';

const cli = path.join(root, 'dist', 'cli.js');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'trm-lens-run-'));
after(() => fs.rmSync(work, { recursive: true, force: true }));

// Six of the bundled held-out Sudoku puzzles, as one folder; the bundled model knows only the blank id.
const tasks = path.join(work, 'tasks');
fs.mkdirSync(tasks);
const sudoku = path.join(root, 'examples', 'sudoku6');
for (const name of fs.readdirSync(sudoku).sort().slice(0, 6))
  fs.copyFileSync(path.join(sudoku, name), path.join(tasks, name));

const trm = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8' });

function readReport(dir: string): DatasetReport {
  return JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8')) as DatasetReport;
}

/** The report without where it was read from, which differs between folders by design. */
function figures(report: DatasetReport): unknown {
  return { ...report, title: undefined, rows: report.rows.map((r) => ({ ...r, folder: undefined })) };
}

test('run writes one trace per test input, and a second run skips the ones done', () => {
  const out = path.join(work, 'whole');
  const first = trm('run', tasks, '--out', out, '--blank-id');
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stderr, /ran 6 test input\(s\), 0 already done/);
  assert.equal(fs.readdirSync(out).filter((f) => f.endsWith('.trace.json')).length, 6);
  const again = trm('run', tasks, '--out', out, '--blank-id');
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stderr, /ran 0 test input\(s\), 6 already done/);
});

test('report over two shards equals the report over the unsharded run', () => {
  const whole = path.join(work, 'whole');
  if (!fs.existsSync(whole)) assert.equal(trm('run', tasks, '--out', whole, '--blank-id').status, 0);
  const shards = ['1/2', '2/2'].map((shard, i) => {
    const out = path.join(work, `shard${i}`);
    const result = trm('run', tasks, '--out', out, '--blank-id', '--shard', shard);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /ran 3 test input/);
    return out;
  });
  assert.equal(trm('report', whole).status, 0);
  const merged = path.join(work, 'merged');
  const result = trm('report', ...shards, '--out', merged);
  assert.equal(result.status, 0, result.stderr);
  const report = readReport(merged);
  assert.equal(report.runs, 6);
  assert.equal(report.perStep.length, 16, 'every supervision step of the bundled model');
  assert.deepEqual(figures(report), figures(readReport(whole)));
  // Each row's trace is found from the report's folder.
  for (const row of report.rows) assert.ok(fs.existsSync(path.join(merged, row.folder, row.trace)), row.trace);
  const csv = fs.readFileSync(path.join(merged, 'report.csv'), 'utf8').trim().split('\n');
  assert.equal(csv.length, 7);
  // One submission over the shards, the same as the whole run's: every task, each test input's attempts.
  const submission = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, 'submission.json'), 'utf8'));
  assert.deepEqual(submission(merged), submission(whole));
  assert.deepEqual(Object.keys(submission(merged)).sort(), [...new Set(report.rows.map((r) => r.task))].sort());
  for (const row of report.rows) assert.ok(Array.isArray(submission(merged)[row.task][row.test].attempt_1));
});

test('report.html escapes task ids and loads nothing from outside the page', () => {
  const id = '<script>alert("x")</script>&';
  const grid = JSON.parse(fs.readFileSync(path.join(tasks, fs.readdirSync(tasks)[0]), 'utf8')) as unknown;
  const combined = path.join(work, 'odd_challenges.json');
  fs.writeFileSync(combined, JSON.stringify({ [id]: grid }));
  const out = path.join(work, 'odd');
  const ran = trm('run', combined, '--out', out, '--blank-id');
  assert.equal(ran.status, 0, ran.stderr);
  assert.equal(trm('report', out).status, 0);
  const html = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
  assert.ok(!html.includes('<script'), 'no script element');
  assert.ok(html.includes('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;&#38;'));
  assert.doesNotMatch(html, /(src|href)=/);
});

test('report on a folder without runs exits 1 naming it', () => {
  const empty = path.join(work, 'empty');
  fs.mkdirSync(empty);
  const result = trm('report', empty);
  assert.equal(result.status, 1);
  assert.match(result.stderr, /empty: no runs found/);
});

test('run on ARC tasks with an ARC model reports every test input', () => {
  const out = path.join(work, 'arc');
  const model = path.join(root, 'test', 'fixtures', 'tiny-arc', 'bundle');
  const result = trm(
    'run',
    path.join(root, 'examples', 'arc', '0d3d703e.arc.json'),
    '--out',
    out,
    '--model',
    model,
    '--blank-id',
  );
  assert.equal(result.status, 0, result.stderr);
  assert.equal(trm('report', out).status, 0);
  const report = readReport(out);
  assert.equal(report.testInputs, 1);
  assert.ok(report.perStep.length > 0);
  assert.ok(report.perStep.every((s) => s.runs === 1));
});

/** The model card's held-out table: per supervision step, the single-pass exact figure it prints. */
function cardSingleExact(card: string): Map<number, number> {
  const rows = [...card.matchAll(/^\| (\d+) \| ([\d.]+) % \|/gm)];
  return new Map(rows.map((m) => [Number(m[1]), Number(m[2])]));
}

test("report reproduces the bundled ARC model's card: single-pass exact per supervision step", () => {
  // The card's held-out set: the test inputs of the ARC-AGI-1 training tasks the model was trained on.
  const modelDir = path.join(root, 'models', 'arc-mini');
  const manifest = JSON.parse(fs.readFileSync(path.join(modelDir, 'manifest.json'), 'utf8'));
  const tasks = new Set<string>(manifest.identifiers.names.map((n: string) => n.split('|||')[0]));
  tasks.delete('<blank>');
  const data = path.resolve(root, '..', 'shared', 'data', 'arc-agi-1');
  const subset = path.join(work, 'arc-mini-tasks');
  fs.mkdirSync(subset);
  for (const kind of ['challenges', 'solutions']) {
    const all = JSON.parse(fs.readFileSync(path.join(data, `training_${kind}.json`), 'utf8'));
    const kept = Object.fromEntries([...tasks].map((t) => [t, all[t]]));
    fs.writeFileSync(path.join(subset, `training_${kind}.json`), JSON.stringify(kept));
  }
  const out = path.join(work, 'arc-mini-run');
  const result = trm('run', path.join(subset, 'training_challenges.json'), '--out', out, '--model', modelDir);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(trm('report', out).status, 0);
  const report = readReport(out);
  const card = cardSingleExact(fs.readFileSync(path.join(modelDir, 'README.md'), 'utf8'));
  assert.deepEqual([...card.keys()], [1, 2, 4, 8, 16], 'the card lists these steps');
  for (const [step, percent] of card)
    assert.equal((100 * report.perStep[step - 1].exact).toFixed(1), percent.toFixed(1), `supervision step ${step}`);
  assert.equal(report.testInputs, 40);
});
