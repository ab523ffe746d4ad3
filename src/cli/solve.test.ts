import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';

const root = path.resolve(__dirname, '../../..');
const cli = path.join(root, 'dist', 'cli.js');
const run = (...args: string[]) =>
  spawnSync(process.execPath, [cli, 'solve', ...args], { cwd: root, encoding: 'utf8' });

test('solve --json on a held-out example reports the final answer, its accuracy and where it halted', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'trm-solve-'));
  const result = run(
    'examples/sudoku6/sudoku6-002.arc.json',
    '--json',
    '--out',
    path.join(out, 't.trace.json'),
    '--csv',
    path.join(out, 'm.csv'),
  );
  assert.equal(result.status, 0, result.stderr);
  const json = JSON.parse(result.stdout);
  const expected = JSON.parse(fs.readFileSync(path.join(root, 'examples/sudoku6/sudoku6-002.arc.json'), 'utf8')).test[0]
    .output;
  assert.equal(json.final.supervisionStep, 16);
  assert.equal(json.final.exact, JSON.stringify(json.final.answer) === JSON.stringify(expected));
  assert.equal(json.final.exact, true);
  assert.equal(json.final.cellAccuracy, 1);
  assert.ok(json.haltRuleFiresAt === null || (json.haltRuleFiresAt >= 1 && json.haltRuleFiresAt <= 16));
  assert.equal(json.steps.length, 16);
  assert.equal(json.provider, 'cpu');
  assert.equal(json.precision, 'fp32', 'the bundled Sudoku model predates the field, so reads as fp32');
  assert.deepEqual(json.providerSkipped, [], 'the CLI defaults to the CPU provider, so none is skipped');
  const trace = JSON.parse(fs.readFileSync(path.join(out, 't.trace.json'), 'utf8'));
  assert.equal(trace.format, 'trm-lens-trace');
  assert.equal(fs.readFileSync(path.join(out, 'm.csv'), 'utf8').trim().split('\n').length, trace.steps.length + 1);
});

test('solve --provider auto falls back to a provider that runs and says why each other one was skipped', () => {
  const result = run('examples/sudoku6/sudoku6-001.arc.json', '--provider', 'auto', '--json');
  assert.equal(result.status, 0, result.stderr);
  const json = JSON.parse(result.stdout);
  assert.ok(['cpu', 'cuda', 'webgpu'].includes(json.provider));
  for (const line of json.providerSkipped) assert.match(line, /^(cuda|webgpu): \S/);
  if (json.provider === 'cpu')
    assert.equal(json.providerSkipped.length, 2, 'on linux both GPU providers were tried first');
});

test('solve prints a row per supervision step and marks the halting step', () => {
  const result = run('examples/sudoku6/sudoku6-021.arc.json');
  assert.equal(result.status, 0, result.stderr);
  const rows = result.stdout.split('\n').filter((l) => /^\s+\d+\*?\s/.test(l));
  assert.equal(rows.length, 16);
  assert.equal(rows.filter((r) => r.includes('*')).length <= 1, true);
});

test('solve refuses a grid the model cannot take, a missing model and a bad option with clear messages', () => {
  // 30x30: no bundled model takes it, so the default one runs and says why.
  const wrongSize = run('examples/arc/3631a71a.arc.json');
  assert.equal(wrongSize.status, 1);
  assert.match(
    wrongSize.stderr,
    /3631a71a\.arc\.json: \$\.test\[0\]\.input: the grid is 30x30; this model takes grids of exactly 6x6/,
  );
  // A task the ARC model was trained on goes to it without --model.
  const known = run('examples/arc/ce22a75a.arc.json', '--json');
  assert.equal(known.status, 0, known.stderr);
  assert.equal(JSON.parse(known.stdout).model, 'arc-mini');
  const noModel = run('examples/sudoku6/sudoku6-001.arc.json', '--model', 'no/such/bundle');
  assert.equal(noModel.status, 1);
  assert.match(noModel.stderr, /manifest\.json: cannot read the bundle's manifest/);
  const badOption = run('examples/sudoku6/sudoku6-001.arc.json', '--provider', 'tpu');
  assert.equal(badOption.status, 2);
  assert.match(badOption.stderr, /--provider must be one of auto, cpu, cuda, webgpu, dml, coreml/);
});

const SUDOKU_CSV = 'test/fixtures/dataset-csv/sudoku-extreme.csv';
const sudokuFull = path.join(root, 'bench-out', 'bundles', 'sudoku-full');
const noSudokuFull = fs.existsSync(sudokuFull) ? false : 'bench-out/bundles/sudoku-full not built';

test('solve --row N runs data row N of a Sudoku-Extreme CSV against its answer', { skip: noSudokuFull }, () => {
  const result = run(SUDOKU_CSV, '--row', '3', '--model', sudokuFull, '--json');
  assert.equal(result.status, 0, result.stderr);
  const json = JSON.parse(result.stdout);
  const answer = fs.readFileSync(path.join(root, SUDOKU_CSV), 'utf8').split('\n')[3]!.split(',')[2]!;
  assert.equal(json.task, 'puzzles7_serg_benchmark-row3');
  assert.equal(json.final.answer.length, 9);
  const matching = json.final.answer.flat().filter((v: number, i: number) => String(v) === answer[i]).length;
  assert.equal(json.final.cellAccuracy, matching / 81);
});

test('a dataset CSV without --row, and --row on a task file, say what to do in one line', () => {
  const csv = run(SUDOKU_CSV);
  assert.equal(csv.status, 1);
  assert.equal(csv.stderr, `${SUDOKU_CSV}: a dataset CSV; choose a puzzle with --row N (its data row, from 1)\n`);
  const task = run('examples/sudoku6/sudoku6-001.arc.json', '--row', '2');
  assert.equal(task.status, 1);
  assert.match(task.stderr, /--row selects a row of a dataset CSV, not a task file\n$/);
  assert.equal(run(SUDOKU_CSV, '--row', '0').status, 2);
});
