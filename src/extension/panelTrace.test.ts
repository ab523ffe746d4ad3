import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CellGrid, StepSummary } from '../shared/protocol';
import { safeStem, stripFrames, type PanelTrace } from './panelTrace';

test('file stems keep letters, digits, dots and dashes only', () => {
  assert.equal(safeStem('007bbfb7', 'sudoku6-tiny'), '007bbfb7-sudoku6-tiny');
  assert.equal(safeStem('../a b/c', 'm:1'), 'a_b_c-m_1');
  assert.equal(safeStem('', '///'), 'trace');
});

function traceOf(supSteps: number, perSup: number, haltAt: number | null, target: CellGrid | null): PanelTrace {
  const steps: StepSummary[] = [];
  for (let s = 0; s < supSteps; s++)
    for (let k = 0; k < perSup; k++)
      steps.push({
        index: steps.length, supStep: s, hCycle: 0, lCycle: k < perSup - 1 ? k : null, kind: k < perSup - 1 ? 'latent' : 'answer',
        haltProb: 0.1, halts: s === haltAt && k === perSup - 1, loss: null, cellAccuracy: null, exact: null, yNorm: 1, zNorm: 1, ms: 1, changed: [],
      });
  const grid = (i: number): CellGrid => ({ height: 1, width: 1, cells: [i] });
  return {
    meta: { taskName: 't', testIndex: 0, modelName: 'm', provider: 'cpu', schedule: { hCycles: 1, lCycles: perSup - 1, haltMaxSteps: supSteps }, palette: 'arc', cellLabels: null, input: grid(-1), target },
    steps,
    detail: (i) => ({ index: i, answer: grid(i), confidence: [1], yNormCells: [1], zNormCells: [1] }),
    fileStem: 't-m',
    exportJson: () => '{}',
    exportCsv: () => '',
  };
}

test('the strip holds the input, the last update of each supervision step and the target', () => {
  const frames = stripFrames(traceOf(3, 4, 1, { height: 1, width: 1, cells: [9] }));
  assert.deepEqual(frames.map((f) => f.label), ['IN', '1', '2', '3', 'T']);
  assert.deepEqual(frames.map((f) => f.grid.cells[0]), [-1, 3, 7, 11, 9]);
  assert.deepEqual(frames.map((f) => f.halts), [false, false, true, false, false]);
});

test('a strip without a target ends at the last supervision step', () => {
  assert.deepEqual(stripFrames(traceOf(2, 2, null, null)).map((f) => f.label), ['IN', '1', '2']);
});
