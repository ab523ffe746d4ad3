import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Grid } from '../core/arcTask';
import type { Step } from '../core/step';
import { Trace } from '../core/trace';
import { stepOf, traceHeader } from '../core/trace.fixtures';
import { compileExpression } from '../core/watchExpression';
import { stepScope } from './stepScope';

const target: Grid = [[1, 2]];

function step(index: number, kind: Step['kind'], answer: Grid, residual: number): Step {
  const motion = { residual, cosine: 0.5, residualPerPos: [residual, residual], sketch: [] };
  return stepOf(index, { kind, answer, motion, entropy: [0.2, 0.4] });
}

/** A latent update, an answer update that gets both cells right, then one that turns the second wrong. */
function traceOf(withTarget: boolean): Trace {
  const trace = new Trace(traceHeader({ target: withTarget ? target : null }));
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
