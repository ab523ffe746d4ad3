import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { brokenBundle, editManifest, root } from '../core/badBundle.fixtures';
import { importTrace } from '../core/trace';
import { safeName } from './vote';

const cli = path.join(root, 'dist', 'cli.js');
const ROTATED = 'taskA|||t1|||0213456789';
// The last recolours 3 as 9, a value tiny-trm's digits 0..4 cannot take: that one is skipped.
const RECOLOURED = 'taskA|||t0|||0129456783';
const NAMES = ['<blank>', 'taskA', ROTATED, 'taskB|||t2|||0123456789', 'taskA_t4_0312456789', RECOLOURED];

// tiny-trm has no puzzle embedding, so it takes any identifier table: here taskA's plain id, three augmentations
// of it and one of another task. Its fixed 4x4 canvas never answers with an empty grid, which a trace file
// cannot hold. (That each run uses its own row is taskVote.test.ts's business, on tiny-arc.)
const bundle = brokenBundle('tiny-trm', (dir) => editManifest(dir, (m) => (m.identifiers.names = NAMES)));
after(() => bundle.remove());
const work = path.dirname(bundle.dir);
const taskFile = path.join(work, 'taskA.arc.json');
const grid = [
  [1, 2, 0, 3],
  [0, 1, 2, 0],
  [0, 0, 1, 2],
  [3, 0, 0, 1],
];
fs.writeFileSync(
  taskFile,
  JSON.stringify({ train: [{ input: grid, output: grid }], test: [{ input: grid, output: grid }] }),
);
const VOTERS = ['taskA', ROTATED, 'taskA_t4_0312456789'];

const run = (...args: string[]) =>
  spawnSync(process.execPath, [cli, 'vote', taskFile, '--model', bundle.dir, ...args], { cwd: root, encoding: 'utf8' });

test('vote --json lists every run, and candidates whose votes add up to the runs, with pass@1 and pass@2', () => {
  const result = run('--json');
  assert.equal(result.status, 0, result.stderr);
  const json = JSON.parse(result.stdout);
  assert.equal(json.task, 'taskA');
  assert.deepEqual(
    json.runs.map((r: { identifier: string }) => r.identifier),
    VOTERS,
  );
  assert.equal(
    json.candidates.reduce((sum: number, c: { count: number }) => sum + c.count, 0),
    json.runs.length,
  );
  assert.equal(typeof json.passAt1, 'boolean');
  assert.equal(
    json.passAt2,
    json.candidates.slice(0, 2).some((c: { correct: boolean }) => c.correct),
  );
  assert.deepEqual(json.skipped, [
    {
      position: 3,
      identifier: RECOLOURED,
      reason: `$.test[0] augmented as ${RECOLOURED}.input[0][3]: value 9 is outside this model's 0..4`,
    },
  ]);
  assert.equal(json.submission, null, 'no --out, no submission');
});

test('vote prints each candidate as a grid with its votes, mean halting probability and voters', () => {
  const result = run('--augmentations', '1');
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /^taskA test 0 on tiny-trm \(cpu\): 1 run\(s\), 0 skipped\n/);
  assert.match(
    result.stdout,
    /\ncandidate 1: 1 vote\(s\), mean halt p 0\.\d{3}\n( {2}\d \d \d \d\n){4} {2}voted by taskA\n/,
  );
  assert.match(result.stdout, /\npass@1 (yes|no), pass@2 (yes|no)\n$/);
  assert.doesNotMatch(result.stdout, /candidate 2/);
  const all = run();
  assert.equal(all.status, 0, all.stderr);
  assert.match(all.stdout, /: 3 run\(s\), 1 skipped\n {2}skipped taskA\|\|\|t0\|\|\|0129456783: .*value 9 is outside/);
});

test('vote --out writes a trace per run that imports again, and submission.json with the top two', () => {
  const out = path.join(work, 'out');
  const result = run('--out', out, '--json');
  assert.equal(result.status, 0, result.stderr);
  const json = JSON.parse(result.stdout);
  const traces = VOTERS.map((_, i) => `taskA-${i}.trace.json`);
  assert.deepEqual(fs.readdirSync(out).sort(), ['submission.json', ...traces]);
  for (const [i, name] of VOTERS.entries()) {
    const file = path.join(out, `taskA-${i}.trace.json`);
    const trace = importTrace(fs.readFileSync(file, 'utf8'), file);
    assert.equal(trace.header.identifier.name, name);
  }
  const submission = JSON.parse(fs.readFileSync(path.join(out, 'submission.json'), 'utf8'));
  assert.deepEqual(Object.keys(submission), ['taskA']);
  assert.deepEqual(submission.taskA, [
    { attempt_1: json.candidates[0].answer, attempt_2: (json.candidates[1] ?? json.candidates[0]).answer },
  ]);
});

test('vote refuses a task the model has no identifiers for, and bad options, with one line', () => {
  const other = path.join(work, 'taskC.arc.json');
  fs.copyFileSync(taskFile, other);
  const unknown = spawnSync(process.execPath, [cli, 'vote', other, '--model', bundle.dir], { encoding: 'utf8' });
  assert.equal(unknown.status, 1);
  assert.match(unknown.stderr, /^task "taskC" has no puzzle identifiers in model tiny-trm \([^\n]*\)[^\n]*\n$/);
  for (const bad of ['0', 'some', '1.5']) {
    const result = run('--augmentations', bad);
    assert.equal(result.status, 2);
    assert.equal(
      result.stderr.split('\n')[0],
      `trm-lens vote: --augmentations needs an integer >= 1 or "all", got ${bad}`,
    );
  }
  // Without --model, the bundled model that takes the task: the ARC model takes a 4x4 grid, but was not
  // trained on taskC.
  const bundledModel = spawnSync(process.execPath, [cli, 'vote', other], { encoding: 'utf8' });
  assert.equal(bundledModel.status, 1);
  assert.match(bundledModel.stderr, /^task "taskC" has no puzzle identifiers in model arc-mini \([^\n]*models/);
});

test('trace file names keep only safe characters of a task id', () => {
  assert.equal(safeName('007bbfb7'), '007bbfb7');
  assert.equal(safeName('../a b/\u001b'), '___a_b__');
});
