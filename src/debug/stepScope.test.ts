import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Grid } from '../core/arcTask';
import type { Step } from '../core/step';
import { Trace, type TraceHeader } from '../core/trace';
import { compileExpression } from '../core/watchExpression';
import { stepScope } from './stepScope';

const target: Grid = [[1, 2]];

function header(withTarget: boolean): TraceHeader {
  return {
    task: { id: 't', testIndex: 0, input: [[0, 0]], target: withTarget ? target : null },
    model: {
      name: 'm',
      digest: 'a'.repeat(64),
      family: 'trm',
      hiddenSize: 1,
      puzzleEmbLen: 0,
      schedule: { hCycles: 1, lCycles: 1, haltMaxSteps: 2, haltRule: 'q_halt_positive' },
      encoding: {
        layout: 'fixed',
        height: 1,
        width: 2,
        padToken: 0,
        eosToken: null,
        valueOffset: 1,
        numValues: 5,
        palette: 'digits',
        cellLabels: null,
      },
    },
    provider: { name: 'cpu', skipped: [] },
    identifier: { index: 0, name: '<blank>' },
    createdAt: '2026-01-01T00:00:00Z',
  };
}

function step(index: number, kind: Step['kind'], answer: Grid, residual: number): Step {
  return {
    index,
    supStep: Math.floor(index / 2),
    hCycle: 0,
    lCycle: kind === 'latent' ? 0 : null,
    kind,
    answer,
    confidence: [1, 1],
    changed: [],
    yNorm: 1,
    zNorm: 1,
    yNormPerPos: [1, 1],
    zNormPerPos: [1, 1],
    qHalt: -1,
    qContinue: 0,
    haltProb: 0.27,
    halts: false,
    loss: null,
    cellAccuracy: null,
    exact: null,
    latentAnswer: null,
    motion: { residual, cosine: 0.5, residualPerPos: [residual, residual], sketch: [] },
    entropy: [0.2, 0.4],
    ms: 1,
  };
}

/** A latent update, an answer update that gets both cells right, then one that turns the second wrong. */
function traceOf(withTarget: boolean): Trace {
  const trace = new Trace(header(withTarget));
  trace.add(step(0, 'latent', [[0, 0]], 0.7));
  trace.add(step(1, 'answer', [[1, 2]], 0.2));
  trace.add(step(2, 'latent', [[1, 2]], 0.1));
  trace.add(step(3, 'answer', [[1, 3]], 0.3));
  return trace;
}

const at = (trace: Trace, text: string) =>
  trace.steps.map((_, i) => compileExpression(text).evaluate(stepScope(trace, i)));

test('dz and dy are the residual of the state an update changed, and 0 for the other one', () => {
  const trace = traceOf(true);
  assert.deepEqual(at(trace, 'dz'), [0.7, 0, 0.1, 0]);
  assert.deepEqual(at(trace, 'dy'), [0, 0.2, 0, 0.3]);
  assert.deepEqual(at(trace, 'dz > 0.5'), [true, false, false, false]);
  assert.ok(Math.abs((at(trace, 'entropy')[0] as number) - 0.3) < 1e-12);
});

test('cell_turned_wrong fires on the update that turns a right cell wrong, and turned_wrong counts them', () => {
  const trace = traceOf(true);
  assert.deepEqual(at(trace, 'cell_turned_wrong'), [false, false, false, true]);
  assert.deepEqual(at(trace, 'turned_wrong'), [0, 0, 0, 1]);
  assert.deepEqual(at(traceOf(false), 'turned_wrong'), [null, null, null, null]);
});
