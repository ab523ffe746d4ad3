import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Grid } from '../../core/arcTask';
import { inverseDihedral, parseAugmentation, undoAugmentation, type Dihedral } from '../../core/augmentation';
import { turnedRight, turnedWrong } from '../../core/cellHistory';
import { Trace } from '../../core/trace';
import { stepOf, traceHeader } from '../../core/trace.fixtures';
import { feedOf } from './traceFeed';

// A 2x3 puzzle as the model saw it under `<task>|||t<k>|||0213456789` (colours 1 and 2 swapped).
const INPUT: Grid = [
  [1, 1, 0],
  [0, 2, 2],
];
const TARGET: Grid = [
  [1, 2, 3],
  [4, 5, 6],
];
const BEFORE: Grid = [
  [1, 2, 0],
  [4, 5, 6],
];
const AFTER: Grid = [
  [1, 7, 3],
  [4, 5, 9],
];
const CONFIDENCE = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6];

function augmentedTrace(identifier: string): Trace {
  const header = traceHeader({ width: 3, target: TARGET, palette: 'arc' });
  const trace = new Trace({
    ...header,
    task: { ...header.task, input: INPUT },
    model: { ...header.model, encoding: { ...header.model.encoding, height: 2 } },
    identifier: { index: 1, name: identifier },
  });
  trace.add(stepOf(0, { answer: BEFORE, confidence: CONFIDENCE }));
  trace.add(stepOf(1, { answer: AFTER, confidence: CONFIDENCE, changed: [1, 2, 5] }));
  return trace;
}

const flat = (rows: Grid) => rows.flat();
const rows = (cells: readonly number[], width: number): Grid =>
  Array.from({ length: cells.length / width }, (_, r) => cells.slice(r * width, (r + 1) * width));

for (const k of [0, 1, 2, 3, 4, 5, 6, 7] as Dihedral[]) {
  test(`an augmented puzzle's trace (t${k}) is shown as given: grids undone, each cell's figures moved with it`, () => {
    const identifier = `taskA|||t${k}|||0213456789`;
    const aug = parseAugmentation(identifier).augmentation!;
    const undo = (g: Grid) => undoAugmentation(g, aug);
    const feed = feedOf(augmentedTrace(identifier));
    assert.deepEqual(feed.augmented && [feed.augmented.identifier, feed.augmented.shown], [identifier, 'asGiven']);
    assert.deepEqual(flat(undo(INPUT)), feed.meta.input.cells);
    assert.deepEqual(flat(undo(TARGET)), feed.meta.target?.cells);
    const detail = feed.detail(1);
    assert.deepEqual(rows(detail.answer.cells, detail.answer.width), undo(AFTER));
    // A figure is no colour: only the transform is undone.
    assert.deepEqual(detail.confidence, flat(inverseDihedral(rows(CONFIDENCE, 3), k)));
    // Cells that turned wrong or right are the same cells of the puzzle as given.
    const summary = feed.summary(1);
    assert.deepEqual(summary.turnedWrong, turnedWrong(undo(BEFORE), undo(AFTER), undo(TARGET)));
    assert.deepEqual(summary.turnedRight, turnedRight(undo(BEFORE), undo(AFTER), undo(TARGET)));
    const changedAsGiven = flat(undo(AFTER))
      .map((v, i) => (v !== flat(undo(BEFORE))[i] ? i : -1))
      .filter((i) => i >= 0);
    assert.deepEqual(summary.changed, changedAsGiven);
  });
}

test("the model's view is the trace as recorded, and each view turns into the other", () => {
  const trace = augmentedTrace('taskA|||t1|||0213456789');
  const model = feedOf(trace).augmented!.turned();
  assert.equal(model.augmented?.shown, 'model');
  assert.deepEqual(model.meta.input.cells, flat(INPUT));
  assert.deepEqual(model.detail(1).answer.cells, flat(AFTER));
  assert.deepEqual(model.summary(1).changed, [1, 2, 5]);
  assert.equal(model.augmented!.turned().augmented?.shown, 'asGiven');
  assert.equal(model.exportJson(), feedOf(trace).exportJson(), 'an export is the trace as recorded either way');
});

test('a trace of a base identifier has no other view, and its grids are as recorded', () => {
  for (const name of ['taskA', '<blank>', 'taskA|||t9|||0123456789']) {
    const feed = feedOf(augmentedTrace(name));
    assert.equal(feed.augmented, null, name);
    assert.deepEqual(feed.detail(1).answer.cells, flat(AFTER));
  }
});
