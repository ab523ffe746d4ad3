import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ArcTask, Grid } from './arcTask';
import { applyAugmentation, parseAugmentation, undoAugmentation } from './augmentation';
import { brokenBundle, editManifest } from './badBundle.fixtures';
import { openBundle, type Bundle } from './bundle';
import { CancelledError, solve, stepsPerSupervision } from './engine';
import type { Step } from './step';
import {
  augmentationRuns,
  defaultBatchSize,
  NoIdentifiersError,
  taskIdentifiers,
  voteTask,
  type AugmentationRun,
} from './taskVote';
import { vote } from './vote';

// tiny-arc's embedding table has 3 rows, so a bundle names at most 3 identifiers.
const ROTATED = 'taskA|||t1|||0213456789'; // rot90, and colours 1 and 2 swap

// On this grid tiny-arc's random weights answer the rotated puzzle with a 2x3 grid holding 1s (the plain one
// with an empty grid), so mapping back has sides and colours to get right or wrong.
const input: Grid = [[2], [9], [2]];
const output: Grid = [[1], [9], [1]];
const taskA: ArcTask = { id: 'taskA', train: [{ input, output }], test: [{ input, output }] };

/** A copy of tiny-arc whose identifier table (and canvas, if given) is rewritten; the graphs are tiny-arc's. */
async function withBundle(
  names: readonly string[],
  body: (bundle: Bundle) => Promise<void>,
  canvas?: { height: number; width: number },
): Promise<void> {
  const copy = brokenBundle('tiny-arc', (dir) =>
    editManifest(dir, (m) => {
      m.identifiers.names = names;
      if (canvas) Object.assign(m.encoding, canvas);
    }),
  );
  const bundle = await openBundle(copy.dir);
  try {
    await body(bundle);
  } finally {
    await bundle.release();
    copy.remove();
  }
}

async function lastStep(bundle: Bundle, grid: Grid, target: Grid, puzzleId: number): Promise<Step> {
  let last: Step | undefined;
  for await (const step of solve(bundle, { input: grid, target, where: '$', puzzleId })) last = step;
  return last!;
}

test('each augmentation runs under its own identifier row and votes its answer mapped back to the puzzle', async () => {
  await withBundle(['<blank>', ROTATED, 'taskA'], async (bundle) => {
    const result = await voteTask(bundle, taskA, { testIndex: 0 });
    assert.deepEqual(
      result.runs.map((run) => run.identifier),
      [
        { index: 1, name: ROTATED },
        { index: 2, name: 'taskA' },
      ],
    );
    assert.deepEqual(result.skipped, []);
    const [rotated, plain] = result.runs as [AugmentationRun, AugmentationRun];
    const augmentation = parseAugmentation(ROTATED).augmentation!;
    // The model saw the augmented puzzle; the trace keeps it as the model saw it.
    assert.deepEqual(rotated.trace.header.task.input, applyAugmentation(input, augmentation));
    assert.deepEqual(rotated.trace.header.task.target, applyAugmentation(output, augmentation));
    assert.deepEqual(rotated.trace.header.identifier, { index: 1, name: ROTATED });
    assert.deepEqual(plain.trace.header.task.input, input);
    // Every supervision step ran, and the vote takes the last step's answer and q_halt.
    const updates = bundle.manifest.schedule.haltMaxSteps * stepsPerSupervision(bundle);
    for (const run of result.runs) assert.equal(run.trace.steps.length, updates);
    // Row 1 on the rotated grid reproduces the run; row 2 on it would not, so the row is the run's own.
    const own = await lastStep(bundle, rotated.trace.header.task.input, rotated.trace.header.task.target!, 1);
    const other = await lastStep(bundle, rotated.trace.header.task.input, rotated.trace.header.task.target!, 2);
    const last = rotated.trace.steps[updates - 1]!;
    assert.deepEqual(last.answer, own.answer);
    assert.equal(rotated.prediction.qHalt, own.qHalt);
    assert.notEqual(other.qHalt, own.qHalt);
    assert.equal(plain.prediction.qHalt, (await lastStep(bundle, input, output, 2)).qHalt);
    // Mapped back: rot90's inverse swaps the sides back and the colours swap back.
    assert.deepEqual(rotated.prediction.answer, undoAugmentation(last.answer, augmentation));
    assert.deepEqual([last.answer.length, last.answer[0]!.length], [2, 3], 'the rotated answer is not square');
    assert.equal(rotated.prediction.answer.length, 3);
    assert.ok(last.answer.flat().includes(1) && !rotated.prediction.answer.flat().includes(1), 'colour 1 became 2');
    assert.deepEqual(plain.prediction.answer, plain.trace.steps[updates - 1]!.answer);
    assert.deepEqual(result.candidates, vote(result.runs.map((run) => run.prediction)));
  });
});

test('an augmentation turning the grid past the canvas is skipped with the reason; the rest still vote', async () => {
  // 4x16 holds tiny-arc's 64 positions; a 2x5 grid fits, rotated to 5x2 it does not.
  const wide: Grid = [
    [1, 2, 3, 4, 5],
    [0, 0, 0, 0, 0],
  ];
  const task: ArcTask = { id: 'taskA', train: [], test: [{ input: wide }] };
  await withBundle(
    ['<blank>', 'taskA', 'taskA_t1_0123456789'],
    async (bundle) => {
      const result = await voteTask(bundle, task, { testIndex: 0 });
      assert.deepEqual(
        result.runs.map((run) => run.identifier.name),
        ['taskA'],
      );
      assert.equal(result.skipped.length, 1);
      assert.deepEqual(result.skipped[0]!.identifier, { index: 2, name: 'taskA_t1_0123456789' });
      assert.match(
        result.skipped[0]!.reason,
        /augmented as taskA_t1_0123456789\.input: the grid is 5x2; this model takes grids of at most 4x16/,
      );
      assert.equal(result.candidates.length, 1);
      assert.deepEqual(result.candidates[0]!.augmentations, ['taskA']);
    },
    { height: 4, width: 16 },
  );
});

test('a task with no identifiers in the bundle is refused naming the task and the model', async () => {
  await withBundle(['<blank>', 'taskA', 'taskB'], async (bundle) => {
    const other: ArcTask = { ...taskA, id: 'taskC' };
    await assert.rejects(voteTask(bundle, other, { testIndex: 0 }), (error: Error) => {
      assert.ok(error instanceof NoIdentifiersError);
      assert.match(error.message, /^task "taskC" has no puzzle identifiers in model tiny-arc \(.*bundle\)/);
      return true;
    });
  });
});

test('a limit runs the first identifiers only, progress climbs to 1, and an aborted vote stops', async () => {
  await withBundle(['<blank>', 'taskA', ROTATED], async (bundle) => {
    const fractions: number[] = [];
    const first = await voteTask(bundle, taskA, { testIndex: 0, limit: 1, onProgress: (f) => fractions.push(f) });
    assert.deepEqual(
      first.runs.map((run) => run.identifier.name),
      ['taskA'],
    );
    const all: number[] = [];
    await voteTask(bundle, taskA, { testIndex: 0, batchSize: 1, onProgress: (f) => all.push(f) });
    const batched: number[] = [];
    await voteTask(bundle, taskA, { testIndex: 0, onProgress: (f) => batched.push(f) });
    for (const seen of [fractions, all, batched]) {
      assert.equal(seen.at(-1), 1);
      assert.ok(seen.every((f, i) => i === 0 || f >= seen[i - 1]!));
    }
    assert.equal(all.length, 2 * fractions.length, 'one at a time, progress counts the updates of both runs');
    assert.equal(batched.length, fractions.length, 'batched, both runs advance in each update');
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(voteTask(bundle, taskA, { testIndex: 0, signal: controller.signal }), CancelledError);
  });
});

test('a task owns its plain id and its augmented names, and a malformed one of its names says why', () => {
  const names = [
    '<blank>',
    'taskA',
    ROTATED,
    'taskB|||t2|||0123456789',
    'taskA_t3_0123456789',
    'taskAB',
    'taskA|||t9|||0123456789',
    'taskB|||bad',
  ];
  const found = taskIdentifiers(names, 'taskA');
  assert.deepEqual(
    found.map((entry) => entry.identifier.index),
    [1, 2, 4, 6],
  );
  assert.match((found[3] as { reason: string }).reason, /the transform must be t0\.\.t7, got "t9"/);
  assert.deepEqual(taskIdentifiers(names, 'taskC'), []);
});

test('a vote batched in any size gives the same runs, in table order, with skips in place', async () => {
  await withBundle(['taskA', 'taskA|||t9|||0123456789', ROTATED], async (bundle) => {
    const outcomes = async (batchSize: number) => {
      const seen: string[] = [];
      for await (const o of augmentationRuns(bundle, taskA, { testIndex: 0, batchSize })) {
        seen.push(o.kind === 'run' ? `${o.position} ${o.prediction.answer.flat().join('')}` : `${o.position} skipped`);
      }
      return seen;
    };
    const one = await outcomes(1);
    assert.equal(one.length, 3);
    assert.equal(one[1], '1 skipped');
    assert.deepEqual(await outcomes(2), one);
    assert.deepEqual(await outcomes(8), one);
    await assert.rejects(outcomes(0), /batch size 0: it must be an integer >= 1/);
  });
});

test('by default small models vote in batches of 8 and a full-size ARC row runs alone', () => {
  const sized = (puzzleEmbLen: number, seqLen: number, hiddenSize: number) =>
    defaultBatchSize({ manifest: { architecture: { puzzleEmbLen, seqLen, hiddenSize } } } as unknown as Bundle);
  assert.equal(sized(1, 36, 64), 8, 'sudoku6-tiny');
  assert.equal(sized(1, 100, 64), 8, 'the ARC miniature');
  assert.equal(sized(16, 900, 512), 1, 'full-size ARC');
  assert.equal(sized(16, 900, 128), 4);
});
