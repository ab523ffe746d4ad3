import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { ExpressionError, MAX_EXPRESSION_LENGTH } from '../core/watchExpression';
import { openBundle } from '../core/bundle';
import { startTaskSolve } from '../core/taskSolve';
import { exportJson, importTrace } from '../core/trace';
import { Breakpoints, parseHitCondition } from './breakpoints';
import { stepScope } from './stepScope';

const root = path.resolve(__dirname, '../../..');

test('hit conditions: a count is the Nth hit; comparisons and % as VS Code users write them', () => {
  const hits = (text: string) => [1, 2, 3, 4, 5, 6].filter(parseHitCondition(text));
  assert.deepEqual(hits('3'), [3]);
  assert.deepEqual(hits('==3'), [3]);
  assert.deepEqual(hits('>= 4'), [4, 5, 6]);
  assert.deepEqual(hits('>4'), [5, 6]);
  assert.deepEqual(hits('<3'), [1, 2]);
  assert.deepEqual(hits('<=2'), [1, 2]);
  assert.deepEqual(hits('%2'), [2, 4, 6]);
  assert.deepEqual(hits('%0'), []);
  assert.throws(() => parseHitCondition('three'), /hit condition "three": write a count/);
});

test('a hit condition longer than an expression may be is refused at once, without quoting it back', () => {
  const cap = MAX_EXPRESSION_LENGTH;
  const message = `the hit condition is longer than ${cap} characters`;
  const padded = `${' '.repeat(cap - 4)}>= 2`;
  assert.deepEqual([1, 2, 3].filter(parseHitCondition(padded)), [2, 3], 'padding up to the cap is fine');
  for (const text of [' '.repeat(100_000), `>=${' '.repeat(100_000)}x`, ' '.repeat(cap + 1)]) {
    const refused = (error: Error) => error instanceof ExpressionError && error.message === message;
    assert.throws(() => parseHitCondition(text), refused);
  }
});

test('breakpoints are verified when set: events and step names pass, unknown names and bad syntax do not', () => {
  const statuses = new Breakpoints().set([
    { name: 'halt' },
    { name: 'answer_changed && sup >= 3', condition: 'changed > 2', hitCondition: '>=1' },
    { name: 'cell(0, 0) == target(0, 0)' },
    { name: 'loss <' },
    { name: 'halting' },
    { name: 'halt', condition: 'q_halt >' },
  ]);
  assert.deepEqual(
    statuses.map((s) => s.verified),
    [true, true, true, false, false, false],
  );
  assert.match(
    (statuses[3] as { message: string }).message,
    /breakpoint "loss <": at column 7: the expression ends too early/,
  );
  assert.match((statuses[4] as { message: string }).message, /unknown name "halting"/);
  assert.match((statuses[5] as { message: string }).message, /^condition "q_halt >"/);
});

/** A recorded trace of the default model, as its exported JSON, for editing into a diverged run. */
async function recordedFile(): Promise<{ steps: Record<string, unknown>[] }> {
  const json = JSON.parse(fs.readFileSync(path.join(root, 'examples', 'sudoku6', 'sudoku6-004.arc.json'), 'utf8'));
  const bundle = await openBundle(path.join(root, 'models', 'sudoku6-tiny'), { provider: 'cpu' });
  try {
    const run = startTaskSolve(bundle, { id: 'sudoku6-004', train: json.train, test: json.test }, { testIndex: 0 });
    for await (const _ of run.steps);
    return JSON.parse(exportJson(run.trace));
  } finally {
    await bundle.release();
  }
}

test(
  'a breakpoint on nonfinite stops once, where y or z first stops being finite; ' + 'finite reads false from there',
  async () => {
    const file = await recordedFile();
    for (let i = 5; i < file.steps.length; i++) file.steps[i].zNorm = 'NaN';
    file.steps[7].yNorm = 'Infinity';
    const trace = importTrace(JSON.stringify(file), 'diverged.trace.json');
    const breakpoints = new Breakpoints();
    assert.deepEqual(breakpoints.set([{ name: 'nonfinite' }]), [{ verified: true }]);
    const hits = trace.steps.map((_, i) => breakpoints.hitAt(trace, i)).flatMap((hit, i) => (hit ? [i] : []));
    assert.deepEqual(hits, [5]);
    assert.deepEqual(
      [4, 5, 7].map((i) => stepScope(trace, i).variable('finite')),
      [true, false, false],
    );
    assert.deepEqual(new Breakpoints().set([{ name: '!finite', condition: 'sup >= 1' }]), [{ verified: true }]);
  },
);
